"""`statistics`: counts only by what the viewer sees in clear, only over the workers it may list,
small counts suppressed so that no total gives one back, every question audited; the demo's counts
against its generator's ground truth.

The attacker of the suppression tests is written here, apart from the code: from what an answer
shows it solves the equations the totals give (exactly, over the rationals) and narrows each hidden
count by bounds (a listed cell holds at least 1), and must pin down no hidden count under k.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from serving import Officer, serving, settings_for

from graph.access.audit import AuditLog
from graph.cli import main
from graph.common.timezone import today
from graph.rules.suppression import suppress
from graph.web.settings import SettingsError, load_settings

K = 5
STATISTICS = """query($g: [Dimension!]!, $u: StatisticsUnit! = WORKERS, $f: WorkerFilter, $at: Date,
                     $from: Date, $to: Date) {
  statistics(groupBy: $g, unit: $u, filter: $f, at: $at, from: $from, to: $to) {
    unit groupBy minCell cells { values count suppressed } totals { dimension value count suppressed }
    total totalSuppressed incomplete } }"""
LISTED = """{ workers(first: 1000) { nodes { id
  employer { taxCode }
  workPermits { status employerTaxCode employer { sector } }
  permitExemptions { employerTaxCode employer { sector } }
  healthCertificates { conclusion } } } }"""


# The attacker: equations from the totals an answer shows, solved exactly, and bounds.


def rank(rows: list[list[Fraction]]) -> int:
    rows = [row[:] for row in rows]
    found = 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(found, len(rows)) if rows[i][column]), None)
        if pivot is None:
            continue
        rows[found], rows[pivot] = rows[pivot], rows[found]
        for i in range(len(rows)):
            if i != found and rows[i][column]:
                factor = rows[i][column] / rows[found][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[found], strict=True)]
        found += 1
    return found


def recovered(
    shown: dict[tuple, int], hidden: list[tuple], totals: dict[tuple[int, Any], int | None], grand: int | None
) -> dict[Any, int]:
    """Every hidden cell, and every hidden total, whose value the shown counts pin down: by
    solving the totals' equations, or by bounds (every listed cell holds 1 or more)."""
    dimensions = len((hidden or list(shown))[0])
    lines: list[tuple[list[tuple], int]] = []
    everything = list(shown) + hidden
    if grand is not None:
        lines.append((everything, grand))
    for (d, value), total in totals.items():
        if total is not None:
            lines.append(([key for key in everything if key[d] == value], total))
    equations, sums = [], []
    for members, total in lines:
        unknown = [key for key in members if key not in shown]
        rest = total - sum(shown[key] for key in members if key in shown)
        if unknown:
            equations.append([Fraction(key in unknown) for key in hidden])
            sums.append((unknown, rest))
    found: dict[Any, int] = {}
    base = rank(equations) if equations else 0
    targets = [(key, [Fraction(h == key) for h in hidden]) for key in hidden]
    targets += [
        (("total", d, value), [Fraction(h[d] == value) for h in hidden])
        for (d, value), total in totals.items()
        if total is None and dimensions > 1
    ]
    for name, vector in targets:
        if not any(vector) or (equations and rank([*equations, vector]) == base):
            found[name] = -1  # determined; its value does not matter here
    low = dict.fromkeys(hidden, 1)
    high = dict.fromkeys(hidden, 10**9)
    for _ in range(len(hidden) + 1):
        for unknown, rest in sums:
            for key in unknown:
                others = [o for o in unknown if o != key]
                high[key] = min(high[key], rest - sum(low[o] for o in others))
                low[key] = max(low[key], rest - sum(high[o] for o in others))
    found.update({key: low[key] for key in hidden if low[key] == high[key]})
    return found


def published(counts: dict[tuple, int], k: int = K) -> tuple:
    """What an answer shows of `counts`, suppressed with `k`: shown cells, hidden cells, totals
    (None where hidden) and the grand total (None where hidden)."""
    hidden = suppress(counts, k)
    dimensions = len(next(iter(counts)))
    sums: Counter[tuple[int, Any]] = Counter()
    for key, n in counts.items():
        for d in range(dimensions):
            sums[(d, key[d])] += n
    totals = (
        {slot: (None if slot in hidden.totals else n) for slot, n in sums.items()} if dimensions > 1 else {}
    )
    shown = {key: n for key, n in counts.items() if key not in hidden.cells}
    return shown, sorted(hidden.cells), totals, None if hidden.total else sum(counts.values())


