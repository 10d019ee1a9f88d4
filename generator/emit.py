"""What the model, params and package modules print besides the IR: the annotation of every
field and alias, and each module's import block, computed here from the same annotations
(generator/annotate.py), so a module imports exactly the names it prints.

Templates receive a `Typer` (`ann.field(f)`, `ann.type(t)`, `ann.define(t)`: annotation
text) and `imports` (the block, ready to print).
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Sequence

from . import dispatch, ir
from .annotate import (
    ANY,
    MODELS,
    PARAMS,
    PYDANTIC,
    TYPING,
    TYPING_EXTENSIONS,
    Annotation,
    Annotator,
    Name,
    Side,
    Target,
    optional,
    quoted,
)
from .depth import DepthPlan, free_form
from .imports import FUTURE, Imports
from .layout import Part
from .methods import (
    Methods,
    client_imports,
    has_body,
    has_deprecated,
    has_multipart,
    has_pages,
    has_streams,
    needs_binary,
    needs_json_value,
    needs_no_content,
    poll_signature,
)
from .runtime_source import public_classes


class Typer:
    """The annotations of one module: one target, one side."""

    def __init__(self, annotator: Annotator, target: Target, side: Side) -> None:
        self.annotator = annotator
        self.target: Target = target
        self.side: Side = side

    def of(self, t: ir.TypeRef) -> Annotation:
        return self.annotator.annotate(t, self.target, self.side)

    def define_of(self, t: ir.TypeRef) -> Annotation:
        return self.annotator.define(t, self.target, self.side)

    def field_of(self, f: ir.Field | ir.ParamsField) -> Annotation:
        """A model attribute is Optional unless it must be present (absent reads None); a
        request-side value is Optional when null may be sent."""
        inner = self.of(f.type)
        if isinstance(f, ir.Field):
            return inner if f.must_be_present else optional(inner)
        return optional(inner) if f.nullable else inner

    def key_of(self, f: ir.ParamsField, quote: bool) -> Annotation:
        """A TypedDict value: quoted when the TypedDict is recursive; `Required[...]` in the
        pydantic target, whose TypedDicts are total=False."""
        inner = quoted(self.field_of(f)) if quote else self.field_of(f)
        if self.target == "pydantic" and f.required:
            return Annotation(f"Required[{inner.text}]", inner.names | {Name(TYPING_EXTENSIONS, "Required")})
        return inner

    # text only, for templates
    def type(self, t: ir.TypeRef) -> str:
        return self.of(t).text

    def define(self, t: ir.TypeRef) -> str:
        return self.define_of(t).text

    def field(self, f: ir.Field | ir.ParamsField) -> str:
        return self.field_of(f).text

    def key(self, f: ir.ParamsField, quote: bool) -> str:
        return self.key_of(f, quote).text


SCALAR_TYPES = {"string": "str", "integer": "int", "boolean": "bool"}
"""The Python type the dataclass decoders require of a JSON scalar (`type(v) is str`); a
number is an int or a float."""


def kind_test(json: str, v: str) -> str:
    """The dataclass decoders' test that the value named `v` is of a JSON kind."""
    if json == "number":
        return f"type({v}) is float or type({v}) is int"
    if json == "array":
        return f"kind_of({v}) is list"
    return f"type({v}) is {SCALAR_TYPES[json]}"


def needs_decode(t: ir.TypeRef) -> bool:
    """Whether the dataclass decoders must rebuild a value (it holds models or unions), or
    only check it."""
    return isinstance(ir.innermost(t), (ir.ModelRef, ir.UnionType))


def typed_unions(package: ir.Package) -> tuple[ir.UnionType, ...]:
    """The unions the pydantic models module spells (so needs `_arm_of_<union>` for): those
    model fields and alias declarations hold. A union only an untyped operation result names
    (a response in several media types) is spelled nowhere."""
    aliases = [d.type for d in package.declarations if isinstance(d, ir.TypeAlias)]
    return _reached(package, aliases)


def spelled_unions(package: ir.Package, part: Optional[Part] = None) -> tuple[ir.UnionType, ...]:
    """`typed_unions`, of one part of a split `models.py` when `part` is given."""
    typed = typed_unions(package)
    if part is None:
        return typed
    names = {u.name for u in typed}
    return tuple(u for u in part.unions if u.name in names)


def coded_unions(package: ir.Package) -> tuple[ir.UnionType, ...]:
    """The unions the dataclass models decode and encode (`_decode_<union>`,
    `_encode_<union>`): those a model field holds, maybe inside lists, maps or the arms of
    another such union. A union only an operation names (a stream's events, parsed by event
    name) needs neither function."""
    return _reached(package, [])


