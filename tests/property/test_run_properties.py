"""Property-based tests of the committed packages over the Run schema of spec/openapi.yaml.

Both targets (`openai_runs`, `openai_runs_dataclass`) must round-trip every valid Run,
agree with each other, keep unknown keys, enum values and union tags, and reject a value
of the wrong JSON type with a ValueError whose `.path` names the field.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import openai_runs
import openai_runs_dataclass
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from .run_schema import (
    DEFS,
    JSON_VALUES,
    VALIDATOR,
    format_path,
    jsonschema_runs,
    locations,
    set_at,
    valid_runs,
    wrong_value,
)

TARGETS = (openai_runs, openai_runs_dataclass)
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def round_trip(document: dict[str, Any]) -> None:
    dicts = []
    for pkg in TARGETS:
        run = pkg.Run.from_dict(copy.deepcopy(document))
        assert run.to_dict() == document, pkg.__name__
        assert pkg.Run.from_json(json.dumps(document)).to_dict() == document, pkg.__name__
        assert json.loads(run.to_json()) == document, pkg.__name__
        dicts.append(run.to_dict())
    assert dicts[0] == dicts[1]


@settings(FAST, max_examples=800)
@given(valid_runs())
def test_valid_runs_round_trip_in_both_targets(document: dict[str, Any]) -> None:
    assert VALIDATOR.is_valid(document)  # the strategy makes what the schema describes
    round_trip(document)


@settings(FAST, max_examples=15, phases=["generate"])
@given(jsonschema_runs())
def test_hypothesis_jsonschema_runs_round_trip(document: dict[str, Any]) -> None:
    round_trip(document)


@settings(FAST, max_examples=500)
@given(valid_runs(extra_keys=False), st.data())
def test_a_value_of_the_wrong_json_type_is_rejected_with_its_path(document: dict[str, Any], data: st.DataObject) -> None:
    candidates = []
    for at, allowed in locations(document):
        if not at:
            continue
        current = document
        for part in at:
            current = current[part]
        if current is None:
            continue
        replacement = wrong_value(current, allowed)
        if replacement is not None:
            candidates.append((at, replacement))
    assume(candidates)
    at, replacement = data.draw(st.sampled_from(candidates), label="mutation")
    mutated = set_at(document, at, replacement)
    assert not VALIDATOR.is_valid(mutated)
    for pkg in TARGETS:
        with pytest.raises(ValueError) as info:
            pkg.Run.from_dict(copy.deepcopy(mutated))
        assert info.value.path == format_path(at), (pkg.__name__, str(info.value))
        with pytest.raises(ValueError) as info:
            pkg.Run.from_json(json.dumps(mutated))
        assert info.value.path == format_path(at), (pkg.__name__, str(info.value))


def _property_names(schema: Any) -> set[str]:
    names: set[str] = set()
    if isinstance(schema, dict):
        if isinstance(schema.get("properties"), dict):
            names |= set(schema["properties"])
        for value in schema.values():
            names |= _property_names(value)
    elif isinstance(schema, list):
        for item in schema:
            names |= _property_names(item)
    return names


def _object_locations(document: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Known locations holding objects that are models (not free-form maps)."""
    out = [()]
    for at, allowed in locations(document):
        current = document
        for part in at:
            current = current[part]
        if isinstance(current, dict) and allowed <= {"object", "null", "string"} and at and at[-1] not in ("metadata", "parameters", "schema"):
            out.append(at)
    return out


@settings(FAST, max_examples=150)
@given(valid_runs(extra_keys=False), st.data())
def test_unknown_keys_are_kept(document: dict[str, Any], data: st.DataObject) -> None:
    for at in _object_locations(document):
        target = document
        for part in at:
            target = target[part]
        extras = data.draw(st.dictionaries(UNKNOWN_KEYS, JSON_VALUES, max_size=3), label=f"extras at {at}")
        target.update(extras)
    round_trip(document)


# every property name any schema declares: an unknown key must be none of them
PROPERTY_NAMES = {name for schema in DEFS.values() for name in _property_names(schema)}
UNKNOWN_KEYS = st.text(max_size=12).filter(lambda key: key not in PROPERTY_NAMES)


ENUM_FIELDS = [("status",), ("object",), ("last_error", "code"), ("incomplete_details", "reason"), ("truncation_strategy", "type")]


@settings(FAST, max_examples=150)
@given(valid_runs(), st.sampled_from(ENUM_FIELDS), st.text())
def test_unknown_enum_values_are_kept(document: dict[str, Any], field: tuple[str, ...], value: str) -> None:
    target = document
    for part in field[:-1]:
        target = target.get(part)
        assume(isinstance(target, dict))
    target[field[-1]] = value
    round_trip(document)


UNKNOWN_TOOL = st.fixed_dictionaries(
    {"type": st.text().filter(lambda t: t not in ("code_interpreter", "file_search", "function"))},
    optional={"options": JSON_VALUES, "function": JSON_VALUES, "file_search": JSON_VALUES},
)
UNKNOWN_FORMAT = st.fixed_dictionaries(
    {"type": st.text().filter(lambda t: t not in ("text", "json_object", "json_schema"))},
    optional={"json_schema": JSON_VALUES, "extra": JSON_VALUES},
)


@settings(FAST, max_examples=150)
@given(valid_runs(), st.lists(UNKNOWN_TOOL, min_size=1, max_size=3), UNKNOWN_FORMAT, st.data())
def test_unknown_union_tags_are_kept(
    document: dict[str, Any], unknown_tools: list[dict[str, Any]], unknown_format: dict[str, Any], data: st.DataObject
) -> None:
    tools = list(document.get("tools") or [])
    for tool in unknown_tools:
        tools.insert(data.draw(st.integers(0, len(tools)), label="position"), tool)
    document["tools"] = tools
    document["response_format"] = unknown_format
    round_trip(document)
    for pkg in TARGETS:
        run = pkg.Run.from_dict(copy.deepcopy(document))
        known = ("code_interpreter", "file_search", "function")
        kept = [tool.to_dict() for tool in run.tools if tool.type not in known]
        assert kept == [tool for tool in tools if tool["type"] not in known]
        assert run.response_format.type == unknown_format["type"]


def test_the_schema_has_the_fields_the_tests_mutate() -> None:
    props = DEFS["Run"]["properties"]
    for field in ENUM_FIELDS:
        assert field[0] in props
