"""Fixtures: ``server`` (the glorot at GLOROT_URL) and ``proxy`` (a connection-cutting proxy in front of it).

Tests that need a server are skipped, saying so, when GLOROT_URL is unset, unless GLOROT_TESTS_STRICT=1 (as
in CI), which makes a missing server or torch a failure, so that CI never passes with tests that did not run.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "testing"))

from cutting_proxy import CuttingProxy  # noqa: E402

STRICT = os.environ.get("GLOROT_TESTS_STRICT") == "1"


@pytest.fixture(scope="session")
def server() -> str:
    url = os.environ.get("GLOROT_URL", "").rstrip("/")
    if not url:
        (pytest.fail if STRICT else pytest.skip)("needs a running glorot: set GLOROT_URL, e.g. GLOROT_URL=http://127.0.0.1:8080")
    return url


@pytest.fixture
def fetch(server: str):
    def get(path: str) -> bytes:
        with urllib.request.urlopen(server + path, timeout=60) as response:
            return response.read()
    return get


@pytest.fixture
def proxy(server: str) -> Iterator[CuttingProxy]:
    host, _, port = server.split("//", 1)[1].rpartition(":")
    running = CuttingProxy((host, int(port))).start()
    yield running
    running.stop()


