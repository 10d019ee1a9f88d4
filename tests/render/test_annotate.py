"""`annotate`: one IR type -> the annotation's text and the names it needs, per target and side."""

from __future__ import annotations

import pytest

from generator import ir
from generator.annotate import MODELS, PARAMS, PYDANTIC, TYPING, Annotator, Name

STR = ir.Primitive("string")
NUMBER = ir.Primitive("number")


def package(params: tuple[ir.ParamsType | ir.TypeAlias, ...] = ()) -> ir.Package:
    client = ir.ClientConfig("C", "AC", "K", "U", "http://x", (), 1.0, 0)
    return ir.Package("T", "1", (), (), (), (), (), client, (), frozenset(), params)


def typing(*names: str) -> set[Name]:
    return {Name(TYPING, n) for n in names}


def test_a_number_keeps_its_integers_in_pydantic_only() -> None:
    a = Annotator(package())
    assert a.annotate(NUMBER, "pydantic", "response").text == "Union[int, float]"
    assert a.annotate(NUMBER, "pydantic", "response").names == typing("Union")
    assert a.annotate(NUMBER, "dataclass", "response").text == "float"
    assert a.annotate(NUMBER, "dataclass", "response").names == frozenset()


def test_containers_by_side() -> None:
    a = Annotator(package())
    t = ir.MapType(ir.ListType(ir.ModelRef("Run")))
    response = a.annotate(t, "dataclass", "response")
    assert response.text == "Dict[str, List[Run]]"
    assert response.names == typing("Dict", "List") | {Name(MODELS, "Run")}
    request = a.annotate(ir.MapType(ir.ListType(ir.ParamsRef("RunParam"))), "pydantic", "request")
    assert request.text == "Mapping[str, Sequence[RunParam]]"
    assert request.names == typing("Mapping", "Sequence") | {Name(PARAMS, "RunParam")}


def test_free_form_values() -> None:
    a = Annotator(package())
    assert a.annotate(ir.AnyValue(), "pydantic", "response").text == "Any"
    assert a.annotate(ir.AnyValue(), "dataclass", "request").text == "object"
    assert a.annotate(ir.AnyValue(), "dataclass", "request").names == frozenset()


def test_open_enums_and_integers_beyond_64_bits() -> None:
    a = Annotator(package())
    enum = a.annotate(ir.EnumType("string", ("a", 'b"')), "dataclass", "response")
    assert enum.text == 'Union[Literal["a", "b\\""], str]'
    assert enum.names == typing("Union", "Literal")
    big = ir.EnumType("integer", (1, 2**70))
    assert a.annotate(big, "pydantic", "response").text == "int"


def test_pydantic_union_dispatches_through_its_function() -> None:
    u = ir.UnionType(
        (ir.Variant("object", ir.ModelRef("A")), ir.Variant("string", STR)), name="U", tag_json="type"
    )
    got = Annotator(package()).annotate(u, "pydantic", "response")
    assert got.text == (
        'Annotated[Union[Annotated[A, Tag("<A>")], Annotated[str, Tag("<string>")]], '
        'Discriminator(_arm_of_U, custom_error_type="union_type", '
        'custom_error_message="Input should be an object or a string")]'
    )
    assert got.names == typing("Annotated", "Union") | {
        Name(PYDANTIC, "Tag"),
        Name(PYDANTIC, "Discriminator"),
        Name(MODELS, "A"),
    }
    assert Annotator(package()).annotate(u, "dataclass", "response").text == "Union[A, str]"


def test_aliases_name_their_module_and_define_spells_them_out() -> None:
    shared = ir.EnumType("string", ("x",), alias="Kind")
    mine = ir.UnionType((ir.Variant("object", ir.ParamsRef("P")), ir.Variant("string", shared)), "M", alias="Mine")
    a = Annotator(package((ir.TypeAlias("Mine", mine),)))
    assert a.annotate(shared, "dataclass", "request").names == {Name(MODELS, "Kind")}
    assert a.annotate(mine, "dataclass", "request").names == {Name(PARAMS, "Mine")}
    defined = a.define(mine, "dataclass", "request")
    assert defined.text == "Union[P, Kind]"
    assert defined.names == typing("Union") | {Name(PARAMS, "P"), Name(MODELS, "Kind")}


@pytest.mark.parametrize("target", ["pydantic", "dataclass"])
def test_every_kind_has_an_annotation(target: str) -> None:
    a = Annotator(package())
    kinds: list[ir.TypeRef] = [
        STR,
        ir.AnyValue(),
        ir.EnumType("integer", (1,)),
        ir.ListType(STR),
        ir.MapType(STR),
        ir.ModelRef("M"),
        ir.UnionType((ir.Variant("string", STR),), "U"),
    ]
    for t in kinds:
        for side in ("response", "request"):
            assert a.annotate(t, target, side).text  # type: ignore[arg-type]
