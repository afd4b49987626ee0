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
    """A judgement: its result, why in English (`reason`), and the same why for any other language:
    `code` (a ComplianceReason) with the `facts` its sentence names (dates, record kinds, codes),
    which a client words in its own language (the console: Vietnamese)."""

    result: str
    code: str
    reason: str
    evidence: list[Cited] = field(default_factory=list)
    facts: dict[str, object] = field(default_factory=dict)


def passed(code: str, reason: str, evidence: list[Cited] | None = None, **facts: object) -> Outcome:
    return Outcome(PASSED, code, reason, evidence or [], facts)


def failed(code: str, reason: str, evidence: list[Cited] | None = None, **facts: object) -> Outcome:
    return Outcome(FAILED, code, reason, evidence or [], facts)


def not_applicable(code: str, reason: str, **facts: object) -> Outcome:
    return Outcome(NOT_APPLICABLE, code, reason, [], facts)


def unknown(code: str, reason: str, evidence: list[Cited] | None = None, **facts: object) -> Outcome:
    return Outcome(UNKNOWN, code, reason, evidence or [], facts)


def refused(refusal: Refusal, evidence: list[Cited] | None = None) -> Outcome:
    """UNKNOWN because a value the rule needs is refused or its source failed: the refusal's code
    and the failing source's agency, if any, are the facts."""
    agency = (refusal.details or {}).get("agency")
    return unknown("REFUSED", refusal.message, evidence, refusal=refusal.code, agency=agency)


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
        until = end_of(entity, record)
        return passed(
            "AUTHORISED", f"{LABEL[entity]} in force until {until}", found, record=entity, until=until
        )
    ended = [("WorkPermit", r) for r in d.records("workPermits")]
    ended += [("PermitExemption", r) for r in d.records("permitExemptions")]
    return failed("NOT_AUTHORISED", f"no work permit or exemption in force on {at}", ended, at=at)


def purpose_fits(entity: str, kind: str) -> bool:
    """A permit goes with LĐ2; an exemption with LĐ1, or ĐT for investors (docs/domain.md §4.2)."""
    return kind == "LD2" if entity == "WorkPermit" else kind == "LD1" or kind.startswith("DT")


def immigration_purpose(d: Dossier, at: date) -> Outcome:
    statuses, found = d.statuses(at), d.authorisations(at)
    if not statuses:
        return failed("NO_STATUS", f"no visa or residence card valid on {at}", found, at=at)
    current = statuses[0]
    symbol = current[1].get("symbol")
    kind = symbol_kind(symbol)
    if not found:
        if kind.startswith(("LD", "DT")):
            return failed(
                "WORK_STATUS_UNAUTHORISED",
                f"a {symbol} status for work, but no work permit or exemption",
                [current],
                symbol=symbol,
            )
        return not_applicable(
            "NO_WORK_CLAIMED",
            f"no work permit or exemption; the {symbol} status claims no work",
            symbol=symbol,
        )
    if kind in TOURIST_SYMBOLS:
        return failed(
            "TOURIST_STATUS",
            f"only a {symbol} status, which does not allow work",
            [found[0], current],
            symbol=symbol,
        )
    fitting = [c for c in found if purpose_fits(c[0], kind)]
    if fitting:
        entity = fitting[0][0]
        reason = f"a {symbol} status for the {LABEL[entity]}"
        return passed("PURPOSE_FITS", reason, [fitting[0], current], symbol=symbol, record=entity)
    entity = found[0][0]
    wanted = "LĐ2" if entity == "WorkPermit" else "LĐ1 or ĐT"
    reason = f"the {LABEL[entity]} needs a {wanted} status; the status is {symbol}"
    return failed("PURPOSE_MISMATCH", reason, [found[0], current], record=entity, symbol=symbol)


def residence_status(d: Dossier, at: date) -> Outcome:
    statuses, found = d.statuses(at), d.authorisations(at)
    if not statuses:
        papers = [("Visa", r) for r in d.records("visas")] + [
            ("ResidenceCard", r) for r in d.records("residenceCards")
        ]
        return failed("NO_STATUS", f"no visa or residence card valid on {at}", papers, at=at)
    if found:
        last = max(end_of(*c) for c in found)
        for entity, card in statuses:
            work = entity == "ResidenceCard" and symbol_kind(card.get("symbol")).startswith("LD")
            if work and end_of(entity, card) > last:
                until = end_of(entity, card)
                return failed(
                    "CARD_OUTLASTS_PERMIT",
                    f"the residence card runs to {until}, after the work permit ends on {last}",
                    [(entity, card), *found],
                    until=until,
                    permitUntil=last,
                )
    entity, record = statuses[0]
    symbol, until = record.get("symbol"), end_of(entity, record)
    return passed(
        "STATUS_VALID",
        f"{LABEL[entity]} {symbol} valid until {until}",
        statuses[:1],
        record=entity,
        symbol=symbol,
        until=until,
    )


