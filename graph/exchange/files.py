"""The monthly exchange list as the CSV or XLSX file agencies e-mail today, for HTTP and the CLI.

Both ask the same GraphQL document through the same gate as any request, so a file can never show
more than the query would. Columns carry the Vietnamese headers of the agencies' own lists; a column
the recipient may not see is left out and named (XLSX: the "Ghi chú" sheet; HTTP: X-Withheld), and
masked values stay masked.
"""

from __future__ import annotations

import csv
import getpass
import io
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from sqlalchemy.exc import SQLAlchemyError

from connectors.nationality import names
from graph.access.audit import AuditUnavailable, now
from graph.access.gate import PolicyGate
from graph.access.policy import ScopeError
from graph.access.viewer import Viewer
from graph.exchange.lists import ROWS
from graph.exchange.window import BadMonth, window

if TYPE_CHECKING:
    from graph.web.settings import Settings

LABELS: dict[str, str] = {
    "NEW": "Cấp mới",
    "REISSUE": "Cấp lại",
    "EXTENSION": "Gia hạn",
    "VALID": "Còn hiệu lực",
    "EXPIRED": "Hết hạn",
    "REVOKED": "Thu hồi",
    "RETURNED": "Đã nộp lại",
    "SUPERSEDED": "Đã được cấp lại",
    "MANAGER": "Nhà quản lý",
    "EXECUTIVE_DIRECTOR": "Giám đốc điều hành",
    "EXPERT": "Chuyên gia",
    "TECHNICAL_WORKER": "Lao động kỹ thuật",
    "LABOUR_CONTRACT": "Hợp đồng lao động",
    "INTRA_COMPANY_TRANSFER": "Di chuyển trong nội bộ doanh nghiệp",
    "SERVICE_CONTRACT": "Thực hiện hợp đồng dịch vụ",
    "COMMERCIAL_PRESENCE": "Chào bán dịch vụ",
    "OTHER": "Khác",
    "SINGLE": "Một lần",
    "MULTIPLE": "Nhiều lần",
    "FDI_ENTERPRISE": "Doanh nghiệp có vốn đầu tư nước ngoài",
    "REPRESENTATIVE_OFFICE": "Văn phòng đại diện",
    "BRANCH": "Chi nhánh",
    "FOREIGN_CONTRACTOR": "Nhà thầu nước ngoài",
    "ACTIVE": "Đang hoạt động",
    "SUSPENDED": "Tạm ngừng kinh doanh",
    "DISSOLVED": "Đã giải thể",
    "ISSUED": "Cấp mới",
    "CHANGED": "Thay đổi",
    "M": "Nam",
    "F": "Nữ",
}
"""Code values as the agencies write them in their lists."""
KINDS = {
    "workPermit": "Giấy phép lao động",
    "permitExemption": "Xác nhận không thuộc diện cấp GPLĐ",
    "visa": "Thị thực",
    "residenceCard": "Thẻ tạm trú",
    "employer": "Doanh nghiệp",
}
TYPES = {"worker": "Worker", **{field: entity for entity, field in ROWS.items()}}


def text(value: Any) -> Any:
    """A value for a cell: codes in Vietnamese, dates as dd/mm/yyyy, as agencies type them."""
    if isinstance(value, str) and value in LABELS:
        return LABELS[value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def country(value: Any) -> Any:
    try:
        return names(value)[1]
    except KeyError:
        return value


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]
    show: Callable[[Any], Any] = text

    @property
    def coordinate(self) -> str:
        """The schema field this column shows, whose policy decides whether it is shown."""
        parent = TYPES[self.path[0]] if len(self.path) == 2 else "Employer"
        return f"{parent}.{self.path[-1]}"


