"""Whether a worker is compliant on a date: one judgement per rule of docs/domain.md §4.

Each rule names the coordinates it reads. A viewer who cannot see one of them in clear, or a source
that could not give them, makes the rule UNKNOWN with the reason; a rule is never judged on a guess.
NOT_APPLICABLE says a rule has nothing to judge (no permit, no insurance to owe); it does not count
against the overall status. The reconciliation checks (graph/rules/reconciliation.py) reuse these
judgements, so a worker's compliance and the city's discrepancy list cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.access.present import Refusal
from graph.rules.dossier import TOURIST as TOURIST_SYMBOLS
from graph.rules.dossier import Cited, Dossier, Record, cite, minus_months, symbol_kind

PASSED, FAILED, UNKNOWN, NOT_APPLICABLE = "PASSED", "FAILED", "UNKNOWN", "NOT_APPLICABLE"
POLICE_ISSUE_CRIMINAL_RECORDS = date(2025, 3, 1)
"""From this day the police, not the Justice department, issue criminal-record certificates."""
LABEL = {
    "WorkPermit": "work permit",
    "PermitExemption": "exemption",
    "Visa": "visa",
    "ResidenceCard": "residence card",
}


@dataclass(frozen=True)
class Outcome:
    result: str
    reason: str
    evidence: list[Cited] = field(default_factory=list)


def passed(reason: str, evidence: list[Cited] | None = None) -> Outcome:
    return Outcome(PASSED, reason, evidence or [])


def failed(reason: str, evidence: list[Cited] | None = None) -> Outcome:
    return Outcome(FAILED, reason, evidence or [])


def not_applicable(reason: str) -> Outcome:
    return Outcome(NOT_APPLICABLE, reason)


AUTHORISATION = (
    "Worker.workPermits",
    "WorkPermit.status",
    "WorkPermit.validFrom",
    "WorkPermit.validTo",
    "WorkPermit.revocationDate",
    "Worker.permitExemptions",
    "PermitExemption.validFrom",
    "PermitExemption.validTo",
)
STATUS = (
    "Worker.visas",
    "Visa.symbol",
    "Visa.validFrom",
    "Visa.validUntil",
    "Worker.residenceCards",
    "ResidenceCard.symbol",
    "ResidenceCard.validFrom",
    "ResidenceCard.validTo",
)
EMPLOYERS = ("WorkPermit.employerTaxCode", "PermitExemption.employerTaxCode")
HEALTH = (
    "Worker.healthCertificates",
    "HealthCertificate.conclusionDate",
    "HealthCertificate.conclusion",
    "HealthCertificate.facility",
    "HealthFacility.authorisedForForeignWorkers",
    "HealthFacility.status",
)
CRIMINAL_RECORD = (
    "WorkPermit.predecessorPermitNumber",
    "Worker.criminalRecordCertificates",
    "CriminalRecordCertificate.issueDate",
    "CriminalRecordCertificate.issuer",
)
DECLARATION = ("Worker.residenceDeclarations", "ResidenceDeclaration.stayFrom", "ResidenceDeclaration.stayTo")
REGISTRY = (
    "WorkPermit.issuer",
    "PermitExemption.issuer",
    "WorkPermit.employer",
    "PermitExemption.employer",
    "Employer.status",
    "Employer.inIndustrialZone",
)
INSURANCE = (
    "WorkPermit.workForm",
    "Worker.socialInsurance",
    "SocialInsuranceRecord.status",
    "SocialInsuranceRecord.employerTaxCode",
)


def end_of(entity: str, record: Record) -> date:
    return record.get("validUntil" if entity == "Visa" else "validTo") or date.max


def work_authorisation(d: Dossier, at: date) -> Outcome:
    found = d.authorisations(at)
    if found:
        entity, record = found[0]
        return passed(f"{LABEL[entity]} in force until {end_of(entity, record)}", found)
    ended = [("WorkPermit", r) for r in d.records("workPermits")]
    ended += [("PermitExemption", r) for r in d.records("permitExemptions")]
    return failed(f"no work permit or exemption in force on {at}", ended)


def purpose_fits(entity: str, kind: str) -> bool:
    """A permit goes with LĐ2; an exemption with LĐ1, or ĐT for investors (docs/domain.md §4.2)."""
    return kind == "LD2" if entity == "WorkPermit" else kind == "LD1" or kind.startswith("DT")


def immigration_purpose(d: Dossier, at: date) -> Outcome:
    statuses, found = d.statuses(at), d.authorisations(at)
    if not statuses:
        return failed(f"no visa or residence card valid on {at}", found)
    current = statuses[0]
    symbol = current[1].get("symbol")
    kind = symbol_kind(symbol)
    if not found:
        if kind.startswith(("LD", "DT")):
            return failed(f"a {symbol} status for work, but no work permit or exemption", [current])
        return not_applicable(f"no work permit or exemption; the {symbol} status claims no work")
    if kind in TOURIST_SYMBOLS:
        return failed(f"only a {symbol} status, which does not allow work", [found[0], current])
    fitting = [c for c in found if purpose_fits(c[0], kind)]
    if fitting:
        return passed(f"a {symbol} status for the {LABEL[fitting[0][0]]}", [fitting[0], current])
    entity = found[0][0]
    wanted = "LĐ2" if entity == "WorkPermit" else "LĐ1 or ĐT"
    return failed(f"the {LABEL[entity]} needs a {wanted} status; the status is {symbol}", [found[0], current])


def residence_status(d: Dossier, at: date) -> Outcome:
    statuses, found = d.statuses(at), d.authorisations(at)
    if not statuses:
        papers = [("Visa", r) for r in d.records("visas")] + [
            ("ResidenceCard", r) for r in d.records("residenceCards")
        ]
        return failed(f"no visa or residence card valid on {at}", papers)
    if found:
        last = max(end_of(*c) for c in found)
        for entity, card in statuses:
            work = entity == "ResidenceCard" and symbol_kind(card.get("symbol")).startswith("LD")
            if work and end_of(entity, card) > last:
                return failed(
                    f"the residence card runs to {end_of(entity, card)}, after the work permit ends on {last}",
                    [(entity, card), *found],
                )
    entity, record = statuses[0]
    return passed(
        f"{LABEL[entity]} {record.get('symbol')} valid until {end_of(entity, record)}", statuses[:1]
    )


def sponsor_is_employer(d: Dossier, at: date) -> Outcome:
    statuses, found = d.statuses(at), d.authorisations(at)
    if not statuses or not found:
        return not_applicable("no visa or residence card and work permit in force together to compare")
    employers = {record.get("employerTaxCode") for _, record in found}
    entity, paper = statuses[0]
    sponsor = paper.get("sponsorTaxCode")
    if sponsor in employers:
        return passed(f"the {LABEL[entity]} is sponsored by the employer {sponsor}", [statuses[0], *found])
    named = ", ".join(sorted(code for code in employers if code))
    return failed(
        f"the {LABEL[entity]} is sponsored by {sponsor or 'nobody'}; the work permit names {named}",
        [statuses[0], *found],
    )


def health_at_filing(d: Dossier, entity: str, filed_with: Record) -> Outcome:
    """The health check behind a filing: concluded at most 12 months before it, FIT, by a clinic
    licensed to examine foreign workers (docs/domain.md §4.5)."""
    filed = filed_with.get("validFrom") or date.min
    before = [
        c for c in d.records("healthCertificates") if c.get("conclusionDate") and c["conclusionDate"] <= filed
    ]
    if not before:
        return failed(f"no health certificate concluded by the filing on {filed}", [(entity, filed_with)])
    cert = max(before, key=lambda c: c["conclusionDate"])
    cited: list[Cited] = [("HealthCertificate", cert), (entity, filed_with)]
    facility = cert.get("facility")
    if isinstance(facility, Refusal):
        return Outcome(UNKNOWN, facility.message, cited)
    if facility is None and "HealthFacility" in d.unindexed:
        return Outcome(UNKNOWN, "the list of licensed clinics is unavailable", cited)
    problems = []
    if cert["conclusionDate"] < minus_months(filed, 12):
        problems.append(f"concluded {cert['conclusionDate']}, over 12 months before the filing on {filed}")
    if cert.get("conclusion") != "FIT":
        problems.append(f"the conclusion is {cert.get('conclusion')}")
    if not (facility and facility.get("authorisedForForeignWorkers") and facility.get("status") == "ACTIVE"):
        problems.append(f"clinic {cert.get('facilityLicence')} is not licensed to examine foreign workers")
    if problems:
        return failed("health certificate: " + "; ".join(problems), cited)
    return passed(f"FIT on {cert['conclusionDate']}, within 12 months of the filing on {filed}", cited)


def first_filing(d: Dossier, permit: Record) -> Record:
    """The new permit a chain of extensions and reissues started from: its filing had the criminal
    record; an extension or reissue files none."""
    numbers = {r.get("sourceRecordId"): r for r in d.records("workPermits")}
    seen = {id(permit)}
    while (earlier := numbers.get(permit.get("predecessorPermitNumber"))) is not None and id(
        earlier
    ) not in seen:
        seen.add(id(earlier))
        permit = earlier
    return permit


def competent_issuer(issued: date) -> str:
    """Who could issue a criminal-record certificate on a day: the police from 01/03/2025, before
    that the Justice department (docs/domain.md §3)."""
    return "cong_an" if issued >= POLICE_ISSUE_CRIMINAL_RECORDS else "tu_phap"


def criminal_record_at_filing(d: Dossier, permit: Record) -> Outcome:
    first = first_filing(d, permit)
    filed = first.get("validFrom") or date.min
    certs = [
        c
        for c in d.records("criminalRecordCertificates")
        if c.get("issueDate") and minus_months(filed, 6) <= c["issueDate"] <= filed
    ]
    if not certs:
        return failed(
            f"no criminal-record certificate issued in the 6 months before the filing on {filed}",
            [("WorkPermit", first)],
        )
    cert = max(certs, key=lambda c: c["issueDate"])
    cited: list[Cited] = [("CriminalRecordCertificate", cert), ("WorkPermit", first)]
    competent = competent_issuer(cert["issueDate"])
    if cert.get("issuer") != competent:
        return failed(
            f"criminal record issued {cert['issueDate']} by {cert.get('issuer')}, not by {competent}", cited
        )
    return passed(
        f"criminal record issued {cert['issueDate']}, within 6 months of the filing on {filed}", cited
    )


def filing_documents(d: Dossier, at: date) -> Outcome:
    found = d.authorisations(at)
    if not found:
        return not_applicable("no work permit or exemption in force: no filing to check")
    entity, record = found[0]
    health = health_at_filing(d, entity, record)
    if health.result != PASSED or entity != "WorkPermit":
        return health
    criminal = criminal_record_at_filing(d, record)
    if criminal.result != PASSED:
        return criminal
    return passed(f"{health.reason}; {criminal.reason}", [*health.evidence, *criminal.evidence])


def residence_declared(d: Dossier, at: date) -> Outcome:
    found = d.declared(at)
    if found:
        return passed(f"stay declared from {found[0]['stayFrom']}", [("ResidenceDeclaration", found[0])])
    return failed(f"no residence declaration covers {at}")


def employer_registered(d: Dossier, entity: str, record: Record) -> Outcome:
    code = record.get("employerTaxCode")
    employer = record.get("employer")
    if isinstance(employer, Refusal):
        return Outcome(UNKNOWN, employer.message, [(entity, record)])
    if employer is None:
        if "Employer" in d.unindexed:
            return Outcome(UNKNOWN, "the business registries are unavailable", [(entity, record)])
        return failed(f"employer {code} is not in the business registries", [(entity, record)])
    cited = [(entity, record), ("Employer", employer)]
    if employer.get("status") != "ACTIVE":
        return failed(f"employer {code} is {employer.get('status')}", cited)
    return passed(f"employer {code} is registered and active", cited)


def competent_office(entity: str, record: Record) -> Outcome:
    """Zone employers' permits are bql_kcn's to issue; all others noi_vu's."""
    employer = record["employer"]
    cited = [(entity, record), ("Employer", employer)]
    zone = employer.get("inIndustrialZone")
    if zone is None:
        return Outcome(
            UNKNOWN, f"the registry does not say whether {employer.get('taxCode')} is in a zone", cited
        )
    office = "bql_kcn" if zone else "noi_vu"
    if record.get("issuer") != office:
        where = "inside" if zone else "outside"
        return failed(
            f"issued by {record.get('issuer')}; for an employer {where} zones that is {office}", cited
        )
    return passed(f"issued by {office}, competent for this employer", cited)


