"""Finding workers: by passport, by filter, by employer; a page at a time.

Every entry point ends in `connection` or `one`, which load the page through the same loader and
present it through the same gate, so no entry point can show more than another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from graph.access.present import RAW, Gate, Refusal, View, present, read
from graph.api.context import Context
from graph.api.inputs import WorkerFilter, bad_input, normal_nationality, normal_passport, normal_tax_code
from graph.api.ordering import Ranking, WorkerOrder
from graph.api.pagination import (
    INVALID_CURSOR,
    cut,
    decode_cursor,
    encode_cursor,
    node_selection,
    page_size,
    raw_connection,
)
from graph.api.selection import selection_of
from graph.common.timezone import today
from graph.fetch.computed import COMPUTED
from graph.identity.index import ENTITY_BIT, Person, Snapshot
from graph.identity.linking import spelt, words

FILTER_FIELDS: dict[str, list[str]] = {
    "nationality": ["Worker.nationality"],
    "employerTaxCode": ["Worker.employer", "Employer.taxCode"],
    "permitStatus": ["Worker.workPermits", "WorkPermit.status"],
    "permitExpiringBefore": ["Worker.workPermits", "WorkPermit.status", "WorkPermit.validTo"],
    "name": ["Worker.fullName"],
    "visaSymbol": ["Worker.visas", "Visa.symbol"],
    "residenceCardExpiringBefore": ["Worker.residenceCards", "ResidenceCard.validTo"],
    "healthCertificateExpiringBefore": ["Worker.healthCertificates", "HealthCertificate.conclusionDate"],
    "dossierOverdue": ["Worker.dossiers", "Dossier.dueOn", "Dossier.decidedOn", "Dossier.overdue"],
}
"""What a viewer must see in clear to filter by each condition: otherwise the filter is an oracle."""


def matching(
    persons: Iterable[Person], wanted: WorkerFilter | None, gate: Gate, snapshot: Snapshot
) -> Iterable[Person]:
    """The persons a filter keeps; arguments and permissions are checked now, before any person is."""
    if wanted is None:
        return persons
    for condition, needs in FILTER_FIELDS.items():
        if getattr(wanted, condition) is not None:
            gate.require_clear(needs)
    nationality = normal_nationality(wanted.nationality) if wanted.nationality else None
    employer = normal_tax_code(wanted.employerTaxCode) if wanted.employerTaxCode else None
    statuses = {status.name for status in wanted.permitStatus or []}
    before = wanted.permitExpiringBefore
    named = named_by(wanted.name, snapshot, gate.entities) if wanted.name is not None else None
    symbol = " ".join(wanted.visaSymbol.split()).upper() if wanted.visaSymbol else None
    card_before, health_before = wanted.residenceCardExpiringBefore, wanted.healthCertificateExpiringBefore
    overdue, now = wanted.dossierOverdue, today()
    late = COMPUTED["Dossier"]["overdue"][1]  # as `Dossier.overdue` shows it

    def keeps(person: Person) -> bool:
        permits = [link.facts for link in person.records("WorkPermit")]
        return (
            (nationality is None or person.nationality == nationality)
            and (employer is None or gate.derived(person.employer) == employer)
            and (not statuses or any(p.get("status") in statuses for p in permits))
            and (before is None or any(expires_before(p, before) for p in permits))
            and (named is None or person.id in named)
            and (symbol is None or any(visa.facts.get("symbol") == symbol for visa in person.records("Visa")))
            and (card_before is None or latest_before(person, "ResidenceCard", "validTo", card_before, 0))
            and (
                health_before is None
                or latest_before(person, "HealthCertificate", "conclusionDate", health_before, 365)
            )
            and (
                overdue is None or any(late(link.facts, now) for link in person.records("Dossier")) == overdue
            )
        )

    return (person for person in persons if keeps(person))


def named_by(name: str, snapshot: Snapshot, entities: frozenset[str]) -> set[str]:
    """Ids of the workers whose records of `entities` (those the viewer may see), together, spell
    every word of `name` (in any spelling); two adjacent words may also be one written joined, so
    "JI WON" finds a worker written "JIWON" or "JI-WON" (and "JIWON" one written "JI WON": the
    index keeps each two adjacent tokens joined too). Linear in the words: which workers spell the
    first i words is known from the first i-1 and i-2."""
    written = words(name)
    if not written:
        raise bad_input("give at least one word of the name")
    seen = sum(ENTITY_BIT[entity] for entity in entities)

    def spelling(token: str) -> set[str]:
        return {worker for worker, bits in snapshot.by_name_token.get(token, {}).items() if bits & seen}

    reach: list[set[str] | None] = [None]  # None: before the first word, every worker
    for end in range(1, len(written) + 1):
        found: set[str] = set()
        for size in (1, 2)[: min(2, end)]:
            token = written[end - 1] if size == 1 else spelt(written[end - 2] + written[end - 1])
            before = reach[end - size]
            found |= spelling(token) if before is None else before & spelling(token)
        reach.append(found)
    return reach[-1] or set()


def latest_before(person: Person, entity: str, field: str, day: date, valid_days: int) -> bool:
    """Whether the person's latest record of `entity` stops being valid before `day`."""
    dates = [link.facts[field] for link in person.records(entity) if link.facts.get(field)]
    return bool(dates) and max(dates) + timedelta(days=valid_days) < day