def _reached(package: ir.Package, more: list[ir.TypeRef]) -> tuple[ir.UnionType, ...]:
    reached: set[str] = set()
    pending: list[ir.TypeRef] = [f.type for m in package.models for f in m.fields] + more
    while pending:
        t = pending.pop()
        if isinstance(t, ir.ListType):
            pending.append(t.item)
        elif isinstance(t, ir.MapType):
            pending.append(t.value)
        elif isinstance(t, ir.UnionType) and t.name not in reached:
            reached.add(t.name)
            pending.extend(v.type for v in t.variants)
    return tuple(u for u in package.unions if u.name in reached)


def null_bits(model: ir.ObjectModel) -> dict[str, str]:
    """The bit of each optional field in a dataclass model's `_nulls` mask, as source text
    (`1 << 17`, by field order): readable, and no decimal literal beyond Python's 4,300-digit
    limit however many optional fields a model has."""
    optional_fields = [f for f in model.fields if not f.must_be_present]
    return {f.json_name: f"1 << {i}" for i, f in enumerate(optional_fields)}


# --- models.py ---------------------------------------------------------------------------


def _model_annotations(declarations: Iterable[ir.ObjectModel | ir.TypeAlias], typer: Typer) -> Iterator[Annotation]:
    for decl in declarations:
        if isinstance(decl, ir.ObjectModel):
            yield from (typer.field_of(f) for f in decl.fields)
        else:
            yield typer.define_of(decl.type)


def _has_aliased_fields(models: Iterable[ir.ObjectModel]) -> bool:
    return any(f.py_name != f.json_name for m in models for f in m.fields)


def _decoded_types(package: ir.Package) -> Iterator[ir.TypeRef]:
    """The types the dataclass decoders decode in place: fields, and the arms of unions."""
    for m in package.models:
        yield from (f.type for f in m.fields)
    for u in coded_unions(package):
        yield from (v.type for v in u.variants)


def _rebuilds_list(t: ir.TypeRef) -> bool:
    """Whether decoding `t` in place builds a new list (a list of models or unions, maybe
    inside lists and maps; a model or union is decoded by its own function)."""
    if isinstance(t, ir.ListType):
        return needs_decode(t.item) or _rebuilds_list(t.item)
    if isinstance(t, ir.MapType):
        return _rebuilds_list(t.value)
    return False


def pydantic_models_imports(package: ir.Package, typer: Typer, parts: Sequence[Part] = (), part: Optional[Part] = None) -> str:
    """The import block of `models.py`, or of one of its parts (`part`: names defined in the
    other parts are imported from them)."""
    declarations = part.declarations if part else package.declarations
    unions = spelled_unions(package, part)
    models = [d for d in declarations if isinstance(d, ir.ObjectModel)]
    imports = Imports(part.module if part else MODELS).add(FUTURE, "annotations")
    part_of = {d.name: p.module for p in parts for d in p.declarations}
    for a in _model_annotations(declarations, typer):
        imports.need(Name(part_of.get(n.name, n.module) if n.module == MODELS else n.module, n.name) for n in a.names)
    if unions:  # `_arm_of_<union>(value: Any) -> Optional[str]`
        imports.need(ANY.names | optional(ANY).names)
    if any(u.object_variants for u in unions):
        imports.add(PYDANTIC, "BaseModel")
    if any(u.object_variants and u.tag_json for u in unions) or _has_selections(package, "pydantic", unions):
        # `data = cast("Dict[str, Any]", value)`
        imports.add(TYPING, "Dict", "cast")
    if models:
        imports.add("._base", "ModelBase", alias="_ModelBase")
    _union_runtime_imports(imports, package, "pydantic", unions)
    if _has_aliased_fields(models):
        imports.add(TYPING, "Any", "Callable").add(PYDANTIC, "Field", "model_validator")
        imports.add("._base", "keep_alias_presence", alias="_keep_alias_presence")
    return imports.render()


def pydantic_models_context(
    package: ir.Package, typer: Typer, parts: Sequence[Part], part: Optional[Part]
) -> dict[str, object]:
    """What `pydantic/models.py.jinja` prints: every declaration, or those of one part."""
    declarations = part.declarations if part else package.declarations
    return {
        "ann": typer,
        "imports": pydantic_models_imports(package, typer, parts, part),
        "declarations": declarations,
        "unions": spelled_unions(package, part),
        "rebuilt": [d for d in declarations if isinstance(d, ir.ObjectModel) and d.recursive],
        "dispatch": dispatch.plans(package),
    }


