"""The demo's ground truth: employers, clinics and each worker's records, before any agency writes them.

Most workers are clean and compliant at the reference date (DOMAIN.md §4). A few carry one seeded
reconciliation problem each (DOMAIN.md §5); which ones is recorded in the ground truth, so tests can
check that every seeded problem is found and that clean workers show none.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from demo.people import Person, make_people, renew_passport

LLTP_TO_POLICE = date(2025, 3, 1)
WARDS = [
    "Phường Láng",
    "Phường Cầu Giấy",
    "Phường Nghĩa Đô",
    "Phường Hoàn Kiếm",
    "Phường Ba Đình",
    "Phường Tây Hồ",
    "Phường Long Biên",
    "Phường Hà Đông",
    "Phường Thanh Xuân",
    "Phường Hoàng Mai",
    "Xã Đông Anh",
    "Xã Sóc Sơn",
    "Xã Gia Lâm",
    "Phường Bồ Đề",
    "Phường Kim Liên",
    "Phường Ô Chợ Dừa",
]
SECTORS = ["Sản xuất", "Xây dựng", "Giáo dục", "Du lịch", "Thương mại", "Văn hóa"]
POSITIONS = ["MANAGER", "EXECUTIVE_DIRECTOR", "EXPERT", "TECHNICAL_WORKER"]
TITLES = ["Giám đốc nhà máy", "Kỹ sư điện", "Chuyên gia phần mềm", "Kỹ thuật viên", "Trưởng phòng QA"]
KINDS = {"Xây dựng": "FOREIGN_CONTRACTOR"}
SEEDED = [
    "WORK_STATUS_WITHOUT_PERMIT",
    "PERMIT_ENDED_RESIDENCE_CARD_VALID",
    "PERMIT_WITH_TOURIST_STATUS",
    "EMPLOYER_UNKNOWN_OR_INACTIVE",
    "WRONG_ISSUING_OFFICE",
    "PASSPORT_MISMATCH_PERMIT_CARD",
    "OVERLAPPING_PERMITS",
    "HEALTH_CERTIFICATE_INVALID",
    "CRIMINAL_RECORD_WRONG_ISSUER",
    "INSURED_WITHOUT_PERMIT",
    "PERMIT_HOLDER_NOT_INSURED",
    "MISSING_RESIDENCE_DECLARATION",
    "IDENTITY_CONFLICT",
]
"""Kinds seeded on workers; CONTRACTOR_HEADCOUNT_EXCEEDED is seeded on employers."""

Record = dict[str, Any]


@dataclass
class World:
    today: date
    people: list[Person]
    employers: list[Record]
    clinics: list[Record]
    records: dict[str, list[Record]] = field(default_factory=dict)
    declarations: list[Record] = field(default_factory=list)
    discrepancies: list[Record] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    by_person: dict[str, list[Record]] = field(default_factory=dict)

    def next_key(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]:07d}"

    def add(self, entity: str, person: Person | None, **values: Any) -> Record:
        record = {"entity": entity, "person": person, **values}
        self.records.setdefault(entity, []).append(record)
        if person is not None:
            self.by_person.setdefault(person.pid, []).append(record)
        return record

    def copy(self, record: Record, **changes: Any) -> Record:
        """A new record of the same entity and person, with some values changed."""
        values = {k: v for k, v in record.items() if k not in ("entity", "person")}
        return self.add(record["entity"], record["person"], **{**values, **changes})

    def of(self, person: Person, entity: str) -> list[Record]:
        return [r for r in self.by_person.get(person.pid, []) if r["entity"] == entity]

    def drop(self, person: Person, entity: str) -> None:
        self.records[entity] = [r for r in self.records.get(entity, []) if r["person"] is not person]
        self.by_person[person.pid] = [r for r in self.by_person.get(person.pid, []) if r["entity"] != entity]


def tax_code(rng: random.Random) -> str:
    return "0" + "".join(rng.choice("0123456789") for _ in range(9))


def make_employers(rng: random.Random, count: int) -> list[Record]:
    employers = []
    for number in range(count):
        sector = SECTORS[number % len(SECTORS)]
        registry = "cong_thuong" if number % 7 == 6 else "tai_chinh"
        kind = "REPRESENTATIVE_OFFICE" if registry == "cong_thuong" else KINDS.get(sector, "FDI_ENTERPRISE")
        ward = rng.choice(WARDS)
        name = f"{rng.choice(['Sao Mai', 'Hoàng Long', 'Đại Dương', 'Phương Đông', 'Kim Cương', 'Thái Bình'])} {number}"
        branch = number % 11 == 10
        employers.append(
            {
                "entity": "Employer",
                "tax_code": tax_code(rng) + ("001" if branch else ""),
                "name": f"Công ty TNHH {name}",
                "foreign": f"{name} Co., Ltd".replace("Đ", "D"),
                "short": name.split()[0].upper(),
                "kind": kind,
                "sector": sector,
                "in_zone": kind == "FDI_ENTERPRISE" and number % 2 == 0,
                "status": "ACTIVE",
                "province": "Hà Nội",
                "ward": ward,
                "address": f"Số {rng.randint(1, 300)} đường {rng.randint(1, 60)}, {ward}",
                "headcount": rng.randint(5, 80),
                "registry": registry,
            }
        )
    return employers


def make_clinics() -> list[Record]:
    names = [
        "Bệnh viện Bạch Mai",
        "Bệnh viện E",
        "Phòng khám Quốc tế Việt Pháp",
        "Bệnh viện Thanh Nhàn",
        "Phòng khám Đa khoa Medlatec",
        "Bệnh viện Xanh Pôn",
        "Phòng khám Hồng Ngọc",
        "Bệnh viện Đống Đa",
    ]
    clinics = [
        {"licence": f"BYT-{100 + n}", "name": name, "authorised": True, "status": "ACTIVE"}
        for n, name in enumerate(names)
    ]
    clinics.append(
        {"licence": "BYT-999", "name": "Phòng khám Tư nhân An Khang", "authorised": False, "status": "ACTIVE"}
    )
    return clinics


def build_world(rng: random.Random, workers: int, today: date) -> World:
    employers = make_employers(rng, max(24, workers // 15))
    world = World(today, make_people(rng, workers, today), employers, make_clinics())
    active = [e for e in employers if e["status"] == "ACTIVE"]
    for person in world.people:
        clean_records(world, rng, person, rng.choice(active))
    pool = list(world.people)
    rng.shuffle(pool)
    seed_discrepancies(world, rng, pool)
    for person in pool[len(SEEDED) * 3 : len(SEEDED) * 3 + max(2, workers // 50)]:
        reissue_after_renewal(world, rng, person)
    seed_contractor_headcount(world, rng)
    return world


def clean_records(world: World, rng: random.Random, person: Person, employer: Record) -> None:
    """A compliant worker: permit (or exemption) from the right office, matching visa and card,
    fresh health check and criminal record, a residence declaration, and insurance."""
    today = world.today
    start = today - timedelta(days=rng.randint(30, 600))
    end = start + timedelta(days=729)
    office = "bql_kcn" if employer["in_zone"] else "noi_vu"
    exempt = rng.random() < 0.05
    form = rng.choices(["LABOUR_CONTRACT", "INTRA_COMPANY_TRANSFER", "SERVICE_CONTRACT"], [80, 12, 8])[0]
    if exempt:
        world.add(
            "PermitExemption",
            person,
            key=world.next_key("XN-"),
            passport=person.passport,
            issuer=office,
            legal_basis="Khoản 3 Điều 154 Bộ luật Lao động",
            employer=employer["tax_code"],
            valid_from=start,
            valid_to=end,
        )
    else:
        world.add(
            "WorkPermit",
            person,
            key=world.next_key("GP-" if office == "noi_vu" else "KCN-"),
            passport=person.passport,
            previous_passport=None,
            issuer=office,
            issuance="NEW",
            status="VALID",
            employer=employer["tax_code"],
            position=rng.choice(POSITIONS),
            form=form,
            title=rng.choice(TITLES),
            location=employer["address"],
            valid_from=start,
            valid_to=end,
            salary=rng.randint(25, 180) * 1_000_000,
            predecessor=None,
            revocation=None,
        )
    visa_start = start + timedelta(days=5)
    world.add(
        "Visa",
        person,
        key=world.next_key("V"),
        passport=person.passport,
        symbol="LĐ1" if exempt else "LĐ2",
        entries="MULTIPLE",
        valid_from=visa_start,
        valid_until=end,
        sponsor=employer["tax_code"],
    )
    if rng.random() < 0.7:
        world.add(
            "ResidenceCard",
            person,
            key=world.next_key("TT"),
            passport=person.passport,
            symbol="LĐ1" if exempt else "LĐ2",
            valid_from=visa_start + timedelta(days=20),
            valid_to=end - timedelta(days=rng.randint(0, 60)),
            sponsor=employer["tax_code"],
            **residence(rng),
        )
    for _ in range(rng.choice([1, 1, 2])):
        stay = visa_start + timedelta(days=rng.randint(0, 200))
        world.add(
            "ResidenceDeclaration",
            person,
            key=world.next_key("KB"),
            passport=person.passport,
            stay_from=stay,
            stay_to=min(end, stay + timedelta(days=365)),
            declared_at=datetime(stay.year, stay.month, stay.day, 8) + timedelta(hours=rng.randint(0, 11)),
            police=None,
            **residence(rng),
        )
    licensed = [c for c in world.clinics if c["authorised"]]
    world.add(
        "HealthCertificate",
        person,
        key=world.next_key("SK"),
        passport=person.passport,
        clinic=rng.choice(licensed)["licence"],
        conclusion_date=start - timedelta(days=rng.randint(15, 200)),
        conclusion="FIT",
        grade=rng.choice(["I", "II"]),
        diseases="Không",
        foreign=False,
        birth=None,
    )
    issued = start - timedelta(days=rng.randint(15, 150))
    world.add(
        "CriminalRecordCertificate",
        person,
        key=world.next_key("LL"),
        passport=person.passport,
        form="FORM_1",
        issuer="tu_phap" if issued < LLTP_TO_POLICE else "cong_an",
        issue_date=issued,
        conviction=False,
        details=None,
    )
    if form != "INTRA_COMPANY_TRANSFER" and not exempt:
        world.add(
            "SocialInsuranceRecord",
            person,
            key=world.next_key("BH"),
            passport=person.passport,
            number=insurance_number(world),
            employer=employer["tax_code"],
            months=max(1, (today - start).days // 30),
            status="CONTRIBUTING",
            birth=None,
        )


def residence(rng: random.Random) -> Record:
    ward = rng.choice(WARDS)
    return {
        "ward": ward,
        "province": "Hà Nội",
        "address": f"Số {rng.randint(1, 200)} ngõ {rng.randint(1, 90)}, {ward}, Hà Nội",
    }


def note(
    world: World, kind: str, person: Person | None, text: str, employers: list[str] | None = None
) -> None:
    world.discrepancies.append({"kind": kind, "person": person, "employers": employers or [], "note": text})


def seed_discrepancies(world: World, rng: random.Random, pool: list[Person]) -> None:
    """Two workers per kind (three for health), each with exactly the seeded problem added."""
    today = world.today
    people = iter(pool)
    zone = next(e for e in world.employers if e["in_zone"])
    outside = next(e for e in world.employers if not e["in_zone"] and e["kind"] == "FDI_ENTERPRISE")

    for _ in range(2):
        person = next(people)
        for entity in ("WorkPermit", "PermitExemption", "SocialInsuranceRecord"):
            world.drop(person, entity)
        note(world, "WORK_STATUS_WITHOUT_PERMIT", person, "work visa and card, no permit or exemption")

    for ending in ("REVOKED", "EXPIRED"):
        person = next(people)
        ensure_card(world, rng, person)
        for permit in world.of(person, "WorkPermit") or [make_permit(world, rng, person)]:
            permit["status"] = ending
            if ending == "REVOKED":
                permit["revocation"] = (
                    "QĐ-" + str(rng.randint(100, 999)),
                    today - timedelta(days=60),
                    "Người lao động vi phạm pháp luật",
                )
            else:
                permit["valid_to"] = today - timedelta(days=40)
        world.drop(person, "PermitExemption")
        note(
            world,
            "PERMIT_ENDED_RESIDENCE_CARD_VALID",
            person,
            f"permit {ending.lower()}, residence card still valid",
        )

    for symbol in ("DL", "EV"):
        person = next(people)
        world.drop(person, "ResidenceCard")
        for visa in world.of(person, "Visa"):
            visa.update(symbol=symbol, entries="SINGLE", valid_until=visa["valid_from"] + timedelta(days=89))
        if not world.of(person, "WorkPermit"):
            make_permit(world, rng, person)
        world.drop(person, "PermitExemption")
        note(world, "PERMIT_WITH_TOURIST_STATUS", person, f"valid permit, only a {symbol} visa")

    unknown = tax_code(rng)
    dissolved = dict(outside, tax_code=tax_code(rng), name=outside["name"] + " (cũ)", status="DISSOLVED")
    world.employers.append(dissolved)
    for code in (unknown, dissolved["tax_code"]):
        person = next(people)
        for entity, link in (
            ("WorkPermit", "employer"),
            ("PermitExemption", "employer"),
            ("Visa", "sponsor"),
            ("ResidenceCard", "sponsor"),
            ("SocialInsuranceRecord", "employer"),
        ):
            for record in world.of(person, entity):
                record[link] = code
                if entity == "WorkPermit":
                    record["issuer"] = "noi_vu"
        note(
            world,
            "EMPLOYER_UNKNOWN_OR_INACTIVE",
            person,
            "employer not in the registry" if code == unknown else "employer dissolved",
            [code],
        )

    for employer, wrong in ((zone, "noi_vu"), (outside, "bql_kcn")):
        person = next(people)
        world.drop(person, "PermitExemption")
        permit = (world.of(person, "WorkPermit") or [make_permit(world, rng, person)])[0]
        permit.update(
            employer=employer["tax_code"],
            issuer=wrong,
            key=world.next_key("GP-" if wrong == "noi_vu" else "KCN-"),
        )
        for record in world.of(person, "Visa") + world.of(person, "ResidenceCard"):
            record["sponsor"] = employer["tax_code"]
        for record in world.of(person, "SocialInsuranceRecord"):
            record["employer"] = employer["tax_code"]
        note(
            world,
            "WRONG_ISSUING_OFFICE",
            person,
            f"{'zone' if wrong == 'noi_vu' else 'non-zone'} employer, permit from {wrong}",
            [employer["tax_code"]],
        )

    for _ in range(2):
        person = next(people)
        ensure_card(world, rng, person)
        old = person.passport
        renew_passport(rng, person)
        for entity in ("ResidenceCard", "Visa", "SocialInsuranceRecord", "ResidenceDeclaration"):
            for record in world.of(person, entity):
                record["passport"] = person.passport
        if not world.of(person, "WorkPermit"):
            make_permit(world, rng, person, passport=old)
        world.drop(person, "PermitExemption")
        note(
            world,
            "PASSPORT_MISMATCH_PERMIT_CARD",
            person,
            "renewed passport on the card, permit not reissued",
        )

    for _ in range(2):
        person = next(people)
        world.drop(person, "PermitExemption")
        first = (world.of(person, "WorkPermit") or [make_permit(world, rng, person)])[0]
        other = next(
            e
            for e in world.employers
            if e["tax_code"] != first["employer"]
            and e["status"] == "ACTIVE"
            and e["in_zone"] == (first["issuer"] == "bql_kcn")
        )
        second = make_permit(world, rng, person, employer=other)
        second.update(
            valid_from=first["valid_from"] + timedelta(days=90),
            valid_to=first["valid_from"] + timedelta(days=90 + 729),
            issuer=first["issuer"],
        )
        note(
            world,
            "OVERLAPPING_PERMITS",
            person,
            "two valid permits, different employers",
            [first["employer"], other["tax_code"]],
        )

    for problem in ("stale", "unfit", "unlicensed"):
        person = next(people)
        for certificate in world.of(person, "HealthCertificate"):
            if problem == "stale":
                certificate["conclusion_date"] = filing_date(world, person) - timedelta(days=420)
            elif problem == "unfit":
                certificate.update(conclusion="UNFIT", grade="IV", diseases="Lao phổi đang tiến triển")
            else:
                certificate["clinic"] = "BYT-999"
        note(world, "HEALTH_CERTIFICATE_INVALID", person, f"health certificate {problem}")

    for issued, issuer in ((date(2025, 6, 12), "tu_phap"), (date(2024, 10, 3), "cong_an")):
        person = next(people)
        for certificate in world.of(person, "CriminalRecordCertificate"):
            certificate.update(issue_date=issued, issuer=issuer)
        note(world, "CRIMINAL_RECORD_WRONG_ISSUER", person, f"issued {issued.isoformat()} by {issuer}")

    for _ in range(2):
        person = next(people)
        for entity in ("WorkPermit", "PermitExemption", "ResidenceCard"):
            world.drop(person, entity)
        for visa in world.of(person, "Visa"):
            visa["symbol"] = "DN1"
        if not world.of(person, "SocialInsuranceRecord"):
            add_insurance(world, rng, person)
        note(world, "INSURED_WITHOUT_PERMIT", person, "insured, no permit or exemption")

    for _ in range(2):
        person = next(people)
        world.drop(person, "PermitExemption")
        permit = (world.of(person, "WorkPermit") or [make_permit(world, rng, person)])[0]
        permit["form"] = "LABOUR_CONTRACT"
        world.drop(person, "SocialInsuranceRecord")
        note(world, "PERMIT_HOLDER_NOT_INSURED", person, "labour contract of two years, not insured")

    for _ in range(2):
        person = next(people)
        ensure_card(world, rng, person)
        world.drop(person, "ResidenceDeclaration")
        note(
            world,
            "MISSING_RESIDENCE_DECLARATION",
            person,
            "long-term residence card, no residence declaration",
        )

    for entity in ("HealthCertificate", "SocialInsuranceRecord"):
        person = next(people)
        records = world.of(person, entity) or (
            [add_insurance(world, rng, person)] if entity == "SocialInsuranceRecord" else []
        )
        for record in records:
            record["birth"] = person.birth + timedelta(days=400)
        note(world, "IDENTITY_CONFLICT", person, f"same passport, another birth date in {entity}")


def seed_contractor_headcount(world: World, rng: random.Random) -> None:
    """Every foreign contractor declares its foreign headcount per package; one declares too few."""
    valid = Counter(p["employer"] for p in world.records.get("WorkPermit", []) if p["status"] == "VALID")
    contractors = [
        e for e in world.employers if e["kind"] == "FOREIGN_CONTRACTOR" and e["status"] == "ACTIVE"
    ]
    for number, contractor in enumerate(contractors):
        actual = valid[contractor["tax_code"]]
        declared = max(0, actual - 2) if number == 0 else actual + rng.randint(0, 3)
        world.add(
            "ContractorDeclaration",
            None,
            key=world.next_key("NT"),
            employer=contractor["tax_code"],
            package=f"Gói thầu XL-{rng.randint(1, 40):02d}",
            quarter="2026-Q3",
            declared=declared,
        )
        if number == 0:
            note(
                world,
                "CONTRACTOR_HEADCOUNT_EXCEEDED",
                None,
                f"declared {declared}, {actual} with valid permits",
                [contractor["tax_code"]],
            )


def reissue_after_renewal(world: World, rng: random.Random, person: Person) -> None:
    """A renewed passport done right: the permit is reissued naming both numbers (DOMAIN.md §6)."""
    permits = world.of(person, "WorkPermit")
    if not permits:
        return
    old_permit = permits[0]
    old = person.passport
    renew_passport(rng, person)
    renewal = old_permit["valid_from"] + timedelta(days=rng.randint(60, 200))
    old_permit["status"] = "SUPERSEDED"
    world.copy(
        old_permit,
        key=world.next_key("GP-" if old_permit["issuer"] == "noi_vu" else "KCN-"),
        passport=person.passport,
        previous_passport=old,
        issuance="REISSUE",
        status="VALID",
        valid_from=renewal,
        predecessor=old_permit["key"],
    )
    old_visa = world.of(person, "Visa")[0]
    world.copy(
        old_visa,
        key=world.next_key("V"),
        passport=person.passport,
        valid_from=renewal,
        valid_until=old_permit["valid_to"],
    )
    old_visa["valid_until"] = renewal - timedelta(days=1)
    for entity in ("ResidenceCard", "SocialInsuranceRecord", "ResidenceDeclaration"):
        for record in world.of(person, entity):
            record["passport"] = person.passport


def filing_date(world: World, person: Person) -> date:
    permits = world.of(person, "WorkPermit") + world.of(person, "PermitExemption")
    return min((p["valid_from"] for p in permits), default=world.today - timedelta(days=100))


def ensure_card(world: World, rng: random.Random, person: Person) -> None:
    if not world.of(person, "ResidenceCard"):
        visa = world.of(person, "Visa")[0]
        world.add(
            "ResidenceCard",
            person,
            key=world.next_key("TT"),
            passport=person.passport,
            symbol="LĐ2",
            valid_from=visa["valid_from"] + timedelta(days=20),
            valid_to=world.today + timedelta(days=200),
            sponsor=visa["sponsor"],
            **residence(rng),
        )
    for card in world.of(person, "ResidenceCard"):
        card["valid_to"] = max(card["valid_to"], world.today + timedelta(days=120))


def make_permit(
    world: World,
    rng: random.Random,
    person: Person,
    employer: Record | None = None,
    passport: str | None = None,
) -> Record:
    visa = world.of(person, "Visa")[0]
    employer = employer or next(e for e in world.employers if e["tax_code"] == visa["sponsor"])
    office = "bql_kcn" if employer["in_zone"] else "noi_vu"
    start = visa["valid_from"] - timedelta(days=5)
    return world.add(
        "WorkPermit",
        person,
        key=world.next_key("GP-" if office == "noi_vu" else "KCN-"),
        passport=passport or person.passport,
        previous_passport=None,
        issuer=office,
        issuance="NEW",
        status="VALID",
        employer=employer["tax_code"],
        position=rng.choice(POSITIONS),
        form="LABOUR_CONTRACT",
        title=rng.choice(TITLES),
        location=employer["address"],
        valid_from=start,
        valid_to=start + timedelta(days=729),
        salary=rng.randint(25, 180) * 1_000_000,
        predecessor=None,
        revocation=None,
    )


def insurance_number(world: World) -> str:
    """Social-insurance numbers are 10 digits and unique; a counter keeps them so at any scale."""
    return "79" + world.next_key("")[-7:].rjust(8, "0")


def add_insurance(world: World, rng: random.Random, person: Person) -> Record:
    visa = world.of(person, "Visa")[0]
    return world.add(
        "SocialInsuranceRecord",
        person,
        key=world.next_key("BH"),
        passport=person.passport,
        number=insurance_number(world),
        employer=visa["sponsor"],
        months=6,
        status="CONTRIBUTING",
        birth=None,
    )