def expires_before(permit: dict[str, Any], day: date) -> bool:
    valid_to = permit.get("validTo")
    return permit.get("status") == "VALID" and valid_to is not None and valid_to < day


async def connection(
    info: Info,
    candidates: Callable[[str | None], Iterable[Person]],
    first: int | None,
    after: str | None,
    order: WorkerOrder | None = None,
) -> View:
    """A page of workers as a connection, presented through the gate. `candidates(after_id)` gives
    the persons in id order from just after `after_id` (None: from the first).

    `totalCount` counts the workers the viewer could reach by paging to the end (row scope, kinds of
    record it may see, a filter on fields in clear): no more than paging would tell it."""
    first = page_size(first)
    context: Context = info.context
    gate = context.gate
    key = context.index.secret
    selection = selection_of(info)
    ranking = Ranking(order, gate) if order is not None else None
    place = decode_cursor(key, after)
    total: int | None = None
    listing: Iterable[tuple[str, Person]]
    if ranking is None and "totalCount" not in selection.fields:
        after_id = plain_id(place)
        listing = in_id_order(gate.visible(candidates(after_id)), after_id)
    else:
        everyone = list(gate.visible(candidates(None)))
        total = len(everyone)
        if ranking:
            await ranking.prepare(everyone, context.index.snapshot)
        listing = (
            ranking.after(everyone, place, context.index.snapshot)
            if ranking
            else in_id_order(everyone, plain_id(place))
        )
    page, more = cut(listing, lambda entry: entry[0], None, first)
    persons = [person for _, person in page]
    raws = await context.loader.workers(persons, node_selection(selection, "Worker"))
    edges = [{"cursor": encode_cursor(key, at), "node": raw} for (at, _), raw in zip(page, raws, strict=True)]
    return present(gate, selection, raw_connection(edges, more) | {"totalCount": total})


def plain_id(place: str | None) -> str | None:
    """The worker id an id-order cursor names; a cursor of an orderBy listing is refused here."""
    if place is not None and place.startswith("["):
        raise bad_input(INVALID_CURSOR + ", made with the same orderBy")
    return place


def in_id_order(persons: Iterable[Person], after_id: str | None) -> Iterator[tuple[str, Person]]:
    return ((person.id, person) for person in persons if after_id is None or person.id > after_id)


async def one_worker(info: Info, passport_number: str, nationality: str | None) -> View | None:
    context: Context = info.context
    context.gate.require("Query", "worker")
    context.gate.require_clear(["Worker.passportNumber"] + (["Worker.nationality"] if nationality else []))
    number = normal_passport(passport_number)
    country = normal_nationality(nationality) if nationality else None
    gate = context.gate
    found = [
        person
        for person in gate.visible(context.index.snapshot.by_passport.get(number, []))
        if country in (None, person.nationality) and number in person.passports_seen(gate.entities)
    ]
    if not found:
        return None
    if len({person.nationality for person in found}) < len(found):
        raise GraphQLError(
            "records with this passport disagree on who holds it (birth date or gender);"
            " they are kept apart for manual review",
            extensions={"code": "IDENTITY_CONFLICT"},
        )
    if len(found) > 1:
        raise bad_input(
            "several workers of different nationalities hold this passport number: give nationality"
        )
    selection = selection_of(info)
    raws = await context.loader.workers(found, selection)
    return present(context.gate, selection, raws[0])


async def one_employer(info: Info, code: str) -> View | None:
    context: Context = info.context
    context.gate.require("Query", "employer")
    context.gate.require_clear(["Employer.taxCode"])
    tax = normal_tax_code(code)
    selection = selection_of(info)
    found = await context.loader.references("Employer", [tax], selection)
    records = found.get(tax)
    if isinstance(records, Refusal):
        raise records.error()
    if not records:
        return None
    return present(context.gate, selection, records[0])


async def employer_workers(
    info: Info, employer: View, first: int | None, after: str | None, order: WorkerOrder | None
) -> View:
    context: Context = info.context
    read(employer, "workers")  # raises the gate's refusal of Employer.workers, if it refused
    code = employer[RAW].get("taxCode")
    gate = context.gate
    candidates = context.index.snapshot.by_employer.get(code or "", [])
    return await connection(
        info, lambda _: (p for p in candidates if gate.derived(p.employer) == code), first, after, order
    )
