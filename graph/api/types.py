"""The unified schema's object types: the public contract that frontends and tests depend on.

Values arrive as prepared mappings (see `graph/access/present.py`) and every plain field is read through
the schema's one default resolver, so no field can bypass the gate that prepared them. A field
with a resolver reads its parent as the View it is (`strawberry.Parent[View]`) and returns a View,
so its GraphQL type is named apart, in `graphql_type`. Codes are enums (graph/api/codes.py, which
says what a code outside its list becomes); no policy may mask an enum field (graph/access/policy.py).
Every type, field and argument has a description, in English with the Vietnamese term
(tests/test_api_contract.py).
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry

from graph.access.present import View
from graph.api.codes import (
    CheckResult,
    ComplianceReason,
    ComplianceRule,
    ComplianceStatus,
    CriminalRecordForm,
    CriminalRecordIssuer,
    DeliveryStatus,
    DossierAgency,
    DossierOutcome,
    DossierStatus,
    DossierStepKind,
    DossierStepStatus,
    EmployerKind,
    EmployerStatus,
    FacilityStatus,
    Gender,
    HealthConclusion,
    InspectionStatus,
    InsuranceStatus,
    IssuanceType,
    JobPosition,
    ListPeriod,
    MatchMethod,
    PermitIssuer,
    PermitStatus,
    RecordKind,
    ResidenceCheckResult,
    RowChange,
    VisaEntries,
    WorkForm,
)
from graph.api.ordering import WorkerOrder
from graph.api.resolvers.compliance import worker_compliance
from graph.api.resolvers.contractors import contractor_reports
from graph.api.resolvers.entities import employer_entity, worker_entity
from graph.api.resolvers.workers import employer_workers

FIRST = "How many to list (số dòng mỗi trang), 0 to 1000"
AFTER = "Start after this cursor (con trỏ): an `endCursor` or edge `cursor` of the page before"
ORDER_BY = (
    "The order (thứ tự), by a field the viewer sees in clear (else FORBIDDEN); default: by id, which is"
    " stable and tells nothing"
)


@strawberry.type(description="Where a record came from: the agency, its record id and when it last changed.")
class Provenance:
    sourceAgency: str | None = strawberry.field(
        description="The agency whose system holds the record (cơ quan quản lý dữ liệu), e.g. noi_vu, cong_an"
    )
    sourceRecordId: str | None = strawberry.field(
        description="The record's key in that system (mã bản ghi), as the sources file maps it"
    )
    asOf: datetime | None = strawberry.field(
        description="When the record last changed in its source, or when the export was taken (thời điểm cập nhật)"
    )


@strawberry.type(description="Who a record is about, as the agency holding it wrote it.")
class PersonRecord(Provenance):
    fullName: str | None = strawberry.field(
        description="Full name (họ tên) as this agency wrote it, in upper case"
    )
    nativeName: str | None = strawberry.field(
        description="The name in the worker's own script, where the agency recorded it (tên theo chữ bản ngữ)"
    )
    gender: Gender | None = strawberry.field(description="Gender (giới tính)")
    dateOfBirth: str | None = strawberry.field(
        description="Date of birth (ngày sinh), ISO 8601; a bare year where only that is known"
    )
    nationality: str | None = strawberry.field(description="Nationality (quốc tịch), ISO 3166 alpha-3")
    passportNumber: str | None = strawberry.field(
        description="The passport number this record names (số hộ chiếu), normalised: upper case, no spaces"
    )


@strawberry.type(description="A work permit (giấy phép lao động) issued by noi_vu or bql_kcn.")
class WorkPermit(PersonRecord):
    permitNumber: str | None = strawberry.field(
        description="The permit's number (số giấy phép lao động), unique per issuer"
    )
    issuer: PermitIssuer | None = strawberry.field(description="The issuing office (cơ quan cấp)")
    issuanceType: IssuanceType | None = strawberry.field(description="How it was granted (hình thức cấp)")
    status: PermitStatus | None = strawberry.field(description="Its lifecycle status (tình trạng)")
    jobPosition: JobPosition | None = strawberry.field(description="The job position (vị trí công việc)")
    workForm: WorkForm | None = strawberry.field(description="The form of work (hình thức làm việc)")
    jobTitle: str | None = strawberry.field(description="The job title as written (chức danh công việc)")
    workLocation: str | None = strawberry.field(description="Where the work is done (địa điểm làm việc)")
    validFrom: date | None = strawberry.field(description="First day of validity (có hiệu lực từ ngày)")
    validTo: date | None = strawberry.field(description="Last day of validity (có hiệu lực đến ngày)")
    salary: int | None = strawberry.field(description="Monthly salary on the application, VND (mức lương).")
    employerTaxCode: str | None = strawberry.field(
        description="The employer's tax code (mã số thuế người sử dụng lao động)"
    )
    employer: Employer | None = strawberry.field(
        description="The employer, as its registry holds it (người sử dụng lao động)"
    )
    predecessorPermitNumber: str | None = strawberry.field(
        description="The permit this one reissues or extends (số giấy phép trước đó)"
    )
    previousPassportNumber: str | None = strawberry.field(
        description="On a reissue after a passport renewal: the passport the earlier permit named (số hộ chiếu cũ)."
    )
    revocationDecision: str | None = strawberry.field(
        description="The revocation decision's number (số quyết định thu hồi)"
    )
    revocationDate: date | None = strawberry.field(description="The day it was revoked (ngày thu hồi)")
    revocationGround: str | None = strawberry.field(description="Why it was revoked (lý do thu hồi)")


@strawberry.type(
    description="A certificate that the worker needs no work permit (xác nhận không thuộc diện cấp GPLĐ)."
)
class PermitExemption(PersonRecord):
    certificateNumber: str | None = strawberry.field(
        description="The certificate's number (số văn bản xác nhận)"
    )
    issuer: PermitIssuer | None = strawberry.field(description="The issuing office (cơ quan cấp)")
    legalBasis: str | None = strawberry.field(
        description="The case of the law it falls under (trường hợp không thuộc diện cấp GPLĐ)"
    )
    employerTaxCode: str | None = strawberry.field(
        description="The employer's tax code (mã số thuế người sử dụng lao động)"
    )
    employer: Employer | None = strawberry.field(description="The employer (người sử dụng lao động)")
    validFrom: date | None = strawberry.field(description="First day of validity (có hiệu lực từ ngày)")
    validTo: date | None = strawberry.field(description="Last day of validity (có hiệu lực đến ngày)")


@strawberry.type(description="A visa (thị thực) held by the police.")
class Visa(PersonRecord):
    visaNumber: str | None = strawberry.field(description="The visa's number (số thị thực)")
    symbol: str | None = strawberry.field(
        description="Its symbol (ký hiệu): LĐ1, LĐ2, DN1, ĐT1, DL, EV, … Text, not an enum: GraphQL names"
        " cannot spell Đ"
    )
    entries: VisaEntries | None = strawberry.field(description="Entries allowed (giá trị nhập cảnh)")
    validFrom: date | None = strawberry.field(description="First day of validity (có giá trị từ ngày)")
    validUntil: date | None = strawberry.field(description="Last day of validity (có giá trị đến ngày)")
    sponsorTaxCode: str | None = strawberry.field(
        description="The sponsor's tax code (mã số thuế cơ quan, tổ chức bảo lãnh)"
    )
    sponsor: Employer | None = strawberry.field(description="The sponsor (cơ quan, tổ chức bảo lãnh)")


@strawberry.type(description="A temporary residence card (thẻ tạm trú).")
class ResidenceCard(PersonRecord):
    cardNumber: str | None = strawberry.field(description="The card's number (số thẻ tạm trú)")
    previousPassportNumber: str | None = strawberry.field(
        description="On a card re-issued for a renewed passport: the passport it replaced (số hộ chiếu cũ)"
    )
    symbol: str | None = strawberry.field(description="Its symbol (ký hiệu), as a visa's: LĐ2, ĐT1, …")
    validFrom: date | None = strawberry.field(description="First day of validity (có giá trị từ ngày)")
    validTo: date | None = strawberry.field(description="Last day of validity (có giá trị đến ngày)")
    sponsorTaxCode: str | None = strawberry.field(
        description="The sponsor's tax code (mã số thuế cơ quan, tổ chức bảo lãnh)"
    )
    sponsor: Employer | None = strawberry.field(description="The sponsor (cơ quan, tổ chức bảo lãnh)")
    address: str | None = strawberry.field(description="The residence address on the card (địa chỉ tạm trú)")
    province: str | None = strawberry.field(description="Its province or city (tỉnh, thành phố)")
    ward: str | None = strawberry.field(description="Its ward or commune (phường, xã)")


@strawberry.type(description="A temporary-residence declaration (khai báo tạm trú).")
class ResidenceDeclaration(PersonRecord):
    declarationNumber: str | None = strawberry.field(description="The declaration's number (số khai báo)")
    address: str | None = strawberry.field(description="Where the worker stays (địa chỉ lưu trú)")
    province: str | None = strawberry.field(description="Its province or city (tỉnh, thành phố)")
    ward: str | None = strawberry.field(description="Its ward or commune (phường, xã)")
    stayFrom: date | None = strawberry.field(description="First day of the stay (tạm trú từ ngày)")
    stayTo: date | None = strawberry.field(description="Last day of the stay, if declared (tạm trú đến ngày)")
    declaredAt: datetime | None = strawberry.field(description="When it was declared (thời điểm khai báo)")
    receivingPolice: str | None = strawberry.field(
        description="The ward police that received it (công an tiếp nhận)"
    )


@strawberry.type(
    description="A ward's on-the-ground check of where a worker lives (kiểm tra cư trú, seed 003 Điều 20)."
)
class ResidenceCheck(PersonRecord):
    checkNumber: str | None = strawberry.field(description="The minutes' number (số biên bản)")
    address: str | None = strawberry.field(description="The address visited")
    province: str | None = strawberry.field(
        description="The province or city of the address (tỉnh/thành phố)"
    )
    ward: str | None = strawberry.field(description="The ward that checked")
    checkedOn: date | None = strawberry.field(description="When the ward checked (ngày kiểm tra)")
    result: ResidenceCheckResult | None = strawberry.field(
        description="Whether the worker lives at the address (kết quả kiểm tra)"
    )
    note: str | None = strawberry.field(description="The ward officer's note, as written (ghi chú)")


@strawberry.type(
    description="One step of an interlinked dossier: the agency handling it, when it started, was due and finished."
)
class DossierStep(Provenance):
    stepNumber: str | None = strawberry.field(description="The step's own number (số bước)")
    dossierNumber: str | None = strawberry.field(description="The dossier it belongs to (số hồ sơ)")
    step: DossierStepKind | None = strawberry.field(description="Which step of the procedure (bước)")
    agency: DossierAgency | None = strawberry.field(description="The agency handling it (cơ quan xử lý)")
    startedOn: date | None = strawberry.field(description="When the step started (ngày bắt đầu)")
    dueOn: date | None = strawberry.field(description="When the regulation's time for it runs out")
    finishedOn: date | None = strawberry.field(description="When the step finished (ngày hoàn thành)")
    status: DossierStepStatus | None = strawberry.field(description="Where the step stands (tình trạng)")
    processingDays: int | None = strawberry.field(
        description="Calendar days from start to finish, or to today in Hà Nội if not finished"
    )
    overdue: bool | None = strawberry.field(
        description="Finished after its due date, or not finished and past it"
    )


@strawberry.type(
    description='A digitised dossier of the interlinked online procedure "work permit + criminal-record'
    ' certificate" (seed 003 Điều 5.4, 7.2, 18), as the one-stop centre holds it.'
)
class Dossier(PersonRecord):
    dossierNumber: str | None = strawberry.field(
        description="The dossier's number at the one-stop centre (số hồ sơ)"
    )
    employerTaxCode: str | None = strawberry.field(description="The employer applying (mã số thuế)")
    employer: Employer | None = strawberry.field(description="That employer (người sử dụng lao động)")
    receivedOn: date | None = strawberry.field(description="When the centre received it (ngày tiếp nhận)")
    dueOn: date | None = strawberry.field(description="When the result is due")
    decidedOn: date | None = strawberry.field(description="When it was decided (ngày giải quyết)")
    status: DossierStatus | None = strawberry.field(description="Where the dossier stands (tình trạng)")
    outcome: DossierOutcome | None = strawberry.field(
        description="How it was decided, once decided (kết quả giải quyết)"
    )
    permitNumber: str | None = strawberry.field(description="The work permit it granted")
    processingDays: int | None = strawberry.field(
        description="Calendar days from reception to decision, or to today in Hà Nội if not decided"
    )
    overdue: bool | None = strawberry.field(
        description="Decided after its due date, or not decided and past it"
    )
    steps: list[DossierStep] | None = strawberry.field(description="Each step, in the order it is taken")


@strawberry.type(
    description="A clinic's record of its licence to examine foreign workers (cơ sở khám sức khỏe)."
)
class HealthFacility(Provenance):
    licenceNumber: str | None = strawberry.field(
        description="Its operating licence number (số giấy phép hoạt động)"
    )
    name: str | None = strawberry.field(description="The clinic's name (tên cơ sở khám)")
    authorisedForForeignWorkers: bool | None = strawberry.field(
        description="Allowed to examine foreign workers (đủ điều kiện khám cho người nước ngoài)"
    )
    status: FacilityStatus | None = strawberry.field(description="Its licence status (tình trạng hoạt động)")
    address: str | None = strawberry.field(description="Its address (địa chỉ)")
    suspendedOn: date | None = strawberry.field(
        description="When the Health department suspended its foreign-worker checks (đình chỉ), if it did"
    )


@strawberry.type(description="A health certificate (giấy chứng nhận sức khỏe) reported by a clinic.")
class HealthCertificate(PersonRecord):
    certificateNumber: str | None = strawberry.field(
        description="The certificate's number (số giấy chứng nhận)"
    )
    facilityLicence: str | None = strawberry.field(
        description="The licence number of the clinic that examined (số giấy phép của cơ sở khám)"
    )
    facility: HealthFacility | None = strawberry.field(description="That clinic (cơ sở khám sức khỏe)")
    conclusionDate: date | None = strawberry.field(
        description="The day of the conclusion (ngày kết luận); the 12-month validity starts here."
    )
    conclusion: HealthConclusion | None = strawberry.field(description="The conclusion (kết luận)")
    healthGrade: str | None = strawberry.field(description="The health grade as written (phân loại sức khỏe)")
    diseases: str | None = strawberry.field(
        description="Diseases found, the most sensitive detail (bệnh tật)"
    )
    foreignIssued: bool | None = strawberry.field(
        description="Issued abroad and accepted here (giấy chứng nhận do nước ngoài cấp)"
    )


@strawberry.type(description="A criminal-record certificate (phiếu lý lịch tư pháp).")
class CriminalRecordCertificate(PersonRecord):
    certificateNumber: str | None = strawberry.field(description="The certificate's number (số phiếu)")
    form: CriminalRecordForm | None = strawberry.field(description="Its form (loại phiếu)")
    issuer: CriminalRecordIssuer | None = strawberry.field(
        description="Who issued it (cơ quan cấp): tu_phap before 01/03/2025, cong_an from then on"
    )
    issueDate: date | None = strawberry.field(description="The day it was issued (ngày cấp)")
    hasConviction: bool | None = strawberry.field(description="Whether it lists a conviction (có án tích)")
    convictionDetails: str | None = strawberry.field(
        description="The convictions listed, the most sensitive detail (nội dung án tích)"
    )


@strawberry.type(description="Social-insurance enrolment (bảo hiểm xã hội).")
class SocialInsuranceRecord(PersonRecord):
    insuranceNumber: str | None = strawberry.field(description="The insurance number (mã số bảo hiểm xã hội)")
    employerTaxCode: str | None = strawberry.field(
        description="The contributing employer's tax code (mã số thuế đơn vị tham gia)"
    )
    employer: Employer | None = strawberry.field(description="That employer (đơn vị sử dụng lao động)")
    monthsContributed: int | None = strawberry.field(description="Months contributed (số tháng đóng)")
    status: InsuranceStatus | None = strawberry.field(
        description="The enrolment's status (tình trạng tham gia)"
    )


@strawberry.type(
    description="A foreign contractor's declared foreign headcount for one package and quarter (kê khai của nhà thầu)."
)
class ContractorDeclaration(Provenance):
    employerTaxCode: str | None = strawberry.field(
        description="The contractor's tax code (mã số thuế nhà thầu)"
    )
    packageName: str | None = strawberry.field(description="The contract package (gói thầu)")
    quarter: str | None = strawberry.field(description="The quarter declared, YYYY-Qn (quý)")
    declaredForeignHeadcount: int | None = strawberry.field(
        description="Foreign workers declared for the package (số lao động nước ngoài kê khai)"
    )


@strawberry.type(
    description="An inspection (thanh tra) of an employer by the inspectorate: the decision concluding it,"
    " what it found and the fine imposed."
)
class Inspection(Provenance):
    inspectionNumber: str | None = strawberry.field(description="The inspection's number (số thanh tra)")
    employerTaxCode: str | None = strawberry.field(
        description="The inspected employer's tax code (mã số thuế)"
    )
    decisionNumber: str | None = strawberry.field(
        description="The decision concluding it (kết luận, xử phạt)"
    )
    decisionDate: date | None = strawberry.field(
        description="When the concluding decision was signed (ngày kết luận)"
    )
    legalReference: str | None = strawberry.field(description="The provisions applied (căn cứ pháp lý)")
    finding: str | None = strawberry.field(description="What it found (kết luận thanh tra)")
    fine: int | None = strawberry.field(description="The fine imposed, VND; 0 when nothing was found")
    status: InspectionStatus | None = strawberry.field(description="Where it stands (tình trạng)")


@strawberry.type(
    description="A worker's administrative violation (vi phạm hành chính) found by the inspectorate, and its"
    " sanction."
)
class Violation(PersonRecord):
    violationNumber: str | None = strawberry.field(
        description="The violation's number in the inspectorate's records (số vi phạm)"
    )
    inspectionNumber: str | None = strawberry.field(description="The inspection that found it")
    employerTaxCode: str | None = strawberry.field(
        description="The employer the worker worked for (mã số thuế)"
    )
    employer: Employer | None = strawberry.field(description="That employer (người sử dụng lao động)")
    decisionNumber: str | None = strawberry.field(description="The sanction decision (quyết định xử phạt)")
    decisionDate: date | None = strawberry.field(
        description="When the sanction decision was signed (ngày quyết định)"
    )
    legalReference: str | None = strawberry.field(description="The provisions applied (căn cứ pháp lý)")
    finding: str | None = strawberry.field(description="The act found (hành vi vi phạm)")
    fine: int | None = strawberry.field(description="The fine imposed, VND")


@strawberry.type(
    description="An institution a sector department lists as employing foreigners in its sector (giao_duc,"
    " van_hoa, du_lich): the department's own word on the employer's sector."
)
class SectorListing(Provenance):
    employerTaxCode: str | None = strawberry.field(
        description="The institution's tax code, as the department lists it (mã số thuế)"
    )
    sector: str | None = strawberry.field(
        description="The department's sector: education, culture or tourism"
    )
    institutionName: str | None = strawberry.field(description="As the department lists it")
    institutionKind: str | None = strawberry.field(
        description="As the department words it (trường quốc tế, …)"
    )
    licenceNumber: str | None = strawberry.field(
        description="The department's licence or decision allowing it"
    )
    foreignHeadcount: int | None = strawberry.field(description="Foreigners it employs, as the list states")


@strawberry.type(
    description="A change an employer's registry recorded (thay đổi đăng ký): the field, its value before and after."
)
class EmployerChange(Provenance):
    employerTaxCode: str | None = strawberry.field(description="The employer's tax code (mã số thuế)")
    changedOn: date | None = strawberry.field(description="The day of the change (ngày thay đổi)")
    field: str | None = strawberry.field(
        description="The Employer field changed (nội dung thay đổi): name, address, status,"
        " registeredForeignHeadcount, …"
    )
    previousValue: str | None = strawberry.field(
        description="The value before, as the registry wrote it (giá trị cũ)"
    )
    newValue: str | None = strawberry.field(
        description="The value after, as the registry wrote it (giá trị mới)"
    )


@strawberry.type(
    description="A foreign contractor's quarter (báo cáo nhà thầu): the foreign headcount declared and the actual one."
)
class ContractorReport:
    employerTaxCode: str | None = strawberry.field(
        description="The contractor's tax code (mã số thuế nhà thầu)"
    )
    employer: Employer | None = strawberry.field(description="The contractor (nhà thầu nước ngoài)")
    quarter: str | None = strawberry.field(description="The quarter reported on, YYYY-Qn (quý)")
    declarations: list[ContractorDeclaration] | None = strawberry.field(
        description="The quarter's declarations, one per package (các bản kê khai)"
    )
    declaredForeignHeadcount: int | None = strawberry.field(
        description="The quarter's declarations, summed (tổng số kê khai)"
    )
    actualForeignHeadcount: int | None = strawberry.field(
        description="Workers holding a permit or exemption in force for the contractor on the window's last day,"
        " among those the viewer may know of; refused to a viewer who may not see in clear what says so"
        " (số lao động nước ngoài thực tế)"
    )


@strawberry.federation.type(
    keys=["taxCode"],
    description="An employer (người sử dụng lao động), joined across registries by tax code.",
)
class Employer(Provenance):
    taxCode: str | None = strawberry.field(
        description="Tax code (mã số thuế): 10 digits, 13 for a branch; the key employers are joined by"
    )
    name: str | None = strawberry.field(description="Its Vietnamese name (tên tiếng Việt)")
    foreignName: str | None = strawberry.field(description="Its name in a foreign language (tên nước ngoài)")
    shortName: str | None = strawberry.field(description="Its short name (tên viết tắt)")
    kind: EmployerKind | None = strawberry.field(description="Its kind (loại hình)")
    sector: str | None = strawberry.field(
        description="Its sector (ngành, lĩnh vực) as sector departments' tokens name it: manufacturing, trade, …"
    )
    inIndustrialZone: bool | None = strawberry.field(
        description="Inside an industrial or high-tech zone (trong khu công nghiệp, khu công nghệ cao)"
    )
    status: EmployerStatus | None = strawberry.field(description="Its registry status (tình trạng hoạt động)")
    address: str | None = strawberry.field(description="Its head office address (địa chỉ trụ sở)")
    province: str | None = strawberry.field(description="Its province or city (tỉnh, thành phố)")
    ward: str | None = strawberry.field(description="Its ward or commune (phường, xã)")
    registeredForeignHeadcount: int | None = strawberry.field(
        description="The foreign headcount it registered (số lao động nước ngoài đăng ký)"
    )
    registeredOn: date | None = strawberry.field(
        description="When its registry registered it, established or licensed for an office (ngày đăng ký)"
    )
    contractorDeclarations: list[ContractorDeclaration] | None = strawberry.field(
        description="For a foreign contractor, its quarterly headcount declarations (kê khai của nhà thầu)"
    )
    inspections: list[Inspection] | None = strawberry.field(
        description="The inspectorate's inspections of this employer, as its decisions date them"
    )
    sectorListings: list[SectorListing] | None = strawberry.field(
        description="The sector departments' lists naming it: a sector department's officers see its workers"
    )

    @strawberry.field(
        description="For a foreign contractor, each quarter it declared: the foreign headcount declared to Sở Xây"
        " dựng and the actual one (Điều 16.2)",
        graphql_type=list[ContractorReport] | None,
    )
    @staticmethod
    async def contractorReports(parent: strawberry.Parent[View], info: strawberry.Info) -> list[View]:
        return await contractor_reports(info, parent)

    @strawberry.field(
        description="Workers whose current permit, exemption or visa names this employer (người lao động).",
        graphql_type="WorkerConnection | None",
    )
    @staticmethod
    async def workers(
        parent: strawberry.Parent[View],
        info: strawberry.Info,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        orderBy: Annotated[WorkerOrder | None, strawberry.argument(description=ORDER_BY)] = None,
    ) -> View:
        return await employer_workers(info, parent, first, after, orderBy)

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, taxCode: str) -> View | None:
        """A federation gateway's reference to an employer: the same look-up, gate and audit."""
        view = await employer_entity(info, taxCode)
        return None if view is None else strawberry.cast(cls, view)


