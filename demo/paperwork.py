"""How records come to exist: each issued by its agency, numbered in that agency's series, filed on a
career.

Clean careers and seeded problems issue records the same way, so the rules that hold between
records (a visa per authorisation period, a card ending before the permit, a passport change
re-issuing the police's records) are written once, here.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from demo.clinics import AUTHORISED
from demo.employers import STREETS, WARDS, ZONES, Employer
from demo.people import PassportOffice
from demo.records import (
    CriminalRecord,
    Exemption,
    HealthCertificate,
    Held,
    Home,
    Insurance,
    Permit,
    ResidenceCard,
    ResidenceDeclaration,
    Visa,
)
from demo.world import Career

R = TypeVar("R", bound=Held)
DAY = timedelta(days=1)
POLICE_ISSUE_CRIMINAL_RECORDS = date(2025, 3, 1)
"""Criminal-record certificates: Sở Tư pháp before this day, the police from it (docs/domain.md §2)."""
CARD_SHARE = 0.75
MOVE_SHARE = 0.25

SERIES = {
    (Permit, "noi_vu"): "SNV-{r.start.year}-{n:06d}",
    (Permit, "bql_kcn"): "BQL-{r.start.year}-{n:06d}",
    (Exemption, "noi_vu"): "SNV-XN-{n:06d}",
    (Exemption, "bql_kcn"): "BQL-XN-{n:06d}",
    (Visa, "cong_an"): "V{n:08d}",
    (ResidenceCard, "cong_an"): "TT{n:08d}",
    (ResidenceDeclaration, "cong_an"): "KB{n:09d}",
    (CriminalRecord, "cong_an"): "CA-LLTP-{n:07d}",
    (CriminalRecord, "tu_phap"): "{n:06d}/{r.issued.year}/STP-LLTP",
    (HealthCertificate, "y_te"): "{r.clinic:.5}/GCNSK-{n:06d}",
    (Insurance, "bhxh"): "01{n:08d}",
}
"""Record numbers per (kind, agency); `r` is the record, `n` its serial in the series."""

POSITIONS = {"MANAGER": 20, "EXECUTIVE_DIRECTOR": 6, "EXPERT": 44, "TECHNICAL_WORKER": 30}
FORMS = {"LABOUR_CONTRACT": 80, "INTRA_COMPANY_TRANSFER": 12, "SERVICE_CONTRACT": 8}
TITLES = {
    "MANAGER": ["Trưởng phòng sản xuất", "Trưởng phòng kinh doanh", "Quản lý dự án"],
    "EXECUTIVE_DIRECTOR": ["Tổng giám đốc", "Giám đốc điều hành"],
    "EXPERT": ["Chuyên gia kỹ thuật", "Chuyên gia quản lý chất lượng", "Chuyên gia phần mềm"],
    "TECHNICAL_WORKER": ["Kỹ thuật viên bảo trì", "Kỹ thuật viên vận hành máy", "Kỹ thuật viên lắp đặt"],
}
SECTOR_EXPERTS = {
    "education": "Giáo viên tiếng Anh", "tourism": "Bếp trưởng", "culture": "Huấn luyện viên nghệ thuật",
    "construction": "Kỹ sư giám sát thi công",
}  # fmt: skip
"""What an expert does in sectors other than manufacturing and trade."""
SALARY_MILLIONS = {
    "MANAGER": (60, 200),
    "EXECUTIVE_DIRECTOR": (100, 350),
    "EXPERT": (40, 160),
    "TECHNICAL_WORKER": (25, 70),
}
EXEMPTION_GROUNDS = [
    "Khoản 3 Điều 154 Bộ luật Lao động 2019", "Khoản 4 Điều 154 Bộ luật Lao động 2019",
    "Khoản 8 Điều 154 Bộ luật Lao động 2019", "Điểm b khoản 2 Điều 7 Nghị định 152/2020/NĐ-CP",
]  # fmt: skip
HOME_WARDS = [*WARDS, *(ward for _, ward in ZONES[:2])]
"""Where workers live: city wards, and communes near the industrial zones."""
FINDINGS = {"I": "", "II": "Cận thị nhẹ", "III": "Tăng huyết áp độ 1, đang điều trị ổn định"}
"""Health grade → what the clinic notes for a fit worker."""


class Paperwork:
    """Issues the records of careers, clean or not, numbered in their agency's series."""

    def __init__(self, rng: random.Random, today: date, passports: PassportOffice) -> None:
        self.rng = rng
        self.today = today
        self.passports = passports
        self.serials: dict[object, int] = {}

    def serial(self, series: object) -> int:
        self.serials[series] = self.serials.get(series, 0) + 1
        return self.serials[series]

    def renumber(self, record: Held) -> None:
        """A number from the record's series: on issue, and when a seeded problem moves it to another issuer."""
        series = (type(record), record.source)
        record.key = SERIES[series].format(r=record, n=self.serial(series))

    def file(self, career: Career, record: R) -> R:
        self.renumber(record)
        career.bucket(type(record)).append(record)
        return record

    def issue(self, career: Career, kind: type[R], **values: Any) -> R:
        """A record about the career's worker, under their current passport."""
        return self.file(career, kind(person=career.person, passport=career.person.passport, **values))

    def reissue(self, career: Career, record: R, **changes: Any) -> R:
        """A new record replacing `record`: a copy with `changes`, under its own number."""
        return self.file(career, replace(record, **changes))

    def term_end(self, start: date) -> date:
        """The end of a permit term starting on `start`: at most two years, still running a month after today."""
        least = max(430, (self.today - start).days + 30)
        return start + self.rng.randint(least, 729) * DAY

    def permit(
        self, career: Career, start: date, end: date, employer: Employer | None = None, **terms: Any
    ) -> Permit:
        employer = employer or career.employer
        position = self.rng.choices(list(POSITIONS), list(POSITIONS.values()))[0]
        low, high = SALARY_MILLIONS[position]
        title = self.rng.choice(TITLES[position])
        if position == "EXPERT":
            title = SECTOR_EXPERTS.get(employer.sector, title)
        values: dict[str, Any] = {
            "source": employer.office, "employer": employer.tax_code, "location": employer.address,
            "start": start, "end": end, "changed": start, "position": position, "title": title,
            "salary": self.rng.randint(2 * low, 2 * high) * 500_000,
            "form": self.rng.choices(list(FORMS), list(FORMS.values()))[0],
        }  # fmt: skip
        return self.issue(career, Permit, **{**values, **terms})

    def exemption(self, career: Career, start: date, end: date) -> Exemption:
        employer = career.employer
        return self.issue(
            career, Exemption, source=employer.office, employer=employer.tax_code,
            legal_basis=self.rng.choice(EXEMPTION_GROUNDS), start=start, end=end,
        )  # fmt: skip

    def period(self, career: Career, symbol: str, start: date, end: date) -> None:
        """Immigration papers for one authorisation period: a 3-month entry visa then a residence card
        ending before the permit does, or (no card) a visa for the whole period; then the stay declared.
        A worker who arrived lately may still be on the entry visa, the card not issued yet."""
        card_from = start + self.rng.randint(15, 60) * DAY
        if self.rng.random() < CARD_SHARE:
            self.visa(career, symbol, start, start + 89 * DAY, "SINGLE")
            slack = 45 if end < self.today else min(45, (end - self.today).days - 1)
            if card_from < self.today:
                self.card(career, symbol, card_from, end - self.rng.randint(0, slack) * DAY)
        else:
            self.visa(career, symbol, start, end, "MULTIPLE")
        self.settle(career, min(start + self.rng.randint(0, 7) * DAY, self.today - DAY), end)

    def visa(self, career: Career, symbol: str, start: date, end: date, entries: str) -> Visa:
        """A visa; tourists' (DL, EV) have no sponsor, everyone else's employer sponsors it."""
        sponsor = None if symbol in ("DL", "EV") else career.employer.tax_code
        return self.issue(career, Visa, symbol=symbol, entries=entries, start=start, end=end, sponsor=sponsor)

    def card(self, career: Career, symbol: str, start: date, end: date) -> ResidenceCard:
        return self.issue(
            career, ResidenceCard, symbol=symbol, start=start, end=end, sponsor=career.employer.tax_code,
            home=career.home,
        )  # fmt: skip

    def settle(self, career: Career, arrival: date, end: date) -> None:
        """Declare the stay on arrival; a quarter of workers later move and declare the new home."""
        moved = arrival + self.rng.randint(120, 500) * DAY
        if self.rng.random() < MOVE_SHARE and moved < min(end, self.today) - 10 * DAY:
            self.declare(career, arrival, moved - DAY)
            career.home = self.home()
            arrival = moved
        self.declare(career, arrival, end)

    def declare(self, career: Career, start: date, end: date) -> ResidenceDeclaration:
        """A residence declaration, made by the host on the day of arrival (within 12 hours)."""
        declared = datetime.combine(start, time(self.rng.randint(7, 21), self.rng.randrange(60)))
        return self.issue(
            career, ResidenceDeclaration, home=career.home, start=start, end=end, declared_at=declared
        )

    def health(self, career: Career, filed: date) -> HealthCertificate:
        """A fit health conclusion from an authorised clinic, at most 12 months before the filing."""
        grade = self.rng.choices(["I", "II", "III"], [5, 4, 1])[0]
        return self.issue(
            career, HealthCertificate, clinic=self.rng.choice(AUTHORISED).licence,
            concluded=filed - self.rng.randint(20, 330) * DAY, conclusion="FIT", grade=grade,
            diseases=FINDINGS[grade],
        )  # fmt: skip

    def criminal_record(self, career: Career, filed: date) -> CriminalRecord:
        """A clean criminal record at most 6 months before the filing, from the issuer competent that day."""
        issued = filed - self.rng.randint(20, 170) * DAY
        issuer = "tu_phap" if issued < POLICE_ISSUE_CRIMINAL_RECORDS else "cong_an"
        form = "FORM_1" if self.rng.random() < 0.8 else "FORM_2"
        return self.issue(career, CriminalRecord, source=issuer, form=form, issued=issued)

    def insure(self, career: Career, since: date) -> Insurance:
        months = max(1, (self.today - since).days // 30)
        return self.issue(career, Insurance, employer=career.employer.tax_code, months=months)

    def home(self) -> Home:
        ward = self.rng.choice(HOME_WARDS)
        lane = self.rng.randint(1, 120)
        return Home(f"Số {self.rng.randint(1, 80)} ngõ {lane} {self.rng.choice(STREETS)}, {ward}", ward)

    def change_passport(self, career: Career, on: date) -> str:
        """The worker gets a new passport on `on`: the police re-issue the visa, card and declaration
        then running under the new number a few days later (a re-issued card names the old one);
        later papers carry it too."""
        old = career.person.passport
        new = self.passports.renew(career.person)
        reissued = on + self.rng.randint(3, 20) * DAY
        for record in career.visas + career.cards + career.declarations:
            if record.start > on:
                record.passport = new
            elif record.end >= reissued:
                changes: dict[str, Any] = {}
                if isinstance(record, ResidenceDeclaration):
                    changes["declared_at"] = datetime.combine(reissued, time(9))
                if isinstance(record, ResidenceCard):
                    changes["previous_passport"] = old
                self.reissue(career, record, passport=new, start=reissued, **changes)
                record.end = reissued - DAY
        return new
