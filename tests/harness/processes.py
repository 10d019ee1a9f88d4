"""Generated packages used from another process: code run with a folder importable (on
another interpreter, or isolated from site-packages), and mypy --strict. Standard library
only: the runtime suites use it on every supported Python."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Dict, Optional, Union

from .paths import ROOT


def run_python(
    code: str, path: Path, *, python: Union[str, Path] = sys.executable, isolated: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `code` (dedented) in a subprocess of `python`, in `path` and with `path` first on
    its sys.path; `isolated`: with -I -S (no site-packages, no environment)."""
    prelude = f"import sys\nsys.path.insert(0, {str(path)!r})\n"
    flags = ["-I", "-S"] if isolated else []
    return subprocess.run(
        [str(python), *flags, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True, cwd=path
    )


def mypy_strict(
    *args: Union[str, Path],
    python: Union[str, Path] = sys.executable,
    python_version: Optional[str] = None,
    cwd: Path = ROOT,
    mypypath: Optional[Path] = None,
) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` of `python`'s environment over `args` (paths, or `-p PACKAGE`), no
    cache, run in `cwd`."""
    command = [str(python), "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull]
    if python_version:
        command += ["--python-version", python_version]
    env: Dict[str, str] = {**os.environ, **({"MYPYPATH": str(mypypath)} if mypypath else {})}
    return subprocess.run(
        command + [str(a) for a in args], capture_output=True, text=True, cwd=cwd, env=env
    )