@strawberry.type(
    description="One agency record that identity matching placed on this worker, and why (hồ sơ liên kết)."
)
class LinkedRecord:
    sourceAgency: str | None = strawberry.field(description="The agency holding it (cơ quan quản lý dữ liệu)")
    entity: RecordKind | None = strawberry.field(description="What kind of record (loại hồ sơ)")
    sourceRecordId: str | None = strawberry.field(description="Its key in that agency's system (mã bản ghi)")
    matchedBy: MatchMethod | None = strawberry.field(description="How it was matched (cách đối chiếu)")
    confidence: float | None = strawberry.field(
        description="How sure the match is, 0 to 1 (độ tin cậy): 1.0 by passport, 0.99 by passport history,"
        " 0.95 by name, birth date and a shared document, 1.0 by an officer's decision"
    )
    decidedBy: str | None = strawberry.field(
        description="For officer_decision: the officer who decided (người quyết định), else null"
    )
    decidedByAgency: str | None = strawberry.field(
        description="For officer_decision: the officer's agency (cơ quan)"
    )
    decidedAt: datetime | None = strawberry.field(
        description="For officer_decision: when it was decided (thời điểm)"
    )
    reviewId: strawberry.ID | None = strawberry.field(
        description="For officer_decision: the review it answered, in identityReviews (mã xác minh)"
    )


