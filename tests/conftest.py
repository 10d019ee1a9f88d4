"""Fixtures every suite may use. (sys.path is set once, by `pythonpath` in pyproject.toml.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness.server import ScriptedServer


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """The scripted HTTP server on 127.0.0.1, started for the test and stopped after it."""
    scripted = ScriptedServer().start()
    yield scripted
    scripted.stop()
