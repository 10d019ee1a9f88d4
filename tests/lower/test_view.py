"""The typed view over schema nodes (generator/lower/view.py): each keyword read once,
problems at their positions."""

from __future__ import annotations

from generator.diagnostics import Diagnostics
from generator.lower.refs import Resolver
from generator.lower.view import SchemaView, is_modifier, is_null_schema

from .support import node_at, schemas_doc

DOC = schemas_doc(
    """
    Typed: {type: [string, 'null', string]}
    BadType: {type: [strin, 3]}
    Req:
      properties: {a: {type: string}}
      required: [a, b, 7]
    NotAList: {properties: {a: {}}, required: a}
    Nullable: {nullable: yes-please}
    Described: {$ref: '#/components/schemas/Inner'}
    Inner: {description: '  from the target  ', type: string}
    Wrapped: {allOf: [{$ref: '#/components/schemas/Inner'}, {nullable: true}]}
    Defaulted: {anyOf: [{type: boolean, default: false}, {type: 'null'}]}
    DefaultByRef: {$ref: '#/components/schemas/Defaulted'}
    Model: {type: object, properties: {a: {}}}
    Map: {type: object}
    Union: {oneOf: [{type: string}], properties: {a: {}}}
    """
)


def view() -> tuple[SchemaView, Diagnostics]:
    diags = Diagnostics()
    return SchemaView(diags, Resolver(DOC.root, diags)), diags


def schema(key: str):  # type: ignore[no-untyped-def]
    return node_at(DOC, "components", "schemas", key)


def test_types_drop_null_and_duplicates() -> None:
    v, diags = view()
    assert v.types(schema("Typed")) == (["string"], True)
    assert v.types(schema("Model")) == (["object"], False)
    assert v.types(schema("Req")) == (None, False)
    assert not diags.problems


def test_types_report_each_bad_entry_where_it_is() -> None:
    v, diags = view()
    assert v.types(schema("BadType")) == ([], False)
    assert [p.message for p in diags.problems] == [
        "unknown type 'strin' (expected one of string, integer, number, boolean, array, object, null)",
        "'type' must be a string or a list of strings",
    ]
    assert diags.problems[0].pos.col < diags.problems[1].pos.col  # the two entries, in order


def test_required_keeps_declared_names_warns_about_others() -> None:
    v, diags = view()
    node = schema("Req")
    props = node.get("properties")
    assert props is not None
    assert v.required(node, props) == {"a"}  # type: ignore[arg-type]
    assert [p.message for p in diags.problems] == ["'required' entries must be strings"]
    assert [w.message for w in diags.warnings] == [
        "warning: required property 'b' is not in 'properties'; the entry is ignored"
    ]


def test_required_not_a_list_is_reported_at_the_list() -> None:
    v, diags = view()
    node = schema("NotAList")
    props = node.get("properties")
    assert v.required(node, props) == set()  # type: ignore[arg-type]
    (problem,) = diags.problems
    assert problem.message == "'required' must be a list of property names"
    assert problem.pos == node.get("required").pos  # type: ignore[union-attr]


def test_nullable_must_be_a_boolean() -> None:
    v, diags = view()
    assert v.nullable(schema("Nullable")) is False
    assert [p.message for p in diags.problems] == ["'nullable' must be true or false"]


def test_description_follows_refs_and_single_arms() -> None:
    v, _ = view()
    assert v.description(schema("Described")) == "from the target"
    assert v.description(schema("Wrapped")) == "from the target"
    assert v.description(schema("Model")) == ""


def test_default_as_json_through_refs_and_a_nullable_arm() -> None:
    v, _ = view()
    assert v.default(schema("Defaulted")) == "false"
    assert v.default(schema("DefaultByRef")) == "false"
    assert v.default(schema("Model")) is None


def test_object_and_model_shapes() -> None:
    v, _ = view()
    assert v.is_model(schema("Model"))
    assert v.is_object(schema("Map")) and not v.is_model(schema("Map"))
    assert not v.is_object(schema("Union"))  # properties beside oneOf: not a plain object


def test_null_schemas_and_modifiers() -> None:
    assert is_null_schema(node_at(schemas_doc("N: {type: 'null'}"), "components", "schemas", "N"))
    assert is_null_schema(node_at(schemas_doc("N: {enum: [null]}"), "components", "schemas", "N"))
    assert not is_null_schema(node_at(schemas_doc("N: {type: [string, 'null']}"), "components", "schemas", "N"))
    assert is_modifier(node_at(schemas_doc("N: {nullable: true, description: d}"), "components", "schemas", "N"))
    assert not is_modifier(node_at(schemas_doc("N: {type: string}"), "components", "schemas", "N"))
