"""What one request carries through resolvers: the service's parts and this request's own state."""

from __future__ import annotations

from dataclasses import dataclass, field

from connectors import Source
from graph.cache import RecordCache
from graph.identity import IdentityIndex
from graph.loader import Loader, Trace
from graph.present import Gate, OpenGate


@dataclass
class Context:
    sources: dict[str, Source]
    index: IdentityIndex
    cache: RecordCache
    gate: Gate = field(default_factory=OpenGate)
    trace: Trace = field(default_factory=Trace)
    executed: bool = False
    """Set once validation passed and execution began: what tells a request error from a field error."""

    @property
    def loader(self) -> Loader:
        return Loader(self.sources, self.index, self.trace, self.gate, self.cache)
