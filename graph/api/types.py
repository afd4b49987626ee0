"""The unified schema's object types: the public contract that frontends and tests depend on.

Values arrive as prepared mappings (see `graph/access/present.py`) and every plain field is read through
the schema's one default resolver, so no field can bypass the gate that prepared them. A field
with a resolver reads its parent as the View it is (`strawberry.Parent[View]`) and returns a View,
so its GraphQL type is named apart, in `graphql_type`. Codes are plain strings (listed in each
description) so a masked value never breaks an enum.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from enum import Enum

import strawberry

from graph.access.present import View
from graph.api.resolvers.compliance import worker_compliance
from graph.api.resolvers.entities import employer_entity, worker_entity
from graph.api.resolvers.workers import employer_workers


@strawberry.type(description="Where a record came from: the agency, its record id and when it last changed.")
class Provenance:
    sourceAgency: str | None
    sourceRecordId: str | None
    asOf: datetime | None


@strawberry.type(description="Who a record is about, as the agency holding it wrote it.")
class PersonRecord(Provenance):
    fullName: str | None = strawberry.field(description="As this agency wrote it, in upper case")
    nativeName: str | None
    gender: str | None = strawberry.field(description="M or F")
    dateOfBirth: str | None = strawberry.field(description="ISO 8601; a bare year where only that is known")
    nationality: str | None = strawberry.field(description="ISO 3166 alpha-3")
    passportNumber: str | None


@strawberry.type(description="A work permit (giấy phép lao động) issued by noi_vu or bql_kcn.")
class WorkPermit(PersonRecord):
    permitNumber: str | None
    issuer: str | None = strawberry.field(description="noi_vu or bql_kcn")
    issuanceType: str | None = strawberry.field(description="NEW, REISSUE or EXTENSION")
    status: str | None = strawberry.field(description="VALID, EXPIRED, REVOKED, RETURNED or SUPERSEDED")
    jobPosition: str | None = strawberry.field(
        description="MANAGER, EXECUTIVE_DIRECTOR, EXPERT or TECHNICAL_WORKER"
    )
    workForm: str | None = strawberry.field(
        description="LABOUR_CONTRACT, INTRA_COMPANY_TRANSFER, SERVICE_CONTRACT, COMMERCIAL_PRESENCE or OTHER"
    )
    jobTitle: str | None
    workLocation: str | None
    validFrom: date | None
    validTo: date | None
    salary: int | None = strawberry.field(description="Monthly salary on the application, VND.")
    employerTaxCode: str | None
    employer: Employer | None
    predecessorPermitNumber: str | None
    previousPassportNumber: str | None = strawberry.field(
        description="On a reissue after a passport renewal: the passport the earlier permit named."
    )
    revocationDecision: str | None
    revocationDate: date | None
    revocationGround: str | None


@strawberry.type(
    description="A certificate that the worker needs no work permit (xác nhận không thuộc diện cấp GPLĐ)."
)
class PermitExemption(PersonRecord):
    certificateNumber: str | None
    issuer: str | None
    legalBasis: str | None
    employerTaxCode: str | None
    employer: Employer | None
    validFrom: date | None
    validTo: date | None


@strawberry.type(description="A visa (thị thực) held by the police.")
class Visa(PersonRecord):
    visaNumber: str | None
    symbol: str | None = strawberry.field(description="LĐ1, LĐ2, DN1, ĐT1, DL, EV, …")
    entries: str | None = strawberry.field(description="SINGLE or MULTIPLE")
    validFrom: date | None
    validUntil: date | None
    sponsorTaxCode: str | None
    sponsor: Employer | None


@strawberry.type(description="A temporary residence card (thẻ tạm trú).")
class ResidenceCard(PersonRecord):
    cardNumber: str | None
    previousPassportNumber: str | None = strawberry.field(
        description="On a card re-issued for a renewed passport: the passport it replaced."
    )
    symbol: str | None
    validFrom: date | None
    validTo: date | None
    sponsorTaxCode: str | None
    sponsor: Employer | None
    address: str | None
    province: str | None
    ward: str | None


@strawberry.type(description="A temporary-residence declaration (khai báo tạm trú).")
class ResidenceDeclaration(PersonRecord):
    declarationNumber: str | None
    address: str | None
    province: str | None
    ward: str | None
    stayFrom: date | None
    stayTo: date | None
    declaredAt: datetime | None
    receivingPolice: str | None


@strawberry.type(description="A clinic's record of its licence to examine foreign workers.")
class HealthFacility(Provenance):
    licenceNumber: str | None
    name: str | None
    authorisedForForeignWorkers: bool | None
    status: str | None = strawberry.field(description="ACTIVE, SUSPENDED or REVOKED")
    address: str | None


@strawberry.type(description="A health certificate (giấy chứng nhận sức khỏe) reported by a clinic.")
class HealthCertificate(PersonRecord):
    certificateNumber: str | None
    facilityLicence: str | None
    facility: HealthFacility | None
    conclusionDate: date | None = strawberry.field(description="The 12-month validity starts here.")
    conclusion: str | None = strawberry.field(description="FIT, UNFIT or CONDITIONAL")
    healthGrade: str | None
    diseases: str | None
    foreignIssued: bool | None


@strawberry.type(description="A criminal-record certificate (phiếu lý lịch tư pháp).")
class CriminalRecordCertificate(PersonRecord):
    certificateNumber: str | None
    form: str | None = strawberry.field(description="FORM_1 or FORM_2")
    issuer: str | None = strawberry.field(description="tu_phap before 01/03/2025, cong_an from then on")
    issueDate: date | None
    hasConviction: bool | None
    convictionDetails: str | None


@strawberry.type(description="Social-insurance enrolment (bảo hiểm xã hội).")
class SocialInsuranceRecord(PersonRecord):
    insuranceNumber: str | None
    employerTaxCode: str | None
    employer: Employer | None
    monthsContributed: int | None
    status: str | None = strawberry.field(description="CONTRIBUTING, SUSPENDED or CLOSED")


@strawberry.type(description="A foreign contractor's declared foreign headcount for one package and quarter.")
class ContractorDeclaration(Provenance):
    employerTaxCode: str | None
    packageName: str | None
    quarter: str | None
    declaredForeignHeadcount: int | None


@strawberry.type(
    description="A change an employer's registry recorded: the field, its value before and after."
)
class EmployerChange(Provenance):
    employerTaxCode: str | None
    changedOn: date | None
    field: str | None = strawberry.field(
        description="The Employer field changed: name, address, status, registeredForeignHeadcount, …"
    )
    previousValue: str | None = strawberry.field(description="As the registry wrote it")
    newValue: str | None = strawberry.field(description="As the registry wrote it")


@strawberry.type(
    description="A foreign contractor's quarter: the foreign headcount declared and the actual one."
)
class ContractorReport:
    employerTaxCode: str | None
    employer: Employer | None
    quarter: str | None
    declarations: list[ContractorDeclaration] | None
    declaredForeignHeadcount: int | None = strawberry.field(description="The quarter's declarations, summed")
    actualForeignHeadcount: int | None = strawberry.field(
        description="Workers holding a permit or exemption in force for the contractor on the window's last day,"
        " among those the viewer may know of; refused to a viewer who may not see in clear what says so"
    )


@strawberry.federation.type(
    keys=["taxCode"], description="An employer, joined across registries by tax code."
)
class Employer(Provenance):
    taxCode: str | None
    name: str | None
    foreignName: str | None
    shortName: str | None
    kind: str | None = strawberry.field(
        description="FDI_ENTERPRISE, REPRESENTATIVE_OFFICE, BRANCH, FOREIGN_CONTRACTOR, NGO or DOMESTIC"
    )
    sector: str | None
    inIndustrialZone: bool | None
    status: str | None = strawberry.field(description="ACTIVE, SUSPENDED or DISSOLVED")
    address: str | None
    province: str | None
    ward: str | None
    registeredForeignHeadcount: int | None
    registeredOn: date | None = strawberry.field(
        description="When its registry registered it (established, or licensed for an office)"
    )
    contractorDeclarations: list[ContractorDeclaration] | None

    @strawberry.field(
        description="Workers whose current permit, exemption or visa names this employer.",
        graphql_type="WorkerConnection | None",
    )
    @staticmethod
    async def workers(
        parent: strawberry.Parent[View],
        info: strawberry.Info,
        first: int | None = 50,
        after: str | None = None,
    ) -> View:
        return await employer_workers(info, parent, first, after)

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, taxCode: str) -> View | None:
        """A federation gateway's reference to an employer: the same look-up, gate and audit."""
        view = await employer_entity(info, taxCode)
        return None if view is None else strawberry.cast(cls, view)


