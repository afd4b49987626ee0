"""The sources file: which agency systems exist and how their native columns map to the canonical model.

Loading validates everything up front (kinds, entities, field names, normaliser options) and names
the file and the entry at fault, so a typo stops start-up with a clear message rather than serving
silently wrong or missing data.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from connectors import normalise
from connectors.model import CODE_LISTS, ENTITY_FIELDS, PERSON_ENTITIES
from connectors.normalise import BadValue, Normaliser

KINDS = ("sql", "csv", "xlsx")
IDENTITY = ("passportNumber", "nationality")
"""Fields without which a person record is skipped: it could not be joined to the right worker."""
ALWAYS = frozenset({"sourceRecordId", "asOf", *IDENTITY})
"""Read with every record, whatever was asked, so a fetch can check the record's owner again."""


class ConfigError(Exception):
    """The sources file is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class FieldMapping:
    column: str
    parse: Normaliser


@dataclass(frozen=True)
class EntityMapping:
    """How one native table, sheet or file set feeds one canonical entity."""

    entity: str
    key: str
    fields: dict[str, FieldMapping]
    constants: dict[str, Any] = field(default_factory=dict)
    table: str | None = None
    path: str | None = None
    sheet: str | None = None
    header_row: int = 1
    as_of: FieldMapping | None = None

    def columns(self, wanted: set[str] | None = None) -> list[str]:
        """Native columns for the canonical fields `wanted` (all when None), with key and identity."""
        names = [m.column for f, m in self.fields.items() if wanted is None or f in wanted or f in IDENTITY]
        extra = [self.as_of.column] if self.as_of else []
        return list(dict.fromkeys([self.key, *names, *extra]))

    def record(self, row: Mapping[Any, Any], wanted: set[str] | None = None) -> dict[str, Any]:
        """The canonical record for one native row (by column name); raises BadValue naming the field at fault."""
        key = row.get(self.key)
        if normalise.blank(key):
            raise BadValue(f"no record key in column {self.key!r}")
        out: dict[str, Any] = {"sourceRecordId": str(key).strip(), "asOf": None}
        mappings = [(n, m) for n, m in self.fields.items() if wanted is None or n in wanted or n in IDENTITY]
        if self.as_of:
            mappings.append(("asOf", self.as_of))
        for name, mapping in mappings:
            value = row.get(mapping.column)
            try:
                out[name] = None if normalise.blank(value) else mapping.parse(value)
            except BadValue as error:
                raise BadValue(f"{name} ({mapping.column}): {error}") from None
        if self.entity in PERSON_ENTITIES:
            for name in IDENTITY:
                if out.get(name) is None:
                    raise BadValue(f"{name} is missing, so the record cannot be tied to a person")
        out.update(self.constants)
        return out


@dataclass(frozen=True)
class SourceConfig:
    name: str
    agency: str
    kind: str
    entities: dict[str, EntityMapping]
    url: str | None = None
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    refresh_seconds: float = 60.0
    timeout_seconds: float = 5.0
    pool_size: int = 4
    breaker_threshold: int = 3
    breaker_reset_seconds: float = 30.0
    cache_seconds: float = 30.0


def load_sources(path: Path) -> dict[str, SourceConfig]:
    """Read and validate a YAML or TOML sources file; `{here}` expands to the file's folder."""
    try:
        text = path.read_text(encoding="utf-8").replace("{here}", str(path.resolve().parent))
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), dict):
        raise ConfigError(f"{path}: expected a top-level 'sources:' mapping")
    return {name: _source(path, name, spec) for name, spec in data["sources"].items()}


