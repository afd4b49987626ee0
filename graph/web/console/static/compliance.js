// The compliance panel's words: each rule (enum ComplianceRule) by a Vietnamese title, and each
// judgement's reason built from its code (enum ComplianceReason) and facts, never the API's
// English sentence. Both tables cover every value of their enum (tests/test_console_labels.py).

import { agency, code, date } from "./labels.js";
import { problem } from "./errors.js";

export const RULES = {
  WORK_AUTHORISATION: "Được phép làm việc (giấy phép lao động hoặc miễn giấy phép còn hiệu lực)",
  IMMIGRATION_PURPOSE: "Mục đích thị thực, thẻ tạm trú phù hợp với giấy phép",
  RESIDENCE_STATUS: "Cư trú hợp lệ (thẻ lao động không dài hơn giấy phép)",
  SPONSOR_IS_EMPLOYER: "Đơn vị bảo lãnh là người sử dụng lao động",
  FILING_DOCUMENTS: "Hồ sơ cấp phép: khám sức khỏe trong 12 tháng, lý lịch tư pháp trong 6 tháng",
  RESIDENCE_DECLARED: "Đã khai báo tạm trú",
  EMPLOYER_AND_OFFICE: "Người sử dụng lao động đang hoạt động, cấp phép đúng thẩm quyền",
  SOCIAL_INSURANCE: "Đóng bảo hiểm xã hội (hợp đồng lao động từ 12 tháng)",
};

const RECORDS = {
  WorkPermit: "giấy phép lao động",
  PermitExemption: "giấy xác nhận miễn giấy phép",
  Visa: "thị thực",
  ResidenceCard: "thẻ tạm trú",
};

const record = (kind) => RECORDS[kind] || kind;

function healthDefects(f) {
  const parts = [];
  if (f.concludedTooEarly) parts.push(`kết luận ngày ${date(f.concludedTooEarly)}, quá 12 tháng trước ngày nộp hồ sơ ${date(f.filed)}`);
  if (f.conclusion) parts.push(`kết luận: ${code(f.conclusion)}`);
  if (f.unlicensedClinic) parts.push(`cơ sở khám ${f.unlicensedClinic} không được phép khám cho người lao động nước ngoài`);
  return `giấy khám sức khỏe: ${parts.join("; ")}`;
}

