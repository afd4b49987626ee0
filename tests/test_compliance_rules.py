"""Each rule of docs/domain.md §4 on hand-made records: where it passes, where it fails, and its edges."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.access.present import FORBIDDEN, OpenGate, Refusal
from graph.identity.index import Person
from graph.rules.compliance import RULES, Outcome, judge
from graph.rules.dossier import Dossier, minus_months

AT = date(2026, 11, 1)
ACTIVE = {"taxCode": "0101234567", "status": "ACTIVE", "inIndustrialZone": False, "sourceAgency": "tai_chinh"}
CLINIC = {"authorisedForForeignWorkers": True, "status": "ACTIVE"}


def permit(**changes: Any) -> dict[str, Any]:
    return {
        "sourceRecordId": "SNV-1",
        "sourceAgency": "noi_vu",
        "passportNumber": "M1",
        "status": "VALID",
        "issuer": "noi_vu",
        "issuanceType": "NEW",
        "validFrom": date(2026, 1, 10),
        "validTo": date(2027, 12, 31),
        "employerTaxCode": "0101234567",
        "workForm": "LABOUR_CONTRACT",
        "employer": ACTIVE,
        **changes,
    }


def card(**changes: Any) -> dict[str, Any]:
    return {
        "sourceRecordId": "TT-1",
        "sourceAgency": "cong_an",
        "passportNumber": "M1",
        "symbol": "LĐ2",
        "validFrom": date(2026, 2, 1),
        "validTo": date(2027, 12, 1),
        "sponsorTaxCode": "0101234567",
        **changes,
    }


def clean() -> dict[str, Any]:
    return {
        "workPermits": [permit()],
        "permitExemptions": [],
        "visas": [],
        "residenceCards": [card()],
        "residenceDeclarations": [{"sourceRecordId": "KB-1", "stayFrom": date(2026, 2, 1), "stayTo": None}],
        "healthCertificates": [
            {
                "sourceRecordId": "GCN-1",
                "conclusionDate": date(2025, 12, 1),
                "conclusion": "FIT",
                "facilityLicence": "01/BYT",
                "facility": CLINIC,
            }
        ],
        "criminalRecordCertificates": [
            {"sourceRecordId": "LLTP-1", "issuer": "cong_an", "issueDate": date(2025, 10, 1)}
        ],
        "socialInsurance": [
            {"sourceRecordId": "BH-1", "status": "CONTRIBUTING", "employerTaxCode": "0101234567"}
        ],
    }


def outcome(rule: str, raw: dict[str, Any], at: date = AT) -> Outcome:
    dossier = Dossier(Person("W1", "KOR", "M1"), raw, OpenGate())
    return judge(next(r for r in RULES if r.name == rule), dossier, at)


def test_a_clean_worker_passes_every_rule():
    for rule in RULES:
        assert outcome(rule.name, clean()).result == "PASSED", rule.name


def test_work_authorisation_follows_the_dates_not_todays_status():
    expired = clean() | {"workPermits": [permit(status="EXPIRED", validTo=date(2026, 6, 30))]}
    assert outcome("WORK_AUTHORISATION", expired).result == "FAILED"
    assert outcome("WORK_AUTHORISATION", expired, date(2026, 6, 30)).result == "PASSED"
    revoked = clean() | {"workPermits": [permit(status="REVOKED", revocationDate=date(2026, 9, 1))]}
    assert outcome("WORK_AUTHORISATION", revoked, date(2026, 8, 31)).result == "PASSED"
    assert outcome("WORK_AUTHORISATION", revoked, date(2026, 9, 1)).result == "FAILED"


@pytest.mark.parametrize(
    ("symbol", "result"),
    [("LĐ2", "PASSED"), ("ld 2", "PASSED"), ("LĐ1", "FAILED"), ("DL", "FAILED"), ("EV", "FAILED")],
)
def test_a_permit_needs_an_ld2_status(symbol, result):
    raw = clean() | {"residenceCards": [], "visas": [card(symbol=symbol, validUntil=date(2027, 1, 1))]}
    assert outcome("IMMIGRATION_PURPOSE", raw).result == result


def test_an_exemption_goes_with_ld1_or_an_investor_symbol():
    exemption = {"sourceRecordId": "XN-1", "validFrom": date(2026, 1, 1), "validTo": date(2027, 6, 1)}
    for symbol, result in (("LĐ1", "PASSED"), ("ĐT3", "PASSED"), ("LĐ2", "FAILED")):
        raw = clean() | {
            "workPermits": [],
            "permitExemptions": [exemption],
            "residenceCards": [card(symbol=symbol)],
        }
        assert outcome("IMMIGRATION_PURPOSE", raw).result == result, symbol


def test_a_work_card_must_not_outlast_the_permit():
    assert (
        outcome("RESIDENCE_STATUS", clean() | {"residenceCards": [card(validTo=date(2028, 1, 1))]}).result
        == "FAILED"
    )
    assert (
        outcome("RESIDENCE_STATUS", clean() | {"residenceCards": [card(validTo=date(2026, 10, 31))]}).result
        == "FAILED"
    )


def test_the_sponsor_must_be_the_permits_employer():
    assert (
        outcome(
            "SPONSOR_IS_EMPLOYER", clean() | {"residenceCards": [card(sponsorTaxCode="0109999999")]}
        ).result
        == "FAILED"
    )


@pytest.mark.parametrize(
    ("concluded", "conclusion", "facility", "result"),
    [
        (minus_months(date(2026, 1, 10), 12), "FIT", CLINIC, "PASSED"),
        (date(2025, 1, 9), "FIT", CLINIC, "FAILED"),
        (date(2025, 12, 1), "UNFIT", CLINIC, "FAILED"),
        (date(2025, 12, 1), "FIT", None, "FAILED"),
        (date(2025, 12, 1), "FIT", {"authorisedForForeignWorkers": False, "status": "ACTIVE"}, "FAILED"),
    ],
)
def test_the_health_check_at_filing(concluded, conclusion, facility, result):
    cert = {
        "conclusionDate": concluded,
        "conclusion": conclusion,
        "facilityLicence": "X",
        "facility": facility,
    }
    assert outcome("FILING_DOCUMENTS", clean() | {"healthCertificates": [cert]}).result == result


@pytest.mark.parametrize(
    ("issued", "issuer", "result"),
    [
        (date(2025, 7, 10), "cong_an", "PASSED"),  # exactly 6 months before the filing
        (date(2025, 7, 9), "cong_an", "FAILED"),
        (date(2025, 10, 1), "tu_phap", "FAILED"),  # the police issue them since 01/03/2025
    ],
)
def test_the_criminal_record_at_filing(issued, issuer, result):
    raw = clean() | {"criminalRecordCertificates": [{"issuer": issuer, "issueDate": issued}]}
    assert outcome("FILING_DOCUMENTS", raw).result == result


def test_an_extension_is_judged_on_the_criminal_record_of_the_first_filing():
    first = permit(
        sourceRecordId="SNV-1", status="EXPIRED", validFrom=date(2024, 1, 10), validTo=date(2026, 1, 9)
    )
    extension = permit(sourceRecordId="SNV-2", issuanceType="EXTENSION", predecessorPermitNumber="SNV-1")
    records = [{"issuer": "tu_phap", "issueDate": date(2023, 11, 1)}]
    raw = clean() | {"workPermits": [first, extension], "criminalRecordCertificates": records}
    assert outcome("FILING_DOCUMENTS", raw).result == "PASSED"


def test_residence_must_be_declared_for_the_date():
    ended = [{"stayFrom": date(2026, 2, 1), "stayTo": date(2026, 10, 31)}]
    assert outcome("RESIDENCE_DECLARED", clean() | {"residenceDeclarations": ended}).result == "FAILED"


def test_the_employer_must_be_registered_active_and_served_by_the_competent_office():
    gone = clean() | {"workPermits": [permit(employer=None)]}
    assert outcome("EMPLOYER_AND_OFFICE", gone).result == "FAILED"
    dissolved = clean() | {"workPermits": [permit(employer=ACTIVE | {"status": "DISSOLVED"})]}
    assert outcome("EMPLOYER_AND_OFFICE", dissolved).result == "FAILED"
    in_zone = clean() | {"workPermits": [permit(employer=ACTIVE | {"inIndustrialZone": True})]}
    assert "bql_kcn" in outcome("EMPLOYER_AND_OFFICE", in_zone).reason
    unknown = clean() | {"workPermits": [permit(employer=Refusal("SOURCE_UNAVAILABLE", "tai_chinh is down"))]}
    found = outcome("EMPLOYER_AND_OFFICE", unknown)
    assert (found.result, found.reason) == ("UNKNOWN", "tai_chinh is down")


def test_social_insurance_is_owed_on_a_labour_contract_only():
    uninsured = clean() | {"socialInsurance": []}
    assert outcome("SOCIAL_INSURANCE", uninsured).result == "FAILED"
    transfer = uninsured | {"workPermits": [permit(workForm="INTRA_COMPANY_TRANSFER")]}
    assert outcome("SOCIAL_INSURANCE", transfer).result == "NOT_APPLICABLE"
    elsewhere = clean() | {"socialInsurance": [{"status": "CONTRIBUTING", "employerTaxCode": "0109999999"}]}
    assert outcome("SOCIAL_INSURANCE", elsewhere).result == "FAILED"


def test_a_failed_source_makes_the_rules_it_feeds_unknown():
    down = Refusal("SOURCE_UNAVAILABLE", "The cong_an source is unavailable", {"agency": "cong_an"})
    raw = clean() | {"visas": down}
    assert outcome("IMMIGRATION_PURPOSE", raw) == Outcome(
        "UNKNOWN",
        "REFUSED",
        "The cong_an source is unavailable",
        [],
        {"refusal": "SOURCE_UNAVAILABLE", "agency": "cong_an"},
    )
    assert outcome("WORK_AUTHORISATION", raw).result == "PASSED"


class HidingVisas(OpenGate):
    def hidden(self, coordinates):
        return [c for c in coordinates if c.startswith("Visa.")]

    def __call__(self, type_name, field, value, record):
        return FORBIDDEN if type_name == "Visa" else value


def test_what_the_viewer_may_not_see_makes_a_rule_unknown_never_a_guess():
    dossier = Dossier(Person("W1", "KOR", "M1"), clean(), HidingVisas())
    rule = next(r for r in RULES if r.name == "IMMIGRATION_PURPOSE")
    found = judge(rule, dossier, AT)
    assert found.result == "UNKNOWN" and "Visa.symbol" in found.reason
    assert found.code == "HIDDEN" and "Visa.symbol" in str(found.facts["coordinates"])


def test_each_outcome_names_its_facts_for_other_languages():
    """The code and facts a client words in its own language say what the English reason says."""
    passed = {rule.name: outcome(rule.name, clean()) for rule in RULES}
    assert {name: (o.code, o.facts) for name, o in passed.items()} == {
        "WORK_AUTHORISATION": ("AUTHORISED", {"record": "WorkPermit", "until": date(2027, 12, 31)}),
        "IMMIGRATION_PURPOSE": ("PURPOSE_FITS", {"symbol": "LĐ2", "record": "WorkPermit"}),
        "RESIDENCE_STATUS": (
            "STATUS_VALID",
            {"record": "ResidenceCard", "symbol": "LĐ2", "until": date(2027, 12, 1)},
        ),
        "SPONSOR_IS_EMPLOYER": (
            "SPONSORED_BY_EMPLOYER",
            {"record": "ResidenceCard", "sponsor": "0101234567"},
        ),
        "FILING_DOCUMENTS": (
            "FILING_DOCUMENTS_VALID",
            {
                "concluded": date(2025, 12, 1),
                "filed": date(2026, 1, 10),
                "issued": date(2025, 10, 1),
                "firstFiled": date(2026, 1, 10),
            },
        ),
        "RESIDENCE_DECLARED": ("DECLARED", {"since": date(2026, 2, 1)}),
        "EMPLOYER_AND_OFFICE": ("COMPETENT_OFFICE", {"issuer": "noi_vu"}),
        "SOCIAL_INSURANCE": ("INSURED", {}),
    }
    stale = clean()
    stale["healthCertificates"][0] |= {
        "conclusionDate": date(2024, 12, 1),
        "conclusion": "UNFIT",
        "facility": None,
    }
    found = outcome("FILING_DOCUMENTS", stale)
    assert (found.result, found.code, found.facts) == (
        "FAILED",
        "HEALTH_CERTIFICATE_DEFECTS",
        {
            "concludedTooEarly": date(2024, 12, 1),
            "filed": date(2026, 1, 10),
            "conclusion": "UNFIT",
            "unlicensedClinic": "01/BYT",
        },
    )
    wrong = outcome("EMPLOYER_AND_OFFICE", clean() | {"workPermits": [permit(issuer="bql_kcn")]})
    assert (wrong.code, wrong.facts) == (
        "WRONG_OFFICE",
        {"issuer": "bql_kcn", "inZone": False, "competent": "noi_vu"},
    )
