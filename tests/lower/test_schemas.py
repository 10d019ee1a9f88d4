"""Lowering single schemas in-process (generator/lower/schemas.py and the modules it
dispatches to), on tiny inline documents."""

from __future__ import annotations

from generator import ir
from generator.lower.state import Declarations

from .support import lowerer, node_at


def lower_component(schemas: str, key: str, side: str = "response"):  # type: ignore[no-untyped-def]
    lw, diags = lowerer(schemas)
    node = lw.components[key]
    lowered = lw.lower_component(key, node, lw.request if side == "request" else lw.response)
    return lw, diags, lowered


def test_object_becomes_a_model_with_nested_inline_models() -> None:
    lw, diags, lowered = lower_component(
        """
        Thing:
          type: object
          required: [id]
          properties:
            id: {type: string}
            owner: {type: object, properties: {name: {type: string}}}
            tags: {type: array, items: {type: string}}
        """,
        "Thing",
    )
    assert not diags.problems
    assert lowered.type == ir.ModelRef("Thing")
    model = lw.response.models["Thing"]
    assert [(f.json_name, f.required) for f in model.fields] == [("id", True), ("owner", False), ("tags", False)]
    assert model.fields[1].type == ir.ModelRef("ThingOwner")
    assert model.fields[2].type == ir.ListType(ir.Primitive("string"))
    assert lw.decls.ordered() == ["ThingOwner", "Thing"]  # what a model names comes first


def test_enum_component_is_an_alias_shared_by_both_sides() -> None:
    lw, diags, lowered = lower_component("Color: {type: string, enum: [red, green, red]}", "Color", "request")
    assert not diags.problems
    assert lowered.type == ir.EnumType("string", ("red", "green"), alias="Color")
    assert "Color" in lw.response.aliases and not lw.request.aliases  # no object inside: one type


def test_request_side_object_component_is_a_params_type() -> None:
    lw, diags, lowered = lower_component(
        "Thing: {type: object, properties: {name: {type: string}, sub: {type: object, properties: {x: {}}}}}",
        "Thing",
        "request",
    )
    assert not diags.problems
    assert lowered.type == ir.ParamsRef("ThingParam")
    params = lw.request.params_types["ThingParam"]
    assert [f.json_name for f in params.fields] == ["name", "sub"]
    assert params.fields[1].type == ir.ParamsRef("ThingSubParam")
    assert not lw.response.models  # nothing on the response side


def test_union_tagged_by_single_value_enums_gets_a_fallback() -> None:
    lw, diags, lowered = lower_component(
        """
        Shape:
          oneOf:
            - {type: object, required: [type], properties: {type: {const: circle}, r: {type: number}}}
            - {type: object, required: [type], properties: {type: {enum: [square]}, side: {type: number}}}
            - {type: string}
        """,
        "Shape",
    )
    assert not diags.problems
    union = lowered.type
    assert isinstance(union, ir.UnionType) and union.alias == "Shape" and union.tag_json == "type"
    assert [(v.json, getattr(v.type, "name", None), v.tags) for v in union.variants] == [
        ("string", None, ()),
        ("object", "ShapeCircle", ("circle",)),
        ("object", "ShapeSquare", ("square",)),
        ("object", "UnknownShape", ()),
    ]
    assert lw.response.models["UnknownShape"].is_fallback
    assert lw.response.unions == [union]


def test_objects_no_property_tags_make_an_untagged_union() -> None:
    """Told apart at run time (templates/runtime/_unions.py): no tag, so no fallback model."""
    _, diags, lowered = lower_component(
        """
        Either:
          anyOf:
            - {type: object, properties: {a: {type: string}}}
            - {type: object, properties: {b: {type: string}}}
        """,
        "Either",
    )
    assert not diags.problems
    assert isinstance(lowered.type, ir.UnionType)
    assert lowered.type.tag_json is None and lowered.type.fallback is None
    assert [(v.json, v.tags) for v in lowered.type.variants] == [("object", ()), ("object", ())]


def test_a_union_of_a_map_and_objects_is_reported_at_the_union() -> None:
    lw, diags, lowered = lower_component(
        """
        Either:
          anyOf:
            - {type: object, additionalProperties: {type: string}}
            - {type: object, properties: {b: {type: string}}}
        """,
        "Either",
    )
    assert lowered.type == ir.AnyValue()
    (problem,) = diags.problems
    assert "a union of a map and other objects" in problem.message
    assert problem.pos == lw.components["Either"].pos