def employer_and_office(d: Dossier, at: date) -> Outcome:
    found = d.authorisations(at)
    if not found:
        return not_applicable("no work permit or exemption in force: no employer to check")
    outcomes = []
    for entity, record in found:
        registered = employer_registered(d, entity, record)
        outcomes.append(registered if registered.result != PASSED else competent_office(entity, record))
    return next((o for o in outcomes if o.result == FAILED), None) or next(
        (o for o in outcomes if o.result == UNKNOWN), outcomes[0]
    )


def insurance_owed(permit: Record) -> bool:
    """A labour contract of 12 months or more is insured; an intra-company transfer or a service
    contract is not employment here (docs/domain.md §4.8)."""
    start, end = permit.get("validFrom"), permit.get("validTo")
    long = start is not None and end is not None and minus_months(end + timedelta(days=1), 12) >= start
    return permit.get("workForm") == "LABOUR_CONTRACT" and long


def contributing(d: Dossier, employer: str | None) -> list[Record]:
    return [
        r
        for r in d.records("socialInsurance")
        if r.get("status") == "CONTRIBUTING" and r.get("employerTaxCode") == employer
    ]


def social_insurance(d: Dossier, at: date) -> Outcome:
    permits = d.covering("workPermits", at)
    if not permits:
        if d.covering("permitExemptions", at):
            return Outcome(UNKNOWN, "an exemption does not state the contract's form or term")
        return not_applicable("no work permit in force")
    owed = [p for p in permits if insurance_owed(p)]
    if not owed:
        return not_applicable(f"work form {permits[0].get('workForm')}: no social insurance owed")
    for permit in owed:
        paying = contributing(d, permit.get("employerTaxCode"))
        if not paying:
            return failed(
                f"labour contract with {permit.get('employerTaxCode')}, no contributing insurance there",
                [("WorkPermit", permit)],
            )
    return passed("contributing through the permit's employer", [("SocialInsuranceRecord", paying[0])])


