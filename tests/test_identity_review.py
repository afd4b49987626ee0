"""Identity decisions a person can see and correct (issue 15): no merge on a coincidence, the review
queue end to end over HTTP, decisions that survive a restart, and the store on PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from serving import Officer, serving, until

from connectors.config import load_sources
from graph.access.audit import AuditUnavailable
from graph.access.identity_decisions import DecisionStore
from graph.cli.identity_report import sightings
from graph.identity.linking import Sighting, link

REVIEWS = """query($status: IdentityReviewStatus) { identityReviews(status: $status, first: 100) {
    id kind status reason decision decidedBy decidedByAgency decidedAt note
    records { side sourceAgency entity sourceRecordId fullName dateOfBirth passportNumber }
    comparisons { field agrees } } }"""
DECIDE = """mutation($id: ID!, $decision: IdentityDecision!, $note: String) {
    decideIdentity(reviewId: $id, decision: $decision, note: $note) {
    id status decision decidedBy decidedByAgency note } }"""
LINKS = """query($p: String!) { worker(passportNumber: $p) { id passports { number }
    linkedRecords { entity sourceRecordId matchedBy confidence decidedBy decidedByAgency reviewId } } }"""


def seeded(ground_truth: dict, note: str) -> dict:
    return next(r for r in ground_truth["identity_reviews"] if note in r["note"])


def refs(entry: dict) -> set[tuple[str, str, str]]:
    return {(r["source"], r["entity"], r["key"]) for r in entry["records"]}


def review_of(reviews: list[dict], wanted: set[tuple[str, str, str]]) -> dict:
    """The one review whose records include every record of `wanted`."""
    (found,) = [
        r
        for r in reviews
        if wanted <= {(x["sourceAgency"], x["entity"], x["sourceRecordId"]) for x in r["records"]}
    ]
    return found


def test_namesakes_at_one_employer_are_a_possible_match_not_one_person(
    embedded_demo: Path, ground_truth: dict
):
    namesakes = seeded(ground_truth, "namesakes")
    first, second = namesakes["persons"]
    people = {p["person"]: p for p in ground_truth["persons"]}
    assert (
        people[first]["fullName"] == people[second]["fullName"]
        and people[first]["dateOfBirth"] == people[second]["dateOfBirth"]
    )
    clusters, reviews = link(sightings(load_sources(embedded_demo)))
    permit_a, permit_b = ((r["source"], r["entity"], r["key"]) for r in namesakes["records"])
    home = {s.ref: i for i, c in enumerate(clusters) for s in c.sightings}
    assert home[permit_a] != home[permit_b]
    (review,) = [r for r in reviews if {permit_a, permit_b} <= {s.ref for s in r.sightings}]
    assert review.kind == "POSSIBLE_MATCH"


def test_a_renewal_no_permit_names_is_found_as_a_possible_match(embedded_demo: Path, ground_truth: dict):
    renewal = seeded(ground_truth, "no permit names both")
    visa, health = ((r["source"], r["entity"], r["key"]) for r in renewal["records"])
    _, reviews = link(sightings(load_sources(embedded_demo)))
    (review,) = [r for r in reviews if {visa, health} <= {s.ref for s in r.sightings}]
    assert review.kind == "POSSIBLE_MATCH"
    assert {s.passport for s in review.first} != {s.passport for s in review.second}


def test_seeded_identity_puzzles_are_the_only_possible_matches(embedded_demo: Path, ground_truth: dict):
    _, reviews = link(sightings(load_sources(embedded_demo)))
    possible = [r for r in reviews if r.kind == "POSSIBLE_MATCH"]
    assert len(possible) == 2
    conflicts = [r for r in reviews if r.kind == "CONFLICT"]
    assert len(conflicts) == 2  # the two seeded IDENTITY_CONFLICT variants


def test_a_card_reissued_for_a_renewed_passport_ties_the_numbers():
    permit = Sighting("noi_vu", "WorkPermit", "P1", "KOR", "M1111111", "KIM MIN-JUN", "1990-01-02")
    card = Sighting(
        "cong_an",
        "ResidenceCard",
        "C1",
        "KOR",
        "M2222222",
        "KIM MINJUN",
        "1990-01-02",
        previous_passport="M1111111",
    )
    (cluster,), reviews = link([permit, card])
    assert reviews == [] and sorted(cluster.matched_by.values()) == ["passport", "passport_history"]


def test_a_decision_merges_or_keeps_apart_by_source_record_ids():
    from graph.identity.linking import Decision

    a = Sighting("y_te", "HealthCertificate", "H1", "KOR", "M1111111", "PARK JI WON", "1991-03-04")
    b = Sighting("cong_an", "Visa", "V1", "KOR", "M2222222", "PAK JIWON", "1991-03-04")
    later = Sighting("bhxh", "SocialInsuranceRecord", "S1", "KOR", "M2222222", "PARK JI-WON", "1991-03-04")
    assert [r.kind for r in link([a, b])[1]] == ["POSSIBLE_MATCH"]
    same = Decision(
        "R1", "POSSIBLE_MATCH", frozenset({a.ref}), frozenset({b.ref}), True, "o-1", "noi_vu", "t"
    )
    (cluster,), reviews = link([a, b, later], [same])  # a record added since: the decision still holds
    assert reviews == [] and cluster.decided_by[b] == same
    assert {cluster.matched_by[s] for s in (a, b, later)} == {"passport", "officer_decision"}
    apart = Decision(
        "R1", "POSSIBLE_MATCH", frozenset({a.ref}), frozenset({b.ref}), False, "o-1", "noi_vu", "t"
    )
    clusters, reviews = link([a, b], [apart])
    assert len(clusters) == 2 and reviews == []


@pytest.fixture
def private_demo(embedded_demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo with its own decision store and audit trail."""
    copy = tmp_path / "demo"
    shutil.copytree(embedded_demo.parent, copy, ignore=shutil.ignore_patterns("*.sqlite-journal"))
    for leftover in ("identity_decisions.sqlite", "audit.sqlite", "audit.checkpoints"):
        (copy / leftover).unlink(missing_ok=True)
    return copy / "sources.yaml"


