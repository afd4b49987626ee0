"""An exchange list as the CSV or XLSX file agencies e-mail today, for HTTP and the CLI.

Both ask the same GraphQL document through the same gate as any request, so a file can never show
more than the query would. A list an agency sends carries that agency's own values: the name, birth
date and passport of a row are its record's, never the merged worker's. Columns carry the Vietnamese
headers of the agencies' own lists, one column per header whichever kind of record fills it (a
permit's and an exemption's "Từ ngày" are one column); a column the recipient may not see is left
out and named (XLSX: the "Ghi chú" sheet; HTTP: X-Withheld), and masked values stay masked.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from connectors.nationality import names
from graph.exchange.lists import ROWS, STANDING
from graph.exchange.registry import AGENCY_NAMES, LISTS, QUARTERLY

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
    "TERMINATED": "Chấm dứt hoạt động",
    "M": "Nam",
    "F": "Nữ",
    "manufacturing": "Công nghiệp chế biến, chế tạo",
    "construction": "Xây dựng",
    "education": "Giáo dục và đào tạo",
    "tourism": "Dịch vụ lưu trú và ăn uống",
    "trade": "Thương mại",
    "culture": "Nghệ thuật, vui chơi và giải trí",
}
"""Code values as the agencies write them in their lists."""
KINDS = {
    "workPermit": "Giấy phép lao động",
    "permitExemption": "Xác nhận không thuộc diện cấp GPLĐ",
    "visa": "Thị thực",
    "residenceCard": "Thẻ tạm trú",
    "employer": "Doanh nghiệp",
    "healthFacility": "Cơ sở khám sức khỏe",
    "contractor": "Nhà thầu nước ngoài",
}
PARENTS: dict[tuple[str, ...], str] = {
    (): "ExchangeRow",
    **{(row,): entity for entity, row in ROWS.items()},
    ("contractor",): "ContractorReport",
    ("changes",): "EmployerChange",
    **{(row, "employer"): "Employer" for row in ("workPermit", "permitExemption", "contractor")},
    **{(row, "sponsor"): "Employer" for row in ("visa", "residenceCard")},
    ("contractor", "declarations"): "ContractorDeclaration",
}
"""The type of each object a column's path goes through, whose policy decides its fields."""
EMPLOYER_FIELDS = {
    "name": "Tên doanh nghiệp",
    "address": "Địa chỉ",
    "status": "Tình trạng",
    "registeredForeignHeadcount": "Số lao động nước ngoài",
    "foreignName": "Tên nước ngoài",
}
"""An employer's fields as a change list names them."""


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


def changed(values: list[dict[str, Any]]) -> str:
    """A registry's changes as one cell: "Địa chỉ: before → after; …"."""
    return "; ".join(
        f"{EMPLOYER_FIELDS.get(c.get('field') or '', c.get('field'))}: {c.get('previousValue')} → {c.get('newValue')}"
        for c in values
    )


def packages(values: list[dict[str, Any]]) -> str:
    return "; ".join(str(d.get("packageName")) for d in values if d.get("packageName"))


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]
    show: Callable[[Any], Any] = text
    fields: tuple[str, ...] = ()
    """For a list of records shown in one cell: the fields of each it shows."""

    @property
    def coordinates(self) -> list[str]:
        """The schema fields this column shows, whose policy decides whether it is shown."""
        own = f"{PARENTS[self.path[:-1]]}.{self.path[-1]}"
        return [own, *(f"{PARENTS[self.path]}.{name}" for name in self.fields)]

    @property
    def row(self) -> str:
        return self.path[0]


def holder(row: str) -> list[Column]:
    """Who a record is about, as the sending agency's record says it."""
    return [
        Column("Họ và tên", (row, "fullName")),
        Column("Ngày sinh", (row, "dateOfBirth")),
        Column("Giới tính", (row, "gender")),
        Column("Quốc tịch", (row, "nationality"), country),
        Column("Số hộ chiếu", (row, "passportNumber")),
    ]


def employer(row: str) -> list[Column]:
    return [
        Column("Mã số doanh nghiệp", (row, "employerTaxCode")),
        Column("Tên doanh nghiệp", (row, "employer", "name")),
    ]


def sponsor(row: str) -> list[Column]:
    return [
        Column("Mã số thuế cơ quan bảo lãnh", (row, "sponsorTaxCode")),
        Column("Cơ quan, tổ chức bảo lãnh", (row, "sponsor", "name")),
    ]


