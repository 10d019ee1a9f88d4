"""Type annotations of generated code: one function per target and side, each answering the
annotation's text and the names it needs.

`annotate(t, target, side)` is the one place an IR type becomes Python annotation text (like
openapi-python-client's property kinds answering `get_type_string()` and `get_imports()`):

- `response` side, `pydantic` target: the model attribute types (a JSON number is
  `Union[int, float]`; a union is `Annotated[Union[...], Discriminator(...)]` with one dispatch
  function per union);
- `response` side, `dataclass` target: the same types, with plain `Union[...]` unions;
- `request` side (both targets): what callers pass in: objects are TypedDicts, lists
  `Sequence`, maps `Mapping` (read-only, so covariant), unions plain `Union[...]`, free-form
  values `object`.

Every `Annotation` carries the `Name`s it mentions, so the import blocks of a module are the
union of what its annotations need (generator/imports.py); no template spells a type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Literal

from . import ir, render

Target = Literal["pydantic", "dataclass"]
Side = Literal["response", "request"]

TYPING = "typing"
TYPING_EXTENSIONS = "typing_extensions"
PYDANTIC = "pydantic"
MODELS = ".models"
PARAMS = ".params"
LOCAL = ""  # defined in the module being rendered (a union's dispatch function)


@dataclass(frozen=True, order=True)
class Name:
    """A name an annotation mentions and the module it comes from."""

    module: str
    name: str


@dataclass(frozen=True)
class Annotation:
    """An annotation's text and every name it needs imported."""

    text: str
    names: frozenset[Name] = frozenset()

    def __str__(self) -> str:
        return self.text


def typing_name(name: str) -> Annotation:
    return Annotation(name, frozenset({Name(TYPING, name)}))


ANY = typing_name("Any")


def subscript(head: Annotation, *args: Annotation) -> Annotation:
    """`head[arg, ...]` with the names of all of them."""
    return Annotation(f"{head.text}[{', '.join(a.text for a in args)}]", _names(head, *args))


def generic(name: str, *args: Annotation) -> Annotation:
    """A `typing` generic applied to arguments: `generic("List", a)` is `List[a]`."""
    return subscript(typing_name(name), *args)


def optional(a: Annotation) -> Annotation:
    return generic("Optional", a)


def union(*args: Annotation) -> Annotation:
    return generic("Union", *args)


def quoted(a: Annotation) -> Annotation:
    """A forward reference: the text as a string literal, still needing the same names (an
    evaluated forward reference resolves them in the module's namespace)."""
    return Annotation(render.py_literal(a.text), a.names)


def plain(text: str, module: str = LOCAL) -> Annotation:
    """A bare name (`Run`, `NotGiven`) from `module` (LOCAL: the module being rendered)."""
    return Annotation(text, frozenset({Name(module, text)}))


def _names(*annotations: Annotation) -> frozenset[Name]:
    return frozenset().union(*(a.names for a in annotations))


def names_of(annotations: Iterable[Annotation]) -> frozenset[Name]:
    return _names(*annotations)


# --- shared kinds ------------------------------------------------------------------------


def enum_annotation(t: ir.EnumType) -> Annotation:
    """An open enum: its values as a Literal, or any other str / int (a type checker refuses
    integer Literals beyond 64 bits: those enums are the plain `int`)."""
    base = Annotation("str" if t.json == "string" else "int")
    if not t.literal:
        return base
    values = Annotation(", ".join(render.py_literal(v) for v in t.values))
    return union(generic("Literal", values), base)


def arm_label(v: ir.Variant) -> str:
    """How a pydantic union's Tag names an arm: `<Run>` for a model, `<string>` otherwise."""
    return f"<{v.type.name if isinstance(v.type, ir.ModelRef) else v.json}>"


def article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def expected_kinds(t: ir.UnionType) -> str:
    """`an object or a string`: how errors name what a union accepts."""
    return " or ".join(article(k) for k in dict.fromkeys(v.json for v in t.variants))


# --- per target and side ------------------------------------------------------------------

Annotate = Callable[[ir.TypeRef], Annotation]


def _response_pydantic(t: ir.TypeRef) -> Annotation:
    if isinstance(t, ir.Primitive):
        # a JSON number keeps its integers as ints (pydantic's float would turn 2**53 + 1
        # into a float that no longer equals it); bool is no int in strict mode
        return union(Annotation("int"), Annotation("float")) if t.json == "number" else Annotation(t.python)
    if isinstance(t, ir.UnionType) and t.alias is None:
        return pydantic_union(t)
    return _common(t, _response_pydantic, "List", "Dict")


