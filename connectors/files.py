"""A source that is a set of exported files: CSV or XLSX lists matched by a glob per entity.

Agencies drop a new monthly list next to the old ones or correct a file in place; each file is
parsed once per (path, size, mtime) and a changed or new file is picked up on the next request,
with no restart. Files are read in name order and a later file's record replaces an earlier one
with the same key, as a monthly list restates the records that changed that month.

A bad row is skipped and reported; a file that cannot be read whole fails the whole entity
(UnreadableExport), because which records it held, restated or revoked is then unknown. The failure
is remembered per file version, so a damaged file is parsed once, not on every request.
"""

from __future__ import annotations

import csv
import glob
import os
import time
import zipfile
import zlib
from collections.abc import Collection, Hashable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from connectors.config import ALWAYS, EntityMapping, SourceConfig
from connectors.normalise import BadValue
from connectors.source import Problems, Record, RowProblem, UnreadableExport

Signature = tuple[str, int, int]
UNREADABLE = (
    OSError,
    EOFError,
    ValueError,
    KeyError,
    SyntaxError,
    zlib.error,
    csv.Error,
    zipfile.BadZipFile,
    InvalidFileException,
)
"""What a truncated, corrupt, mis-encoded or vanished file raises (SyntaxError: broken sheet XML)."""


