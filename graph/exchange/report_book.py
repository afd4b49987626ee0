"""A periodic report as the XLSX workbook an agency sends: title block, tables, charts, institutions.

The counts are `statistics` answers as the reader may see them (graph/exchange/reports.py): a
suppressed count is an empty cell marked "Ẩn", never a number, and a table the reader may not ask
for is named with the reason instead of its rows. Everything else is presentation: Vietnamese
headers and labels, widths, a bold and frozen header row with a filter, dates as Excel dates
shown dd/mm/yyyy, and one native bar chart per table of its main counts (the cells of a table of
one dimension, the first dimension's totals of a table of two).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from graph.exchange.files import LABELS, country
from graph.exchange.registry import AGENCY_NAMES
from graph.exchange.reports import HALF_YEAR, Report, Table
from graph.exchange.window import Period

STATISTICS = """query ReportTable($unit: StatisticsUnit!, $groupBy: [Dimension!]!, $at: Date, $from: Date,
  $to: Date) { statistics(groupBy: $groupBy, unit: $unit, at: $at, from: $from, to: $to) {
  minCell cells { values count suppressed } totals { dimension value count suppressed } total
  totalSuppressed incomplete } }"""
"""One table of a report: the reader's own `statistics` question."""
INSTITUTIONS = """query ReportInstitutions($after: String) { workers(first: 1000, after: $after) {
  nodes { employer { taxCode name kind sector address inIndustrialZone status registeredOn } }
  pageInfo { hasNextPage endCursor } } }"""
"""The employers of the workers the reader may list, a page at a time."""

DIMENSIONS = {
    "NATIONALITY": "Quốc tịch",
    "SECTOR": "Ngành, lĩnh vực",
    "EMPLOYER_KIND": "Loại hình đơn vị",
    "IN_INDUSTRIAL_ZONE": "Trong khu công nghiệp, khu công nghệ cao",
    "PERMIT_STATUS": "Tình trạng giấy phép lao động",
    "ISSUER": "Cơ quan cấp phép",
    "JOB_POSITION": "Vị trí công việc",
    "WORK_FORM": "Hình thức làm việc",
    "WARD": "Phường, xã",
    "COMPLIANCE_STATUS": "Tình trạng chấp hành quy định",
    "MONTH_OF_ISSUE": "Tháng cấp",
    "INSURANCE_STATUS": "Tình trạng tham gia bảo hiểm xã hội",
}
UNITS = {
    "WORKERS": "Số người lao động",
    "WORK_PERMITS": "Số giấy phép lao động",
    "VISAS_AND_CARDS": "Số thị thực, thẻ tạm trú",
    "HEALTH_CERTIFICATES": "Số giấy chứng nhận sức khỏe",
    "EMPLOYERS": "Số đơn vị",
}
VALUES = {
    "COMPLIANT": "Chấp hành đúng quy định",
    "NON_COMPLIANT": "Vi phạm quy định",
    "UNKNOWN": "Chưa xác định",
    "health": "Y tế",
    "true": "Trong khu",
    "false": "Ngoài khu",
}
"""Values beside the lists' LABELS (graph/exchange/files.py) that only the reports show."""
INSURANCE = {"CONTRIBUTING": "Đang tham gia", "SUSPENDED": "Tạm dừng đóng", "CLOSED": "Đã chốt sổ"}
DIMENSION_VALUES = {
    "NATIONALITY": country,
    "ISSUER": lambda code: AGENCY_NAMES.get(code, code),
    "INSURANCE_STATUS": lambda code: INSURANCE.get(code, code),
}
INSTITUTION_COLUMNS = (
    ("Mã số thuế", "taxCode"),
    ("Tên đơn vị", "name"),
    ("Loại hình", "kind"),
    ("Ngành, lĩnh vực", "sector"),
    ("Địa chỉ", "address"),
    ("Trong khu công nghiệp", "inIndustrialZone"),
    ("Tình trạng", "status"),
    ("Ngày đăng ký, cấp phép", "registeredOn"),
)
HIDDEN = "Ẩn"
DAY = "dd/mm/yyyy"
BOLD = Font(bold=True)


@dataclass
class Counted:
    """One table as the reader got it: the `statistics` answer, or why it was refused."""

    table: Table
    answer: dict[str, Any] | None
    refused: str | None = None


@dataclass
class Made:
    """What a report holds for one reader, before it is a workbook."""

    report: Report
    period: Period
    reader: str
    made_at: datetime
    tables: list[Counted] = field(default_factory=list)
    institutions: list[dict[str, Any]] | None = None
    """The institutions listed (None: the report lists none)."""

    @property
    def min_cell(self) -> int | None:
        return next((t.answer["minCell"] for t in self.tables if t.answer and t.answer["minCell"]), None)


def label(dimension: str, value: str | None) -> str:
    """A dimension's value as the report writes it: in Vietnamese, "Không xác định" when unknown."""
    if value is None:
        return "Không xác định"
    show = DIMENSION_VALUES.get(dimension)
    shown = show(value) if show else value
    return str(VALUES.get(shown, LABELS.get(shown, shown)))


def period_name(period: Period) -> str:
    year = period.end.year
    return f"6 tháng đầu năm {year}" if period.kind == HALF_YEAR else f"năm {year}"


def title_block(sheet: Worksheet, made: Made) -> None:
    report, period = made.report, made.period
    sheet.append([report.title.upper()])
    sheet["A1"].font = Font(bold=True, size=14)
    rows: list[tuple[str, Any]] = [
        ("Cơ quan báo cáo", AGENCY_NAMES.get(report.agency, report.agency)),
        ("Kỳ báo cáo", period_name(period)),
        ("Số liệu từ ngày", period.start),
        ("Số liệu đến ngày", period.end),
        ("Hạn gửi", period.due or "Không quy định (báo cáo theo yêu cầu)"),
        ("Thời điểm lập", made.made_at.replace(tzinfo=None)),
        ("Căn cứ", report.article),
        ("Nơi nhận", ", ".join(AGENCY_NAMES.get(r, r) for r in report.recipients) or "Ủy ban nhân dân"),
        ("Lập theo quyền xem của", AGENCY_NAMES.get(made.reader, made.reader)),
    ]
    if made.min_cell:
        rows.append(
            ("Ghi chú", f"Số nhỏ hơn {made.min_cell} được ẩn ({HIDDEN}) để không thể nhận biết cá nhân")
        )
    sheet.append([])
    for name, value in rows:
        sheet.append([name, value])
        cell = sheet.cell(sheet.max_row, 2)
        if isinstance(value, datetime):
            cell.number_format = DAY + " hh:mm"
        elif isinstance(value, date):
            cell.number_format = DAY
        sheet.cell(sheet.max_row, 1).font = BOLD
    sheet.append([])
    sheet.append(["Các bảng", "Tên bảng"])
    for number, counted in enumerate(made.tables, 1):
        sheet.append([f"Bảng {number}", counted.table.title])
    if made.institutions is not None:
        sheet.append(["Danh sách", "Danh sách đơn vị có sử dụng lao động nước ngoài"])
    widths(sheet, {1: 26, 2: 90})


