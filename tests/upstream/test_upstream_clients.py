"""The clients generated from OpenAI's official document: every operation of the sync, async
and standard-library clients against Prism serving that document, and mypy --strict over
the packages and over code that uses their typed bodies and pages (3.11, and 3.9 when its
environment is there).

Prism validates each request against the document and answers with a response made from
it (an example or a generated one: the tests check types, not values); a 400/422 would
mean our request is wrong. It checks query parameters and most bodies, but lets the
createRun / createThreadAndRun bodies through unchecked: test_upstream_bodies validates
those against the document's schemas itself. Skipped when node_modules/.bin/prism is
missing, except in CI (CI=... set), where that is a failure.
"""

from __future__ import annotations

import itertools
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness.driver import Api
from harness.paths import PY39
from harness.prism import prism_mock
from harness.processes import mypy_strict, run_python

from .documents import PACKAGES, UPSTREAM_SPEC

INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with prism_mock(UPSTREAM_SPEC, tmp_path_factory.mktemp("prism")) as url:
        yield url


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def assert_run(api: Api, run: Any) -> None:
    assert isinstance(run, api.pkg.Run)
    assert isinstance(run.id, str) and isinstance(run.created_at, int) and isinstance(run.status, str)
    assert run.object == "thread.run"


@pytest.mark.prism
def test_every_operation_against_prism(api: Api, prism_url: str) -> None:
    client = api.make(prism_url)
    runs = client.beta.threads.runs
    assert_run(
        api,
        api.resolve(
            client.beta.threads.create_and_run(
                assistant_id="asst_abc123",
                thread={
                    "messages": [{"role": "user", "content": "Explain deep learning to a 5 year old."}],
                    "tool_resources": {"code_interpreter": {"file_ids": ["file_1"]}},
                    "metadata": {"k": "v"},
                },
                tools=[{"type": "code_interpreter"}],
                temperature=1.0,
                truncation_strategy={"type": "auto"},
            )
        ),
    )
    assert_run(
        api,
        api.resolve(
            runs.create(
                "thread_abc123",
                assistant_id="asst_abc123",
                include=[INCLUDE],
                instructions=None,
                additional_messages=[{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
                tools=[{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
                tool_choice={"type": "function", "function": {"name": "f"}},
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "out", "schema": {"type": "object"}},
                },
                metadata={"k": "v"},
                parallel_tool_calls=False,
            )
        ),
    )
    assert_run(api, api.resolve(runs.retrieve("run_abc123", thread_id="thread_abc123")))
    assert_run(
        api, api.resolve(runs.update("run_abc123", thread_id="thread_abc123", metadata={"user_id": "user_1"}))
    )
    assert_run(api, api.resolve(runs.update("run_abc123", thread_id="thread_abc123", metadata=None)))
    assert_run(api, api.resolve(runs.cancel("run_abc123", thread_id="thread_abc123")))
    assert_run(
        api,
        api.resolve(
            runs.submit_tool_outputs(
                "run_abc123",
                thread_id="thread_abc123",
                tool_outputs=[{"tool_call_id": "call_001", "output": "70 degrees"}],
            )
        ),
    )
    page = api.resolve(runs.list("thread_abc123", limit=20, order="desc", after="run_0", before="run_9"))
    assert isinstance(page.data, list) and all(isinstance(r, api.pkg.Run) for r in page.data)
    assert isinstance(page.has_more, bool) and isinstance(page.model, api.pkg.ListRunsResponse)
    # iterating goes on through the next pages: Prism repeats itself, so only a few items
    if api.is_async:
        assert api.loop is not None

        async def first_items() -> list[Any]:
            out = []
            async for run in runs.list("thread_abc123", limit=2):
                out.append(run)
                if len(out) == 5:
                    break
            return out

        items = api.loop.run_until_complete(first_items())
    else:
        items = list(itertools.islice(runs.list("thread_abc123", limit=2), 5))
    assert items and all(isinstance(r, api.pkg.Run) for r in items)
    raw = api.resolve(runs.with_raw_response.list("thread_abc123"))
    assert raw.status_code == 200 and isinstance(raw.parse(), api.pkg.ListRunsResponse)


@pytest.mark.prism
def test_prism_rejects_what_the_document_forbids(api: Api, prism_url: str) -> None:
    """So a 200 above means Prism checked the request: a wrong body or enum is a 422."""
    client = api.make(prism_url)
    runs = client.beta.threads.runs
    with pytest.raises(api.pkg.UnprocessableEntityError):
        api.resolve(
            runs.submit_tool_outputs(
                "run_abc123", thread_id="t", tool_outputs=[], extra_body={"tool_outputs": 5}
            )
        )
    with pytest.raises(api.pkg.UnprocessableEntityError):
        api.resolve(runs.update("run_abc123", thread_id="t", extra_body={"metadata": 5}))
    with pytest.raises(api.pkg.UnprocessableEntityError):
        api.resolve(runs.list("thread_abc123", order="sideways"))


USAGE = """
from typing import List, Optional

import openai_runs_upstream as p
import openai_runs_upstream_dataclass as d
from openai_runs_upstream import NOT_GIVEN, AssistantToolsFunctionParam, CreateMessageRequestParam


def sync_calls(client: p.OpenAI) -> List[str]:
    runs = client.beta.threads.runs
    message: CreateMessageRequestParam = {"role": "user", "content": "Hi"}
    tool: AssistantToolsFunctionParam = {"type": "function", "function": {"name": "f", "strict": None}}
    run: p.Run = runs.create(
        "thread_1",
        assistant_id="asst_1",
        additional_messages=[message, {"role": "user", "content": [{"type": "text", "text": "x"}]}],
        tools=[tool, {"type": "code_interpreter"}],
        metadata={"k": "v"},
        instructions=None,
        temperature=NOT_GIVEN,
        truncation_strategy={"type": "last_messages", "last_messages": 3},
        tool_choice="auto",
        response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}},
        include=["step_details.tool_calls[*].file_search.results[*].content"],
        extra_body={"top_p": 0.5},
    )
    run = client.beta.threads.create_and_run(assistant_id="a", thread={"messages": [message]}, model="gpt-4o")
    run = runs.submit_tool_outputs("run_1", thread_id="t", tool_outputs=[{"tool_call_id": "c", "output": "o"}])
    run = runs.update("run_1", thread_id="t", metadata=None)
    page: p.SyncCursorPage[p.Run] = runs.list("thread_1", limit=10, order="asc")
    later: Optional[p.SyncCursorPage[p.Run]] = page.get_next_page() if page.has_next_page() else None
    ids = [r.id for r in page] + [r.id for r in page.data] + [run.id]
    return ids + ([] if later is None else [r.id for r in later.data])


async def async_calls(client: p.AsyncOpenAI) -> List[str]:
    runs = client.beta.threads.runs
    run: p.Run = await runs.create("thread_1", assistant_id="asst_1", tools=[{"type": "file_search"}])
    first: p.AsyncCursorPage[p.Run] = await runs.list("thread_1")
    paginator: p.AsyncPaginator[p.Run] = runs.list("thread_1", after=first.next_cursor)
    ids = [r.id async for r in paginator] + [r.id async for r in first]
    if first.has_next_page():
        second: p.AsyncCursorPage[p.Run] = await first.get_next_page()
        ids += [r.id for r in second.data]
    return ids + [run.id]


def dataclass_calls(client: d.OpenAI) -> List[str]:
    runs = client.beta.threads.runs
    thread: d.CreateThreadRequestParam = {"messages": [{"role": "assistant", "content": "x", "metadata": None}]}
    run: d.Run = client.beta.threads.create_and_run(assistant_id="a", thread=thread)
    page: d.SyncCursorPage[d.Run] = runs.list("thread_1")
    return [r.id for r in page] + [run.id]
"""

# Each line marked `# error` must be reported (and nothing else): the bodies are typed.
MISUSE = """
import openai_runs_upstream as p
import openai_runs_upstream_dataclass as d


def misuse(client: p.OpenAI, stdlib: d.OpenAI) -> None:
    runs = client.beta.threads.runs
    runs.create("thread_1")  # error: assistant_id is required
    runs.create("thread_1", assistant_id="a", temperature="hot")  # error
    runs.create("thread_1", assistant_id="a", parallel_tool_calls=None)  # error: not nullable
    runs.create("thread_1", assistant_id="a", truncation_strategy={"kind": "auto"})  # error
    runs.create("thread_1", assistant_id="a", stream=True)  # error: not a parameter
    runs.submit_tool_outputs("r", thread_id="t", tool_outputs=[{"tool_call_id": 1}])  # error
    stdlib.beta.threads.runs.update("r", thread_id="t", metadata={"k": 1})  # error
    stdlib.beta.threads.create_and_run(assistant_id="a", thread={"messages": [{"content": "x"}]})  # error: role
    for run in runs.list("thread_1"):
        run.no_such_attribute  # error
"""


def _mypy_result(upstream_out: Path, tmp_path: Path, python: str) -> tuple[str, list[int]]:
    usage, misuse = tmp_path / "usage.py", tmp_path / "misuse.py"
    usage.write_text(textwrap.dedent(USAGE))
    misuse.write_text(textwrap.dedent(MISUSE))
    expected = [n for n, line in enumerate(misuse.read_text().splitlines(), 1) if "# error" in line]
    paths = [usage, misuse] + [upstream_out / name for name in PACKAGES]
    result = mypy_strict(*paths, python=python)
    return result.stdout + result.stderr, expected


def _error_lines(output: str, name: str) -> list[int]:
    return sorted(
        {int(line.split(":")[1]) for line in output.splitlines() if f"{name}:" in line and ": error:" in line}
    )


def _check_mypy(output: str, expected: list[int]) -> None:
    assert _error_lines(output, "usage.py") == [], output
    assert not [
        line for line in output.splitlines() if "openai_runs_upstream" in line and ": error:" in line
    ], output
    assert _error_lines(output, "misuse.py") == expected, output


def test_clients_and_their_use_pass_mypy_strict(upstream_out: Path, tmp_path: Path) -> None:
    output, expected = _mypy_result(upstream_out, tmp_path, sys.executable)
    _check_mypy(output, expected)


@pytest.mark.skipif(not PY39.exists(), reason=".venv39 is missing (make test creates it)")
def test_on_python_39_mypy_strict_and_the_packages_import(upstream_out: Path, tmp_path: Path) -> None:
    output, expected = _mypy_result(upstream_out, tmp_path, str(PY39))
    _check_mypy(output, expected)
    script = textwrap.dedent("""
        import openai_runs_upstream as p, openai_runs_upstream_dataclass as d
        for pkg in (p, d):
            assert pkg.ResponseFormatJsonSchemaJsonSchemaParam.__required_keys__ == {"name"}
            assert pkg.CreateMessageRequestParam.__required_keys__ == {"role", "content"}
            pages = {"a": pkg.SyncCursorPage([3], False, None, lambda c: None, None)}
            later = pkg.SyncCursorPage([2], False, None, lambda c: None, None)
            first = pkg.SyncCursorPage([1], True, "c1", lambda c: later, None)
            assert list(first) == [1, 2]
        print("ok")
        """)
    result = run_python(script, upstream_out, python=PY39)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def test_the_dataclass_package_still_imports_only_the_standard_library(upstream_out: Path) -> None:
    """Its params.py and _pagination.py included: run with -I -S (no site-packages)."""
    script = textwrap.dedent("""
        import sys
        import openai_runs_upstream_dataclass as pkg
        from openai_runs_upstream_dataclass import params
        pkg.OpenAI(api_key="k", base_url="http://127.0.0.1:9").close()
        bad = sorted(m for m in ("pydantic", "typing_extensions", "httpx2") if m in sys.modules)
        assert not bad, bad
        print("ok")
        """)
    result = run_python(script, upstream_out, isolated=True)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr
