"""Reconciliation (đối soát dữ liệu, seed 003 Điều 7.6): the checks of docs/domain.md §5 across agencies.

Each finding names the workers (or the employer) concerned, when it began where the records say, and
the records of each agency that prove it. The per-worker checks reuse the compliance judgements of
graph/rules/compliance.py, so the discrepancy list and a worker's compliance never disagree. A viewer only
gets kinds it may see every input of in clear: asked for by name, another kind is refused; when no
kind is named, those kinds are listed in `unchecked` instead, as are kinds a failing source left
incomplete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from graph.access.audit import mac
from graph.access.policy import fold
from graph.identity.index import Link, Person, Snapshot
from graph.rules.compliance import (
    AUTHORISATION,
    CRIMINAL_RECORD,
    DECLARATION,
    EMPLOYERS,
    FAILED,
    HEALTH,
    INSURANCE,
    PASSED,
    REGISTRY,
    STATUS,
    UNKNOWN,
    Outcome,
    competent_issuer,
    competent_office,
    contributing,
    employer_registered,
    health_at_filing,
    insurance_owed,
)
from graph.rules.dossier import TOURIST, Cited, Dossier, Record, covers, minus_months, symbol_kind

Facts = dict[str, object]
"""What a finding's summary states, by name, for a client to word it in its own language (the
console: Vietnamese): only what the sentence says, so the facts tell nothing the summary does not."""


@dataclass
class Finding:
    kind: str
    since: date | None
    summary: str
    evidence: list[Cited]
    persons: list[Person] = field(default_factory=list)
    employer: str | None = None
    facts: Facts = field(default_factory=dict)


Found = list[tuple[date | None, str, list[Cited], Facts]]
"""What a per-worker check returns: (since, summary, evidence, facts) per finding."""


@dataclass(frozen=True)
class Scan:
    """What checks see beyond one worker's dossier: the whole index, and each source's agency."""

    snapshot: Snapshot
    agencies: dict[str, str]


def ended_on(permit: Record) -> date | None:
    if permit.get("status") == "REVOKED" and permit.get("revocationDate"):
        return permit["revocationDate"]
    return permit["validTo"] + timedelta(days=1) if permit.get("validTo") else None


def last_authorisation_end(d: Dossier, at: date) -> tuple[date | None, list[Cited]]:
    """When the worker's last permit or exemption before `at` ended, and that record."""
    ended = [("WorkPermit", p) for p in d.records("workPermits")]
    ended += [("PermitExemption", e) for e in d.records("permitExemptions")]
    dated = [(end, c) for c in ended if (end := ended_on(c[1])) is not None and end <= at]
    if not dated:
        return None, []
    end, cited = max(dated, key=lambda pair: pair[0])
    return end, [cited]


def later(*days: date | None) -> date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def work_status_without_permit(d: Dossier, at: date, _: Scan) -> Found:
    if d.authorisations(at):
        return []
    work = [c for c in d.statuses(at) if symbol_kind(c[1].get("symbol")).startswith("LD")]
    if not work:
        return []
    end, ended = last_authorisation_end(d, at)
    symbol = work[0][1].get("symbol")
    since = later(work[0][1].get("validFrom"), end)
    summary = f"{symbol} status valid, no work permit or exemption in force"
    return [(since, summary, [*work, *ended], {"symbol": symbol})]


def permit_ended_card_valid(d: Dossier, at: date, _: Scan) -> Found:
    cards = [("ResidenceCard", r) for r in d.covering("residenceCards", at)]
    if d.authorisations(at) or not cards:
        return []
    end, ended = last_authorisation_end(d, at)
    if not ended or ended[0][0] != "WorkPermit":
        return []
    permit = ended[0][1]
    how = "REVOKED" if permit.get("status") == "REVOKED" else "EXPIRED"
    until = cards[0][1].get("validTo")
    summary = f"work permit {how.lower()} on {end}, residence card valid until {until}"
    return [(end, summary, [*ended, *cards], {"permitStatus": how, "ended": end, "until": until})]


