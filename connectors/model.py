"""The canonical model: which entities exist and which canonical fields each may carry.

This is the contract between a sources file (which maps native columns onto these names) and the
GraphQL layer (which serves them). A sources file naming a field that is not listed here is a
configuration error, so a typo can never silently drop data.
"""

from __future__ import annotations

PERSON_FIELDS: frozenset[str] = frozenset(
    {"fullName", "nativeName", "gender", "dateOfBirth", "nationality", "passportNumber"}
)
"""Fields that identify the person a record is about; the identity index is built from them."""

SANCTION: frozenset[str] = frozenset(
    {
        "inspectionNumber",
        "employerTaxCode",
        "decisionNumber",
        "decisionDate",
        "legalReference",
        "finding",
        "fine",
    }
)
"""What the inspectorate records of an inspection of an employer and of a worker's violation alike."""

ENTITY_FIELDS: dict[str, frozenset[str]] = {
    "WorkPermit": PERSON_FIELDS
    | {
        "permitNumber",
        "issuer",
        "issuanceType",
        "status",
        "employerTaxCode",
        "workLocation",
        "jobPosition",
        "workForm",
        "jobTitle",
        "validFrom",
        "validTo",
        "salary",
        "predecessorPermitNumber",
        "previousPassportNumber",
        "revocationDecision",
        "revocationDate",
        "revocationGround",
    },
    "PermitExemption": PERSON_FIELDS
    | {"certificateNumber", "issuer", "legalBasis", "employerTaxCode", "validFrom", "validTo"},
    "Visa": PERSON_FIELDS | {"visaNumber", "symbol", "entries", "validFrom", "validUntil", "sponsorTaxCode"},
    "ResidenceCard": PERSON_FIELDS
    | {"cardNumber", "symbol", "validFrom", "validTo", "sponsorTaxCode", "address", "province", "ward"}
    | {"previousPassportNumber"},
    "ResidenceDeclaration": PERSON_FIELDS
    | {
        "declarationNumber",
        "address",
        "province",
        "ward",
        "stayFrom",
        "stayTo",
        "declaredAt",
        "receivingPolice",
    },
    "HealthCertificate": PERSON_FIELDS
    | {
        "certificateNumber",
        "facilityLicence",
        "conclusionDate",
        "conclusion",
        "healthGrade",
        "diseases",
        "foreignIssued",
    },
    "CriminalRecordCertificate": PERSON_FIELDS
    | {"certificateNumber", "form", "issuer", "issueDate", "hasConviction", "convictionDetails"},
    "SocialInsuranceRecord": PERSON_FIELDS
    | {"insuranceNumber", "employerTaxCode", "monthsContributed", "status"},
    "HealthFacility": frozenset(
        {"licenceNumber", "name", "authorisedForForeignWorkers", "status", "address", "suspendedOn"}
    ),
    "ResidenceCheck": PERSON_FIELDS
    | {"checkNumber", "address", "province", "ward", "checkedOn", "result", "note"},
    "Dossier": PERSON_FIELDS
    | {
        "dossierNumber",
        "employerTaxCode",
        "receivedOn",
        "dueOn",
        "decidedOn",
        "status",
        "outcome",
        "permitNumber",
    },
    "DossierStep": frozenset(
        {"stepNumber", "dossierNumber", "step", "agency", "startedOn", "dueOn", "finishedOn", "status"}
    ),
    "SectorListing": frozenset(
        {
            "employerTaxCode",
            "sector",
            "institutionName",
            "institutionKind",
            "licenceNumber",
            "foreignHeadcount",
        }
    ),
    "Inspection": SANCTION | {"status"},
    "Violation": PERSON_FIELDS | SANCTION | {"violationNumber"},
    "Employer": frozenset(
        {
            "taxCode",
            "name",
            "foreignName",
            "shortName",
            "kind",
            "sector",
            "inIndustrialZone",
            "status",
            "address",
            "province",
            "ward",
            "registeredForeignHeadcount",
            "registeredOn",
        }
    ),
    "EmployerChange": frozenset({"employerTaxCode", "changedOn", "field", "previousValue", "newValue"}),
    "ContractorDeclaration": frozenset(
        {"employerTaxCode", "packageName", "quarter", "declaredForeignHeadcount"}
    ),
}

PERSON_ENTITIES: frozenset[str] = frozenset(
    name for name, fields in ENTITY_FIELDS.items() if "passportNumber" in fields
)
"""Entities whose records belong to one person and are joined into a Worker."""

CODE_LISTS: dict[str, frozenset[str]] = {
    "WorkPermit.issuanceType": frozenset({"NEW", "REISSUE", "EXTENSION"}),
    "WorkPermit.status": frozenset({"VALID", "EXPIRED", "REVOKED", "RETURNED", "SUPERSEDED"}),
    "WorkPermit.jobPosition": frozenset({"MANAGER", "EXECUTIVE_DIRECTOR", "EXPERT", "TECHNICAL_WORKER"}),
    "WorkPermit.workForm": frozenset(
        {
            "LABOUR_CONTRACT",
            "INTRA_COMPANY_TRANSFER",
            "SERVICE_CONTRACT",
            "COMMERCIAL_PRESENCE",
            "OTHER",
        }
    ),
    "Visa.entries": frozenset({"SINGLE", "MULTIPLE"}),
    "HealthCertificate.conclusion": frozenset({"FIT", "UNFIT", "CONDITIONAL"}),
    "CriminalRecordCertificate.form": frozenset({"FORM_1", "FORM_2"}),
    "Employer.kind": frozenset(
        {"FDI_ENTERPRISE", "REPRESENTATIVE_OFFICE", "BRANCH", "FOREIGN_CONTRACTOR", "NGO", "DOMESTIC"}
    ),
    "Employer.status": frozenset({"ACTIVE", "SUSPENDED", "DISSOLVED"}),
    "SocialInsuranceRecord.status": frozenset({"CONTRIBUTING", "SUSPENDED", "CLOSED"}),
    "HealthFacility.status": frozenset({"ACTIVE", "SUSPENDED", "REVOKED"}),
    "Inspection.status": frozenset({"OPEN", "CLOSED"}),
    "ResidenceCheck.result": frozenset({"FOUND", "NOT_FOUND"}),
    "Dossier.status": frozenset({"RECEIVED", "PROCESSING", "DECIDED"}),
    "Dossier.outcome": frozenset({"GRANTED", "REFUSED"}),
    "DossierStep.step": frozenset({"RECEPTION", "CRIMINAL_RECORD", "WORK_PERMIT", "RESULT"}),
    "DossierStep.agency": frozenset({"hcc", "cong_an", "noi_vu", "bql_kcn"}),
    "DossierStep.status": frozenset({"WAITING", "PROCESSING", "DONE"}),
    "EmployerChange.field": ENTITY_FIELDS["Employer"] - {"taxCode", "registeredOn"},
}
"""Canonical code values; a `code` normaliser must map native values into these."""
