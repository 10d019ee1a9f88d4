"""Names: generator/naming.py, the one naming function, checked directly and against what
the generated packages actually define (so a template that adds a module-level name must
also reserve it, or a schema of that name would shadow it); and JSON names that are not
Python, generated from inline specs into both targets."""

from __future__ import annotations

import ast
import keyword
from pathlib import Path

import pydantic
from harness.generate import generate_models as build
from harness.models import both
from harness.paths import GENERATED, PACKAGES
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.naming import (
    RESERVED_MEMBERS,
    RESERVED_TOP_LEVEL,
    NameSpace,
    attribute_name,
    attribute_names,
    class_name,
    parameter_name,
)


def _safe(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name) and not name.startswith("_")


def test_pydantic_base_model_members_are_reserved() -> None:
    public = {name for name in dir(pydantic.BaseModel) if not name.startswith("_")}
    assert public <= RESERVED_MEMBERS, sorted(public - RESERVED_MEMBERS)


def test_generated_module_level_names_are_reserved() -> None:
    """Every name the package root and the client modules define or import (besides the
    spec's own classes) is reserved: those modules import the spec's classes too."""
    for package in PACKAGES:
        folder = GENERATED / package
        declared = set(ast.literal_eval(_assigned(folder / "models.py", "__all__")))
        for path in sorted(folder.glob("*.py")):
            source = path.read_text(encoding="utf-8")
            if path.name != "__init__.py" and "from .models import" not in source:
                continue
            names = _module_names(ast.parse(source)) - declared
            names = {n for n in names if not n.startswith("_") and n != "__all__" and not n.endswith("WithRawResponse")}
            resources = {n for n in names if n.startswith(("Beta", "AsyncBeta"))}  # claimed in lower
            assert names - resources <= RESERVED_TOP_LEVEL, (path, sorted(names - resources - RESERVED_TOP_LEVEL))


def _assigned(path: Path, target: str) -> str:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == target for t in node.targets):
            return ast.unparse(node.value)
    raise AssertionError(f"{target} not in {path}")


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.If):  # `if sys.version_info ...:` / `if TYPE_CHECKING:` blocks
            names |= _module_names(ast.Module(body=node.body + node.orelse, type_ignores=[]))
    return names


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=6), unique=True, max_size=8), st.sets(st.text(max_size=6), max_size=4))
def test_attribute_names_are_safe_and_distinct(json_names: list[str], reserved: set[str]) -> None:
    names = attribute_names(json_names, frozenset(reserved))
    assert len(set(names)) == len(names)
    for json_name, name in zip(json_names, names, strict=True):
        assert _safe(name), (json_name, name)
        assert name not in RESERVED_MEMBERS and name not in reserved
        if _safe(json_name) and json_name not in RESERVED_MEMBERS and json_name not in reserved:
            assert name == json_name  # a safe identifier keeps its spelling, wherever it stands


def test_attribute_names_prefer_exact_identifiers() -> None:
    assert attribute_names(["a b", "a_b", "a-b"]) == ("a_b_", "a_b", "a_b__")
    assert attribute_names(["from", "from_"]) == ("from__", "from_")
    assert attribute_names(["", " ", "日本", "é", "1x", "_x", "__init__"]) == (
        "empty", "u0020", "u65e5_u672c", "e", "n1x", "x", "init",
    )
    assert attribute_names(["Run", "status"], frozenset({"Run"})) == ("Run_", "status")
    assert attribute_name("to_dict") == "to_dict_"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=8), st.sets(st.text(max_size=6), max_size=4))
def test_parameter_names_shadow_nothing(json_name: str, taken: set[str]) -> None:
    name = parameter_name(json_name, frozenset(taken))
    assert _safe(name) and name not in taken and name not in RESERVED_TOP_LEVEL and name not in RESERVED_MEMBERS
    assert name == name.lower()


def test_parameter_names() -> None:
    assert parameter_name("thread_id") == "thread_id"
    assert parameter_name("runId") == "run_id"
    assert parameter_name("warnings") == "warnings_"
    assert parameter_name("json") == "json_"
    assert parameter_name("from") == "from_"
    assert parameter_name("include[]") == "include"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=6), max_size=8))
def test_class_names_are_unique_identifiers(keys: list[str]) -> None:
    space = NameSpace(RESERVED_TOP_LEVEL)
    names = [space.claim(class_name(key)) for key in keys]
    assert len(set(names)) == len(names)
    for name in names:
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name)
        assert name[0].isupper() and name not in RESERVED_TOP_LEVEL


def test_names_that_are_not_python(tmp_path: Path) -> None:
    pkgs = build(
        tmp_path,
        """
        Thing:
          type: object
          properties:
            from: {type: string}
            class: {type: integer}
            1st-place: {type: string}
            a b: {type: string}
            to_dict: {type: string}
            self: {type: string}
            model_config: {type: string}
        """,
    )
    data = {"from": "x", "class": 1, "1st-place": "gold", "a b": "c", "to_dict": "t", "self": "s", "model_config": "m"}
    for p in both(pkgs, "Thing", data):
        assert p.from_ == "x" and p.class_ == 1 and p.n1st_place == "gold" and p.a_b == "c"
        assert p.to_dict_ == "t" and p.self_ == "s" and p.model_config_ == "m"


def test_schema_named_like_a_generated_resource_class(tmp_path: Path) -> None:
    """Resource classes (`Things`, `AsyncThings`, `ThingsWithRawResponse`) are named in the IR's
    namespace, so a schema that takes one of those names keeps it and both still work."""
    pkgs = build(
        tmp_path,
        """
        ThingsWithRawResponse:
          type: object
          required: [id]
          properties: {id: {type: string}}
        """,
        root="ThingsWithRawResponse",
    )
    both(pkgs, "ThingsWithRawResponse", {"id": "x"})
    client = pkgs[0].Client(api_key="k")
    assert type(client.things.with_raw_response).__name__ != "ThingsWithRawResponse"
    assert callable(client.things.with_raw_response.get)
