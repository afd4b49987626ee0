"""Seeded reconciliation problems: each check of docs/domain.md §5 has workers who fail it on purpose.

Each problem takes a clean worker with a new permit and changes just enough to fail one check; the
returned `Discrepancy` names the records that show it. Problems with variants (a stale, an UNFIT and
an unlicensed-clinic health check) seed each variant at least once. Contractor headcounts are an
employer's problem and are seeded with the declarations (`contractors.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from demo.clinics import UNLICENSED
from demo.employers import Employer, EmployerMaker
from demo.paperwork import DAY, Paperwork
from demo.records import Held, ResidenceCard, Revocation, valid_on
from demo.world import Career, Discrepancy, World

REVOCATION_GROUNDS = [
    "Người lao động nước ngoài vi phạm pháp luật Việt Nam",
    "Làm việc không đúng nội dung giấy phép lao động",
    "Người sử dụng lao động không thực hiện đúng nội dung giấy phép",
]
CONVICTION = "Bản án số 112/2024/HS-ST: phạt tù 18 tháng cho hưởng án treo về tội vận chuyển hàng cấm"


class Pool:
    """Clean careers with a new permit, in random order; each problem takes the first that fits it
    and no career serves two problems."""

    def __init__(self, careers: list[Career], paper: Paperwork) -> None:
        self.careers = [c for c in careers if c.shape == "new"]
        paper.rng.shuffle(self.careers)

    def take(self, fits: Callable[[Career], bool] = lambda career: True) -> Career:
        for index, career in enumerate(self.careers):
            if fits(career):
                return self.careers.pop(index)
        raise LookupError("no clean worker fits a seeded problem; generate more workers")


@dataclass
class Seeding:
    """What a seed works with: the world, paperwork to issue records, a maker of employers, clean workers."""

    world: World
    paper: Paperwork
    maker: EmployerMaker
    pool: Pool

    def some_days(self, low: int, high: int) -> timedelta:
        return self.paper.rng.randint(low, high) * DAY

    def started_before(self, days: int) -> Callable[[Career], bool]:
        return lambda career: career.permit.start <= self.world.today - days * DAY

    def card(self, career: Career) -> ResidenceCard:
        """The worker's residence card valid today; one is issued (the entry visa cut to 3 months) if none is."""
        today = self.world.today
        valid = [card for card in career.cards if valid_on(card, today)]
        if valid:
            return valid[-1]
        visa = career.visas[-1]
        visa.end, visa.entries = visa.start + 89 * DAY, "SINGLE"
        start = min(visa.start + 20 * DAY, today - DAY)
        return self.paper.card(career, visa.symbol, start, career.permit.end - 10 * DAY)

    def move(self, career: Career, employer: Employer) -> None:
        """The worker's papers all name `employer` instead (the permit office stays the same)."""
        career.employer = employer
        for permit in career.permits:
            permit.employer, permit.location = employer.tax_code, employer.address
        for record in career.visas + career.cards:
            record.sponsor = employer.tax_code
        for insurance in career.insurance:
            insurance.employer = employer.tax_code


Seed = Callable[[Seeding, str], Discrepancy]
SEEDS: list[tuple[Seed, tuple[str, ...]]] = []


def seeds(*variants: str) -> Callable[[Seed], Seed]:
    """Register a seed, run once per variant (or more, when more problems of each kind are asked for)."""

    def register(seed: Seed) -> Seed:
        SEEDS.append((seed, variants))
        return seed

    return register


def seed_problems(world: World, paper: Paperwork, maker: EmployerMaker, per_kind: int) -> None:
    seeding = Seeding(world, paper, maker, Pool(world.careers, paper))
    for seed, variants in SEEDS:
        for number in range(max(per_kind, len(variants))):
            world.discrepancies.append(seed(seeding, variants[number % len(variants)]))


