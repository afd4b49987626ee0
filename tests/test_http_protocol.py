"""GraphQL over HTTP, limits, persisted queries and rate limits, as a frontend's tooling meets them."""

import asyncio
import hashlib
import json
import threading
import time
from collections import OrderedDict
from pathlib import Path

import pytest
import redis
import redis.asyncio
from graphql import (
    GraphQLSchema,
    build_client_schema,
    build_schema,
    get_introspection_query,
    lexicographic_sort_schema,
    print_schema,
)
from serving import serving
from test_audit import records

from demo.keys import demo_token
from graph.access.viewer import Viewer
from graph.api.documents import DOCUMENTS
from graph.web.limits import ABSENT, TOTALS, Limits, TooComplex, check
from graph.web.persisted import PersistedQueries
from graph.web.ratelimit import SharedRateLimiter

ROOT = Path(__file__).resolve().parent.parent
LOOKUP = '{ worker(passportNumber: "M1234567") { fullName } }'
RESPONSE = "application/graphql-response+json"


@pytest.fixture
def client(folder: Path):
    with serving(folder / "sources.yaml") as client:
        client.headers["Authorization"] = f"Bearer {demo_token(folder, 'noi_vu')}"
        yield client


def post(client, body, accept: str | None = RESPONSE, **headers):
    if accept:
        headers["Accept"] = accept
    return client.post("/graphql", json=body, headers=headers)


def test_graphql_response_media_type_is_used_when_accepted(client):
    response = post(client, {"query": LOOKUP})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(RESPONSE)
    assert response.json()["data"]["worker"]["fullName"] == "KIM JI-HOON"


def test_parse_and_validation_errors_are_400_without_data(client):
    for query in ("{ worker(", "{ worker(passportNumber: 1) { nope } }"):
        response = post(client, {"query": query})
        assert response.status_code == 400, query
        assert "data" not in response.json()


def test_legacy_json_clients_get_200_for_the_same_errors(client):
    response = post(client, {"query": "{ worker(passportNumber: 1) { nope } }"}, accept="application/json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "data" not in response.json()


@pytest.mark.parametrize(
    ("body", "status", "message", "column"),
    [
        (
            {"query": '{ worker(passportNumber: "x") { fullNam } }'},
            400,
            "Cannot query field 'fullNam' on type 'Worker'.",
            33,
        ),
        (
            {"query": '{ workers(filter: {nam: "x"}) { nodes { id } } }'},
            400,
            "Expected value of type 'WorkerFilter' not to include unknown field 'nam'. Found: { nam: \"x\" }.",
            20,
        ),
        (
            {
                "query": "query($f: WorkerFilter) { workers(filter: $f) { nodes { id } } }",
                "variables": {"f": {"nam": "x"}},
            },
            200,
            (
                "Variable '$f' has invalid value: Expected value of type 'WorkerFilter' not to include unknown"
                " field 'nam'. Found: {'nam': 'x'}."
            ),
            7,
        ),
        (
            {"query": "{ discrepancies(kind: WORK_STATUS_WITHOUT_PERMT) { unchecked } }"},
            400,
            "Value 'WORK_STATUS_WITHOUT_PERMT' does not exist in 'DiscrepancyKind' enum.",
            23,
        ),
        (
            {
                "query": "query($k: [DiscrepancyKind!]) { discrepancies(kind: $k) { unchecked } }",
                "variables": {"k": ["WORK_STATUS_WITHOUT_PERMT"]},
            },
            200,
            (
                "Variable '$k' has invalid value at [0]: Value 'WORK_STATUS_WITHOUT_PERMT' does not exist in"
                " 'DiscrepancyKind' enum."
            ),
            7,
        ),
    ],
)
def test_misspelt_names_get_no_suggestion_of_the_real_ones(client, body, status, message, column):
    """With the code of each (README "Error codes"): a document that does not fit the schema, or
    variables that do not fit their types."""
    response = post(client, body)
    code = "BAD_USER_INPUT" if status == 200 else "GRAPHQL_VALIDATION_FAILED"
    errors = [
        {"message": message, "locations": [{"line": 1, "column": column}], "extensions": {"code": code}}
    ]
    assert response.status_code == status
    assert response.json() == ({"data": None, "errors": errors} if status == 200 else {"errors": errors})


UNRESOLVED = "OPERATION_RESOLUTION_FAILURE"
TWO_OPERATIONS = 'query A { __typename } query B { worker(passportNumber: "M1234567") { fullName } }'


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        (
            {"query": LOOKUP, "operationName": "Nope"},
            "the document holds no operation named 'Nope'",
            UNRESOLVED,
        ),
        ({"query": LOOKUP, "operationName": ""}, "the document holds no operation named ''", UNRESOLVED),
        (
            {"query": TWO_OPERATIONS},
            "the document holds 2 operations: name the one to run in 'operationName'",
            UNRESOLVED,
        ),
        ({"documentId": ["workerName"]}, "'documentId' must be a string", "BAD_REQUEST"),
        ({"documentId": {"id": "workerName"}}, "'documentId' must be a string", "BAD_REQUEST"),
    ],
)
def test_a_request_naming_no_runnable_operation_is_a_recorded_400(client, folder, body, message, code):
    response = post(client, body)
    assert response.status_code == 400
    assert response.headers["content-type"] == RESPONSE
    assert response.json() == {"errors": [{"message": message, "extensions": {"code": code}}]}
    (record,) = records(folder)
    assert (record["agency"], record["outcome"], record["status"]) == ("noi_vu", code, 400)


