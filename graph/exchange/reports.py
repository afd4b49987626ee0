"""The periodic reports the regulations require of each agency: the one registry of them.

Beside the monthly lists (graph/exchange/registry.py), seed 003 asks agencies for a six-month
report (before 15/6) and a year's (before 10/12; Sở Nội vụ's city report before 15/12), and the
Bắc Ninh plan (seed 000, mục III) asks the same before 30/6 and 31/12 and Bảo hiểm xã hội for
the insured counts. A report is named by its agency and made of tables, each one `statistics`
question (graph/rules/statistics.py counts, graph/rules/suppression.py hides small counts): a report
shows exactly what its reader could ask `statistics` for, never more. A report of a sector
department, or of Sở Y tế, also lists the institutions of its sectors employing foreign workers.

Which reports a province requires, and when, is its calendar (graph/exchange/window.py, settings
`exchange.reports`): the dues here are Hà Nội's (seed 003), null where 003 asks for none.
"""

from __future__ import annotations

from dataclasses import dataclass

HALF_YEAR, YEAR = "half_year", "year"
PERIOD_KINDS = (HALF_YEAR, YEAR)


@dataclass(frozen=True)
class Table:
    """One table of a report: a `statistics` question and what the table is called."""

    title: str
    unit: str
    group_by: tuple[str, ...]
    issued_in_period: bool = False
    """Count only records issued within the report's period (statistics `from`/`to`)."""


@dataclass(frozen=True)
class Report:
    agency: str
    title: str
    article: str
    """The article (or articles) of the regulations that require it."""
    recipients: tuple[str, ...]
    """The agencies here it is sent to (beside the city's or province's People's Committee)."""
    due: dict[str, str | None]
    """Hà Nội's due date (MM-DD) for each kind of period, None: not required there."""
    tables: tuple[Table, ...]
    institutions: tuple[str, ...] = ()
    """The sectors whose institutions employing foreign workers the report lists (none: no list)."""


WORKERS_BY_NATIONALITY = Table("Người lao động nước ngoài theo quốc tịch", "WORKERS", ("NATIONALITY",))
PERMITS_ISSUED = Table(
    "Giấy phép lao động cấp trong kỳ theo cơ quan cấp và tình trạng",
    "WORK_PERMITS",
    ("ISSUER", "PERMIT_STATUS"),
    issued_in_period=True,
)
WORKERS_BY_EMPLOYER_KIND = Table(
    "Người lao động nước ngoài theo loại hình đơn vị sử dụng", "WORKERS", ("EMPLOYER_KIND",)
)
SIX_MONTHS_AND_YEAR: dict[str, str | None] = {HALF_YEAR: "06-15", YEAR: "12-10"}
NOT_IN_HA_NOI: dict[str, str | None] = {HALF_YEAR: None, YEAR: None}
TO_NOI_VU_AND_POLICE = ("noi_vu", "cong_an")


def sector_report(agency: str, title: str, article: str, sector: str, due: dict[str, str | None]) -> Report:
    """A sector department's list of the institutions of its sector, and its workers' counts."""
    return Report(
        agency,
        title,
        article,
        TO_NOI_VU_AND_POLICE,
        due,
        (WORKERS_BY_NATIONALITY, WORKERS_BY_EMPLOYER_KIND),
        (sector,),
    )


