"""The inspectorate's work (Thanh tra, seed 003 Điều 19): inspections of employers, and the
violations of their foreign workers it sanctioned.

A clean inspection finds nothing, or fines an employer after the last permit issued for it. The
seeded ones fined an employer for its foreign workers before a permit it still holds was issued:
PERMITS_ISSUED_AFTER_VIOLATION (docs/domain.md §5).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from itertools import count

from demo.records import Inspection, Permit, Violation
from demo.world import Career, Discrepancy, World

LEGAL = "Bộ luật Lao động 2019; Nghị định 12/2022/NĐ-CP, Điều 32"
NOTHING = "Không phát hiện vi phạm về tuyển dụng, sử dụng người lao động nước ngoài"
EMPLOYER_FINDINGS = (
    "Sử dụng người lao động nước ngoài làm việc không đúng nội dung giấy phép lao động",
    "Không báo cáo tình hình sử dụng người lao động nước ngoài theo quy định",
    "Không thông báo cho cơ quan cấp phép khi người lao động nước ngoài chấm dứt làm việc",
)
WORKER_ACTS = (
    "Làm việc không đúng vị trí công việc ghi trong giấy phép lao động",
    "Không xuất trình giấy phép lao động khi cơ quan có thẩm quyền yêu cầu",
)
EMPLOYER_FINES = (30_000_000, 45_000_000, 60_000_000, 75_000_000)
WORKER_FINES = (3_000_000, 5_000_000, 10_000_000)
OPEN_DAYS = 90
"""An employer's fine stays open (being enforced) for this long after its decision."""


class Numbers:
    """The inspectorate's two series: inspections, and the sanction decisions of workers."""

    def __init__(self) -> None:
        self.inspections = count(1)
        self.violations = count(1)


def inspect(world: World, rng: random.Random, seeded: int) -> None:
    """Inspections of about a quarter of the employers; the `seeded` most staffed fined first.
    Its own random generator, so the records the world held before stay as they were."""
    today = world.today
    numbers = Numbers()
    permits: dict[str, list[Permit]] = defaultdict(list)
    for permit in world.gather(lambda c: c.permits):
        permits[permit.employer].append(permit)
    staffed = sorted(
        (code for code, held in permits.items() if any(p.status == "VALID" for p in held)),
        key=lambda code: (-sum(p.status == "VALID" for p in permits[code]), code),
    )
    if len(staffed) < seeded:
        raise LookupError("too few employers hold valid permits; generate more workers")
    for code in staffed[:seeded]:
        world.discrepancies.append(fined_before_a_permit(world, rng, numbers, code, permits[code]))
    workers: dict[str, list[Career]] = defaultdict(list)
    for career in world.careers:
        workers[career.employer.tax_code].append(career)
    others = [e.tax_code for e in world.employers if e.tax_code not in staffed[:seeded]]
    for code in rng.sample(others, len(others) // 4):
        last = max((p.start for p in permits[code]), default=today - timedelta(days=400))
        decided = last + timedelta(days=rng.randint(1, 120))
        fined = decided < today and rng.random() < 0.6
        if not fined:
            decided = min(decided, today - timedelta(days=1))
        inspection = conclude(rng, numbers, code, decided, fined, today)
        world.inspections.append(inspection)
        if fined:
            for career in rng.sample(workers[code], min(2, len(workers[code]))):
                sanction(rng, numbers, career, inspection)


def fined_before_a_permit(
    world: World, rng: random.Random, numbers: Numbers, code: str, held: list[Permit]
) -> Discrepancy:
    """A fine decided before the employer's latest valid permit was issued: that permit (and any
    other valid one issued since) was granted to an employer under sanction."""
    latest = max((p for p in held if p.status == "VALID"), key=lambda p: p.start)
    decided = latest.start - timedelta(days=rng.randint(20, 90))
    inspection = conclude(rng, numbers, code, decided, True, world.today)
    world.inspections.append(inspection)
    after = [p for p in held if p.status == "VALID" and decided < p.start <= world.today]
    return Discrepancy(
        "PERMITS_ISSUED_AFTER_VIOLATION",
        f"fined {decided}; {len(after)} valid permit(s) issued after",
        employers=[code],
        records=[inspection, *after],
    )


def conclude(
    rng: random.Random, numbers: Numbers, code: str, decided: date, fined: bool, today: date
) -> Inspection:
    number = next(numbers.inspections)
    return Inspection(
        key=f"TTr-{decided.year}-{number:04d}",
        employer=code,
        decision=f"{number:03d}/QĐ-XPHC" if fined else f"{number:03d}/KL-TTr",
        decided=decided,
        legal=LEGAL,
        finding=rng.choice(EMPLOYER_FINDINGS) if fined else NOTHING,
        fine=rng.choice(EMPLOYER_FINES) if fined else 0,
        status="OPEN" if fined and (today - decided).days <= OPEN_DAYS else "CLOSED",
    )


def sanction(rng: random.Random, numbers: Numbers, career: Career, inspection: Inspection) -> None:
    number = next(numbers.violations)
    career.violations.append(
        Violation(
            key=f"VP-{number:05d}",
            person=career.person,
            passport=career.person.passport,
            inspection=inspection.key,
            employer=inspection.employer,
            decision=f"{number:03d}/QĐ-XPVPHC",
            decided=inspection.decided,
            legal=LEGAL,
            act=rng.choice(WORKER_ACTS),
            fine=rng.choice(WORKER_FINES),
        )
    )
