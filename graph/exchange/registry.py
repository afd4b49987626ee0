"""The lists the regulation requires agencies to send each other: the one registry of them.

Seed 003 (Hà Nội's coordination regulation) makes each of these agencies send one list, monthly or
quarterly, to named recipients. The query (`exchangeList`), its files, `lienthong exchange` and
delivery all read this table, so a list exists, and goes to its recipients, in one place. A list is
named by its sender. When it falls due and which days it covers are the province's configuration
(graph/exchange/window.py, the `exchange` settings); who may read what of it is each reader's
policy, as for any query.
"""

from __future__ import annotations

from dataclasses import dataclass

MONTHLY, QUARTERLY = "monthly", "quarterly"
PERIODS = (MONTHLY, QUARTERLY)

AGENCY_NAMES: dict[str, str] = {
    "noi_vu": "Sở Nội vụ",
    "bql_kcn": "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
    "cong_an": "Công an Thành phố",
    "tai_chinh": "Sở Tài chính",
    "cong_thuong": "Sở Công Thương",
    "y_te": "Sở Y tế",
    "xay_dung": "Sở Xây dựng",
    "giao_duc": "Sở Giáo dục và Đào tạo",
    "van_hoa": "Sở Văn hóa và Thể thao",
    "du_lich": "Sở Du lịch",
    "tu_phap": "Sở Tư pháp",
    "bhxh": "Bảo hiểm xã hội",
    "thanh_tra": "Thanh tra",
    "ubnd_xa": "Ủy ban nhân dân xã, phường",
}
"""The agencies' names as a list's title and covering letter write them."""


@dataclass(frozen=True)
class RequiredList:
    """One list the regulation requires: who sends it, what it holds, to whom, how often, why."""

    sender: str
    title: str
    """What the list is, in Vietnamese, as its file's title row says it."""
    article: str
    """The article of seed 003 that requires it."""
    recipients: tuple[str, ...]
    entities: tuple[str, ...]
    """The canonical entities its rows are read from, in the sender's own sources."""
    period: str = MONTHLY
    """How often the regulation asks for it; a province may configure another (window.py)."""
    kinds: frozenset[str] = frozenset()
    """For a list of employers: the kinds it is about (none: every kind)."""

    @property
    def name(self) -> str:
        return self.sender


SECTOR_DEPARTMENTS = ("cong_thuong", "xay_dung", "giao_duc", "van_hoa", "du_lich")
"""The "Sở chuyên ngành" the permit lists go to, each for the workers of its own sectors."""
PERMITS = (
    "Danh sách người lao động nước ngoài được cấp giấy phép lao động hoặc xác nhận không thuộc diện cấp"
    " giấy phép lao động"
)
LISTS: dict[str, RequiredList] = {
    spec.sender: spec
    for spec in (
        RequiredList(
            "noi_vu",
            PERMITS,
            "Điều 5.6",
            ("cong_an", "y_te", "cong_thuong", "giao_duc"),
            ("WorkPermit", "PermitExemption"),
        ),
        RequiredList(
            "bql_kcn",
            PERMITS,
            "Điều 6.4",
            ("noi_vu", "cong_an", *SECTOR_DEPARTMENTS),
            ("WorkPermit", "PermitExemption"),
        ),
        RequiredList(
            "cong_an",
            "Danh sách người lao động nước ngoài được cấp thị thực, thẻ tạm trú",
            "Điều 7.6",
            ("noi_vu", "bql_kcn"),
            ("Visa", "ResidenceCard"),
        ),
        RequiredList(
            "tai_chinh",
            "Danh sách doanh nghiệp có vốn đầu tư nước ngoài mới thành lập hoặc đăng ký thay đổi thông tin",
            "Điều 8.1",
            ("noi_vu", "cong_an"),
            ("Employer", "EmployerChange"),
            kinds=frozenset({"FDI_ENTERPRISE", "BRANCH"}),
        ),
        RequiredList(
            "cong_thuong",
            "Thông báo cấp mới, điều chỉnh, chấm dứt hoạt động của văn phòng đại diện, chi nhánh của thương"
            " nhân nước ngoài",
            "Điều 9.3",
            ("noi_vu", "cong_an"),
            ("Employer", "EmployerChange"),
            kinds=frozenset({"REPRESENTATIVE_OFFICE", "BRANCH"}),
        ),
        RequiredList(
            "y_te",
            "Danh sách cơ sở y tế đủ điều kiện khám sức khỏe cho người lao động nước ngoài",
            "Điều 12.4",
            ("noi_vu", "bql_kcn"),
            ("HealthFacility",),
        ),
        RequiredList(
            "xay_dung",
            "Báo cáo tình hình nhà thầu nước ngoài và số lao động nước ngoài dự kiến, thực tế làm việc",
            "Điều 16.2",
            ("noi_vu", "cong_an"),
            ("ContractorDeclaration",),
            period=QUARTERLY,
        ),
    )
}
"""Every list, by sender. cong_thuong also notifies the city's tax department (Cục Thuế), which is
not an agency here."""
