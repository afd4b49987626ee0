"""Wards' checks of where workers live (kiểm tra cư trú, seed 003 Điều 20.1): a visit to the address
a residence declaration names, on a day its stay covers.

A clean check finds the worker there. The seeded ones find nobody at an address the worker's
declaration still names: DECLARED_RESIDENCE_NOT_FOUND (docs/domain.md §5).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from demo.records import ResidenceCheck, ResidenceDeclaration
from demo.world import Career, Discrepancy, World

SHARE = 0.12
"""About this many of the workers with a declaration in force are visited."""
FOUND = ("", "Chủ nhà xác nhận", "Gặp trực tiếp người lao động")
ABSENT = "Chủ nhà cho biết người lao động đã chuyển đi, không để lại địa chỉ"


def check_residences(world: World, rng: random.Random, seeded: int) -> None:
    """Visits to declared addresses in the last four months; the first `seeded` find nobody."""
    today = world.today
    visited = [
        (career, latest)
        for career in world.careers
        if (latest := current(career, today)) is not None and rng.random() < SHARE
    ]
    if len(visited) < seeded:
        raise LookupError("too few declared workers to visit; generate more workers")
    for number, (career, declaration) in enumerate(visited):
        start = max(declaration.start, today - timedelta(days=120))
        day = start + timedelta(days=rng.randint(0, max(0, (today - start).days - 1)))
        found = number >= seeded
        check = visit(career, declaration, day, found, rng, number + 1)
        if not found:
            world.discrepancies.append(
                Discrepancy(
                    "DECLARED_RESIDENCE_NOT_FOUND",
                    f"not found on {day} at the address declared in {declaration.home.ward}",
                    careers=[career],
                    records=[check, declaration],
                )
            )


def current(career: Career, today: date) -> ResidenceDeclaration | None:
    """The declaration whose stay covers today, if any."""
    return next((d for d in reversed(career.declarations) if d.start <= today <= d.end), None)


def visit(
    career: Career, declaration: ResidenceDeclaration, day: date, found: bool, rng: random.Random, number: int
) -> ResidenceCheck:
    check = ResidenceCheck(
        key=f"{number:04d}/BB-KTCT",
        person=career.person,
        passport=declaration.passport,
        home=declaration.home,
        checked=day,
        found=found,
        note=rng.choice(FOUND) if found else ABSENT,
    )
    career.checks.append(check)
    return check