PRIVATE = {"cache-control": "no-store", "vary": "Accept, Authorization, Cookie, X-Purpose"}


def caching(response) -> dict[str, str]:
    return {name: response.headers.get(name) for name in PRIVATE}


def test_no_answer_may_be_kept_by_a_cache_refusals_included(client):
    answer = post(client, {"query": LOOKUP})
    anonymous = post(client, {"query": LOOKUP}, Authorization="")
    unacceptable = post(client, {"query": LOOKUP}, accept="text/csv")
    listing = client.get("/exchange/noi_vu/2026-10.csv")
    assert (answer.status_code, caching(answer)) == (200, PRIVATE)
    assert answer.json() == LOOKUP_ANSWER
    assert (anonymous.status_code, caching(anonymous)) == (401, PRIVATE)
    assert anonymous.json() == {
        "errors": [
            {
                "message": "Authentication failed: send Authorization: Bearer <token>",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }
    assert (unacceptable.status_code, caching(unacceptable)) == (406, PRIVATE)
    assert unacceptable.json() == {
        "errors": [
            {
                "message": f"accept {RESPONSE} or application/json",
                "extensions": {"code": "NOT_ACCEPTABLE"},
            }
        ]
    }
    assert (listing.status_code, caching(listing)) == (200, PRIVATE)
    assert listing.headers["content-type"] == "text/csv; charset=utf-8"


def test_the_graphiql_page_is_kept_by_no_cache_and_varies_by_accept(client):
    page = client.get("/graphql", headers={"Accept": "text/html", "Authorization": ""})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert (page.headers["cache-control"], page.headers["vary"]) == ("no-store", "Accept")


def test_an_unacceptable_media_type_is_406(client):
    assert post(client, {"query": LOOKUP}, accept="text/csv").status_code == 406


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        ("application/graphql-response+json, application/json", RESPONSE),
        ("application/json, */*", "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("application/graphql-response+json;q=0, application/json", "application/json"),
        ("application/json;q=0.9, application/graphql-response+json;q=0.5", "application/json"),
        ("application/json;q=0.5, application/graphql-response+json", RESPONSE),
        ("application/graphql-response+json;q=0.5, */*", "application/json"),
        ("*/*;q=0.1, application/json;q=0", RESPONSE),
        ("Application/JSON", "application/json"),
        ("application/graphql-response+json;q=0", None),
        ("application/json;q=0, application/graphql-response+json;q=0", None),
    ],
)
def test_accept_q_values_decide_the_media_type(client, accept, answered):
    response = post(client, {"query": LOOKUP}, accept=accept)
    if answered is None:
        assert response.status_code == 406
    else:
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == answered


@pytest.mark.parametrize("accept", [RESPONSE, "application/json"])
@pytest.mark.parametrize("body", [{}, {"variables": {}}, {"operationName": "A"}, {"query": None}])
def test_a_request_naming_no_document_is_400_whatever_the_media_type(client, body, accept):
    response = post(client, body, accept=accept)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "send 'query', 'documentId' or a persistedQuery hash",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }


def test_a_get_naming_no_document_is_400(client):
    assert client.get("/graphql", headers={"Accept": "application/json"}).status_code == 400


def test_a_non_json_body_is_415(client):
    response = client.post("/graphql", content=LOOKUP, headers={"Content-Type": "application/graphql"})
    assert response.status_code == 415


def test_queries_over_get_are_refused_unless_persisted(client):
    response = client.get("/graphql", params={"query": LOOKUP}, headers={"Accept": RESPONSE})
    assert response.status_code == 405