@strawberry.type(
    description="A record used as evidence (hồ sơ làm căn cứ). Its id is shown only where the viewer may see that"
    " entity's ids."
)
class EvidenceRecord:
    sourceAgency: str | None = strawberry.field(description="The agency holding it (cơ quan quản lý dữ liệu)")
    entity: RecordKind | None = strawberry.field(description="What kind of record (loại hồ sơ)")
    sourceRecordId: str | None = strawberry.field(
        description="Its key in that agency's system (mã bản ghi), where the viewer may see that entity's ids"
    )


@strawberry.type(
    description="One fact a compliance reason or a finding's summary names (dữ kiện), e.g. until = 2027-03-31."
)
class ComplianceFact:
    name: str | None = strawberry.field(
        description="Its name, as ComplianceReason's or DiscrepancyKind's description gives it (tên)"
    )
    value: str | None = strawberry.field(
        description="Its value: a date as yyyy-mm-dd, a RecordKind, an agency, a code, true or false (giá trị)"
    )


@strawberry.type(description="One rule of docs/domain.md §4 judged on one date.")
class ComplianceCheck:
    rule: ComplianceRule | None = strawberry.field(description="The rule judged (điều kiện)")
    title: str | None = strawberry.field(description="The rule in one line (nội dung điều kiện)")
    result: CheckResult | None = strawberry.field(description="What the judgement found (kết quả)")
    reason: str | None = strawberry.field(description="Why, in one English sentence (lý do)")
    code: ComplianceReason | None = strawberry.field(
        description="Why, as a code a client words in its own language with `facts` (mã lý do)"
    )
    facts: list[ComplianceFact] | None = strawberry.field(
        description="The dates, record kinds and codes `reason` names, by the names `code` gives them (dữ kiện)"
    )
    evidence: list[EvidenceRecord] | None = strawberry.field(
        description="The records the judgement read (hồ sơ làm căn cứ)"
    )


