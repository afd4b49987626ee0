"""The policy files themselves: complete for the whole schema, strict when malformed, explainable."""

import shutil
from pathlib import Path

import pytest

from graph.access.policy import DEFAULT_DIRECTORY, PolicyError, coordinates, fold, load_policies
from graph.api.schema import schema
from graph.cli import main

AGENCIES_OF_DOMAIN_7 = {
    "noi_vu",
    "bql_kcn",
    "cong_an",
    "y_te",
    "cong_thuong",
    "xay_dung",
    "giao_duc",
    "van_hoa",
    "du_lich",
    "tai_chinh",
    "thanh_tra",
    "ubnd_xa",
    "bhxh",
    "tu_phap",
    "hcc",
}


def test_every_agency_of_domain_7_has_a_policy_file():
    assert set(load_policies(DEFAULT_DIRECTORY, schema._schema).agencies) == AGENCIES_OF_DOMAIN_7


def test_every_schema_field_has_an_explicit_decision_for_every_agency():
    policies = load_policies(DEFAULT_DIRECTORY, schema._schema)
    undecided = [
        f"{agency}: {coordinate}"
        for coordinate in coordinates(schema._schema)
        for agency, policy in policies.agencies.items()
        if coordinate not in policy.rules
    ]
    assert undecided == []


def test_a_field_without_a_rule_is_denied():
    policies = load_policies(DEFAULT_DIRECTORY, schema._schema)
    rule = policies.rule("noi_vu", "officer", "Worker.noSuchField")
    assert rule.effect == "deny"


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(DEFAULT_DIRECTORY, folder)
    return folder


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "message"),
    [
        ("y_te.yaml", "  health_detail: allow", "  health_detail: alow", None, "decision must be one of"),
        (
            "y_te.yaml",
            "  health_detail: allow",
            "  health_details: allow",
            None,
            "unknown group 'health_details'",
        ),
        ("y_te.yaml", "scope: city", "scope: province", None, "scope must be one of"),
        ("y_te.yaml", "  passport: allow", "  passport: {decision: mask, mask: first4}", None, "one mask of"),
        (
            "y_te.yaml",
            "  permit_validity: deny",
            "  permit_validity: {decision: mask, mask: year}",
            None,
            "not text",
        ),
        ("y_te.yaml", "agency: y_te", "agency: y_tế", None, "as the file is named"),
        ("y_te.yaml", "decisions:", "decisions: [", 7, "cannot be read"),  # where the parser gives up
        (
            "groups.yaml",
            "  permit_salary: [WorkPermit.salary]",
            "  permit_salary: [WorkPermit.salery]",
            None,
            "matches no",
        ),
    ],
)
def test_a_malformed_policy_stops_start_up_naming_file_and_line(policies, file, old, new, line, message):
    path = policies / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = line or text[: text.index(old)].count("\n") + 1  # the edited line, as an editor counts
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError, match=message) as error:
        load_policies(policies, schema._schema)
    assert f"{path}:{line}" in str(error.value)


def test_a_field_placed_in_two_groups_is_an_error(policies):
    path = policies / "groups.yaml"
    path.write_text(
        path.read_text().replace(
            "  permit_salary: [WorkPermit.salary]", "  permit_salary: [WorkPermit.salary, WorkPermit.status]"
        )
    )
    with pytest.raises(PolicyError, match=r"WorkPermit.status is placed in both"):
        load_policies(policies, schema._schema)