def permit_with_tourist_status(d: Dossier, at: date, _: Scan) -> Found:
    permits, statuses = d.covering("workPermits", at), d.statuses(at)
    if not permits or not statuses or any(symbol_kind(r.get("symbol")) not in TOURIST for _, r in statuses):
        return []
    paper = statuses[0][1]
    since, symbol = later(permits[0].get("validFrom"), paper.get("validFrom")), paper.get("symbol")
    evidence: list[Cited] = [("WorkPermit", permits[0]), statuses[0]]
    return [(since, f"valid work permit, only a {symbol} status", evidence, {"symbol": symbol})]


def failed_authorisations(d: Dossier, at: date, judgement: Callable[[str, Record], Outcome]) -> Found:
    """A finding for each permit or exemption in force whose judgement fails, dated by its start; its
    facts are the judgement's, with the judgement's code (a ComplianceReason) as `reason`."""
    return [
        (record.get("validFrom"), outcome.reason, outcome.evidence, {"reason": outcome.code, **outcome.facts})
        for entity, record in d.authorisations(at)
        if (outcome := judgement(entity, record)).result == FAILED
    ]


def employer_unknown_or_inactive(d: Dossier, at: date, _: Scan) -> Found:
    return failed_authorisations(d, at, lambda entity, record: employer_registered(d, entity, record))


def wrong_issuing_office(d: Dossier, at: date, _: Scan) -> Found:
    def office(entity: str, record: Record) -> Outcome:
        registered = employer_registered(d, entity, record)
        if registered.result != PASSED:  # no registry entry to judge by; EMPLOYER_UNKNOWN_OR_INACTIVE says so
            return Outcome(UNKNOWN, registered.code, registered.reason)
        return competent_office(entity, record)

    return failed_authorisations(d, at, office)


def passport_mismatch(d: Dossier, at: date, _: Scan) -> Found:
    permits, cards = d.covering("workPermits", at), d.covering("residenceCards", at)
    if not permits or not cards or permits[0].get("passportNumber") == cards[0].get("passportNumber"):
        return []
    return [
        (
            cards[0].get("validFrom"),
            "the work permit and the residence card name different passports (renewed, permit not reissued)",
            [("WorkPermit", permits[0]), ("ResidenceCard", cards[0])],
            {},
        )
    ]


def overlapping_permits(d: Dossier, at: date, _: Scan) -> Found:
    permits = d.covering("workPermits", at)
    employers = sorted({p.get("employerTaxCode") or "" for p in permits})
    if len(employers) < 2:
        return []
    summary = f"work permits in force at once for {len(employers)} employers: {', '.join(employers)}"
    facts = {"count": len(employers), "employers": ", ".join(employers)}
    return [(permits[0].get("validFrom"), summary, [("WorkPermit", p) for p in permits], facts)]


def health_certificate_invalid(d: Dossier, at: date, _: Scan) -> Found:
    return failed_authorisations(d, at, lambda entity, record: health_at_filing(d, entity, record))


def criminal_record_wrong_issuer(d: Dossier, at: date, _: Scan) -> Found:
    found: Found = []
    for cert in d.records("criminalRecordCertificates"):
        issued = cert.get("issueDate")
        if issued is None or issued > at:
            continue
        competent = competent_issuer(issued)
        if cert.get("issuer") != competent:
            summary = (
                f"criminal record issued {issued} by {cert.get('issuer')}; on that day only {competent} could"
            )
            facts = {"issued": issued, "issuer": cert.get("issuer"), "competent": competent}
            found.append((issued, summary, [("CriminalRecordCertificate", cert)], facts))
    return found


def insured_without_permit(d: Dossier, at: date, _: Scan) -> Found:
    paying = [r for r in d.records("socialInsurance") if r.get("status") == "CONTRIBUTING"]
    if d.authorisations(at) or not paying:
        return []
    end, ended = last_authorisation_end(d, at)
    evidence = [("SocialInsuranceRecord", r) for r in paying] + d.statuses(at) + ended
    return [
        (
            end,
            "contributing to social insurance as an employee, no work permit or exemption in force",
            evidence,
            {},
        )
    ]


def permit_holder_not_insured(d: Dossier, at: date, _: Scan) -> Found:
    return [
        (
            permit.get("validFrom"),
            "labour contract of 12 months or more, not insured",
            [("WorkPermit", permit)],
            {},
        )
        for permit in d.covering("workPermits", at)
        if insurance_owed(permit) and not contributing(d, permit.get("employerTaxCode"))
    ]


