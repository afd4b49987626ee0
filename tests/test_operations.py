"""Operating the server: health, readiness per source, metrics, JSON logs, settings."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import httpx
import mini
import pytest
from ports import free_ports
from serving import Officer, ops, readiness, serving

from demo.keys import demo_token, ensure_demo_keys
from graph.cli import main
from graph.web.logs import JsonFormatter
from graph.web.settings import SettingsError, load_settings


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return mini.build(tmp_path)


def test_readiness_waits_for_the_main_listener(sources):
    """The index built and the audit store answering, a process whose main listener has not bound
    yet is starting, not ready: a balancer would send requests to a closed port."""
    with serving(sources) as client:
        listener = ops(client)
        listener.app.state.listening = lambda: False
        starting = listener.get("/readyz")
        listener.app.state.listening = lambda: True
        ready = listener.get("/readyz")
    assert (starting.status_code, starting.json()["status"]) == (503, "starting")
    assert (ready.status_code, ready.json()["status"]) == (200, "ready")


def test_health_and_readiness(sources):
    with serving(sources) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        assert ops(client).get("/healthz").json() == {"status": "ok"}
        ready = ops(client).get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready" and body["workers"] == 2
    assert body["stores"] == {
        "audit": "OK",
        "worklist": "OK",
        "identityDecisions": "OK",
        "deliveryLog": "OK",
        "consoleSessions": "OK",
    }
    assert body["sources"]["noi_vu"] == {
        "agency": "noi_vu",
        "status": "OK",
        "breaker": "closed",
        "indexed": True,
    }


def test_readiness_names_the_source_that_is_down_and_nothing_about_it(sources):
    text = sources.read_text(encoding="utf-8").replace("{here}/noi_vu.sqlite", "{here}/gone/noi_vu.sqlite", 1)
    sources.write_text(text, encoding="utf-8")
    with serving(sources) as client:
        ready = ops(client).get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["sources"]["noi_vu"]["indexed"] is False
    assert body["sources"]["noi_vu"]["status"] == "UNAVAILABLE"
    assert body["sources"]["cong_an"]["status"] == "OK"
    assert "gone" not in ready.text


def test_readiness_names_a_store_that_cannot_be_reached_and_still_serves(sources):
    """The work list's store gone: the process serves (its queries do not need it) but says which
    store is missing, so an operator sees it before an officer's mutation fails."""
    (sources.parent / "lienthong.yaml").write_text(
        f"worklist: {{url: 'sqlite:///{sources.parent}/gone/worklist.sqlite'}}\n", encoding="utf-8"
    )
    with serving(sources) as client:
        ready = ops(client).get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["stores"] == {
        "audit": "OK",
        "worklist": "UNAVAILABLE",
        "identityDecisions": "OK",
        "deliveryLog": "OK",
        "consoleSessions": "OK",
    }
    assert "gone" not in ready.text


def test_metrics_count_requests_sources_cache_and_denials(sources):
    with serving(sources) as client:
        Officer(client, sources.parent, "cong_an").post(
            '{ worker(passportNumber: "M1234567") { workPermits { salary } } }'
        )
        text = ops(client).get("/metrics").text
    assert 'lienthong_requests_total{outcome="FORBIDDEN"} 1.0' in text
    assert 'lienthong_source_calls_total{source="noi_vu",status="OK"}' in text
    assert "lienthong_source_seconds_bucket" in text
    assert "lienthong_request_seconds_bucket" in text
    assert 'lienthong_policy_denials_total{agency="cong_an",verdict="deny"} 1.0' in text
    assert 'lienthong_cache_records{result="miss"}' in text


@pytest.mark.parametrize("path", ["/metrics", "/readyz"])
def test_the_main_listener_tells_an_officer_nothing_of_operations(sources, path):
    with serving(sources) as client:
        response = client.get(path, headers={"Authorization": f"Bearer {demo_token(sources.parent, 'y_te')}"})
    assert (response.status_code, response.text) == (404, "Not Found")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_serve_runs_the_ops_listener_beside_the_main_one(sources):
    main_port, ops_port = free_ports(2)
    ensure_demo_keys(sources.parent)
    command = [
        sys.executable,
        "-m",
        "graph.cli",
        "serve",
        "--sources",
        str(sources),
        "--port",
        str(main_port),
    ]
    environment = {**os.environ, "LIENTHONG_OPS_PORT": str(ops_port)}
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = readiness(ops_port)
        main, ops_url = f"http://127.0.0.1:{main_port}", f"http://127.0.0.1:{ops_port}"
        assert (ready.status_code, ready.json()["status"]) == (200, "ready")
        assert httpx.get(f"{main}/healthz").json() == {"status": "ok"}
        assert httpx.get(f"{ops_url}/healthz").json() == {"status": "ok"}
        assert [httpx.get(f"{main}{path}").status_code for path in ("/metrics", "/readyz")] == [404, 404]
        assert "lienthong_requests_total" in httpx.get(f"{ops_url}/metrics").text
    finally:
        process.terminate()
        process.wait(timeout=20)
    for port in (main_port, ops_port):
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://127.0.0.1:{port}/healthz")


def test_the_ops_listener_is_configured_or_switched_off(sources, monkeypatch):
    assert (load_settings(None, sources).ops_host, load_settings(None, sources).ops_port) == (
        "127.0.0.1",
        9100,
    )
    monkeypatch.setenv("LIENTHONG_OPS_PORT", "null")
    assert load_settings(None, sources).ops_port is None


def test_logs_are_json_lines_with_the_request_id():
    record = logging.LogRecord("lienthong.http", logging.INFO, "", 0, "graphql request", None, None)
    record.requestId = "r-1"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "graphql request" and entry["requestId"] == "r-1" and entry["level"] == "INFO"


def test_every_response_carries_its_request_id(sources):
    with serving(sources) as client:
        response = client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": "case-7"}
        )
    assert response.headers["x-request-id"] == "case-7"


def test_a_config_file_with_environment_overrides(tmp_path, sources, monkeypatch):
    config = tmp_path / "lienthong.yaml"
    config.write_text(
        "sources: sources.yaml\naudit: {url: 'sqlite:///a.sqlite'}\nlimits: {max_depth: 7}\ncache: {url: 'memory://'}\n"
    )
    monkeypatch.setenv("LIENTHONG_LIMITS_MAX_DEPTH", "9")
    settings = load_settings(config, None)
    assert settings.sources == tmp_path / "sources.yaml"
    assert settings.audit_url == "sqlite:///a.sqlite"
    assert settings.limits.max_depth == 9


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("limits: {max_dept: 7}\n", "unknown setting 'max_dept'"),
        ("cache: {url: 'memcached://x'}\n", "cache url"),
    ],
)
def test_a_wrong_setting_is_named(tmp_path, sources, text, message):
    config = tmp_path / "lienthong.yaml"
    config.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load_settings(config, sources)


def test_config_command_lists_every_variable(capsys):
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    for name in (
        "LIENTHONG_AUTH_JWKS_URL",
        "LIENTHONG_AUDIT_URL",
        "LIENTHONG_CACHE_URL",
        "LIENTHONG_LIMITS_MAX_COST",
    ):
        assert name in out