def test_batches_are_off_unless_configured(client):
    response = client.post(
        "/graphql", json=[{"query": LOOKUP}, {"query": LOOKUP}], headers={"Accept": RESPONSE}
    )
    assert response.status_code == 400
    assert "batched" in response.json()["errors"][0]["message"]


def test_batches_when_enabled(folder, monkeypatch):
    monkeypatch.setenv("LIENTHONG_LIMITS_BATCH", "true")
    with serving(folder / "sources.yaml") as client:
        headers = {"Authorization": f"Bearer {demo_token(folder, 'noi_vu')}"}
        response = client.post(
            "/graphql", json=[{"query": LOOKUP}, {"query": "{ workers { nodes { id } } }"}], headers=headers
        )
    assert response.status_code == 200
    first, second = response.json()
    assert first["data"]["worker"]["fullName"] == "KIM JI-HOON"
    assert len(second["data"]["workers"]["nodes"]) == 2


AT_DEPTH_12 = (
    '{ worker(passportNumber: "M1234567") { employer { workers(first: 1) { nodes { employer { workers(first: 1)'
    " { nodes { employer { workers(first: 1) { nodes { employer { %s } } } } } } } } } } } }"
)


def aliases(count: int) -> str:
    return "{ " + " ".join(f"a{i}: workers(first: 1) {{ nodes {{ id }} }}" for i in range(count)) + " }"


@pytest.mark.parametrize(
    ("query", "allowed"),
    [
        (AT_DEPTH_12 % "name", True),
        (AT_DEPTH_12 % "contractorDeclarations { quarter }", False),
        (aliases(30), True),
        (aliases(31), False),
        # cost = 1 + 1000 × (nodes + employer + workers) + 1000 × n × (nodes + id) = 3001 + 2000 n
        ("{ workers(first: 1000) { nodes { employer { workers(first: 98) { nodes { id } } } } } }", True),
        ("{ workers(first: 1000) { nodes { employer { workers(first: 99) { nodes { id } } } } } }", False),
        # an absent `first` is the schema's 50, a scan adds the configured 100,000, a finding's workers
        # are estimated as 50 too: cost = 1 + 100,000 + 50 × (1 + 1 + 50 × (1 + 1 + 2 k)) = 105,101 + 5000 k
        (
            "{ discrepancies { nodes { workers { employer { workers(first: 18) { nodes { id } } } } } } }",
            True,
        ),
        (
            "{ discrepancies { nodes { workers { employer { workers(first: 19) { nodes { id } } } } } } }",
            False,
        ),
        ("{ " + "__typename " * 4998 + "}", True),  # 5,000 tokens with the braces
        ("{ " + "__typename " * 4999 + "}", False),
    ],
)
def test_limits_at_and_past_their_bounds(client, query, allowed):
    response = post(client, {"query": query})
    codes = {e.get("extensions", {}).get("code") for e in response.json().get("errors", [])}
    assert ("QUERY_TOO_COMPLEX" not in codes) is allowed, response.text
    if not allowed:
        assert response.status_code == 400 and "data" not in response.json()


def test_cost_multiplies_by_first_given_in_a_variable(client):
    query = "query($n: Int) { workers(first: $n) { nodes { employer { workers(first: 1000) { nodes { id } } } } } }"
    # cost = 1 + 3 n + 2000 n
    assert post(client, {"query": query, "variables": {"n": 99}}).status_code == 200
    assert post(client, {"query": query, "variables": {"n": 100}}).status_code == 400


def test_a_kept_documents_remembered_totals_follow_the_first_it_is_given():
    """The totals of a kept document are remembered per value of the variables the walk read: a
    value refused once is refused again, one allowed stays allowed, and absent is the default."""
    query = "query($n: Int) { workers(first: $n) { nodes { employer { workers(first: 1000) { nodes { id } } } } } }"
    outcomes = []
    for variables in ({"n": 99}, {"n": 99}, {"n": 100}, {"n": 99}, {"n": 100}, {}, {"n": [1]}):
        try:
            check(query, None, variables, Limits())
            outcomes.append("allowed")
        except TooComplex:
            outcomes.append("refused")
    assert outcomes == ["allowed", "allowed", "refused", "allowed", "refused", "allowed", "allowed"]
    totals = TOTALS[DOCUMENTS.get(query)]
    assert {values for _, values in totals.found} == {(99,), (100,), (ABSENT,)}