@strawberry.type(description="A worker's compliance on one date: every rule of docs/domain.md §4.")
class Compliance:
    at: date | None = strawberry.field(description="The day judged (ngày xét)")
    status: ComplianceStatus | None = strawberry.field(
        description="NON_COMPLIANT if a rule failed, else UNKNOWN if one is unknown, else COMPLIANT (tình trạng)"
    )
    checks: list[ComplianceCheck] | None = strawberry.field(
        description="Every rule, in the order of docs/domain.md §4 (các điều kiện)"
    )


@strawberry.enum(description="The reconciliation checks of docs/domain.md §5 (loại sai lệch khi đối soát).")
class DiscrepancyKind(Enum):
    WORK_STATUS_WITHOUT_PERMIT = strawberry.enum_value(
        "WORK_STATUS_WITHOUT_PERMIT",
        description="A work visa or card (LĐ) but no valid permit or exemption (thị thực lao động, không có giấy phép); facts: `symbol`",
    )
    PERMIT_ENDED_RESIDENCE_CARD_VALID = strawberry.enum_value(
        "PERMIT_ENDED_RESIDENCE_CARD_VALID",
        description="The permit was revoked or expired but the residence card is still valid (giấy phép hết hiệu lực, thẻ tạm trú còn hạn); facts: `permitStatus` (REVOKED or EXPIRED), `ended`, the card valid `until`",
    )
    PERMIT_WITH_TOURIST_STATUS = strawberry.enum_value(
        "PERMIT_WITH_TOURIST_STATUS",
        description="A valid permit but only a tourist visa or e-visa (có giấy phép, chỉ có thị thực du lịch); facts: `symbol`",
    )
    EMPLOYER_UNKNOWN_OR_INACTIVE = strawberry.enum_value(
        "EMPLOYER_UNKNOWN_OR_INACTIVE",
        description="The permit's employer is unknown to the registry or not active (người sử dụng lao động không có hoặc ngừng hoạt động); facts: `reason` (a ComplianceReason) and the facts it names",
    )
    WRONG_ISSUING_OFFICE = strawberry.enum_value(
        "WRONG_ISSUING_OFFICE",
        description="The permit was issued by the wrong office, zone against outside (cấp sai thẩm quyền); facts: `reason` (a ComplianceReason) and the facts it names",
    )
    PASSPORT_MISMATCH_PERMIT_CARD = strawberry.enum_value(
        "PASSPORT_MISMATCH_PERMIT_CARD",
        description="The permit names another passport than the residence card: renewed, permit not reissued (hộ chiếu không khớp); facts: none",
    )
    OVERLAPPING_PERMITS = strawberry.enum_value(
        "OVERLAPPING_PERMITS",
        description="Permits for different employers in force at once (giấy phép chồng thời hạn); facts: `count`, `employers` (tax codes)",
    )
    HEALTH_CERTIFICATE_INVALID = strawberry.enum_value(
        "HEALTH_CERTIFICATE_INVALID",
        description="A stale or UNFIT health certificate, or one from an unlicensed clinic (giấy chứng nhận sức khỏe không hợp lệ); facts: `reason` (a ComplianceReason) and the facts it names",
    )
    CRIMINAL_RECORD_WRONG_ISSUER = strawberry.enum_value(
        "CRIMINAL_RECORD_WRONG_ISSUER",
        description="A criminal-record certificate whose issuer is wrong for its date (phiếu lý lịch tư pháp sai cơ quan cấp); facts: `issued`, `issuer`, `competent`",
    )
    INSURED_WITHOUT_PERMIT = strawberry.enum_value(
        "INSURED_WITHOUT_PERMIT",
        description="Social insurance paid for a worker without a permit (đóng bảo hiểm, không có giấy phép); facts: none",
    )
    PERMIT_HOLDER_NOT_INSURED = strawberry.enum_value(
        "PERMIT_HOLDER_NOT_INSURED",
        description="A permit holder who should be insured and is not (có giấy phép, không đóng bảo hiểm); facts: none",
    )
    MISSING_RESIDENCE_DECLARATION = strawberry.enum_value(
        "MISSING_RESIDENCE_DECLARATION",
        description="No residence declaration for a long-term worker (không khai báo tạm trú); facts: `at`",
    )
    IDENTITY_CONFLICT = strawberry.enum_value(
        "IDENTITY_CONFLICT",
        description="One passport number with different birth dates or genders across agencies: for manual review (xung đột danh tính); facts: `passport`, `births`",
    )
    CONTRACTOR_HEADCOUNT_EXCEEDED = strawberry.enum_value(
        "CONTRACTOR_HEADCOUNT_EXCEEDED",
        description="A contractor's actual foreign headcount is above the declared one (nhà thầu vượt số lao động kê khai); facts: `declared`, `quarter`, `actual`",
    )
    PERMITS_ISSUED_AFTER_VIOLATION = strawberry.enum_value(
        "PERMITS_ISSUED_AFTER_VIOLATION",
        description="Permits still in force, issued to an employer after the inspectorate fined it (cấp giấy phép"
        " sau khi bị xử phạt); facts: `fined`, `permits` (how many)",
    )
    DECLARED_RESIDENCE_NOT_FOUND = strawberry.enum_value(
        "DECLARED_RESIDENCE_NOT_FOUND",
        description="A ward's check did not find the worker at the address the residence declaration gives"
        " (kiểm tra không thấy cư trú tại nơi khai báo); facts: `ward`, `checkedOn`",
    )
    DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD = strawberry.enum_value(
        "DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD",
        description="An interlinked dossier decided without a criminal-record certificate (hồ sơ liên thông"
        " được giải quyết khi chưa có phiếu lý lịch tư pháp); facts: `decided`",
    )


