"""Render the IR through the per-target Jinja templates, then format with black.

One Jinja environment (StrictUndefined, no autoescape: the output is Python, and spec text
reaches it only through the `py`, `docstring` and `comment` filters, which always yield
valid, inert Python). Returns {relative path: file text}; writing is `write.py`'s job.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import jinja2

from . import ir

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GENERATOR_NAME = "generator"
LINE_LENGTH = 100


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to the target package folder
    template: str
    context: tuple[tuple[str, Any], ...] = ()
    python: bool = True
    # rendered only when this says the package needs it (None: always)
    when: Optional[Callable[[ir.Package], bool]] = None


def has_params(package: ir.Package) -> bool:
    """Request bodies declare nested objects: the package gets a params module."""
    return bool(package.params_declarations)


def has_pagination(package: ir.Package) -> bool:
    """Some operation returns cursor pages: the package gets the page classes."""
    return any(op.pagination is not None for op in package.operations)


def runtime(name: str, kind: str = "") -> OutputFile:
    """A module of templates/runtime/ (`kind`: of templates/runtime/<kind>/), copied as is
    under the generated header: code that does not vary with the spec."""
    return OutputFile(name, f"runtime/{kind}/{name}" if kind else f"runtime/{name}")


# What each target emits. The pydantic target renders one client template twice.
TARGET_FILES: dict[str, tuple[OutputFile, ...]] = {
    "pydantic": (
        OutputFile("__init__.py", "shared/__init__.py.jinja"),
        runtime("_base.py", "pydantic"),
        runtime("_validation.py"),
        OutputFile("models.py", "pydantic/models.py.jinja"),
        OutputFile("params.py", "shared/params.py.jinja", when=has_params),
        runtime("_types.py"),
        runtime("_errors.py"),
        runtime("_retry.py"),
        runtime("_content.py"),
        runtime("_loop.py"),
        runtime("_core.py"),
        runtime("_http.py", "pydantic"),
        runtime("_response.py"),
        OutputFile("_config.py", "shared/config.py.jinja"),
        OutputFile("_pagination.py", "runtime/_pagination.py", when=has_pagination),
        OutputFile("_client.py", "pydantic/client.py.jinja", (("is_async", False),)),
        OutputFile("_async_client.py", "pydantic/client.py.jinja", (("is_async", True),)),
        OutputFile("py.typed", "shared/py.typed.jinja", python=False),
    ),
    "dataclass": (
        OutputFile("__init__.py", "shared/__init__.py.jinja"),
        runtime("_base.py", "dataclass"),
        runtime("_validation.py"),
        OutputFile("models.py", "dataclass/models.py.jinja"),
        OutputFile("params.py", "shared/params.py.jinja", when=has_params),
        runtime("_types.py"),
        runtime("_errors.py"),
        runtime("_retry.py"),
        runtime("_content.py"),
        runtime("_loop.py"),
        runtime("_core.py"),
        runtime("_http.py", "dataclass"),
        runtime("_response.py"),
        OutputFile("_config.py", "shared/config.py.jinja"),
        OutputFile("_pagination.py", "runtime/_pagination.py", when=has_pagination),
        OutputFile("_client.py", "dataclass/client.py.jinja"),
        OutputFile("py.typed", "shared/py.typed.jinja", python=False),
    ),
}


def py_literal(value: object) -> str:
    """A Python literal for a JSON scalar; safe for any string the spec holds."""
    if isinstance(value, str):
        return '"' + "".join(_ESCAPES.get(ch) or _escape(ch) for ch in value) + '"'
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise TypeError(f"not a JSON number: {value!r}")  # inputs are validated before this
        return repr(value)
    raise TypeError(f"not a JSON scalar: {value!r}")


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    """Printable ASCII as is; anything else as a Python escape (`\\xNN`, `\\uNNNN`,
    `\\UNNNNNNNN`), so the literal is pure ASCII and means the same on every Python."""
    code = ord(ch)
    if 0x20 <= code < 0x7F:
        return ch
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring literal whose content is inert whatever the text."""
    text = text.strip()
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\n")
        elif ch == "\t":
            out.append("    ")
        elif code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or code in (0x2028, 0x2029, 0x85, 0xFEFF):
            out.append(f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    body = "".join(out).replace('"""', '\\"\\"\\"')
    lines = [line.rstrip() for line in body.split("\n")]
    body = "\n".join((indent + line if line and i else line) for i, line in enumerate(lines))
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    if "\n" in body:
        return f'"""{body}\n{indent}"""'
    return f'"""{body}"""'


def comment(text: str) -> str:
    """Text for a single `#` comment line."""
    return " ".join(docstring(text)[3:-3].split())


def article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def json_kind(t: ir.TypeRef) -> str:
    """How an error message names what a type expects: `string`, `array`, ..."""
    if isinstance(t, (ir.Primitive, ir.EnumType)):
        return t.json
    if isinstance(t, ir.ListType):
        return "array"
    if isinstance(t, ir.UnionType):
        return " or ".join(dict.fromkeys(v.json for v in t.variants))
    if isinstance(t, ir.AnyValue):
        return "value"
    return "object"


def enum_annotation(t: ir.EnumType) -> str:
    """An open enum's annotation: its values as a Literal, or any other str / int."""
    base = "str" if t.json == "string" else "int"
    if not t.literal:
        return base
    return f"Union[Literal[{', '.join(py_literal(v) for v in t.values)}], {base}]"


def snake_upper(name: str) -> str:
    from .naming import snake

    return snake(name).upper()


def snake_lower(name: str) -> str:
    from .naming import snake

    return snake(name)


def kinds_used(package: ir.Package) -> set[str]:
    """Which type kinds and wrappers the models use, so templates import only those."""
    used: set[str] = set()

    def visit(t: ir.TypeRef) -> None:
        used.add(t.kind)
        if isinstance(t, ir.Primitive):
            used.add(t.json)
        if isinstance(t, ir.EnumType) and t.literal:
            used.add("literal")
        if isinstance(t, ir.EnumType) and t.alias is None:
            used.add("inline_enum")
        if isinstance(t, ir.ListType):
            visit(t.item)
        elif isinstance(t, ir.MapType):
            visit(t.value)
        elif isinstance(t, ir.UnionType):
            if t.alias is None:
                used.add("inline_union")
            for v in t.variants:
                visit(v.type)

    for decl in package.declarations:
        if isinstance(decl, ir.ObjectModel):
            for f in decl.fields:
                visit(f.type)
                if f.py_name != f.json_name:
                    used.add("alias")
                if not f.must_be_present:
                    used.add("optional")
        else:
            visit(decl.type)
            if isinstance(decl.type, ir.EnumType):
                used.add("inline_enum")
            if isinstance(decl.type, ir.UnionType):
                used.add("inline_union")
    for op in package.operations:
        if op.response is not None:
            visit(op.response)
    return used


@dataclass(frozen=True)
class RequestNames:
    """What request-side annotations (shared/params_kinds.jinja) mention, so that a module
    imports exactly those: typing names, aliases of the models module, params names."""

    typing: tuple[str, ...]
    models: tuple[str, ...]
    params: tuple[str, ...]


def request_names(
    package: ir.Package, types: Iterable[ir.TypeRef], defined: Iterable[ir.TypeRef] = ()
) -> RequestNames:
    """The names `params_kinds.annotation` renders for `types` (and, for `defined`, for the
    definition of an alias rather than its name). Mirrors that macro kind by kind."""
    params_names = {d.name for d in package.params_declarations}
    typing: set[str] = set()
    models: set[str] = set()
    params: set[str] = set()

    def name(n: str) -> None:
        (params if n in params_names else models).add(n)

    def visit(t: ir.TypeRef, define: bool = False) -> None:
        if isinstance(t, (ir.ParamsRef, ir.ModelRef)):
            name(t.name)
        elif isinstance(t, (ir.EnumType, ir.ListType, ir.MapType, ir.UnionType)) and t.alias and not define:
            name(t.alias)
        elif isinstance(t, ir.EnumType) and t.literal:
            typing.update(("Literal", "Union"))
        elif isinstance(t, ir.ListType):
            typing.add("Sequence")
            visit(t.item)
        elif isinstance(t, ir.MapType):
            typing.add("Mapping")
            visit(t.value)
        elif isinstance(t, ir.UnionType):
            typing.add("Union")
            for v in t.variants:
                visit(v.type)

    for t in types:
        visit(t)
    for t in defined:
        visit(t, define=True)
    return RequestNames(isort_order(typing), isort_order(models), isort_order(params))


def isort_order(names: Iterable[str]) -> tuple[str, ...]:
    """Names as isort (and ruff's `I`) order them in one import: CONSTANTS, Classes, functions."""

    def key(n: str) -> tuple[int, str, str]:
        return (0 if n.isupper() and len(n) > 1 else 1 if n[:1].isupper() else 2, n.lower(), n)

    return tuple(sorted(set(names), key=key))


def client_names(package: ir.Package) -> RequestNames:
    """What a client module imports for its methods: the typing names and params of the
    request-side annotations (query parameters, body fields), and from the models module
    the response models, the items of pages and the aliases those annotations name."""
    types: list[ir.TypeRef] = []
    models: set[str] = set()
    typing: set[str] = set()
    for op in package.operations:
        types.extend(p.type for p in op.query_params)
        types.extend(f.type for f in op.body_fields)
        if isinstance(op.response, ir.ModelRef):
            models.add(op.response.name)
        if op.pagination is not None:
            if isinstance(op.pagination.item, ir.ModelRef):
                models.add(op.pagination.item.name)
            else:  # resources.jinja `item_type`: pages of anything but models are of Any
                typing.add("Any")
    names = request_names(package, types)
    return RequestNames(
        isort_order(typing | set(names.typing)), isort_order(models | set(names.models)), names.params
    )


def templates_digest(root: Path = TEMPLATES) -> str:
    """One sha256 over every template file (path and bytes), for the generated header."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def make_environment(root: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "py": py_literal,
        "docstring": docstring,
        "comment": comment,
        "snake_upper": snake_upper,
        "snake": snake_lower,
        "article": article,
        "json_kind": json_kind,
        "enum_annotation": enum_annotation,
    }
    env.filters.update(filters)
    env.globals["kinds_used"] = kinds_used
    env.globals["request_names"] = request_names
    env.globals["client_names"] = client_names
    env.filters["isort_order"] = isort_order
    return env


def header_lines(package: ir.Package, digest: str) -> str:
    lines = [
        f"# Generated by {GENERATOR_NAME} from the inputs below: do not edit; regenerate instead.",
    ]
    for item in package.inputs:
        lines.append(f"#   {comment(item.name)} sha256={item.sha256}")
    lines.append(f"#   templates sha256={digest}")
    return "\n".join(lines)


def format_python(source: str, name: str) -> str:
    # imported when first needed: a CLI run that stops on bad input never pays for it
    import black
    from black.mode import TargetVersion

    mode = black.Mode(
        target_versions={TargetVersion.PY39},
        line_length=LINE_LENGTH,
        magic_trailing_comma=False,
    )
    try:
        return black.format_str(source, mode=mode)
    except Exception as exc:  # a template bug, never a spec problem: say where
        raise RenderError(f"{name}: generated code does not parse: {exc}") from exc


class RenderError(Exception):
    """The templates produced invalid Python (a bug in the generator, not in the spec)."""


def render_package(package: ir.Package, root: Path = TEMPLATES) -> dict[str, str]:
    """{path relative to the output folder: text} for every target."""
    env = make_environment(root)
    digest = templates_digest(root)
    header = header_lines(package, digest)
    out: dict[str, str] = {}
    for target in package.targets:
        for item in TARGET_FILES[target.kind]:
            if item.when is not None and not item.when(package):
                continue
            if item.template.endswith(".py"):  # a runtime module: copied, not rendered
                text = f"{header}\n{(root / item.template).read_text(encoding='utf-8')}"
            else:
                text = env.get_template(item.template).render(
                    package=package, target=target, header=header, **dict(item.context)
                )
            rel = f"{target.package}/{item.path}"
            out[rel] = format_python(text, rel) if item.python else text
    return dict(sorted(out.items()))
