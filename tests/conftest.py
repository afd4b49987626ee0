"""The demo data, generated once per test session (small, deterministic) for the tests that use it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import mini

os.environ.setdefault("LIENTHONG_SECRET", "tests-only-secret")
"""A fixed key: worker ids, and so the order of pages, are the same in every run."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding the mini sources (tests/mini.py) and nothing else yet."""
    mini.build(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def demo_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from demo.generate import generate

    return generate(tmp_path_factory.mktemp("demo"), workers=400)


@pytest.fixture(scope="session")
def ground_truth(demo_sources: Path) -> dict:
    return json.loads((demo_sources.parent / "ground_truth.json").read_text(encoding="utf-8"))