@strawberry.enum(description="Where a finding's case stands in the agency's work list (tình trạng xử lý).")
class FindingStatus(Enum):
    OPEN = strawberry.enum_value(
        "OPEN", description="Not yet taken up (chưa xử lý): every finding nobody has acted on"
    )
    ASSIGNED = strawberry.enum_value("ASSIGNED", description="Assigned to an officer (đã giao xử lý)")
    RESOLVED = strawberry.enum_value("RESOLVED", description="Marked resolved (đã xử lý xong)")
    REFERRED_TO_POLICE = strawberry.enum_value(
        "REFERRED_TO_POLICE", description="Handed to the police (đã chuyển Công an xử lý)"
    )


@strawberry.type(description="An officer's note on a finding (ghi chú): free text, kept as written.")
class FindingNote:
    text: str = strawberry.field(description="The note (nội dung), as the officer wrote it")
    author: str = strawberry.field(
        description="The officer who wrote it (người ghi), as the token names them"
    )
    at: datetime = strawberry.field(description="When it was written (thời điểm)")


@strawberry.type(
    description="A finding's case in the viewer's agency's work list (hồ sơ xử lý): each agency keeps its own"
    " (docs/domain.md §5)."
)
class FindingCase:
    status: FindingStatus = strawberry.field(description="Where it stands (tình trạng)")
    assignee: str | None = strawberry.field(description="Who it is assigned to (người được giao)")
    notes: list[FindingNote] = strawberry.field(description="The notes, oldest first (ghi chú)")
    updatedAt: datetime | None = strawberry.field(
        description="When it last changed (cập nhật lúc); null for a finding nobody has acted on"
    )
    updatedBy: str | None = strawberry.field(description="Who changed it last (người cập nhật)")


