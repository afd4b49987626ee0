"""Identity matching: each linking path, conflicts kept apart, and its quality on the demo ground truth."""

from pathlib import Path

from connectors.config import load_sources
from graph.cli import main
from graph.cli.identity_report import evaluate, score, sightings
from graph.identity.linking import CONFIDENCE, Sighting, link, name_keys


def sighting(key: str, passport: str, **values) -> Sighting:
    values.setdefault("nationality", "KOR")
    return Sighting("src", "Visa", key, passport=passport, **values)


def clusters_of(*records: Sighting) -> list[set[str]]:
    found, _ = link(records)
    return sorted(({s.key for s in c.sightings} for c in found), key=sorted)


def test_a_renewed_passport_is_linked_through_the_permit_reissue():
    old = sighting("visa-old", "M1111111", birth="1985-02-01")
    reissue = sighting("permit-new", "M2222222", birth="1985-02-01", previous_passport="M1111111")
    card = sighting("card-new", "M2222222", birth="1985-02-01")
    (cluster,), _ = link([old, reissue, card])
    assert cluster.matched_by[old] == "passport_history" or cluster.matched_by[reissue] == "passport_history"
    assert {s.key for s in cluster.sightings} == {"visa-old", "permit-new", "card-new"}


def test_romanisation_and_sino_vietnamese_variants_make_the_same_name_keys():
    assert name_keys("LEE JI-HOON") == name_keys("Yi Jihoon") == name_keys("JIHOON YI")
    assert name_keys("WANG WEI") == name_keys("Vương Vĩ") == name_keys("wei wang")
    assert name_keys("PARK MIN-JUN") == name_keys("PAK MINJUN")


def test_name_and_birth_date_link_two_passports_only_with_a_shared_document():
    # issue 15: a shared employer no longer links; a document both records name (a permit number) does
    permit = sighting(
        "permit",
        "M1111111",
        name="LEE JI-HOON",
        birth="1985-02-01",
        employers=frozenset({"0101234567"}),
        documents=frozenset({"permit:GP-001"}),
    )
    reissue = sighting(
        "reissue",
        "M9999999",
        name="YI JIHOON",
        birth="1985-02-01",
        documents=frozenset({"permit:GP-001", "permit:GP-002"}),
    )
    namesake = sighting(
        "other", "M5555555", name="LEE JI-HOON", birth="1985-02-01", employers=frozenset({"0101234567"})
    )
    assert clusters_of(permit, reissue, namesake) == [{"other"}, {"permit", "reissue"}]
    (cluster,), _ = link([permit, reissue])
    assert {CONFIDENCE[cluster.matched_by[s]] for s in cluster.sightings} == {1.0, 0.95}


def test_a_year_only_birth_date_never_links_by_name():
    a = sighting("a", "M1111111", name="KIM MIN-JUN", birth="1990", employers=frozenset({"0101234567"}))
    b = sighting("b", "M2222222", name="KIM MIN-JUN", birth="1990", employers=frozenset({"0101234567"}))
    assert clusters_of(a, b) == [{"a"}, {"b"}]


def test_same_passport_with_another_birth_date_is_a_conflict_not_a_merge():
    police = sighting("visa", "M1111111", birth="1985-02-01")
    clinic = sighting("health", "M1111111", birth="1986-03-08")
    year_only = sighting("permit", "M1111111", birth="1985")
    clusters, conflicts = link([police, clinic, year_only])
    assert sorted(len(c.sightings) for c in clusters) == [1, 2]
    (conflict,) = conflicts
    assert conflict.passport == "M1111111" and "birth date" in conflict.reason


def test_a_conflicting_record_is_not_pulled_back_in_through_history_or_name():
    old = sighting(
        "old", "M1111111", birth="1985-02-01", name="KIM MIN-JUN", employers=frozenset({"0101234567"})
    )
    other = sighting("new", "M2222222", birth="1999-09-09", previous_passport="M1111111", name="KIM MIN-JUN")
    assert clusters_of(old, other) == [{"new"}, {"old"}]