export const REASONS = {
  AUTHORISED: (f) => `${record(f.record)} còn hiệu lực đến ${date(f.until)}`,
  NOT_AUTHORISED: (f) => `không có giấy phép lao động hoặc miễn giấy phép còn hiệu lực vào ngày ${date(f.at)}`,
  NO_STATUS: (f) => `không có thị thực hoặc thẻ tạm trú còn hạn vào ngày ${date(f.at)}`,
  WORK_STATUS_UNAUTHORISED: (f) => `có ký hiệu ${f.symbol} để làm việc nhưng không có giấy phép lao động hoặc miễn giấy phép`,
  NO_WORK_CLAIMED: (f) => `không có giấy phép lao động; ký hiệu ${f.symbol} không dùng để làm việc`,
  TOURIST_STATUS: (f) => `chỉ có ký hiệu ${f.symbol}, không được phép làm việc`,
  PURPOSE_FITS: (f) => `ký hiệu ${f.symbol} phù hợp với ${record(f.record)}`,
  PURPOSE_MISMATCH: (f) => `${record(f.record)} cần ký hiệu ${f.record === "WorkPermit" ? "LĐ2" : "LĐ1 hoặc ĐT"}; ký hiệu hiện có là ${f.symbol}`,
  CARD_OUTLASTS_PERMIT: (f) => `thẻ tạm trú có hạn đến ${date(f.until)}, sau ngày giấy phép lao động hết hạn ${date(f.permitUntil)}`,
  STATUS_VALID: (f) => `${record(f.record)} ký hiệu ${f.symbol} còn hạn đến ${date(f.until)}`,
  NOTHING_TO_COMPARE: () => "không có cùng lúc thị thực hoặc thẻ tạm trú và giấy phép còn hiệu lực để đối chiếu",
  SPONSORED_BY_EMPLOYER: (f) => `${record(f.record)} do người sử dụng lao động (MST ${f.sponsor}) bảo lãnh`,
  SPONSOR_NOT_EMPLOYER: (f) => `${record(f.record)} do ${f.sponsor ? `đơn vị MST ${f.sponsor}` : "không đơn vị nào"} bảo lãnh; giấy phép ghi MST ${f.employers}`,
  NO_HEALTH_CERTIFICATE: (f) => `không có giấy khám sức khỏe kết luận trước ngày nộp hồ sơ ${date(f.filed)}`,
  CLINICS_UNAVAILABLE: () => "danh sách cơ sở khám sức khỏe được phép đang không truy cập được",
  HEALTH_CERTIFICATE_DEFECTS: healthDefects,
  HEALTH_CERTIFICATE_VALID: (f) => `đủ sức khỏe ngày ${date(f.concluded)}, trong 12 tháng trước ngày nộp hồ sơ ${date(f.filed)}`,
  NO_CRIMINAL_RECORD: (f) => `không có phiếu lý lịch tư pháp cấp trong 6 tháng trước ngày nộp hồ sơ ${date(f.filed)}`,
  CRIMINAL_RECORD_WRONG_ISSUER: (f) => `phiếu lý lịch tư pháp cấp ngày ${date(f.issued)} bởi ${agency(f.issuer)}, không phải ${agency(f.competent)}`,
  CRIMINAL_RECORD_VALID: (f) => `phiếu lý lịch tư pháp cấp ngày ${date(f.issued)}, trong 6 tháng trước ngày nộp hồ sơ ${date(f.filed)}`,
  NO_FILING: () => "không có giấy phép hoặc miễn giấy phép còn hiệu lực: không có hồ sơ để xét",
  FILING_DOCUMENTS_VALID: (f) => `đủ sức khỏe ngày ${date(f.concluded)} (nộp hồ sơ ${date(f.filed)}); phiếu lý lịch tư pháp cấp ngày ${date(f.issued)} (hồ sơ cấp mới ${date(f.firstFiled)})`,
  DECLARED: (f) => `đã khai báo tạm trú từ ${date(f.since)}`,
  NOT_DECLARED: (f) => `không có khai báo tạm trú vào ngày ${date(f.at)}`,
  REGISTRIES_UNAVAILABLE: () => "dữ liệu đăng ký doanh nghiệp đang không truy cập được",
  EMPLOYER_NOT_REGISTERED: (f) => `doanh nghiệp MST ${f.taxCode} không có trong dữ liệu đăng ký doanh nghiệp`,
  EMPLOYER_INACTIVE: (f) => `doanh nghiệp MST ${f.taxCode}: ${code(f.status)}`,
  EMPLOYER_ACTIVE: (f) => `doanh nghiệp MST ${f.taxCode} đã đăng ký và đang hoạt động`,
  ZONE_UNKNOWN: (f) => `dữ liệu đăng ký không cho biết doanh nghiệp MST ${f.taxCode} có trong khu công nghiệp hay không`,
  WRONG_OFFICE: (f) => `do ${agency(f.issuer)} cấp; doanh nghiệp ${f.inZone === "true" ? "trong" : "ngoài"} khu công nghiệp thuộc thẩm quyền của ${agency(f.competent)}`,
  COMPETENT_OFFICE: (f) => `do ${agency(f.issuer)} cấp, đúng thẩm quyền`,
  NO_EMPLOYER_TO_CHECK: () => "không có giấy phép hoặc miễn giấy phép còn hiệu lực: không có người sử dụng lao động để xét",
  EXEMPTION_TERMS_UNKNOWN: () => "giấy xác nhận miễn giấy phép không ghi hình thức và thời hạn hợp đồng",
  NO_PERMIT: () => "không có giấy phép lao động còn hiệu lực",
  NO_INSURANCE_OWED: (f) => `hình thức làm việc “${code(f.workForm)}”: không thuộc diện đóng bảo hiểm xã hội`,
  NOT_INSURED: (f) => `hợp đồng lao động với doanh nghiệp MST ${f.taxCode} nhưng không đóng bảo hiểm xã hội tại đó`,
  INSURED: () => "đang đóng bảo hiểm xã hội qua người sử dụng lao động của giấy phép",
  REFUSED: (f) => `${problem(f.refusal)}${f.agency ? ` (${agency(f.agency)})` : ""}`,
  HIDDEN: () => "cơ quan của bạn không được xem rõ dữ liệu cần để xét điều kiện này",
};

/** A check's reason in Vietnamese, from its code and facts; null if the code is not known here. */
export function reason(check) {
  const facts = Object.fromEntries((check.facts || []).map(({ name, value }) => [name, value]));
  return REASONS[check.code]?.(facts) ?? null;
}