@strawberry.type(description="One agency record that identity matching placed on this worker, and why.")
class LinkedRecord:
    sourceAgency: str | None
    entity: str | None = strawberry.field(description="WorkPermit, Visa, HealthCertificate, …")
    sourceRecordId: str | None
    matchedBy: str | None = strawberry.field(
        description="passport, passport_history, name_birth_date or officer_decision"
    )
    confidence: float | None
    decidedBy: str | None = strawberry.field(
        description="For officer_decision: the officer who decided (token subject), else null"
    )
    decidedByAgency: str | None = strawberry.field(description="For officer_decision: the officer's agency")
    decidedAt: datetime | None = strawberry.field(description="For officer_decision: when it was decided")
    reviewId: strawberry.ID | None = strawberry.field(
        description="For officer_decision: the review it answered (identityReviews)"
    )


@strawberry.type(
    description="A record used as evidence. Its id is shown only where the viewer may see that entity's ids."
)
class EvidenceRecord:
    sourceAgency: str | None
    entity: str | None = strawberry.field(description="WorkPermit, Visa, HealthCertificate, Employer, …")
    sourceRecordId: str | None


@strawberry.type(description="One rule of docs/domain.md §4 judged on one date.")
class ComplianceCheck:
    rule: str | None = strawberry.field(
        description="WORK_AUTHORISATION, IMMIGRATION_PURPOSE, RESIDENCE_STATUS, SPONSOR_IS_EMPLOYER,"
        " FILING_DOCUMENTS, RESIDENCE_DECLARED, EMPLOYER_AND_OFFICE or SOCIAL_INSURANCE"
    )
    title: str | None
    result: str | None = strawberry.field(
        description="PASSED, FAILED, NOT_APPLICABLE, or UNKNOWN when a source is unavailable or the"
        " viewer may not see what the rule needs"
    )
    reason: str | None
    evidence: list[EvidenceRecord] | None


