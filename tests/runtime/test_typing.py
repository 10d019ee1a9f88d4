"""mypy --strict over the generated packages and over code that uses them.

Runs under every interpreter `make test` uses (3.9, the current one, 3.13), so each checks
the packages for its own Python version.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

from harness.paths import GENERATED
from harness.processes import mypy_strict

USAGE = '''
from typing import List, Optional
import openai_runs
import openai_runs_dataclass

def use_pydantic(data: bytes) -> Optional[str]:
    run = openai_runs.Run.from_json(data)
    ids: List[str] = [run.id, run.thread_id]
    created: int = run.created_at
    if isinstance(run.response_format, openai_runs.ResponseFormatJSONSchema):
        return run.response_format.json_schema.name
    return run.instructions

def use_dataclass(data: bytes) -> Optional[int]:
    run = openai_runs_dataclass.Run.from_json(data)
    tool = run.tools[0]
    if isinstance(tool, openai_runs_dataclass.FileSearchTool) and tool.file_search is not None:
        return tool.file_search.max_num_results
    return run.usage.total_tokens if run.usage is not None else None
'''


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    """mypy --strict of this interpreter, with the committed packages importable."""
    return mypy_strict(*args, cwd=GENERATED, mypypath=GENERATED)


def test_generated_packages_pass_mypy_strict() -> None:
    result = mypy("-p", "openai_runs", "-p", "openai_runs_dataclass")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_using_the_packages_passes_mypy_strict(tmp_path: Path) -> None:
    usage = tmp_path / "usage.py"
    usage.write_text(textwrap.dedent(USAGE))
    result = mypy(str(usage))
    assert result.returncode == 0, result.stdout + result.stderr
