// Vietnamese names for the codes the API answers with, and dates as dd/mm/yyyy.

export const AGENCIES = {
  noi_vu: "Sở Nội vụ",
  bql_kcn: "Ban Quản lý các khu công nghệ cao và khu công nghiệp",
  cong_an: "Công an thành phố",
  tu_phap: "Sở Tư pháp",
  y_te: "Sở Y tế",
  tai_chinh: "Sở Tài chính",
  cong_thuong: "Sở Công Thương",
  xay_dung: "Sở Xây dựng",
  giao_duc: "Sở Giáo dục và Đào tạo",
  van_hoa: "Sở Văn hóa và Thể thao",
  du_lich: "Sở Du lịch",
  bhxh: "Bảo hiểm xã hội",
  thanh_tra: "Thanh tra thành phố",
  ubnd_xa: "Ủy ban nhân dân xã/phường",
};

export const CODES = {
  // work permits
  VALID: "Còn hiệu lực", EXPIRED: "Hết hạn", REVOKED: "Bị thu hồi", RETURNED: "Đã nộp lại",
  SUPERSEDED: "Đã được thay thế", NEW: "Cấp mới", REISSUE: "Cấp lại", EXTENSION: "Gia hạn",
  MANAGER: "Nhà quản lý", EXECUTIVE_DIRECTOR: "Giám đốc điều hành", EXPERT: "Chuyên gia",
  TECHNICAL_WORKER: "Lao động kỹ thuật", LABOUR_CONTRACT: "Hợp đồng lao động",
  INTRA_COMPANY_TRANSFER: "Di chuyển trong nội bộ doanh nghiệp", SERVICE_CONTRACT: "Hợp đồng dịch vụ",
  COMMERCIAL_PRESENCE: "Hiện diện thương mại", OTHER: "Khác",
  // visas, health, criminal records
  SINGLE: "Một lần", MULTIPLE: "Nhiều lần", FIT: "Đủ sức khỏe", UNFIT: "Không đủ sức khỏe",
  CONDITIONAL: "Đủ sức khỏe có điều kiện",
  FORM_1: "Phiếu số 1", FORM_2: "Phiếu số 2",
  // employers, insurance
  ACTIVE: "Đang hoạt động", DISSOLVED: "Đã giải thể", SUSPENDED: "Tạm ngừng", CLOSED: "Đã đóng",
  FDI_ENTERPRISE: "Doanh nghiệp FDI", BRANCH: "Chi nhánh", REPRESENTATIVE_OFFICE: "Văn phòng đại diện",
  FOREIGN_CONTRACTOR: "Nhà thầu nước ngoài", NGO: "Tổ chức phi chính phủ", DOMESTIC: "Doanh nghiệp trong nước",
  CONTRIBUTING: "Đang đóng",
  // compliance
  COMPLIANT: "Tuân thủ", NON_COMPLIANT: "Không tuân thủ", UNKNOWN: "Chưa xác định",
  PASSED: "Đạt", FAILED: "Không đạt", NOT_APPLICABLE: "Không áp dụng",
  // deliveries
  SENT: "Đã gửi", SENDING: "Đang gửi", PENDING: "Chờ gửi",
  // exchange lists
  monthly: "Hằng tháng", quarterly: "Hằng quý",
};

export const SECTORS = {
  manufacturing: "Sản xuất", trade: "Thương mại", construction: "Xây dựng", education: "Giáo dục",
  culture: "Văn hóa", tourism: "Du lịch",
};

export const FINDINGS = {
  WORK_STATUS_WITHOUT_PERMIT: "Thị thực/thẻ lao động nhưng không có giấy phép",
  PERMIT_ENDED_RESIDENCE_CARD_VALID: "Giấy phép đã hết mà thẻ tạm trú còn hạn",
  PERMIT_WITH_TOURIST_STATUS: "Có giấy phép nhưng thị thực du lịch",
  EMPLOYER_UNKNOWN_OR_INACTIVE: "Người sử dụng lao động không rõ hoặc ngừng hoạt động",
  WRONG_ISSUING_OFFICE: "Cấp sai cơ quan",
  PASSPORT_MISMATCH_PERMIT_CARD: "Hộ chiếu giấy phép và thẻ không khớp",
  OVERLAPPING_PERMITS: "Giấy phép chồng thời hạn",
  HEALTH_CERTIFICATE_INVALID: "Giấy khám sức khỏe không hợp lệ",
  CRIMINAL_RECORD_WRONG_ISSUER: "Phiếu lý lịch tư pháp sai nơi cấp",
  INSURED_WITHOUT_PERMIT: "Đóng bảo hiểm nhưng không có giấy phép",
  PERMIT_HOLDER_NOT_INSURED: "Có giấy phép nhưng không đóng bảo hiểm",
  MISSING_RESIDENCE_DECLARATION: "Chưa khai báo tạm trú",
  IDENTITY_CONFLICT: "Xung đột danh tính",
  CONTRACTOR_HEADCOUNT_EXCEEDED: "Nhà thầu vượt số lao động đã khai",
  PERMITS_ISSUED_AFTER_VIOLATION: "Cấp giấy phép sau khi bị xử phạt",
  DECLARED_RESIDENCE_NOT_FOUND: "Không cư trú tại nơi đã khai báo",
  DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD: "Hồ sơ liên thông cấp phép khi chưa có lý lịch tư pháp",
};

export function agency(code) {
  return AGENCIES[code] || code;
}

export function code(value) {
  if (value === true) return "Có";
  if (value === false) return "Không";
  return CODES[value] || SECTORS[value] || value;
}

/** "2026-10-15" or an ISO instant → "15/10/2026" (an instant in Hà Nội's time, with hh:mm). */
export function date(value) {
  if (typeof value !== "string") return value;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  const partial = /^(\d{4})-(\d{2})$/.exec(value);
  if (partial) return `${partial[2]}/${partial[1]}`;
  if (!value.includes("T")) return value; // a year alone (a masked birth date), or text
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const parts = new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit", year: "numeric",
    hour: "2-digit", minute: "2-digit", hour12: false,
  }).formatToParts(instant);
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get("day")}/${get("month")}/${get("year")} ${get("hour")}:${get("minute")}`;
}

/** "2026-10" → "10/2026"; "2026-Q4" → "quý 4/2026". */
export function month(value) {
  const quarter = /^(\d{4})-Q(\d)$/.exec(value);
  if (quarter) return `quý ${quarter[2]}/${quarter[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return m ? `${m[2]}/${m[1]}` : value;
}