def test_the_review_queue_end_to_end(private_demo: Path, ground_truth: dict):
    folder = private_demo.parent
    namesakes, renewal = seeded(ground_truth, "namesakes"), seeded(ground_truth, "no permit names both")
    renewed = next(p for p in ground_truth["persons"] if p["person"] == renewal["persons"][0])
    new_passport, old_passport = renewed["passports"]
    with serving(private_demo) as client:
        officer = Officer(client, folder, "noi_vu")
        pending = officer.post(REVIEWS)["data"]["identityReviews"]
        assert [r["kind"] for r in pending].count("POSSIBLE_MATCH") == 2
        twins = review_of(pending, refs(namesakes))
        assert twins["status"] == "PENDING" and {r["side"] for r in twins["records"]} == {1, 2}
        assert {c["field"]: c["agrees"] for c in twins["comparisons"]} == {
            "fullName": True,
            "dateOfBirth": True,
            "gender": True,
            "nationality": True,
            "passportNumber": False,
            "documents": False,
        }
        unlinked = review_of(pending, refs(renewal))
        # before any decision, the old and the new passport are two workers
        by_new = officer.post(LINKS, p=new_passport)["data"]["worker"]
        assert by_new["id"] != officer.post(LINKS, p=old_passport)["data"]["worker"]["id"]

        decided = officer.post(
            DECIDE, id=twins["id"], decision="DIFFERENT_PEOPLE", note="hai người khác nhau"
        )
        assert decided["data"]["decideIdentity"] == {
            "id": twins["id"],
            "status": "DECIDED",
            "decision": "DIFFERENT_PEOPLE",
            "decidedBy": "noi_vu-officer",
            "decidedByAgency": "noi_vu",
            "note": "hai người khác nhau",
        }
        officer.post(DECIDE, id=unlinked["id"], decision="SAME_PERSON")
        left = officer.post(REVIEWS)["data"]["identityReviews"]
        assert {r["id"] for r in left} == {r["id"] for r in pending} - {twins["id"], unlinked["id"]}
        merged = officer.post(LINKS, p=old_passport)["data"]["worker"]
        assert officer.post(LINKS, p=new_passport)["data"]["worker"]["id"] == merged["id"]
        by_officer = [r for r in merged["linkedRecords"] if r["matchedBy"] == "officer_decision"]
        assert by_officer and {(r["decidedBy"], r["decidedByAgency"], r["reviewId"]) for r in by_officer} == {
            ("noi_vu-officer", "noi_vu", unlinked["id"])
        }
        assert {r["confidence"] for r in by_officer} == {1.0}
        audit = [record for _, _, record in client.app.state.service.audit.rows()]
    decisions = [r for r in audit if "identityDecisions" in r]
    assert all(len(r["persons"]) == 2 for r in decisions)  # the two workers each decision was about
    assert [r["identityDecisions"] for r in audit if "identityDecisions" in r] == [
        [{"review": twins["id"], "kind": "POSSIBLE_MATCH", "decision": "DIFFERENT_PEOPLE"}],
        [{"review": unlinked["id"], "kind": "POSSIBLE_MATCH", "decision": "SAME_PERSON"}],
    ]
    assert "hai người" not in json.dumps(audit, ensure_ascii=False)  # the note stays in the store

    with serving(private_demo) as client:  # a new service on the same store
        officer = Officer(client, folder, "noi_vu")
        after = officer.post(LINKS, p=old_passport)["data"]["worker"]
        assert after["id"] == officer.post(LINKS, p=new_passport)["data"]["worker"]["id"]
        assert "officer_decision" in {r["matchedBy"] for r in after["linkedRecords"]}
        assert {r["id"] for r in officer.post(REVIEWS)["data"]["identityReviews"]} == {r["id"] for r in left}
        history = officer.post(REVIEWS, status="DECIDED")["data"]["identityReviews"]
        assert {(r["id"], r["decision"]) for r in history} == {
            (twins["id"], "DIFFERENT_PEOPLE"),
            (unlinked["id"], "SAME_PERSON"),
        }
        # corrected: the namesakes were one person after all; the latest decision counts
        officer.post(DECIDE, id=twins["id"], decision="SAME_PERSON", note="sửa: cùng một người")
        history = officer.post(REVIEWS, status="DECIDED")["data"]["identityReviews"]
        assert {(r["id"], r["decision"]) for r in history} == {
            (twins["id"], "SAME_PERSON"),
            (unlinked["id"], "SAME_PERSON"),
        }


