"""schema.graphql is the public contract: generated from the code, checked in, never drifting."""

from pathlib import Path

from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type

from graph.access.policy import DEFAULT_DIRECTORY, load_policies
from graph.api.schema import schema
from graph.cli import main

ROOT = Path(__file__).resolve().parent.parent

CONTRACT = {
    "Query": "worker workers employer",
    "Worker": (
        "id fullName nationality gender dateOfBirth passportNumber passports workPermits permitExemptions visas"
        " residenceCards residenceDeclarations healthCertificates criminalRecordCertificates employer socialInsurance"
    ),
    "WorkPermit": (
        "permitNumber issuer issuanceType status jobPosition workForm jobTitle validFrom validTo salary employer"
        " sourceAgency asOf"
    ),
    "Visa": "visaNumber symbol entries validFrom validUntil sponsor sourceAgency asOf",
    "HealthCertificate": "certificateNumber facility conclusionDate conclusion healthGrade diseases sourceAgency asOf",
    "CriminalRecordCertificate": "certificateNumber issuer issueDate hasConviction convictionDetails sourceAgency asOf",
    "Employer": "taxCode name foreignName kind sector inIndustrialZone status address workers sourceAgency asOf",
    "WorkerFilter": "nationality employerTaxCode permitStatus permitExpiringBefore",
}


def test_schema_graphql_is_current(tmp_path):
    """Fails when the code changed and `lienthong schema --output schema.graphql` was not run."""
    out = tmp_path / "schema.graphql"
    assert main(["schema", "--output", str(out)]) == 0
    assert (ROOT / "schema.graphql").read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_the_contract_names_exist():
    types = schema._schema.type_map
    for type_name, fields in CONTRACT.items():
        assert type_name in types, type_name
        missing = set(fields.split()) - set(types[type_name].fields)
        assert not missing, f"{type_name} lacks {missing}"


def test_root_arguments_are_as_published():
    query = schema._schema.query_type
    assert set(query.fields["worker"].args) == {"passportNumber", "nationality"}
    assert isinstance(query.fields["worker"].args["passportNumber"].type, GraphQLNonNull)
    assert set(query.fields["workers"].args) == {"filter", "first", "after", "orderBy"}
    assert query.fields["workers"].args["first"].default_value == 50
    assert set(query.fields["employer"].args) == {"taxCode"}


NON_NULL_WITH_THEIR_PARENT = {
    "Discrepancy.id": "Query.discrepancies",
    "FindingCase.status": "Discrepancy.case",
    "FindingCase.notes": "Discrepancy.case",
    "FindingNote.text": "Discrepancy.case",
    "FindingNote.author": "Discrepancy.case",
    "FindingNote.at": "Discrepancy.case",
}
"""Non-null in the work list's contract (issue 14): each is placed in the group of the nullable field
that leads to it, so no policy refuses it without refusing that field, whose null is what shows."""


def test_fields_that_a_policy_or_a_failing_source_can_refuse_are_nullable():
    """A refused field is null; were it non-null, the null would erase the whole worker."""
    structural = {
        "WorkerConnection",
        "WorkerEdge",
        "EmployerConnection",
        "EmployerEdge",
        "DiscrepancyConnection",
        "DiscrepancyEdge",
        "PageInfo",
        "Query",
        "Mutation",
    }
    for name, kind in schema._schema.type_map.items():
        if isinstance(kind, GraphQLObjectType) and not name.startswith("__") and name not in structural:
            for field_name, field in kind.fields.items():
                coordinate = f"{name}.{field_name}"
                if coordinate != "Worker.id" and coordinate not in NON_NULL_WITH_THEIR_PARENT:
                    assert not isinstance(field.type, GraphQLNonNull), coordinate
    groups = load_policies(DEFAULT_DIRECTORY, schema._schema).groups
    for coordinate, parent in NON_NULL_WITH_THEIR_PARENT.items():
        assert groups[coordinate] == groups[parent], coordinate
    assert get_named_type(schema._schema.query_type.fields["workers"].type).name == "WorkerConnection"