def test_string_or_enum_is_the_open_enum() -> None:
    _, diags, lowered = lower_component("Model: {anyOf: [{type: string}, {type: string, enum: [a, b]}]}", "Model")
    assert not diags.problems
    assert lowered.type == ir.EnumType("string", ("a", "b"), alias="Model")


def test_all_of_objects_are_merged() -> None:
    lw, diags, lowered = lower_component(
        """
        Base: {type: object, required: [id], properties: {id: {type: string}}}
        Child:
          allOf:
            - $ref: '#/components/schemas/Base'
            - {type: object, properties: {extra: {type: integer}}}
        """,
        "Child",
    )
    assert not diags.problems
    assert lowered.type == ir.ModelRef("Child")
    assert [(f.json_name, f.required) for f in lw.response.models["Child"].fields] == [("id", True), ("extra", False)]


def test_ref_cycle_without_an_object_is_an_error_at_the_ref() -> None:
    lw, diags, lowered = lower_component(
        """
        A: {type: array, items: {$ref: '#/components/schemas/B'}}
        B: {type: array, items: {$ref: '#/components/schemas/A'}}
        """,
        "A",
    )
    assert diags.problems and "$ref cycle" in diags.problems[0].message
    ref = node_at(lw.doc, "components", "schemas", "B", "items").get("$ref")
    assert ref is not None and diags.problems[0].pos == ref.pos


def test_recursive_model_names_itself() -> None:
    lw, diags, lowered = lower_component(
        "Node: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}",
        "Node",
    )
    assert not diags.problems
    assert lw.response.models["Node"].fields[0].type == ir.ListType(ir.ModelRef("Node"))
    assert lw.decls.recursive(["Node"]) == {"Node"}


def test_mentions_objects_follows_refs_and_arms() -> None:
    lw, _ = lowerer(
        """
        Obj: {type: object, properties: {a: {}}}
        ListOfRef: {type: array, items: {$ref: '#/components/schemas/Obj'}}
        Enum: {type: string, enum: [a]}
        MapOfStrings: {type: object, additionalProperties: {type: string}}
        Arms: {oneOf: [{type: string}, {$ref: '#/components/schemas/ListOfRef'}]}
        """
    )
    assert lw.mentions_objects(lw.components["ListOfRef"])
    assert lw.mentions_objects(lw.components["Arms"])
    assert not lw.mentions_objects(lw.components["Enum"])
    assert not lw.mentions_objects(lw.components["MapOfStrings"])


def test_declarations_order_dependencies_first() -> None:
    decls = Declarations()
    decls.declare("A", ["B"])
    decls.declare("B", ["C"])
    decls.declare("C")
    decls.declare("D", ["D"])
    assert decls.ordered() == ["C", "B", "A", "D"]
    assert decls.recursive(["A", "B", "C", "D"]) == {"D"}


def test_a_union_reached_through_its_own_arm_is_tagged_from_the_arm_schema() -> None:
    """OpenAI's CompoundFilter: `filters: items: oneOf [ComparisonFilter, $recursiveRef '#']`
    with a discriminator on `type`: the arm being lowered has no declaration yet."""
    lw, diags, lowered = lower_component(
        """
        Comparison:
          type: object
          required: [type]
          properties: {type: {type: string, enum: [eq, ne]}, value: {type: string}}
        Compound:
          $recursiveAnchor: true
          type: object
          required: [type]
          properties:
            type: {type: string, enum: [and, or]}
            filters:
              type: array
              items:
                oneOf: [{$ref: '#/components/schemas/Comparison'}, {$recursiveRef: '#'}]
                discriminator: {propertyName: type}
        """,
        "Compound",
    )
    assert not diags.problems
    filters = lw.response.models["Compound"].fields[1].type
    assert isinstance(filters, ir.ListType) and isinstance(filters.item, ir.UnionType)
    assert [(getattr(v.type, "name", None), v.tags) for v in filters.item.variants] == [
        ("Comparison", ("eq", "ne")),
        ("Compound", ("and", "or")),
        ("UnknownCompoundFiltersItem", ()),
    ]