def missing_residence_declaration(d: Dossier, at: date, _: Scan) -> Found:
    cards = d.covering("residenceCards", at)
    if not cards or d.declared(at):
        return []
    summary = f"residence card holder (a long stay), no residence declaration covers {at}"
    return [(cards[0].get("validFrom"), summary, [("ResidenceCard", cards[0])], {"at": at})]


def declared_residence_not_found(d: Dossier, at: date, _: Scan) -> Found:
    """A ward found the worker not living at the address it checked, in the ward where a residence
    declaration covering that day says the worker stays: a false or stale declaration (Điều 20.1)."""
    found: Found = []
    for check in d.records("residenceChecks"):
        day, ward = check.get("checkedOn"), fold(check.get("ward"))
        if check.get("result") != "NOT_FOUND" or day is None or day > at or not ward:
            continue
        declared = [r for r in d.declared(day) if fold(r.get("ward")) == ward]
        if declared:
            summary = (
                f"declared as living in {check.get('ward')}; not found there when the ward checked on {day}"
            )
            evidence: list[Cited] = [("ResidenceCheck", check), ("ResidenceDeclaration", declared[0])]
            found.append((day, summary, evidence, {"ward": check.get("ward"), "checkedOn": day}))
    return found


def dossier_without_criminal_record(d: Dossier, at: date, _: Scan) -> Found:
    """An interlinked dossier granted a work permit with no criminal-record certificate of the worker
    issued in the six months before the decision (seed 003 Điều 18.2: the certificate's step comes
    first). A certificate issued after the decision is cited: the step finished too late."""
    found: Found = []
    certificates = [c for c in d.records("criminalRecordCertificates") if c.get("issueDate") is not None]
    for dossier in d.records("dossiers"):
        decided = dossier.get("decidedOn")
        granted = dossier.get("status") == "DECIDED" and dossier.get("outcome") == "GRANTED"
        if not granted or decided is None or decided > at:
            continue
        earliest = minus_months(decided, 6)
        if any(earliest <= c["issueDate"] <= decided for c in certificates):
            continue
        late: list[Cited] = [
            ("CriminalRecordCertificate", c) for c in certificates if c["issueDate"] > decided
        ]
        summary = f"work permit granted on {decided}, no criminal-record certificate issued in the six months before"
        found.append((decided, summary, [("Dossier", dossier), *late], {"decided": decided}))
    return found


def identity_conflict(d: Dossier, at: date, scan: Scan) -> Found:
    """Workers kept apart because their records share a passport but not a birth date or gender.
    Reported once, on the first of them in id order."""
    person = d.person
    holders = [
        p
        for p in d.gate.visible(scan.snapshot.by_passport.get(person.passport, []))
        if p.nationality == person.nationality
    ]
    if len(holders) < 2 or min(p.id for p in holders) != person.id:
        return []
    births = sorted({str(p.fact("dateOfBirth", d.gate.entities)) for p in holders})
    evidence = [
        (link.entity, {"sourceRecordId": link.key, "sourceAgency": scan.agencies[link.source]})
        for p in holders
        for link in (p.links if p is not person else p.links[:1])
    ]
    summary = f"passport {person.passport} held by records born {' and '.join(births)}: review by hand"
    return [(None, summary, evidence, {"passport": person.passport, "births": ", ".join(births)})]


@dataclass(frozen=True)
class Check:
    kind: str
    needs: tuple[str, ...]
    find: Callable[[Dossier, date, Scan], Found]


