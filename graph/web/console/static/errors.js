// The API's error codes (enum ErrorCode, in extensions.code) in Vietnamese: the page never shows
// an error's English message, only this. Every value of the enum has its line
// (tests/test_console_labels.py holds the table to schema.graphql).

export const ERRORS = {
  FORBIDDEN: "không được phép xem",
  PURPOSE_REQUIRED: "cần nêu số hồ sơ / căn cứ",
  BAD_USER_INPUT: "thông tin nhập vào không hợp lệ",
  IDENTITY_CONFLICT: "các hồ sơ mang số hộ chiếu này không khớp nhau về nhân thân, đang chờ xác minh",
  UNKNOWN_CODE: "nguồn dữ liệu dùng một mã chưa biết",
  SOURCE_UNAVAILABLE: "nguồn dữ liệu đang không truy cập được",
  SOURCE_TIMEOUT: "nguồn dữ liệu không trả lời kịp",
  DATA_ERROR: "dữ liệu nguồn bị lỗi",
  GRAPHQL_PARSE_FAILED: "truy vấn sai cú pháp",
  GRAPHQL_VALIDATION_FAILED: "máy chủ này chưa có chức năng được yêu cầu",
  QUERY_TOO_COMPLEX: "yêu cầu quá lớn",
  OPERATION_RESOLUTION_FAILURE: "không xác định được thao tác",
  PERSISTED_QUERY_NOT_FOUND: "không có truy vấn lưu sẵn này",
  PERSISTED_QUERY_REQUIRED: "máy chủ chỉ chạy các truy vấn đã đăng ký",
  BAD_REQUEST: "yêu cầu không hợp lệ",
  NOT_ACCEPTABLE: "định dạng không được hỗ trợ",
  NOT_FOUND: "không tìm thấy",
  UNAUTHENTICATED: "phiên đăng nhập đã hết, hãy đăng nhập lại",
  RATE_LIMITED: "quá nhiều yêu cầu trong một phút, hãy thử lại sau ít phút",
  OVERLOADED: "máy chủ đang quá tải, hãy thử lại sau",
  REQUEST_TIMEOUT: "hết thời gian gửi yêu cầu",
  CLIENT_DISCONNECTED: "kết nối bị ngắt",
  AUDIT_UNAVAILABLE: "không ghi được nhật ký truy cập nên máy chủ không trả dữ liệu",
  WORKLIST_UNAVAILABLE: "sổ theo dõi xử lý đang không truy cập được",
  INVALID_TRANSITION: "không thể chuyển sang tình trạng này từ tình trạng hiện tại",
  CONFLICT: "cán bộ khác vừa thay đổi phát hiện này, hãy tải lại",
  DECISIONS_UNAVAILABLE: "không lưu được quyết định xác minh",
  INTERNAL_SERVER_ERROR: "lỗi máy chủ",
};

/** An error of an answer (or its code) as Vietnamese words; never its English message. */
export function problem(error) {
  const code = typeof error === "string" ? error : error?.extensions?.code;
  return ERRORS[code] || "lỗi không xác định";
}