class FileConnector:
    def __init__(self, config: SourceConfig) -> None:
        self.config = config
        self.problems = Problems()
        self.parsed: dict[str, dict[Signature, dict[str, Record] | UnreadableExport]] = {
            e: {} for e in config.entities
        }
        self.merged: dict[str, tuple[list[Signature], dict[str, Record]]] = {}
        self.listings: dict[str, tuple[int, list[str]]] = {}
        """Glob pattern → (its folder's modification time, the files it matched then)."""

    def version(self) -> Hashable:
        return tuple(self._signatures(mapping) for mapping in self.config.entities.values())

    def scan(self, entity: str, fields: set[str]) -> Iterator[Record]:
        yield from self._records(self.config.entities[entity]).values()

    def fetch(self, entity: str, keys: Collection[Any], fields: set[str]) -> list[Record]:
        return picked(self._records(self.config.entities[entity]), keys, fields)

    def held(self, entity: str, keys: Collection[Any], fields: set[str]) -> list[Record] | None:
        """The records as `fetch` would read them, from the last whole read of the entity's files
        if none changed since (one glob and one stat per file, cheap enough for the event loop,
        which spares the common case a trip to the source's threads); None when the files must
        be read again (new, changed, damaged or gone), which the caller does on those threads."""
        known = self.merged.get(entity)
        try:
            unchanged = known is not None and known[0] == self._signatures(self.config.entities[entity])
        except OSError:
            return None
        return picked(known[1], keys, fields) if known is not None and unchanged else None

    def close(self) -> None:
        for parsed in self.parsed.values():
            parsed.clear()
        self.merged.clear()

    def _signatures(self, mapping: EntityMapping) -> list[Signature]:
        signatures = []
        for name in self._matches(mapping.path or ""):
            try:
                stat = os.stat(name)
            except FileNotFoundError:
                continue
            signatures.append((name, stat.st_size, stat.st_mtime_ns))
        return signatures

    def _matches(self, pattern: str) -> list[str]:
        """The files the glob matches, in name order. Listing the folder is most of a glob's cost,
        so the list is kept until the folder's modification time changes (adding, removing or
        renaming a file in it does). A listing taken within a second of that time is not kept: a
        change in the same clock tick would leave the time as it was (git's "racy" index entries).
        A pattern with wildcards in its folders is globbed every time."""
        folder = os.path.dirname(pattern)
        if glob.has_magic(folder):
            return sorted(glob.glob(pattern))
        try:
            modified = os.stat(folder or ".").st_mtime_ns
        except FileNotFoundError:
            return []
        known = self.listings.get(pattern)
        if known is not None and known[0] == modified:
            return known[1]
        names = sorted(glob.glob(pattern))
        if time.time_ns() - modified > 1_000_000_000:
            self.listings[pattern] = (modified, names)
        return names

    def _records(self, mapping: EntityMapping) -> dict[str, Record]:
        """All records of the entity, re-reading only files whose signature changed."""
        parsed = self.parsed[mapping.entity]
        current = self._signatures(mapping)
        if not current:
            raise FileNotFoundError(f"no file matches {mapping.path}: the export is missing")
        known = self.merged.get(mapping.entity)
        if known and known[0] == current:
            return known[1]
        for stale in set(parsed) - set(current):
            del parsed[stale]
        merged: dict[str, Record] = {}
        for signature in current:
            if signature not in parsed:
                parsed[signature] = self._parse(mapping, signature)
            records = parsed[signature]
            if isinstance(records, UnreadableExport):
                raise records.with_traceback(None)
            merged.update(records)
        self.merged[mapping.entity] = (current, merged)
        return merged

    def _parse(self, mapping: EntityMapping, signature: Signature) -> dict[str, Record] | UnreadableExport:
        """The file's records by key, or the reason it cannot be read whole."""
        path, _, mtime_ns = signature
        modified = datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC)
        records: dict[str, Record] = {}
        try:
            rows = list(self._rows(mapping, Path(path)))
        except UNREADABLE as error:
            return UnreadableExport(f"{path} cannot be read whole: {error}")
        for number, row in rows:
            try:
                record = mapping.record(row)
            except BadValue as error:
                self.problems.add(RowProblem(self.config.name, mapping.entity, path, str(number), str(error)))
                continue
            record["asOf"] = record["asOf"] or modified
            records[record["sourceRecordId"]] = record
        return records

    def _rows(self, mapping: EntityMapping, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number as a spreadsheet user counts it, {header: cell}) for each data row."""
        lines: Iterator[Sequence[Any]]
        if self.config.kind == "csv":
            lines = read_csv(path, self.config.encoding, self.config.delimiter)
        else:
            lines = read_xlsx(path, mapping.sheet)
        yield from _with_header(lines, mapping)


def read_csv(path: Path, encoding: str, delimiter: str) -> Iterator[list[str]]:
    """Strict: a quote left open swallows every row after it, so it fails the file, naming the line."""
    with path.open(encoding=encoding, newline="") as handle:
        lines = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            yield from lines
        except csv.Error as error:
            raise csv.Error(f"line {lines.line_num}: {error}") from None


def read_xlsx(path: Path, sheet: str | None) -> Iterator[tuple[Any, ...]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        yield from worksheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _with_header(
    lines: Iterator[Sequence[Any]], mapping: EntityMapping
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Data rows by header. A file that never reaches its header row was cut short, and one whose
    header lacks a mapped column was laid out anew: either cannot be read whole (ValueError), as a
    renamed column is a data error for a database, rather than yielding rows of missing values."""
    header: list[str] | None = None
    for number, cells in enumerate(lines, start=1):
        if number < mapping.header_row:
            continue
        if number == mapping.header_row:
            header = [str(cell).strip() if cell is not None else "" for cell in cells]
            missing = [repr(name) for name in mapping.columns() if name not in header]
            if missing:
                raise ValueError(f"header row {number} has no column {', '.join(missing)}")
            continue
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        assert header is not None  # read at the header row, which came first
        yield number, dict(zip(header, cells, strict=False))  # a short row lacks its last cells
    if header is None:
        raise ValueError(f"no header row {mapping.header_row}: the file is empty or cut short")


def picked(records: dict[str, Record], keys: Collection[Any], fields: set[str]) -> list[Record]:
    """The records with these keys, holding only the fields asked for (and those always kept)."""
    return [
        {name: value for name, value in records[key].items() if name in fields or name in ALWAYS}
        for key in keys
        if key in records
    ]