@seeds("LĐ2", "LĐ1")
def work_status_without_permit(s: Seeding, symbol: str) -> Discrepancy:
    career = s.pool.take()
    s.card(career)
    for record in career.visas + career.cards:
        record.symbol = symbol
    career.permits.clear()
    career.insurance.clear()
    note = f"{symbol} visa and residence card, no permit or exemption"
    if symbol == "LĐ2":
        certificate = career.criminal[0]
        certificate.conviction, certificate.details = True, CONVICTION
        note += "; the criminal record shows a conviction"
    return Discrepancy("WORK_STATUS_WITHOUT_PERMIT", note, [career], records=[*career.visas, *career.cards])


@seeds("REVOKED", "EXPIRED")
def permit_ended_card_valid(s: Seeding, ending: str) -> Discrepancy:
    career = s.pool.take(s.started_before(200))
    card = s.card(career)
    permit = career.permit
    if ending == "REVOKED":
        on = s.world.today - s.some_days(15, 90)
        office = "SNV" if permit.source == "noi_vu" else "BQL"
        decision = f"{s.paper.rng.randint(100, 999)}/QĐ-{office}"
        permit.revocation = Revocation(decision, on, s.paper.rng.choice(REVOCATION_GROUNDS))
        permit.changed = on
    else:
        permit.end = s.world.today - s.some_days(10, 60)
    permit.status = ending
    for insurance in career.insurance:
        insurance.status = "CLOSED"
    return Discrepancy(
        "PERMIT_ENDED_RESIDENCE_CARD_VALID",
        f"permit {ending.lower()}, residence card valid until {card.end}",
        [career],
        records=[permit, card],
        also=["WORK_STATUS_WITHOUT_PERMIT"],
    )


@seeds("DL", "EV")
def permit_with_tourist_status(s: Seeding, symbol: str) -> Discrepancy:
    career = s.pool.take()
    for papers in (career.visas, career.cards, career.declarations):
        papers.clear()
    start = s.world.today - s.some_days(10, 70)
    visa = s.paper.visa(career, symbol, start, start + 89 * DAY, "SINGLE")
    s.paper.declare(career, start, visa.end)
    return Discrepancy(
        "PERMIT_WITH_TOURIST_STATUS",
        f"valid permit, only a {symbol} visa",
        [career],
        records=[career.permit, visa],
    )


@seeds("UNREGISTERED", "DISSOLVED", "SUSPENDED")
def employer_unknown_or_inactive(s: Seeding, status: str) -> Discrepancy:
    career = s.pool.take(lambda c: not c.employer.in_zone)
    employer = s.maker.enterprise(zone=False)
    if status == "UNREGISTERED":
        employer.registry = None
    else:
        employer.status = status
    s.world.employers.append(employer)
    s.move(career, employer)
    registered = [employer] if employer.registry else []
    return Discrepancy(
        "EMPLOYER_UNKNOWN_OR_INACTIVE",
        f"employer {status.lower()}",
        [career],
        [employer.tax_code],
        [career.permit, *registered],
    )


@seeds("noi_vu", "bql_kcn")
def wrong_issuing_office(s: Seeding, office: str) -> Discrepancy:
    career = s.pool.take(lambda c: c.employer.office != office)
    permit = career.permit
    permit.source = office
    s.paper.renumber(permit)
    where = "an industrial-zone" if career.employer.in_zone else "a non-zone"
    return Discrepancy(
        "WRONG_ISSUING_OFFICE",
        f"{where} employer, permit issued by {office}",
        [career],
        [career.employer.tax_code],
        [permit, career.employer],
    )


@seeds("renewed passport")
def passport_mismatch_permit_card(s: Seeding, _: str) -> Discrepancy:
    career = s.pool.take(s.started_before(150))
    card = s.card(career)
    s.paper.change_passport(
        career, s.world.today - s.some_days(20, min(80, (s.world.today - card.start).days - 5))
    )
    current = next(c for c in career.cards if valid_on(c, s.world.today))
    return Discrepancy(
        "PASSPORT_MISMATCH_PERMIT_CARD",
        "passport renewed; the card was re-issued on the new number, the permit was not",
        [career],
        records=[career.permit, current],
    )


