"""The one CLI runner: `python -m generator` in a subprocess, and what invalid input must
look like.

The contract for invalid input: exit 2, one `FILE:LINE:COL: message` line per problem on
stderr, nothing resembling a traceback, and the output folder byte-for-byte as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional

from .paths import ROOT

PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: .+$")


def run_cli(
    cwd: Path, *args: str, env: Optional[Dict[str, str]] = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` run in `cwd` (the generator importable from ROOT),
    without GENERATOR_TRACEBACK unless `env` sets it."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    full_env.pop("GENERATOR_TRACEBACK", None)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )


def tree(folder: Path) -> Dict[str, bytes]:
    """Every file under `folder` (no __pycache__) by relative path: its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def snapshot(folder: Path) -> dict[str, tuple[str, bytes, int]]:
    """Every entry under `folder` (and the folder's siblings, where temporary folders would
    be left behind): kind, bytes, modification time."""
    out: dict[str, tuple[str, bytes, int]] = {}
    for path in sorted(folder.parent.iterdir()):
        out["../" + path.name] = ("dir" if path.is_dir() else "file", b"", 0)
    if not folder.exists():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        stat = path.stat()
        if path.is_dir():
            out[rel] = ("dir", b"", stat.st_mtime_ns)
        else:
            out[rel] = ("file", path.read_bytes(), stat.st_mtime_ns)
    return out


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"), copy_function=shutil.copy2)


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stderr.splitlines()


def assert_invalid_input(
    result: subprocess.CompletedProcess[str], where: Optional[str] = None, message: str = ""
) -> None:
    """Exit 2, well-formed problem lines only, and (when given) one line at `where`
    (`FILE:LINE:COL`) whose message contains `message` (case-insensitive)."""
    detail = f"exit {result.returncode}\nstderr:\n{result.stderr}\nstdout:\n{result.stdout}"
    assert result.returncode == 2, detail
    lines = problems(result)
    assert lines, detail
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, detail
    for line in lines:
        assert PROBLEM_LINE.match(line), f"not a FILE:LINE:COL line: {line!r}\n{detail}"
    if where is not None:
        at = [line for line in lines if line.startswith(where + ": ")]
        assert at, f"no problem reported at {where}\n{detail}"
        assert any(message.lower() in line.lower() for line in at), (
            f"no problem at {where} mentions {message!r}\n{detail}"
        )
