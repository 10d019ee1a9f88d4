"""The one nesting limit (MAX_DEPTH = 200 levels, the document counting as one; an empty
`[]` or `{}` may sit one level further) where the dataclass decoders check it as they go:
inside free-form fields, unknown keys, lists of models, recursive models (through arrays and
through unions), typed arrays near the limit, at exactly 200 and 201 levels, via from_dict
and from_json. Both targets give the verdict of a plain walk of the document (`oracle`),
naming the same place, and depth comes first whatever else is wrong."""

from __future__ import annotations

import copy
import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, List, Optional, Tuple, Union

import pytest
from harness.generate import generate_inline, generate_models, spec_with_schemas

MAX_DEPTH = 200

SCHEMAS = """
Node:
  type: object
  required: [name]
  properties:
    name: {type: string}
    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    parent: {anyOf: [{$ref: '#/components/schemas/Node'}, {type: 'null'}]}
    matrix: {type: array, items: {type: array, items: {type: array, items: {type: integer}}}}
    free: {}
    free_map: {type: object, additionalProperties: true}
    free_list: {type: array, items: {}}
    leaf: {$ref: '#/components/schemas/Leaf'}
Leaf:
  type: object
  properties:
    tags: {type: object, additionalProperties: {type: string}}
"""

Path_ = Tuple[Union[str, int], ...]


@pytest.fixture(scope="module")
def pkgs(tmp_path_factory: pytest.TempPathFactory) -> Tuple[ModuleType, ModuleType]:
    return generate_models(tmp_path_factory.mktemp("nesting"), SCHEMAS, root="Node")


def oracle(value: Any, room: int = MAX_DEPTH) -> Optional[Path_]:
    """Where `value` first nests past `room` levels (document order), or None: the rule
    written out plainly, independent of the runtime's walk."""
    if not isinstance(value, (dict, list)):
        return None
    if room == 0:
        return () if value else None
    entries = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in entries:
        found = oracle(item, room - 1)
        if found is not None:
            return (key, *found)
    return None


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def nested(levels: int, leaf: Any = "x") -> Any:
    """`levels` containers within each other (arrays and objects in turn) around `leaf`."""
    value: Any = leaf
    for i in range(levels):
        value = [value] if i % 2 else {"k": value}
    return value


def chain(nodes: int, last: Callable[[dict], None], via: str = "children") -> dict:
    """`nodes` Nodes each inside the one before (through `children` arrays or `parent`
    unions); `last` edits the innermost."""
    innermost: dict = {"name": "n"}
    last(innermost)
    node = innermost
    for _ in range(nodes - 1):
        node = {"name": "n", via: [node] if via == "children" else node}
    return node


def verdicts(pkgs: Tuple[ModuleType, ...], document: Any) -> List[Optional[str]]:
    """The path each target's from_dict and from_json refuse `document` with (None: taken,
    and then it must round-trip)."""
    out: List[Optional[str]] = []
    for pkg in pkgs:
        for parse, data in ((pkg.Node.from_dict, copy.deepcopy(document)), (pkg.Node.from_json, json.dumps(document))):
            try:
                model = parse(data)
            except pkg.ValidationError as exc:
                assert f"deeper than {MAX_DEPTH}" in str(exc), (pkg.__name__, str(exc))
                out.append(exc.path)
            else:
                assert model.to_dict() == document, pkg.__name__
                assert json.loads(model.to_json()) == document, pkg.__name__
                out.append(None)
    return out


def check_pair(pkgs: Tuple[ModuleType, ...], fits: Any, too_deep: Any) -> None:
    """`fits` sits exactly at the limit, `too_deep` one level past it: all four parsers agree
    with the oracle on both."""
    assert oracle(fits) is None and oracle(too_deep) is not None  # the case is what it claims
    assert verdicts(pkgs, fits) == [None] * 4
    path = dotted(oracle(too_deep) or ())
    assert verdicts(pkgs, too_deep) == [path] * 4


def test_free_form_values_at_200_and_201_levels(pkgs: Any) -> None:
    for key in ("free", "free_map", "free_list"):
        wrap = (lambda v: {"k": v}) if key == "free_map" else (lambda v: [v]) if key == "free_list" else (lambda v: v)
        # the field's value sits at level 2: 199 more levels fill the document exactly
        check_pair(pkgs, {"name": "n", key: wrap(nested(MAX_DEPTH - 1 - (key != "free")))},
                   {"name": "n", key: wrap(nested(MAX_DEPTH - (key != "free")))})