@strawberry.type(
    description="One reconciliation finding (sai lệch), with the records of each agency that show it."
)
class Discrepancy:
    id: strawberry.ID = strawberry.field(
        description="The finding's id (mã phát hiện): the same for the same finding (its kind and the records"
        " proving it) across restarts and source refreshes; opaque"
    )
    kind: DiscrepancyKind | None = strawberry.field(description="Which check found it (loại sai lệch)")
    since: date | None = strawberry.field(
        description="When the inconsistency began, as the records date it; null where they do not (từ ngày)"
    )
    summary: str | None = strawberry.field(description="What was found, in one English sentence (nội dung)")
    facts: list[ComplianceFact] | None = strawberry.field(
        description="The dates, codes and numbers `summary` states, by name, for a client to word the finding"
        " in its own language with `kind` (dữ kiện)"
    )
    workers: list[Worker | None] | None = strawberry.field(
        description="The workers concerned: two for an identity conflict, none for an employer's finding"
        " (người lao động liên quan)"
    )
    employerTaxCode: str | None = strawberry.field(
        description="For an employer's finding, its tax code (mã số thuế)"
    )
    employer: Employer | None = strawberry.field(description="That employer (người sử dụng lao động)")
    evidence: list[EvidenceRecord] | None = strawberry.field(
        description="Each agency's records that show it (hồ sơ làm căn cứ)"
    )
    case: FindingCase | None = strawberry.field(
        description="Its case in the viewer's agency's work list (hồ sơ xử lý): status OPEN and no notes if"
        " nobody has acted"
    )


@strawberry.type(description="A passport number the worker is known by (hộ chiếu).")
class Passport:
    number: str | None = strawberry.field(description="The number, normalised (số hộ chiếu)")
    current: bool | None = strawberry.field(
        description="The passport the worker holds now (hộ chiếu hiện hành)"
    )


@strawberry.federation.type(
    keys=["id"],
    description="One foreign worker (người lao động nước ngoài), assembled from every agency's records of the same person.",
)
class Worker:
    id: strawberry.ID = strawberry.field(
        description="A stable, opaque id (mã định danh), keyed so that it cannot be reversed to a passport"
    )
    fullName: str | None = strawberry.field(
        description="Full name (họ tên): the passport spelling most sources agree on, among records the viewer"
        " may see"
    )
    otherNames: list[str] | None = strawberry.field(
        description="The other spellings those records carry, the most common first (tên gọi khác)"
    )
    nativeName: str | None = strawberry.field(
        description="The name in the worker's own script, from the first record that has one (tên bản ngữ)"
    )
    nationality: str | None = strawberry.field(description="Nationality (quốc tịch), ISO 3166 alpha-3")
    gender: Gender | None = strawberry.field(description="Gender (giới tính)")
    dateOfBirth: str | None = strawberry.field(
        description="Date of birth (ngày sinh), ISO 8601; a bare year where only that is known"
    )
    passportNumber: str | None = strawberry.field(description="The current passport number (số hộ chiếu)")
    passports: list[Passport] | None = strawberry.field(
        description="Every passport the viewer's records name, the current first (các hộ chiếu)"
    )
    linkedRecords: list[LinkedRecord] | None = strawberry.field(
        description="Every record assembled into this worker, with how it was matched (hồ sơ liên kết)."
    )
    workPermits: list[WorkPermit] | None = strawberry.field(description="Work permits (giấy phép lao động)")
    permitExemptions: list[PermitExemption] | None = strawberry.field(
        description="Work-permit exemptions (xác nhận không thuộc diện cấp GPLĐ)"
    )
    visas: list[Visa] | None = strawberry.field(description="Visas (thị thực)")
    residenceCards: list[ResidenceCard] | None = strawberry.field(
        description="Temporary residence cards (thẻ tạm trú)"
    )
    residenceDeclarations: list[ResidenceDeclaration] | None = strawberry.field(
        description="Temporary-residence declarations (khai báo tạm trú)"
    )
    healthCertificates: list[HealthCertificate] | None = strawberry.field(
        description="Health certificates (giấy chứng nhận sức khỏe)"
    )
    criminalRecordCertificates: list[CriminalRecordCertificate] | None = strawberry.field(
        description="Criminal-record certificates (phiếu lý lịch tư pháp)"
    )
    employer: Employer | None = strawberry.field(
        description="The current employer (người sử dụng lao động): a VALID permit's, else an exemption's, else a"
        " visa sponsor's; null where the viewer may not see in clear all it is taken from"
    )
    socialInsurance: list[SocialInsuranceRecord] | None = strawberry.field(
        description="Social-insurance records (bảo hiểm xã hội)"
    )
    violations: list[Violation] | None = strawberry.field(
        description="Administrative violations the inspectorate found and sanctioned"
    )
    residenceChecks: list[ResidenceCheck] | None = strawberry.field(
        description="Wards' checks of whether the worker lives where declared"
    )
    dossiers: list[Dossier] | None = strawberry.field(
        description="The interlinked online dossiers (work permit + criminal record) filed for the worker"
    )

    @strawberry.field(
        description="Each rule of docs/domain.md §4 judged on `at` (default: today in Hà Nội), with its evidence"
        " (tình trạng tuân thủ).",
        graphql_type=Compliance | None,
    )
    @staticmethod
    async def compliance(
        parent: strawberry.Parent[View],
        info: strawberry.Info,
        at: Annotated[
            date | None,
            strawberry.argument(description="The day to judge (ngày xét); default today in Hà Nội"),
        ] = None,
    ) -> View | None:
        return await worker_compliance(info, parent, at)

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> View | None:
        """A federation gateway's reference to a worker by id: the same scope, gate and audit."""
        view = await worker_entity(info, str(id))
        return None if view is None else strawberry.cast(cls, view)


@strawberry.type(
    description="One row of an exchange list (một dòng danh sách): one record, with the worker it is about."
)
class ExchangeRow:
    change: RowChange | None = strawberry.field(
        description="ISSUED (a date of the record's own is in the window), REVOKED (a permit's revocation"
        " is), CHANGED (a change its registry"
        " recorded, or only its source's change time), TERMINATED (changed, and now dissolved), or LISTED"
        " (a list of what stands at the window's end) (loại thay đổi)"
    )
    worker: Worker | None = strawberry.field(description="The worker the record is about (người lao động)")
    workPermit: WorkPermit | None = strawberry.field(description="The row's work permit (giấy phép lao động)")
    permitExemption: PermitExemption | None = strawberry.field(
        description="The row's exemption (xác nhận không thuộc diện cấp GPLĐ)"
    )
    visa: Visa | None = strawberry.field(description="The row's visa (thị thực)")
    residenceCard: ResidenceCard | None = strawberry.field(
        description="The row's residence card (thẻ tạm trú)"
    )
    employer: Employer | None = strawberry.field(description="The row's employer (doanh nghiệp, tổ chức)")
    changes: list[EmployerChange] | None = strawberry.field(
        description="For an employer, the changes its registry recorded in the window (nội dung thay đổi)"
    )
    healthFacility: HealthFacility | None = strawberry.field(
        description="The row's clinic (cơ sở khám sức khỏe)"
    )
    contractor: ContractorReport | None = strawberry.field(
        description="The row's contractor quarter (báo cáo nhà thầu)"
    )


