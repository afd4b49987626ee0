"""Each agency's own shape: its tables, sheets and files, its column names, codes and spellings.

Every writer returns the ground-truth references of what it wrote, (source, entity, key, person),
and adds the deliberately unreadable rows it plants to `bad_rows`.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, insert

from demo import mess
from demo.people import Person
from demo.world import Record, World

Reference = tuple[str, str, str, Person | None]
ISSUANCE = {"NEW": "Cấp mới", "REISSUE": "Cấp lại", "EXTENSION": "Gia hạn"}
PERMIT_STATUS = {
    "VALID": "Còn hiệu lực",
    "EXPIRED": "Hết hiệu lực",
    "REVOKED": "Thu hồi",
    "RETURNED": "Đã nộp lại",
    "SUPERSEDED": "Đã cấp lại",
}
POSITION = {
    "MANAGER": "Nhà quản lý",
    "EXECUTIVE_DIRECTOR": "Giám đốc điều hành",
    "EXPERT": "Chuyên gia",
    "TECHNICAL_WORKER": "Lao động kỹ thuật",
}
WORK_FORM = {
    "LABOUR_CONTRACT": "Hợp đồng lao động",
    "INTRA_COMPANY_TRANSFER": "Di chuyển nội bộ doanh nghiệp",
    "SERVICE_CONTRACT": "Hợp đồng dịch vụ",
}
CONCLUSION = {"FIT": "Đủ sức khỏe", "UNFIT": "Không đủ sức khỏe", "CONDITIONAL": "Đủ sức khỏe có điều kiện"}
EMPLOYER_STATUS = {
    "ACTIVE": "Đang hoạt động",
    "SUSPENDED": "Tạm ngừng kinh doanh",
    "DISSOLVED": "Đã giải thể",
}
EMPLOYER_KIND = {
    "FDI_ENTERPRISE": "Doanh nghiệp FDI",
    "FOREIGN_CONTRACTOR": "Nhà thầu nước ngoài",
    "REPRESENTATIVE_OFFICE": "Văn phòng đại diện",
}
INSURANCE_STATUS = {"CONTRIBUTING": "Đang đóng", "SUSPENDED": "Tạm dừng", "CLOSED": "Đã chốt sổ"}


def table(url: str, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """(Re)create one agency table in any SQLAlchemy database and fill it, every value as text,
    the first column the key."""
    engine = create_engine(url)
    metadata = MetaData()
    native = Table(
        name,
        metadata,
        Column(columns[0], String(64), primary_key=True),
        *(Column(c, Text) for c in columns[1:]),
    )
    try:
        metadata.drop_all(engine)
        metadata.create_all(engine)
        batch: list[dict[str, Any]] = []
        with engine.begin() as connection:
            for row in rows:
                batch.append({c: None if v is None else str(v) for c, v in zip(columns, row)})
                if len(batch) == 5_000:
                    connection.execute(insert(native), batch)
                    batch = []
            if batch:
                connection.execute(insert(native), batch)
    finally:
        engine.dispose()


def sheet(path: Path, title: str | None, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = datetime(2026, 11, 1)
    page = book.create_sheet("Danh sách")
    if title:
        page.append([title])
    page.append(list(header))
    for row in rows:
        page.append(list(row))
    book.save(path)


def text_file(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def birth(person: Person, record: Record) -> date | str:
    value = record.get("birth") or person.birth
    return value


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


DATABASES = ("noi_vu", "cong_an", "tai_chinh", "bhxh")
"""Agencies whose system is a database: SQLite files by default, any SQLAlchemy URL if given."""


class Writers:
    def __init__(
        self, world: World, out: Path, rng: random.Random, databases: dict[str, str] | None = None
    ) -> None:
        self.world = world
        self.out = out
        self.rng = rng
        self.bad_rows: list[dict[str, Any]] = []
        self.urls = {agency: f"sqlite:///{out / agency / agency}.sqlite" for agency in DATABASES}
        self.urls.update(databases or {})
        for agency in DATABASES:
            (out / agency).mkdir(parents=True, exist_ok=True)

    def of(self, entity: str, **where: Any) -> list[Record]:
        return [r for r in self.world.records.get(entity, []) if all(r.get(k) == v for k, v in where.items())]

    def noi_vu(self) -> list[Reference]:
        rng = self.rng
        permits = self.of("WorkPermit", issuer="noi_vu")
        columns = [
            "so_giay_phep",
            "ho_ten",
            "ngay_sinh",
            "gioi_tinh",
            "quoc_tich",
            "so_ho_chieu",
            "so_ho_chieu_cu",
            "ma_so_doanh_nghiep",
            "hinh_thuc_cap",
            "trang_thai",
            "vi_tri_cong_viec",
            "hinh_thuc_lam_viec",
            "chuc_danh",
            "dia_diem_lam_viec",
            "tu_ngay",
            "den_ngay",
            "muc_luong",
            "so_gp_truoc",
            "so_quyet_dinh_thu_hoi",
            "ngay_thu_hoi",
            "ly_do_thu_hoi",
            "ngay_cap_nhat",
        ]
        rows = []
        for p in permits:
            person = p["person"]
            born = birth(person, p)
            revocation = p["revocation"] or (None, None, None)
            rows.append(
                [
                    p["key"],
                    mess.name(rng, person, rng.choice(["passport", "title", "title", "local"])),
                    str(born.year) if rng.random() < 0.03 else mess.dmy(born),
                    "Nam" if person.gender == "M" else "Nữ",
                    mess.nationality(rng, person.nationality, "v"),
                    mess.passport(rng, p["passport"]),
                    p["previous_passport"],
                    p["employer"],
                    ISSUANCE[p["issuance"]],
                    PERMIT_STATUS[p["status"]],
                    POSITION[p["position"]],
                    WORK_FORM[p["form"]],
                    p["title"],
                    p["location"],
                    mess.dmy(p["valid_from"]),
                    mess.dmy(p["valid_to"]),
                    f"{p['salary']:,}".replace(",", "."),
                    p["predecessor"],
                    revocation[0],
                    mess.dmy(revocation[1]) if revocation[1] else None,
                    revocation[2],
                    iso(p["valid_from"]),
                ]
            )
        rows.append(
            [
                "GP-LOI-0001",
                "Nguyen Van Loi",
                "32/13/1990",
                "Nam",
                "Trung Quốc",
                "E00000001",
                None,
                "0100000000",
                "Cấp mới",
                "Còn hiệu lực",
                "Chuyên gia",
                "Hợp đồng lao động",
                "-",
                "-",
                "01/01/2026",
                "31/12/2027",
                "1.000.000",
                None,
                None,
                None,
                None,
                "2026-01-01",
            ]
        )
        self.bad("noi_vu", "WorkPermit", "giay_phep_lao_dong", "GP-LOI-0001", "birth date 32/13/1990")
        table(self.urls["noi_vu"], "giay_phep_lao_dong", columns, rows)
        exemptions = self.of("PermitExemption", issuer="noi_vu")
        table(
            self.urls["noi_vu"],
            "xac_nhan_khong_thuoc_dien",
            [
                "so_xac_nhan",
                "ho_ten",
                "ngay_sinh",
                "gioi_tinh",
                "quoc_tich",
                "so_ho_chieu",
                "ma_so_doanh_nghiep",
                "can_cu",
                "tu_ngay",
                "den_ngay",
            ],
            [
                [
                    e["key"],
                    mess.name(rng, e["person"], "title"),
                    mess.dmy(e["person"].birth),
                    "Nam" if e["person"].gender == "M" else "Nữ",
                    mess.nationality(rng, e["person"].nationality, "v"),
                    mess.passport(rng, e["passport"]),
                    e["employer"],
                    e["legal_basis"],
                    mess.dmy(e["valid_from"]),
                    mess.dmy(e["valid_to"]),
                ]
                for e in exemptions
            ],
        )
        return refs("noi_vu", permits + exemptions)

    def bql_kcn(self) -> list[Reference]:
        rng = self.rng
        permits = self.of("WorkPermit", issuer="bql_kcn")
        header = [
            "STT",
            "Số GPLĐ",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Quốc tịch",
            "Số hộ chiếu",
            "Số hộ chiếu cũ",
            "Mã số doanh nghiệp",
            "Hình thức cấp",
            "Tình trạng",
            "Vị trí công việc",
            "Hình thức làm việc",
            "Chức danh",
            "Địa điểm làm việc",
            "Từ ngày",
            "Đến ngày",
            "Mức lương",
            "Số GPLĐ trước",
        ]
        months: dict[str, list[Record]] = {}
        for p in permits:
            months.setdefault(p["valid_from"].strftime("%Y_%m"), []).append(p)
        for month, batch in sorted(months.items()):
            rows = []
            for number, p in enumerate(batch, start=1):
                person, born = p["person"], birth(p["person"], p)
                rows.append(
                    [
                        number,
                        p["key"],
                        mess.name(rng, person, rng.choice(["passport", "title"])),
                        mess.excel_serial(born) if rng.random() < 0.5 else mess.dmy(born),
                        "Nam" if person.gender == "M" else "Nữ",
                        mess.nationality(rng, person.nationality, "ve"),
                        mess.passport(rng, p["passport"]),
                        p["previous_passport"],
                        p["employer"],
                        ISSUANCE[p["issuance"]],
                        PERMIT_STATUS[p["status"]],
                        POSITION[p["position"]],
                        WORK_FORM[p["form"]],
                        p["title"],
                        p["location"],
                        datetime.combine(p["valid_from"], datetime.min.time()),
                        datetime.combine(p["valid_to"], datetime.min.time()),
                        p["salary"],
                        p["predecessor"],
                    ]
                )
            if month == min(months):
                rows.append(
                    [
                        len(rows) + 1,
                        "KCN-LOI-0001",
                        "Tran Thi Loi",
                        "01/01/1990",
                        "Nữ",
                        "Japan",
                        None,
                        None,
                        "0100000000",
                        "Cấp mới",
                        "Còn hiệu lực",
                        "Chuyên gia",
                        "Hợp đồng lao động",
                        "-",
                        "-",
                        datetime(2026, 1, 1),
                        datetime(2027, 12, 31),
                        1_000_000,
                        None,
                    ]
                )
                self.bad(
                    "bql_kcn", "WorkPermit", f"gpld_{month}.xlsx", str(len(rows) + 2), "no passport number"
                )
            title = f"DANH SÁCH GIẤY PHÉP LAO ĐỘNG CẤP THÁNG {month[5:]}/{month[:4]}"
            sheet(self.out / "bql_kcn" / f"gpld_{month}.xlsx", title, header, rows)
        exemptions = self.of("PermitExemption", issuer="bql_kcn")
        sheet(
            self.out / "bql_kcn" / "xac_nhan_mien.xlsx",
            None,
            [
                "Số xác nhận",
                "Họ và tên",
                "Ngày sinh",
                "Quốc tịch",
                "Số hộ chiếu",
                "Mã số doanh nghiệp",
                "Căn cứ",
                "Từ ngày",
                "Đến ngày",
            ],
            [
                [
                    e["key"],
                    e["person"].full_name,
                    mess.dmy(e["person"].birth),
                    mess.nationality(rng, e["person"].nationality, "e"),
                    mess.passport(rng, e["passport"]),
                    e["employer"],
                    e["legal_basis"],
                    datetime.combine(e["valid_from"], datetime.min.time()),
                    datetime.combine(e["valid_to"], datetime.min.time()),
                ]
                for e in exemptions
            ],
        )
        return refs("bql_kcn", permits + exemptions)

    def police_person(self, record: Record) -> list[Any]:
        rng, person = self.rng, record["person"]
        return [
            mess.name(rng, person, "reversed" if rng.random() < 0.3 else "passport"),
            iso(birth(person, record)),
            person.gender,
            mess.nationality(rng, person.nationality, "3332"),
            mess.passport(rng, record["passport"], 0.05),
        ]

    def cong_an(self) -> list[Reference]:
        path = self.urls["cong_an"]
        person_columns = ["full_name", "dob", "sex", "nat_code", "passport_no"]
        visas = self.of("Visa")
        table(
            path,
            "visa",
            [
                "visa_no",
                *person_columns,
                "symbol",
                "entries",
                "valid_from",
                "valid_until",
                "sponsor_tax_code",
            ],
            [
                [
                    v["key"],
                    *self.police_person(v),
                    v["symbol"],
                    v["entries"][0],
                    iso(v["valid_from"]),
                    iso(v["valid_until"]),
                    v["sponsor"],
                ]
                for v in visas
            ],
        )
        cards = self.of("ResidenceCard")
        table(
            path,
            "trc",
            [
                "card_no",
                *person_columns,
                "symbol",
                "valid_from",
                "valid_to",
                "sponsor_tax_code",
                "address",
                "province",
                "ward",
            ],
            [
                [
                    c["key"],
                    *self.police_person(c),
                    c["symbol"],
                    iso(c["valid_from"]),
                    iso(c["valid_to"]),
                    c["sponsor"],
                    c["address"],
                    c["province"],
                    c["ward"],
                ]
                for c in cards
            ],
        )
        declarations = self.of("ResidenceDeclaration")
        table(
            path,
            "residence_declaration",
            [
                "decl_no",
                *person_columns,
                "address",
                "province",
                "ward",
                "stay_from",
                "stay_to",
                "declared_at",
                "police_unit",
            ],
            [
                [
                    d["key"],
                    *self.police_person(d),
                    d["address"],
                    d["province"],
                    d["ward"],
                    iso(d["stay_from"]),
                    iso(d["stay_to"]),
                    d["declared_at"].isoformat(sep=" "),
                    f"Công an {d['ward']}",
                ]
                for d in declarations
            ],
        )
        certificates = self.of("CriminalRecordCertificate", issuer="cong_an")
        table(
            path,
            "lltp",
            ["cert_no", *person_columns, "form", "issue_date", "has_conviction", "conviction_details"],
            [
                [
                    c["key"],
                    *self.police_person(c),
                    c["form"][-1],
                    iso(c["issue_date"]),
                    int(c["conviction"]),
                    c["details"],
                ]
                for c in certificates
            ],
        )
        return refs("cong_an", visas + cards + declarations + certificates)

    def tu_phap(self) -> list[Reference]:
        rng = self.rng
        certificates = self.of("CriminalRecordCertificate", issuer="tu_phap")
        header = [
            "so_phieu",
            "ho_ten",
            "ngay_sinh",
            "quoc_tich",
            "so_ho_chieu",
            "loai_phieu",
            "ngay_cap",
            "co_an_tich",
            "noi_dung_an_tich",
        ]
        years: dict[int, list[Record]] = {}
        for c in certificates:
            years.setdefault(c["issue_date"].year, []).append(c)
        for year, batch in sorted(years.items()):
            rows = [
                [
                    c["key"],
                    mess.name(rng, c["person"], "title"),
                    mess.dmy(c["person"].birth),
                    mess.nationality(rng, c["person"].nationality, "v"),
                    mess.passport(rng, c["passport"]),
                    f"Phiếu số {c['form'][-1]}",
                    rng.choice([mess.dmy, iso])(c["issue_date"]),
                    "Có" if c["conviction"] else "Không",
                    c["details"] or "",
                ]
                for c in batch
            ]
            if year == min(years):
                rows.append(
                    [
                        "LLTP-LOI-1",
                        "Pham Van Loi",
                        "02/02/1980",
                        "Ngoài hành tinh",
                        "X99999999",
                        "Phiếu số 1",
                        "01/06/2024",
                        "Không",
                        "",
                    ]
                )
                self.bad(
                    "tu_phap",
                    "CriminalRecordCertificate",
                    f"lltp_{year}.csv",
                    str(len(rows) + 1),
                    "unknown nationality",
                )
            text_file(self.out / "tu_phap" / f"lltp_{year}.csv", header, rows)
        return refs("tu_phap", certificates)

    def y_te(self) -> list[Reference]:
        rng = self.rng
        text_file(
            self.out / "y_te" / "co_so_kham.csv",
            ["so_giay_phep", "ten_co_so", "du_dieu_kien_kham_nld_nuoc_ngoai", "trang_thai", "dia_chi"],
            [
                [c["licence"], c["name"], "Có" if c["authorised"] else "Không", "Đang hoạt động", "Hà Nội"]
                for c in self.world.clinics
            ],
        )
        certificates = self.of("HealthCertificate")
        header = [
            "so_giay_chung_nhan",
            "ho_ten",
            "ngay_sinh",
            "gioi_tinh",
            "quoc_tich",
            "so_ho_chieu",
            "co_so_kham",
            "ngay_ket_luan",
            "ket_luan",
            "phan_loai",
            "benh_tat",
        ]
        for clinic in self.world.clinics:
            batch = [c for c in certificates if c["clinic"] == clinic["licence"]]
            rows = [
                [
                    c["key"],
                    mess.name(rng, c["person"], "local" if rng.random() < 0.4 else "passport"),
                    mess.dmy(birth(c["person"], c)),
                    "Male" if c["person"].gender == "M" else "Female",
                    mess.nationality(rng, c["person"].nationality, "e"),
                    mess.passport(rng, c["passport"], 0.3),
                    c["clinic"],
                    mess.dmy(c["conclusion_date"]),
                    CONCLUSION[c["conclusion"]],
                    c["grade"],
                    c["diseases"],
                ]
                for c in batch
            ]
            if clinic is self.world.clinics[0]:
                rows.append(
                    [
                        "SK-LOI-1",
                        "Le Van Loi",
                        "03/03/1985",
                        "Male",
                        "Japan",
                        "T12345678",
                        clinic["licence"],
                        "31/02/2026",
                        "Đủ sức khỏe",
                        "I",
                        "Không",
                    ]
                )
                self.bad(
                    "y_te",
                    "HealthCertificate",
                    f"gcnsk_{clinic['licence']}.csv",
                    str(len(rows) + 1),
                    "conclusion date 31/02/2026",
                )
            text_file(self.out / "y_te" / f"gcnsk_{clinic['licence']}.csv", header, rows)
        return refs("y_te", certificates)

    def tai_chinh(self) -> list[Reference]:
        employers = [e for e in self.world.employers if e["registry"] == "tai_chinh"]
        table(
            self.urls["tai_chinh"],
            "doanh_nghiep",
            [
                "ma_so_thue",
                "ten_doanh_nghiep",
                "ten_nuoc_ngoai",
                "ten_viet_tat",
                "loai_hinh",
                "nganh_nghe",
                "trong_kcn",
                "tinh_trang",
                "tinh",
                "phuong",
                "dia_chi",
                "so_lao_dong_nn_dang_ky",
            ],
            [
                [
                    written_tax_code(e["tax_code"]),
                    e["name"],
                    e["foreign"],
                    e["short"],
                    EMPLOYER_KIND[e["kind"]],
                    e["sector"],
                    int(e["in_zone"]),
                    EMPLOYER_STATUS[e["status"]],
                    e["province"],
                    e["ward"],
                    e["address"],
                    e["headcount"],
                ]
                for e in employers
            ],
        )
        return [("tai_chinh", "Employer", written_tax_code(e["tax_code"]), None) for e in employers]

    def cong_thuong(self) -> list[Reference]:
        offices = [e for e in self.world.employers if e["registry"] == "cong_thuong"]
        text_file(
            self.out / "cong_thuong" / "van_phong_dai_dien.csv",
            ["MST", "Ten VPDD", "Ten tieng Anh", "Loai hinh", "Linh vuc", "Trang thai", "Phuong", "Dia chi"],
            [
                [
                    e["tax_code"],
                    e["name"].replace("Công ty TNHH", "Văn phòng đại diện"),
                    e["foreign"],
                    EMPLOYER_KIND[e["kind"]],
                    e["sector"],
                    EMPLOYER_STATUS[e["status"]],
                    e["ward"],
                    e["address"],
                ]
                for e in offices
            ],
        )
        return [("cong_thuong", "Employer", e["tax_code"], None) for e in offices]

    def xay_dung(self) -> list[Reference]:
        declarations = self.of("ContractorDeclaration")
        sheet(
            self.out / "xay_dung" / "nha_thau_2026_q3.xlsx",
            "KHAI BÁO LAO ĐỘNG NƯỚC NGOÀI CỦA NHÀ THẦU - QUÝ III/2026",
            ["Mã hồ sơ", "Mã số thuế nhà thầu", "Tên gói thầu", "Quý", "Số lao động nước ngoài khai báo"],
            [[d["key"], d["employer"], d["package"], d["quarter"], d["declared"]] for d in declarations],
        )
        return refs("xay_dung", declarations)

    def bhxh(self) -> list[Reference]:
        rng = self.rng
        records = self.of("SocialInsuranceRecord")
        table(
            self.urls["bhxh"],
            "nld_nuoc_ngoai",
            [
                "ma_so_bhxh",
                "ho_ten",
                "ngay_sinh",
                "gioi_tinh",
                "quoc_tich",
                "so_ho_chieu",
                "ma_don_vi",
                "so_thang_dong",
                "trang_thai",
            ],
            [
                [
                    r["number"],
                    mess.name(rng, r["person"], "local" if rng.random() < 0.2 else "passport").replace(
                        "-", ""
                    ),
                    iso(birth(r["person"], r)),
                    "Nam" if r["person"].gender == "M" else "Nữ",
                    r["person"].nationality,
                    mess.passport(rng, r["passport"], 0.1),
                    r["employer"],
                    r["months"],
                    INSURANCE_STATUS[r["status"]],
                ]
                for r in records
            ],
        )
        return [("bhxh", "SocialInsuranceRecord", r["number"], r["person"]) for r in records]

    def bad(self, source: str, entity: str, file: str, row: str, reason: str) -> None:
        self.bad_rows.append({"source": source, "entity": entity, "file": file, "row": row, "reason": reason})


def written_tax_code(code: str) -> str:
    """Registries write a branch's 13-digit code as parent-branch."""
    return f"{code[:10]}-{code[10:]}" if len(code) == 13 else code


def refs(source: str, records: list[Record]) -> list[Reference]:
    return [(source, r["entity"], r["key"], r["person"]) for r in records]
