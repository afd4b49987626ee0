"""Health facilities that examine foreign workers, as the Health department lists them.

Most are authorised for foreign-worker checks; one active clinic is not (its certificates are the
"unlicensed clinic" problem of docs/domain.md §5) and one authorised clinic is suspended and reports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Clinic:
    licence: str
    name: str
    address: str
    authorised: bool = True
    status: str = "ACTIVE"
    suspended: date | None = None
    """When the Health department suspended its checks (seed 003 Điều 12.2)."""

    @property
    def code(self) -> str:
        """The licence's serial part, which names the clinic's report file."""
        return self.licence.split("/")[0]


CLINICS = (
    Clinic("00101/BYT-GPHĐ", "Bệnh viện Bạch Mai", "78 Giải Phóng, Phường Kim Liên"),
    Clinic("00102/BYT-GPHĐ", "Bệnh viện E", "89 Trần Cung, Phường Nghĩa Đô"),
    Clinic("00215/HNO-GPHĐ", "Bệnh viện Thanh Nhàn", "42 Thanh Nhàn, Phường Hai Bà Trưng"),
    Clinic("00216/HNO-GPHĐ", "Bệnh viện Đa khoa Xanh Pôn", "12 Chu Văn An, Phường Ba Đình"),
    Clinic("00377/HNO-GPHĐ", "Bệnh viện Đa khoa Đống Đa", "192 Nguyễn Lương Bằng, Phường Đống Đa"),
    Clinic("01024/HNO-GPHĐ", "Phòng khám Đa khoa Quốc tế Việt Pháp", "1 Phương Mai, Phường Kim Liên"),
    Clinic("01388/HNO-GPHĐ", "Phòng khám Đa khoa Medlatec Tây Hồ", "99 Trích Sài, Phường Tây Hồ"),
    Clinic(
        "02051/HNO-GPHĐ",
        "Phòng khám Đa khoa An Khang",
        "15 ngõ 102 Trường Chinh, Phường Kim Liên",
        authorised=False,
    ),
    Clinic(
        "02107/HNO-GPHĐ",
        "Phòng khám Đa khoa Hồng Phúc",
        "8 Lê Trọng Tấn, Phường Thanh Xuân",
        status="SUSPENDED",
        suspended=date(2026, 6, 15),
    ),
)
AUTHORISED = tuple(c for c in CLINICS if c.authorised and c.status == "ACTIVE")
UNLICENSED = next(c for c in CLINICS if not c.authorised)
