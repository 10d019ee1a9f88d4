"""`diff` between two editions of OpenAI's own document (2024-11 -> the vendored one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
EDITIONS = sorted(ROOT.glob("tests/**/openai-openapi-2024-11-*.runs.yaml"))
CURRENT = ROOT / "spec" / "upstream" / "openai-runs.openapi.yaml"
CONFIG = ROOT / "spec" / "upstream" / "config.yaml"


@pytest.fixture
def edition() -> Path:
    assert EDITIONS, "the 2024-11 edition of OpenAI's document is missing from tests/"
    return EDITIONS[0]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """spec/upstream/config.yaml without its `stream:` lines: the 2024-11 edition has no stream
    event schemas (both sides are built under the same config)."""
    lines = CONFIG.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "config.yaml"
    path.write_text("".join(line for line in lines if not line.lstrip().startswith("stream:")), encoding="utf-8")
    return path


def diff(base: Path, spec: Path, config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["diff", "--base", str(base), "--spec", str(spec), "--config", str(config)])
    return code, capsys.readouterr().out


def sections(out: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in out.split("\n\n")[1:]:
        title, *lines = block.strip().splitlines()
        found[title.split(" ")[0]] = [line.removeprefix("- ") for line in lines]
    return found


def test_upstream_forward(edition: Path, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = diff(edition, CURRENT, config, capsys)
    groups = sections(out)
    assert code == 1
    # `metadata` became Metadata (string values): callers that sent other values break,
    # readers of runs get narrower values
    assert "client.beta.threads.runs.create(metadata{}): type changed: Any -> str" in groups["Breaking"]
    assert "Run.metadata{}: type changed: Any -> str" in groups["Compatible"]
    assert (
        "client.beta.threads.runs.create(reasoning_effort): optional argument added" in groups["Compatible"]
    )
    assert any(
        line.startswith("client.beta.threads.runs.create(model): enum values 'gpt-5'")
        for line in groups["Compatible"]
    )


def test_upstream_backward(edition: Path, config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = diff(CURRENT, edition, config, capsys)
    groups = sections(out)
    assert code == 1
    assert "client.beta.threads.runs.create(reasoning_effort): argument removed" in groups["Breaking"]
    assert "Metadata: type alias removed (imports of it fail)" in groups["Breaking"]
    assert "Run.metadata{}: type changed: str -> Any" in groups["Breaking"]
    assert "client.beta.threads.runs.create(metadata{}): type changed: str -> Any" in groups["Compatible"]
