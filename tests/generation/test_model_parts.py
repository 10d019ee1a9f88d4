"""A large package's pydantic models are split into parts imported on first use
(generator/layout.py), and every way of reaching a model keeps working: the package root,
`pkg.models`, `from pkg.models import X`, isinstance, pickling, type checkers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator import layout
from tests.harness.generate import generate_inline, spec_with_schemas
from tests.harness.processes import mypy_strict, run_python

BRANCHES, LEAVES = 10, 16  # 160 leaves + 10 branches + the rest: more than layout.SPLIT_ABOVE


def big_schemas() -> str:
    """Thing -> Branch{i} -> Leaf{i}x{j} (and Shared); Branch0 also holds a recursive pair
    (Node <-> Tree) and a discriminated union (Pet)."""
    out = ["Thing:\n  type: object\n  required: [id]\n  properties:\n    id: {type: string}\n"]
    out += [f"    b{i}: {{$ref: '#/components/schemas/Branch{i}'}}\n" for i in range(BRANCHES)]
    for i in range(BRANCHES):
        out.append(f"Branch{i}:\n  type: object\n  properties:\n    shared: {{$ref: '#/components/schemas/Shared'}}\n")
        out += [f"    l{j}: {{$ref: '#/components/schemas/Leaf{i}x{j}'}}\n" for j in range(LEAVES)]
        if i == 0:
            out.append("    node: {$ref: '#/components/schemas/Node'}\n    pet: {$ref: '#/components/schemas/Pet'}\n")
        out += [
            f"Leaf{i}x{j}:\n  type: object\n  required: [value]\n  properties:\n"
            f"    value: {{type: integer}}\n    kind: {{type: string, enum: [a, b]}}\n"
            for j in range(LEAVES)
        ]
    out.append(
        textwrap.dedent("""\
        Shared:
          type: object
          properties:
            tag: {type: string}
        Node:
          type: object
          properties:
            name: {type: string}
            children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            tree: {$ref: '#/components/schemas/Tree'}
        Tree:
          type: object
          properties:
            root: {$ref: '#/components/schemas/Node'}
        Cat:
          type: object
          required: [type]
          properties:
            type: {type: string, enum: [cat]}
            lives: {type: integer}
        Dog:
          type: object
          required: [type]
          properties:
            type: {type: string, enum: [dog]}
            good: {type: boolean}
        Pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator: {propertyName: type}
        """)
    )
    return "".join(out)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return generate_inline(tmp_path_factory.mktemp("parts"), spec_with_schemas(big_schemas()))


def test_a_large_package_gets_parts_and_a_small_one_none(big: tuple[Path, dict[str, str]]) -> None:
    out, names = big
    parts = sorted(p.name for p in (out / names["pydantic"]).glob("_models_*.py"))
    assert len(parts) > 2, parts
    assert not list((out / names["dataclass"]).glob("_models_*.py"))  # one models.py there
    assert not list(Path("generated/openai_runs").glob("_models_*.py"))  # below SPLIT_ABOVE


def test_import_loads_no_model_and_first_use_loads_only_what_it_needs(big: tuple[Path, dict[str, str]]) -> None:
    out, names = big
    pkg = names["pydantic"]
    code = f"""
        import sys
        import {pkg} as pkg
        assert "pydantic" not in sys.modules and "{pkg}.models" not in sys.modules, sorted(sys.modules)
        leaf = pkg.Leaf3x4.from_dict({{"value": 1, "kind": "zzz"}})
        assert leaf.to_dict() == {{"value": 1, "kind": "zzz"}}
        loaded = [m for m in sys.modules if m.startswith("{pkg}._models_")]
        print(len(loaded), len(pkg.models._LAZY))
        """
    result = run_python(code, out)
    assert result.returncode == 0, result.stderr
    used, total = map(int, result.stdout.split())
    assert 1 <= used < total, (used, total)


def test_every_way_to_a_model_gives_the_same_class(big: tuple[Path, dict[str, str]]) -> None:
    out, names = big
    pkg = names["pydantic"]
    code = f"""
        import pickle
        import {pkg} as pkg
        import {pkg}.models
        from {pkg} import Thing
        from {pkg}.models import Node, Branch0, Cat
        assert pkg.models.Thing is Thing is {pkg}.models.Thing
        data = {{"id": "t", "b0": {{"node": {{"name": "a", "children": [{{"name": "b", "tree": {{"root": {{"name": "c"}}}}}}]}},
                                   "pet": {{"type": "cat", "lives": 9}}, "shared": {{"tag": "x"}}, "l15": {{"value": 2}}}},
                "b9": {{"l0": {{"value": 3, "kind": "a"}}}}}}
        thing = Thing.from_dict(data)
        assert thing.to_dict() == data
        assert isinstance(thing.b0, Branch0) and isinstance(thing.b0.node.children[0], Node)
        assert isinstance(thing.b0.node.children[0].tree.root, pkg.Node)
        assert isinstance(thing.b0.pet, Cat) and type(thing.b9.l0).__name__ == "Leaf9x0"
        assert pickle.loads(pickle.dumps(thing)) == thing
        assert set(pkg.models.__all__) <= set(dir(pkg.models)) and "Leaf9x15" in pkg.models.__all__
        try:
            pkg.models.Nothing
        except AttributeError as exc:
            assert "Nothing" in str(exc)
        else:
            raise SystemExit("no AttributeError")
        try:
            Thing.from_dict({{"id": "t", "b4": {{"l3": {{"value": "1"}}}}}})
        except ValueError as exc:
            assert "b4.l3.value" in str(exc), str(exc)
        else:
            raise SystemExit("no ValueError")
        print("ok")
        """
    result = run_python(code, out)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def test_type_checkers_see_every_model(big: tuple[Path, dict[str, str]]) -> None:
    """mypy --strict passes on the split package, and sees real classes through the index and
    the root (a wrong use is an error, not Any)."""
    out, names = big
    pkg = names["pydantic"]
    user = out / "user_code.py"
    user.write_text(
        f"from {pkg} import Thing\nfrom {pkg}.models import Leaf7x7\n\n"
        f"thing = Thing.from_dict({{}})\nname: int = thing.id\nvalue: str = Leaf7x7.from_dict({{\"value\": 1}}).value\n",
        encoding="utf-8",
    )
    result = mypy_strict(out / pkg, cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr
    result = mypy_strict(user, cwd=out)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2 and all("Incompatible types in assignment" in e for e in errors), result.stdout


def test_parts_keep_references_acyclic_and_components_together() -> None:
    """Each part imports only parts without a path back to it; a cycle of references stays in
    one part."""
    graph = {"A": ["B"], "B": ["C", "A"], "C": [], "D": ["C"], "E": ["E"]}
    component = layout.components(graph)
    assert component["A"] == component["B"] != component["C"]
    assert len({component["C"], component["D"], component["E"], component["A"]}) == 4
