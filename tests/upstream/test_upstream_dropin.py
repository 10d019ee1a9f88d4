"""What openai-python users of the Runs API rely on beyond plain calls, declared in
spec/upstream/config.yaml and generated (nothing OpenAI-specific in templates), in the sync,
async and standard-library clients against the scripted server: polling helpers that honour
`openai-poll-after-ms` and `poll_interval_ms`, and the organization / project options."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from harness.driver import Api
from harness.server import RUN

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THREAD = "thread_abc123"


def run(status: str, run_id: str = "run_abc123") -> dict[str, Any]:
    value = copy.deepcopy(RUN)
    value.update(id=run_id, status=status, thread_id=THREAD)
    return value


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch, upstream_packages: Any) -> list[float]:
    """The waits between polls, recorded instead of slept."""
    recorded: list[float] = []

    def sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    for pkg in upstream_packages:
        retry = __import__(f"{pkg.__name__}._retry", fromlist=["_retry"])
        monkeypatch.setattr(retry, "sleep", sleep)
        monkeypatch.setattr(retry, "async_sleep", async_sleep)
    return recorded


def test_poll_retrieves_until_a_terminal_status_honouring_the_server(api: Api, server: Any, waits: list[float]) -> None:
    server.reply(body=run("queued"), headers={"openai-poll-after-ms": "250"})
    server.reply(body=run("in_progress"))  # no header: the config's 1000 ms
    server.reply(body=run("requires_action"))
    server.reply(body=run("completed"))  # never asked for: requires_action is terminal
    client = api.make(server.url)
    result = api.resolve(client.beta.threads.runs.poll("run_abc123", thread_id=THREAD))
    assert isinstance(result, api.pkg.Run) and result.status == "requires_action"
    assert waits == [0.25, 1.0]
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", f"/threads/{THREAD}/runs/run_abc123")
    ] * 3


def test_poll_interval_ms_wins_over_the_server(api: Api, server: Any, waits: list[float]) -> None:
    server.reply(body=run("queued"), headers={"openai-poll-after-ms": "5000"})
    server.reply(body=run("expired"))
    client = api.make(server.url)
    result = api.resolve(client.beta.threads.runs.poll("run_abc123", thread_id=THREAD, poll_interval_ms=20))
    assert result.status == "expired"
    assert waits == [0.02]


def test_create_and_poll_creates_then_polls_the_run_it_made(api: Api, server: Any, waits: list[float]) -> None:
    server.reply(body=run("queued", "run_new"))
    server.reply(body=run("in_progress", "run_new"), headers={"openai-poll-after-ms": "10"})
    server.reply(body=run("completed", "run_new"))
    client = api.make(server.url)
    result = api.resolve(client.beta.threads.runs.create_and_poll(THREAD, assistant_id="asst_1"))
    assert result.id == "run_new" and result.status == "completed"
    assert [(r.method, r.path) for r in server.requests] == [
        ("POST", f"/threads/{THREAD}/runs"),
        ("GET", f"/threads/{THREAD}/runs/run_new"),
        ("GET", f"/threads/{THREAD}/runs/run_new"),
    ]
    assert json.loads(server.requests[0].body) == {"assistant_id": "asst_1"}
    assert waits == [0.01]


def test_submit_tool_outputs_and_poll_sends_a_generator_of_outputs(api: Api, server: Any, waits: list[float]) -> None:
    server.reply(body=run("queued"))
    server.reply(body=run("completed"))
    client = api.make(server.url)
    outputs = ({"tool_call_id": f"call_{i}", "output": str(i)} for i in range(2))
    result = api.resolve(
        client.beta.threads.runs.submit_tool_outputs_and_poll("run_abc123", thread_id=THREAD, tool_outputs=outputs)
    )
    assert result.status == "completed"
    assert server.requests[0].path == f"/threads/{THREAD}/runs/run_abc123/submit_tool_outputs"
    assert json.loads(server.requests[0].body) == {
        "tool_outputs": [{"tool_call_id": "call_0", "output": "0"}, {"tool_call_id": "call_1", "output": "1"}]
    }


def test_create_and_run_poll(api: Api, server: Any, waits: list[float]) -> None:
    server.reply(body=run("queued", "run_t"))
    server.reply(body=run("failed", "run_t"))
    client = api.make(server.url)
    result = api.resolve(client.beta.threads.create_and_run_poll(assistant_id="asst_1"))
    assert result.status == "failed"
    assert [r.path for r in server.requests] == ["/threads/runs", f"/threads/{THREAD}/runs/run_t"]


def test_organization_and_project_from_arguments_and_the_environment(
    api: Api, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_ORG_ID", raising=False)
    monkeypatch.delenv("OPENAI_PROJECT_ID", raising=False)
    api.resolve(api.make(server.url).beta.threads.runs.retrieve("run_abc123", thread_id=THREAD))
    assert server.requests[-1].header("OpenAI-Organization") is None
    assert server.requests[-1].header("OpenAI-Project") is None

    client = api.make(server.url, organization="org-arg", project="proj-arg")
    assert (client.organization, client.project) == ("org-arg", "proj-arg")
    api.resolve(client.beta.threads.runs.retrieve("run_abc123", thread_id=THREAD))
    assert server.requests[-1].header("OpenAI-Organization") == "org-arg"
    assert server.requests[-1].header("OpenAI-Project") == "proj-arg"

    monkeypatch.setenv("OPENAI_ORG_ID", "org-env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj-env")
    api.resolve(api.make(server.url).beta.threads.runs.retrieve("run_abc123", thread_id=THREAD))
    assert server.requests[-1].header("OpenAI-Organization") == "org-env"
    assert server.requests[-1].header("OpenAI-Project") == "proj-env"


def test_with_options_changes_an_option_on_the_copy_only(api: Api, server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_ORG_ID", raising=False)
    client = api.make(server.url, organization="org-a")
    copy_ = client.with_options(organization="org-b")
    api.resolve(copy_.beta.threads.runs.retrieve("run_abc123", thread_id=THREAD))
    api.resolve(client.beta.threads.runs.retrieve("run_abc123", thread_id=THREAD))
    assert [r.header("OpenAI-Organization") for r in server.requests] == ["org-b", "org-a"]
    with pytest.raises(TypeError, match="organisation"):
        client.with_options(organisation="typo")