REPORTS: dict[str, Report] = {
    report.agency: report
    for report in (
        Report(
            "noi_vu",
            "Báo cáo tình hình người lao động nước ngoài làm việc trên địa bàn Thành phố",
            "Quy chế 003, Điều 5.6 (tổng hợp số liệu, bao gồm cả các khu công nghiệp, khu công nghệ cao)",
            (),
            {HALF_YEAR: None, YEAR: "12-15"},
            (
                WORKERS_BY_NATIONALITY,
                Table("Người lao động nước ngoài theo vị trí công việc", "WORKERS", ("JOB_POSITION",)),
                Table("Người lao động nước ngoài theo ngành, lĩnh vực", "WORKERS", ("SECTOR",)),
                PERMITS_ISSUED,
            ),
        ),
        Report(
            "bql_kcn",
            "Báo cáo tình hình người lao động nước ngoài làm việc trong các khu công nghệ cao và khu công nghiệp",
            "Quy chế 003, Điều 6.5",
            ("noi_vu",),
            {HALF_YEAR: None, YEAR: "12-10"},
            (
                Table(
                    "Người lao động nước ngoài trong và ngoài khu công nghiệp theo quốc tịch",
                    "WORKERS",
                    ("IN_INDUSTRIAL_ZONE", "NATIONALITY"),
                ),
                PERMITS_ISSUED,
            ),
        ),
        Report(
            "cong_an",
            "Báo cáo tình hình cư trú và hoạt động của lao động nước ngoài trên địa bàn",
            "Quy chế 003, Điều 7.6; Kế hoạch Bắc Ninh, mục III.2",
            ("noi_vu",),
            SIX_MONTHS_AND_YEAR,
            (
                Table(
                    "Thị thực, thẻ tạm trú cấp trong kỳ theo quốc tịch",
                    "VISAS_AND_CARDS",
                    ("NATIONALITY",),
                    issued_in_period=True,
                ),
                Table("Người lao động nước ngoài theo phường, xã cư trú", "WORKERS", ("WARD",)),
                Table(
                    "Người lao động nước ngoài theo quốc tịch và tình trạng giấy phép lao động",
                    "WORKERS",
                    ("NATIONALITY", "PERMIT_STATUS"),
                ),
            ),
        ),
        Report(
            "y_te",
            "Danh sách các cơ sở hành nghề y, dược tư nhân có sử dụng lao động nước ngoài",
            "Quy chế 003, Điều 12.5",
            TO_NOI_VU_AND_POLICE,
            SIX_MONTHS_AND_YEAR,
            (Table("Đơn vị sử dụng lao động nước ngoài theo ngành, lĩnh vực", "EMPLOYERS", ("SECTOR",)),),
            ("health",),
        ),
        sector_report(
            "giao_duc",
            "Danh sách các cơ sở giáo dục, đào tạo có sử dụng lao động nước ngoài",
            "Quy chế 003, Điều 13.3; Kế hoạch Bắc Ninh, mục III.12",
            "education",
            SIX_MONTHS_AND_YEAR,
        ),
        sector_report(
            "van_hoa",
            "Danh sách các đơn vị hoạt động trong lĩnh vực văn hóa, thể thao có sử dụng lao động nước ngoài",
            "Quy chế 003, Điều 14.3",
            "culture",
            SIX_MONTHS_AND_YEAR,
        ),
        sector_report(
            "du_lich",
            "Thông tin về các doanh nghiệp du lịch sử dụng lao động nước ngoài",
            "Quy chế 003, Điều 15.3",
            "tourism",
            SIX_MONTHS_AND_YEAR,
        ),
        sector_report(
            "cong_thuong",
            "Báo cáo tình hình hoạt động của văn phòng đại diện, chi nhánh thương nhân nước ngoài"
            " có sử dụng lao động nước ngoài",
            "Kế hoạch Bắc Ninh, mục III.11",
            "trade",
            NOT_IN_HA_NOI,
        ),
        sector_report(
            "xay_dung",
            "Danh sách nhà thầu nước ngoài được cấp giấy phép hoạt động xây dựng",
            "Kế hoạch Bắc Ninh, mục III.9",
            "construction",
            NOT_IN_HA_NOI,
        ),
        Report(
            "bhxh",
            "Báo cáo số lao động là công dân nước ngoài tham gia bảo hiểm xã hội",
            "Kế hoạch Bắc Ninh, mục III.7",
            ("noi_vu",),
            NOT_IN_HA_NOI,
            (
                Table(
                    "Người lao động nước ngoài theo tình trạng tham gia bảo hiểm xã hội",
                    "WORKERS",
                    ("INSURANCE_STATUS",),
                ),
                Table(
                    "Người lao động nước ngoài theo quốc tịch và tình trạng tham gia bảo hiểm xã hội",
                    "WORKERS",
                    ("NATIONALITY", "INSURANCE_STATUS"),
                ),
            ),
        ),
    )
}
"""Every report, by agency."""
