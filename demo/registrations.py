"""When each employer was registered, and what its registry recorded changing since.

The monthly lists of new and changed FDI enterprises (tai_chinh) and of representative offices and
branches (cong_thuong) need what a registry really keeps (seed 003 Điều 8.1, 9.3): the date it
registered an employer, the date of each change, and for tai_chinh the change itself (field,
value before, value after), as the national business register records an "đăng ký thay đổi".

An employer is registered some weeks before its first worker's first paper (with no worker, at any
time in the last eight years); about a third changed an address or a registered foreign headcount
in the last year, and the seeded suspended or dissolved enterprises changed their status. A few
enterprises and offices were registered in the last months and employ nobody yet, and two offices
closed: every month's lists then hold new, changed and closed employers. Drawn from a random
generator of its own after the world is built, so nothing else in the demo moves.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from demo.employers import STREETS, WARDS, Change, Employer, EmployerMaker
from demo.world import World

NEWCOMERS = {"tai_chinh": (40, 3), "cong_thuong": (30, 2)}
"""Registry → (one newcomer per so many of its employers, least count)."""
CLOSED_OFFICES = 2
CHANGE_RATE = 0.35
"""The share of employers that changed something in the last year."""


def register(world: World, rng: random.Random) -> None:
    """Registration dates and change histories for every registered employer, newcomers and
    closed offices included."""
    first = first_papers(world)
    maker = EmployerMaker(rng)
    maker.codes = {e.tax_code for e in world.employers}
    for registry, (per, least) in NEWCOMERS.items():
        count = max(least, sum(e.registry == registry for e in world.employers) // per)
        for _ in range(count):
            newcomer = newcomer_of(maker, registry)
            newcomer.registered = world.today - timedelta(days=rng.randint(5, 100))
            world.employers.append(newcomer)
    for _ in range(CLOSED_OFFICES):
        office = maker.one("REPRESENTATIVE_OFFICE", "trade", "cong_thuong")
        office.registered = world.today - timedelta(days=rng.randint(900, 2500))
        office.status = "DISSOLVED"
        office.changes = [
            Change(world.today - timedelta(days=rng.randint(5, 120)), "status", "ACTIVE", "DISSOLVED")
        ]
        world.employers.append(office)
    for employer in world.employers:
        if employer.registry is None or employer.registered is not None:
            continue
        if employer.tax_code in first:
            employer.registered = first[employer.tax_code] - timedelta(days=rng.randint(20, 400))
        else:
            employer.registered = world.today - timedelta(days=rng.randint(30, 8 * 365))
        employer.changes = sorted(changes(rng, employer, world.today), key=lambda change: change.on)


def newcomer_of(maker: EmployerMaker, registry: str) -> Employer:
    if registry == "tai_chinh":
        return maker.enterprise(zone=None)
    return maker.one("REPRESENTATIVE_OFFICE", "trade", "cong_thuong")


def first_papers(world: World) -> dict[str, date]:
    """Each employer's earliest permit, exemption, visa or card naming it."""
    first: dict[str, date] = {}
    for career in world.careers:
        named: list[tuple[str | None, date]] = [(p.employer, p.start) for p in career.permits]
        named += [(e.employer, e.start) for e in career.exemptions]
        named += [(v.sponsor, v.start) for v in career.visas]
        named += [(c.sponsor, c.start) for c in career.cards]
        for code, start in named:
            if code:
                first[code] = min(start, first.get(code, start))
    return first


def changes(rng: random.Random, employer: Employer, today: date) -> Iterator[Change]:
    """An inactive employer's status change, and now and then an address or headcount change (a zone's
    enterprise keeps its plot), all after its registration and within the last year."""
    earliest = max(employer.registered or today, today - timedelta(days=365))

    def some_day() -> date:
        return earliest + timedelta(days=rng.randint(0, max(0, (today - earliest).days - 1)))

    if employer.status != "ACTIVE":
        yield Change(some_day(), "status", "ACTIVE", employer.status)
    if rng.random() < CHANGE_RATE:
        if employer.registry == "tai_chinh" and (employer.in_zone or rng.random() < 0.4):
            before = max(0, employer.headcount + rng.choice([-3, -2, -1, 1, 2, 3]))
            yield Change(some_day(), "registeredForeignHeadcount", str(before), str(employer.headcount))
        else:
            old = f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}, {rng.choice(WARDS)}"
            yield Change(some_day(), "address", old, employer.address)


def registration(employer: Employer) -> date:
    """The day its registry registered the employer; only registered employers are written."""
    if employer.registered is None:
        raise ValueError(f"employer {employer.tax_code} was never registered")
    return employer.registered


def last_changed(employer: Employer) -> date:
    """The day the registry last touched the employer: its registration or its latest change."""
    return max([registration(employer), *(change.on for change in employer.changes)])
