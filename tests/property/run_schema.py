"""The `Run` schema of spec/openapi.yaml as a JSON Schema, and Hypothesis strategies over it.

- `RUN_SCHEMA`: `components.schemas.Run` with every component under `$defs` (`$ref`s
  rewritten), OpenAPI-only keywords dropped, and the contract's rule applied: a property
  that may be null may also be absent (it leaves `required`).
- `valid_runs()`: valid instances, built from the schema: objects and arrays are composed
  here (recursive `$ref`s become deferred strategies), scalars come from
  hypothesis-jsonschema. Composing objects ourselves keeps thousands of examples fast;
  `from_schema(RUN_SCHEMA)` is exercised directly too (see `jsonschema_runs`).
- `locations(value)`: every place in an instance the schema describes, with the JSON kinds
  the schema allows there (over every arm of a union), for type mutations.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

import jsonschema
import yaml
from harness.paths import SPEC
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

OPENAPI_ONLY = {"discriminator", "example", "examples", "deprecated", "description", "title", "externalDocs"}
KINDS = ("object", "array", "string", "integer", "number", "boolean", "null")

Location = tuple[Any, ...]  # keys and indexes from the root of an instance


def _convert(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref":
                out[key] = "#/$defs/" + value.rsplit("/", 1)[-1]
            elif key in OPENAPI_ONLY or key.startswith("x-"):
                continue
            elif key == "properties":
                out[key] = {name: _convert(schema) for name, schema in value.items()}
            else:
                out[key] = _convert(value)
        return out
    if isinstance(node, list):
        return [_convert(item) for item in node]
    return node


def _load() -> tuple[dict[str, Any], dict[str, Any]]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    defs = {name: _convert(schema) for name, schema in spec["components"]["schemas"].items()}
    for schema in _all_schemas(defs):
        if isinstance(schema.get("required"), list) and isinstance(schema.get("properties"), dict):
            props = schema["properties"]
            schema["required"] = [
                name for name in schema["required"] if "null" not in kinds_of(props.get(name, {}), defs)
            ]
    run = dict(defs["Run"])
    run["$defs"] = defs
    return run, defs


def _all_schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _all_schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _all_schemas(item)


def resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def kinds_of(schema: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    """The JSON kinds a schema admits ("number" admits integers)."""
    schema = resolve(schema, defs)
    arms = schema.get("oneOf") or schema.get("anyOf")
    if arms:
        return set().union(*(kinds_of(arm, defs) for arm in arms))
    if "const" in schema:
        return {_kind(schema["const"])}
    if "enum" in schema:
        return {_kind(value) for value in schema["enum"]}
    declared = schema.get("type")
    if declared is None:
        if "properties" in schema or "additionalProperties" in schema:
            return {"object"}
        return set(KINDS) if "items" not in schema else {"array"}
    out = set([declared] if isinstance(declared, str) else declared)
    if "number" in out:
        out.add("integer")
    return out


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


RUN_SCHEMA, DEFS = _load()
VALIDATOR = jsonschema.Draft202012Validator(RUN_SCHEMA)


_VALIDATORS: dict[int, tuple[dict[str, Any], jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _VALIDATORS[id(schema)] = (schema, jsonschema.Draft202012Validator({**schema, "$defs": DEFS}))
    return cached[1]


# --- strategies --------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


class _Builder:
    def __init__(self, defs: dict[str, Any], extra_keys: bool) -> None:
        self.defs = defs
        self.extra_keys = extra_keys
        self.refs: dict[str, st.SearchStrategy[Any]] = {}

    def build(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in self.refs:
                self.refs[name] = st.deferred(lambda: self.build(self.defs[name]))
            return self.refs[name]
        arms = schema.get("oneOf") or schema.get("anyOf")
        if arms:
            return st.one_of([self.build(arm) for arm in arms])
        declared = schema.get("type")
        if isinstance(declared, list):
            return st.one_of([self.build({**schema, "type": t}) for t in declared])
        if "enum" in schema or "const" in schema:
            return from_schema(schema)
        if declared == "object" or (declared is None and ("properties" in schema or "additionalProperties" in schema)):
            return self.object(schema)
        if declared == "array" or (declared is None and "items" in schema):
            items = self.build(schema["items"]) if isinstance(schema.get("items"), dict) else JSON_VALUES
            return st.lists(items, min_size=schema.get("minItems", 0), max_size=max(schema.get("minItems", 0), 3))
        if declared is None:
            return JSON_VALUES
        if declared == "null":
            return st.none()
        return from_schema(schema)  # a scalar with its constraints

    def object(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        props = schema.get("properties", {})
        additional = schema.get("additionalProperties", True)
        if not props:
            values = self.build(additional) if isinstance(additional, dict) else JSON_VALUES
            return st.dictionaries(st.text(max_size=10), values, max_size=3)
        required = set(schema.get("required", []))
        known = st.fixed_dictionaries(
            {name: self.build(props[name]) for name in props if name in required},
            optional={name: self.build(props[name]) for name in props if name not in required},
        )
        if not self.extra_keys or additional is False:
            return known
        extras = st.dictionaries(
            st.text(max_size=10).filter(lambda key: key not in props), JSON_VALUES, max_size=2
        )
        return st.builds(lambda a, b: {**b, **a}, known, extras)


def valid_runs(extra_keys: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    return _Builder(DEFS, extra_keys).build(DEFS["Run"])


def jsonschema_runs() -> st.SearchStrategy[dict[str, Any]]:
    """hypothesis-jsonschema over the whole Run schema (slow: a few dozen examples)."""
    return from_schema(RUN_SCHEMA)


# --- where an instance can be mutated ----------------------------------------------------


def locations(value: Any, schema: dict[str, Any] | None = None, at: Location = ()) -> Iterator[tuple[Location, set[str]]]:
    """(location, kinds the schema allows there) for every described place in `value`."""
    schema = resolve(DEFS["Run"] if schema is None else schema, DEFS)
    if at == ():
        yield (), kinds_of(schema, DEFS)
    arms = schema.get("oneOf") or schema.get("anyOf")
    if arms:
        for arm in arms:
            if _validator(arm).is_valid(value):
                yield from locations(value, arm, at)
                return
        return
    if isinstance(value, dict):
        props = schema.get("properties")
        additional = schema.get("additionalProperties")
        for key, child in value.items():
            if isinstance(props, dict) and key in props:
                sub = props[key]
            elif not props and isinstance(additional, dict):
                sub = additional
            else:
                continue  # an unknown key: anything goes
            yield at + (key,), kinds_of(sub, DEFS)
            yield from locations(child, sub, at + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, child in enumerate(value):
            yield at + (index,), kinds_of(schema["items"], DEFS)
            yield from locations(child, schema["items"], at + (index,))


WRONG_VALUES: dict[str, list[Any]] = {
    "integer": ["2", True, 2.5],
    "number": ["1.5", False],
    "string": [1, True, ["a"]],
    "boolean": ["yes", 1, "true"],
    "object": [["a"], "x", 1],
    "array": [{"a": 1}, "x", 2],
}


def wrong_value(current: Any, allowed: set[str]) -> Any:
    """A value of a JSON kind the schema does not allow here, or None when every kind is."""
    for candidate in WRONG_VALUES.get(_kind(current), []) + ["x", 1, True, ["a"], {"a": 1}, 2.5]:
        kind = _kind(candidate)
        if kind not in allowed and not (kind == "integer" and "number" in allowed):
            return candidate
    return None


def set_at(document: Any, at: Location, value: Any) -> Any:
    document = copy.deepcopy(document)
    target = document
    for part in at[:-1]:
        target = target[part]
    target[at[-1]] = value
    return document


def format_path(at: Location) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