def sensitive(counts: dict[tuple, int], found: dict[Any, int]) -> list[Any]:
    """The counts under k among those found: what must never be recovered."""
    out = []
    for name in found:
        if name[0] == "total":
            _, d, value = name
            if sum(n for key, n in counts.items() if key[d] == value) < K:
                out.append(name)
        elif counts[name] < K:
            out.append(name)
    return out


def test_a_count_under_k_is_hidden_and_a_lone_one_gets_a_partner():
    hidden = suppress({("CHN",): 40, ("KOR",): 12, ("DEU",): 2, ("FRA",): 7}, K)
    assert hidden.cells == {("DEU",), ("FRA",)} and not hidden.total


def test_two_hidden_ones_get_a_partner_of_two_or_more():
    """1 + 1 = 2 under a shown total tells both; a 2 or more beside them does not."""
    hidden = suppress({("A",): 1, ("B",): 1, ("C",): 30, ("D",): 8}, K)
    assert hidden.cells == {("A",), ("B",), ("D",)}
    assert recovered({("C",): 30}, [("A",), ("B",), ("D",)], {}, 40) == {}
    assert recovered({("C",): 30, ("D",): 8}, [("A",), ("B",)], {}, 40) == {("A",): 1, ("B",): 1}


def test_where_nothing_can_stand_beside_a_small_count_the_total_is_hidden():
    assert suppress({("A",): 3}, K).total
    assert suppress({("A",): 1, ("B",): 1, ("C",): 1, ("D",): 1, ("E",): 1}, K).total
    assert not suppress({("A",): 3, ("B",): 1, ("C",): 9}, K).total


def test_a_small_cell_alone_in_its_row_is_hidden_with_others_so_the_row_total_tells_nothing():
    counts = {("KOR", "VALID"): 40, ("KOR", "REVOKED"): 2, ("CHN", "VALID"): 30, ("CHN", "EXPIRED"): 9}
    shown, hidden, totals, grand = published(counts)
    assert ("KOR", "REVOKED") in hidden and len(hidden) > 1
    naive = {key: n for key, n in counts.items() if n >= K}  # primary suppression alone
    rows = {(0, "KOR"): 42, (0, "CHN"): 39}
    assert recovered(naive, [("KOR", "REVOKED")], rows, 81) == {("KOR", "REVOKED"): 2}
    assert sensitive(counts, recovered(shown, hidden, totals, grand)) == []


@pytest.mark.parametrize("seed", range(4))
def test_no_count_under_k_can_be_recovered_from_the_totals_of_random_tables(seed):
    rng = random.Random(seed)
    tried = 0
    while tried < 60:
        dimensions = rng.choice([1, 2, 2])
        sizes = [rng.randint(2, 6) for _ in range(dimensions)]
        counts = {
            key: rng.choice([1, 1, 2, 3, 4, 6, 9, 15, 40])
            for key in product(*map(range, sizes))
            if rng.random() > 0.3
        }
        if not counts:
            continue
        tried += 1
        shown, hidden, totals, grand = published(counts)
        assert all(n >= K for n in shown.values())
        assert all(n is None or n >= K for n in totals.values())
        assert grand is None or grand >= K
        assert sensitive(counts, recovered(shown, hidden, totals, grand)) == [], counts


# Over the demo data, as each agency's officer.


@pytest.fixture(scope="module")
def client(embedded_demo: Path):
    with serving(embedded_demo) as client:
        yield client


@pytest.fixture(scope="module")
def unsuppressed(embedded_demo: Path):
    """A server that suppresses nothing (statistics.min_cell 1): each viewer's true counts. Set on
    its own settings, not in the environment, which every server started while it lives would read."""
    with serving(embedded_demo, statistics_min_cell=1) as client:
        yield client