PERSON = [
    Column("Họ và tên", ("worker", "fullName")),
    Column("Ngày sinh", ("worker", "dateOfBirth")),
    Column("Giới tính", ("worker", "gender")),
    Column("Quốc tịch", ("worker", "nationality"), country),
    Column("Số hộ chiếu", ("worker", "passportNumber")),
]
COLUMNS: dict[str, list[Column]] = {
    "workPermit": [
        Column("Số GPLĐ", ("workPermit", "permitNumber")),
        *PERSON,
        Column("Mã số doanh nghiệp", ("workPermit", "employerTaxCode")),
        Column("Tên doanh nghiệp", ("workPermit", "employer", "name")),
        Column("Hình thức cấp", ("workPermit", "issuanceType")),
        Column("Tình trạng", ("workPermit", "status")),
        Column("Vị trí công việc", ("workPermit", "jobPosition")),
        Column("Hình thức làm việc", ("workPermit", "workForm")),
        Column("Chức danh công việc", ("workPermit", "jobTitle")),
        Column("Địa điểm làm việc", ("workPermit", "workLocation")),
        Column("Từ ngày", ("workPermit", "validFrom")),
        Column("Đến ngày", ("workPermit", "validTo")),
        Column("Mức lương (VNĐ)", ("workPermit", "salary")),
        Column("Số GPLĐ đã cấp trước", ("workPermit", "predecessorPermitNumber")),
        Column("Số quyết định thu hồi", ("workPermit", "revocationDecision")),
        Column("Ngày thu hồi", ("workPermit", "revocationDate")),
        Column("Lý do thu hồi", ("workPermit", "revocationGround")),
    ],
    "permitExemption": [
        Column("Số văn bản xác nhận", ("permitExemption", "certificateNumber")),
        *PERSON,
        Column("Mã số doanh nghiệp", ("permitExemption", "employerTaxCode")),
        Column("Tên doanh nghiệp", ("permitExemption", "employer", "name")),
        Column("Trường hợp không thuộc diện cấp GPLĐ", ("permitExemption", "legalBasis")),
        Column("Từ ngày", ("permitExemption", "validFrom")),
        Column("Đến ngày", ("permitExemption", "validTo")),
    ],
    "visa": [
        Column("Số thị thực", ("visa", "visaNumber")),
        *PERSON,
        Column("Ký hiệu", ("visa", "symbol")),
        Column("Số lần nhập cảnh", ("visa", "entries")),
        Column("Giá trị từ ngày", ("visa", "validFrom")),
        Column("Giá trị đến ngày", ("visa", "validUntil")),
        Column("Mã số thuế cơ quan bảo lãnh", ("visa", "sponsorTaxCode")),
        Column("Cơ quan, tổ chức bảo lãnh", ("visa", "sponsor", "name")),
    ],
    "residenceCard": [
        Column("Số thẻ tạm trú", ("residenceCard", "cardNumber")),
        *PERSON,
        Column("Ký hiệu", ("residenceCard", "symbol")),
        Column("Giá trị từ ngày", ("residenceCard", "validFrom")),
        Column("Giá trị đến ngày", ("residenceCard", "validTo")),
        Column("Mã số thuế cơ quan bảo lãnh", ("residenceCard", "sponsorTaxCode")),
        Column("Cơ quan, tổ chức bảo lãnh", ("residenceCard", "sponsor", "name")),
        Column("Địa chỉ tạm trú", ("residenceCard", "address")),
        Column("Phường/Xã", ("residenceCard", "ward")),
    ],
    "employer": [
        Column("Mã số doanh nghiệp", ("employer", "taxCode")),
        Column("Tên doanh nghiệp", ("employer", "name")),
        Column("Tên nước ngoài", ("employer", "foreignName")),
        Column("Loại hình", ("employer", "kind")),
        Column("Ngành kinh doanh chính", ("employer", "sector")),
        Column("Trong khu công nghiệp", ("employer", "inIndustrialZone")),
        Column("Tình trạng", ("employer", "status")),
        Column("Địa chỉ", ("employer", "address")),
        Column("Phường/Xã", ("employer", "ward")),
        Column("Số lao động nước ngoài", ("employer", "registeredForeignHeadcount")),
    ],
}
"""Each kind of row as the agencies list it (demo/permits.py and the regulation's lists)."""
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def document() -> str:
    """The GraphQL document behind every file: each column's field, once."""
    tree: dict[str, Any] = {}
    for column in (c for columns in COLUMNS.values() for c in columns):
        node = tree
        for step in column.path:
            node = node.setdefault(step, {})

    def fields(node: dict[str, Any]) -> str:
        return " ".join(f"{name} {{ {fields(child)} }}" if child else name for name, child in node.items())

    return (
        "query ExchangeList($agency: String!, $month: String!) { exchangeList(agency: $agency, month: $month)"
        f" {{ agency month windowStart windowEnd withheld rows {{ change {fields(tree)} }} }} }}"
    )


DOCUMENT = document()


