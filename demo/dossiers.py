"""The one-stop centre's interlinked online dossiers "work permit + criminal record" (seed 003
Điều 5.4, 7.2, 18) for permits issued since the police took over criminal records (01/03/2025),
and dossiers for permits ending soon still being processed.

A clean dossier takes its steps in order: reception, the police's certificate, the permit office's
decision, the result; some steps run past their due date, and some dossiers under way are already
late. The seeded ones were decided before the certificate was issued:
DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD (docs/domain.md §5).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo.paperwork import POLICE_ISSUE_CRIMINAL_RECORDS
from demo.records import CriminalRecord, Dossier, Permit, Step
from demo.world import Career, Discrepancy, World

SHARE = 0.5
"""About this many of the eligible permits were applied for online."""
DAY = timedelta(days=1)
CERTIFICATE_DAYS, DECISION_DAYS, TOTAL_DAYS = 10, 5, 20
"""The time each step is given (calendar days here), and the whole dossier."""
PENDING_WINDOW = timedelta(days=120)
"""A permit ending within this is being extended: its dossier is under way."""


def file_dossiers(world: World, rng: random.Random, seeded: int) -> None:
    """Dossiers for a share of the permits filed online; the first `seeded` decided too early."""
    eligible = [
        (career, career.permits[0], career.criminal[0])
        for career in world.careers
        if career.shape == "new"
        and len(career.permits) == 1
        and len(career.criminal) == 1
        and career.criminal[0].source == "cong_an"
        and career.criminal[0].issued >= POLICE_ISSUE_CRIMINAL_RECORDS + 20 * DAY
    ]
    chosen = [entry for entry in eligible if rng.random() < SHARE]
    if len(chosen) < seeded:
        raise LookupError("too few permits filed online; generate more workers")
    for number, (career, permit, certificate) in enumerate(chosen):
        early = number < seeded
        dossier = filed(rng, career, permit, certificate, number + 1, early)
        career.dossiers.append(dossier)
        if early:
            world.discrepancies.append(
                Discrepancy(
                    "DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD",
                    f"decided {dossier.decided}, the certificate issued {certificate.issued}",
                    careers=[career],
                    records=[dossier, certificate],
                )
            )
    ending = [
        (career, career.permits[-1])
        for career in world.careers
        if career.shape == "new"
        and career.permits
        and world.today < career.permits[-1].end <= world.today + PENDING_WINDOW
    ]
    for number, (career, permit) in enumerate(ending, start=len(chosen) + 1):
        if rng.random() < SHARE:
            career.dossiers.append(pending(rng, career, permit, number, world.today))


def filed(
    rng: random.Random, career: Career, permit: Permit, certificate: CriminalRecord, number: int, early: bool
) -> Dossier:
    """The dossier's steps around the certificate's issue; an `early` one decided before it."""
    issued = certificate.issued
    received = issued - (rng.randint(12, 20) if early else rng.randint(5, 12)) * DAY
    asked = received + DAY
    decision_start = received + 2 * DAY if early else issued
    decided = decision_start + rng.randint(2, 5 if early else 8) * DAY
    returned = decided + rng.randint(0, 1) * DAY
    steps = (
        Step(1, "RECEPTION", "hcc", received, received + DAY, received),
        Step(2, "CRIMINAL_RECORD", "cong_an", asked, asked + CERTIFICATE_DAYS * DAY, issued),
        Step(3, "WORK_PERMIT", permit.source, decision_start, decision_start + DECISION_DAYS * DAY, decided),
        Step(4, "RESULT", "hcc", decided, decided + DAY, returned),
    )
    return dossier_of(career, permit, received, decided, steps, number)


def dossier_of(
    career: Career, permit: Permit, received: date, decided: date | None, steps: tuple[Step, ...], number: int
) -> Dossier:
    return Dossier(
        key=f"000.00.19.H26-{received:%y%m%d}-{number:04d}",
        person=career.person,
        passport=permit.passport,
        employer=permit.employer,
        received=received,
        due=received + TOTAL_DAYS * DAY,
        decided=decided,
        permit=permit.key if decided else None,
        steps=steps,
    )


def pending(rng: random.Random, career: Career, permit: Permit, number: int, today: date) -> Dossier:
    """A dossier received lately and waiting on the police's certificate: late if that step's time
    has run out."""
    received = today - rng.randint(3, 25) * DAY
    asked = received + DAY
    steps = (
        Step(1, "RECEPTION", "hcc", received, received + DAY, received),
        Step(2, "CRIMINAL_RECORD", "cong_an", asked, asked + CERTIFICATE_DAYS * DAY, None),
        Step(3, "WORK_PERMIT", permit.source, None, None, None),
        Step(4, "RESULT", "hcc", None, None, None),
    )
    return dossier_of(career, permit, received, None, steps, number)
