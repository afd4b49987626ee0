"""A regular install serves: the wheel, installed without -e in a fresh venv where the checkout is
not importable, starts on a sources file and answers with the policies it ships (graph.policies)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import mini
import pytest

from demo.keys import demo_token, ensure_demo_keys

ROOT = Path(__file__).resolve().parent.parent
LEFT_OUT = shutil.ignore_patterns(".*", "tests", "bench", "demo-data", "build", "*.egg-info", "__pycache__")
QUERY = '{ worker(passportNumber: "M1234567") { nationality workPermits { permitNumber } } }'


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel (built from a copy of the checkout, which stays clean) and the
    locked dependencies; returns its bin folder."""
    place = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, place / "source", ignore=LEFT_OUT)
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", "wheels", place / "source", cwd=place)
    (wheel,) = (place / "wheels").glob("lienthong-*.whl")
    run(sys.executable, "-m", "venv", "venv", cwd=place)
    pip = place / "venv" / "bin" / "pip"
    run(pip, "install", "-q", "--no-compile", "-c", ROOT / "constraints.txt", wheel, cwd=place)
    return place / "venv" / "bin"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_installed_package_is_the_one_imported(installed: Path, tmp_path: Path):
    where = run(installed / "python", "-c", "import graph.policies as p; print(p.__file__)", cwd=tmp_path)
    assert Path(where.strip()).is_relative_to(installed.parent / "lib")


def test_the_installed_server_serves_with_its_shipped_policies(installed: Path, tmp_path: Path):
    sources = mini.build(tmp_path)
    ensure_demo_keys(tmp_path)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"LIENTHONG_OPS_PORT": ""}
    command = [installed / "lienthong", "serve", "--sources", sources, "--port", str(port)]
    log = tmp_path / "server.log"
    server = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=log.open("w"))
    try:

        def ask(agency: str) -> dict:
            headers = {"Authorization": f"Bearer {demo_token(tmp_path, agency)}"}
            url = f"http://127.0.0.1:{port}/graphql"
            return httpx.post(url, json={"query": QUERY}, headers=headers, timeout=10).json()

        deadline = time.monotonic() + 60
        while True:
            try:
                permits = ask("noi_vu")
                break
            except httpx.TransportError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the installed server did not start within 60 s"
                time.sleep(0.3)
        health = ask("y_te")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert permits["data"] == {"worker": {"nationality": "KOR", "workPermits": [{"permitNumber": "GP1"}]}}
    assert "errors" not in permits
    assert health["data"] == {"worker": {"nationality": "KOR", "workPermits": [{"permitNumber": None}]}}
    assert {e["extensions"]["code"] for e in health["errors"]} == {"FORBIDDEN"}