def pydantic_union(t: ir.UnionType) -> Annotation:
    """`Annotated[Union[Annotated[X, Tag("<X>")], ...], Discriminator(_arm_of_U, ...)]`: one
    dispatch function per union, so an error names only the arm chosen and an unknown tag
    lands in the fallback model."""
    arrays = [v for v in t.variants if v.json == "array"]
    arms = [
        generic("Annotated", _arm_type(v, arrays), subscript_call("Tag", PYDANTIC, render.py_literal(arm_label(v))))
        for v in t.variants
        if v.json != "array" or v is arrays[0]
    ]
    message = render.py_literal("Input should be " + expected_kinds(t))
    discriminator = subscript_call(
        "Discriminator",
        PYDANTIC,
        f'_arm_of_{t.name}, custom_error_type="union_type", custom_error_message={message}',
    )
    return generic("Annotated", union(*arms), discriminator)


def _arm_type(v: ir.Variant, arrays: list[ir.Variant]) -> Annotation:
    """An arm's type; several array arms are one arm, the first of them that validates
    (`left_to_right`: the rule the dataclass target's `first_valid` follows)."""
    if v.json != "array" or len(arrays) == 1:
        return _response_pydantic(v.type)
    first = subscript_call("Field", PYDANTIC, 'union_mode="left_to_right"')
    return generic("Annotated", union(*(_response_pydantic(a.type) for a in arrays)), first)


def subscript_call(func: str, module: str, args: str) -> Annotation:
    """A call inside an annotation (`Tag("<Run>")`): `func` from `module`, literal `args`."""
    return Annotation(f"{func}({args})", frozenset({Name(module, func)}))


def _response_dataclass(t: ir.TypeRef) -> Annotation:
    if isinstance(t, ir.UnionType) and t.alias is None:
        return union(*(_response_dataclass(v.type) for v in t.variants))
    return _common(t, _response_dataclass, "List", "Dict")


def _common(t: ir.TypeRef, annotate: Annotate, list_name: str, map_name: str) -> Annotation:
    """The kinds that every target and side spells alike (given their list and map names)."""
    if isinstance(t, ir.Primitive):
        return Annotation(t.python)
    if isinstance(t, ir.AnyValue):
        return ANY
    if isinstance(t, (ir.ModelRef, ir.ParamsRef)):
        return plain(t.name, MODELS if isinstance(t, ir.ModelRef) else PARAMS)
    if isinstance(t, (ir.EnumType, ir.ListType, ir.MapType, ir.UnionType)) and t.alias is not None:
        return plain(t.alias, MODELS)
    if isinstance(t, ir.EnumType):
        return enum_annotation(t)
    if isinstance(t, ir.ListType):
        return generic(list_name, annotate(t.item))
    if isinstance(t, ir.MapType):
        return generic(map_name, Annotation("str"), annotate(t.value))
    raise TypeError(f"no annotation for {t!r}")  # a union: each side spells its own


class Annotator:
    """Annotations of one package: knows which aliases live in `params.py` (the request side's
    own) and which in `models.py`."""

    def __init__(self, package: ir.Package) -> None:
        self.params_aliases = frozenset(d.name for d in package.params_declarations)

    def annotate(self, t: ir.TypeRef, target: Target, side: Side) -> Annotation:
        if side == "request":
            return self._request(t)
        return _response_pydantic(t) if target == "pydantic" else _response_dataclass(t)

    def define(self, t: ir.TypeRef, target: Target, side: Side) -> Annotation:
        """The definition of an alias (`Status = Union[Literal[...], str]`), not its name."""
        if isinstance(t, (ir.EnumType, ir.ListType, ir.MapType, ir.UnionType)) and t.alias is not None:
            t = _unaliased(t)
        return self.annotate(t, target, side)

    def _request(self, t: ir.TypeRef) -> Annotation:
        if isinstance(t, ir.AnyValue):
            return Annotation("object")
        if isinstance(t, ir.FileInput):  # bytes, a file object, a path, or (name, content[, type])
            return plain("FileTypes", "._multipart")
        alias = getattr(t, "alias", None)
        if alias is not None and alias in self.params_aliases:
            return plain(alias, PARAMS)
        if isinstance(t, ir.UnionType) and alias is None:
            return union(*(self._request(v.type) for v in t.variants))
        return _common(t, self._request, "Sequence", "Mapping")


def _unaliased(t: ir.EnumType | ir.ListType | ir.MapType | ir.UnionType) -> ir.TypeRef:
    return replace(t, alias=None)