@dataclass(frozen=True)
class Rule:
    name: str
    title: str
    needs: tuple[str, ...]
    judge: Callable[[Dossier, date], Outcome]


RULES = (
    Rule("WORK_AUTHORISATION", "A valid work permit or exemption covers the date", AUTHORISATION, work_authorisation),
    Rule("IMMIGRATION_PURPOSE", "The visa or card's purpose matches the authorisation", AUTHORISATION + STATUS, immigration_purpose),
    Rule("RESIDENCE_STATUS", "A visa or residence card is valid; an LĐ card does not outlast the permit", AUTHORISATION + STATUS, residence_status),
    Rule("SPONSOR_IS_EMPLOYER", "The visa or card's sponsor is the permit's employer", AUTHORISATION + STATUS + EMPLOYERS + ("Visa.sponsorTaxCode", "ResidenceCard.sponsorTaxCode"), sponsor_is_employer),
    Rule("FILING_DOCUMENTS", "At filing: health FIT within 12 months, criminal record within 6 months", AUTHORISATION + HEALTH + CRIMINAL_RECORD, filing_documents),
    Rule("RESIDENCE_DECLARED", "The worker's residence is declared", DECLARATION, residence_declared),
    Rule("EMPLOYER_AND_OFFICE", "The employer is registered and active; the issuing office was competent", AUTHORISATION + EMPLOYERS + REGISTRY, employer_and_office),
    Rule("SOCIAL_INSURANCE", "Social insurance is paid on a labour contract of 12 months or more", AUTHORISATION + EMPLOYERS + INSURANCE, social_insurance),
)  # fmt: skip
"""docs/domain.md §4, in its order."""


def judge(rule: Rule, d: Dossier, at: date) -> Outcome:
    blocker = d.blocker(rule.needs)
    return Outcome(UNKNOWN, blocker) if blocker else rule.judge(d, at)


def report(d: Dossier, at: date) -> dict[str, Any]:
    checks = []
    for rule in RULES:
        outcome = judge(rule, d, at)
        checks.append(
            {
                "rule": rule.name,
                "title": rule.title,
                "result": outcome.result,
                "reason": outcome.reason,
                "evidence": cite(d.gate, outcome.evidence),
            }
        )
    results = {check["result"] for check in checks}
    status = "NON_COMPLIANT" if FAILED in results else "UNKNOWN" if UNKNOWN in results else "COMPLIANT"
    return {"at": at, "status": status, "checks": checks}