PASSPORTS = ("Worker.passportNumber",)
DOSSIERS = (
    "Worker.dossiers",
    "Dossier.status",
    "Dossier.outcome",
    "Dossier.decidedOn",
    "Worker.criminalRecordCertificates",
    "CriminalRecordCertificate.issueDate",
)
WARD_CHECKS = (
    "Worker.residenceChecks",
    "ResidenceCheck.ward",
    "ResidenceCheck.checkedOn",
    "ResidenceCheck.result",
    "ResidenceDeclaration.ward",
)
PERSON_CHECKS = (
    Check("WORK_STATUS_WITHOUT_PERMIT", AUTHORISATION + STATUS, work_status_without_permit),
    Check("PERMIT_ENDED_RESIDENCE_CARD_VALID", AUTHORISATION + STATUS, permit_ended_card_valid),
    Check("PERMIT_WITH_TOURIST_STATUS", AUTHORISATION + STATUS, permit_with_tourist_status),
    Check("EMPLOYER_UNKNOWN_OR_INACTIVE", AUTHORISATION + EMPLOYERS + REGISTRY, employer_unknown_or_inactive),
    Check("WRONG_ISSUING_OFFICE", AUTHORISATION + EMPLOYERS + REGISTRY, wrong_issuing_office),
    Check("PASSPORT_MISMATCH_PERMIT_CARD", AUTHORISATION + STATUS + PASSPORTS, passport_mismatch),
    Check("OVERLAPPING_PERMITS", AUTHORISATION + EMPLOYERS, overlapping_permits),
    Check("HEALTH_CERTIFICATE_INVALID", AUTHORISATION + HEALTH, health_certificate_invalid),
    Check("CRIMINAL_RECORD_WRONG_ISSUER", CRIMINAL_RECORD, criminal_record_wrong_issuer),
    Check("INSURED_WITHOUT_PERMIT", AUTHORISATION + INSURANCE, insured_without_permit),
    Check("PERMIT_HOLDER_NOT_INSURED", AUTHORISATION + EMPLOYERS + INSURANCE, permit_holder_not_insured),
    Check("MISSING_RESIDENCE_DECLARATION", STATUS + DECLARATION, missing_residence_declaration),
    Check("DECLARED_RESIDENCE_NOT_FOUND", DECLARATION + WARD_CHECKS, declared_residence_not_found),
    Check("DOSSIER_DECIDED_WITHOUT_CRIMINAL_RECORD", DOSSIERS, dossier_without_criminal_record),
    Check("IDENTITY_CONFLICT", (*PASSPORTS, "Worker.dateOfBirth", "Worker.linkedRecords"), identity_conflict),
)
"""docs/domain.md §5, one worker at a time, in the order findings are listed for each worker."""

AUTHORISED_BY_EMPLOYER = (
    "Worker.workPermits",
    "WorkPermit.status",
    "WorkPermit.validFrom",
    "WorkPermit.validTo",
    "WorkPermit.revocationDate",
    "WorkPermit.employerTaxCode",
    "Worker.permitExemptions",
    "PermitExemption.validFrom",
    "PermitExemption.validTo",
    "PermitExemption.employerTaxCode",
)
"""What `authorised_counts` reads: whose permits and exemptions are in force, for which employer."""
HEADCOUNT = (
    *AUTHORISED_BY_EMPLOYER,
    "Employer.contractorDeclarations",
    "ContractorDeclaration.quarter",
    "ContractorDeclaration.declaredForeignHeadcount",
)
CONTRACTOR_HEADCOUNT = "CONTRACTOR_HEADCOUNT_EXCEEDED"
ISSUED_AFTER_VIOLATION = (
    "Employer.inspections",
    "Inspection.decisionDate",
    "Inspection.fine",
    "Worker.workPermits",
    "WorkPermit.status",
    "WorkPermit.validFrom",
    "WorkPermit.employerTaxCode",
)
"""What `permits_after_violation` reads: the inspectorate's fines and when, the permits in force and when issued."""
PERMITS_AFTER_VIOLATION = "PERMITS_ISSUED_AFTER_VIOLATION"
EMPLOYER_KINDS = (CONTRACTOR_HEADCOUNT, PERMITS_AFTER_VIOLATION)
"""Findings about an employer, in the order they are listed for each."""
KINDS = (*(check.kind for check in PERSON_CHECKS), *EMPLOYER_KINDS)
NEEDS = {check.kind: check.needs for check in PERSON_CHECKS} | {
    CONTRACTOR_HEADCOUNT: HEADCOUNT,
    PERMITS_AFTER_VIOLATION: ISSUED_AFTER_VIOLATION,
}
"""What a viewer must see in clear to be given each kind."""


