"""The floor: the same records a GraphQL workload returns, read as directly as the sources allow.

One SQLAlchemy Core statement per source table by native key (the keys come from the identity
index, outside the timing), dictionary look-ups for file exports (any reader of a CSV export holds
it in memory), then orjson. Whatever the layer costs above this is the price of GraphQL, policy,
audit and HTTP.
"""

from __future__ import annotations

import orjson
from sqlalchemy import column, select, table

from connectors.files import FileConnector
from connectors.sql import SqlConnector
from graph.identity.index import Person
from graph.web.service import Service

WANTED = {
    "WorkPermit": {"permitNumber", "status", "validTo", "employerTaxCode"},
    "Visa": {"visaNumber", "symbol", "validUntil"},
    "HealthCertificate": {"certificateNumber", "conclusion", "conclusionDate"},
    "Employer": {"taxCode", "name", "status"},
}


class Floor:
    """The same records fetched as directly as the sources allow: one statement per source table.
    `wanted` names the canonical fields read of each entity (Employer: the workers' employers)."""

    def __init__(self, service: Service, wanted: dict[str, set[str]] = WANTED) -> None:
        self.service = service
        self.wanted = wanted

    def fetch(self, persons: list[Person]) -> bytes:
        out: list[dict] = []
        employer_codes = {p.employer.value for p in persons if p.employer.value}
        for entity, fields in self.wanted.items():
            if entity == "Employer":
                links = [
                    link
                    for code in employer_codes
                    for link in self.service.index.snapshot.references[entity].get(code, [])
                ]
            else:
                links = [link for p in persons for link in p.records(entity)]
            by_source: dict[str, list[str]] = {}
            for link in links:
                by_source.setdefault(link.source, []).append(link.key)
            for source, keys in by_source.items():
                out += self.rows(source, entity, keys, fields)
        return orjson.dumps(out)

    def rows(self, source: str, entity: str, keys: list[str], fields: set[str]) -> list[dict]:
        connector = self.service.sources[source].connector
        mapping = connector.config.entities[entity]
        columns = [mapping.key] + [m.column for f, m in mapping.fields.items() if f in fields]
        if isinstance(connector, SqlConnector):
            native = table(mapping.table, *(column(c) for c in dict.fromkeys(columns)))
            statement = select(*native.c).where(native.c[mapping.key].in_(keys))
            with connector.engine.connect() as connection:
                return [dict(row) for row in connection.execute(statement).mappings()]
        assert isinstance(connector, FileConnector)
        records = connector._records(mapping)
        return [{f: records[k].get(f) for f in fields} for k in keys if k in records]