def test_token_and_body_size_limits(client, monkeypatch):
    long_query = "{ " + "__typename " * 6000 + "}"
    assert (
        post(client, {"query": long_query}).json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    )
    padded = post(client, {"query": f"#{'x' * 100_000}\n{LOOKUP}"})
    assert (padded.status_code, padded.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "the query is longer than 100,000 bytes",
                    "extensions": {"code": "QUERY_TOO_COMPLEX"},
                }
            ]
        },
    )
    huge = {"query": LOOKUP, "variables": {"pad": "x" * 1_100_000}}
    response = post(client, huge)
    assert response.status_code == 413


def test_introspection_for_officers_and_switchable(folder, monkeypatch):
    query = "{ __schema { queryType { name } } }"
    with serving(folder / "sources.yaml") as client:
        client.headers["Authorization"] = f"Bearer {demo_token(folder, 'noi_vu')}"
        assert post(client, {"query": query}).json()["data"]["__schema"]["queryType"]["name"] == "Query"
        assert post(client, {"query": query}, Authorization="").status_code == 401
    monkeypatch.setenv("LIENTHONG_LIMITS_INTROSPECTION", "false")
    with serving(folder / "sources.yaml") as client:
        client.headers["Authorization"] = f"Bearer {demo_token(folder, 'noi_vu')}"
        assert post(client, {"query": query}).status_code == 400


STANDARD_INTROSPECTION = get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
    schema_description=True,
    input_value_deprecation=True,
    one_of=True,
)
"""graphql-core's standard query, every option on: graphql-js's getIntrospectionQuery, 15 levels deep."""


def sorted_sdl(schema: GraphQLSchema) -> str:
    return print_schema(lexicographic_sort_schema(schema))


def test_standard_introspection_gives_back_schema_graphql_under_any_data_limit(folder, monkeypatch):
    """The same schema for every officer, whatever the data's depth limit; as schema.graphql says,
    without the subgraph's @key directive or _FieldSet scalar (and whole: a type reference deeper
    than the query's nine `ofType`s would not build)."""
    monkeypatch.setenv("LIENTHONG_LIMITS_MAX_DEPTH", "5")
    answers = []
    with serving(folder / "sources.yaml") as client:
        for agency, claims in (("noi_vu", {}), ("y_te", {}), ("ubnd_xa", {"ward": "Phường Láng"})):
            headers = {"Authorization": f"Bearer {demo_token(folder, agency, **claims)}"}
            response = post(client, {"query": STANDARD_INTROSPECTION}, **headers)
            assert response.status_code == 200, response.text
            answers.append(response.json())
    assert answers[0] == answers[1] == answers[2]
    assert "errors" not in answers[0]
    contract = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert sorted_sdl(build_client_schema(answers[0]["data"])) == sorted_sdl(build_schema(contract))


def nested(fields: str, count: int, leaf: str = "name") -> str:
    return f"{fields} {{ " * count + leaf + " }" * count


def worker_type(of_types: int) -> str:
    """`__type` then four levels, then `ofType`s and a name: 6 + of_types levels in all."""
    return (
        '{ __type(name: "Worker") { fields { type { fields { type { '
        + nested("ofType", of_types)
        + " } } } } } }"
    )


LISTS_3_DEEP = (
    "the introspection nests lists of types (fields, inputFields, interfaces, possibleTypes) 3 deep;"
    " the limit is 2"
)


@pytest.mark.parametrize(
    ("query", "refusal"),
    [
        (worker_type(9), None),
        (
            worker_type(10),
            "the introspection nests 16 levels deep; the limit is 15",
        ),
        ("{ __schema { types { fields { type { fields { type { name } } } } } } }", None),
        ("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }", LISTS_3_DEEP),
        (
            (
                "{ __schema { types { ...T } } } fragment T on __Type { possibleTypes { ...U } }"
                " fragment U on __Type { interfaces { inputFields { name } } }"
            ),
            LISTS_3_DEEP,
        ),
        (
            "{ a: __schema { ...S } b: __schema { ...S } } fragment S on __Schema { types { name } }",
            "the query reads __schema more than once; once tells all",
        ),
    ],
)
def test_introspection_is_bounded_by_its_own_limits(client, query, refusal):
    response = post(client, {"query": query})
    if refusal is None:
        assert (response.status_code, response.json().get("errors")) == (200, None), response.text
    else:
        assert (response.status_code, response.json()) == (
            400,
            {"errors": [{"message": refusal, "extensions": {"code": "QUERY_TOO_COMPLEX"}}]},
        )


