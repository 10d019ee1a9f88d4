"""Strange but valid specs give valid, round-tripping, type-checked code.

One combined hostile spec (names that are keywords, shadow builtins or generated members,
are not identifiers or collide after sanitising; schema names that collide with each other
or with the package's own names; descriptions and enum values full of quotes, backslashes,
template syntax and control characters; odd paths and operation ids) is generated once
into both targets; the tests import, round-trip, compare the targets and run mypy --strict.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dataclasses
import inspect
import json
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from harness.generate import config_for, generate_inline, import_package
from harness.processes import mypy_strict

SPEC = r"""
openapi: 3.1.0
info:
  title: "Hostile \"\"\" API ''' {{ title }} {% if x %} \\ \u2028 end\""
  version: "1.0-\"quoted\"'"
  description: "\"\"\"\nimport builtins; builtins.HOSTILE_INJECTED = 'info'\n\"\"\""
paths:
  "/things/{thing-id}/sub.dir~x é/{Kind}":
    get:
      operationId: "get thing/{odd}!"
      summary: "Get a thing \"\"\" \\ {{ x }}"
      description: "Ends with a backslash \\"
      parameters:
        - {name: thing-id, in: path, required: true, schema: {type: string}}
        - {name: Kind, in: path, required: true, schema: {type: string, enum: [a/b, "c d"]}}
        - {name: from, in: query, schema: {type: string}}
        - {name: json, in: query, schema: {type: integer}}
        - {name: warnings, in: query, schema: {type: boolean}}
        - {name: self, in: query, schema: {type: string}}
        - {name: timeout, in: query, schema: {type: number}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      description: "Quotes \"\"\" and ''' and a backslash \\ and {{ jinja }} {% block %} {# c #}\n\ncontrol \0 \x1b \x7f \u2028 \u2029 \ufeff \x85 tab\there, and it ends with a quote\""
      required: [class, 1st-place]
      properties:
        class: {type: string, description: "ends with a backslash \\"}
        from: {type: [integer, 'null'], description: 'ends with a quote "'}
        self: {type: string, description: "\"\"\"); import builtins; builtins.HOSTILE_INJECTED = 'field' #"}
        None: {type: string}
        True: {type: boolean}
        null: {type: string}
        on: {type: string}
        200: {type: string}
        1st-place: {type: string}
        a b: {type: string}
        a_b: {type: string}
        a-b: {type: string}
        "": {type: [string, 'null']}
        " ": {type: string}
        "é": {type: string}
        "e": {type: string}
        "日本": {type: string}
        "x\"); import os #": {type: string}
        __init__: {type: string}
        __class__: {type: string}
        to_dict: {type: string}
        from_dict: {type: string}
        to_json: {type: string}
        from_json: {type: string}
        model_config: {type: string}
        model_fields: {type: string}
        schema: {type: string}
        copy: {type: string}
        _present: {type: string}
        _nulls: {type: string}
        absent: {type: [integer, "null"]}
        _extra: {type: string}
        _OPTIONAL: {type: string}
        _KNOWN: {type: string}
        cls: {type: string}
        data: {type: string}
        v: {type: string}
        str: {type: string}
        int: {type: integer}
        Optional: {type: string}
        List: {type: string}
        Field: {type: string}
        field: {type: string}
        type: {type: string}
        object: {type: string}
        Tree: {type: string}
        model_validator: {type: boolean}
        classmethod: {type: string}
        Callable: {type: string}
        frozenset: {type: string}
        "😀": {type: string}
        mood: {enum: ["😀", "𠀋", "\U0001F600x"]}
        kind:
          enum: ["a\"b", "c\\d", "e\nf", "'''", "\"\"\"", "{{ x }}", "{% y %}", "\u2028", "\0", "", " ", "ends\\"]
        number: {enum: [0, -1, 9007199254740993, 010]}
        huge: {enum: [1, 9223372036854775808, -9223372036854775809]}
        answer: {enum: [yes, no, on, off, 12:30]}
        tree: {$ref: '#/components/schemas/Tree'}
        server: {$ref: '#/components/schemas/HTTPServer'}
        http_server: {$ref: '#/components/schemas/HttpServer'}
        pet:
          oneOf:
            - $ref: '#/components/schemas/pets~1cat'
            - $ref: '#/components/schemas/pets~0dog'
          discriminator:
            propertyName: kind
            mapping: {meow: '#/components/schemas/pets~1cat', woof: '#/components/schemas/pets~0dog'}
        collisions:
          type: object
          properties:
            foo_bar_dash: {$ref: '#/components/schemas/Foo-Bar'}
            foo_bar: {$ref: '#/components/schemas/FooBar'}
            foo_bar_underscore: {$ref: '#/components/schemas/Foo_Bar'}
            client: {$ref: '#/components/schemas/Client'}
            open_ai: {$ref: '#/components/schemas/OpenAI'}
            async_open_ai: {$ref: '#/components/schemas/AsyncOpenAI'}
            response: {$ref: '#/components/schemas/Response'}
            validation_error: {$ref: '#/components/schemas/ValidationError'}
            list: {$ref: '#/components/schemas/List'}
            optional: {$ref: '#/components/schemas/Optional'}
            model_base: {$ref: '#/components/schemas/ModelBase'}
            missing: {$ref: '#/components/schemas/MISSING'}
            base_model: {$ref: '#/components/schemas/BaseModel'}
            none: {$ref: '#/components/schemas/none'}
            digits: {$ref: '#/components/schemas/123'}
            unicode: {$ref: '#/components/schemas/Ünïcode'}
            headers: {$ref: '#/components/schemas/Headers'}
            api_response: {$ref: '#/components/schemas/APIResponse'}
            beta: {$ref: '#/components/schemas/Things'}
    Tree:
      type: object
      description: "A recursive type."
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
        parent: {$ref: '#/components/schemas/Tree'}
        by_name: {type: object, additionalProperties: {$ref: '#/components/schemas/Tree'}}
    pets/cat: {type: object, properties: {kind: {type: string}, purr: {type: boolean}}}
    pets~dog: {type: object, properties: {kind: {type: string}, bark: {type: boolean}}}
    HTTPServer:
      oneOf: [{type: string}, {type: integer}]
    HttpServer:
      oneOf: [{type: boolean}, {type: array, items: {type: string}}]
    Foo-Bar: {type: object, properties: {dash: {type: string}}}
    FooBar: {type: object, properties: {plain: {type: string}}}
    Foo_Bar: {type: object, properties: {underscore: {type: string}}}
    Client: {type: object, properties: {c: {type: string}}}
    OpenAI: {type: object, properties: {o: {type: string}}}
    AsyncOpenAI: {type: object, properties: {ao: {type: string}}}
    Response: {type: object, properties: {r: {type: string}}}
    ValidationError: {type: object, properties: {ve: {type: string}}}
    List: {type: object, properties: {l: {type: string}}}
    Optional: {type: object, properties: {op: {type: string}}}
    ModelBase: {type: object, properties: {mb: {type: string}}}
    MISSING: {type: object, properties: {mi: {type: string}}}
    BaseModel: {type: object, properties: {bm: {type: string}}}
    none: {type: object, properties: {n: {type: string}}}
    "123": {type: object, properties: {d: {type: string}}}
    Ünïcode: {type: object, properties: {u: {type: string}}}
    Headers: {type: object, properties: {h: {type: string}}}
    APIResponse: {type: object, properties: {ar: {type: string}}}
    Things: {type: object, properties: {t: {type: string}}}
"""

# schemas named like the client classes must be renamed by the config (else a config error)
CONFIG = config_for({'"get thing/{{odd}}!"': "things.get"}, sync_class="OpenAI", async_class="AsyncOpenAI") + (
    "\nschemas:\n  rename:\n    OpenAI: OpenAIModel\n    AsyncOpenAI: AsyncOpenAIModel\n"
)

# JSON name -> the attribute both targets must use for it (the one naming function:
# identifiers that are safe stay as they are, whatever their position; everything else is
# spelled safely and suffixed until free)
EXPECTED_ATTRIBUTES = {
    "class": "class_",
    "from": "from_",
    "self": "self_",
    "None": "None_",
    "True": "True_",
    "null": "null",
    "on": "on",
    "200": "n200",
    "1st-place": "n1st_place",
    "a b": "a_b_",
    "a_b": "a_b",
    "a-b": "a_b__",
    "": "empty",
    " ": "u0020",
    "é": "e_",
    "e": "e",
    "日本": "u65e5_u672c",
    'x"); import os #': "x_import_os",
    "__init__": "init",
    "__class__": "class__",
    "to_dict": "to_dict_",
    "from_dict": "from_dict_",
    "to_json": "to_json_",
    "from_json": "from_json_",
    "model_config": "model_config_",
    "model_fields": "model_fields_",
    "schema": "schema_",
    "copy": "copy_",
    "_present": "present",
    "_nulls": "nulls",
    "absent": "absent",
    "_extra": "extra",
    "_OPTIONAL": "OPTIONAL",
    "_KNOWN": "KNOWN",
    "cls": "cls_",
    "data": "data",
    "v": "v",
    "str": "str_",
    "int": "int_",
    "Optional": "Optional_",
    "List": "List_",
    "Field": "Field_",
    "field": "field_",
    "type": "type",
    "object": "object",
    "Tree": "Tree_",  # the class `Tree` is used in this class's annotations
    # evaluated in the class body (decorators, class attribute values, annotations)
    "model_validator": "model_validator_",
    "classmethod": "classmethod_",
    "Callable": "Callable_",
    "frozenset": "frozenset_",
    "😀": "u1f600",  # outside the Basic Multilingual Plane: one code point, not a surrogate pair
    "mood": "mood",
    "kind": "kind",
    "number": "number",
    "huge": "huge",  # beyond 64 bits: no Literal (type checkers refuse it), a plain int
    "answer": "answer",
    "tree": "tree",
    "server": "server",
    "http_server": "http_server",
    "pet": "pet",
    "collisions": "collisions",
}

FULL = {
    "class": "c",
    "1st-place": "first",
    "from": 1,
    "self": "s",
    "None": "n",
    "True": True,
    "null": "nul",
    "on": "yes",
    "200": "ok",
    "a b": "space",
    "a_b": "underscore",
    "a-b": "dash",
    "": "empty",
    " ": "blank",
    "é": "accent",
    "e": "plain e",
    "日本": "nihon",
    'x"); import os #': "quote",
    "__init__": "dunder",
    "__class__": "dunder class",
    "to_dict": "t",
    "from_dict": "f",
    "to_json": "tj",
    "from_json": "fj",
    "model_config": "mc",
    "model_fields": "mf",
    "schema": "sc",
    "copy": "cp",
    "_present": "p",
    "_nulls": "nu",
    "absent": None,
    "_extra": "x",
    "_OPTIONAL": "o",
    "_KNOWN": "k",
    "cls": "cl",
    "data": "d",
    "v": "v",
    "str": "st",
    "int": 3,
    "Optional": "op",
    "List": "li",
    "Field": "Fi",
    "field": "fi",
    "type": "ty",
    "object": "ob",
    "Tree": "tr",
    "model_validator": False,
    "classmethod": "cm",
    "Callable": "ca",
    "frozenset": "fs",
    "😀": "grin",
    "mood": "𠀋",
    "kind": "e\nf",
    "number": 9007199254740993,
    "huge": 9223372036854775808,
    "answer": "on",
    "tree": {"children": [{"parent": {}}, {"by_name": {"a": {"children": []}}}]},
    "server": 8080,
    "http_server": ["a", "b"],
    "pet": {"kind": "woof", "bark": True},
    "collisions": {
        "foo_bar_dash": {"dash": "1"},
        "foo_bar": {"plain": "2"},
        "foo_bar_underscore": {"underscore": "3"},
        "client": {"c": "c"},
        "open_ai": {"o": "o"},
        "async_open_ai": {"ao": "ao"},
        "response": {"r": "r"},
        "validation_error": {"ve": "ve"},
        "list": {"l": "l"},
        "optional": {"op": "op"},
        "model_base": {"mb": "mb"},
        "missing": {"mi": "mi"},
        "base_model": {"bm": "bm"},
        "none": {"n": "n"},
        "digits": {"d": "d"},
        "unicode": {"u": "u"},
        "headers": {"h": "h"},
        "api_response": {"ar": "ar"},
        "beta": {"t": "t"},
    },
    "an unknown key": {"kept": ["as", "sent"]},
}

# the literal text of the path template is percent-encoded too (space, non-ASCII)
ODD_PATH = "/things/a%2Fb%20c/sub.dir~x%20%C3%A9/c%20d"

DOCUMENTS = [
    FULL,
    {"class": "c", "1st-place": "p"},
    {"class": "", "1st-place": "", "from": None, "": None, "kind": "not listed", "server": "s", "http_server": True},
    {"class": "c", "1st-place": "p", "kind": "ends\\", "tree": {"children": []}, "unknown": None},
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return generate_inline(tmp_path_factory.mktemp("hostile"), SPEC, CONFIG)


@pytest.fixture(scope="module")
def targets(generated: tuple[Path, dict[str, str]]) -> tuple[ModuleType, ModuleType]:
    out, names = generated
    before = set(vars(builtins))
    pkgs = import_package(out, names["pydantic"]), import_package(out, names["dataclass"])
    assert set(vars(builtins)) == before, "importing the generated code ran spec text"
    return pkgs


def test_spec_text_is_never_code(generated: tuple[Path, dict[str, str]], targets: tuple[ModuleType, ModuleType]) -> None:
    """No name, attribute or import from the spec's text appears in the syntax tree: spec
    strings only ever land inside string literals, docstrings and comments."""
    out, names = generated
    assert not hasattr(builtins, "HOSTILE_INJECTED")
    for package in names.values():
        for path in sorted((out / package).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute):
                    assert node.attr != "HOSTILE_INJECTED", path
                if isinstance(node, ast.Name):
                    assert node.id != "HOSTILE_INJECTED", path
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    modules = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                    assert "builtins" not in modules, (path, ast.dump(node))


def test_attribute_names(targets: tuple[ModuleType, ModuleType]) -> None:
    pydantic_pkg, dataclass_pkg = targets
    by_alias = {
        (name if info.alias is None else info.alias): name for name, info in pydantic_pkg.Thing.model_fields.items()
    }
    assert by_alias == EXPECTED_ATTRIBUTES
    names = [f.name for f in dataclasses.fields(dataclass_pkg.Thing) if not f.name.startswith("_")]
    assert names == list(EXPECTED_ATTRIBUTES.values())


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_round_trip_in_both_targets(targets: tuple[ModuleType, ModuleType], index: int) -> None:
    document = DOCUMENTS[index]
    dicts = []
    for pkg in targets:
        thing = pkg.Thing.from_dict(copy.deepcopy(document))
        assert thing.to_dict() == document, pkg.__name__
        assert json.loads(thing.to_json()) == document, pkg.__name__
        assert pkg.Thing.from_json(json.dumps(document)).to_dict() == document, pkg.__name__
        dicts.append(thing.to_dict())
    assert dicts[0] == dicts[1]


def test_unknown_keys_spelled_like_attributes_are_kept(targets: tuple[ModuleType, ModuleType]) -> None:
    document = {"class": "c", "1st-place": "p", "from_": "kept", "class_": 1, "a_b_": "kept too"}
    for pkg in targets:
        thing = pkg.Thing.from_dict(copy.deepcopy(document))
        assert thing.from_ is None and thing.to_dict() == document, pkg.__name__


def test_attributes_hold_the_values(targets: tuple[ModuleType, ModuleType]) -> None:
    for pkg in targets:
        thing = pkg.Thing.from_dict(copy.deepcopy(FULL))
        for json_name, attribute in EXPECTED_ATTRIBUTES.items():
            value = getattr(thing, attribute)
            if isinstance(FULL[json_name], dict):
                assert value.to_dict() == FULL[json_name], (pkg.__name__, attribute)
            else:
                assert value == FULL[json_name], (pkg.__name__, attribute)
        assert thing.collisions.validation_error.ve == "ve"


def test_every_enum_value_round_trips(targets: tuple[ModuleType, ModuleType]) -> None:
    values = ['a"b', "c\\d", "e\nf", "'''", '"""', "{{ x }}", "{% y %}", "\u2028", "\0", "", " ", "ends\\"]
    for pkg in targets:
        for value in values:
            doc = {"class": "c", "1st-place": "p", "kind": value}
            assert pkg.Thing.from_dict(doc).to_dict() == doc


def test_enum_literals_hold_the_code_points_of_the_spec(targets: tuple[ModuleType, ModuleType]) -> None:
    """Characters outside the Basic Multilingual Plane are one code point in the generated
    literal (not a JSON-style surrogate pair, which Python reads as two lone surrogates)."""

    def literals(annotation: Any) -> set[Any]:
        if typing.get_origin(annotation) is typing.Literal:
            return set(typing.get_args(annotation))
        return {v for arg in typing.get_args(annotation) for v in literals(arg)}

    for pkg in targets:
        hints = typing.get_type_hints(pkg.Thing)
        assert literals(hints["mood"]) == {"\U0001F600", "\U0002000B", "\U0001F600x"}, pkg.__name__


def test_plain_scalars_are_read_as_yaml_1_2(targets: tuple[ModuleType, ModuleType]) -> None:
    """`yes`, `no`, `on`, `off`, `12:30` are strings in YAML 1.2 (OpenAPI 3.1); `010` is ten."""
    pydantic_pkg = targets[0]
    # Optional[Union[Literal[...], str]] is Union[Literal[...], str, None]
    answer = typing.get_args(pydantic_pkg.Thing.model_fields["answer"].annotation)
    assert answer[0] == typing.Literal["yes", "no", "on", "off", "12:30"]
    number = typing.get_args(pydantic_pkg.Thing.model_fields["number"].annotation)
    assert number[0] == typing.Literal[0, -1, 9007199254740993, 10]
    for pkg in targets:
        for value in ("yes", "no", "on", "off", "12:30"):
            assert pkg.Thing.from_dict({"class": "c", "1st-place": "p", "answer": value}).answer == value
        with pytest.raises(ValueError) as info:
            pkg.Thing.from_dict({"class": "c", "1st-place": "p", "answer": True})
        assert info.value.path == "answer"


def test_wrong_types_name_the_field_by_its_json_name(targets: tuple[ModuleType, ModuleType]) -> None:
    cases = [
        ({"class": 1, "1st-place": "p"}, "class"),
        ({"class": "c"}, "1st-place"),
        ({"class": "c", "1st-place": "p", "a b": 1}, "a b"),
        ({"class": "c", "1st-place": "p", "from": "1"}, "from"),
        ({"class": "c", "1st-place": "p", "True": "yes"}, "True"),
        ({"class": "c", "1st-place": "p", "tree": {"children": [{"parent": []}]}}, "tree.children[0].parent"),
        ({"class": "c", "1st-place": "p", "server": 1.5}, "server"),
        ({"class": "c", "1st-place": "p", "http_server": 5}, "http_server"),
        ({"class": "c", "1st-place": "p", "http_server": ["a", 1]}, "http_server[1]"),
        ({"class": "c", "1st-place": "p", "collisions": {"validation_error": {"ve": 1}}}, "collisions.validation_error.ve"),
    ]
    for pkg in targets:
        for data, path in cases:
            with pytest.raises(ValueError) as info:
                pkg.Thing.from_dict(data)
            assert info.value.path == path, (pkg.__name__, data, str(info.value))


def test_unions_with_colliding_snake_names_keep_their_own_arms(targets: tuple[ModuleType, ModuleType]) -> None:
    """`HTTPServer` and `HttpServer` are both `http_server` in snake case."""
    for pkg in targets:
        assert pkg.Thing.from_dict({"class": "c", "1st-place": "p", "server": 1, "http_server": False}).server == 1
        with pytest.raises(ValueError):
            pkg.Thing.from_dict({"class": "c", "1st-place": "p", "server": True})


def test_discriminator_mapping_to_pointer_escaped_schema_keys(targets: tuple[ModuleType, ModuleType]) -> None:
    """`#/components/schemas/pets~1cat` is the schema `pets/cat`; the mapping picks it."""
    for pkg in targets:
        cat = pkg.Thing.from_dict({"class": "c", "1st-place": "p", "pet": {"kind": "meow", "purr": True}}).pet
        dog = pkg.Thing.from_dict({"class": "c", "1st-place": "p", "pet": {"kind": "woof", "bark": True}}).pet
        assert (type(cat).__name__, cat.purr) == ("PetsCat", True)
        assert (type(dog).__name__, dog.bark) == ("PetsDog", True)
        with pytest.raises(ValueError) as info:
            pkg.Thing.from_dict({"class": "c", "1st-place": "p", "pet": {"kind": "meow", "purr": "yes"}})
        assert info.value.path == "pet.purr"


def test_schema_names_do_not_shadow_the_package(targets: tuple[ModuleType, ModuleType]) -> None:
    for pkg in targets:
        assert issubclass(pkg.ValidationError, ValueError)
        assert hasattr(pkg.OpenAI, "__init__") and "things" in pkg.OpenAI.__annotations__
        exported = set(pkg.__all__)
        for name in ("OpenAIModel", "ClientModel", "ResponseModel", "ValidationErrorModel", "ListModel",
                     "OptionalModel", "ModelBaseModel", "MISSINGModel", "BaseModelModel", "FooBar",
                     "FooBarModel", "NoneModel", "M123", "Unicode", "HeadersModel", "APIResponseModel",
                     "Things"):
            assert name in exported, (pkg.__name__, name, sorted(exported))
        # three schemas whose names collide after sanitising: three distinct classes
        classes = {getattr(pkg, n) for n in ("FooBar", "FooBarModel")} | {
            type(pkg.Thing.from_dict({"class": "c", "1st-place": "p", "collisions": {"foo_bar_underscore": {}}}).collisions.foo_bar_underscore)
        }
        assert len(classes) == 3


def test_docstrings_keep_the_text(targets: tuple[ModuleType, ModuleType]) -> None:
    for pkg in targets:
        doc = pkg.Thing.__doc__
        for fragment in ('"""', "'''", "\\", "{{ jinja }}", "{% block %}", "{# c #}", "\u2028", "\x1b", "\0",
                         'ends with a quote"'):
            assert fragment in doc, (pkg.__name__, fragment, doc)
        assert pkg.Tree.__doc__ == "A recursive type."
        models = __import__(pkg.__name__ + ".models", fromlist=["models"])
        assert '"""' in models.__doc__ and "{{ title }}" in models.__doc__


def test_client_method_parameters_are_safe(targets: tuple[ModuleType, ModuleType]) -> None:
    for pkg in targets:
        client = pkg.OpenAI(api_key="k")
        try:
            parameters = list(inspect.signature(client.things.get).parameters)
        finally:
            client.close()
        # the last path parameter is positional, the others keyword-only (as in `cancel(run_id, thread_id=...)`)
        assert parameters[:2] == ["kind", "thing_id"]
        for name in ("from_", "json_", "warnings_", "self_", "timeout_", "extra_headers", "timeout"):
            assert name in parameters, (pkg.__name__, parameters)


def test_client_sends_the_odd_path(targets: tuple[ModuleType, ModuleType]) -> None:
    httpx2 = pytest.importorskip("httpx2")
    seen: list[Any] = []

    def handler(request: Any) -> Any:
        seen.append(request)
        return httpx2.Response(200, json={"class": "c", "1st-place": "p", "from": 2})

    pydantic_pkg = targets[0]
    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    client = pydantic_pkg.OpenAI(api_key="k", http_client=http)
    thing = client.things.get("c d", thing_id="a/b c", from_="x", json_=1, warnings_=True)
    assert thing.from_ == 2
    (request,) = seen
    assert request.url.raw_path.decode().split("?")[0] == ODD_PATH
    query = dict(request.url.params)
    assert query["from"] == "x" and query["json"] == "1" and "warnings" in query
    http.close()


def test_stdlib_client_sends_the_odd_path(targets: tuple[ModuleType, ModuleType]) -> None:
    from harness.server import ScriptedServer

    server = ScriptedServer().start()
    try:
        server.reply(200, {"class": "c", "1st-place": "p", "from": 2})
        client = targets[1].OpenAI(api_key="k", base_url=server.url, max_retries=0)
        assert client.things.get("c d", thing_id="a/b c", from_="x").from_ == 2
        client.close()
    finally:
        server.stop()
    assert server.requests[0].path == ODD_PATH


def test_mypy_strict_accepts_the_hostile_packages(generated: tuple[Path, dict[str, str]]) -> None:
    out, names = generated
    result = mypy_strict(*(out / name for name in names.values()))
    assert result.returncode == 0, result.stdout + result.stderr
