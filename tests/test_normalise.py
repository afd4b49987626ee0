from datetime import date, datetime

import pytest

from connectors.normalise import BadValue, make, passport, tax_code


@pytest.mark.parametrize("spelling", ["M1234567", "m1234567", "M 1234 567", "M-1234-567", " m.1234567 "])
def test_passport_numbers_in_any_spelling_normalise_to_one(spelling):
    assert passport(spelling) == "M1234567"


def test_dates_in_the_formats_agencies_use():
    parse = make("date", {"formats": ["%d/%m/%Y", "%Y-%m-%d"], "excel_serial": True})
    assert parse("05/03/2026") == date(2026, 3, 5)
    assert parse("2026-03-05") == date(2026, 3, 5)
    assert parse("46086") == date(2026, 3, 5)
    assert parse(datetime(2026, 3, 5, 0, 0)) == date(2026, 3, 5)
    with pytest.raises(BadValue, match="matches none"):
        parse("5 March 2026")


def test_excel_serials_are_refused_unless_the_source_says_it_writes_them():
    with pytest.raises(BadValue):
        make("date", {})("46086")


def test_a_birth_date_may_be_only_a_year():
    parse = make("partial_date", {})
    assert parse("1985") == "1985"
    assert parse("01/02/1985") == "1985-02-01"


@pytest.mark.parametrize("label", ["Hàn Quốc", "KOR", "KR", "Korea", "South Korea", "han quoc"])
def test_nationality_labels_in_vietnamese_english_and_iso(label):
    assert make("nationality", {})(label) == "KOR"


def test_my_is_the_usa_in_vietnamese_not_malaysia():
    assert make("nationality", {})("Mỹ") == "USA"
    assert make("nationality", {})("MY") == "MYS"


def test_unknown_nationality_is_a_bad_value():
    with pytest.raises(BadValue, match="unknown nationality"):
        make("nationality", {})("Atlantis")


def test_tax_codes_of_companies_and_branches():
    assert tax_code("0101234567") == "0101234567"
    assert tax_code("0101234567-001") == "0101234567001"
    with pytest.raises(BadValue):
        tax_code("12345")


def test_code_lists_ignore_case_and_space():
    parse = make("code", {"codes": {"Còn hiệu lực": "VALID"}})
    assert parse(" còn hiệu lực ") == "VALID"
    with pytest.raises(BadValue, match="code list"):
        parse("Thu hồi")


def test_integers_with_thousands_separators():
    assert make("integer", {})("25.000.000") == 25_000_000
    assert make("integer", {})(1500.0) == 1500


def test_gender_and_boolean():
    assert make("gender", {})("Nữ") == "F"
    assert make("boolean", {})("Có") is True
    assert make("boolean", {})("không") is False


def test_unknown_normaliser_and_bad_options_say_what_is_wrong():
    with pytest.raises(KeyError, match="unknown normaliser 'dates'"):
        make("dates", {})
    with pytest.raises(TypeError, match="takes no options"):
        make("passport", {"formats": []})
