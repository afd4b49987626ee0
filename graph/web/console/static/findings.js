// The work list's words for a finding: a Vietnamese sentence per kind (enum DiscrepancyKind) built
// from the finding's facts, never the API's English `summary`. The table covers every kind
// (tests/test_console_labels.py); a kind derived from a compliance judgement words it as the
// compliance panel does, from the judgement's code in the fact `reason`.

import { REASONS } from "./compliance.js";
import { date } from "./labels.js";

const judged = (f) => REASONS[f.reason]?.(f) ?? null;

export const SUMMARIES = {
  WORK_STATUS_WITHOUT_PERMIT: (f) => `thị thực, thẻ tạm trú ký hiệu ${f.symbol} còn hạn nhưng không có giấy phép lao động hoặc miễn giấy phép còn hiệu lực`,
  PERMIT_ENDED_RESIDENCE_CARD_VALID: (f) => `giấy phép lao động ${f.permitStatus === "REVOKED" ? "bị thu hồi" : "hết hạn"} ngày ${date(f.ended)}, thẻ tạm trú còn hạn đến ${date(f.until)}`,
  PERMIT_WITH_TOURIST_STATUS: (f) => `có giấy phép lao động còn hiệu lực nhưng chỉ có thị thực ký hiệu ${f.symbol}`,
  EMPLOYER_UNKNOWN_OR_INACTIVE: judged,
  WRONG_ISSUING_OFFICE: judged,
  PASSPORT_MISMATCH_PERMIT_CARD: () => "giấy phép lao động và thẻ tạm trú ghi hai hộ chiếu khác nhau (đã đổi hộ chiếu, chưa cấp lại giấy phép)",
  OVERLAPPING_PERMITS: (f) => `giấy phép lao động cùng còn hiệu lực với ${f.count} người sử dụng lao động: MST ${f.employers}`,
  HEALTH_CERTIFICATE_INVALID: judged,
  CRIMINAL_RECORD_WRONG_ISSUER: REASONS.CRIMINAL_RECORD_WRONG_ISSUER,
  INSURED_WITHOUT_PERMIT: () => "đang đóng bảo hiểm xã hội như người lao động nhưng không có giấy phép lao động hoặc miễn giấy phép còn hiệu lực",
  PERMIT_HOLDER_NOT_INSURED: () => "hợp đồng lao động từ 12 tháng trở lên nhưng không đóng bảo hiểm xã hội",
  MISSING_RESIDENCE_DECLARATION: (f) => `có thẻ tạm trú (lưu trú dài hạn) nhưng không có khai báo tạm trú vào ngày ${date(f.at)}`,
  IDENTITY_CONFLICT: (f) => `hộ chiếu ${f.passport} thuộc các hồ sơ có ngày sinh ${f.births.split(", ").map(date).join(" và ")}: cần xác minh thủ công`,
  CONTRACTOR_HEADCOUNT_EXCEEDED: (f) => `kê khai ${f.declared} lao động nước ngoài cho quý ${f.quarter.replace(/^(\d{4})-Q(\d)$/, "$2/$1")}; ${f.actual} người có giấy phép hoặc miễn giấy phép còn hiệu lực`,
  PERMITS_ISSUED_AFTER_VIOLATION: (f) => `bị xử phạt ngày ${date(f.fined)}; ${f.permits} giấy phép lao động cấp sau đó vẫn còn hiệu lực`,
  DECLARED_RESIDENCE_NOT_FOUND: (f) => `khai báo tạm trú tại ${f.ward}; khi phường, xã kiểm tra ngày ${date(f.checkedOn)} không có mặt tại đó`,
  DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD: (f) => `giấy phép lao động cấp ngày ${date(f.decided)} mà không có phiếu lý lịch tư pháp cấp trong 6 tháng trước đó`,
};

/** A finding's summary in Vietnamese, from its kind and facts; null if the kind is not known here. */
export function summary(finding) {
  const facts = Object.fromEntries((finding.facts || []).map(({ name, value }) => [name, value]));
  return SUMMARIES[finding.kind]?.(facts) ?? null;
}
