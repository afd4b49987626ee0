"""Every code the server puts in an error's `extensions.code`, in one place, published in the schema.

No field returns an `ErrorCode`: the enum is in the schema so that a client's introspection (and
schema.graphql) lists the codes with what each means, and a frontend can generate its handling from
it. tests/test_api_contract.py fails if the code base emits a code not listed here, or lists one it
never emits; README's "Error codes" section is the same list.
"""

from __future__ import annotations

from enum import Enum

import strawberry

v = strawberry.enum_value


@strawberry.enum(
    description="The codes of `errors[].extensions.code` (mã lỗi). A field error leaves that field null and"
    " the rest of the answer stands; a request error (the HTTP status is then 4xx or 5xx) has no `data`."
)
class ErrorCode(Enum):
    FORBIDDEN = v(
        "FORBIDDEN",
        description="Field or request: the viewer's policy denies this field, root field, filter, dimension or"
        " order (không được phép xem)",
    )
    PURPOSE_REQUIRED = v(
        "PURPOSE_REQUIRED",
        description="Field or request: allowed only with a stated purpose; send the case number or legal basis"
        " in X-Purpose (cần nêu mục đích)",
    )
    BAD_USER_INPUT = v(
        "BAD_USER_INPUT",
        description="Request: an argument cannot be read (a passport, date, tax code, cursor, month…); the"
        " message says what to send (tham số không hợp lệ)",
    )
    IDENTITY_CONFLICT = v(
        "IDENTITY_CONFLICT",
        description="`worker`: records with this passport disagree on who holds it; kept apart for manual"
        " review (xung đột danh tính)",
    )
    UNKNOWN_CODE = v(
        "UNKNOWN_CODE",
        description="Field: the source holds a code outside the field's enum; `extensions.value` is that"
        " code (mã chưa biết)",
    )
    SOURCE_UNAVAILABLE = v(
        "SOURCE_UNAVAILABLE",
        description="Field: the agency's source (named in `extensions.agency`) or the delivery log cannot be"
        " read now (nguồn không truy cập được)",
    )
    SOURCE_TIMEOUT = v(
        "SOURCE_TIMEOUT",
        description="Field: the agency's source (`extensions.agency`) did not answer in time (nguồn quá hạn)",
    )
    DATA_ERROR = v(
        "DATA_ERROR",
        description="Field: an export of the agency's source cannot be read whole, so its records are unknown"
        " (dữ liệu nguồn lỗi)",
    )
    GRAPHQL_PARSE_FAILED = v(
        "GRAPHQL_PARSE_FAILED", description="Request, 400: the document is not GraphQL (lỗi cú pháp)"
    )
    GRAPHQL_VALIDATION_FAILED = v(
        "GRAPHQL_VALIDATION_FAILED",
        description="Request, 400: the document does not fit the schema (truy vấn không hợp lệ)",
    )
    QUERY_TOO_COMPLEX = v(
        "QUERY_TOO_COMPLEX",
        description="Request: too deep, too many aliases or tokens, too costly, or a body too large (truy vấn"
        " quá lớn)",
    )
    OPERATION_RESOLUTION_FAILURE = v(
        "OPERATION_RESOLUTION_FAILURE",
        description="Request, 400: no operation of the given name, or several and none named (không xác định"
        " thao tác)",
    )
    PERSISTED_QUERY_NOT_FOUND = v(
        "PERSISTED_QUERY_NOT_FOUND",
        description="Request: no registered operation has this id or hash; send the query (truy vấn lưu sẵn"
        " không có)",
    )
    PERSISTED_QUERY_REQUIRED = v(
        "PERSISTED_QUERY_REQUIRED",
        description="Request: this server runs only registered operations (chỉ chạy truy vấn đã đăng ký)",
    )
    BAD_REQUEST = v(
        "BAD_REQUEST",
        description="Request: the HTTP request is malformed: body, parameters, method, or a hash that does not"
        " match (yêu cầu sai)",
    )
    NOT_ACCEPTABLE = v(
        "NOT_ACCEPTABLE",
        description="Request, 406: no media type the client accepts can carry the answer (định dạng không"
        " hỗ trợ)",
    )
    NOT_FOUND = v(
        "NOT_FOUND",
        description="Request, 404: a download of a format or a report that does not exist; mutation: no such"
        " finding among those the viewer may see (không tìm thấy)",
    )
    UNAUTHENTICATED = v(
        "UNAUTHENTICATED",
        description="Request, 401: no token, or one that fails verification, or a ward or sector its agency's"
        " policy does not list (chưa xác thực)",
    )
    RATE_LIMITED = v(
        "RATE_LIMITED",
        description="Request, 429: too many requests or workers this minute; see Retry-After (quá nhiều yêu cầu)",
    )
    OVERLOADED = v(
        "OVERLOADED",
        description="Request, 503: the server is at capacity; see Retry-After (máy chủ quá tải)",
    )
    REQUEST_TIMEOUT = v(
        "REQUEST_TIMEOUT", description="Request, 408: the body did not arrive in time (hết thời gian gửi)"
    )
    CLIENT_DISCONNECTED = v(
        "CLIENT_DISCONNECTED",
        description="Request, 499: the client went away before sending its body; recorded, nobody reads it (máy khách ngắt kết nối)",
    )
    AUDIT_UNAVAILABLE = v(
        "AUDIT_UNAVAILABLE",
        description="Request, 503: the audit trail cannot be written, so no data is served (không ghi được"
        " nhật ký)",
    )
    WORKLIST_UNAVAILABLE = v(
        "WORKLIST_UNAVAILABLE",
        description="Field: the work list's store cannot be read or written now (sổ theo dõi xử lý không truy cập được)",
    )
    INVALID_TRANSITION = v(
        "INVALID_TRANSITION",
        description="Mutation: the finding's case cannot move so from where it stands; assigning it reopens it"
        " (chuyển trạng thái không hợp lệ)",
    )
    CONFLICT = v(
        "CONFLICT",
        description="Mutation: another officer changed the case meanwhile; read it again (xung đột cập nhật)",
    )
    DECISIONS_UNAVAILABLE = v(
        "DECISIONS_UNAVAILABLE",
        description="Mutation: the identity decision store cannot be written now; nothing was decided (không"
        " lưu được quyết định xác minh)",
    )
    INTERNAL_SERVER_ERROR = v(
        "INTERNAL_SERVER_ERROR",
        description="Request, 500: a fault of ours; the message gives the request id to report (lỗi máy chủ)",
    )