@strawberry.type(
    description="One sending of an agency's list (danh sách trao đổi): what it issued or changed in the window, or"
    " what stands at its end."
)
class ExchangeList:
    agency: str | None = strawberry.field(description="The sending agency (cơ quan gửi), e.g. noi_vu")
    title: str | None = strawberry.field(description="The list's title, in Vietnamese (tên danh sách)")
    article: str | None = strawberry.field(
        description="The article of the regulation (seed 003) requiring it (căn cứ)"
    )
    recipients: list[str] | None = strawberry.field(
        description="The agencies the regulation sends it to (cơ quan nhận)"
    )
    period: ListPeriod | None = strawberry.field(description="How often it is sent (kỳ gửi)")
    month: str | None = strawberry.field(description="The month it is sent in, YYYY-MM (tháng gửi)")
    quarter: str | None = strawberry.field(
        description="For a quarterly list, the quarter it reports on, YYYY-Qn (quý)"
    )
    dueDate: date | None = strawberry.field(description="The day it must be sent by (hạn gửi)")
    windowStart: date | None = strawberry.field(description="The window's first day (từ ngày)")
    windowEnd: date | None = strawberry.field(description="The window's last day (đến ngày)")
    withheld: list[str] | None = strawberry.field(
        description="Kinds of record in this list the viewer may not see; their rows are left out (không được"
        " phép xem)"
    )
    rows: list[ExchangeRow] | None = strawberry.field(description="Its rows (các dòng)")


@strawberry.type(description="One attempt to e-mail a list to an address (lần gửi).")
class DeliveryAttempt:
    number: int | None = strawberry.field(description="1 for the first attempt, and so on (lần gửi)")
    status: DeliveryStatus | None = strawberry.field(description="How the attempt went (trạng thái)")
    error: str | None = strawberry.field(description="The mail server's or our error, if any (lỗi)")
    at: datetime | None = strawberry.field(
        description="When the attempt ended, or began while SENDING (thời điểm)"
    )
    messageId: str | None = strawberry.field(description="The Message-ID of the e-mail attempted (mã thư)")
    fileDigest: str | None = strawberry.field(
        description="SHA-256 of the attached file, as the letter states it (mã băm tệp)"
    )


@strawberry.type(
    description="A month's list e-mailed by its sender to one address of a recipient agency (gửi danh sách)."
)
class Delivery:
    month: str | None = strawberry.field(description="The month the list was due, YYYY-MM (tháng)")
    list: str | None = strawberry.field(description="The list sent: its sending agency (danh sách)")
    sender: str | None = strawberry.field(description="The sending agency (cơ quan gửi)")
    recipient: str | None = strawberry.field(description="The receiving agency (cơ quan nhận)")
    scope: str | None = strawberry.field(
        description="The recipient's ward or sector, when it has one (phạm vi)"
    )
    address: str | None = strawberry.field(description="The e-mail address sent to (địa chỉ thư)")
    status: DeliveryStatus | None = strawberry.field(
        description="SENT once an attempt was; else the latest attempt's"
        " (a SENDING abandoned by its process: FAILED) (trạng thái)"
    )
    attempts: builtins.list[DeliveryAttempt] | None = strawberry.field(  # `list` is the field above
        description="Every attempt, the first first (các lần gửi)"
    )


@strawberry.type(description="Where a page ends (thông tin trang).")
class PageInfo:
    hasNextPage: bool = strawberry.field(description="Whether another page follows (còn trang sau)")
    endCursor: str | None = strawberry.field(
        description="The cursor of the page's last item, to pass as `after` (con trỏ cuối trang)"
    )


@strawberry.type(description="One worker of a page, with its cursor (một dòng của trang).")
class WorkerEdge:
    cursor: str = strawberry.field(description="Pass as `after` to start after this worker (con trỏ)")
    node: Worker = strawberry.field(description="The worker (người lao động)")


@strawberry.type(
    description="A page of workers (trang danh sách người lao động); pass `pageInfo.endCursor` as `after` for the next."
)
class WorkerConnection:
    edges: list[WorkerEdge] = strawberry.field(description="The page's workers with their cursors (các dòng)")
    nodes: list[Worker] = strawberry.field(description="The page's workers (người lao động)")
    pageInfo: PageInfo = strawberry.field(description="Where the page ends (thông tin trang)")
    totalCount: int | None = strawberry.field(
        description="How many workers every page together lists (tổng số): those of the viewer's row scope"
        " that it may know of and that the filter keeps, which it could count by paging. Asking for it reads"
        " the whole scope from the index (no source)"
    )


@strawberry.type(description="One employer of a page, with its cursor (một dòng của trang).")
class EmployerEdge:
    cursor: str = strawberry.field(description="Pass as `after` for the employers that follow (con trỏ)")
    node: Employer = strawberry.field(description="The employer (người sử dụng lao động)")


@strawberry.type(
    description="A page of employers (danh sách người sử dụng lao động); pass `pageInfo.endCursor` as `after`"
    " for the next."
)
class EmployerConnection:
    edges: list[EmployerEdge] = strawberry.field(description="The page's employers with their cursors")
    nodes: list[Employer] = strawberry.field(description="The page's employers (danh sách)")
    pageInfo: PageInfo = strawberry.field(
        description="Whether more follow, and where to continue (phân trang)"
    )


@strawberry.type(description="One finding of a page, with its cursor (một dòng của trang).")
class DiscrepancyEdge:
    cursor: str = strawberry.field(description="Pass as `after` to start after this finding (con trỏ)")
    node: Discrepancy = strawberry.field(description="The finding (sai lệch)")


@strawberry.type(
    description="A page of findings (trang kết quả đối soát); pass `pageInfo.endCursor` as `after` for the next."
    " No totalCount: counting would judge every worker of the scope against every source."
)
class DiscrepancyConnection:
    edges: list[DiscrepancyEdge] = strawberry.field(
        description="The page's findings with their cursors (các dòng)"
    )
    nodes: list[Discrepancy] = strawberry.field(description="The page's findings (các sai lệch)")
    pageInfo: PageInfo = strawberry.field(description="Where the page ends (thông tin trang)")
    unchecked: list[str] = strawberry.field(
        description="Kinds not searched, or searched incompletely, and why: inputs the viewer may not see,"
        " or a source that failed (chưa đối soát)"
    )