def finding_id(key: bytes, finding: Finding) -> str:
    """A finding's id: the same for the same finding whenever and by whomever it is found, so that
    its case (graph/worklist/) finds it again after a restart or a source's refresh.

    Keyed (MAC under the server's secret), so the id tells nothing and cannot be made from a guess.
    It rests on the kind, the employer of an employer's finding, and the records proving it, but
    only those of entities the kind's inputs name (`NEEDS`): what every viewer given the kind sees.
    A visa that joins or leaves the evidence of INSURED_WITHOUT_PERMIT, which social insurance
    officers (denied visas) are given, must not change the id they see. A kind reading
    `Worker.linkedRecords` shows every linked record, so all its evidence counts. Records, not
    positions: the id does not move when other findings come or go."""
    needs = NEEDS[finding.kind]
    types = {coordinate.split(".")[0] for coordinate in needs}
    every = "Worker.linkedRecords" in needs
    basis = sorted(
        {
            f"{record.get('sourceAgency')}/{entity}/{record.get('sourceRecordId')}"
            for entity, record in finding.evidence
            if every or entity in types
        }
    )
    return mac(key, "finding", finding.kind, finding.employer or "", *basis)[:32]


def quarter_of(day: date) -> str:
    """The quarter as contractors declare it: 2026-Q4."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def authorised_counts(persons: Iterable[Person], at: date) -> dict[str, int]:
    """How many of `persons` a permit or exemption in force on `at` authorises, by employer, from
    the index's link facts. Workers, not records: a reissued permit and the one it superseded both
    run until the old one's end date."""
    workers: dict[str, set[str]] = {}
    for person in persons:
        for link in person.links:
            if link.entity in ("WorkPermit", "PermitExemption") and covers(link.entity, link.facts, at):
                workers.setdefault(link.facts.get("employerTaxCode") or "", set()).add(person.id)
    return {code: len(ids) for code, ids in workers.items()}


def contractor_findings(
    declarations: dict[str, list[Record]], counts: dict[str, int], at: date
) -> list[Finding]:
    """Contractors whose valid permits and exemptions outnumber the foreign headcount they declared
    for the quarter of `at` (seed 003: declared each quarter to Sở Xây dựng)."""
    quarter = quarter_of(at)
    findings = []
    for code in sorted(declarations):
        current = [r for r in declarations[code] if r.get("quarter") == quarter]
        declared = sum(r.get("declaredForeignHeadcount") or 0 for r in current)
        actual = counts.get(code, 0)
        if current and actual > declared:
            start = date(at.year, 3 * ((at.month - 1) // 3) + 1, 1)
            summary = f"declared {declared} foreign workers for {quarter}; {actual} hold a valid permit or exemption"
            evidence = [("ContractorDeclaration", r) for r in current]
            facts = {"declared": declared, "quarter": quarter, "actual": actual}
            findings.append(
                Finding(CONTRACTOR_HEADCOUNT, start, summary, evidence, employer=code, facts=facts)
            )
    return findings


def permits_after_violation(
    inspections: dict[str, list[Record]], persons: Iterable[Person], agencies: dict[str, str], at: date
) -> list[Finding]:
    """Employers fined by the inspectorate (an inspection's fine, seed 003 Điều 19) for whom a work
    permit still VALID was issued after the decision: a permit office granting permits to an employer
    under sanction, which it would have refused or looked at again had it known."""
    issued: dict[str, list[Link]] = {}
    for person in persons:
        for link in person.records("WorkPermit"):
            facts = link.facts
            start, code = facts.get("validFrom"), facts.get("employerTaxCode")
            if facts.get("status") == "VALID" and start is not None and start <= at and code:
                issued.setdefault(code, []).append(link)
    findings = []
    for code in sorted(inspections):
        fined = [
            r
            for r in inspections[code]
            if (r.get("fine") or 0) > 0 and r.get("decisionDate") is not None and r["decisionDate"] <= at
        ]
        if not fined:
            continue
        first = min(fined, key=lambda r: r["decisionDate"])
        decided = first["decisionDate"]
        after = sorted(
            (link for link in issued.get(code, []) if link.facts["validFrom"] > decided),
            key=lambda link: (link.facts["validFrom"], link.key),
        )
        if after:
            summary = f"fined on {decided}; {len(after)} work permit(s) issued since are still valid"
            evidence: list[Cited] = [("Inspection", first)]
            evidence += [
                ("WorkPermit", {"sourceRecordId": link.key, "sourceAgency": agencies[link.source]})
                for link in after
            ]
            since = after[0].facts["validFrom"]
            facts = {"fined": decided, "permits": len(after)}
            finding = Finding(PERMITS_AFTER_VIOLATION, since, summary, evidence, employer=code, facts=facts)
            findings.append(finding)
    return findings
