"""Finding workers by name in any spelling, by visa symbol, and by cards or health checks expiring."""

from datetime import date
from pathlib import Path

import pytest
from serving import Officer, serving

from graph.identity.linking import variants

FIND = """query($f: WorkerFilter) { workers(first: 1000, filter: $f) { nodes {
    passportNumber visas { symbol } residenceCards { validTo } healthCertificates { conclusionDate } } } }"""


@pytest.fixture(scope="module")
def officer(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield Officer(client, embedded_demo.parent, "thanh_tra")


def found(officer: Officer, **filter_) -> list[dict]:
    result = officer.post(FIND, f=filter_)
    assert "errors" not in result, result["errors"]
    return result["data"]["workers"]["nodes"]


def respelled(full_name: str) -> str:
    """The name as another agency writes it: another romanisation or the Sino-Vietnamese reading,
    given name first, lower case, no hyphens."""
    other = {canonical: variant for variant, canonical in variants().items()}
    family, *given = full_name.split()
    words = [other.get(w.replace("-", ""), w.replace("-", "")) for w in (*given, family)]
    return " ".join(words).lower()


@pytest.mark.parametrize("nationality", ["KOR", "CHN"])
def test_a_name_is_found_in_another_spelling(officer, ground_truth, nationality):
    other = set(variants().values())
    person = next(
        p
        for p in ground_truth["persons"]
        if p["nationality"] == nationality and p["fullName"].split()[0] in other
    )
    query = respelled(person["fullName"])
    assert query != person["fullName"].lower()
    assert person["passports"][0] in {n["passportNumber"] for n in found(officer, name=query)}


READINGS = {
    "WANG": "Vương",
    "LI": "Lý",
    "ZHANG": "Trương",
    "LIU": "Lưu",
    "CHEN": "Trần",
    "YANG": "Dương",
    "HUANG": "Hoàng",
    "ZHAO": "Triệu",
    "WU": "Ngô",
    "ZHOU": "Chu",
    "WEI": "Vĩ",
    "FANG": "Phương",
    "MING": "Minh",
    "HUA": "Hoa",
    "JUN": "Tuấn",
    "LEI": "Lỗi",
    "QIANG": "Cường",
    "JIE": "Kiệt",
    "TAO": "Đào",
}
"""How a Vietnamese officer writes these Chinese names, with diacritics."""


def test_diacritics_and_case_do_not_matter(officer, ground_truth):
    person = next(
        p
        for p in ground_truth["persons"]
        if p["nationality"] == "CHN" and all(word in READINGS for word in p["fullName"].split())
    )
    vietnamese = " ".join(READINGS[word] for word in person["fullName"].split())
    with_marks = {n["passportNumber"] for n in found(officer, name=vietnamese)}
    plain = {n["passportNumber"] for n in found(officer, name=fold_to_ascii(vietnamese).upper())}
    assert person["passports"][0] in with_marks
    assert with_marks == plain


def fold_to_ascii(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_visa_symbol(officer):
    tourists = found(officer, visaSymbol="dl")
    assert tourists and all(any(v["symbol"] == "DL" for v in n["visas"]) for n in tourists)


def test_residence_card_and_health_certificate_expiring(officer):
    day = date(2027, 1, 1)
    cards = found(officer, residenceCardExpiringBefore=day.isoformat())
    assert cards and all(max(c["validTo"] for c in n["residenceCards"]) < day.isoformat() for n in cards)
    health = found(officer, healthCertificateExpiringBefore="2026-11-01")
    assert health
    for node in health:
        latest = date.fromisoformat(max(h["conclusionDate"] for h in node["healthCertificates"]))
        assert latest.replace(year=latest.year + 1) <= date(2026, 11, 1)


def test_search_obeys_the_policies(embedded_demo: Path):
    with serving(embedded_demo) as client:
        health = Officer(client, embedded_demo.parent, "y_te")
        refused = health.post(
            FIND.replace(" residenceCards { validTo }", ""), f={"residenceCardExpiringBefore": "2027-01-01"}
        )
        allowed = health.post(
            "query($f: WorkerFilter) { workers(filter: $f) { nodes { fullName } } }", f={"name": "kim"}
        )
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["data"] is None
    assert "errors" not in allowed and allowed["data"]["workers"]["nodes"]