@strawberry.type(description="A worker's compliance on one date: every rule of docs/domain.md §4.")
class Compliance:
    at: date | None
    status: str | None = strawberry.field(
        description="NON_COMPLIANT if a rule failed, else UNKNOWN if one is unknown, else COMPLIANT"
    )
    checks: list[ComplianceCheck] | None


@strawberry.enum(description="The reconciliation checks of docs/domain.md §5.")
class DiscrepancyKind(Enum):
    WORK_STATUS_WITHOUT_PERMIT = "WORK_STATUS_WITHOUT_PERMIT"
    PERMIT_ENDED_RESIDENCE_CARD_VALID = "PERMIT_ENDED_RESIDENCE_CARD_VALID"
    PERMIT_WITH_TOURIST_STATUS = "PERMIT_WITH_TOURIST_STATUS"
    EMPLOYER_UNKNOWN_OR_INACTIVE = "EMPLOYER_UNKNOWN_OR_INACTIVE"
    WRONG_ISSUING_OFFICE = "WRONG_ISSUING_OFFICE"
    PASSPORT_MISMATCH_PERMIT_CARD = "PASSPORT_MISMATCH_PERMIT_CARD"
    OVERLAPPING_PERMITS = "OVERLAPPING_PERMITS"
    HEALTH_CERTIFICATE_INVALID = "HEALTH_CERTIFICATE_INVALID"
    CRIMINAL_RECORD_WRONG_ISSUER = "CRIMINAL_RECORD_WRONG_ISSUER"
    INSURED_WITHOUT_PERMIT = "INSURED_WITHOUT_PERMIT"
    PERMIT_HOLDER_NOT_INSURED = "PERMIT_HOLDER_NOT_INSURED"
    MISSING_RESIDENCE_DECLARATION = "MISSING_RESIDENCE_DECLARATION"
    IDENTITY_CONFLICT = "IDENTITY_CONFLICT"
    CONTRACTOR_HEADCOUNT_EXCEEDED = "CONTRACTOR_HEADCOUNT_EXCEEDED"