def models_index_context(package: ir.Package, parts: Sequence[Part]) -> dict[str, object]:
    """`models.py` of a package split into parts: each name imported from its part on first use."""
    lazy = [(p.module, tuple(d.name for d in p.declarations)) for p in parts]
    return {
        "imports": init_imports(),
        "type_imports": init_type_imports(lazy),
        "lazy": lazy,
        "exports": [d.name for d in package.declarations],
    }


def dataclass_models_imports(package: ir.Package, typer: Typer, depth: DepthPlan) -> str:
    imports = Imports(MODELS).add(FUTURE, "annotations").add(TYPING, "Any")  # `_new: Any`
    for a in _model_annotations(package.declarations, typer):
        imports.need(a.names)
    for u in coded_unions(package):  # `_encode_<union>(v: <union>)`
        imports.need(typer.of(u).names)
    if package.models:
        imports.add("dataclasses", "dataclass", "field")
        imports.add(TYPING, "ClassVar", "Dict", "FrozenSet", "Mapping", "Type", "cast")
    if any(_rebuilds_list(t) for t in _decoded_types(package)):  # `items: List[Any] = []`
        imports.add(TYPING, "List")
    imports.add("._base", "ModelBase", "ValidationError", "copy_json", "missing", "wrong_type")
    if package.models:  # containers are told by `kind_of(v) is list`; unknown keys are kept
        imports.add("._base", "unknown_items").add("._validation", "kind_of")
    if any(free_form(t) for t in _decoded_types(package)):  # walked whole, at their room
        imports.add("._validation", "depth_error", "fits", "too_deep")
    if depth.checks:
        imports.add("._validation", "check_room")
    _union_runtime_imports(imports, package, "dataclass")
    return imports.render()


def _union_plans(
    package: ir.Package, target: Target, unions: Optional[Sequence[ir.UnionType]] = None
) -> list[dispatch.Dispatch]:
    """The plans of `unions` (default: those a target's models decode; dataclass: those model
    fields hold)."""
    plans = dispatch.plans(package)
    if unions is None:
        unions = coded_unions(package) if target == "dataclass" else typed_unions(package)
    return [plans[u.name] for u in unions]


def _has_selections(
    package: ir.Package, target: Target = "pydantic", unions: Optional[Sequence[ir.UnionType]] = None
) -> bool:
    return any(p.selections for p in _union_plans(package, target, unions))


def _union_runtime_imports(
    imports: Imports, package: ir.Package, target: Target, unions: Optional[Sequence[ir.UnionType]] = None
) -> None:
    """What the unions told apart at run time use (templates/runtime/_unions.py)."""
    if _has_selections(package, target, unions):
        imports.add("._unions", "Arm", "pick").add(TYPING, "Callable", "Tuple")
    if target == "dataclass" and any(len(p.arrays) > 1 for p in _union_plans(package, target, unions)):
        imports.add("._unions", "encode", "first_valid")


# --- params.py ---------------------------------------------------------------------------


def params_imports(package: ir.Package, typer: Typer) -> str:
    """The pydantic target's TypedDicts come from typing_extensions (`Required` on 3.9) and its
    annotations are evaluated; the dataclass target stays in the standard library."""
    pydantic = typer.target == "pydantic"
    imports = Imports(PARAMS)
    if not pydantic:
        imports.add(FUTURE, "annotations")
    imports.add(TYPING_EXTENSIONS if pydantic else TYPING, "TypedDict")
    for decl in package.params_declarations:
        if isinstance(decl, ir.ParamsType):
            for f in decl.fields:
                imports.need(typer.key_of(f, quote=decl.recursive).names)
        else:
            imports.need(typer.define_of(decl.type).names)
    return imports.render()


# --- __init__.py -------------------------------------------------------------------------

ERRORS = public_classes("_errors")
TYPES = ("NOT_GIVEN", "NotGiven", "Omit")


def page_names(package: ir.Package, target: Target) -> tuple[str, ...]:
    """The page classes the package exports (none without paginated operations)."""
    if not any(op.pagination is not None for op in package.operations):
        return ()
    return ("AsyncCursorPage", "AsyncPaginator", "SyncCursorPage") if target == "pydantic" else ("SyncCursorPage",)


def client_classes(package: ir.Package, target: Target) -> tuple[str, ...]:
    cfg = package.client
    return (cfg.sync_class, cfg.async_class) if target == "pydantic" else (cfg.sync_class,)


def init_exports(package: ir.Package, target: Target) -> tuple[str, ...]:
    """`__all__` of the package root, in its order."""
    return (
        ("ValidationError",)
        + tuple(d.name for d in package.declarations)
        + tuple(d.name for d in package.params_declarations)
        + client_classes(package, target)
        + ERRORS
        + ("APIResponse",)
        + TYPES
        + page_names(package, target)
        + tuple(name for _, name in media_names(package, target))
    )


