"""`statistics`: counts over the workers the viewer may list, grouped by what it may see in clear.

The question is recorded for the audit trail before anything else, refused ones too: its unit,
dimensions, period and the filter's conditions, never the workers counted (a count shows no worker,
and listing 100,000 pseudonyms per request would bury the trail). Then, as for `workers`: the root
field is decided by the gate, each dimension and filter condition must be seen in clear
(`require_clear`: a dimension is a filter with many values), and the workers are those of the index
snapshot the gate finds visible and the filter keeps. Counting reads the index's facts, not the
sources (graph/rules/statistics.py), off the event loop; only COMPLIANCE_STATUS reads dossiers, in
batches, through a loader of its own so that the workers judged are not recorded as shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from datetime import date

from strawberry.types import Info

from graph.access.present import View, present
from graph.api.context import Context
from graph.api.dossiers import load_dossiers
from graph.api.inputs import WorkerFilter, bad_input
from graph.api.resolvers.workers import FILTER_FIELDS, matching
from graph.api.selection import selection_of
from graph.common.timezone import today
from graph.fetch.loader import Loader, Trace
from graph.identity.index import Person
from graph.rules.compliance import report
from graph.rules.statistics import (
    EMPLOYER_FIELDS,
    EMPLOYERS,
    Counting,
    NotApplicable,
    Question,
    requirement,
    table,
)
from graph.rules.suppression import MAX_DIMENSIONS as SUPPRESSED_DIMENSIONS

BATCH = 250
"""Workers judged per round of source queries, as for `discrepancies`."""


async def statistics(
    info: Info,
    unit: str,
    dimensions: Sequence[str],
    at: date | None,
    since: date | None,
    until: date | None,
    wanted: WorkerFilter | None,
) -> View:
    context: Context = info.context
    gate = context.gate
    question = Question(unit, tuple(dimensions), at or today(), since, until)
    conditions = sorted(c for c in FILTER_FIELDS if wanted is not None and getattr(wanted, c) is not None)
    context.statistics.append(
        {
            "unit": unit,
            "groupBy": list(dimensions),
            "at": question.at.isoformat(),
            "from": since.isoformat() if since else None,
            "to": until.isoformat() if until else None,
            "filter": conditions,
        }
    )
    gate.require("Query", "statistics")
    try:
        needed = requirement(question)
    except NotApplicable as error:
        raise bad_input(str(error)) from None
    gate.require_clear(sorted(needed.needs))
    filtered = {c for condition in conditions for c in FILTER_FIELDS[condition]}
    full = gate.full_access(needed.basis | filtered)
    if not full and len(dimensions) > SUPPRESSED_DIMENSIONS:
        raise bad_input(
            f"small counts are suppressed for your agency, which holds for at most {SUPPRESSED_DIMENSIONS}"
            " dimensions: group by fewer, and narrow with filter"
        )
    snapshot = context.index.snapshot
    persons: Iterable[Person] = matching(gate.visible(snapshot.ordered), wanted, gate, snapshot)
    compliance: dict[str, str] = {}
    if "COMPLIANCE_STATUS" in dimensions:
        listed = await asyncio.to_thread(list, persons)
        compliance = await judged(context, listed, question.at)
        persons = listed
    counting = Counting(question, gate, snapshot.references["Employer"], compliance)
    counts = await asyncio.to_thread(counting.count, persons)  # a city's workers: not on the event loop
    cells = await asyncio.to_thread(table, question, counts, None if full else context.min_cell)
    raw = {
        "unit": unit,
        "groupBy": list(dimensions),
        "at": question.at,
        "issuedFrom": since,
        "issuedTo": until,
        **cells,
        "incomplete": incomplete(context, question),
    }
    return present(gate, selection_of(info), raw)


async def judged(context: Context, persons: list[Person], at: date) -> dict[str, str]:
    """Each worker's compliance status on `at`, as `Worker.compliance` would judge it for this viewer."""
    scanner = Loader(
        context.sources, context.index, Trace(status=context.trace.status), context.gate, context.cache
    )
    statuses: dict[str, str] = {}
    for offset in range(0, len(persons), BATCH):
        for dossier in await load_dossiers(scanner, persons[offset : offset + BATCH]):
            statuses[dossier.person.id] = report(dossier, at)["status"]
    return statuses


def incomplete(context: Context, question: Question) -> list[str]:
    """Agencies with a source of a kind of record the viewer may see that could not be indexed (or
    whose export cannot be read whole now): workers and records it holds are missing from the counts."""
    employers = question.unit == EMPLOYERS or any(d in EMPLOYER_FIELDS for d in question.dimensions)
    entities = set(context.gate.entities) | ({"Employer"} if employers else set())
    return sorted(
        {
            context.sources[name].config.agency
            for entity in entities
            for name in context.index.unindexed(entity)
        }
    )
