"""The police's immigration database (`cong_an`): visas, temporary residence cards, residence
declarations, and criminal-record certificates issued since 01/03/2025.

Its own conventions: English-ish abbreviated column names, ISO dates, sex M/F, nationality as an ISO
code (alpha-3, sometimes alpha-2), names as the passport's machine-readable zone prints them (a few
given name first), symbols with diacritics ("LĐ2").
"""

from __future__ import annotations

import random

from demo import mess
from demo.native import Place, Row, Written, write_table
from demo.records import CriminalRecord, Held, ResidenceCard, ResidenceDeclaration, Visa
from demo.world import World

PERSON = ("full_name", "dob", "sex", "nat_code", "passport_no")
"""Who a record is about, the same five columns in every table."""
VISA = (
    "visa_no", *PERSON, "symbol", "entries", "valid_from", "valid_until", "sponsor_tax_code", "updated_at",
)  # fmt: skip
CARD = (
    "card_no", *PERSON, "symbol", "valid_from", "valid_to", "sponsor_tax_code", "address", "province", "ward",
    "updated_at", "old_passport_no",
)  # fmt: skip
DECLARATION = (
    "decl_no", *PERSON, "address", "province", "ward", "stay_from", "stay_to", "declared_at", "police_unit",
)  # fmt: skip
CRIMINAL_RECORD = (
    "cert_no", *PERSON, "form INTEGER", "issue_date", "has_conviction INTEGER", "conviction_details",
)  # fmt: skip
NAMES = {"passport": 85, "given_first": 15}


def write_cong_an(world: World, place: Place, rng: random.Random) -> Written:
    visas = world.gather(lambda c: c.visas)
    cards = world.gather(lambda c: c.cards)
    declarations = world.gather(lambda c: c.declarations)
    certificates = [r for r in world.gather(lambda c: c.criminal) if r.source == "cong_an"]
    write_table(place.url, "visa", VISA, [visa(rng, v) for v in visas])
    write_table(place.url, "trc", CARD, [card(rng, c) for c in cards])
    write_table(place.url, "residence_declaration", DECLARATION, [declaration(rng, d) for d in declarations])
    write_table(place.url, "lltp", CRIMINAL_RECORD, [criminal_record(rng, c) for c in certificates])
    return Written(
        f"{len(visas):,} visas, {len(cards):,} residence cards, {len(declarations):,} declarations, "
        f"{len(certificates):,} criminal records"
    )


def person(rng: random.Random, record: Held) -> Row:
    """Name (as the passport's machine-readable zone prints it, a few given name first), ISO birth
    date, sex M/F, ISO nationality code, passport number (as scanned, rarely as typed)."""
    return (
        mess.name(rng, record.person, NAMES), record.born.isoformat(), record.person.gender,
        mess.nationality(rng, record.person.nationality, "3332"), mess.passport(rng, record.passport, 0.05),
    )  # fmt: skip


def visa(rng: random.Random, v: Visa) -> Row:
    sponsor = v.sponsor and mess.tax_code(rng, v.sponsor, 0.3)
    return (
        v.key, *person(rng, v), v.symbol, v.entries[0], v.start.isoformat(), v.end.isoformat(), sponsor,
        mess.moment(rng, v.changed),
    )  # fmt: skip


def card(rng: random.Random, c: ResidenceCard) -> Row:
    return (
        c.key, *person(rng, c), c.symbol, c.start.isoformat(), c.end.isoformat(), mess.tax_code(rng, c.sponsor, 0.3),
        c.home.address, c.home.province, c.home.ward, mess.moment(rng, c.changed), c.previous_passport,
    )  # fmt: skip


def declaration(rng: random.Random, d: ResidenceDeclaration) -> Row:
    return (
        d.key, *person(rng, d), d.home.address, d.home.province, d.home.ward, d.start.isoformat(), d.end.isoformat(),
        d.declared_at.isoformat(sep=" "), f"Công an {d.home.ward}",
    )  # fmt: skip


def criminal_record(rng: random.Random, c: CriminalRecord) -> Row:
    return (c.key, *person(rng, c), int(c.form[-1]), c.issued.isoformat(), int(c.conviction), c.details)