def ask(client, folder: Path, agency: str, claims: dict | None = None, **variables: Any) -> dict:
    return Officer(client, folder, agency, **(claims or {})).post(STATISTICS, **variables)


def counted(answer: dict) -> dict[tuple, int]:
    assert "errors" not in answer, answer["errors"]
    cells = answer["data"]["statistics"]["cells"]
    assert not any(cell["suppressed"] for cell in cells)
    return {tuple(cell["values"]): cell["count"] for cell in cells}


def refusal(answer: dict) -> str:
    assert answer["data"]["statistics"] is None
    return answer["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize(
    ("agency", "claims", "dimension"),
    [
        ("y_te", {}, "JOB_POSITION"),  # permit_position denied
        ("y_te", {}, "MONTH_OF_ISSUE"),  # permit_validity denied
        ("y_te", {}, "WARD"),  # residence denied
        ("tai_chinh", {"sector": "manufacturing"}, "WARD"),
        ("bhxh", {}, "WARD"),
    ],
)
def test_a_dimension_not_seen_in_clear_is_refused(client, embedded_demo, agency, claims, dimension):
    assert refusal(ask(client, embedded_demo.parent, agency, claims, g=[dimension])) == "FORBIDDEN"


def test_a_filter_not_seen_in_clear_is_refused(client, embedded_demo):
    folder = embedded_demo.parent
    expiring = {"permitExpiringBefore": "2027-01-01"}  # WorkPermit.validTo: y_te may not see it
    assert refusal(ask(client, folder, "y_te", g=["NATIONALITY"], f=expiring)) == "FORBIDDEN"
    assert "errors" not in ask(client, folder, "noi_vu", g=["NATIONALITY"], f=expiring)
    by_visa = {"visaSymbol": "LĐ2"}
    assert refusal(ask(client, folder, "bhxh", g=["NATIONALITY"], f=by_visa)) == "FORBIDDEN"


def test_a_question_that_does_not_apply_is_the_clients_mistake(client, embedded_demo):
    folder = embedded_demo.parent
    for variables in (
        {"g": ["PERMIT_STATUS"], "u": "HEALTH_CERTIFICATES"},
        {"g": ["NATIONALITY"], "u": "EMPLOYERS"},
        {"g": ["NATIONALITY", "NATIONALITY"]},
        {"g": []},
        {"g": ["NATIONALITY"], "from": "2026-06-01", "to": "2026-01-01"},
    ):
        assert refusal(ask(client, folder, "noi_vu", **variables)) == "BAD_USER_INPUT", variables


def test_a_suppressed_viewer_groups_by_two_dimensions_at_most(client, embedded_demo):
    three = ["NATIONALITY", "PERMIT_STATUS", "ISSUER"]
    claims = {"sector": "manufacturing"}
    assert refusal(ask(client, embedded_demo.parent, "tai_chinh", claims, g=three)) == "BAD_USER_INPUT"
    assert "errors" not in ask(client, embedded_demo.parent, "noi_vu", g=three)


def test_the_employer_taken_from_a_visa_sponsor_is_unknown_to_an_agency_denied_visas(
    unsuppressed, embedded_demo
):
    """y_te counts by sector exactly as its own listing, recomputed by hand, places workers: by a
    VALID permit's employer, else an exemption's, and never by a visa's sponsor."""
    folder = embedded_demo.parent
    workers = Officer(unsuppressed, folder, "noi_vu").post(LISTED)["data"]["workers"]["nodes"]
    expected: Counter[tuple] = Counter()
    sponsored = 0
    for worker in workers:
        if not (worker["workPermits"] or worker["permitExemptions"] or worker["healthCertificates"]):
            continue  # a worker y_te knows nothing of does not exist for it
        valid = [p for p in worker["workPermits"] if p["status"] == "VALID" and p["employerTaxCode"]]
        exempted = [e for e in worker["permitExemptions"] if e["employerTaxCode"]]
        named = valid or exempted  # two employers told apart by a date y_te may not see: unknown
        sector = named[0]["employer"]["sector"] if named and named[0]["employer"] else None
        one = len({record["employerTaxCode"] for record in named}) == 1
        sponsored += not named and worker["employer"] is not None
        expected[(sector if one else None,)] += 1
    assert sponsored > 0, "some worker's only employer is a sponsor, so the test says something"
    health = counted(ask(unsuppressed, folder, "y_te", g=["SECTOR"]))
    assert health == dict(expected)
    police = counted(ask(unsuppressed, folder, "cong_an", g=["SECTOR"]))
    assert police[(None,)] < health[(None,)]