@seeds("two employers")
def overlapping_permits(s: Seeding, _: str) -> Discrepancy:
    career = s.pool.take(s.started_before(120))
    first = career.permit
    other = s.paper.rng.choice(
        [e for e in s.world.employers if e.status == "ACTIVE" and e.registry and e is not career.employer]
    )
    start = first.start + s.some_days(60, min(300, (s.world.today - first.start).days - 10))
    second = s.paper.permit(
        career, start, s.paper.term_end(start), employer=other, form="INTRA_COMPANY_TRANSFER"
    )
    s.paper.health(career, start)
    s.paper.criminal_record(career, start)
    return Discrepancy(
        "OVERLAPPING_PERMITS",
        "two valid permits at once, different employers",
        [career],
        [first.employer, other.tax_code],
        [first, second],
    )


@seeds("stale", "UNFIT", "unlicensed clinic")
def health_certificate_invalid(s: Seeding, problem: str) -> Discrepancy:
    career = s.pool.take()
    certificate = career.health[-1]
    if problem == "stale":
        certificate.concluded = career.permit.start - s.some_days(380, 520)
    elif problem == "UNFIT":
        certificate.conclusion = "UNFIT"
        certificate.grade = "V"
        certificate.diseases = "Lao phổi đang tiến triển"
    else:
        certificate.clinic = UNLICENSED.licence
        s.paper.renumber(certificate)
    return Discrepancy(
        "HEALTH_CERTIFICATE_INVALID", f"health certificate: {problem}", [career], records=[certificate]
    )


@seeds("tu_phap", "cong_an")
def criminal_record_wrong_issuer(s: Seeding, issuer: str) -> Discrepancy:
    career = s.pool.take(lambda c: c.criminal[0].source != issuer)
    certificate = career.criminal[0]
    certificate.source = issuer
    s.paper.renumber(certificate)
    return Discrepancy(
        "CRIMINAL_RECORD_WRONG_ISSUER",
        f"issued {certificate.issued} by {issuer}",
        [career],
        records=[certificate],
    )


@seeds("business visa")
def insured_without_permit(s: Seeding, _: str) -> Discrepancy:
    career = s.pool.take(lambda c: bool(c.insurance))
    for papers in (career.permits, career.visas, career.cards):
        papers.clear()
    start = s.world.today - s.some_days(30, 200)
    visa = s.paper.visa(career, "DN1", start, start + 364 * DAY, "MULTIPLE")
    return Discrepancy(
        "INSURED_WITHOUT_PERMIT",
        "insured as an employee on a DN1 business visa, no permit",
        [career],
        records=[*career.insurance, visa],
    )


@seeds("labour contract")
def permit_holder_not_insured(s: Seeding, _: str) -> Discrepancy:
    career = s.pool.take(lambda c: bool(c.insurance) and c.permit.form == "LABOUR_CONTRACT")
    career.insurance.clear()
    return Discrepancy(
        "PERMIT_HOLDER_NOT_INSURED",
        "labour-contract permit holder, not insured",
        [career],
        records=[career.permit],
    )


@seeds("card holder")
def missing_residence_declaration(s: Seeding, _: str) -> Discrepancy:
    career = s.pool.take()
    card = s.card(career)
    career.declarations.clear()
    return Discrepancy(
        "MISSING_RESIDENCE_DECLARATION",
        "residence card holder, no residence declaration",
        [career],
        records=[card],
    )


@seeds("day and month swapped", "another year")
def identity_conflict(s: Seeding, variant: str) -> Discrepancy:
    """Same passport number and nationality, another birth date in one agency (docs/domain.md §6:
    send to review)."""
    record: Held
    if variant == "day and month swapped":
        career = s.pool.take(
            lambda c: (
                bool(c.insurance) and c.person.birth.day <= 12 and c.person.birth.day != c.person.birth.month
            )
        )
        record, birth = career.insurance[0], career.person.birth
        record.birth = birth.replace(day=birth.month, month=birth.day)
    else:
        career = s.pool.take(lambda c: (c.person.birth.month, c.person.birth.day) != (2, 29))
        record, birth = career.health[-1], career.person.birth
        record.birth = birth.replace(year=birth.year - 1)
    return Discrepancy(
        "IDENTITY_CONFLICT",
        f"born {birth} per the permit, {record.birth} per {record.source}",
        [career],
        records=[career.permit, record],
    )
