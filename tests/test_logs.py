"""Logs: readable text on a terminal, JSON lines when configured or read by a machine, and every line
of a request tagged with its request id."""

import io
import json
import logging
import re
import sqlite3
import sys

import pytest
from serving import serving

from graph.demo_keys import demo_token
from graph.logs import configure
from graph.settings import load_settings

TEXT_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO lienthong.test: indexed 2 workers")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def logs(monkeypatch):
    """Configure logging as `lienthong serve` does, onto a stream the test reads; put pytest's back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level

    def configured(stream: io.StringIO, log_format: str) -> io.StringIO:
        monkeypatch.setattr(sys, "stderr", stream)
        configure(log_format)
        return stream

    yield configured
    root.handlers[:] = handlers
    root.setLevel(level)


def test_logs_are_text_for_a_person_unless_json_is_configured_and_json_for_a_machine(
    folder, logs, monkeypatch
):
    def logged(stream: io.StringIO, configured: str | None) -> str:
        if configured:
            monkeypatch.setenv("LIENTHONG_LOG_FORMAT", configured)
        out = logs(stream, load_settings(None, folder / "sources.yaml").log_format)
        logging.getLogger("lienthong.test").info("indexed %d workers", 2)
        return out.getvalue().strip()

    assert TEXT_LINE.fullmatch(logged(Terminal(), None))
    assert json.loads(logged(io.StringIO(), None))["message"] == "indexed 2 workers"
    assert json.loads(logged(Terminal(), "json"))["message"] == "indexed 2 workers"
    assert TEXT_LINE.fullmatch(logged(io.StringIO(), "text"))


def test_every_line_logged_while_serving_a_request_carries_its_id(folder, logs):
    out = logs(io.StringIO(), "json")
    with serving(folder / "sources.yaml") as client:
        with sqlite3.connect(folder / "noi_vu.sqlite") as database:
            database.execute("DROP TABLE gp")  # the permit source fails: the request logs why
        client.post(
            "/graphql",
            json={"query": '{ worker(passportNumber: "M1234567") { workPermits { permitNumber } } }'},
            headers={"Authorization": f"Bearer {demo_token(folder, 'noi_vu')}", "X-Request-Id": "case-9"},
        )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    of_request = [(line["logger"], line["message"].split(":")[0]) for line in lines if "requestId" in line]
    assert of_request == [
        ("lienthong.sources", "source noi_vu DATA_ERROR"),
        ("lienthong.http", "graphql request"),
    ]
    assert {line["requestId"] for line in lines if "requestId" in line} == {"case-9"}


def test_a_request_line_reads_as_text_with_its_id(folder, logs):
    out = logs(Terminal(), "auto")
    with serving(folder / "sources.yaml") as client:
        client.post("/graphql", json={"query": "{ __typename }"}, headers={"X-Request-Id": "case-7"})
    (line,) = [line for line in out.getvalue().splitlines() if "graphql request" in line]
    assert line.endswith(
        "INFO lienthong.http [case-7]: graphql request sub=None agency=None outcome=UNAUTHENTICATED status=401"
    )
