"""The Worker fields that list one person's records of an entity: the schema's view of a person.

Kept apart so that the gate (which decides which kinds of record a viewer may see) and the loader
(which fetches them) share one table without depending on each other.
"""

from __future__ import annotations

FACETS: dict[str, str] = {
    "workPermits": "WorkPermit",
    "permitExemptions": "PermitExemption",
    "visas": "Visa",
    "residenceCards": "ResidenceCard",
    "residenceDeclarations": "ResidenceDeclaration",
    "healthCertificates": "HealthCertificate",
    "criminalRecordCertificates": "CriminalRecordCertificate",
    "socialInsurance": "SocialInsuranceRecord",
    "violations": "Violation",
    "residenceChecks": "ResidenceCheck",
    "dossiers": "Dossier",
}
"""Worker field → the entity whose records it lists."""