COLUMNS: dict[str, list[Column]] = {
    "workPermit": [
        Column("Số GPLĐ", ("workPermit", "permitNumber")),
        *holder("workPermit"),
        *employer("workPermit"),
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
        *holder("permitExemption"),
        *employer("permitExemption"),
        Column("Trường hợp không thuộc diện cấp GPLĐ", ("permitExemption", "legalBasis")),
        Column("Từ ngày", ("permitExemption", "validFrom")),
        Column("Đến ngày", ("permitExemption", "validTo")),
    ],
    "visa": [
        Column("Số thị thực", ("visa", "visaNumber")),
        *holder("visa"),
        Column("Ký hiệu", ("visa", "symbol")),
        Column("Số lần nhập cảnh", ("visa", "entries")),
        Column("Giá trị từ ngày", ("visa", "validFrom")),
        Column("Giá trị đến ngày", ("visa", "validUntil")),
        *sponsor("visa"),
    ],
    "residenceCard": [
        Column("Số thẻ tạm trú", ("residenceCard", "cardNumber")),
        *holder("residenceCard"),
        Column("Ký hiệu", ("residenceCard", "symbol")),
        Column("Giá trị từ ngày", ("residenceCard", "validFrom")),
        Column("Giá trị đến ngày", ("residenceCard", "validTo")),
        *sponsor("residenceCard"),
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
        Column("Ngày đăng ký, cấp phép", ("employer", "registeredOn")),
        Column("Nội dung thay đổi", ("changes",), changed, ("field", "previousValue", "newValue")),
    ],
    "healthFacility": [
        Column("Số giấy phép hoạt động", ("healthFacility", "licenceNumber")),
        Column("Tên cơ sở", ("healthFacility", "name")),
        Column("Địa chỉ", ("healthFacility", "address")),
        Column(
            "Đủ điều kiện khám sức khỏe cho người nước ngoài",
            ("healthFacility", "authorisedForForeignWorkers"),
        ),
        Column("Tình trạng hoạt động", ("healthFacility", "status")),
    ],
    "contractor": [
        Column("Mã số thuế nhà thầu", ("contractor", "employerTaxCode")),
        Column("Tên nhà thầu", ("contractor", "employer", "name")),
        Column("Tình trạng hoạt động", ("contractor", "employer", "status")),
        Column("Quý", ("contractor", "quarter")),
        Column("Gói thầu", ("contractor", "declarations"), packages, ("packageName",)),
        Column("Số lao động nước ngoài dự kiến (khai báo)", ("contractor", "declaredForeignHeadcount")),
        Column("Số lao động nước ngoài thực tế", ("contractor", "actualForeignHeadcount")),
    ],
}
"""Each kind of row as the agencies list it (demo/permits.py, demo/registries.py and the
regulation's lists)."""
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
        for name in column.fields:
            node.setdefault(name, {})

    def fields(node: dict[str, Any]) -> str:
        return " ".join(f"{name} {{ {fields(child)} }}" if child else name for name, child in node.items())

    return (
        "query ExchangeList($agency: String!, $month: String!) { exchangeList(agency: $agency, month: $month)"
        " { agency title article recipients period month quarter dueDate windowStart windowEnd withheld"
        f" rows {{ change {fields(tree)} }} }} }}"
    )


DOCUMENT = document()


@dataclass
class Slot:
    """One column of the file: its header, and the column of each kind of row that fills it."""

    header: str
    columns: dict[str, Column] = field(default_factory=dict)


@dataclass
class Sheet:
    """The list as a table: title, headers, rows, notes, and what was left out."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    withheld: list[str]
    notes: list[str] = field(default_factory=list)


def sheet(
    data: dict[str, Any], verdicts: dict[str, str], progress: Callable[[int], None] | None = None
) -> Sheet:
    spec = LISTS[data["agency"]]
    rows = data["rows"]
    kinds = [ROWS[e] for e in ROWS if e in spec.entities]
    slots: dict[str, Slot] = {}
    hidden: set[str] = set()
    for column in (c for kind in kinds for c in COLUMNS[kind]):
        unseen = [c for c in column.coordinates if verdicts.get(c, "allow") not in ("allow", "mask")]
        hidden.update(unseen)
        if not unseen:
            slots.setdefault(column.header, Slot(column.header)).columns[column.row] = column
    changes = not all(e in STANDING for e in spec.entities)
    table = []
    for number, row in enumerate(rows, 1):
        kind = next((k for k in kinds if row.get(k)), "")
        values = [cell(row, slot.columns.get(kind)) for slot in slots.values()]
        marks = [KINDS.get(kind, "")] if len(kinds) > 1 else []
        table.append([number, *marks, *([text(row["change"])] if changes else []), *values])
        if progress and number % 1000 == 0:
            progress(number)
    headers = ["STT", *(["Loại giấy tờ"] if len(kinds) > 1 else []), *(["Loại thay đổi"] if changes else [])]
    withheld = [*sorted(hidden), *(w if "." in w else f"{w} (all rows)" for w in data["withheld"])]
    return Sheet(title(data), [*headers, *slots], table, withheld, notes(data))


def day(value: str) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y")


def title(data: dict[str, Any]) -> str:
    """What the list is, who sends it, for which period and which days."""
    year, month = data["month"].split("-")
    quarter = data.get("quarter")
    period = (
        f"quý {('I', 'II', 'III', 'IV')[int(quarter[-1]) - 1]}/{year}" if quarter else f"tháng {month}/{year}"
    )
    sender = AGENCY_NAMES.get(data["agency"], data["agency"])
    return (
        f"{data['title']} - {sender} - {period}"
        f" (từ ngày {day(data['windowStart'])} đến ngày {day(data['windowEnd'])})"
    )


def notes(data: dict[str, Any]) -> list[str]:
    """The list's legal basis, due date and recipients, for the "Ghi chú" sheet."""
    recipients = ", ".join(AGENCY_NAMES.get(r, r) for r in data["recipients"])
    every = "hằng quý" if data["period"] == QUARTERLY else "hằng tháng"
    return [
        f"Căn cứ: {data['article']} Quy chế phối hợp quản lý người lao động nước ngoài ({every})",
        f"Hạn gửi: trước ngày {day(data['dueDate'])}",
        f"Nơi nhận: {recipients}",
    ]


def cell(row: dict[str, Any], column: Column | None) -> Any:
    if column is None:
        return None
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
    remarks = book.create_sheet("Ghi chú")
    remarks.append(["Các cột không được cung cấp cho cơ quan nhận (theo chính sách bảo mật):"])
    for line in table.withheld or ["(không có)"]:
        remarks.append([line])
    for line in table.notes:
        remarks.append([line])
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
