"""Typed request bodies of the upstream clients, against the scripted server: what JSON each
call sends (given arguments only, None as null, extra_body merged over them, nested params
as given), that it is valid for the document's request schema, and that `stream` is refused
before any request. Every test runs for the sync, async and standard-library clients."""

from __future__ import annotations

import copy
import json
import types
from typing import Any
from urllib.parse import parse_qsl

import jsonschema
import pytest
from harness.driver import Api

from .documents import load_upstream

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

THREAD = "thread_abc123"
INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"


def _normalised(node: Any) -> Any:
    """The document's schemas as JSON Schema 2020-12: OpenAPI 3.0's `nullable: true` (which
    the 3.1 document still uses) becomes `anyOf [..., null]`."""
    if isinstance(node, dict):
        out = {k: _normalised(v) for k, v in node.items() if k != "nullable"}
        return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") is True else out
    if isinstance(node, list):
        return [_normalised(v) for v in node]
    return node


COMPONENTS = _normalised(load_upstream()["components"])


def assert_valid(schema_key: str, body: dict[str, Any]) -> None:
    """`body` is valid for the document's request schema (Prism does not check every body:
    it lets some through unvalidated, see test_upstream_clients)."""
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema_key}", "components": COMPONENTS}
    )
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, errors


def sent(server: Any, index: int = -1) -> dict[str, Any]:
    request = server.requests[index]
    assert request.header("Content-Type") == "application/json"
    body: dict[str, Any] = json.loads(request.body)
    return body