def test_an_empty_container_may_sit_one_level_past_the_limit(pkgs: Any) -> None:
    check_pair(pkgs, {"name": "n", "free": nested(MAX_DEPTH - 1, [])}, {"name": "n", "free": nested(MAX_DEPTH - 1, [1])})
    check_pair(pkgs, {"name": "n", "free": nested(MAX_DEPTH - 1, {})}, {"name": "n", "free": nested(MAX_DEPTH - 1, {"a": 1})})


def test_unknown_keys_in_a_model_deep_in_a_list_of_models(pkgs: Any) -> None:
    # children[0] is at level 3; its unknown key's value at level 4
    check_pair(pkgs, {"name": "n", "children": [{"name": "c", "extra": nested(MAX_DEPTH - 3)}]},
               {"name": "n", "children": [{"name": "c", "extra": nested(MAX_DEPTH - 2)}]})


@pytest.mark.parametrize("via", ["children", "parent"])
def test_recursive_models_at_the_limit(pkgs: Any, via: str) -> None:
    per_node = 2 if via == "children" else 1  # a node inside an array, or directly
    nodes = (MAX_DEPTH - 1) // per_node + 1  # the innermost Node at level 199 or 200
    check_pair(pkgs, chain(nodes, lambda n: None, via), chain(nodes + 1, lambda n: None, via))


@pytest.mark.parametrize("via", ["children", "parent"])
def test_typed_arrays_and_maps_in_a_recursive_model_near_the_limit(pkgs: Any, via: str) -> None:
    """The innermost Node sits a few levels under the limit: its typed matrix (the deepest
    typed value of Node, so it sets the room Node checks on entry), its leaf's tags and a
    free-form list cross it with one more element, and stay within it empty."""
    per_node = 2 if via == "children" else 1
    for edit in (
        lambda n, full: n.update(matrix=[[[1]]] if full else [[[]]]),
        lambda n, full: n.update(leaf={"tags": {"a": "b"} if full else {}}),
        lambda n, full: n.update(free_list=[[1]] if full else [[]]),
    ):
        for nodes in range(MAX_DEPTH // per_node - 3, MAX_DEPTH // per_node + 1):
            for full in (False, True):
                document = chain(nodes, lambda n, edit=edit, full=full: edit(n, full), via)
                found = oracle(document)
                expected = None if found is None else dotted(found)
                assert verdicts(pkgs, document) == [expected] * 4, (nodes, full)


def test_depth_is_the_first_verdict_in_both_targets(pkgs: Any) -> None:
    """A wrong type before the deep value in the document, or after it, or in an unknown key:
    both targets name the deep value."""
    deep = nested(MAX_DEPTH)
    for document in (
        {"name": 1, "free": deep},
        {"free": deep, "name": 1},
        {"name": "n", "children": [{"name": 2}], "extra": deep},
        {"name": "n", "leaf": {"tags": {"a": deep}}},
    ):
        path = dotted(oracle(document) or ())
        assert verdicts(pkgs, document) == [path] * 4, document


def test_the_generator_and_runtime_share_the_limit(pkgs: Any) -> None:
    from generator.depth import MAX_DEPTH as generator_limit

    for pkg in pkgs:  # the package root imports its modules lazily
        assert importlib.import_module(f"{pkg.__name__}._validation").MAX_DEPTH == generator_limit == MAX_DEPTH


def test_only_decoders_on_a_cycle_check_their_room_on_entry(tmp_path: Path) -> None:
    """The schema bounds how deep a non-recursive model nests, so its decoder needs no
    check: its callers hand it room enough."""
    out, names = generate_inline(tmp_path, spec_with_schemas(SCHEMAS, "Node"))
    models = (out / names["dataclass"] / "models.py").read_text(encoding="utf-8")
    for name, checks in (("Node", True), ("Leaf", False)):
        decoder = models[models.index(f"def _from_dict_{name}("):]
        assert ("if room < " in decoder[: decoder.index("\n\n\n")]) is checks, name


@pytest.mark.parametrize("via", ["children", "parent"])
def test_far_too_deep_recursive_models_are_refused_where_the_limit_is_crossed(pkgs: Any, via: str) -> None:
    """5,000 nested Nodes (past Python's recursion limit): pydantic validates before it
    walks, the dataclass decoders stop at the limit; both name the same place, no
    RecursionError."""
    document = chain(5000, lambda n: None, via)
    path = dotted(oracle(document) or ())
    for pkg in pkgs:
        with pytest.raises(pkg.ValidationError) as caught:
            pkg.Node.from_dict(document)
        assert caught.value.path == path, pkg.__name__