def test_a_ward_officer_counts_only_the_workers_it_may_list(unsuppressed, embedded_demo):
    folder = embedded_demo.parent
    ward = {"ward": "Phường Láng"}
    officer = Officer(unsuppressed, folder, "ubnd_xa", **ward)
    listed = officer.post("{ workers(first: 1000) { nodes { nationality } } }")["data"]["workers"]["nodes"]
    by_nationality = Counter((worker["nationality"],) for worker in listed)
    assert 0 < len(listed) < 100
    assert counted(ask(unsuppressed, folder, "ubnd_xa", ward, g=["NATIONALITY"])) == dict(by_nationality)
    city = counted(ask(unsuppressed, folder, "noi_vu", g=["WARD"], at=today().isoformat()))
    assert city[("Phường Láng",)] == len(listed)
    assert sum(city.values()) > 3 * len(listed)


def test_small_counts_are_suppressed_and_the_totals_give_none_back(client, unsuppressed, embedded_demo):
    """A sector department's table of nationality by issuing office: what it truly holds has a row
    whose one small cell the row total would give back; the answer, with the answers for each
    dimension alone, lets the attacker pin down none of the small counts."""
    folder = embedded_demo.parent
    claims = {"sector": "manufacturing"}
    grouped = ["NATIONALITY", "ISSUER"]
    truth = counted(ask(unsuppressed, folder, "tai_chinh", claims, g=grouped))
    rows: dict[Any, list[int]] = {}
    for (nationality, _), n in truth.items():
        rows.setdefault(nationality, []).append(n)
    assert any(sum(n < K for n in row) == 1 and sum(row) >= K for row in rows.values())

    answer = ask(client, folder, "tai_chinh", claims, g=grouped)["data"]["statistics"]
    assert answer["minCell"] == K
    cells = {tuple(c["values"]): c for c in answer["cells"]}
    assert set(cells) == set(truth)
    assert {key for key, n in truth.items() if n < K} <= {key for key, c in cells.items() if c["suppressed"]}
    assert all(c["count"] == truth[key] >= K for key, c in cells.items() if not c["suppressed"])
    totals = {(grouped.index(t["dimension"]), t["value"]): t["count"] for t in answer["totals"]}
    for position, dimension in enumerate(grouped):  # what asking for each dimension alone shows
        alone = ask(client, folder, "tai_chinh", claims, g=[dimension])["data"]["statistics"]
        for cell in alone["cells"]:  # the same totals, hidden alike: together they tell no more
            assert totals[(position, cell["values"][0])] == cell["count"]
        assert alone["total"] == answer["total"]
    shown = {key: c["count"] for key, c in cells.items() if not c["suppressed"]}
    hidden = sorted((key for key, c in cells.items() if c["suppressed"]), key=str)
    assert len(hidden) >= 2
    assert sensitive(truth, recovered(shown, hidden, totals, answer["total"])) == []


def test_a_viewer_with_full_access_gets_every_count(client, embedded_demo):
    answer = ask(client, embedded_demo.parent, "noi_vu", g=["NATIONALITY", "PERMIT_STATUS"])
    statistics = answer["data"]["statistics"]
    assert statistics["minCell"] is None
    assert any(0 < cell["count"] < K for cell in statistics["cells"])
    assert not any(cell["suppressed"] for cell in statistics["cells"])


def test_min_cell_is_configuration_and_must_be_at_least_one(embedded_demo, monkeypatch):
    monkeypatch.setenv("LIENTHONG_STATISTICS_MIN_CELL", "0")
    with pytest.raises(SettingsError, match=r"statistics.min_cell must be 1 or more"):
        load_settings(None, embedded_demo)
    monkeypatch.setenv("LIENTHONG_STATISTICS_MIN_CELL", "8")
    assert settings_for(embedded_demo).statistics_min_cell == 8