def sponsor_is_employer(d: Dossier, at: date) -> Outcome:
    statuses, found = d.statuses(at), d.authorisations(at)
    if not statuses or not found:
        return not_applicable(
            "NOTHING_TO_COMPARE", "no visa or residence card and work permit in force together to compare"
        )
    employers = {record.get("employerTaxCode") for _, record in found}
    entity, paper = statuses[0]
    sponsor = paper.get("sponsorTaxCode")
    if sponsor in employers:
        reason = f"the {LABEL[entity]} is sponsored by the employer {sponsor}"
        return passed("SPONSORED_BY_EMPLOYER", reason, [statuses[0], *found], record=entity, sponsor=sponsor)
    named = ", ".join(sorted(code for code in employers if code))
    return failed(
        "SPONSOR_NOT_EMPLOYER",
        f"the {LABEL[entity]} is sponsored by {sponsor or 'nobody'}; the work permit names {named}",
        [statuses[0], *found],
        record=entity,
        sponsor=sponsor,
        employers=named,
    )


def health_at_filing(d: Dossier, entity: str, filed_with: Record) -> Outcome:
    """The health check behind a filing: concluded at most 12 months before it, FIT, by a clinic
    licensed to examine foreign workers (docs/domain.md §4.5)."""
    filed = filed_with.get("validFrom") or date.min
    before = [
        c for c in d.records("healthCertificates") if c.get("conclusionDate") and c["conclusionDate"] <= filed
    ]
    if not before:
        reason = f"no health certificate concluded by the filing on {filed}"
        return failed("NO_HEALTH_CERTIFICATE", reason, [(entity, filed_with)], filed=filed)
    cert = max(before, key=lambda c: c["conclusionDate"])
    cited: list[Cited] = [("HealthCertificate", cert), (entity, filed_with)]
    facility = cert.get("facility")
    if isinstance(facility, Refusal):
        return refused(facility, cited)
    if facility is None and "HealthFacility" in d.unindexed:
        return unknown("CLINICS_UNAVAILABLE", "the list of licensed clinics is unavailable", cited)
    concluded = cert["conclusionDate"]
    problems: list[str] = []
    facts: dict[str, object] = {}
    if concluded < minus_months(filed, 12):
        problems.append(f"concluded {concluded}, over 12 months before the filing on {filed}")
        facts.update(concludedTooEarly=concluded, filed=filed)
    if cert.get("conclusion") != "FIT":
        problems.append(f"the conclusion is {cert.get('conclusion')}")
        facts["conclusion"] = cert.get("conclusion")
    if not (facility and facility.get("authorisedForForeignWorkers") and facility.get("status") == "ACTIVE"):
        problems.append(f"clinic {cert.get('facilityLicence')} is not licensed to examine foreign workers")
        facts["unlicensedClinic"] = cert.get("facilityLicence")
    if problems:
        return failed(
            "HEALTH_CERTIFICATE_DEFECTS", "health certificate: " + "; ".join(problems), cited, **facts
        )
    reason = f"FIT on {concluded}, within 12 months of the filing on {filed}"
    return passed("HEALTH_CERTIFICATE_VALID", reason, cited, concluded=concluded, filed=filed)


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
            "NO_CRIMINAL_RECORD",
            f"no criminal-record certificate issued in the 6 months before the filing on {filed}",
            [("WorkPermit", first)],
            filed=filed,
        )
    cert = max(certs, key=lambda c: c["issueDate"])
    cited: list[Cited] = [("CriminalRecordCertificate", cert), ("WorkPermit", first)]
    competent = competent_issuer(cert["issueDate"])
    if cert.get("issuer") != competent:
        issuer = cert.get("issuer")
        reason = f"criminal record issued {cert['issueDate']} by {issuer}, not by {competent}"
        return failed(
            "CRIMINAL_RECORD_WRONG_ISSUER",
            reason,
            cited,
            issued=cert["issueDate"],
            issuer=issuer,
            competent=competent,
        )
    reason = f"criminal record issued {cert['issueDate']}, within 6 months of the filing on {filed}"
    return passed("CRIMINAL_RECORD_VALID", reason, cited, issued=cert["issueDate"], filed=filed)


def filing_documents(d: Dossier, at: date) -> Outcome:
    found = d.authorisations(at)
    if not found:
        return not_applicable("NO_FILING", "no work permit or exemption in force: no filing to check")
    entity, record = found[0]
    health = health_at_filing(d, entity, record)
    if health.result != PASSED or entity != "WorkPermit":
        return health
    criminal = criminal_record_at_filing(d, record)
    if criminal.result != PASSED:
        return criminal
    return passed(
        "FILING_DOCUMENTS_VALID",
        f"{health.reason}; {criminal.reason}",
        [*health.evidence, *criminal.evidence],
        concluded=health.facts["concluded"],
        filed=health.facts["filed"],
        issued=criminal.facts["issued"],
        firstFiled=criminal.facts["filed"],
    )


