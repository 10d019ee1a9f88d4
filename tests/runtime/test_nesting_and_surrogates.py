"""Both targets give the same verdict on deep and surrogate-bearing JSON (issue 14, items 5
and 6): one nesting limit (MAX_DEPTH levels, the document counting as one) for from_dict and
from_json, a ValidationError naming where beyond it (never a bare RecursionError), and
everything accepted serialises back; an escaped lone surrogate is accepted and round-trips.
Runs on every supported Python (the property test is test_targets_agree_property.py)."""

from __future__ import annotations

import copy
import importlib
import json
from typing import Any, List

import openai_runs
import openai_runs_dataclass
import pytest

from .seeds import seed_examples

TARGETS = [openai_runs, openai_runs_dataclass]
RUN = next(example for _, example in seed_examples() if "required_action" in example)
MAX_DEPTH = 200


def ids(module: Any) -> str:
    return str(module.__name__)


def nested(levels: int, leaf: Any = "x") -> Any:
    """`levels` arrays within each other around `leaf`, alternating with objects."""
    value = leaf
    for i in range(levels):
        value = [value] if i % 2 else {"k": value}
    return value


def run_with(extra_levels: int) -> dict[str, Any]:
    """A Run whose unknown key `deep` nests to 1 + extra_levels levels in all."""
    return dict(copy.deepcopy(RUN), deep=nested(extra_levels))


def expected_path(extra_levels: int) -> str:
    """The path of the first value past MAX_DEPTH in run_with(extra_levels)."""
    parts: List[str] = ["deep"]
    for i in range(MAX_DEPTH - 1):  # the containers from level 2 to MAX_DEPTH
        kind_is_object = (extra_levels - 1 - i) % 2 == 0
        parts.append(".k" if kind_is_object else "[0]")
    return "".join(parts)


def test_max_depth_is_the_same_in_both_targets() -> None:
    for pkg in TARGETS:  # the package root imports its modules lazily
        assert importlib.import_module(f"{pkg.__name__}._validation").MAX_DEPTH == MAX_DEPTH


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize("levels", [MAX_DEPTH - 1, MAX_DEPTH])
def test_the_deepest_accepted_document_round_trips(target: Any, levels: int) -> None:
    document = run_with(levels - 1)
    for run in (target.Run.from_dict(copy.deepcopy(document)), target.Run.from_json(json.dumps(document))):
        assert run.to_dict() == document
        assert json.loads(run.to_json()) == document


@pytest.mark.parametrize("target", TARGETS, ids=ids)
@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, MAX_DEPTH + 300, 1500, 20000])
def test_deeper_documents_are_a_validation_error_naming_where(target: Any, levels: int) -> None:
    document = run_with(levels - 1)
    text = json.dumps(document) if levels < 900 else _dumps_deep(document)
    for parse, data in ((target.Run.from_json, text), (target.Run.from_dict, document)):
        with pytest.raises(target.ValidationError) as caught:
            parse(data)
        assert caught.value.path == expected_path(levels - 1)
        assert f"deeper than {MAX_DEPTH}" in str(caught.value)


def test_deep_values_under_a_typed_field_are_refused_too() -> None:
    document = dict(copy.deepcopy(RUN), metadata={"a": nested(MAX_DEPTH)})
    for target in TARGETS:
        for parse, data in ((target.Run.from_dict, document), (target.Run.from_json, json.dumps(document))):
            with pytest.raises(target.ValidationError) as caught:
                parse(data)
            assert caught.value.path.startswith("metadata.a")


@pytest.mark.parametrize("target", TARGETS, ids=ids)
def test_an_escaped_lone_surrogate_is_accepted_and_round_trips(target: Any) -> None:
    text = json.dumps(dict(RUN, instructions="a\ud800b", extra=["\udfff"]))
    assert "\\ud800" in text
    run = target.Run.from_json(text)
    assert run.instructions == "a\ud800b"
    assert run.to_dict() == json.loads(text)
    assert json.loads(run.to_json()) == json.loads(text)
    assert target.Run.from_dict(json.loads(text)).to_dict() == json.loads(text)


def _dumps_deep(value: Any) -> str:
    """json.dumps for values deeper than the recursion limit (iterative)."""
    out: List[str] = []
    stack: List[Any] = [("value", value)]
    while stack:
        kind, item = stack.pop()
        if kind == "text":
            out.append(item)
        elif isinstance(item, dict):
            out.append("{")
            entries = list(item.items())
            stack.append(("text", "}"))
            for index in range(len(entries) - 1, -1, -1):
                key, member = entries[index]
                stack.append(("value", member))
                stack.append(("text", ("," if index else "") + json.dumps(key) + ":"))
        elif isinstance(item, list):
            out.append("[")
            stack.append(("text", "]"))
            for index in range(len(item) - 1, -1, -1):
                stack.append(("value", item[index]))
                if index:
                    stack.append(("text", ","))
        else:
            out.append(json.dumps(item))
    return "".join(out)