def test_policy_matrix_prints_every_field_for_every_agency(capsys):
    assert main(["policy", "matrix", "--csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    header = lines[0].split(",")
    assert header[0] == "field" and set(header[1:]) == AGENCIES_OF_DOMAIN_7
    rows = {line.split(",")[0]: dict(zip(header, line.split(","), strict=True)) for line in lines[1:]}
    assert len(rows) == len(coordinates(schema._schema))
    assert rows["HealthCertificate.diseases"]["y_te"] == "allow"
    assert rows["HealthCertificate.diseases"]["noi_vu"] == "deny"
    assert rows["Worker.passportNumber"]["ubnd_xa"] == "mask:last4"
    assert rows["CriminalRecordCertificate.convictionDetails"]["cong_an"] == "allow+purpose"


def test_the_justice_department_and_the_one_stop_centre_see_what_their_work_needs(capsys):
    assert main(["policy", "matrix", "--csv"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    header = lines[0].split(",")
    rows = {line.split(",")[0]: dict(zip(header, line.split(","), strict=True)) for line in lines[1:]}
    # Sở Tư pháp: its criminal-record certificates whole (details for a purpose) and, for Điều 10.2,
    # the violations sanctioned; nothing of permits, residence, health or insurance.
    assert rows["CriminalRecordCertificate.certificateNumber"]["tu_phap"] == "allow"
    assert rows["CriminalRecordCertificate.hasConviction"]["tu_phap"] == "allow"
    assert rows["CriminalRecordCertificate.convictionDetails"]["tu_phap"] == "allow+purpose"
    assert rows["Violation.finding"]["tu_phap"] == "allow"
    assert rows["Worker.workPermits"]["tu_phap"] == "deny"
    assert rows["HealthCertificate.conclusion"]["tu_phap"] == "deny"
    # The one-stop centre: each step's state (permit, the certificate issued, the health check from a
    # listed clinic), never what the certificate says, the medical detail or the salary.
    assert rows["WorkPermit.status"]["hcc"] == "allow"
    assert rows["CriminalRecordCertificate.issueDate"]["hcc"] == "allow"
    assert rows["CriminalRecordCertificate.hasConviction"]["hcc"] == "deny"
    assert rows["CriminalRecordCertificate.convictionDetails"]["hcc"] == "deny"
    assert rows["HealthCertificate.diseases"]["hcc"] == "deny"
    assert rows["WorkPermit.salary"]["hcc"] == "deny"
    assert rows["Query.clinics"]["hcc"] == "allow"
    assert rows["Employer.inspections"]["hcc"] == "deny"


def test_policy_matrix_as_a_terminal_table(capsys):
    assert main(["policy", "matrix"]) == 0
    out = capsys.readouterr().out
    assert "Worker.dateOfBirth" in out and "mask:year" in out


def test_policy_explain_names_the_rule_and_where_it_is_written(capsys):
    assert main(["policy", "explain", "--agency", "noi_vu", "ResidenceCard.address"]) == 0
    out = capsys.readouterr().out
    assert "mask:ward" in out
    assert "noi_vu.yaml:" in out and "residence_address" in out


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "message"),
    [
        ("giao_duc.yaml", "sectors: [education]\n", "", 3, "a sector-scoped policy lists the sectors its tokens may name"),
        ("giao_duc.yaml", "sectors: [education]", "sectors: education", 5, "a sector-scoped policy lists the sectors its tokens may name"),
        ("giao_duc.yaml", "sectors: [education]", "sectors: []", 5, "a sector-scoped policy lists the sectors its tokens may name"),
        ("giao_duc.yaml", "sectors: [education]", "sector: [education]", 5, "unknown key 'sector'; keys are agency, scope, wards, sectors, roles, decisions"),
        ("ubnd_xa.yaml", "  - Phường Cầu Giấy", "  - phường  LÁNG", 7, "'phường  LÁNG' is listed twice"),
        ("ubnd_xa.yaml", "  - Phường Cầu Giấy", "  - 12", 7, "wards are listed by name, not 12"),
        ("ubnd_xa.yaml", "scope: ward\n", "scope: ward\nsectors: [education]\n", 4, "a ward-scoped policy lists no sectors"),
        ("y_te.yaml", "scope: city\n", "scope: city\nwards: [Phường Láng]\n", 4, "a city-scoped policy lists no wards"),
    ],
)  # fmt: skip
def test_a_scoped_policy_without_a_valid_list_of_its_values_stops_start_up(
    policies, file, old, new, line, message
):
    path = policies / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policies(policies, schema._schema)
    assert str(error.value) == f"{path}:{line}: {message}"


def test_each_scoped_agency_lists_the_values_the_demo_uses():
    from demo.employers import SECTORS, WARDS, ZONES
    from demo.paperwork import HOME_WARDS

    agencies = load_policies(DEFAULT_DIRECTORY, schema._schema).agencies
    sectors = {
        name: set(policy.scope_values) for name, policy in agencies.items() if policy.scope == "sector"
    }
    assert sectors == {
        "cong_thuong": {"manufacturing", "trade"},
        "xay_dung": {"construction"},
        "giao_duc": {"education"},
        "van_hoa": {"culture"},
        "du_lich": {"tourism"},
        "tai_chinh": {"manufacturing", "construction", "education", "tourism", "trade", "culture"},
    }
    assert set(SECTORS) == set().union(*sectors.values())
    demo_wards = {*WARDS, *HOME_WARDS, *(ward for _, ward in ZONES)}
    assert agencies["ubnd_xa"].scope_values == {fold(ward) for ward in demo_wards}
    assert len(demo_wards) == 20 and fold("Phường Láng") == "phường láng" != fold("Phuong Lang")
    assert [p.scope_values for p in agencies.values() if p.scope == "city"] == [frozenset()] * 8