def test_automatic_persisted_queries(client):
    digest = hashlib.sha256(LOOKUP.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    unknown = post(client, {"extensions": extensions})
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert post(client, {"query": LOOKUP, "extensions": extensions}).status_code == 200
    assert post(client, {"extensions": extensions}).json()["data"]["worker"]["fullName"] == "KIM JI-HOON"
    forged = {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}
    assert post(client, {"query": LOOKUP, "extensions": forged}).status_code == 400


NOT_FOUND = {
    "errors": [{"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}]
}
LOOKUP_ANSWER = {"data": {"worker": {"fullName": "KIM JI-HOON"}}}


def test_a_hash_one_officer_registered_is_unknown_to_every_other(client, folder):
    digest = hashlib.sha256(LOOKUP.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    assert post(client, {"query": LOOKUP, "extensions": extensions}).status_code == 200
    colleague = f"Bearer {demo_token(folder, 'noi_vu', sub='another-officer')}"
    probe = post(client, {"extensions": extensions}, Authorization=colleague)
    assert (probe.status_code, probe.json()) == (400, NOT_FOUND)
    own = post(client, {"extensions": extensions})
    assert (own.status_code, own.json()) == (200, LOOKUP_ANSWER)


def test_a_get_carrying_a_query_registers_nothing_for_a_later_get(client):
    digest = hashlib.sha256(LOOKUP.encode()).hexdigest()
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    headers = {"Accept": RESPONSE}
    planted = client.get("/graphql", params={"query": LOOKUP, "extensions": extensions}, headers=headers)
    assert (planted.status_code, planted.json()) == (
        405,
        {
            "errors": [
                {
                    "message": "GET is only for persisted operations: POST the query",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        },
    )
    later = client.get("/graphql", params={"extensions": extensions}, headers=headers)
    assert (later.status_code, later.json()) == (400, NOT_FOUND)


def test_registered_operations_only_for_configured_agencies(folder, monkeypatch):
    allow_list = folder / "operations.yaml"
    allow_list.write_text(f"workerName: '{LOOKUP}'\n", encoding="utf-8")
    monkeypatch.setenv("LIENTHONG_PERSISTED_QUERIES_FILE", str(allow_list))
    monkeypatch.setenv("LIENTHONG_PERSISTED_QUERIES_REQUIRED_FOR", "[{agency: y_te}]")
    with serving(folder / "sources.yaml") as client:
        health = {"Authorization": f"Bearer {demo_token(folder, 'y_te')}", "Accept": RESPONSE}
        by_id = client.get("/graphql", params={"documentId": "workerName"}, headers=health)
        assert by_id.status_code == 200 and by_id.json()["data"]["worker"]["fullName"] == "KIM JI-HOON"
        other = client.post("/graphql", json={"query": "{ workers { nodes { id } } }"}, headers=health)
        assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_REQUIRED"
        registered_text = client.post("/graphql", json={"query": LOOKUP}, headers=health)
        assert registered_text.status_code == 200
        permits = {"Authorization": f"Bearer {demo_token(folder, 'noi_vu')}", "Accept": RESPONSE}
        free = client.post("/graphql", json={"query": "{ workers { nodes { id } } }"}, headers=permits)
        assert free.status_code == 200


def fresh_minute() -> None:
    """Limits count per clock minute: start a test of them well inside one."""
    if time.time() % 60 > 55:
        time.sleep(61 - time.time() % 60)


def test_rate_limit_on_requests(folder, monkeypatch):
    monkeypatch.setenv("LIENTHONG_RATE_LIMITS_REQUESTS_PER_MINUTE", "3")
    fresh_minute()
    with serving(folder / "sources.yaml") as client:
        client.headers["Authorization"] = f"Bearer {demo_token(folder, 'noi_vu')}"
        statuses = [post(client, {"query": LOOKUP}).status_code for _ in range(4)]
        refused = post(client, {"query": LOOKUP})
    assert statuses == [200, 200, 200, 429]
    assert refused.json() == {
        "errors": [{"message": "Too many requests: slow down", "extensions": {"code": "RATE_LIMITED"}}]
    }
    assert "Retry-After" in refused.headers
    assert caching(refused) == PRIVATE


def test_rate_limit_on_distinct_workers_looked_up(folder, monkeypatch):
    monkeypatch.setenv("LIENTHONG_RATE_LIMITS_PERSONS_PER_MINUTE", "1")
    fresh_minute()
    with serving(folder / "sources.yaml") as client:
        client.headers["Authorization"] = f"Bearer {demo_token(folder, 'noi_vu')}"
        assert post(client, {"query": LOOKUP}).status_code == 200
        assert post(client, {"query": LOOKUP}).status_code == 200  # the same worker again
        harvest = post(client, {"query": "{ workers { nodes { fullName } } }"})
    assert harvest.status_code == 429
    assert "data" not in harvest.json()


def test_processes_sharing_redis_share_one_rate_limit(folder, monkeypatch, redis_url):
    monkeypatch.setenv("LIENTHONG_CACHE_URL", redis_url)
    monkeypatch.setenv("LIENTHONG_RATE_LIMITS_REQUESTS_PER_MINUTE", "3")
    redis.Redis.from_url(redis_url).flushdb()
    fresh_minute()
    with serving(folder / "sources.yaml") as first, serving(folder / "sources.yaml") as second:
        headers = {
            "Authorization": f"Bearer {demo_token(folder, 'noi_vu', sub='shared-officer')}",
            "Accept": RESPONSE,
        }
        statuses = [
            client.post("/graphql", json={"query": LOOKUP}, headers=headers).status_code
            for client in (first, second, first, second)
        ]
    assert statuses == [200, 200, 200, 429]


def test_deployments_sharing_a_redis_count_their_limits_apart(folder, monkeypatch, redis_url):
    """Another deployment (another secret) on the same Redis neither uses up nor sees this one's counts."""
    monkeypatch.setenv("LIENTHONG_CACHE_URL", redis_url)
    monkeypatch.setenv("LIENTHONG_RATE_LIMITS_REQUESTS_PER_MINUTE", "2")
    redis.Redis.from_url(redis_url).flushdb()
    fresh_minute()
    statuses = []
    for secret in ("deployment-one", "deployment-two"):
        monkeypatch.setenv("LIENTHONG_SECRET", secret)
        with serving(folder / "sources.yaml") as client:
            headers = {
                "Authorization": f"Bearer {demo_token(folder, 'noi_vu', sub='shared-officer')}",
                "Accept": RESPONSE,
            }
            statuses += [
                client.post("/graphql", json={"query": LOOKUP}, headers=headers).status_code for _ in range(3)
            ]
    assert statuses == [200, 200, 429, 200, 200, 429]


def test_a_page_of_many_workers_is_counted_whole_in_redis(redis_url):
    """Thousands of workers in one request are all counted (Lua's unpack takes a few thousand at most)."""
    redis.Redis.from_url(redis_url).flushdb()

    async def twice() -> tuple[float | None, float | None, bool]:
        limiter = SharedRateLimiter(redis.asyncio.Redis.from_url(redis_url), "test", 100, 12_000)
        first = await limiter.touch("officer", {f"w{i}" for i in range(10_000)})
        second = await limiter.touch("officer", {f"w{i}" for i in range(9_000, 12_001)})
        return first, second, limiter.outage.ongoing

    first, second, failed = asyncio.run(twice())
    assert (first, failed) == (None, False)
    assert second is not None, "12,001 distinct workers are over a limit of 12,000"


def test_a_fault_of_ours_is_a_recorded_500_with_no_data(client, folder):
    """Whatever breaks after authentication (here the index cannot be refreshed), the officer gets a
    clean answer naming the request, and the audit trail has the request."""

    async def broken() -> None:
        raise RuntimeError("disk on fire")

    client.app.state.service.index.refresh = broken
    answers = [post(client, {"query": LOOKUP}), client.get("/exchange/noi_vu/2026-10.csv")]
    stored = records(folder)
    assert len(stored) == 2
    for response, record in zip(answers, stored, strict=True):
        assert response.status_code == 500
        assert caching(response) == PRIVATE
        assert response.json() == {
            "errors": [
                {
                    "message": f"Internal error; the request is recorded as {record['requestId']}",
                    "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                }
            ]
        }
        assert (record["agency"], record["outcome"], record["status"]) == (
            "noi_vu",
            "INTERNAL_SERVER_ERROR",
            500,
        )
        assert response.headers["x-request-id"] == record["requestId"]


TOO_COSTLY = {
    "errors": [
        {
            "message": "the query would resolve more than 200,000 fields",
            "extensions": {"code": "QUERY_TOO_COMPLEX"},
        }
    ]
}


def doubling(levels: int) -> str:
    """A document of fragments each spreading the one before twice: 2^levels fields expanded."""
    fragments = ["fragment F0 on Worker { fullName }"]
    fragments += [f"fragment F{i} on Worker {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    operation = f'{{ worker(passportNumber: "M1234567") {{ ...F{levels} }} }}'
    return "\n".join([operation, *fragments])


def test_fragments_spreading_each_other_are_refused_without_being_expanded(client):
    """2^40 fields in 1.7 KB: expanded one by one, the check would run for days on the event loop.
    5 s is a generous bound for a check that is linear in the document (a few ms)."""
    attack = doubling(40)
    refusals: list[str] = []
    checking = threading.Thread(target=lambda: refusals.append(refusal(attack)), daemon=True)
    checking.start()
    checking.join(timeout=5)
    assert refusals == ["the query would resolve more than 200,000 fields"]
    response = post(client, {"query": attack})
    assert (response.status_code, response.json()) == (400, TOO_COSTLY)
    assert post(client, {"query": LOOKUP}).json() == LOOKUP_ANSWER


def refusal(query: str) -> str | None:
    try:
        check(query, None, None, Limits())
    except TooComplex as error:
        return str(error)
    return None


def test_first_left_to_a_variables_default_costs_what_will_run(client, folder):
    """The executor runs `first: $n` with the default when no value is sent: 1000 × 1000 here."""
    query = (
        "query($n: Int = 1000) { workers(first: $n) { nodes { employer { workers(first: $n)"
        " { nodes { id } } } } } }"
    )
    # cost = 1 + 3 n + 2 n², with n = 1000
    response = post(client, {"query": query})
    assert (response.status_code, response.json()) == (400, TOO_COSTLY)
    assert (records(folder)[-1]["outcome"], records(folder)[-1]["sources"]) == ("QUERY_TOO_COMPLEX", {})
    assert post(client, {"query": query, "variables": {"n": 1}}).status_code == 200


@pytest.mark.parametrize(
    ("scan", "cost"),
    [
        # one per field, plus the configured scan cost (1,000 here)
        ("discrepancies(first: 1) { nodes { kind } }", 1 + 1000 + 2),
        ('exchangeList(agency: "noi_vu", month: "2026-10") { month }', 1 + 1000 + 1),
        # a page asked to sort, count or filter reads its whole scope: one scan, whatever `first` is
        ("workers(first: 1, orderBy: {field: NATIONALITY}) { nodes { id } }", 1 + 1000 + 2),
        ("workers(first: 1) { totalCount }", 1 + 1000 + 1),
        ("workers(first: 1, orderBy: {field: NATIONALITY}) { totalCount }", 1 + 1000 + 1),  # not two
        ('workers(first: 1, filter: {nationality: "KOR"}) { nodes { id } }', 1 + 1000 + 2),
        ('employers(first: 1, filter: {name: "xây dựng"}) { nodes { taxCode } }', 1 + 1000 + 2),
        ('employer(taxCode: "0101234567") { workers(first: 1) { totalCount } }', 1 + 1 + 1000 + 1),
    ],
)
def test_whole_city_scans_cost_what_they_read_and_aliases_add_up(folder, monkeypatch, scan, cost):
    """A scan costs the configured `scan_cost`, never a count of the index: otherwise probing the
    refusal threshold would tell any viewer how many workers the city holds, hidden ones included.
    The mini sources hold 2 workers and the costs below have no term for them."""
    monkeypatch.setenv("LIENTHONG_LIMITS_SCAN_COST", "1000")
    monkeypatch.setenv("LIENTHONG_LIMITS_MAX_COST", str(3 * cost - 1))
    with serving(folder / "sources.yaml") as client:
        client.headers["Authorization"] = f"Bearer {demo_token(folder, 'noi_vu')}"
        two = post(client, {"query": f"{{ a: {scan} b: {scan} }}"})
        three = post(client, {"query": f"{{ a: {scan} b: {scan} c: {scan} }}"})
    assert "QUERY_TOO_COMPLEX" not in two.text
    assert (three.status_code, three.json()) == (
        400,
        {
            "errors": [
                {
                    "message": f"the query would resolve more than {3 * cost - 1:,} fields",
                    "extensions": {"code": "QUERY_TOO_COMPLEX"},
                }
            ]
        },
    )
    refused = records(folder)[-1]
    assert (refused["outcome"], refused["sources"], refused["persons"]) == ("QUERY_TOO_COMPLEX", {}, [])


SORTED = "query($order: WorkerOrder) { workers(first: 1, orderBy: $order) { nodes { id } } }"
SORTED_BY_DEFAULT = SORTED.replace("$order: WorkerOrder", "$order: WorkerOrder = {field: NATIONALITY}")
COUNTED = "{ workers(first: 1) { ...Counted } } fragment Counted on WorkerConnection { totalCount }"
FILTERED = "query($filter: EmployerFilter) { employers(first: 1, filter: $filter) { nodes { taxCode } } }"
NATIONALITY = {"field": "NATIONALITY"}


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        (SORTED, {}, 3),
        (SORTED, {"order": None}, 3),
        (SORTED, {"order": NATIONALITY}, 1003),
        (SORTED_BY_DEFAULT, {}, 1003),
        (SORTED_BY_DEFAULT, {"order": None}, 3),
        (COUNTED, {}, 1002),
        (FILTERED, {}, 3),
        (FILTERED, {"filter": {"kind": "FDI_ENTERPRISE"}}, 1003),
        ("{ workers(first: 1000, filter: null) { nodes { id } } }", {}, 2001),
        ("{ workers(first: 1000, orderBy: {field: NATIONALITY}) { nodes { id } } }", {}, 3001),
    ],
)
def test_a_page_that_reads_its_whole_scope_costs_one_scan(query, variables, cost):
    """Sorting, counting or filtering a page reads every worker (or employer) in scope, however
    small the page: it costs `scan_cost` (1,000 here), as the arguments' values say, not `first`."""
    assert check(query, None, variables, Limits(scan_cost=1000, max_cost=cost))
    with pytest.raises(TooComplex):
        check(query, None, variables, Limits(scan_cost=1000, max_cost=cost - 1))


def test_a_kept_document_is_charged_a_scan_only_for_the_orders_it_is_given():
    """The remembered totals of a kept document follow `orderBy`'s value as they follow `first`."""
    limits = Limits(scan_cost=1000, max_cost=1002)
    outcomes = []
    for variables in ({}, {"order": NATIONALITY}, {"order": None}, {"order": NATIONALITY}, {}):
        try:
            check(SORTED, None, variables, limits)
            outcomes.append("allowed")
        except TooComplex:
            outcomes.append("refused")
    assert outcomes == ["allowed", "refused", "allowed", "refused", "allowed"]


def test_a_sorted_or_counted_page_is_a_scan_and_two_scans_are_refused_under_the_defaults(client, folder):
    """With the default limits a request holds one scan: a count beside a statistic is two."""
    count = "workers(first: 1) { totalCount }"
    statistic = "statistics(groupBy: [NATIONALITY], unit: WORKERS) { total }"
    assert "errors" not in post(client, {"query": f"{{ {count} }}"}).json()
    response = post(client, {"query": f"{{ {count} {statistic} }}"})
    assert (response.status_code, response.json()) == (400, TOO_COSTLY)
    refused = records(folder)[-1]
    assert (refused["outcome"], refused["sources"]) == ("QUERY_TOO_COMPLEX", {})


def test_refused_documents_take_no_room_in_any_cache(client, monkeypatch):
    """Distinct large documents refused by the limits are neither kept parsed nor registered."""
    monkeypatch.setattr(DOCUMENTS, "entries", OrderedDict())
    monkeypatch.setattr(DOCUMENTS, "weight", 0)
    for i in range(20):
        attack = f"# {i} {'x' * 90_000}\n{doubling(40)}"
        persisted = {
            "persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(attack.encode()).hexdigest()}
        }
        assert post(client, {"query": attack, "extensions": persisted}).json() == TOO_COSTLY
        assert post(client, {"extensions": persisted}).json() == NOT_FOUND
    assert (DOCUMENTS.entries, DOCUMENTS.weight) == ({}, 0)
    assert client.app.state.service.persisted.registered == {}


def test_documents_kept_stay_within_their_bytes(client, monkeypatch):
    """Each document weighs its 50,057 bytes of text and 400 bytes for each of its 14 tokens: 55,657,
    so 28 fit in 1.6 MB, the most recent."""
    monkeypatch.setattr(DOCUMENTS, "entries", OrderedDict())
    monkeypatch.setattr(DOCUMENTS, "weight", 0)
    monkeypatch.setattr(DOCUMENTS, "max_bytes", 1_600_000)
    queries = [f"# {i} {'x' * 50_000}\n{LOOKUP}" for i in range(10, 50)]
    for query in queries:
        assert post(client, {"query": query}).json() == LOOKUP_ANSWER
    assert list(DOCUMENTS.entries) == queries[-28:]
    assert DOCUMENTS.weight == 28 * 55_657


def test_remembered_hashes_stay_within_their_bytes():
    registry = PersistedQueries(max_bytes=250_000)
    viewer = Viewer(sub="officer", agency="noi_vu", role="officer")
    queries = [f"# {i} {'x' * 100_000}\n{LOOKUP}" for i in range(5)]
    for query in queries:
        digest = hashlib.sha256(query.encode()).hexdigest()
        registry.register({"query": query, "extensions": {"persistedQuery": {"sha256Hash": digest}}}, viewer)
    assert list(registry.registered.values()) == queries[-2:]
    assert registry.size == 2 * 100_056