def matched_by(officer: Officer, passport: str) -> set[str]:
    """How the records of the worker holding `passport` were matched, as `officer` is shown them."""
    return {r["matchedBy"] for r in officer.post(LINKS, p=passport)["data"]["worker"]["linkedRecords"]}


def second_process(folder: Path) -> dict:
    """The settings that make a second service in a test a process of its own: its own audit trail
    (each deployment's processes share one in PostgreSQL, tests/test_processes.py)."""
    return {
        "audit_url": f"sqlite:///{folder}/audit_b.sqlite",
        "audit_checkpoints": folder / "audit_b.checkpoints",
    }


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_a_decision_taken_in_one_process_is_applied_by_the_others_at_their_next_refresh(
    private_demo: Path, ground_truth: dict, request: pytest.FixtureRequest, store: str
):
    """Two processes on one decision store: what an officer decides in either, the other applies
    at its next refresh, without a restart, and a correction likewise."""
    folder = private_demo.parent
    if store == "sqlite":
        url = f"sqlite:///{folder}/identity_decisions.sqlite"
    else:
        url = request.getfixturevalue("databases").create("postgresql", "shared_decisions")
    renewal = seeded(ground_truth, "no permit names both")
    renewed = next(p for p in ground_truth["persons"] if p["person"] == renewal["persons"][0])
    new_passport, old_passport = renewed["passports"]
    with (
        serving(private_demo, identity_decisions_url=url) as a,
        serving(private_demo, identity_decisions_url=url, **second_process(folder)) as b,
    ):
        in_a, in_b = Officer(a, folder, "noi_vu"), Officer(b, folder, "noi_vu")
        unlinked = review_of(in_b.post(REVIEWS)["data"]["identityReviews"], refs(renewal))
        assert "officer_decision" not in matched_by(in_b, old_passport)

        in_a.post(DECIDE, id=unlinked["id"], decision="SAME_PERSON")
        until(lambda: "officer_decision" in matched_by(in_b, old_passport), seconds=10)
        merged = in_b.post(LINKS, p=old_passport)["data"]["worker"]
        assert in_b.post(LINKS, p=new_passport)["data"]["worker"]["id"] == merged["id"]
        by_officer = [r for r in merged["linkedRecords"] if r["matchedBy"] == "officer_decision"]
        assert {(r["decidedBy"], r["decidedByAgency"], r["reviewId"]) for r in by_officer} == {
            ("noi_vu-officer", "noi_vu", unlinked["id"])
        }
        history = in_b.post(REVIEWS, status="DECIDED")["data"]["identityReviews"]
        assert [(r["id"], r["decision"]) for r in history] == [(unlinked["id"], "SAME_PERSON")]
        assert unlinked["id"] not in {r["id"] for r in in_b.post(REVIEWS)["data"]["identityReviews"]}

        in_b.post(DECIDE, id=unlinked["id"], decision="DIFFERENT_PEOPLE", note="sửa: hai người")
        until(lambda: "officer_decision" not in matched_by(in_a, old_passport), seconds=10)
        apart = in_a.post(LINKS, p=old_passport)["data"]["worker"]
        assert in_a.post(LINKS, p=new_passport)["data"]["worker"]["id"] != apart["id"]
        history = in_a.post(REVIEWS, status="DECIDED")["data"]["identityReviews"]
        assert [(r["id"], r["decision"], r["note"]) for r in history] == [
            (unlinked["id"], "DIFFERENT_PEOPLE", "sửa: hai người")
        ]


