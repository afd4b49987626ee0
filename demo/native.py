"""Writing native sources: database tables, Excel sheets and CSV lists, the same bytes every run.

Tables go through SQLAlchemy Core, so a database agency lands in a SQLite file by default or in any
server given its URL. openpyxl stamps the current time into a workbook's properties and every zip
entry; here both get one fixed moment, so the same seed gives the same bytes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, insert

Row = Sequence[Any]
T = TypeVar("T")
K = TypeVar("K")
TYPES = {"TEXT": Text, "INTEGER": Integer}
BATCH = 5_000


@dataclass(frozen=True)
class Place:
    """Where an agency's system lives: its folder in the data folder and, for a database agency,
    its SQLAlchemy URL (a SQLite file in the folder unless another database was asked for)."""

    folder: Path
    url: str


@dataclass(frozen=True)
class BadRow:
    """A row planted to be unreadable: a connector must report it and skip it. For a database
    `file` is the table and `row` the record key; for a file, the path under the data folder and the
    row number as a spreadsheet user counts it (header and title rows included)."""

    source: str
    entity: str
    file: str
    row: str
    reason: str


@dataclass
class Written:
    """What an agency writer wrote, for the progress line, and the bad rows it planted."""

    summary: str
    bad_rows: list[BadRow] = field(default_factory=list)


def grouped(items: Iterable[T], key: Callable[[T], K]) -> dict[K, list[T]]:
    """Items by `key`, in first-seen order: one native file per group (a month, a year, a clinic)."""
    groups: dict[K, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def write_table(url: str, name: str, columns: Sequence[str], rows: Iterable[Row]) -> None:
    """(Re)create table `name` in the database at `url` and fill it. A column is "name" or
    "name TYPE" (TEXT, the default, or INTEGER); the first is the record key."""
    metadata = MetaData()
    key, *others = ([*column.split(), "TEXT"][:2] for column in columns)
    table = Table(
        name, metadata, Column(key[0], String(64), primary_key=True),
        *(Column(column, TYPES[kind]()) for column, kind in others),
    )  # fmt: skip
    names = [column.name for column in table.columns]
    engine = create_engine(url)
    try:
        metadata.drop_all(engine)
        metadata.create_all(engine)
        with engine.begin() as connection:
            for batch in batches(rows):
                connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in batch])
    finally:
        engine.dispose()


def batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def write_csv(path: Path, header: Row, rows: Iterable[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_sheet(
    path: Path, stamp: datetime, sheet: str, header: Row, rows: Iterable[Row], title: str | None = None
) -> None:
    """One sheet: an optional title row, the header, the rows; dates as real date cells."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = stamp
    page = book.create_sheet(sheet)
    if title:
        page.append([title])
    page.append(list(header))
    for row in rows:
        page.append(list(row))
    with StableZip(path, "w", ZIP_DEFLATED, allowZip64=True, stamp=stamp) as archive:
        ExcelWriter(book, archive).save()


class StableZip(ZipFile):
    """A zip whose entries all carry one timestamp, whatever the clock or the temp files say."""

    def __init__(self, *args: Any, stamp: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp = stamp.timetuple()[:6]

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self.stamp)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """openpyxl adds write-only sheets from temp files, whose modification time would leak in."""
        self.writestr(str(arcname or filename), Path(filename).read_bytes())