def test_linking_on_the_demo_reaches_the_quality_goal(embedded_demo: Path, ground_truth: dict):
    owner = {
        (r["source"], r["entity"], r["key"]): p["person"]
        for p in ground_truth["persons"]
        for r in p["records"]
    }
    clusters, conflicts = link(sightings(load_sources(embedded_demo)))
    precision, recall = score([c.sightings for c in clusters], owner)
    assert precision >= 0.999 and recall >= 0.98
    seeded = {d["persons"][0] for d in ground_truth["discrepancies"] if d["kind"] == "IDENTITY_CONFLICT"}
    flagged = {owner[(s.source, s.entity, s.key)] for c in conflicts for s in c.sightings}
    assert seeded <= flagged


def test_the_evaluate_command_prints_both_methods(embedded_demo: Path, capsys):
    assert main(["identity", "evaluate", "--sources", str(embedded_demo)]) == 0
    out = capsys.readouterr().out
    assert "passport + nationality" in out and "linker" in out and "precision" in out
    assert evaluate(embedded_demo) == 0


def test_a_renewed_passport_is_one_worker_found_by_either_number(embedded_demo: Path, ground_truth: dict):
    from serving import Officer, serving

    unlinked = {who for r in ground_truth["identity_reviews"] for who in r["persons"]}  # left for review
    renewed = [p for p in ground_truth["persons"] if len(p["passports"]) == 2 and p["person"] not in unlinked]
    conflicts = {d["persons"][0] for d in ground_truth["discrepancies"] if d["kind"] == "IDENTITY_CONFLICT"}
    query = (
        "query($p: String!) { worker(passportNumber: $p) { id passportNumber passports { number current } } }"
    )
    with serving(embedded_demo) as client:
        officer = Officer(client, embedded_demo.parent, "noi_vu")
        for person in renewed[:6]:
            new, old = person["passports"]
            by_new, by_old = (officer.post(query, p=number)["data"]["worker"] for number in (new, old))
            assert by_new == by_old
            assert by_new["passportNumber"] == new
            assert by_new["passports"] == [
                {"number": new, "current": True},
                {"number": old, "current": False},
            ]
        conflicted = next(p for p in ground_truth["persons"] if p["person"] in conflicts)
        result = officer.post(query, p=conflicted["passports"][0])
    assert result["data"]["worker"] is None
    assert result["errors"][0]["extensions"]["code"] == "IDENTITY_CONFLICT"


def test_a_worker_shows_how_it_was_assembled_to_those_allowed(embedded_demo: Path, ground_truth: dict):
    from serving import Officer, serving

    unlinked = {who for r in ground_truth["identity_reviews"] for who in r["persons"]}  # left for review
    renewed = next(
        p for p in ground_truth["persons"] if len(p["passports"]) == 2 and p["person"] not in unlinked
    )
    query = """query($p: String!) { worker(passportNumber: $p) {
        linkedRecords { sourceAgency entity sourceRecordId matchedBy confidence } } }"""
    with serving(embedded_demo) as client:
        permits = Officer(client, embedded_demo.parent, "noi_vu").post(query, p=renewed["passports"][0])
        health = Officer(client, embedded_demo.parent, "y_te").post(query, p=renewed["passports"][0])
    records = permits["data"]["worker"]["linkedRecords"]
    assert {(r["sourceAgency"], r["entity"], r["sourceRecordId"]) for r in records} == {
        (r["source"], r["entity"], r["key"]) for r in renewed["records"]
    }
    assert {r["matchedBy"] for r in records} == {"passport", "passport_history"}
    assert {r["confidence"] for r in records if r["matchedBy"] == "passport_history"} == {0.99}
    assert health["data"]["worker"]["linkedRecords"] is None
    assert health["errors"][0]["extensions"]["code"] == "FORBIDDEN"
