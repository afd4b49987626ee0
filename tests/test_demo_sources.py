"""Every demo source, mapped and served: each record reachable, each bad row reported, batching."""

from dataclasses import replace
from pathlib import Path

import pytest
from serving import Officer, serving
from sqlalchemy import event

from connectors import open_connector
from connectors.config import load_sources
from connectors.sql import SqlConnector
from graph.api.pagination import encode_cursor
from graph.common.facets import FACETS
from graph.identity.index import Person

PROVENANCE = (
    "query($first: Int, $after: String) { workers(first: $first, after: $after) { nodes { passportNumber %s } } }"
    % " ".join(f"{facet} {{ sourceAgency sourceRecordId }}" for facet in FACETS)
)


@pytest.fixture(scope="module")
def officer(demo_sources: Path):
    with serving(demo_sources) as client:
        yield Officer(client, demo_sources.parent, "thanh_tra")


def test_every_record_of_every_person_source_is_served_on_its_worker(officer, ground_truth):
    result = officer.post(PROVENANCE, purpose="audit", first=1000)
    served: dict[tuple, str] = {}
    for node in result["data"]["workers"]["nodes"]:
        for facet, entity in FACETS.items():
            for record in node[facet] or []:
                served[(record["sourceAgency"], entity, record["sourceRecordId"])] = node["passportNumber"]
    expected = {
        (r["source"], r["entity"], r["key"]): person["passports"]
        for person in ground_truth["persons"]
        for r in person["records"]
    }
    missing = set(expected) - set(served)
    assert not missing, sorted(missing)[:5]
    assert all(served[key] in passports for key, passports in expected.items()), (
        "a record on the wrong person"
    )
    assert len(served) == len(expected), "records served that no person owns"


def test_employers_clinics_and_contractor_declarations_are_served(officer, demo_sources):
    configs = load_sources(demo_sources)
    registry = {
        r["taxCode"]
        for name in ("tai_chinh", "cong_thuong")
        for r in open_connector(configs[name]).scan("Employer", {"taxCode"})
    }
    query = "query($t: String!) { employer(taxCode: $t) { taxCode name kind sector status contractorDeclarations { declaredForeignHeadcount } } }"
    for code in sorted(registry)[:30]:
        employer = officer.post(query, t=code)["data"]["employer"]
        assert employer["taxCode"] == code and employer["name"] and employer["status"]
    contractor = next(
        c
        for c in sorted(registry)
        if officer.post(query, t=c)["data"]["employer"]["kind"] == "FOREIGN_CONTRACTOR"
    )
    assert officer.post(query, t=contractor)["data"]["employer"]["contractorDeclarations"]
    facilities = officer.post(
        "{ workers(first: 50) { nodes { healthCertificates { facility { name authorisedForForeignWorkers } } } } }"
    )
    names = {
        h["facility"]["name"]
        for n in facilities["data"]["workers"]["nodes"]
        for h in n["healthCertificates"] or []
    }
    assert names


def test_exactly_the_planted_bad_rows_are_reported(demo_sources, ground_truth):
    reported = set()
    for config in load_sources(demo_sources).values():
        connector = open_connector(config)
        for entity, mapping in config.entities.items():
            list(connector.scan(entity, set(mapping.fields)))
        reported |= {(p.source, p.entity, Path(p.location).name, p.row) for p in connector.problems}
    planted = {(b["source"], b["entity"], Path(b["file"]).name, b["row"]) for b in ground_truth["bad_rows"]}
    assert reported == planted


@pytest.mark.parametrize(
    "spell", [str.lower, lambda p: f"{p[:1]} {p[1:5]} {p[5:]}", lambda p: f"{p[:1]}-{p[1:]}"]
)
def test_a_passport_in_any_spelling_finds_its_worker(officer, ground_truth, spell):
    conflicts = {d["persons"][0] for d in ground_truth["discrepancies"] if d["kind"] == "IDENTITY_CONFLICT"}
    person = next(p for p in ground_truth["persons"][7:] if p["person"] not in conflicts)
    found = officer.post(
        "query($p: String!) { worker(passportNumber: $p) { passportNumber } }",
        p=spell(person["passports"][0]),
    )
    assert found["data"]["worker"]["passportNumber"] == person["passports"][0]


def test_a_page_of_500_asks_each_source_no_more_often_than_a_page_of_5(demo_sources):
    """One query per source and entity for the whole page, never one per worker: 500 workers cost
    the same statements as five workers who between them have a record in every source."""
    with serving(demo_sources) as client:
        service = client.app.state.service
        statements: list[str] = []
        queried = {"noi_vu", "cong_an", "bhxh"}
        """The database sources counted (thanh_tra's few violations are on no five workers together)."""
        for name, source in service.sources.items():
            source.config = replace(source.config, cache_seconds=0)
            if isinstance(source.connector, SqlConnector) and name in queried:
                event.listen(
                    source.connector.engine, "before_cursor_execute", lambda *a: statements.append(a[2])
                )
        ordered = service.index.snapshot.ordered

        def kinds(persons: list[Person]) -> set[tuple[str, str]]:
            return {(link.source, link.entity) for p in persons for link in p.links if link.source in queried}

        start = max(range(1, len(ordered) - 5), key=lambda i: len(kinds(ordered[i : i + 5])))
        assert kinds(ordered[start : start + 5]) == kinds(ordered[:500]), (
            "five workers with a record in every source"
        )
        officer = Officer(client, demo_sources.parent, "thanh_tra")
        counts = {}
        for first, after in ((5, encode_cursor(service.index.secret, ordered[start - 1].id)), (500, None)):
            statements.clear()
            assert "errors" not in officer.post(PROVENANCE, purpose="audit", first=first, after=after)
            counts[first] = len(statements)
    sql_entities = sum(len(s.config.entities) for s in service.sources.values() if s.config.kind == "sql")
    assert counts[500] == counts[5] <= sql_entities
