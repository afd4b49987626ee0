"""The schema as a federation subgraph: _service and _entities, through the same gate, scope and audit."""

import json
import subprocess
from pathlib import Path

import mini
import pytest
from programs import require
from serving import Officer, serving, settings_for

from graph.audit import AuditLog

COMPOSITION = Path(__file__).parent / "composition"
"""compose.mjs and the npm packages it runs, pinned by package-lock.json."""
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Worker { fullName workPermits { permitNumber salary } } ... on Employer { name } } }"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    path = mini.build(tmp_path)
    (tmp_path / "lienthong.yaml").write_text("federation: true\n", encoding="utf-8")
    return path


def worker_id(officer: Officer) -> str:
    return officer.post('{ worker(passportNumber: "M1234567") { id } }')["data"]["worker"]["id"]


def test_the_subgraph_declares_its_entities_and_keys(sources):
    with serving(sources) as client:
        sdl = Officer(client, sources.parent, "noi_vu").post("{ _service { sdl } }")["data"]["_service"][
            "sdl"
        ]
    assert 'type Worker @key(fields: "id")' in sdl
    assert 'type Employer @key(fields: "taxCode")' in sdl
    assert "specs.apollo.dev/federation/v2" in sdl


@pytest.fixture(scope="session")
def composers() -> Path:
    """tests/composition with its packages installed from the committed lock (`npm ci`), again
    whenever the lock is newer than the installation."""
    require("node")
    npm = require("npm")
    installed = COMPOSITION / "node_modules" / ".package-lock.json"
    lock = COMPOSITION / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=COMPOSITION,
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"npm ci failed in {COMPOSITION}:\n{done.stderr}"
    return COMPOSITION


def test_the_subgraph_composes_with_apollo_and_the_guild(sources, composers, tmp_path):
    """What a gateway reads (`_service { sdl }`) composes into a supergraph with both composers:
    Apollo's (Apollo Router, Gateway) and The Guild's (Hive Gateway)."""
    with serving(sources) as client:
        sdl = Officer(client, sources.parent, "noi_vu").post("{ _service { sdl } }")["data"]["_service"][
            "sdl"
        ]
    subgraph = tmp_path / "subgraph.graphql"
    subgraph.write_text(sdl, encoding="utf-8")
    composed = subprocess.run(
        [require("node"), "compose.mjs", str(subgraph)],
        cwd=composers,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert composed.returncode == 0, composed.stderr
    assert json.loads(composed.stdout) == {"Apollo": [], "The Guild": []}


def test_entities_resolve_through_the_same_policies(sources):
    with serving(sources) as client:
        permits = Officer(client, sources.parent, "noi_vu")
        police = Officer(client, sources.parent, "cong_an")
        references = [
            {"__typename": "Worker", "id": worker_id(permits)},
            {"__typename": "Employer", "taxCode": "0101234567"},
            {"__typename": "Worker", "id": "Wnot-a-worker"},
        ]
        seen_by_permits = permits.post(ENTITIES, r=references)
        seen_by_police = police.post(ENTITIES, r=references)
    worker, employer, missing = seen_by_permits["data"]["_entities"]
    assert worker == {
        "fullName": "KIM JI-HOON",
        "workPermits": [{"permitNumber": "GP1", "salary": 25_000_000}],
    }
    assert employer == {"name": "Công ty TNHH ABC"}
    assert missing is None
    assert seen_by_police["data"]["_entities"][0]["workPermits"] == [{"permitNumber": "GP1", "salary": None}]
    (error,) = seen_by_police["errors"]
    assert error["path"] == ["_entities", 0, "workPermits", 0, "salary"]
    assert error["extensions"]["code"] == "FORBIDDEN"


def test_an_entity_outside_the_row_scope_is_null_like_one_that_does_not_exist(sources):
    with serving(sources) as client:
        known = worker_id(Officer(client, sources.parent, "noi_vu"))
        ward = Officer(client, sources.parent, "ubnd_xa", ward="Phường Láng")
        result = ward.post(
            ENTITIES, r=[{"__typename": "Worker", "id": known}, {"__typename": "Worker", "id": "Wnope"}]
        )
    assert result["data"]["_entities"] == [None, None]
    assert "errors" not in result


def test_entity_lookups_are_audited_with_the_workers_they_touched(sources):
    with serving(sources) as client:
        officer = Officer(client, sources.parent, "noi_vu")
        officer.post(ENTITIES, r=[{"__typename": "Worker", "id": worker_id(officer)}])
    settings = settings_for(sources)
    *_, (_, _, record) = AuditLog.open(settings).rows()
    assert len(record["persons"]) == 1 and record["fields"]["WorkPermit.salary"] == "allow"


def test_the_plain_schema_has_no_federation_fields(tmp_path):
    sources = mini.build(tmp_path)
    with serving(sources) as client:
        result = Officer(client, tmp_path, "noi_vu").post("{ _service { sdl } }")
    assert "data" not in result
