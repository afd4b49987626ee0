"""A tiny set of agency sources, one of each kind, written fresh for each test that needs one.

Small enough to reason about row by row: two workers, one deliberately bad row per kind of file.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from demo.native import write_table as table

SOURCES = """
sources:
  noi_vu:
    agency: noi_vu
    kind: sql
    url: "sqlite:///{here}/noi_vu.sqlite"
    entities:
      WorkPermit:
        table: gp
        key: so_giay_phep
        constants: {issuer: noi_vu}
        fields:
          permitNumber: so_giay_phep
          fullName: {column: ho_ten, normalise: name}
          dateOfBirth: {column: ngay_sinh, normalise: partial_date}
          nationality: {column: quoc_tich, normalise: nationality}
          passportNumber: {column: so_ho_chieu, normalise: passport}
          status: {column: trang_thai, normalise: code, codes: {"Còn hiệu lực": VALID, "Hết hạn": EXPIRED}}
          validTo: {column: den_ngay, normalise: date}
          employerTaxCode: {column: ma_so_doanh_nghiep, normalise: tax_code}
          salary: {column: muc_luong, normalise: integer}
  tai_chinh:
    agency: tai_chinh
    kind: sql
    url: "sqlite:///{here}/noi_vu.sqlite"
    entities:
      Employer:
        table: dn
        key: mst
        fields:
          taxCode: {column: mst, normalise: tax_code}
          name: ten
          status: {column: trang_thai, normalise: code, codes: {"Đang hoạt động": ACTIVE}}
  cong_an:
    agency: cong_an
    kind: csv
    entities:
      Visa:
        path: "{here}/visa*.csv"
        key: visa_no
        fields:
          visaNumber: visa_no
          fullName: {column: name, normalise: name}
          dateOfBirth: {column: dob, normalise: partial_date}
          nationality: {column: nat, normalise: nationality}
          passportNumber: {column: passport, normalise: passport}
          symbol: symbol
          validUntil: {column: until, normalise: date}
          sponsorTaxCode: {column: sponsor, normalise: tax_code}
  bql_kcn:
    agency: bql_kcn
    kind: xlsx
    entities:
      WorkPermit:
        path: "{here}/kcn_*.xlsx"
        header_row: 2
        key: "Số GPLĐ"
        constants: {issuer: bql_kcn}
        fields:
          permitNumber: "Số GPLĐ"
          fullName: {column: "Họ và tên", normalise: name}
          nationality: {column: "Quốc tịch", normalise: nationality}
          passportNumber: {column: "Số hộ chiếu", normalise: passport}
          validTo: {column: "Đến ngày", normalise: date}
"""

VISA_HEADER = ["visa_no", "name", "dob", "nat", "passport", "symbol", "until", "sponsor"]
KCN_HEADER = ["Số GPLĐ", "Họ và tên", "Quốc tịch", "Số hộ chiếu", "Đến ngày"]


def write_visas(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(VISA_HEADER)
        writer.writerows(rows)


def write_kcn(path: Path, rows: list[list[object]]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Danh sách GPLĐ tháng 9/2026"])
    sheet.append(KCN_HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def build(folder: Path, database: str | None = None) -> Path:
    """Write the mini sources into `folder`, noi_vu's tables into `database` (a SQLAlchemy URL) if
    given, else into SQLite beside them; returns the sources file."""
    url = database or f"sqlite:///{folder / 'noi_vu.sqlite'}"
    table(
        url,
        "gp",
        [
            "so_giay_phep",
            "ho_ten",
            "ngay_sinh",
            "quoc_tich",
            "so_ho_chieu",
            "trang_thai",
            "den_ngay",
            "ma_so_doanh_nghiep",
            "muc_luong",
        ],
        [
            (
                "GP1",
                "Kim Ji-hoon",
                "01/02/1985",
                "Hàn Quốc",
                "m 123 4567",
                "Còn hiệu lực",
                "01/01/2027",
                "0101234567",
                "25.000.000",
            ),
            (
                "GP2",
                "Wang Wei",
                "1990",
                "Trung Quốc",
                "E99887766",
                "Hết hạn",
                "01/01/2024",
                "0101234567",
                "30000000",
            ),
            (
                "GP3",
                "Bad Date",
                "32/13/1990",
                "Trung Quốc",
                "E11111111",
                "Còn hiệu lực",
                "01/01/2027",
                "0101234567",
                "1",
            ),
        ],
    )
    table(url, "dn", ["mst", "ten", "trang_thai"], [("0101234567", "Công ty TNHH ABC", "Đang hoạt động")])
    write_visas(
        folder / "visa.csv",
        [
            ["V1", "KIM JIHOON", "1985-02-01", "KOR", "M-1234567", "LĐ2", "2027-01-01", "0101234567"],
            ["V2", "NOBODY", "1985-02-01", "Atlantis", "X1234567", "LĐ2", "2027-01-01", "0101234567"],
        ],
    )
    write_kcn(folder / "kcn_2026_09.xlsx", [["K1", "Wang Wei", "China", "e 9988 7766", date(2027, 5, 1)]])
    sources = folder / "sources.yaml"
    text = SOURCES if database is None else SOURCES.replace("sqlite:///{here}/noi_vu.sqlite", database)
    sources.write_text(text, encoding="utf-8")
    return sources