# what create sends for the arguments of test_create_sends_the_given_arguments
MESSAGE = {
    "role": "user",
    "content": [
        {"type": "text", "text": "Summarize this."},
        {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
    ],
    "attachments": [{"file_id": "file_1", "tools": [{"type": "file_search"}]}],
    "metadata": None,
}
TOOLS = [
    {"type": "code_interpreter"},
    {
        "type": "file_search",
        "file_search": {"max_num_results": 5, "ranking_options": {"score_threshold": 0.5}},
    },
    {"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}, "strict": True}},
]
RESPONSE_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": None},
}


def test_create_sends_the_given_arguments(api: Api, server: Any) -> None:
    client = api.make(server.url + "/v1")
    run = api.resolve(
        client.beta.threads.runs.create(
            THREAD,
            assistant_id="asst_abc123",
            instructions=None,  # sent as null
            additional_messages=[MESSAGE],
            tools=TOOLS,
            metadata={"user": "u1"},
            temperature=0.5,
            truncation_strategy={"type": "last_messages", "last_messages": 3},
            tool_choice={"type": "function", "function": {"name": "lookup"}},
            response_format=RESPONSE_FORMAT,
            parallel_tool_calls=False,
            include=[INCLUDE],
        )
    )
    assert isinstance(run, api.pkg.Run)
    request = server.requests[0]
    assert request.method == "POST" and request.path == f"/v1/threads/{THREAD}/runs"
    assert parse_qsl(request.query) == [("include[]", INCLUDE)]
    body = sent(server)
    assert body == {
        "assistant_id": "asst_abc123",
        "instructions": None,
        "additional_messages": [MESSAGE],
        "tools": TOOLS,
        "metadata": {"user": "u1"},
        "temperature": 0.5,
        "truncation_strategy": {"type": "last_messages", "last_messages": 3},
        "tool_choice": {"type": "function", "function": {"name": "lookup"}},
        "response_format": RESPONSE_FORMAT,
        "parallel_tool_calls": False,
    }
    # arguments left out (NOT_GIVEN) are not sent at all
    assert "model" not in body and "top_p" not in body and "stream" not in body
    assert list(body)[0] == "assistant_id"  # the document's order
    assert_valid("CreateRunRequest", body)


def test_only_required_arguments(api: Api, server: Any) -> None:
    client = api.make(server.url + "/v1")
    api.resolve(client.beta.threads.runs.create(THREAD, assistant_id="asst_abc123"))
    assert sent(server) == {"assistant_id": "asst_abc123"}
    assert server.requests[0].query == ""  # include=None: no query
    # NOT_GIVEN passed explicitly is the same as leaving the argument out
    api.resolve(client.beta.threads.runs.create(THREAD, assistant_id="a", model=api.pkg.NOT_GIVEN))
    assert sent(server) == {"assistant_id": "a"}


def test_extra_body_is_merged_over_the_arguments(api: Api, server: Any) -> None:
    client = api.make(server.url + "/v1")
    api.resolve(
        client.beta.threads.runs.create(
            THREAD,
            assistant_id="asst_abc123",
            temperature=0.5,
            extra_body={"temperature": 0.2, "top_p": 0.9, "a_new_option": {"x": [1, 2]}},
        )
    )
    assert sent(server) == {
        "assistant_id": "asst_abc123",
        "temperature": 0.2,
        "top_p": 0.9,
        "a_new_option": {"x": [1, 2]},
    }


def test_models_mappings_and_tuples_are_sent_as_json(api: Api, server: Any) -> None:
    """Params are dicts; at run time a model instance (its to_dict()), any mapping and tuples
    are accepted as values too."""
    client = api.make(server.url + "/v1")
    truncation = api.pkg.TruncationObject.from_dict({"type": "last_messages", "last_messages": None})
    tool = api.pkg.AssistantToolsCode.from_dict({"type": "code_interpreter"})
    api.resolve(
        client.beta.threads.runs.create(
            THREAD,
            assistant_id="a",
            truncation_strategy=truncation,
            tools=(tool, types.MappingProxyType({"type": "file_search"})),
            metadata=types.MappingProxyType({"k": "v"}),
        )
    )
    body = sent(server)
    assert body == {
        "assistant_id": "a",
        "truncation_strategy": {"type": "last_messages", "last_messages": None},
        "tools": [{"type": "code_interpreter"}, {"type": "file_search"}],
        "metadata": {"k": "v"},
    }
    assert_valid("CreateRunRequest", body)


def test_update_sends_metadata_or_null_or_nothing(api: Api, server: Any) -> None:
    client = api.make(server.url + "/v1")
    runs = client.beta.threads.runs
    api.resolve(runs.update("run_abc123", thread_id=THREAD, metadata={"a": "b"}))
    assert sent(server) == {"metadata": {"a": "b"}}
    assert server.requests[-1].path == f"/v1/threads/{THREAD}/runs/run_abc123"
    api.resolve(runs.update("run_abc123", thread_id=THREAD, metadata=None))
    assert sent(server) == {"metadata": None}
    api.resolve(runs.update("run_abc123", thread_id=THREAD))
    assert sent(server) == {}
    for index in range(3):
        assert_valid("ModifyRunRequest", sent(server, index))


def test_submit_tool_outputs(api: Api, server: Any) -> None:
    client = api.make(server.url + "/v1")
    outputs = [{"tool_call_id": "call_1", "output": "42"}, {"tool_call_id": "call_2"}]
    run = api.resolve(
        client.beta.threads.runs.submit_tool_outputs("run_abc123", thread_id=THREAD, tool_outputs=outputs)
    )
    assert isinstance(run, api.pkg.Run)
    assert server.requests[0].path == f"/v1/threads/{THREAD}/runs/run_abc123/submit_tool_outputs"
    assert sent(server) == {"tool_outputs": outputs}
    assert_valid("SubmitToolOutputsRunRequest", sent(server))


def test_create_and_run_with_a_nested_thread(api: Api, server: Any) -> None:
    client = api.make(server.url + "/v1")
    thread = {
        "messages": [{"role": "user", "content": "Hello"}],
        "tool_resources": {
            "code_interpreter": {"file_ids": ["file_1"]},
            "file_search": {
                "vector_stores": [
                    {
                        "file_ids": ["file_2"],
                        "chunking_strategy": {
                            "type": "static",
                            "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
                        },
                    }
                ]
            },
        },
        "metadata": None,
    }
    api.resolve(
        client.beta.threads.create_and_run(
            assistant_id="asst_abc123",
            thread=thread,
            model="gpt-4o",
            tool_resources={"code_interpreter": {"file_ids": []}},
            tool_choice="required",
            response_format="auto",
        )
    )
    assert server.requests[0].path == "/v1/threads/runs"
    body = sent(server)
    assert body == {
        "assistant_id": "asst_abc123",
        "thread": copy.deepcopy(thread),
        "model": "gpt-4o",
        "tool_resources": {"code_interpreter": {"file_ids": []}},
        "tool_choice": "required",
        "response_format": "auto",
    }
    assert_valid("CreateThreadAndRunRequest", body)


@pytest.mark.parametrize("operation", ["create", "create_and_run", "submit_tool_outputs"])
def test_stream_is_refused_before_any_request(api: Api, server: Any, operation: str) -> None:
    client = api.make(server.url + "/v1")
    runs = client.beta.threads.runs
    calls = {
        "create": lambda **kw: runs.create(THREAD, assistant_id="a", **kw),
        "create_and_run": lambda **kw: client.beta.threads.create_and_run(assistant_id="a", **kw),
        "submit_tool_outputs": lambda **kw: runs.submit_tool_outputs(
            "r", thread_id=THREAD, tool_outputs=[], **kw
        ),
    }
    call = calls[operation]
    for value in (True, False):
        with pytest.raises(
            ValueError, match=r"extra_body\[\"stream\"\]: server-sent events are not supported"
        ):
            api.resolve(call(extra_body={"stream": value}))
    with pytest.raises(TypeError, match="stream"):  # not a parameter
        api.resolve(call(stream=True))
    assert server.requests == []
    method = getattr(client.beta.threads if operation == "create_and_run" else runs, operation)
    assert "Not supported: `stream`" in (method.__doc__ or "")