def test_a_city_wide_scan_costs_what_the_deployment_says(client, embedded_demo):
    officer = Officer(client, embedded_demo.parent, "noi_vu")
    assert "errors" not in officer.post("{ statistics(groupBy: [NATIONALITY]) { total } }")
    three = " ".join(f"s{i}: statistics(groupBy: [NATIONALITY]) {{ total }}" for i in range(3))
    answer = officer.post("{ " + three + " }")
    assert answer["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_each_question_is_audited_with_its_dimensions_not_its_workers(folder, capsys):
    sources = folder / "sources.yaml"
    with serving(sources) as client:
        answer = Officer(client, folder, "noi_vu").post(
            STATISTICS, g=["NATIONALITY", "PERMIT_STATUS"], f={"nationality": "KOR"}, at="2026-11-01"
        )
        assert "errors" not in answer
        Officer(client, folder, "tai_chinh", sector="manufacturing").post(STATISTICS, g=["WARD"])
    settings = settings_for(sources)
    log = AuditLog(settings.audit_url, settings.audit_key, settings.audit_checkpoints)
    asked, refused = [record for _, _, record in log.rows()]
    assert asked["statistics"] == [
        {
            "unit": "WORKERS",
            "groupBy": ["NATIONALITY", "PERMIT_STATUS"],
            "at": "2026-11-01",
            "from": None,
            "to": None,
            "filter": ["nationality"],
        }
    ]
    assert asked["persons"] == [] and asked["outcome"] == "OK"
    assert refused["outcome"] == "FORBIDDEN" and refused["statistics"][0]["groupBy"] == ["WARD"]
    assert main(["audit", "--sources", str(sources), "show", "--agency", "noi_vu"]) == 0
    assert "    counted: WORKERS by NATIONALITY × PERMIT_STATUS at 2026-11-01 filtered by nationality\n" in (
        capsys.readouterr().out
    )


# The demo's counts against the generator's ground truth.


def truth_records(ground_truth: dict) -> Iterator[tuple[dict, dict]]:
    for person in ground_truth["persons"]:
        for record in person["records"]:
            yield person, record


def test_workers_by_nationality_are_the_generators_persons(client, embedded_demo, ground_truth):
    """One worker per person, and one more for each seeded identity conflict: records that disagree
    on birth date are kept apart by design (docs/domain.md §6); so are one person's records that
    only a name and birth date tie (a possible match), until an officer decides."""
    nationality = {person["person"]: person["nationality"] for person in ground_truth["persons"]}
    expected = Counter((person["nationality"],) for person in ground_truth["persons"])
    for finding in ground_truth["discrepancies"]:
        if finding["kind"] == "IDENTITY_CONFLICT":
            expected.update((nationality[p],) for p in finding["persons"])
    for review in ground_truth["identity_reviews"]:
        if len(review["persons"]) == 1:
            expected.update((nationality[p],) for p in review["persons"])
    assert counted(ask(client, embedded_demo.parent, "noi_vu", g=["NATIONALITY"])) == dict(expected)


@pytest.mark.parametrize(
    ("agency", "unit", "entities"),
    [
        ("noi_vu", "WORK_PERMITS", {"WorkPermit"}),
        ("cong_an", "VISAS_AND_CARDS", {"Visa", "ResidenceCard"}),
        ("y_te", "HEALTH_CERTIFICATES", {"HealthCertificate"}),
    ],
)
def test_records_by_source_and_nationality_are_the_generators(
    client, embedded_demo, ground_truth, agency, unit, entities
):
    expected = Counter(
        (record["source"], person["nationality"])
        for person, record in truth_records(ground_truth)
        if record["entity"] in entities
    )
    grouped = ["ISSUER", "NATIONALITY"] if unit == "WORK_PERMITS" else ["NATIONALITY"]
    found = counted(ask(client, embedded_demo.parent, agency, g=grouped, u=unit))
    if unit != "WORK_PERMITS":  # else the issuer is the office whose register holds the permit
        by_nationality: Counter[tuple] = Counter()
        for (_, nationality), n in expected.items():
            by_nationality[(nationality,)] += n
        expected = by_nationality
    assert found == dict(expected)