def counts_sheet(sheet: Worksheet, counted: Counted, number: int) -> None:
    """A table's cells under a bold, frozen, filtered header; totals below; a chart to the right."""
    table = counted.table
    headers = [DIMENSIONS.get(d, d) for d in table.group_by] + [UNITS[table.unit], "Ghi chú"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    answer = counted.answer
    if answer is None:
        sheet.append([f"Không được cung cấp: {counted.refused}"])
        widths(sheet, {1: 60})
        return
    for cell in answer["cells"]:
        values = [label(d, v) for d, v in zip(table.group_by, cell["values"], strict=True)]
        sheet.append([*values, cell["count"], HIDDEN if cell["suppressed"] else None])
    last = sheet.max_row
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{last}"
    sheet.append([])
    sheet.append(["Tổng cộng", *[None] * (len(table.group_by) - 1), answer["total"]])
    sheet.cell(sheet.max_row, 1).font = BOLD
    if answer["totalSuppressed"]:
        sheet.cell(sheet.max_row, len(headers)).value = HIDDEN
    if answer["incomplete"]:
        sheet.append([f"Thiếu số liệu của: {', '.join(answer['incomplete'])} (nguồn không đọc được)"])
    chart_rows = chart_data(sheet, counted, len(headers) + 2)
    if chart_rows:
        column, first, final = chart_rows
        chart = BarChart()
        chart.title = f"Bảng {number}. {table.title}"
        chart.y_axis.title = UNITS[table.unit]
        chart.x_axis.title = DIMENSIONS.get(table.group_by[0], table.group_by[0])
        chart.add_data(
            Reference(sheet, min_col=column + 1, min_row=first - 1, max_row=final), titles_from_data=True
        )
        chart.set_categories(Reference(sheet, min_col=column, min_row=first, max_row=final))
        chart.width, chart.height = 18, 9
        sheet.add_chart(chart, f"{get_column_letter(column + 3)}2")
    widths(sheet, {i: 34 if i <= len(table.group_by) else 18 for i in range(1, len(headers) + 3)})


def chart_data(sheet: Worksheet, counted: Counted, column: int) -> tuple[int, int, int] | None:
    """Where the counts the chart draws are: a one-dimension table's own cells (columns A and B);
    for two dimensions, the first dimension's totals, written at `column`. (category column, first
    row, last row), or None when there is nothing to draw."""
    answer, table = counted.answer, counted.table
    assert answer is not None
    if len(table.group_by) == 1:
        return (1, 2, len(answer["cells"]) + 1) if answer["cells"] else None
    dimension = table.group_by[0]
    totals = [t for t in answer["totals"] if t["dimension"] == dimension]
    if not totals:
        return None
    name = DIMENSIONS.get(dimension, dimension)
    sheet.cell(1, column, name).font = BOLD
    sheet.cell(1, column + 1, f"{UNITS[table.unit]} (tổng theo {name.lower()})").font = BOLD
    for offset, total in enumerate(totals, 2):
        sheet.cell(offset, column, label(dimension, total["value"]))
        sheet.cell(offset, column + 1, total["count"])
    return column, 2, len(totals) + 1


def institutions_sheet(
    sheet: Worksheet, institutions: list[dict[str, Any]], sectors: tuple[str, ...]
) -> None:
    sheet.append(["STT", *(header for header, _ in INSTITUTION_COLUMNS)])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.freeze_panes = "A2"
    for number, employer in enumerate(institutions, 1):
        row: list[Any] = [number]
        for _, name in INSTITUTION_COLUMNS:
            value = employer.get(name)
            if name == "registeredOn" and value:
                value = date.fromisoformat(value)
            elif name in ("kind", "sector", "status") or isinstance(value, bool):
                value = label(name, "true" if value is True else "false" if value is False else value)
            row.append(value)
        sheet.append(row)
        if isinstance(row[-1], date):
            sheet.cell(sheet.max_row, len(row)).number_format = DAY
    if not institutions:
        names = ", ".join(label("SECTOR", sector) for sector in sectors)
        sheet.append([None, f"(Không có đơn vị nào thuộc lĩnh vực {names} có sử dụng lao động nước ngoài)"])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(INSTITUTION_COLUMNS) + 1)}{max(sheet.max_row, 2)}"
    widths(sheet, {1: 6, 2: 14, 3: 50, 4: 28, 5: 26, 6: 50, 7: 12, 8: 20, 9: 14})


def widths(sheet: Worksheet, columns: dict[int, float]) -> None:
    for number, width in columns.items():
        sheet.column_dimensions[get_column_letter(number)].width = width


def workbook(made: Made) -> bytes:
    """The report as an XLSX file."""
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Báo cáo"
    title_block(cover, made)
    for number, counted in enumerate(made.tables, 1):
        counts_sheet(book.create_sheet(f"Bảng {number}"), counted, number)
    if made.institutions is not None:
        institutions_sheet(book.create_sheet("Danh sách đơn vị"), made.institutions, made.report.institutions)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(made: Made) -> str:
    return f"bao_cao_{made.report.agency}_{made.period.label}.xlsx"