def _source(path: Path, name: str, spec: Any) -> SourceConfig:
    where = f"{path}: sources.{name}"
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: expected a mapping")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    if kind == "sql" and not spec.get("url"):
        raise ConfigError(f"{where}.url: a sql source needs a SQLAlchemy URL")
    entities = spec.get("entities")
    if not isinstance(entities, dict) or not entities:
        raise ConfigError(f"{where}.entities: list at least one canonical entity")
    tuning = {
        "refresh_seconds",
        "timeout_seconds",
        "pool_size",
        "breaker_threshold",
        "breaker_reset_seconds",
        "cache_seconds",
    }
    known = {"agency", "kind", "url", "entities", "encoding", "delimiter", *tuning}
    _no_unknown(where, spec, known)
    # an int or a float each, by name (`_number`): values of mixed types, so not checked here
    tuned: dict[str, Any] = {name: _number(where, name, spec[name]) for name in tuning if name in spec}
    return SourceConfig(
        name=name,
        agency=str(spec.get("agency", name)),
        kind=kind,
        url=spec.get("url"),
        encoding=spec.get("encoding", "utf-8-sig"),
        delimiter=spec.get("delimiter", ","),
        **tuned,
        entities={e: _entity(f"{where}.entities.{e}", kind, e, s) for e, s in entities.items()},
    )


def _entity(where: str, kind: str, entity: str, spec: Any) -> EntityMapping:
    if entity not in ENTITY_FIELDS:
        raise ConfigError(f"{where}: unknown entity; known: {', '.join(sorted(ENTITY_FIELDS))}")
    if not isinstance(spec, dict) or not spec.get("key"):
        raise ConfigError(f"{where}.key: name the native column that identifies a record")
    if kind == "sql" and not spec.get("table"):
        raise ConfigError(f"{where}.table: a sql entity needs a table")
    if kind != "sql" and not spec.get("path"):
        raise ConfigError(f"{where}.path: a {kind} entity needs a file glob")
    known = {"key", "table", "path", "sheet", "header_row", "as_of", "constants", "fields"}
    _no_unknown(where, spec, known)
    allowed = ENTITY_FIELDS[entity]
    fields = {}
    for name, mapping in (spec.get("fields") or {}).items():
        if name not in allowed:
            raise ConfigError(f"{where}.fields.{name}: {entity} has no such field")
        fields[name] = _field(f"{where}.fields.{name}", f"{entity}.{name}", mapping)
    constants = dict(spec.get("constants") or {})
    for name in constants:
        if name not in allowed:
            raise ConfigError(f"{where}.constants.{name}: {entity} has no such field")
    if entity in PERSON_ENTITIES:
        for name in IDENTITY:
            if name not in fields:
                raise ConfigError(f"{where}.fields: a person record needs {name} mapped")
    return EntityMapping(
        entity=entity,
        key=str(spec["key"]),
        fields=fields,
        constants=constants,
        table=spec.get("table"),
        path=spec.get("path"),
        sheet=spec.get("sheet"),
        header_row=int(spec.get("header_row", 1)),
        as_of=_field(f"{where}.as_of", "asOf", spec["as_of"], "datetime") if spec.get("as_of") else None,
    )


def _field(where: str, coordinate: str, spec: Any, default: str = "text") -> FieldMapping:
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict) or not spec.get("column"):
        raise ConfigError(f"{where}: give a column name or {{column: …, normalise: …}}")
    options = {k: v for k, v in spec.items() if k not in ("column", "normalise")}
    try:
        parse = normalise.make(spec.get("normalise", default), options)
    except (KeyError, TypeError) as error:
        raise ConfigError(f"{where}: {error}") from None
    allowed = CODE_LISTS.get(coordinate)
    if allowed and spec.get("normalise") == "code":
        wrong = sorted(set(options.get("codes", {}).values()) - allowed)
        if wrong:
            raise ConfigError(f"{where}: {', '.join(wrong)} not in {', '.join(sorted(allowed))}")
    return FieldMapping(column=str(spec["column"]), parse=parse)


def _number(where: str, name: str, value: Any) -> int | float:
    least = 0 if name == "cache_seconds" else 1e-9
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < least:
        raise ConfigError(f"{where}.{name}: expected a positive number, got {value!r}")
    return int(value) if name in ("pool_size", "breaker_threshold") else float(value)


def _no_unknown(where: str, spec: dict[str, Any], known: set[str]) -> None:
    unknown = sorted(set(spec) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown option {', '.join(unknown)}")
