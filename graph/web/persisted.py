"""Persisted queries: an allow-list of registered operations, and automatic persisted queries.

A frontend team registers its operations in an allow-list file (id → document); agencies or roles
named in `required_for` may run only those. Any client may also send just the sha256 of a document it
sent before (`extensions.persistedQuery`, the Apollo convention), which saves bandwidth but grants no
extra rights: for restricted viewers only the allow-list counts. A hash sent with its document is
remembered for that viewer (`sub`) alone, once the document passed the limits: whether a hash is
known must not tell one officer what another ran, and a refused document must take no room.
Allow-listed operations are known to everyone.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.access.viewer import Viewer


class PersistedQueryError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class PersistedQueries:
    operations: dict[str, str] = field(default_factory=dict)
    required_for: list[dict[str, str]] = field(default_factory=list)
    registered: OrderedDict[tuple[str, str], str] = field(default_factory=OrderedDict)
    """(viewer's sub, sha256) → document, least recently registered first."""
    capacity: int = 10_000
    max_bytes: int = 20_000_000
    """Of remembered documents' text, all viewers together."""
    size: int = 0

    @classmethod
    def load(cls, path: Path | None, required_for: list[dict[str, str]] | None = None) -> PersistedQueries:
        """Read an allow-list: a YAML or JSON mapping of operation id → GraphQL document."""
        operations: dict[str, str] = {}
        if path:
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, UnicodeError, yaml.YAMLError) as error:
                raise ValueError(f"{path}: the persisted queries cannot be read ({error})") from None
            if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
                raise ValueError(f"{path}: expected a mapping of operation id → GraphQL document")
            operations = {str(k): v for k, v in data.items()}
        for document in list(operations.values()):
            operations.setdefault(sha256(document), document)
        return cls(operations, list(required_for or []))

    def restricted(self, viewer: Viewer) -> bool:
        return any(all(getattr(viewer, k, None) == v for k, v in rule.items()) for rule in self.required_for)

    def resolve(self, params: dict[str, Any], viewer: Viewer) -> str:
        """The document to run for these request parameters (graph/web/protocol.py checked that they
        name one), or PersistedQueryError."""
        document_id = params.get("documentId")
        persisted = (params.get("extensions") or {}).get("persistedQuery")
        query = params.get("query")
        if document_id is not None:
            if document_id not in self.operations:
                raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "no registered operation has this id")
            return self.operations[document_id]
        if isinstance(persisted, dict):
            digest = str(persisted.get("sha256Hash", ""))
            if query is not None:
                if sha256(query) != digest:
                    raise PersistedQueryError("BAD_REQUEST", "the query does not match its sha256Hash")
            elif digest in self.operations:
                return self.operations[digest]
            elif (viewer.sub, digest) in self.registered and not self.restricted(viewer):
                return self.registered[viewer.sub, digest]
            else:
                raise PersistedQueryError("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        assert isinstance(query, str)  # protocol.py refuses parameters that name no document
        if self.restricted(viewer) and sha256(query) not in self.operations:
            raise PersistedQueryError("PERSISTED_QUERY_REQUIRED", "only registered operations may be run")
        return query

    def register(self, params: dict[str, Any], viewer: Viewer) -> None:
        """Remember a hash sent with its document for this viewer; called only once the document
        has passed the limits, so a refused one takes no room here."""
        persisted = (params.get("extensions") or {}).get("persistedQuery")
        query = params.get("query")
        if params.get("documentId") is None and isinstance(persisted, dict) and isinstance(query, str):
            key = (viewer.sub, sha256(query))
            if key not in self.registered:
                self.registered[key] = query
                self.size += len(query.encode())
            self.registered.move_to_end(key)
            while len(self.registered) > self.capacity or self.size > self.max_bytes:
                _, dropped = self.registered.popitem(last=False)
                self.size -= len(dropped.encode())


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()
