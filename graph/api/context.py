"""What one request carries through resolvers: the service's parts and this request's own state."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from strawberry.dataloader import DataLoader

from connectors import Source
from graph.access.identity_decisions import DecisionStore
from graph.access.present import Gate, OpenGate
from graph.api.dossiers import load_dossiers
from graph.exchange.delivery_log import DeliveryLog
from graph.exchange.window import Calendar
from graph.fetch.cache import RecordCache
from graph.fetch.loader import Loader, Trace
from graph.identity.index import IdentityIndex
from graph.rules.dossier import Dossier
from graph.worklist.cases import CaseStore


@dataclass
class Context:
    sources: dict[str, Source]
    index: IdentityIndex
    cache: RecordCache
    gate: Gate = field(default_factory=OpenGate)
    trace: Trace = field(default_factory=Trace)
    calendar: Calendar = field(default_factory=Calendar)
    """The province's exchange calendar (settings `exchange`): when each list is due, what it covers."""
    deliveries: DeliveryLog | None = None
    """The delivery log `deliveries(month:)` reads; None where nothing is delivered (bench, tests)."""
    executed: bool = False
    """Set once validation passed and execution began: what tells a request error from a field error."""
    min_cell: int = 5
    """The smallest count `statistics` shows a viewer without full access (setting statistics.min_cell)."""
    decisions: DecisionStore | None = None
    """Where officers' identity decisions are kept (`decideIdentity`); None where none are taken."""
    statistics: list[dict[str, Any]] = field(default_factory=list)
    """Each statistics question asked, for the audit record: its dimensions, never the workers counted."""
    cases: CaseStore | None = None
    """The work list's cases (graph/worklist/cases.py); None where there is none (bench, tests): the
    findings are then all OPEN and cannot be acted on."""
    audit: Callable[[dict[str, Any]], Awaitable[None]] | None = None
    """Appends a record to the audit trail, naming the request (raises AuditUnavailable): how a change
    to a case or an identity decision is audited before it is made."""
    headcounts: dict[date, dict[str, int]] = field(default_factory=dict)
    """Workers authorised per employer on a day, counted once per request (`contractorReports`)."""

    @property
    def loader(self) -> Loader:
        return Loader(self.sources, self.index, self.trace, self.gate, self.cache)

    @cached_property
    def dossiers(self) -> DataLoader[str, Dossier | None]:
        """Workers' dossiers by id, loaded together for every worker of a page that asks."""

        async def load_many(ids: list[str]) -> list[Dossier | None]:
            by_id = self.index.snapshot.by_id
            persons = [by_id[i] for i in ids if i in by_id]
            found = {d.person.id: d for d in await load_dossiers(self.loader, persons)}
            return [found.get(i) for i in ids]

        return DataLoader(load_fn=load_many)
