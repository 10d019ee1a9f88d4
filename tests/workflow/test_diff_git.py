"""`diff --base REV`: the base is the spec file at a git revision; and the command as a process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from .inputs import CONFIG, SPEC, edit

ROOT = Path(__file__).resolve().parents[2]
WITHOUT_TITLE = edit(SPEC, "        title: {type: string}\n", "")


def git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git checkout whose spec/openapi.yaml is SPEC at HEAD."""
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    (repo / "spec" / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    (repo / "spec" / "config.yaml").write_text(CONFIG, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "spec")
    git(repo, "commit", "-q", "-m", "first")
    return repo


def run(repo: Path, base: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["diff", "--base", base, "--spec", "spec/openapi.yaml", "--config", "spec/config.yaml"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_base_at_head_against_the_working_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    (repo / "spec" / "openapi.yaml").write_text(WITHOUT_TITLE, encoding="utf-8")
    code, out, err = run(repo, "HEAD", capsys)
    assert (code, err) == (1, "")
    assert out.startswith("API changes from HEAD:spec/openapi.yaml to spec/openapi.yaml: 1 breaking")
    assert "- Thing.title: field removed\n" in out


def test_base_at_an_earlier_commit(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "spec" / "openapi.yaml").write_text(WITHOUT_TITLE, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "drop title")
    monkeypatch.chdir(repo / "spec")  # a revision of the spec file, wherever the command runs
    code = main(["diff", "--base", "HEAD~1", "--spec", "openapi.yaml", "--config", "config.yaml"])
    out = capsys.readouterr().out
    assert code == 1 and out.startswith(
        "API changes from HEAD~1:openapi.yaml to openapi.yaml: 1 breaking"
    ), out
    assert "- Thing.title: field removed\n" in out
    monkeypatch.chdir(repo)  # REV:PATH names the file itself (PATH from the top of the checkout)
    code, out, _ = run(repo, "HEAD~1:spec/openapi.yaml", capsys)
    assert code == 1 and "- Thing.title: field removed\n" in out, out
    assert run(repo, "HEAD", capsys)[:2] == (
        0,
        "No change to the generated API from HEAD:spec/openapi.yaml to spec/openapi.yaml.\n",
    )


def test_invalid_document_at_the_revision_is_positioned_there(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = edit(SPEC, "count: {type: integer}", "count: {$ref: '#/nowhere'}")
    (repo / "spec" / "openapi.yaml").write_text(broken, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "spec" / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    monkeypatch.chdir(repo)
    code, out, err = run(repo, "HEAD", capsys)
    assert (code, out) == (2, "")
    line = SPEC.splitlines().index("        count: {type: integer}") + 1
    assert re.match(rf"HEAD:spec/openapi\.yaml:{line}:\d+: ", err), err


def test_unknown_revision_is_exit_2(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    code, out, err = run(repo, "no-such-rev", capsys)
    assert (code, out) == (2, "")
    assert err.startswith("no-such-rev:1:1: no such file, and not a git revision of spec/openapi.yaml")
    assert len(err.splitlines()) == 1


def test_invalid_new_spec_as_a_process_prints_positions_and_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "openapi.yaml").write_text(SPEC.replace("info: {", "info: {{"), encoding="utf-8")
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["diff", "--base", "base.yaml", "--spec", "openapi.yaml", "--config", "config.yaml"]
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert re.fullmatch(r"(openapi\.yaml:\d+:\d+: [^\n]+\n)+", done.stderr), done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.yaml", "config.yaml", "openapi.yaml"]


def test_a_base_that_looks_like_an_option_never_reaches_git(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    code = main(
        ["diff", "--base=--output=written.txt", "--spec", "spec/openapi.yaml", "--config", "spec/config.yaml"]
    )
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == "--output=written.txt:1:1: no such file, and not a git revision\n"
    assert not (repo / "written.txt").exists() and not (repo / "spec" / "written.txt").exists()