def test_a_decision_store_that_cannot_be_read_keeps_the_decisions_applied(
    private_demo: Path, ground_truth: dict, caplog: pytest.LogCaptureFixture
):
    """The shared store unreadable at a refresh: the process keeps the decisions it applied (dropping
    them would split, here alone, a worker officers joined), says so once in its log, not at every
    refresh, and follows the store again once it can be read."""
    folder = private_demo.parent
    renewal = seeded(ground_truth, "no permit names both")
    renewed = next(p for p in ground_truth["persons"] if p["person"] == renewal["persons"][0])
    _, old_passport = renewed["passports"]
    caplog.set_level("WARNING", logger="lienthong.identity")

    def said(start: str) -> int:
        return len([r for r in caplog.records if r.getMessage().startswith(start)])

    with serving(private_demo) as a, serving(private_demo, **second_process(folder)) as b:
        in_a, in_b = Officer(a, folder, "noi_vu"), Officer(b, folder, "noi_vu")
        unlinked = review_of(in_b.post(REVIEWS)["data"]["identityReviews"], refs(renewal))
        in_a.post(DECIDE, id=unlinked["id"], decision="SAME_PERSON")
        until(lambda: "officer_decision" in matched_by(in_b, old_passport), seconds=10)

        store = folder / "identity_decisions.sqlite"
        kept = store.read_bytes()
        store.write_bytes(b"not a database " * 1000)
        until(
            lambda: (
                "officer_decision" in matched_by(in_b, old_passport)
                and said("identity decisions cannot") == 1
            )
        )
        for _ in range(5):
            assert "officer_decision" in matched_by(in_b, old_passport)
        (failure,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
        assert failure.startswith(
            "identity decisions cannot be read; the 1 applied stay applied until they can:"
            " (sqlite3.DatabaseError) file is not a database"
        )
        history = in_b.post(REVIEWS, status="DECIDED")["data"]["identityReviews"]
        assert [(r["id"], r["decision"]) for r in history] == [(unlinked["id"], "SAME_PERSON")]

        store.write_bytes(kept)
        until(
            lambda: (
                "officer_decision" in matched_by(in_b, old_passport)
                and said("identity decisions can be read again") == 1
            )
        )


def test_a_refresh_reads_the_decisions_again_only_when_the_store_changed(tmp_path: Path, monkeypatch):
    """Following the store costs one aggregate read per refresh: the decisions are read, and the
    index rebuilt, only when a ruling was stored since."""
    import asyncio

    from graph.identity.index import IdentityIndex

    store = DecisionStore(f"sqlite:///{tmp_path}/decisions.sqlite")
    reads: list[int] = []
    read = store.read

    def counted() -> tuple:
        reads.append(1)
        return read()

    monkeypatch.setattr(store, "read", counted)
    sides = (frozenset({("y_te", "HealthCertificate", "H1")}), frozenset({("cong_an", "Visa", "V1")}))

    async def refreshed(index: IdentityIndex) -> tuple[int, int]:
        await index.refresh()
        assert index.following is not None
        await index.following
        return len(reads), index.builds

    async def follow() -> list:
        index = IdentityIndex({}, b"k", check_seconds=0, rulings=store)
        await index.refresh(wait=True)  # at start-up
        seen = [await refreshed(index) for _ in range(3)]
        store.record("R1", "POSSIBLE_MATCH", True, sides, "officer-1", "noi_vu", None)
        seen += [await refreshed(index) for _ in range(2)]
        return [seen, [(d.review, d.same) for d in index.decisions]]

    try:
        assert asyncio.run(follow()) == [[(1, 0), (1, 0), (1, 0), (2, 1), (2, 1)], [("R1", True)]]
    finally:
        store.close()


def test_who_may_see_and_decide_reviews(private_demo: Path, ground_truth: dict):
    folder = private_demo.parent
    namesakes = seeded(ground_truth, "namesakes")
    with serving(private_demo) as client:
        pending = Officer(client, folder, "noi_vu").post(REVIEWS)["data"]["identityReviews"]
        twins = review_of(pending, refs(namesakes))
        for agency, claims in (("y_te", {}), ("bhxh", {}), ("ubnd_xa", {"ward": "Phường Láng"})):
            refused = Officer(client, folder, agency, **claims).post(REVIEWS)
            assert refused["data"] == {"identityReviews": None}
            assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            denied = Officer(client, folder, agency, **claims).post(
                DECIDE, id=twins["id"], decision="SAME_PERSON"
            )
            assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        police = Officer(client, folder, "cong_an")
        seen_by_police = {r["id"] for r in police.post(REVIEWS)["data"]["identityReviews"]}
        # the police may not see social insurance: a review with an insurance record does not exist for them
        insured = [r for r in pending if "SocialInsuranceRecord" in {x["entity"] for x in r["records"]}]
        uninsured = {r["id"] for r in pending} - {r["id"] for r in insured}
        assert insured and uninsured and seen_by_police == uninsured
        insured = insured[0]
        hidden = police.post(DECIDE, id=insured["id"], decision="SAME_PERSON")
        unknown = police.post(DECIDE, id="R000000000000000000000000", decision="SAME_PERSON")
        assert (
            hidden
            == unknown
            == {
                "data": {"decideIdentity": None},
                "errors": [
                    {
                        "message": "No such identity review",
                        "locations": [{"line": 2, "column": 5}],
                        "path": ["decideIdentity"],
                        "extensions": {"code": "NOT_FOUND"},
                    }
                ],
            }
        )
        still = Officer(client, folder, "noi_vu").post(REVIEWS)["data"]["identityReviews"]
        assert {twins["id"], insured["id"]} <= {r["id"] for r in still}  # nothing was decided


def test_a_mutation_is_refused_over_get_even_persisted(private_demo: Path):
    folder = private_demo.parent
    with serving(private_demo) as client:
        officer = Officer(client, folder, "noi_vu")
        review = officer.post(REVIEWS)["data"]["identityReviews"][0]
        document = (
            f'mutation {{ decideIdentity(reviewId: "{review["id"]}", decision: DIFFERENT_PEOPLE) {{ id }} }}'
        )
        extensions = {
            "persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(document.encode()).hexdigest()}
        }
        headers = {"Authorization": f"Bearer {officer.token}", "Accept": "application/graphql-response+json"}
        posted = client.post("/graphql", json={"query": document, "extensions": extensions}, headers=headers)
        assert posted.json() == {"data": {"decideIdentity": {"id": review["id"]}}}
        replayed = client.get("/graphql", params={"extensions": json.dumps(extensions)}, headers=headers)
        assert (replayed.status_code, replayed.json()) == (
            405,
            {
                "errors": [
                    {"message": "a mutation changes things: POST it", "extensions": {"code": "BAD_REQUEST"}}
                ]
            },
        )
        audit = [record for _, _, record in client.app.state.service.audit.rows()]
    assert len([r for r in audit if "identityDecisions" in r]) == 1


def test_the_store_on_postgresql_keeps_every_ruling_and_applies_the_latest(databases):
    store = DecisionStore(databases.create("postgresql", "decisions"), timeout_seconds=5)
    try:
        sides = (frozenset({("y_te", "HealthCertificate", "H1")}), frozenset({("cong_an", "Visa", "V1")}))
        store.record("R1", "POSSIBLE_MATCH", True, sides, "officer-1", "noi_vu", "cùng một người")
        store.record("R2", "CONFLICT", False, sides, "officer-2", "cong_an", None)
        store.record("R1", "POSSIBLE_MATCH", False, sides, "officer-3", "bql_kcn", "sửa lại")
        again = DecisionStore(store.engine.url.render_as_string(hide_password=False))
        latest = {d.review: d for d in again.read()[1]}
        again.close()
    finally:
        store.close()
    assert {r: (d.same, d.officer, d.agency, d.note, d.kind) for r, d in latest.items()} == {
        "R1": (False, "officer-3", "bql_kcn", "sửa lại", "POSSIBLE_MATCH"),
        "R2": (False, "officer-2", "cong_an", None, "CONFLICT"),
    }
    assert latest["R1"].first == frozenset({("y_te", "HealthCertificate", "H1")})
    assert latest["R1"].second == frozenset({("cong_an", "Visa", "V1")})


def test_korean_romanisations_and_given_names_joined_spaced_or_hyphenated_are_one_name():
    from graph.identity.linking import name_keys

    assert name_keys("GIM JIWON") == name_keys("KIM JIWON") == name_keys("Keem Jiwon")
    assert name_keys("RI MIN-HO") == name_keys("LEE MINHO") == name_keys("I Minho")
    assert name_keys("KIM JI WON") & name_keys("JIWON KIM") == {"JIWON KIM"}
    assert name_keys("GIM JI-WON") & name_keys("KIM JI WON") == {"JIWON KIM"}
    assert not name_keys("KIM JI WON") & name_keys("KIM JI HO")


def test_name_search_finds_joined_spaced_and_hyphenated_given_names():
    from graph.api.resolvers.workers import named_by
    from graph.identity.index import Link, build, person_id

    def visa(key: str, passport: str, name: str) -> Link:
        facts = {"nationality": "KOR", "passportNumber": passport, "fullName": name, "dateOfBirth": None}
        return Link("cong_an", "Visa", key, facts)

    snapshot = build(
        {
            "cong_an": [
                visa("V1", "M1111111", "KIM JIWON"),
                visa("V2", "M2222222", "GIM JI-WON"),
                visa("V3", "M3333333", "PARK JI WON"),
                visa("V4", "M4444444", "KIM JI HO"),
            ]
        },
        lambda key: person_id(b"k", *key),
    )
    ids = {p.passport: p.id for p in snapshot.persons.values()}
    visas = frozenset({"Visa"})
    kims = {ids["M1111111"], ids["M2222222"]}
    assert named_by("kim ji won", snapshot, visas) == kims
    assert named_by("JIWON GIM", snapshot, visas) == kims
    assert named_by("Ji-won", snapshot, visas) == kims | {ids["M3333333"]}
    assert named_by("ji won", snapshot, visas) == kims | {ids["M3333333"]}
    assert named_by("KIM JI", snapshot, visas) == {ids["M4444444"]}  # JI-WON is one given name
    assert named_by("won ji", snapshot, visas) == {ids["M3333333"]}
    assert named_by("ji won", snapshot, frozenset({"HealthCertificate"})) == set()


CLINIC_SOURCES = """
sources:
  y_te:
    agency: y_te
    kind: csv
    entities:
      HealthCertificate:
        path: "{here}/gcnsk.csv"
        key: so
        fields:
          fullName: {column: ho_ten, normalise: name}
          passportNumber: {column: ho_chieu, normalise: passport}
          nationality: {column: quoc_tich, normalise: nationality, labels: %s}
"""


def test_an_agency_s_own_nationality_labels_come_from_the_sources_file(tmp_path: Path):
    from connectors import open_connector
    from connectors.config import ConfigError

    (tmp_path / "gcnsk.csv").write_text(
        'so,ho_ten,ho_chieu,quoc_tich\n1,KIM JIWON,M1111111,"Korea, Republic of"\n2,LI NA,E2222222,Trung Quốc\n',
        encoding="utf-8",
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(CLINIC_SOURCES % '{"Korea, Republic of": KOR}', encoding="utf-8")
    connector = open_connector(load_sources(sources)["y_te"])
    try:
        read = {
            r["sourceRecordId"]: r["nationality"]
            for r in connector.scan("HealthCertificate", {"nationality"})
        }
    finally:
        connector.close()
    assert read == {"1": "KOR", "2": "CHN"}  # its own label, and the shared table still
    sources.write_text(CLINIC_SOURCES % '{"Korea, Republic of": KOREA}', encoding="utf-8")
    with pytest.raises(ConfigError, match="KOREA not an ISO 3166 alpha-3 code"):
        load_sources(sources)


def test_evaluate_measures_linking_against_a_deployment_s_own_truth_file(
    embedded_demo: Path, ground_truth: dict, tmp_path: Path, capsys
):
    from graph.cli import main

    namesake = seeded(ground_truth, "namesakes")["persons"][0]
    records = next(p for p in ground_truth["persons"] if p["person"] == namesake)["records"]
    permit, visa = (next(r for r in records if r["entity"] == e) for e in ("WorkPermit", "Visa"))
    renewal = seeded(ground_truth, "no permit names both")["records"]
    truth = tmp_path / "truth.csv"
    truth.write_text(
        "source,entity,record,person\n"
        f"{permit['source']},WorkPermit,{permit['key']},A-1\n"
        f"{visa['source']},,{visa['key']},A-1\n"  # no entity: that id in any of the source's entities
        + "".join(f"{r['source']},{r['entity']},{r['key']},B-2\n" for r in renewal),
        encoding="utf-8",
    )
    assert main(["identity", "evaluate", "--sources", str(embedded_demo), "--truth", str(truth)]) == 0
    out = capsys.readouterr().out
    assert "2 persons in the ground truth" in out
    # the two records of A are linked; the renewal no document ties is left apart, for review
    assert "1.0000   0.5000" in out.splitlines()[3]
    assert "2 possible matches" in out
    truth.write_text("record,person\nX,1\n", encoding="utf-8")
    assert main(["identity", "evaluate", "--sources", str(embedded_demo), "--truth", str(truth)]) == 2
    assert "needs the columns source, record, person" in capsys.readouterr().err


FINDINGS = """query($kind: [DiscrepancyKind!]) { discrepancies(kind: $kind, to: "2026-11-01", first: 1000) {
    edges { node { kind } } unchecked } }"""


def test_a_kind_whose_inputs_no_source_holds_is_unchecked_not_a_flood_of_findings(private_demo: Path):
    import yaml

    config = yaml.safe_load(private_demo.read_text(encoding="utf-8"))
    for registry in ("tai_chinh", "cong_thuong"):  # no business registry
        del config["sources"][registry]
    private_demo.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with serving(private_demo) as client:
        officer = Officer(client, private_demo.parent, "noi_vu")
        every = officer.post(FINDINGS)["data"]["discrepancies"]
        named = officer.post(FINDINGS, kind=["EMPLOYER_UNKNOWN_OR_INACTIVE"])["data"]["discrepancies"]
    kinds = {edge["node"]["kind"] for edge in every["edges"]}
    assert not kinds & {"EMPLOYER_UNKNOWN_OR_INACTIVE", "WRONG_ISSUING_OFFICE"}
    assert every["unchecked"] == [
        "EMPLOYER_UNKNOWN_OR_INACTIVE: no source is configured to hold Employer",
        "WRONG_ISSUING_OFFICE: no source is configured to hold Employer",
    ]
    assert named == {
        "edges": [],
        "unchecked": ["EMPLOYER_UNKNOWN_OR_INACTIVE: no source is configured to hold Employer"],
    }
    assert "PASSPORT_MISMATCH_PERMIT_CARD" in kinds  # the others are still judged


def test_no_audit_record_no_decision(private_demo: Path, ground_truth: dict, monkeypatch):
    """A decision's own audit record is written before the decision is stored: with the trail
    refusing it, nothing is decided, and the review is still pending after a restart."""
    folder = private_demo.parent
    namesakes = seeded(ground_truth, "namesakes")
    with serving(private_demo) as client:
        officer = Officer(client, folder, "noi_vu")
        twins = review_of(officer.post(REVIEWS)["data"]["identityReviews"], refs(namesakes))
        service = client.app.state.service
        appended = service.audit_append

        async def refusing(record: dict) -> None:
            if "identityDecisions" in record:
                raise AuditUnavailable("the store is down")
            await appended(record)

        monkeypatch.setattr(service, "audit_append", refusing)
        refused = officer.post(DECIDE, id=twins["id"], decision="DIFFERENT_PEOPLE")
        assert refused["errors"][0]["extensions"] == {"code": "AUDIT_UNAVAILABLE"}
    assert DecisionStore(f"sqlite:///{folder}/identity_decisions.sqlite").read() == ((0, 0), [])
    with serving(private_demo) as client:
        pending = Officer(client, folder, "noi_vu").post(REVIEWS)["data"]["identityReviews"]
    assert review_of(pending, refs(namesakes))["status"] == "PENDING"
