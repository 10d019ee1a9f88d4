"""`with_raw_response`: one wrapper line per method, exactly typed, capture kept to the call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any, Callable

import openai_runs_dataclass as pkg
import pytest
from harness.server import RUN
from openai_runs_dataclass import _client, _raw_response
from openai_runs_dataclass._response import APIResponse

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"


class Body:
    """What APIResponse reads of an HTTP response."""

    status_code = 200
    headers: dict[str, str] = {}

    def __init__(self, content: bytes) -> None:
        self.content = content


class StubClient:
    """Stands in for the client: `_request` answers with `RUN` (after `gate`, when set)."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.calls: list[str] = []

    def _request(self, method: str, path: str, *, parse: Callable[[bytes], Any], **options: Any) -> Any:
        self.calls.append(f"{method} {path}")
        if self.gate is not None:
            assert self.gate.wait(10)
        return APIResponse(Body(json.dumps(RUN).encode()), parse)  # type: ignore[arg-type]


def runs(client: StubClient) -> Any:
    return _client.BetaThreadsRuns(client)  # type: ignore[arg-type]


def test_the_raw_twin_returns_the_response_unparsed_and_sends_the_same_request() -> None:
    client = StubClient()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        raw = runs(client).with_raw_response.cancel("run 1", thread_id="t")
        parsed = runs(client).cancel("run 1", thread_id="t")
    assert isinstance(raw, APIResponse)
    assert client.calls == ["POST /threads/t/runs/run%201/cancel"] * 2
    assert raw.parse().to_dict() == parsed.to_dict() == RUN
    assert not _raw_response.capturing()


def test_capture_ends_with_the_call_even_when_it_raises() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ValueError, match="run_id"):
            runs(StubClient()).with_raw_response.cancel("..", thread_id="t")
    assert not _raw_response.capturing()


def test_capture_is_per_thread() -> None:
    """A raw call waiting for its response does not turn another thread's call raw."""
    gate = threading.Event()
    results: list[Any] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        waiting = threading.Thread(
            target=lambda: results.append(runs(StubClient(gate)).with_raw_response.cancel("r", thread_id="t"))
        )
        waiting.start()
        try:
            parsed = runs(StubClient()).cancel("r", thread_id="t")
        finally:
            gate.set()
            waiting.join(10)
    assert isinstance(parsed, pkg.Run)
    assert len(results) == 1 and isinstance(results[0], APIResponse)


USAGE = """
import openai_runs
import openai_runs_dataclass
from openai_runs._response import APIResponse


def typed(client: openai_runs.OpenAI, stdlib: openai_runs_dataclass.OpenAI) -> str:
    raw: APIResponse[openai_runs.Run] = client.beta.threads.runs.with_raw_response.cancel(
        "run_1", thread_id="t", timeout=None
    )
    other = stdlib.beta.threads.runs.with_raw_response.cancel("run_1", thread_id="t")
    return raw.parse().id + other.parse().id


async def typed_async(client: openai_runs.AsyncOpenAI) -> str:
    raw = await client.beta.threads.runs.with_raw_response.cancel("run_1", thread_id="t")
    return raw.parse().id


def wrong(client: openai_runs.OpenAI) -> None:
    client.beta.threads.runs.with_raw_response.cancel("run_1", thread="t")  # WRONG
"""


def test_the_twins_are_typed_with_the_methods_parameters(tmp_path: Path) -> None:
    """mypy --strict and pyright --strict read the raw twin's exact parameters and result: the
    typed uses pass, the wrong keyword is an error for both (and pyright sees it deprecated)."""
    usage = tmp_path / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    wrong_line = next(i for i, line in enumerate(USAGE.splitlines(), 1) if "# WRONG" in line)
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(usage)],
        capture_output=True,
        text=True,
        cwd=GENERATED,
        env={**os.environ, "MYPYPATH": str(GENERATED)},
    )
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert errors and all(f"usage.py:{wrong_line}:" in line for line in errors), mypy.stdout
    pyright = ROOT / "node_modules" / ".bin" / "pyright"
    if not pyright.exists():
        pytest.skip("node_modules/.bin/pyright is missing (npm ci installs it)")
    (tmp_path / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "extraPaths": [str(GENERATED)]}), encoding="utf-8"
    )
    result = subprocess.run(
        [str(pyright), "-p", str(tmp_path / "pyrightconfig.json"), "--pythonpath", sys.executable, "--outputjson"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    found = json.loads(result.stdout)["generalDiagnostics"]
    in_usage = [d for d in found if d["file"].endswith("usage.py")]
    rules = {(d["range"]["start"]["line"] + 1, d.get("rule")) for d in in_usage}
    assert (wrong_line, "reportCallIssue") in rules, in_usage
    deprecated = {line for line, rule in rules if rule == "reportDeprecated"}
    assert len(deprecated) == 4, in_usage  # each raw call: the twin of a deprecated method
    assert {rule for _, rule in rules} == {"reportCallIssue", "reportDeprecated"}, in_usage