@strawberry.type(description="One reconciliation finding, with the records of each agency that show it.")
class Discrepancy:
    kind: DiscrepancyKind | None
    since: date | None = strawberry.field(
        description="When the inconsistency began, as the records date it; null where they do not"
    )
    summary: str | None
    workers: list[Worker | None] | None = strawberry.field(
        description="The workers concerned: two for an identity conflict, none for an employer's finding"
    )
    employerTaxCode: str | None
    employer: Employer | None
    evidence: list[EvidenceRecord] | None


@strawberry.type(description="A passport number the worker is known by.")
class Passport:
    number: str | None
    current: bool | None


@strawberry.federation.type(
    keys=["id"], description="One foreign worker, assembled from every agency's records of the same person."
)
class Worker:
    id: strawberry.ID
    fullName: str | None = strawberry.field(
        description="The passport spelling most sources agree on, among records the viewer may see"
    )
    otherNames: list[str] | None = strawberry.field(
        description="The other spellings those records carry, the most common first"
    )
    nativeName: str | None
    nationality: str | None = strawberry.field(description="ISO 3166 alpha-3")
    gender: str | None = strawberry.field(description="M or F")
    dateOfBirth: str | None = strawberry.field(description="ISO 8601; a bare year where only that is known")
    passportNumber: str | None
    passports: list[Passport] | None
    linkedRecords: list[LinkedRecord] | None = strawberry.field(
        description="Every record assembled into this worker, with how it was matched."
    )
    workPermits: list[WorkPermit] | None
    permitExemptions: list[PermitExemption] | None
    visas: list[Visa] | None
    residenceCards: list[ResidenceCard] | None
    residenceDeclarations: list[ResidenceDeclaration] | None
    healthCertificates: list[HealthCertificate] | None
    criminalRecordCertificates: list[CriminalRecordCertificate] | None
    employer: Employer | None
    socialInsurance: list[SocialInsuranceRecord] | None

    @strawberry.field(
        description="Each rule of docs/domain.md §4 judged on `at` (default: today in Hà Nội), with its evidence.",
        graphql_type=Compliance | None,
    )
    @staticmethod
    async def compliance(
        parent: strawberry.Parent[View], info: strawberry.Info, at: date | None = None
    ) -> View | None:
        return await worker_compliance(info, parent, at)

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> View | None:
        """A federation gateway's reference to a worker by id: the same scope, gate and audit."""
        view = await worker_entity(info, str(id))
        return None if view is None else strawberry.cast(cls, view)


@strawberry.type(description="One row of an exchange list: one record, with the worker it is about.")
class ExchangeRow:
    change: str | None = strawberry.field(
        description="ISSUED (a date of the record's own is in the window), REVOKED (a permit's revocation"
        " is), CHANGED (a change its registry"
        " recorded, or only its source's change time), TERMINATED (changed, and now dissolved), or LISTED"
        " (a list of what stands at the window's end)"
    )
    worker: Worker | None
    workPermit: WorkPermit | None
    permitExemption: PermitExemption | None
    visa: Visa | None
    residenceCard: ResidenceCard | None
    employer: Employer | None
    changes: list[EmployerChange] | None = strawberry.field(
        description="For an employer, the changes its registry recorded in the window"
    )
    healthFacility: HealthFacility | None
    contractor: ContractorReport | None