@dataclass
class Sheet:
    """The list as a table: title, headers, rows, and what was left out."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    withheld: list[str]


def sheet(
    data: dict[str, Any], verdicts: dict[str, str], progress: Callable[[int], None] | None = None
) -> Sheet:
    rows = data["rows"]
    kinds = [field for field in COLUMNS if any(row.get(field) for row in rows)]
    chosen: dict[str, Column] = {}
    for column in (c for kind in kinds for c in COLUMNS[kind]):
        chosen.setdefault(column.header, column)
    hidden = sorted(
        {
            c.coordinate
            for c in chosen.values()
            if verdicts.get(c.coordinate, "allow") not in ("allow", "mask")
        }
    )
    columns = [c for c in chosen.values() if c.coordinate not in hidden]
    table = []
    for number, row in enumerate(rows, 1):
        kind = next((k for k in kinds if row.get(k)), "")
        values = [cell(row, c) for c in columns]
        table.append([number, KINDS.get(kind, ""), text(row["change"]), *values])
        if progress and number % 1000 == 0:
            progress(number)
    start, end = (date.fromisoformat(data[k]).strftime("%d/%m/%Y") for k in ("windowStart", "windowEnd"))
    title = f"Danh sách {data['agency']} tháng {data['month']} (từ ngày {start} đến ngày {end})"
    headers = ["STT", "Loại giấy tờ", "Loại thay đổi", *(c.header for c in columns)]
    return Sheet(title, headers, table, [*hidden, *(f"{kind} (all rows)" for kind in data["withheld"])])


def cell(row: dict[str, Any], column: Column) -> Any:
    value: Any = row
    for step in column.path:
        value = value.get(step) if isinstance(value, dict) else None
    return None if value is None else column.show(value)


def as_csv(table: Sheet) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Vietnamese right


def as_xlsx(table: Sheet) -> bytes:
    book = Workbook(write_only=True)
    rows = book.create_sheet("Danh sách")
    rows.append([table.title])
    rows.append(table.headers)
    for row in table.rows:
        rows.append(row)
    notes = book.create_sheet("Ghi chú")
    notes.append(["Các cột không được cung cấp cho cơ quan nhận (theo chính sách bảo mật):"])
    for line in table.withheld or ["(không có)"]:
        notes.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render(table: Sheet, kind: str) -> bytes:
    return as_xlsx(table) if kind == "xlsx" else as_csv(table)


class ExportError(Exception):
    """The list could not be made; the message says why."""


def draft(output: Path, body: bytes) -> Path:
    """`body` in a new hidden file (mode 0600) beside `output`, renamed into place only once the
    export is audited: a list that cannot be written is never recorded as exported, and an export
    that cannot be audited leaves no file."""
    written: Path | None = None
    try:
        descriptor, name = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
        written = Path(name)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
    except OSError as error:
        if written:
            written.unlink(missing_ok=True)
        raise ExportError(f"{output}: cannot be written: {error.strerror}") from None
    return written


async def export(
    settings: Settings,
    agency: str,
    month: str,
    kind: str,
    recipient: str,
    output: Path,
    say: Callable[[str], None],
) -> int:
    """`lienthong exchange`: the list written to `output` as `recipient` may see it, audited like a
    request (the officer is the operating-system user). Returns the number of rows."""
    from graph.web.downloads import fetch_list
    from graph.web.service import Service

    try:
        window(month)
    except BadMonth as error:
        raise ExportError(str(error)) from None
    service = Service.open(settings)
    try:
        viewer = Viewer(f"cli:{getpass.getuser()}", recipient, "officer")
        try:
            service.policies.check_scope(viewer)
        except ScopeError as error:
            raise ExportError(str(error)) from None
        try:
            service.audit.ping()  # before minutes of reading: an export that cannot be audited is refused
        except SQLAlchemyError:
            raise ExportError("the audit trail cannot be written, so no list is exported") from None
        say(f"indexing {len(service.sources)} sources …")
        await service.start()
        gate = PolicyGate(service.policies, viewer, service.index)
        record: dict[str, Any] = {"at": now(), "requestId": str(uuid.uuid4()), "outcome": "OK", "status": 200}
        record.update(sub=viewer.sub, agency=recipient, role=viewer.role, scope=viewer.scope, purpose=None)
        say(f"reading {agency}'s records for {month} …")
        result = await fetch_list(service, gate, agency, month, record)
        data = (result.data or {}).get("exchangeList")
        if data is None:
            raise ExportError(result.errors[0].message if result.errors else "the list could not be made")
        total = len(data["rows"])
        say(f"{total:,} rows in the window {data['windowStart']} to {data['windowEnd']}; writing {kind} …")
        table = sheet(data, gate.verdicts, lambda done: say(f"  {done:,} of {total:,} rows"))
        written = draft(output, render(table, kind))
        try:
            await service.audit_append(record)
            written.replace(output)
        except AuditUnavailable:
            raise ExportError("the audit trail cannot be written, so no list is exported") from None
        finally:
            written.unlink(missing_ok=True)
        for line in table.withheld:
            say(f"withheld from {recipient}: {line}")
        return total
    finally:
        await service.stop()