def residence_declared(d: Dossier, at: date) -> Outcome:
    found = d.declared(at)
    if found:
        since = found[0]["stayFrom"]
        return passed(
            "DECLARED", f"stay declared from {since}", [("ResidenceDeclaration", found[0])], since=since
        )
    return failed("NOT_DECLARED", f"no residence declaration covers {at}", at=at)


def employer_registered(d: Dossier, entity: str, record: Record) -> Outcome:
    code = record.get("employerTaxCode")
    employer = record.get("employer")
    if isinstance(employer, Refusal):
        return refused(employer, [(entity, record)])
    if employer is None:
        if "Employer" in d.unindexed:
            return unknown(
                "REGISTRIES_UNAVAILABLE", "the business registries are unavailable", [(entity, record)]
            )
        reason = f"employer {code} is not in the business registries"
        return failed("EMPLOYER_NOT_REGISTERED", reason, [(entity, record)], taxCode=code)
    cited = [(entity, record), ("Employer", employer)]
    status = employer.get("status")
    if status != "ACTIVE":
        return failed("EMPLOYER_INACTIVE", f"employer {code} is {status}", cited, taxCode=code, status=status)
    return passed("EMPLOYER_ACTIVE", f"employer {code} is registered and active", cited, taxCode=code)


def competent_office(entity: str, record: Record) -> Outcome:
    """Zone employers' permits are bql_kcn's to issue; all others noi_vu's."""
    employer = record["employer"]
    cited = [(entity, record), ("Employer", employer)]
    zone = employer.get("inIndustrialZone")
    if zone is None:
        tax_code = employer.get("taxCode")
        reason = f"the registry does not say whether {tax_code} is in a zone"
        return unknown("ZONE_UNKNOWN", reason, cited, taxCode=tax_code)
    office = "bql_kcn" if zone else "noi_vu"
    issuer = record.get("issuer")
    if issuer != office:
        where = "inside" if zone else "outside"
        reason = f"issued by {issuer}; for an employer {where} zones that is {office}"
        return failed("WRONG_OFFICE", reason, cited, issuer=issuer, inZone=zone, competent=office)
    return passed(
        "COMPETENT_OFFICE", f"issued by {office}, competent for this employer", cited, issuer=office
    )


def employer_and_office(d: Dossier, at: date) -> Outcome:
    found = d.authorisations(at)
    if not found:
        return not_applicable(
            "NO_EMPLOYER_TO_CHECK", "no work permit or exemption in force: no employer to check"
        )
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
            return unknown(
                "EXEMPTION_TERMS_UNKNOWN", "an exemption does not state the contract's form or term"
            )
        return not_applicable("NO_PERMIT", "no work permit in force")
    owed = [p for p in permits if insurance_owed(p)]
    if not owed:
        form = permits[0].get("workForm")
        return not_applicable(
            "NO_INSURANCE_OWED", f"work form {form}: no social insurance owed", workForm=form
        )
    for permit in owed:
        paying = contributing(d, permit.get("employerTaxCode"))
        if not paying:
            employer = permit.get("employerTaxCode")
            return failed(
                "NOT_INSURED",
                f"labour contract with {employer}, no contributing insurance there",
                [("WorkPermit", permit)],
                taxCode=employer,
            )
    return passed(
        "INSURED", "contributing through the permit's employer", [("SocialInsuranceRecord", paying[0])]
    )


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
    blocker = d.blocking(rule.needs)
    if isinstance(blocker, Refusal):
        return refused(blocker)
    if blocker:
        hidden = ", ".join(blocker)
        return unknown("HIDDEN", f"your agency may not see {hidden}", coordinates=hidden)
    return rule.judge(d, at)


def fact(value: object) -> str:
    """A fact as the API gives it: dates ISO, booleans true or false."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def listed(facts: dict[str, object]) -> list[dict[str, str]]:
    """Facts as the API lists them (`ComplianceFact`, for a check or a finding): those known, in order."""
    return [{"name": name, "value": fact(value)} for name, value in facts.items() if value is not None]


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
                "code": outcome.code,
                "facts": listed(outcome.facts),
                "evidence": cite(d.gate, outcome.evidence),
            }
        )
    results = {check["result"] for check in checks}
    status = "NON_COMPLIANT" if FAILED in results else "UNKNOWN" if UNKNOWN in results else "COMPLIANT"
    return {"at": at, "status": status, "checks": checks}
