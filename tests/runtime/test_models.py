"""The generated models against the documented examples and the contract's semantics.

Runs on every supported Python (3.9 .. 3.13): standard library + pytest + the packages.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Dict, List

import openai_runs
import openai_runs_dataclass
import pytest
from harness.paths import GENERATED
from harness.processes import run_python

from .seeds import seed_examples, seed_snippets

TARGETS = [openai_runs, openai_runs_dataclass]
EXAMPLES = seed_examples()
FULL = next(example for _, example in EXAMPLES if "required_action" in example)


def ids(module: Any) -> str:
    return str(module.__name__)


def test_the_pages_hold_the_documented_examples() -> None:
    # 000 shows its example twice, 001 twice, 003 once; losing one would hide a regression
    assert len(EXAMPLES) == 5


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize("name,example", EXAMPLES, ids=[n for n, _ in EXAMPLES])
def test_documented_example_round_trips(target: Any, name: str, example: Dict[str, Any]) -> None:
    data = copy.deepcopy(example)
    run = target.Run.from_dict(data)
    assert run.to_dict() == example
    assert data == example  # the input is not modified
    assert target.Run.from_json(json.dumps(example)).to_dict() == example
    assert target.Run.from_json(json.dumps(example).encode()).to_dict() == example
    assert json.loads(run.to_json()) == example


@pytest.mark.parametrize("name,example", EXAMPLES, ids=[n for n, _ in EXAMPLES])
def test_targets_agree_on_documented_examples(name: str, example: Dict[str, Any]) -> None:
    assert openai_runs.Run.from_dict(example).to_dict() == openai_runs_dataclass.Run.from_dict(example).to_dict()


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize("name,snippet", [s for s in seed_snippets() if s[1]], ids=[n for n, s in seed_snippets() if s])
def test_quoted_union_snippets_parse(target: Any, name: str, snippet: Dict[str, Any]) -> None:
    field = "response_format" if snippet["type"] in ("text", "json_object", "json_schema") else "tool_choice"
    data = dict(FULL, **{field: snippet})
    run = target.Run.from_dict(data)
    assert getattr(run, field).type == snippet["type"]
    assert run.to_dict() == data


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_attributes_and_unions(target: Any) -> None:
    run = target.Run.from_dict(FULL)
    assert run.id == "id" and run.object == "thread.run" and run.status == "queued"
    assert run.response_format == "auto"
    assert run.tool_choice == "none"
    assert type(run.tools[0]).__name__ == "CodeInterpreterTool"
    assert run.required_action.submit_tool_outputs.tool_calls[0].function.name == "name"
    assert run.metadata == {"foo": "string"}
    assert run.usage.total_tokens == 0
    for value, cls in (
        ({"type": "file_search", "file_search": {"max_num_results": 3}}, "FileSearchTool"),
        ({"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}, "FunctionTool"),
        ({"type": "code_interpreter"}, "CodeInterpreterTool"),
    ):
        parsed = target.Run.from_dict(dict(FULL, tools=[value]))
        assert type(parsed.tools[0]).__name__ == cls
        assert parsed.tools[0].type == value["type"]
        assert parsed.to_dict()["tools"] == [value]
    rf = target.Run.from_dict(dict(FULL, response_format={"type": "json_schema", "json_schema": {"name": "n", "schema": {"a": [1]}}}))
    assert rf.response_format.type == "json_schema"
    assert rf.response_format.json_schema.schema_ == {"a": [1]}
    tc = target.Run.from_dict(dict(FULL, tool_choice={"type": "function", "function": {"name": "f"}}))
    assert tc.tool_choice.function.name == "f"


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_forward_compatibility(target: Any) -> None:
    data = dict(
        FULL,
        status="paused_by_future",
        brand_new={"nested": [1, None, "x"]},
        tools=[{"type": "web_browser", "options": {"depth": 2}}, {"type": "code_interpreter", "extra": True}],
        response_format={"type": "xml", "strictness": 3},
        tool_choice="sometimes",
        last_error={"code": "new_code", "message": "m", "hint": "h"},
        truncation_strategy={"type": "smart", "last_messages": None},
    )
    run = target.Run.from_dict(data)
    assert run.status == "paused_by_future"
    assert run.tools[0].type == "web_browser"
    assert run.response_format.type == "xml"
    assert run.tool_choice == "sometimes"
    assert run.last_error.code == "new_code"
    assert run.to_dict() == data


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_absent_stays_absent_and_null_stays_null(target: Any) -> None:
    minimal = {k: FULL[k] for k in ("id", "object", "created_at", "thread_id", "assistant_id", "status", "model", "tools", "parallel_tool_calls")}
    run = target.Run.from_dict(minimal)
    for absent in ("required_action", "last_error", "expires_at", "instructions", "metadata", "usage", "temperature", "response_format", "tool_choice"):
        assert getattr(run, absent) is None
    assert run.to_dict() == minimal
    nulls = dict(minimal, expires_at=None, instructions=None, metadata=None, usage=None, response_format=None, temperature=None)
    assert target.Run.from_dict(nulls).to_dict() == nulls


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize(
    "mutate,path",
    [
        (lambda d: d.update(created_at="2"), "created_at"),
        (lambda d: d.update(parallel_tool_calls="yes"), "parallel_tool_calls"),
        (lambda d: d.update(id=1), "id"),
        (lambda d: d.update(model=None), "model"),
        (lambda d: d.update(created_at=1.5), "created_at"),
        (lambda d: d.update(created_at=True), "created_at"),
        (lambda d: d.update(temperature="1"), "temperature"),
        (lambda d: d.update(metadata={"k": 1}), "metadata.k"),
        (lambda d: d.update(tools={"type": "function"}), "tools"),
        (lambda d: d.update(tools=[{"type": "file_search", "file_search": {"max_num_results": "2"}}]), "tools[0].file_search.max_num_results"),
        (lambda d: d.update(tools=[{"type": "function", "function": {"name": 5}}]), "tools[0].function.name"),
        (lambda d: d.update(tools=[{"type": 7}]), "tools[0].type"),
        (lambda d: d.update(tools=["code_interpreter"]), "tools[0]"),
        (lambda d: d.update(response_format=1), "response_format"),
        (lambda d: d.update(tool_choice={"type": "function", "function": {"name": []}}), "tool_choice.function.name"),
        (lambda d: d["required_action"]["submit_tool_outputs"]["tool_calls"][0].update(id=None), "required_action.submit_tool_outputs.tool_calls[0].id"),
        (lambda d: d.pop("id"), "id"),
        (lambda d: d.pop("status"), "status"),
        (lambda d: d["usage"].pop("total_tokens"), "usage.total_tokens"),
        (lambda d: d.update(truncation_strategy={"type": "auto", "last_messages": "1"}), "truncation_strategy.last_messages"),
    ],
)
def test_wrong_types_raise_value_error_naming_the_path(target: Any, mutate: Any, path: str) -> None:
    data = copy.deepcopy(FULL)
    mutate(data)
    with pytest.raises(ValueError) as info:
        target.Run.from_dict(data)
    assert info.value.path == path
    assert path in str(info.value)
    with pytest.raises(ValueError) as info:
        target.Run.from_json(json.dumps(data))
    assert info.value.path == path


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_integer_is_a_number_and_other_documents_are_rejected(target: Any) -> None:
    assert target.Run.from_dict(dict(FULL, temperature=1, top_p=0)).to_dict()["temperature"] == 1
    for bad in ("[]", "null", '"run"', "{", ""):
        with pytest.raises(ValueError):
            target.Run.from_json(bad)
    with pytest.raises(ValueError):
        target.Run.from_dict([])  # type: ignore[arg-type]


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_unicode_round_trips(target: Any) -> None:
    data = dict(FULL, instructions="Résumé ✓ 日本語 \u2028 \"quoted\" \\ end", metadata={"ключ": "значение", "emoji": "🎉"})
    run = target.Run.from_json(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert run.to_dict() == data
    assert json.loads(run.to_json()) == data


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_every_model_is_importable_from_the_root(target: Any) -> None:
    for name in ("Run", "RequiredAction", "RequiredActionFunctionToolCall", "LastError", "IncompleteDetails", "Usage",
                 "TruncationStrategy", "CodeInterpreterTool", "FileSearchTool", "FunctionTool", "FunctionDefinition",
                 "FileSearchRankingOptions", "ResponseFormatText", "ResponseFormatJSONObject", "ResponseFormatJSONSchema",
                 "AssistantToolChoice", "AssistantToolChoiceFunction", "ValidationError"):
        assert hasattr(target, name), name
    nested = target.FileSearchRankingOptions.from_dict({"score_threshold": 0.5, "ranker": "auto"})
    assert nested.to_dict() == {"score_threshold": 0.5, "ranker": "auto"}
    assert target.Usage.from_json('{"completion_tokens": 1, "prompt_tokens": 2, "total_tokens": 3}').to_json().replace(" ", "") == '{"completion_tokens":1,"prompt_tokens":2,"total_tokens":3}'
    assert issubclass(target.ValidationError, ValueError)


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_numbers_keep_their_integers(target: Any) -> None:
    """A JSON number that is an integer stays an int (2**53 + 1 has no exact float)."""
    data = dict(FULL, temperature=2**53 + 1, top_p=0)
    run = target.Run.from_dict(data)
    assert type(run.top_p) is int and run.temperature == 2**53 + 1
    assert run.to_dict() == data
    dumped = json.loads(run.to_json())
    assert dumped["temperature"] == 2**53 + 1 and type(dumped["top_p"]) is int
    assert type(target.Run.from_dict(dict(FULL, top_p=0.5)).top_p) is float
    for not_a_number in (True, "1", [1]):
        with pytest.raises(ValueError, match="top_p"):
            target.Run.from_dict(dict(FULL, top_p=not_a_number))


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_an_unknown_key_spelled_like_an_attribute_is_kept(target: Any) -> None:
    """`schema` is the attribute `schema_`; a key `schema_` is an unknown key (on every
    supported pydantic, 3.9's included)."""
    fmt = {"type": "json_schema", "json_schema": {"name": "n", "schema_": "x", "schema": {"a": 1}}}
    run = target.Run.from_dict(dict(FULL, response_format=fmt))
    assert run.response_format.json_schema.schema_ == {"a": 1}
    assert run.to_dict()["response_format"] == fmt
    only = {"type": "json_schema", "json_schema": {"name": "n", "schema_": {"b": 2}}}
    run = target.Run.from_dict(dict(FULL, response_format=only))
    assert run.response_format.json_schema.schema_ is None
    assert run.to_dict()["response_format"] == only


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_optional_fields_take_null_and_required_ones_do_not(target: Any) -> None:
    """A field that may be absent may also be null (kept on the way back: its attribute is
    Optional anyway); a required field that may not be null may not be."""
    tools = [{"type": "file_search", "file_search": {"max_num_results": None}}]
    run = target.Run.from_dict(dict(FULL, tools=tools))
    assert run.tools[0].file_search.max_num_results is None
    assert run.to_dict()["tools"] == tools
    absent = dict(FULL, tools=[{"type": "file_search", "file_search": {}}])
    assert target.Run.from_dict(absent).to_dict() == absent
    for required in ("id", "status", "created_at"):
        with pytest.raises(ValueError, match=required) as info:
            target.Run.from_dict(dict(FULL, **{required: None}))
        assert info.value.path == required


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_absent_and_null_are_not_equal(target: Any) -> None:
    absent = {k: v for k, v in FULL.items() if k != "instructions"}
    assert target.Run.from_dict(absent) == target.Run.from_dict(copy.deepcopy(absent))
    assert target.Run.from_dict(absent) != target.Run.from_dict(dict(absent, instructions=None))


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_cannot_hold_are_rejected(target: Any, text: str) -> None:
    raw = json.dumps(dict(FULL, temperature=0.5)).replace('"temperature": 0.5', '"temperature": ' + text)
    assert text in raw
    with pytest.raises(ValueError):
        target.Run.from_json(raw)
    with pytest.raises(ValueError, match="temperature"):
        target.Run.from_dict(dict(FULL, temperature=float(text.replace("1e400", "inf"))))


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_json_bytes_are_utf8_without_bom(target: Any) -> None:
    raw = json.dumps(FULL).encode()
    assert target.Run.from_json(raw).to_dict() == FULL
    for bad in (b"\xef\xbb\xbf" + raw, json.dumps(FULL).encode("utf-16")):
        with pytest.raises(ValueError):
            target.Run.from_json(bad)


@pytest.mark.parametrize(
    "package, heavy",
    [("openai_runs", ["httpx2", "asyncio"]), ("openai_runs_dataclass", ["http.client", "ssl", "socket"])],
)
def test_the_clients_load_on_first_use(package: str, heavy: List[str]) -> None:
    """Importing a package for its models does not import the HTTP stack; the clients are
    still importable from the root (and listed by dir())."""
    code = (
        f"import sys, {package} as p\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
        "print('OpenAI' in dir(p), p.OpenAI.__name__, 'httpx2' in sys.modules)\n"
    )
    result = run_python(code, GENERATED)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0] == "[]", out
    assert out[1].startswith("True OpenAI"), out


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_changing_what_to_dict_returns_leaves_the_model_alone(target: Any) -> None:
    data = dict(FULL, metadata={"a": "1"}, surprise={"nested": [1, {"x": 2}]})
    run = target.Run.from_dict(copy.deepcopy(data))
    out = run.to_dict()
    out["metadata"]["a"] = "changed"
    out["surprise"]["nested"][1]["x"] = "changed"
    out["tools"].clear()
    assert run.to_dict() == data