@strawberry.enum(description="What `statistics` groups by (tiêu chí thống kê).")
class Dimension(Enum):
    NATIONALITY = strawberry.enum_value(
        "NATIONALITY", description="Nationality (quốc tịch), ISO 3166 alpha-3"
    )
    SECTOR = strawberry.enum_value(
        "SECTOR", description="The employer's sector (ngành, lĩnh vực), as its registry records it"
    )
    EMPLOYER_KIND = strawberry.enum_value(
        "EMPLOYER_KIND",
        description="The employer's kind (loại hình doanh nghiệp, tổ chức): FDI_ENTERPRISE, REPRESENTATIVE_OFFICE,"
        " BRANCH, FOREIGN_CONTRACTOR, NGO or DOMESTIC",
    )
    IN_INDUSTRIAL_ZONE = strawberry.enum_value(
        "IN_INDUSTRIAL_ZONE",
        description="Whether the employer is inside an industrial or high-tech zone (trong khu công nghiệp,"
        " khu công nghệ cao): true or false",
    )
    PERMIT_STATUS = strawberry.enum_value(
        "PERMIT_STATUS",
        description="The work permit's status (tình trạng giấy phép lao động): VALID, EXPIRED, REVOKED,"
        " RETURNED or SUPERSEDED",
    )
    ISSUER = strawberry.enum_value(
        "ISSUER", description="The office that issued the work permit (cơ quan cấp phép): noi_vu or bql_kcn"
    )
    JOB_POSITION = strawberry.enum_value(
        "JOB_POSITION",
        description="The job position on the permit (vị trí công việc): MANAGER, EXECUTIVE_DIRECTOR, EXPERT"
        " or TECHNICAL_WORKER",
    )
    WORK_FORM = strawberry.enum_value(
        "WORK_FORM",
        description="The form of work on the permit (hình thức làm việc): LABOUR_CONTRACT,"
        " INTRA_COMPANY_TRANSFER, SERVICE_CONTRACT, COMMERCIAL_PRESENCE or OTHER",
    )
    WARD = strawberry.enum_value(
        "WARD",
        description="The ward or commune the worker lives in on `at` (phường, xã nơi tạm trú), from the"
        " residence declarations, else the residence card",
    )
    COMPLIANCE_STATUS = strawberry.enum_value(
        "COMPLIANCE_STATUS",
        description="The worker's compliance on `at` (tình trạng tuân thủ, docs/domain.md §4): COMPLIANT,"
        " NON_COMPLIANT or UNKNOWN, judged on what the viewer sees in clear",
    )
    MONTH_OF_ISSUE = strawberry.enum_value(
        "MONTH_OF_ISSUE",
        description="The month the record was issued (tháng cấp), YYYY-MM: a permit's, visa's or card's"
        " start, a health certificate's conclusion",
    )
    INSURANCE_STATUS = strawberry.enum_value(
        "INSURANCE_STATUS",
        description="The worker's social insurance (tình trạng tham gia bảo hiểm xã hội), counting WORKERS:"
        " CONTRIBUTING if a record of it is, else SUSPENDED, else CLOSED; none without a record",
    )


@strawberry.enum(description="What `statistics` counts (đối tượng thống kê).")
class StatisticsUnit(Enum):
    WORKERS = strawberry.enum_value(
        "WORKERS",
        description="Workers (người lao động nước ngoài), each in one cell; permit dimensions read the"
        " principal permit: the first by status VALID, REVOKED, EXPIRED, RETURNED, SUPERSEDED, the latest"
        " issued among equals",
    )
    WORK_PERMITS = strawberry.enum_value("WORK_PERMITS", description="Work permits (giấy phép lao động)")
    VISAS_AND_CARDS = strawberry.enum_value(
        "VISAS_AND_CARDS", description="Visas and residence cards (thị thực, thẻ tạm trú)"
    )
    HEALTH_CERTIFICATES = strawberry.enum_value(
        "HEALTH_CERTIFICATES", description="Health certificates (giấy chứng nhận sức khỏe)"
    )
    EMPLOYERS = strawberry.enum_value(
        "EMPLOYERS",
        description="Employers (người sử dụng lao động) currently employing the workers; grouped only by"
        " SECTOR, EMPLOYER_KIND and IN_INDUSTRIAL_ZONE",
    )


@strawberry.type(
    description="One cell of a statistics table (ô thống kê): a combination of values and its count."
)
class StatisticsCell:
    values: list[str | None] | None = strawberry.field(
        description="The cell's values (giá trị), one per dimension of `groupBy`, in its order; null: none,"
        " or not to be told from what the viewer sees in clear"
    )
    count: int | None = strawberry.field(description="How many (số lượng); null when suppressed")
    suppressed: bool | None = strawberry.field(
        description="The count is hidden (ẩn số liệu nhỏ): under `minCell`, or hidden so that no hidden"
        " count can be worked out from the totals"
    )


@strawberry.type(
    description="The total of one value of one dimension (tổng theo tiêu chí): a row or column total."
)
class StatisticsTotal:
    dimension: Dimension | None = strawberry.field(description="The dimension (tiêu chí)")
    value: str | None = strawberry.field(description="Its value (giá trị), as in `StatisticsCell.values`")
    count: int | None = strawberry.field(description="How many (số lượng); null when suppressed")
    suppressed: bool | None = strawberry.field(description="The total is hidden (ẩn số liệu nhỏ)")


@strawberry.type(
    description="Counts (thống kê) over the workers the viewer may list. For a viewer without full access"
    " (docs/confidentiality.md) counts under `minCell` are suppressed, and enough others with them that no"
    " hidden count can be worked out from what is shown."
)
class Statistics:
    unit: StatisticsUnit | None = strawberry.field(description="What is counted (đối tượng thống kê)")
    groupBy: list[Dimension] | None = strawberry.field(
        description="The dimensions (tiêu chí), in the order of each cell's values"
    )
    at: date | None = strawberry.field(description="The day wards and compliance are judged on (ngày xét)")
    issuedFrom: date | None = strawberry.field(description="The period's first day (từ ngày), as asked")
    issuedTo: date | None = strawberry.field(description="The period's last day (đến ngày), as asked")
    minCell: int | None = strawberry.field(
        description="The smallest count shown (ngưỡng ẩn số liệu nhỏ); null when nothing is suppressed for this"
        " viewer"
    )
    cells: list[StatisticsCell] | None = strawberry.field(
        description="Every non-empty cell (các ô), in the order of its values (null last); a cell not listed is zero"
    )
    totals: list[StatisticsTotal] | None = strawberry.field(
        description="Each value's total for each dimension (tổng theo hàng, cột); empty for one dimension,"
        " whose cells are its totals"
    )
    total: int | None = strawberry.field(description="The grand total (tổng cộng); null when suppressed")
    totalSuppressed: bool | None = strawberry.field(description="The grand total is hidden (ẩn tổng cộng)")
    incomplete: list[str] | None = strawberry.field(
        description="Agencies whose records could not be read whole (nguồn chưa đọc được): the counts lack"
        " what they hold"
    )
