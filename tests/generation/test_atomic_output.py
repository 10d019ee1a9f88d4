"""The output folder changes all at once or not at all; `check` never writes.

These run the CLI in-process (`generator.cli.main`) so a failure can be injected in the
middle of a write with monkeypatch.
"""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Any, Callable

import pytest
from harness.cli import PROBLEM_LINE, copy_tree, run_cli, snapshot

import generator.cli as cli
import generator.write as write

from .test_broken_inputs import CONFIG, SPEC

S, C = "openapi.yaml", "config.yaml"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A generated folder for the inputs above, and the files a drifted spec renders to
    (rendering takes a second: tests that are about writing reuse these)."""
    work = tmp_path_factory.mktemp("rendered")
    (work / S).write_text(SPEC, encoding="utf-8")
    (work / C).write_text(CONFIG, encoding="utf-8")
    assert cli.main(["generate", "--spec", str(work / S), "--config", str(work / C), "--out", str(work / "out")]) == 0
    drift(work)
    return work / "out", cli.generate_files(work / S, work / C)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rendered: tuple[Path, dict[str, str]]) -> Path:
    """A folder with valid inputs and an output folder generated from them."""
    (tmp_path / S).write_text(SPEC, encoding="utf-8")
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    copy_tree(rendered[0], tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def drifted(monkeypatch: pytest.MonkeyPatch, rendered: tuple[Path, dict[str, str]]) -> None:
    """`generate` renders the drifted spec's files (without spending a second on it)."""
    monkeypatch.setattr(cli, "generate_files", lambda spec, config, warnings, strict=False: dict(rendered[1]))


def drift(project: Path) -> None:
    """Change the spec so the next generation writes different bytes."""
    text = (project / S).read_text(encoding="utf-8")
    (project / S).write_text(text.replace("title: Broken", "title: Changed"), encoding="utf-8")


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".out"))


def test_check_writes_nothing(project: Path, drifted: None, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project / "out")
    assert cli.main(["check", "--spec", S, "--config", C, "--out", "out"]) == 1
    out, err = capsys.readouterr()
    assert "--- a/out/" in out and "Changed" in out
    assert err.splitlines() == ["out is out of date: run `make generate`"]
    assert snapshot(project / "out") == before
    assert leftovers(project) == []


def test_check_does_not_create_a_missing_folder(project: Path, drifted: None) -> None:
    assert cli.main(["check", "--spec", S, "--config", C, "--out", "missing"]) == 1
    assert not (project / "missing").exists()


def test_check_in_a_subprocess_writes_nothing(project: Path) -> None:
    drift(project)
    before = snapshot(project / "out")
    result = run_cli(project, "check", "--spec", S, "--config", C, "--out", "out")
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/out/")
    assert snapshot(project / "out") == before


def _failing_open(after: int) -> Callable[..., Any]:
    calls = {"n": 0}

    def fake_open(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(28, "No space left on device")
        return builtins.open(*args, **kwargs)

    return fake_open


@pytest.mark.parametrize("after", [0, 2])
def test_a_failure_mid_write_leaves_the_folder_as_it_was(
    project: Path, drifted: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], after: int
) -> None:
    before = snapshot(project / "out")
    monkeypatch.setattr(write, "open", _failing_open(after), raising=False)
    assert cli.main(["generate", "--spec", S, "--config", C, "--out", "out"]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert all(PROBLEM_LINE.match(line) for line in err.splitlines())
    assert snapshot(project / "out") == before
    assert leftovers(project) == []


def test_an_interrupt_mid_write_leaves_the_folder_as_it_was(
    project: Path, drifted: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(project / "out")
    calls = {"n": 0}

    def interrupted_open(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return builtins.open(*args, **kwargs)

    monkeypatch.setattr(write, "open", interrupted_open, raising=False)
    assert cli.main(["generate", "--spec", S, "--config", C, "--out", "out"]) == cli.EXIT_INTERRUPTED
    assert "Traceback" not in capsys.readouterr().err
    assert snapshot(project / "out") == before
    assert leftovers(project) == []


def test_a_failed_swap_is_undone(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where folders cannot be exchanged atomically, the two-rename fallback puts the old
    folder back when the second rename fails."""
    before = snapshot(project / "out")
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real_replace = os.replace
    calls = {"n": 0}

    def flaky_replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # staging -> out, after out -> old
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", flaky_replace)
    with pytest.raises(KeyboardInterrupt):
        write.write_tree(project / "out", {"things_p/__init__.py": "# Generated by generator x\n"})
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert snapshot(project / "out") == before
    assert leftovers(project) == []


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_generate_swaps_the_new_folder_in(
    project: Path, drifted: None, rendered: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch, atomic: bool
) -> None:
    if not atomic:
        monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    (project / "out" / "things_p" / "stale.py").write_text("# Generated by generator old\n", encoding="utf-8")
    (project / "out" / "things_p" / "__pycache__").mkdir(exist_ok=True)
    assert cli.main(["generate", "--spec", S, "--config", C, "--out", "out"]) == 0
    assert write.existing_files(project / "out") == {k: v.encode() for k, v in rendered[1].items()}
    assert leftovers(project) == []


@pytest.mark.parametrize("command", ["generate", "check"])
def test_refuses_to_replace_a_folder_it_did_not_write(
    project: Path, drifted: None, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`check` says so too (exit 2, not a drift that `make generate` would then refuse)."""
    (project / "out" / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(project / "out")
    assert cli.main([command, "--spec", S, "--config", C, "--out", "out"]) == 2
    captured = capsys.readouterr()
    assert "notes.txt" in captured.err and all(PROBLEM_LINE.match(line) for line in captured.err.splitlines())
    assert captured.out == ""
    assert snapshot(project / "out") == before


def test_an_internal_error_is_one_line_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A generator bug triggered by some input: exit 2, one FILE:1:1 line that says it is an
    internal error (the traceback only with GENERATOR_TRACEBACK=1), nothing written."""
    before = snapshot(project / "out")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise AttributeError("'NoneType' object has no attribute 'fields'")

    monkeypatch.setattr(cli, "generate_files", broken)
    monkeypatch.delenv(cli.TRACEBACK_ENV, raising=False)
    assert cli.main(["generate", "--spec", S, "--config", C, "--out", "out"]) == 2
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert line.startswith(f"{S}:1:1: internal error: AttributeError")
    assert "Traceback" not in err
    assert snapshot(project / "out") == before

    monkeypatch.setenv(cli.TRACEBACK_ENV, "1")
    assert cli.main(["generate", "--spec", S, "--config", C, "--out", "out"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_recursion_error_is_reported_as_input_problem(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def too_deep(*args: Any, **kwargs: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(cli, "generate_files", too_deep)
    assert cli.main(["generate", "--spec", S, "--config", C, "--out", "out"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{S}:1:1: ") and "nested too deeply" in line
