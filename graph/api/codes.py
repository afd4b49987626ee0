"""The code lists of the contract as GraphQL enums, and what a code outside its list becomes.

Each value's name is the code the field has always serialised (`VALID`, `noi_vu`), so responses keep
their JSON values; only codes GraphQL cannot spell would need another name, and none of these does
(visa symbols such as `LĐ2` stay text for that reason). The code lists of records are those of
connectors/model.py `CODE_LISTS` (tests/test_api_contract.py holds them equal).

A source can still hand over a code outside a list: a column mapped as text, a constant in the
sources file, a new code the agency began to use. Such a value is never shown as another one: the
field is null with an error `UNKNOWN_CODE` at its path, whose `value` is the code as the source holds
it (the viewer may see it in clear: no mask applies to an enum field, graph/access/policy.py refuses
one at start-up).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSchema
from strawberry.schema.schema_converter import CustomGraphQLEnumType

v = strawberry.enum_value


class CodeList(CustomGraphQLEnumType):
    """An enum that answers a value outside it with `UNKNOWN_CODE`, not with an error without code."""

    def coerce_output_value(self, output_value: Any) -> str:
        try:
            return super().coerce_output_value(output_value)
        except GraphQLError:
            raise GraphQLError(
                f"{output_value!s} is not a {self.name} code this server knows: the source holds a new code",
                extensions={"code": "UNKNOWN_CODE", "value": str(output_value)},
            ) from None


def answer_unknown_codes(schema: GraphQLSchema) -> None:
    """Makes every enum of a built schema a CodeList. Strawberry builds its enum types itself and
    offers no hook for the class, so the class is set on what it built (the same layout: only
    `coerce_output_value` differs)."""
    for named in schema.type_map.values():
        if isinstance(named, CustomGraphQLEnumType):
            named.__class__ = CodeList


@strawberry.enum(description="Gender (giới tính), as the records write it: Nam → M, Nữ → F.")
class Gender(Enum):
    M = v("M", description="Male (Nam)")
    F = v("F", description="Female (nữ)")


@strawberry.enum(description="The office that issues work permits and exemptions (cơ quan cấp phép).")
class PermitIssuer(Enum):
    noi_vu = v("noi_vu", description="Sở Nội vụ: employers outside the industrial and high-tech zones")
    bql_kcn = v("bql_kcn", description="Ban Quản lý các khu CNC và KCN: employers inside the zones")


@strawberry.enum(description="How a work permit was granted (hình thức cấp).")
class IssuanceType(Enum):
    NEW = v("NEW", description="A first permit (cấp mới)")
    REISSUE = v("REISSUE", description="Reissued, e.g. after a passport renewal (cấp lại)")
    EXTENSION = v("EXTENSION", description="An extension of an earlier permit (gia hạn)")


@strawberry.enum(description="A work permit's lifecycle status (tình trạng giấy phép lao động).")
class PermitStatus(Enum):
    VALID = v("VALID", description="In force (còn hiệu lực)")
    EXPIRED = v("EXPIRED", description="Past its end date (hết hạn)")
    REVOKED = v("REVOKED", description="Revoked by a decision (bị thu hồi)")
    RETURNED = v("RETURNED", description="Handed back by the employer (đã nộp lại)")
    SUPERSEDED = v("SUPERSEDED", description="Replaced by a reissue or extension (đã được cấp lại)")


@strawberry.enum(description="The job position on a work permit (vị trí công việc).")
class JobPosition(Enum):
    MANAGER = v("MANAGER", description="Manager (nhà quản lý)")
    EXECUTIVE_DIRECTOR = v("EXECUTIVE_DIRECTOR", description="Executive director (giám đốc điều hành)")
    EXPERT = v("EXPERT", description="Expert (chuyên gia)")
    TECHNICAL_WORKER = v("TECHNICAL_WORKER", description="Technical worker (lao động kỹ thuật)")


@strawberry.enum(description="The form of work on a work permit (hình thức làm việc).")
class WorkForm(Enum):
    LABOUR_CONTRACT = v("LABOUR_CONTRACT", description="A labour contract (hợp đồng lao động)")
    INTRA_COMPANY_TRANSFER = v(
        "INTRA_COMPANY_TRANSFER",
        description="Moved within the enterprise (di chuyển trong nội bộ doanh nghiệp)",
    )
    SERVICE_CONTRACT = v(
        "SERVICE_CONTRACT", description="Carrying out a service contract (thực hiện hợp đồng dịch vụ)"
    )
    COMMERCIAL_PRESENCE = v("COMMERCIAL_PRESENCE", description="Offering services (chào bán dịch vụ)")
    OTHER = v("OTHER", description="Another form the source names as such (khác)")


@strawberry.enum(description="How many entries a visa allows (giá trị nhập cảnh).")
class VisaEntries(Enum):
    SINGLE = v("SINGLE", description="One entry (một lần)")
    MULTIPLE = v("MULTIPLE", description="Several entries (nhiều lần)")


@strawberry.enum(description="A health check's conclusion (kết luận sức khỏe).")
class HealthConclusion(Enum):
    FIT = v("FIT", description="Fit to work (đủ sức khỏe)")
    UNFIT = v("UNFIT", description="Not fit to work (không đủ sức khỏe)")
    CONDITIONAL = v("CONDITIONAL", description="Fit with conditions (đủ sức khỏe có điều kiện)")


@strawberry.enum(description="A clinic's licence status (tình trạng hoạt động của cơ sở khám).")
class FacilityStatus(Enum):
    ACTIVE = v("ACTIVE", description="Operating (đang hoạt động)")
    SUSPENDED = v("SUSPENDED", description="Suspended (tạm đình chỉ)")
    REVOKED = v("REVOKED", description="Licence revoked (thu hồi giấy phép)")


@strawberry.enum(description="The form of a criminal-record certificate (loại phiếu lý lịch tư pháp).")
class CriminalRecordForm(Enum):
    FORM_1 = v("FORM_1", description="Form No. 1 (phiếu số 1)")
    FORM_2 = v("FORM_2", description="Form No. 2, with every conviction (phiếu số 2)")


@strawberry.enum(description="Who issued a criminal-record certificate (cơ quan cấp phiếu lý lịch tư pháp).")
class CriminalRecordIssuer(Enum):
    tu_phap = v("tu_phap", description="Sở Tư pháp, before 01/03/2025")
    cong_an = v("cong_an", description="Công an, from 01/03/2025")


@strawberry.enum(description="A social-insurance enrolment's status (tình trạng tham gia bảo hiểm xã hội).")
class InsuranceStatus(Enum):
    CONTRIBUTING = v("CONTRIBUTING", description="Contributions being paid (đang tham gia)")
    SUSPENDED = v("SUSPENDED", description="Contributions paused (tạm dừng đóng)")
    CLOSED = v("CLOSED", description="The record is closed (đã chốt sổ)")


@strawberry.enum(description="What kind of employer (loại hình người sử dụng lao động).")
class EmployerKind(Enum):
    FDI_ENTERPRISE = v(
        "FDI_ENTERPRISE",
        description="An enterprise with foreign investment (doanh nghiệp có vốn đầu tư nước ngoài)",
    )
    REPRESENTATIVE_OFFICE = v(
        "REPRESENTATIVE_OFFICE", description="A foreign trader's representative office (văn phòng đại diện)"
    )
    BRANCH = v("BRANCH", description="A branch (chi nhánh)")
    FOREIGN_CONTRACTOR = v("FOREIGN_CONTRACTOR", description="A foreign contractor (nhà thầu nước ngoài)")
    NGO = v("NGO", description="A non-governmental organisation (tổ chức phi chính phủ)")
    DOMESTIC = v("DOMESTIC", description="A domestic enterprise (doanh nghiệp trong nước)")


@strawberry.enum(description="An employer's registry status (tình trạng hoạt động).")
class EmployerStatus(Enum):
    ACTIVE = v("ACTIVE", description="Operating (đang hoạt động)")
    SUSPENDED = v("SUSPENDED", description="Business suspended (tạm ngừng kinh doanh)")
    DISSOLVED = v("DISSOLVED", description="Dissolved (đã giải thể)")


@strawberry.enum(description="A kind of agency record (loại hồ sơ): the GraphQL type that shows it.")
class RecordKind(Enum):
    WorkPermit = v("WorkPermit", description="A work permit (giấy phép lao động)")
    PermitExemption = v(
        "PermitExemption", description="A work-permit exemption (xác nhận không thuộc diện cấp GPLĐ)"
    )
    Visa = v("Visa", description="A visa (thị thực)")
    ResidenceCard = v("ResidenceCard", description="A temporary residence card (thẻ tạm trú)")
    ResidenceDeclaration = v(
        "ResidenceDeclaration", description="A temporary-residence declaration (khai báo tạm trú)"
    )
    HealthCertificate = v("HealthCertificate", description="A health certificate (giấy chứng nhận sức khỏe)")
    CriminalRecordCertificate = v(
        "CriminalRecordCertificate", description="A criminal-record certificate (phiếu lý lịch tư pháp)"
    )
    SocialInsuranceRecord = v(
        "SocialInsuranceRecord", description="A social-insurance record (bảo hiểm xã hội)"
    )
    Employer = v("Employer", description="An employer's registration (đăng ký doanh nghiệp)")
    HealthFacility = v("HealthFacility", description="A clinic's licence (cơ sở khám sức khỏe)")
    ContractorDeclaration = v(
        "ContractorDeclaration", description="A contractor's headcount declaration (kê khai của nhà thầu)"
    )
    EmployerChange = v(
        "EmployerChange", description="A change an employer's registry recorded (thay đổi đăng ký)"
    )
    ResidenceCheck = v("ResidenceCheck", description="A ward's residence check (kiểm tra cư trú)")
    Dossier = v("Dossier", description="An interlinked online dossier (hồ sơ liên thông)")
    DossierStep = v("DossierStep", description="One step of an interlinked dossier (bước xử lý hồ sơ)")
    SectorListing = v(
        "SectorListing", description="A sector department's listing of an institution (danh sách cơ sở)"
    )
    Inspection = v("Inspection", description="An inspection of an employer (thanh tra)")
    Violation = v("Violation", description="A worker's administrative violation (vi phạm hành chính)")


@strawberry.enum(description="How identity matching placed a record on a worker (cách đối chiếu danh tính).")
class MatchMethod(Enum):
    passport = v("passport", description="The same passport number and nationality (số hộ chiếu)")
    passport_history = v(
        "passport_history", description="A reissue naming the old passport beside the new (hộ chiếu cũ)"
    )
    name_birth_date = v(
        "name_birth_date",
        description="The same name in any spelling, birth date and nationality, tied by a shared document: the"
        " same permit number or insurance number (họ tên và ngày sinh)",
    )
    officer_decision = v(
        "officer_decision",
        description="An officer decided the records are one person (identityReviews; cán bộ xác minh)",
    )


@strawberry.enum(description="A compliance rule of docs/domain.md §4 (điều kiện tuân thủ).")
class ComplianceRule(Enum):
    WORK_AUTHORISATION = v(
        "WORK_AUTHORISATION",
        description="A valid work permit or exemption covers the date (được phép làm việc)",
    )
    IMMIGRATION_PURPOSE = v(
        "IMMIGRATION_PURPOSE",
        description="The visa or card's purpose matches the authorisation (mục đích nhập cảnh)",
    )
    RESIDENCE_STATUS = v(
        "RESIDENCE_STATUS",
        description="A visa or residence card is valid; an LĐ card does not outlast the permit (cư trú hợp lệ)",
    )
    SPONSOR_IS_EMPLOYER = v(
        "SPONSOR_IS_EMPLOYER",
        description="The visa or card's sponsor is the permit's employer (cơ quan bảo lãnh)",
    )
    FILING_DOCUMENTS = v(
        "FILING_DOCUMENTS",
        description="At filing: health FIT within 12 months, criminal record within 6 months (hồ sơ cấp phép)",
    )
    RESIDENCE_DECLARED = v(
        "RESIDENCE_DECLARED", description="The worker's residence is declared (khai báo tạm trú)"
    )
    EMPLOYER_AND_OFFICE = v(
        "EMPLOYER_AND_OFFICE",
        description="The employer is registered and active; the issuing office was competent"
        " (người sử dụng lao động, thẩm quyền cấp)",
    )
    SOCIAL_INSURANCE = v(
        "SOCIAL_INSURANCE",
        description="Social insurance is paid on a labour contract of 12 months or more (bảo hiểm xã hội)",
    )


@strawberry.enum(
    description="Why a rule was judged so, for a client to word in its own language with the check's `facts`"
    " (mã lý do); the facts each names are in `backticks`."
)
class ComplianceReason(Enum):
    AUTHORISED = v(
        "AUTHORISED",
        description="A permit or exemption (fact `record`) is in force until `until` (được phép làm việc đến ngày)",
    )
    NOT_AUTHORISED = v(
        "NOT_AUTHORISED",
        description="No permit or exemption is in force on `at` (không có giấy phép còn hiệu lực)",
    )
    NO_STATUS = v(
        "NO_STATUS",
        description="No visa or residence card is valid on `at` (không có thị thực, thẻ tạm trú còn hạn)",
    )
    WORK_STATUS_UNAUTHORISED = v(
        "WORK_STATUS_UNAUTHORISED",
        description="A work status `symbol` without a permit or exemption (thị thực lao động, không có giấy phép)",
    )
    NO_WORK_CLAIMED = v(
        "NO_WORK_CLAIMED",
        description="No permit or exemption, and the `symbol` status claims no work (không khai làm việc)",
    )
    TOURIST_STATUS = v(
        "TOURIST_STATUS", description="Only a `symbol` status, which does not allow work (thị thực du lịch)"
    )
    PURPOSE_FITS = v("PURPOSE_FITS", description="The `symbol` status fits the `record` (mục đích phù hợp)")
    PURPOSE_MISMATCH = v(
        "PURPOSE_MISMATCH",
        description="The `record` needs another status than `symbol` (mục đích không phù hợp)",
    )
    CARD_OUTLASTS_PERMIT = v(
        "CARD_OUTLASTS_PERMIT",
        description="The LĐ card runs to `until`, after the permit ends on `permitUntil` (thẻ dài hơn giấy phép)",
    )
    STATUS_VALID = v(
        "STATUS_VALID", description="The `record` `symbol` is valid until `until` (còn hạn đến ngày)"
    )
    NOTHING_TO_COMPARE = v(
        "NOTHING_TO_COMPARE",
        description="No status and permit in force together to compare (không có gì để đối chiếu)",
    )
    SPONSORED_BY_EMPLOYER = v(
        "SPONSORED_BY_EMPLOYER",
        description="The `record` is sponsored by the employer `sponsor` (bảo lãnh đúng)",
    )
    SPONSOR_NOT_EMPLOYER = v(
        "SPONSOR_NOT_EMPLOYER",
        description="The `record` is sponsored by `sponsor`, the permit names `employers` (bảo lãnh khác người sử dụng lao động)",
    )
    NO_HEALTH_CERTIFICATE = v(
        "NO_HEALTH_CERTIFICATE",
        description="No health certificate concluded by the filing on `filed` (không có giấy khám sức khỏe)",
    )
    CLINICS_UNAVAILABLE = v(
        "CLINICS_UNAVAILABLE",
        description="The list of licensed clinics is unavailable (danh sách cơ sở khám không truy cập được)",
    )
    HEALTH_CERTIFICATE_DEFECTS = v(
        "HEALTH_CERTIFICATE_DEFECTS",
        description="The health certificate: concluded `concludedTooEarly`, over 12 months before `filed`; conclusion `conclusion`; clinic `unlicensedClinic` not licensed; each fact only when it applies (giấy khám sức khỏe không hợp lệ)",
    )
    HEALTH_CERTIFICATE_VALID = v(
        "HEALTH_CERTIFICATE_VALID",
        description="FIT on `concluded`, within 12 months of the filing on `filed` (giấy khám sức khỏe hợp lệ)",
    )
    NO_CRIMINAL_RECORD = v(
        "NO_CRIMINAL_RECORD",
        description="No criminal-record certificate in the 6 months before the filing on `filed` (không có phiếu lý lịch tư pháp)",
    )
    CRIMINAL_RECORD_WRONG_ISSUER = v(
        "CRIMINAL_RECORD_WRONG_ISSUER",
        description="Issued `issued` by `issuer`, not by the `competent` agency (phiếu lý lịch tư pháp sai nơi cấp)",
    )
    CRIMINAL_RECORD_VALID = v(
        "CRIMINAL_RECORD_VALID",
        description="Issued `issued`, within 6 months of the filing on `filed` (phiếu lý lịch tư pháp hợp lệ)",
    )
    NO_FILING = v(
        "NO_FILING",
        description="No permit or exemption in force: no filing to check (không có hồ sơ cấp phép để xét)",
    )
    FILING_DOCUMENTS_VALID = v(
        "FILING_DOCUMENTS_VALID",
        description="Health FIT on `concluded` (filing `filed`), criminal record issued `issued` (first filing `firstFiled`) (hồ sơ cấp phép hợp lệ)",
    )
    DECLARED = v("DECLARED", description="Stay declared from `since` (đã khai báo tạm trú)")
    NOT_DECLARED = v(
        "NOT_DECLARED", description="No residence declaration covers `at` (chưa khai báo tạm trú)"
    )
    REGISTRIES_UNAVAILABLE = v(
        "REGISTRIES_UNAVAILABLE",
        description="The business registries are unavailable (đăng ký doanh nghiệp không truy cập được)",
    )
    EMPLOYER_NOT_REGISTERED = v(
        "EMPLOYER_NOT_REGISTERED",
        description="Employer `taxCode` is not in the business registries (doanh nghiệp không có trong đăng ký)",
    )
    EMPLOYER_INACTIVE = v(
        "EMPLOYER_INACTIVE", description="Employer `taxCode` is `status` (doanh nghiệp không hoạt động)"
    )
    EMPLOYER_ACTIVE = v(
        "EMPLOYER_ACTIVE",
        description="Employer `taxCode` is registered and active (doanh nghiệp đang hoạt động)",
    )
    ZONE_UNKNOWN = v(
        "ZONE_UNKNOWN",
        description="The registry does not say whether `taxCode` is in a zone (không rõ trong khu công nghiệp)",
    )
    WRONG_OFFICE = v(
        "WRONG_OFFICE",
        description="Issued by `issuer`; for this employer (`inZone`) the `competent` office (cấp sai thẩm quyền)",
    )
    COMPETENT_OFFICE = v(
        "COMPETENT_OFFICE",
        description="Issued by `issuer`, competent for this employer (cấp đúng thẩm quyền)",
    )
    NO_EMPLOYER_TO_CHECK = v(
        "NO_EMPLOYER_TO_CHECK",
        description="No permit or exemption in force: no employer to check (không có người sử dụng lao động để xét)",
    )
    EXEMPTION_TERMS_UNKNOWN = v(
        "EXEMPTION_TERMS_UNKNOWN",
        description="An exemption does not state the contract's form or term (miễn giấy phép không nêu hợp đồng)",
    )
    NO_PERMIT = v("NO_PERMIT", description="No work permit in force (không có giấy phép còn hiệu lực)")
    NO_INSURANCE_OWED = v(
        "NO_INSURANCE_OWED",
        description="Work form `workForm`: no social insurance owed (không thuộc diện đóng bảo hiểm)",
    )
    NOT_INSURED = v(
        "NOT_INSURED",
        description="A labour contract with `taxCode`, no contributing insurance there (không đóng bảo hiểm)",
    )
    INSURED = v("INSURED", description="Contributing through the permit's employer (đang đóng bảo hiểm)")
    REFUSED = v(
        "REFUSED",
        description="A value the rule needs is refused: `refusal` is its ErrorCode, `agency` the failing source if any (thiếu dữ liệu)",
    )
    HIDDEN = v(
        "HIDDEN",
        description="The viewer may not see in clear the `coordinates` the rule needs (không được phép xem)",
    )


@strawberry.enum(description="One rule's result (kết quả đánh giá).")
class CheckResult(Enum):
    PASSED = v("PASSED", description="The rule holds (đạt)")
    FAILED = v("FAILED", description="The rule is broken (không đạt)")
    NOT_APPLICABLE = v("NOT_APPLICABLE", description="The rule does not apply to this worker (không áp dụng)")
    UNKNOWN = v(
        "UNKNOWN",
        description="Cannot be judged: a source is unavailable, or the viewer may not see in clear what the"
        " rule needs (chưa xác định)",
    )


@strawberry.enum(description="A worker's overall compliance on a date (tình trạng tuân thủ).")
class ComplianceStatus(Enum):
    COMPLIANT = v("COMPLIANT", description="Every rule passed or does not apply (tuân thủ)")
    NON_COMPLIANT = v("NON_COMPLIANT", description="A rule failed (vi phạm)")
    UNKNOWN = v("UNKNOWN", description="No rule failed but one could not be judged (chưa xác định)")


@strawberry.enum(description="Why a record is in an exchange list (loại thay đổi).")
class RowChange(Enum):
    ISSUED = v("ISSUED", description="A date of the record's own is in the window (cấp mới)")
    REVOKED = v("REVOKED", description="A permit's revocation is in the window (thu hồi)")
    CHANGED = v(
        "CHANGED",
        description="Its registry recorded a change, or its source's change time is in the window (thay đổi)",
    )
    TERMINATED = v("TERMINATED", description="Changed in the window, and now dissolved (chấm dứt)")
    LISTED = v(
        "LISTED", description="Standing at the window's end, in a list of what stands (đang có hiệu lực)"
    )


@strawberry.enum(description="How often an exchange list is sent (kỳ gửi).")
class ListPeriod(Enum):
    monthly = v("monthly", description="Every month, before the due day (hằng tháng)")
    quarterly = v("quarterly", description="Every quarter, in its last month (hằng quý)")


@strawberry.enum(description="The state of an e-mailed list or of one attempt to send it (trạng thái gửi).")
class DeliveryStatus(Enum):
    SENDING = v("SENDING", description="Being sent, not finished (đang gửi)")
    SENT = v("SENT", description="Accepted by the mail server (đã gửi)")
    FAILED = v("FAILED", description="Failed; tried again later (gửi lỗi, sẽ gửi lại)")
    REJECTED = v("REJECTED", description="Refused by the mail server for good (bị từ chối)")


@strawberry.enum(description="What a ward found at the address it checked (kết quả kiểm tra cư trú).")
class ResidenceCheckResult(Enum):
    FOUND = v("FOUND", description="The worker lives at the address (có mặt tại nơi cư trú)")
    NOT_FOUND = v("NOT_FOUND", description="The worker does not live there (không có mặt tại nơi cư trú)")


@strawberry.enum(description="Where an interlinked dossier stands (tình trạng hồ sơ liên thông).")
class DossierStatus(Enum):
    RECEIVED = v("RECEIVED", description="Received by the one-stop centre (đã tiếp nhận)")
    PROCESSING = v("PROCESSING", description="Being handled by an agency (đang xử lý)")
    DECIDED = v("DECIDED", description="Decided: `outcome` says how (đã giải quyết)")


@strawberry.enum(description="How an interlinked dossier was decided (kết quả giải quyết).")
class DossierOutcome(Enum):
    GRANTED = v("GRANTED", description="The work permit was granted (cấp giấy phép)")
    REFUSED = v("REFUSED", description="The application was refused (từ chối)")


@strawberry.enum(description="A step of the interlinked procedure (bước xử lý, seed 003 Điều 18).")
class DossierStepKind(Enum):
    RECEPTION = v("RECEPTION", description="The one-stop centre receives the dossier (tiếp nhận)")
    CRIMINAL_RECORD = v(
        "CRIMINAL_RECORD",
        description="The police issue the criminal-record certificate (cấp phiếu lý lịch tư pháp)",
    )
    WORK_PERMIT = v("WORK_PERMIT", description="The permit office decides (cấp giấy phép lao động)")
    RESULT = v("RESULT", description="The one-stop centre returns the result (trả kết quả)")


@strawberry.enum(description="The agency handling a step of an interlinked dossier (cơ quan xử lý).")
class DossierAgency(Enum):
    hcc = v("hcc", description="The one-stop public service centre (Trung tâm Phục vụ hành chính công)")
    cong_an = v("cong_an", description="Công an: the police, for the criminal-record certificate")
    noi_vu = v("noi_vu", description="Sở Nội vụ: the permit office outside the zones")
    bql_kcn = v("bql_kcn", description="Ban Quản lý các khu CNC và KCN: the permit office inside the zones")


@strawberry.enum(description="Where a step of an interlinked dossier stands (tình trạng bước xử lý).")
class DossierStepStatus(Enum):
    WAITING = v("WAITING", description="Not started yet (chờ xử lý)")
    PROCESSING = v("PROCESSING", description="Started, not finished (đang xử lý)")
    DONE = v("DONE", description="Finished (đã hoàn thành)")


@strawberry.enum(description="Where an inspection stands (tình trạng thanh tra).")
class InspectionStatus(Enum):
    OPEN = v("OPEN", description="Its findings are still being dealt with (đang xử lý)")
    CLOSED = v("CLOSED", description="Closed (đã kết thúc)")