@strawberry.type(
    description="One sending of an agency's list: what it issued or changed in the window, or what stands at its end."
)
class ExchangeList:
    agency: str | None
    title: str | None
    article: str | None = strawberry.field(
        description="The article of the regulation (seed 003) requiring it"
    )
    recipients: list[str] | None = strawberry.field(description="The agencies the regulation sends it to")
    period: str | None = strawberry.field(description="monthly or quarterly")
    month: str | None = strawberry.field(description="The month it is sent in")
    quarter: str | None = strawberry.field(description="For a quarterly list, the quarter it reports on")
    dueDate: date | None
    windowStart: date | None
    windowEnd: date | None
    withheld: list[str] | None = strawberry.field(
        description="Kinds of record in this list the viewer may not see; their rows are left out"
    )
    rows: list[ExchangeRow] | None


@strawberry.type(description="One attempt to e-mail a list to an address.")
class DeliveryAttempt:
    number: int | None
    status: str | None = strawberry.field(
        description="SENDING (not finished), SENT, FAILED (tried again later)"
        " or REJECTED (refused by the server)"
    )
    error: str | None
    at: datetime | None = strawberry.field(description="When the attempt ended (or began, while SENDING)")
    messageId: str | None = strawberry.field(description="The Message-ID of the e-mail attempted")
    fileDigest: str | None = strawberry.field(
        description="SHA-256 of the attached file, as the letter states it"
    )


@strawberry.type(description="A month's list e-mailed by its sender to one address of a recipient agency.")
class Delivery:
    month: str | None
    list: str | None
    sender: str | None
    recipient: str | None
    scope: str | None = strawberry.field(description="The recipient's ward or sector, when it has one")
    address: str | None
    status: str | None = strawberry.field(
        description="SENT once an attempt was; else the latest attempt's"
        " (a SENDING abandoned by its process: FAILED)"
    )
    attempts: builtins.list[DeliveryAttempt] | None  # `list` is the field above


@strawberry.type
class PageInfo:
    hasNextPage: bool
    endCursor: str | None


@strawberry.type
class WorkerEdge:
    cursor: str
    node: Worker


@strawberry.type(description="A page of workers; pass `pageInfo.endCursor` as `after` for the next.")
class WorkerConnection:
    edges: list[WorkerEdge]
    nodes: list[Worker]
    pageInfo: PageInfo


@strawberry.type
class DiscrepancyEdge:
    cursor: str
    node: Discrepancy


@strawberry.type(description="A page of findings; pass `pageInfo.endCursor` as `after` for the next.")
class DiscrepancyConnection:
    edges: list[DiscrepancyEdge]
    nodes: list[Discrepancy]
    pageInfo: PageInfo
    unchecked: list[str] = strawberry.field(
        description="Kinds not searched, or searched incompletely, and why: inputs the viewer may not see,"
        " or a source that failed"
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
        description="Every non-empty cell, in the order of its values (null last); a cell not listed is zero"
    )
    totals: list[StatisticsTotal] | None = strawberry.field(
        description="Each value's total for each dimension (row and column totals); empty for one dimension,"
        " whose cells are its totals"
    )
    total: int | None = strawberry.field(description="The grand total (tổng cộng); null when suppressed")
    totalSuppressed: bool | None = strawberry.field(description="The grand total is hidden (ẩn tổng cộng)")
    incomplete: list[str] | None = strawberry.field(
        description="Agencies whose records could not be read whole (nguồn chưa đọc được): the counts lack"
        " what they hold"
    )
