"""What the clients promise beyond behaviour: the dataclass package imports only the
standard library, and type checkers see the deprecated method as deprecated."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest
from harness.paths import GENERATED
from harness.processes import mypy_strict, run_python

STDLIB_PACKAGE = GENERATED / "openai_runs_dataclass"


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Top-level names of absolute imports, leaving out `if TYPE_CHECKING:` blocks (and the
    `elif TYPE_CHECKING:` arm of a version check)."""
    found: list[str] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import):
                found.extend(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append(node.module.split(".")[0])
            elif isinstance(node, ast.If):
                if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.Try, ast.FunctionDef, ast.ClassDef, ast.With)):
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)

    visit(tree.body)
    return found


@pytest.mark.skipif(sys.version_info < (3, 10), reason="sys.stdlib_module_names is 3.10+")
def test_the_dataclass_package_imports_only_the_standard_library() -> None:
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    for path in sorted(STDLIB_PACKAGE.glob("*.py")):
        outside = set(_runtime_imports(ast.parse(path.read_text(encoding="utf-8")))) - stdlib
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_the_dataclass_client_works_without_site_packages(tmp_path: Path) -> None:
    """Run it with -I -S (no site-packages at all): import, build a client, hit the
    path-segment check, see the deprecation."""
    script = textwrap.dedent("""
        import sys, warnings
        import openai_runs_dataclass as pkg
        client = pkg.OpenAI(api_key="k", base_url="http://127.0.0.1:9")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                client.beta.threads.runs.cancel("..", thread_id="t")
            except ValueError:
                pass
            else:
                raise SystemExit("no ValueError")
        assert [w.category for w in caught] == [DeprecationWarning], caught
        client.close()
        bad = sorted(m for m in ("pydantic", "typing_extensions", "httpx2") if m in sys.modules)
        assert not bad, bad
        print("ok")
        """)
    result = run_python(script, GENERATED, isolated=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


USAGE = """
from typing import List
import openai_runs
import openai_runs_dataclass


def sync_call() -> str:
    client = openai_runs.OpenAI(api_key="k")
    run = client.beta.threads.runs.cancel("run_1", thread_id="t")
    raw = client.beta.threads.runs.with_raw_response.cancel("run_1", thread_id="t")
    parsed: openai_runs.Run = raw.parse()
    code: int = raw.status_code
    return run.id + parsed.id + str(code)


async def async_call() -> str:
    async with openai_runs.AsyncOpenAI(api_key="k") as client:
        run = await client.beta.threads.runs.cancel("run_1", thread_id="t", timeout=None)
        return run.status


def stdlib_call() -> List[str]:
    with openai_runs_dataclass.OpenAI(api_key="k", max_retries=0) as client:
        omit = {"A": openai_runs_dataclass.Omit()}
        run = client.beta.threads.runs.cancel("run_1", thread_id="t", extra_headers=omit)
        return [run.id, run.thread_id]


def errors(exc: Exception) -> None:
    if isinstance(exc, openai_runs.APIStatusError):
        status: int = exc.status_code
    if isinstance(exc, openai_runs_dataclass.APIResponseValidationError):
        path: str = exc.error.path
"""


def test_type_checkers_see_the_method_as_deprecated(tmp_path: Path) -> None:
    usage = tmp_path / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    result = mypy_strict("--enable-error-code", "deprecated", usage, cwd=GENERATED, mypypath=GENERATED)
    lines = [line for line in result.stdout.splitlines() if "error:" in line]
    deprecated_lines = [line for line in lines if "[deprecated]" in line]
    # sync, async, stdlib: the raw twin (`with_raw_response.cancel`, made by a wrapper) is
    # deprecated for pyright only (tests/render/test_raw_response.py), mypy drops the mark
    assert len(deprecated_lines) == 3, result.stdout + result.stderr
    assert all("The beta.threads.runs.cancel endpoint is deprecated." in line for line in deprecated_lines)
    assert lines == deprecated_lines, result.stdout  # nothing else is wrong