def media_names(package: ir.Package, target: Target) -> list[tuple[str, str]]:
    """(module, name) of the stream, upload and download classes the root re-exports."""
    out: list[tuple[str, str]] = []
    if has_streams(package):
        out += [("._streaming", "Stream")] + ([("._streaming", "AsyncStream")] if target == "pydantic" else [])
    if needs_binary(package):
        out.append(("._binary", "BinaryResponse"))
    if has_multipart(package):
        out.append(("._multipart", "FileTypes"))
    return out


def init_lazy(package: ir.Package, target: Target) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) of everything the package root re-exports, each imported on first use:
    `import pkg` loads no model, client, pydantic or HTTP stack until a name is asked for."""
    out: list[tuple[str, tuple[str, ...]]] = [
        ("._validation", ("ValidationError",)),
        ("._errors", ERRORS),
        ("._response", ("APIResponse",)),
        ("._types", TYPES),
    ]
    if page_names(package, target):
        out.append(("._pagination", page_names(package, target)))
    if package.declarations:
        out.append((MODELS, tuple(d.name for d in package.declarations)))
    if package.params_declarations:
        out.append((PARAMS, tuple(d.name for d in package.params_declarations)))
    media: dict[str, list[str]] = {}
    for module, name in media_names(package, target):
        media.setdefault(module, []).append(name)
    out += [(module, tuple(names)) for module, names in media.items()]
    out += [(module, (name,)) for module, name in zip(client_modules(target), client_classes(package, target), strict=True)]
    return out


def client_modules(target: Target) -> tuple[str, ...]:
    return ("._client", "._async_client") if target == "pydantic" else ("._client",)


def init_imports() -> str:
    """The eager imports of the package root: only what its `__getattr__` needs."""
    imports = Imports().add("importlib", "import_module", alias="_import_module")
    return imports.add(TYPING, "TYPE_CHECKING", "Any").render()


def init_type_imports(lazy: list[tuple[str, tuple[str, ...]]]) -> str:
    """What type checkers see under `if TYPE_CHECKING:` (indented): every lazy name."""
    imports = Imports()
    for module, names in lazy:
        imports.add(module, *names)
    return "\n".join(f"    {line}" if line else line for line in imports.render().split("\n"))


# --- per template --------------------------------------------------------------------------


def template_context(
    template: str,
    package: ir.Package,
    target: Target,
    annotator: Annotator,
    is_async: bool = False,
    parts: Sequence[Part] = (),
    part: Optional[Part] = None,
) -> dict[str, object]:
    """The computed values a template prints, by template name (`part`: one part of a split
    `models.py` among `parts`, generator/layout.py)."""
    if template == "pydantic/models.py.jinja":
        return pydantic_models_context(package, Typer(annotator, target, "response"), parts, part)
    if template == "dataclass/models.py.jinja":
        typer = Typer(annotator, target, "response")
        depth = DepthPlan(package)
        imports = dataclass_models_imports(package, typer, depth)
        return {"ann": typer, "imports": imports, "depth": depth, "dispatch": dispatch.plans(package)}
    if template == "shared/params.py.jinja":
        typer = Typer(annotator, target, "request")
        return {"ann": typer, "imports": params_imports(package, typer)}
    if template in ("pydantic/client.py.jinja", "dataclass/client.py.jinja"):
        return client_context(package, target, annotator, is_async)
    if template == "shared/__init__.py.jinja":
        lazy = init_lazy(package, target)
        return {
            "imports": init_imports(),
            "type_imports": init_type_imports(lazy),
            "lazy": lazy,
            "exports": init_exports(package, target),
        }
    return {}


def client_context(package: ir.Package, target: Target, annotator: Annotator, is_async: bool) -> dict[str, object]:
    """A client module: its methods (generator/methods.py), helpers and import block."""
    maker = Methods(annotator, target, is_async)
    methods = maker.methods(package)
    parsers = maker.event_parsers(package)
    return {
        "methods": methods,
        "polls": {op_id: poll for op_id, m in methods.items() if (poll := poll_signature(m)) is not None},
        "event_parsers": parsers,
        "has_streams": has_streams(package),
        "has_multipart": has_multipart(package),
        "binary": needs_binary(package),
        "json_value": needs_json_value(package),
        "no_content": needs_no_content(package),
        "has_body": has_body(package),
        "has_pages": has_pages(package),
        "has_deprecated": has_deprecated(package),
        "imports": client_imports(package, target, is_async, methods.values(), parsers),
    }
