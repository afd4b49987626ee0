"""Which of a sender's records are in one sending of its list (graph/exchange/registry.py).

A list of changes holds the records dated in the window (graph/exchange/window.py): a permit's start
(`ISSUED`) or revocation (`REVOKED`), an exemption's, visa's or card's start, an employer's
registration (`ISSUED`); failing that, a change its registry recorded in the window, or its source's change time (`CHANGED`, or
`TERMINATED` for an employer now dissolved). A change time counts only where the sources file maps
one (`as_of`): an export without one has only its modification time, which says when the file was
written, not when a record changed. What changed comes from the registry's own history
(`EmployerChange`) where it keeps one.

A list of what stands holds the records standing at the window's end (`LISTED`): y_te's clinics
allowed to examine foreign workers, xay_dung's contractors' declarations for the quarter.

The query serves the list as the recipient may see it (graph/api/resolvers/exchange_lists.py): a
recipient that may not see in clear what decides a kind of row (`deciding`) gets no row of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from connectors import Source
from connectors.model import PERSON_ENTITIES, PERSON_FIELDS
from graph.exchange.registry import RequiredList
from graph.exchange.window import Window
from graph.identity.index import Link

ROWS: dict[str, str] = {
    "WorkPermit": "workPermit",
    "PermitExemption": "permitExemption",
    "Visa": "visa",
    "ResidenceCard": "residenceCard",
    "Employer": "employer",
    "HealthFacility": "healthFacility",
    "ContractorDeclaration": "contractor",
}
"""Entities a list's rows are made of → the ExchangeRow field that holds one (a contractor's
declarations for the quarter make one row)."""
ISSUED_ON: dict[str, tuple[str, ...]] = {
    "WorkPermit": ("validFrom", "revocationDate"),
    "PermitExemption": ("validFrom",),
    "Visa": ("validFrom",),
    "ResidenceCard": ("validFrom",),
    "Employer": ("registeredOn",),
}
"""The dates on which each kind of record was issued or changed, as the record itself says."""
STANDING: dict[str, tuple[str, ...]] = {
    "HealthFacility": ("authorisedForForeignWorkers", "status"),
    "ContractorDeclaration": ("quarter", "employerTaxCode", "declaredForeignHeadcount"),
}
"""Lists of what stands: the fields that decide whether a record stands in the list."""
HISTORY = "EmployerChange"
HISTORY_FIELDS = ("employerTaxCode", "changedOn")
DISSOLVED = "DISSOLVED"


@dataclass
class Picked:
    """One row of a sending: the record, how it is in the list, and its recorded changes."""

    link: Link
    change: str
    changes: list[Link] = field(default_factory=list)

    @property
    def dates(self) -> list[date | datetime]:
        """What orders rows of a kind: the earliest date that put the record in the list."""
        facts = self.link.facts
        found = [facts[n] for n in (*ISSUED_ON.get(self.link.entity, ()), "asOf") if facts.get(n) is not None]
        return found + [c.facts["changedOn"] for c in self.changes if c.facts.get("changedOn")] or [date.max]


def deciding(entity: str, spec: RequiredList, histories: bool) -> list[str]:
    """The coordinates that decide whether a record is in a sending, its label and its place: a
    recipient who may not see all of them in clear gets no rows of that kind, or the list would tell
    it, month by month, what it may not see (`histories`: the sender keeps a change history)."""
    if entity in STANDING:
        return [f"{entity}.{name}" for name in STANDING[entity]]
    names = [f"{entity}.{name}" for name in (*ISSUED_ON[entity], "asOf")]
    if entity == "Employer":
        names += ["Employer.status", *(["Employer.kind"] if spec.kinds else [])]
        names += [f"{HISTORY}.{name}" for name in HISTORY_FIELDS] if histories else []
    return names


def change(
    entity: str, record: dict[str, Any], tracked: bool, within: Window, changed: bool = False
) -> str | None:
    """REVOKED if a permit's revocation falls in the window, else ISSUED if another date of the
    record's own does; CHANGED if its registry recorded a change in the window (`changed`) or only
    its source's change time (`tracked`: the source maps one) falls in it, TERMINATED if such an
    employer is now dissolved; else None."""
    if within.holds(record.get("revocationDate")):
        return "REVOKED"
    if any(within.holds(record.get(name)) for name in ISSUED_ON[entity]):
        return "ISSUED"
    if changed or (tracked and within.holds(record.get("asOf"))):
        return "TERMINATED" if entity == "Employer" and record.get("status") == DISSOLVED else "CHANGED"
    return None


def stands(entity: str, record: dict[str, Any], within: Window) -> bool:
    """Whether a record belongs in a list of what stands at the window's end."""
    if entity == "HealthFacility":
        return record.get("authorisedForForeignWorkers") is True and record.get("status") == "ACTIVE"
    return record.get("quarter") == within.quarter


def sources_of(spec: RequiredList, sources: dict[str, Source]) -> list[tuple[Source, str]]:
    """The sender's sources holding the list's entities, as (source, entity) pairs."""
    return [
        (source, entity)
        for source in sources.values()
        if source.config.agency == spec.sender
        for entity in spec.entities
        if entity in source.config.entities
    ]


async def picked(
    spec: RequiredList, held: list[tuple[Source, str]], within: Window, timeout: float
) -> list[Picked]:
    """The sender's records in this sending, each with the changes recorded for it in the window.
    Whole tables are read, like an index rescan, so they get the rescan's deadline."""
    histories: dict[str, list[Link]] = {}
    for source, entity in held:
        if entity == HISTORY:
            for link in await read(source, entity, set(HISTORY_FIELDS), timeout):
                if within.holds(link.facts.get("changedOn")) and link.facts.get("employerTaxCode"):
                    histories.setdefault(link.facts["employerTaxCode"], []).append(link)
    found: list[Picked] = []
    for source, entity in held:
        if entity == HISTORY:
            continue
        mapping = source.config.entities[entity]
        if entity in STANDING:
            standing = await read(source, entity, set(STANDING[entity]), timeout)
            found.extend(Picked(link, "LISTED") for link in standing if stands(entity, link.facts, within))
            continue
        wanted = {*ISSUED_ON[entity], *(PERSON_FIELDS if entity in PERSON_ENTITIES else ())}
        wanted |= {"taxCode", "kind", "status"} if entity == "Employer" else set()
        for link in await read(source, entity, wanted, timeout):
            code = link.facts.get("taxCode")
            if entity == "Employer" and spec.kinds and link.facts.get("kind") not in spec.kinds:
                continue
            recorded = histories.get(code, []) if entity == "Employer" and code else []
            how = change(entity, link.facts, mapping.as_of is not None, within, bool(recorded))
            if how:
                found.append(Picked(link, how, recorded))
    return found


async def read(source: Source, entity: str, wanted: set[str], timeout: float) -> list[Link]:
    """Every record of `entity` in `source` with the fields `wanted` (and its change time), through
    its guard."""

    mapped = wanted & set(source.config.entities[entity].fields)

    def scan() -> list[Link]:
        return [
            Link(source.config.name, entity, record["sourceRecordId"], record)
            for record in source.connector.scan(entity, mapped)
        ]

    return await source.guard.call(scan, timeout=timeout)


def keeps_history(held: list[tuple[Source, str]]) -> bool:
    return any(entity == HISTORY for _, entity in held)
