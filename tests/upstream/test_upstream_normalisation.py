"""Each normalisation the official document needs, on a tiny inline spec: what it lowers
to, and what is reported (with FILE:LINE:COL) when a construct is not supported."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from harness.generate import config_for, generate_inline, import_package, run_generator, write_inputs

from generator import ir
from generator.diagnostics import Problem
from generator.pipeline import build_package

HEAD = "openapi: 3.1.0\ninfo: {title: Test, version: 1.0.0}\n"

# one GET returning `Thing`, one POST whose body is `CreateThingBody` and one list operation
OPERATIONS = """\
paths:
  /things/{thing_id}:
    get:
      operationId: getThing
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CreateThingBody'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
    get:
      operationId: listThings
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, default: 20}}
        - {name: 'ids[]', in: query, schema: {type: array, items: {type: string}}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingPage'}
"""

COMPONENTS = """\
Thing:
  type: object
  required: [id, created_at, kind, tags]
  properties:
    id: {type: string}
    created_at: {type: integer, format: unixtime}
    kind: {type: string, enum: [thing], x-stainless-const: true}
    tags: {type: array, maxItems: 2, default: [], items: {type: string}}
    size: {$ref: '#/components/schemas/Size', nullable: true}
    owner: {allOf: [{$ref: '#/components/schemas/Owner'}, {nullable: true}]}
    note: {anyOf: [{type: string}, {type: 'null'}]}
    model: {anyOf: [{type: string}, {$ref: '#/components/schemas/ModelName'}]}
    shape:
      oneOf:
        - type: object
          title: A round shape
          properties:
            type: {type: string, enum: [circle], x-stainless-const: true}
            radius: {type: number}
          required: [type]
        - type: object
          title: A square shape
          properties:
            type: {type: string, enum: [square], x-stainless-const: true}
            side: {type: number}
          required: [type]
    source:
      oneOf:
        - {$ref: '#/components/schemas/FromFile'}
        - {$ref: '#/components/schemas/FromUrl'}
    files:
      type: object
      properties:
        ids: {type: array, items: {type: string}}
        uploads: {type: array, items: {type: string}}
      oneOf:
        - required: [ids]
        - required: [uploads]
Size: {type: integer}
ModelName: {type: string, enum: [small, large]}
Owner:
  type: object
  properties:
    name: {type: string}
FromFile:
  type: object
  required: [origin, path]
  properties:
    origin: {type: string, enum: [file]}
    path: {type: string}
FromUrl:
  type: object
  required: [origin, url]
  properties:
    origin: {type: string, enum: [url]}
    url: {type: string}
ThingPage:
  type: object
  required: [object, data, first_id, last_id, has_more]
  properties:
    object: {type: string}
    data: {type: array, items: {$ref: '#/components/schemas/Thing'}}
    first_id: {type: string}
    last_id: {type: string}
    has_more: {type: boolean}
CreateThingBody:
  type: object
  additionalProperties: false
  required: [name]
  properties:
    name: {type: string}
    class: {type: string, description: A keyword as a property name.}
    owner: {$ref: '#/components/schemas/Owner'}
    source:
      oneOf:
        - {$ref: '#/components/schemas/FromFile'}
        - {$ref: '#/components/schemas/FromUrl'}
    limit: {type: integer, nullable: true, default: 5}
    stream: {type: boolean, nullable: true, description: Stream server-sent events.}
"""

CONFIG = config_for({"getThing": "things.retrieve", "createThing": "things.create", "listThings": "things.list"})


def spec(components: str = COMPONENTS, operations: str = OPERATIONS) -> str:
    return HEAD + operations + "components:\n  schemas:\n" + textwrap.indent(components, "    ")


def build(tmp_path: Path, text: str, config: str = CONFIG) -> ir.Package:
    spec_path, config_path, _ = write_inputs(tmp_path, text, config)
    return build_package(spec_path, config_path)


def problems(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str], config: str = CONFIG) -> list[str]:
    spec_path, config_path, _ = write_inputs(tmp_path, text, config)
    assert run_generator("generate", "--spec", str(spec_path), "--config", str(config_path), "--out", str(tmp_path / "out")) == 2
    assert not (tmp_path / "out").exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


def fields(package: ir.Package, name: str) -> dict[str, ir.Field]:
    model = next(m for m in package.models if m.name == name)
    return {f.json_name: f for f in model.fields}


def test_response_side_normalisations(tmp_path: Path) -> None:
    package = build(tmp_path, spec())
    thing = fields(package, "Thing")
    assert thing["created_at"].type == ir.Primitive("integer")  # format: unixtime
    assert thing["kind"].type == ir.EnumType("string", ("thing",))  # x-stainless-const
    assert thing["tags"].type == ir.ListType(ir.Primitive("string"))  # maxItems, default
    # the three spellings of null
    assert (thing["size"].type, thing["size"].nullable) == (ir.Primitive("integer"), True)
    assert (thing["owner"].type, thing["owner"].nullable) == (ir.ModelRef("Owner"), True)
    assert (thing["note"].type, thing["note"].nullable) == (ir.Primitive("string"), True)
    # string | enum: the open enum
    assert thing["model"].type == ir.EnumType("string", ("small", "large"), alias="ModelName")
    # inline arms named by path + tag, never by title or number
    shape = thing["shape"].type
    assert isinstance(shape, ir.UnionType) and shape.tag_json == "type"
    arms = [(v.type, v.tags) for v in shape.object_variants]
    assert arms[:2] == [(ir.ModelRef("ThingShapeCircle"), ("circle",)), (ir.ModelRef("ThingShapeSquare"), ("square",))]
    # no discriminator, no `type`: the shared property whose values differ is the tag
    source = thing["source"].type
    assert isinstance(source, ir.UnionType) and source.tag_json == "origin"
    # a oneOf of `required` lists is a constraint, not a union
    assert fields(package, "ThingFiles").keys() == {"ids", "uploads"}
    names = {d.name for d in package.declarations}
    assert not any(n.endswith(("1", "2", "Model")) or "Round" in n for n in names)


def test_request_body_query_parameters_and_pagination(tmp_path: Path) -> None:
    package = build(tmp_path, spec())
    create = next(o for o in package.operations if o.operation_id == "createThing")
    assert create.body is not None and create.body.schema_name == "CreateThingBody"
    body = {f.json_name: f for f in create.body.fields}
    assert list(body) == ["name", "class", "owner", "source", "limit"]
    assert body["class"].py_name == "class_" and body["name"].required
    assert body["owner"].type == ir.ParamsRef("OwnerParam")
    assert (body["limit"].nullable, body["limit"].default) == (True, "5")
    source = body["source"].type
    assert isinstance(source, ir.UnionType) and [v.type for v in source.variants] == [
        ir.ParamsRef("FromFileParam"),
        ir.ParamsRef("FromUrlParam"),
    ]
    assert [o.json_name for o in create.body.omitted] == ["stream"]
    assert {d.name for d in package.params_declarations} == {"OwnerParam", "FromFileParam", "FromUrlParam"}
    listing = next(o for o in package.operations if o.operation_id == "listThings")
    ids = next(p for p in listing.params if p.json_name == "ids[]")
    assert (ids.py_name, ids.type, ids.explode) == ("ids", ir.ListType(ir.Primitive("string")), True)
    assert listing.pagination is not None and listing.pagination.item == ir.ModelRef("Thing")
    assert listing.pagination.cursor_field == "last_id"
    retrieve = next(o for o in package.operations if o.operation_id == "getThing")
    assert retrieve.body is None and retrieve.pagination is None


def test_generated_models_still_round_trip(tmp_path: Path) -> None:
    out, names = generate_inline(tmp_path, spec(), CONFIG)
    for name in names.values():
        pkg = import_package(out, name)
        data = {
            "id": "t", "created_at": 1, "kind": "thing", "tags": [], "size": None,
            "shape": {"type": "square", "side": 2}, "source": {"origin": "url", "url": "u"},
            "files": {"ids": ["a"]}, "model": "medium",
        }
        thing = pkg.Thing.from_dict(data)
        assert thing.to_dict() == data
        assert type(thing.shape).__name__ == "ThingShapeSquare"
        assert type(thing.source).__name__ == "FromUrl"


def test_the_config_declares_fields_nullable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = CONFIG + "schemas:\n  nullable:\n    - ThingPage.last_id\n    - Thing.owner.name\n"
    package = build(tmp_path, spec(), config)
    assert fields(package, "ThingPage")["last_id"].nullable
    assert fields(package, "ThingPage")["first_id"].nullable is False
    assert fields(package, "Owner")["name"].nullable
    bad = CONFIG + "schemas:\n  nullable:\n    - Nothing.id\n    - Thing.nope\n    - Thing\n"
    lines = problems(tmp_path, spec(), capsys, bad)
    assert any(line.startswith("config.yaml:") and "no component schema 'Nothing'" in line for line in lines)
    assert any(line.startswith("config.yaml:") and "'Thing' has no property 'nope'" in line for line in lines)
    assert any(line.startswith("config.yaml:") and "Schema.property" in line for line in lines)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a text/plain body is sent raw and an array body is one `body` argument (issue 10):
        # what stays unsupported is a media type that is no type, and a form that is no object
        ("application/json:\n            schema: {$ref: '#/components/schemas/CreateThingBody'}",
         "text:\n            schema: {$ref: '#/components/schemas/CreateThingBody'}",
         "request body media type 'text'"),
        ("application/json:\n            schema: {$ref: '#/components/schemas/CreateThingBody'}",
         "application/x-www-form-urlencoded:\n            schema: {type: array, items: {type: string}}",
         "a request body of application/x-www-form-urlencoded that is not an object"),
        ("{name: after, in: query, schema: {type: string}}",
         "{name: after, in: query, style: spaceDelimited, schema: {type: string}}",
         "style 'spaceDelimited'"),
        ("{name: after, in: query, schema: {type: string}}",
         "{name: after, in: cookie, schema: {type: string}}",
         "cookie parameter 'after'"),
    ],
)
def test_unsupported_request_constructs_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    text = spec()
    assert old in text
    lines = problems(tmp_path, text.replace(old, new, 1), capsys)
    assert any(line.startswith("openapi.yaml:") and message in line for line in lines), lines
    assert all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)


def test_untagged_object_unions_are_typed_not_silently_any(tmp_path: Path) -> None:
    """No property tags the arms: an untagged union of both models, told apart at run time
    by their required keys (tests/models/test_untagged_unions.py), with no fallback."""
    text = spec().replace("origin: {type: string, enum: [url]}", "origin: {type: string}")
    source = fields(build(tmp_path, text), "Thing")["source"].type
    assert isinstance(source, ir.UnionType) and source.tag_json is None and source.fallback is None
    assert [v.type for v in source.object_variants] == [ir.ModelRef("FromFile"), ir.ModelRef("FromUrl")]



@pytest.mark.parametrize("closed", [True, False], ids=["closed", "open"])
def test_a_required_entry_naming_an_undeclared_key_is_dropped_with_a_warning(tmp_path: Path, closed: bool) -> None:
    """OpenAI's 3.0 editions carry both kinds: request bodies with `additionalProperties:
    false` whose `required` names the path parameter (`required: [thread_id, assistant_id]`,
    no `thread_id` property), and an open `json_schema` object with `required: [type, name]`
    and no `type` property. Valid JSON Schema either way, and servers send no such key: the
    declared properties win, the entry is dropped with a positioned warning, and the key,
    when present anyway, is an unknown key (kept on an open object)."""
    owner = "Owner:\n  type: object\n  properties:"
    closed_line = "  additionalProperties: false\n" if closed else ""
    new_owner = f"Owner:\n  type: object\n{closed_line}  required: [owner_id, name]\n  properties:"
    body = "  required: [name]\n  properties:\n    name:"
    assert COMPONENTS.count(owner) == 1 and COMPONENTS.count(body) == 1
    components = COMPONENTS.replace(owner, new_owner).replace(body, body.replace("[name]", "[thing_id, name]"))
    spec_path, config_path, _ = write_inputs(tmp_path, spec(components), CONFIG)
    warnings: list[Problem] = []
    package = build_package(spec_path, config_path, warnings)
    assert sorted(w.message for w in warnings) == [
        f"warning: required property {key!r} is not in 'properties'; the entry is ignored" for key in ("owner_id", "thing_id")
    ]
    text = spec(components)
    for w in warnings:
        key = w.message.split("'")[1]
        line = text.splitlines()[w.pos.line - 1]
        assert line[w.pos.col - 1:].startswith(key), (w, line)
    create = next(o for o in package.operations if o.operation_id == "createThing")
    assert create.body is not None
    body_fields = {f.json_name: f for f in create.body.fields}
    assert "thing_id" not in body_fields and body_fields["name"].required
    owner_fields = fields(package, "Owner")
    assert set(owner_fields) == {"name"} and owner_fields["name"].required
    (tmp_path / "gen").mkdir()
    out, names = generate_inline(tmp_path / "gen", spec(components), CONFIG)
    for name in names.values():
        pkg = import_package(out, name)
        assert pkg.Owner.from_dict({"name": "n"}).to_dict() == {"name": "n"}
        with_key = {"name": "n", "owner_id": 7}  # unknown keys are kept, closed object or not
        assert pkg.Owner.from_dict(with_key).to_dict() == with_key
