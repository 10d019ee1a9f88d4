"""Render the IR through the per-target Jinja templates, then format (black's style, via ruff).

One Jinja environment (StrictUndefined, no autoescape: the output is Python, and spec text
reaches it only through the `py`, `docstring` and `comment` filters, which always yield
valid, inert Python). Returns {relative path: file text}; writing is `write.py`'s job.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import jinja2

from . import ir

# templates/ at the top of a checkout; inside the package when installed (pyproject.toml)
_INSTALLED_TEMPLATES = Path(__file__).resolve().parent / "templates"
_CHECKOUT_TEMPLATES = _INSTALLED_TEMPLATES.parent.parent / "templates"
TEMPLATES = _INSTALLED_TEMPLATES if _INSTALLED_TEMPLATES.is_dir() else _CHECKOUT_TEMPLATES
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


# What each target emits. The pydantic target renders one client template twice.
TARGET_FILES: dict[str, tuple[OutputFile, ...]] = {
    "pydantic": (
        OutputFile("__init__.py", "shared/__init__.py.jinja"),
        OutputFile("_base.py", "pydantic/base.py.jinja"),
        OutputFile("models.py", "pydantic/models.py.jinja"),
        OutputFile("params.py", "shared/params.py.jinja", when=has_params),
        OutputFile("_types.py", "shared/types.py.jinja"),
        OutputFile("_errors.py", "shared/errors.py.jinja"),
        OutputFile("_retry.py", "shared/retry.py.jinja"),
        OutputFile("_response.py", "shared/response.py.jinja"),
        OutputFile("_pagination.py", "shared/pagination.py.jinja", when=has_pagination),
        OutputFile("_client.py", "pydantic/client.py.jinja", (("is_async", False),)),
        OutputFile("_async_client.py", "pydantic/client.py.jinja", (("is_async", True),)),
        OutputFile("py.typed", "shared/py.typed.jinja", python=False),
    ),
    "dataclass": (
        OutputFile("__init__.py", "shared/__init__.py.jinja"),
        OutputFile("_base.py", "dataclass/base.py.jinja"),
        OutputFile("models.py", "dataclass/models.py.jinja"),
        OutputFile("params.py", "shared/params.py.jinja", when=has_params),
        OutputFile("_types.py", "shared/types.py.jinja"),
        OutputFile("_errors.py", "shared/errors.py.jinja"),
        OutputFile("_retry.py", "shared/retry.py.jinja"),
        OutputFile("_http.py", "dataclass/http.py.jinja"),
        OutputFile("_response.py", "shared/response.py.jinja"),
        OutputFile("_pagination.py", "shared/pagination.py.jinja", when=has_pagination),
        OutputFile("_client.py", "dataclass/client.py.jinja"),
        OutputFile("py.typed", "shared/py.typed.jinja", python=False),
    ),
}


def py_literal(value: object) -> str:
    """A Python literal for a JSON scalar; safe for any string the spec holds."""
    if isinstance(value, str):
        if _PLAIN_LITERAL.fullmatch(value):  # printable ASCII, no quote or backslash: as is
            return f'"{value}"'
        return '"' + "".join(_ESCAPES.get(ch) or _escape(ch) for ch in value) + '"'
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise TypeError(f"not a JSON number: {value!r}")  # inputs are validated before this
        return repr(value)
    raise TypeError(f"not a JSON scalar: {value!r}")


_PLAIN_LITERAL = re.compile(r"[ !#-\[\]-~]*")
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


# What `docstring` rewrites: backslashes doubled, tabs as four spaces, control and C1
# characters, U+2028/U+2029, the BOM and lone surrogates as escapes; newlines are kept.
_DOCSTRING_TABLE: dict[int, str] = {ord("\\"): "\\\\", ord("\t"): "    "}
for _code in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0xFEFF, *range(0xD800, 0xE000)):
    if _code not in (ord("\n"), ord("\t")):
        _DOCSTRING_TABLE[_code] = f"\\u{_code:04x}" if _code > 0xFF else f"\\x{_code:02x}"
_QUOTE_RUN = re.compile('"{3,}')
_DOCSTRING_SPECIAL = re.compile("[\\\\\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring literal whose content is inert whatever the text."""
    text = text.strip()
    # one C-level pass (str.translate), none for the usual text without such characters
    body = text.translate(_DOCSTRING_TABLE) if _DOCSTRING_SPECIAL.search(text) else text
    # a quote in a run of three would close the literal, and so would a last one (it meets
    # the closing quotes): those are escaped, every other quote is kept as it is
    last_quote = body.endswith('"') and not body.endswith('"""')
    body = _QUOTE_RUN.sub(lambda run: '\\"' * len(run.group()), body)
    if last_quote:
        body = body[:-1] + '\\"'
    lines = [line.rstrip() for line in body.split("\n")]
    body = "\n".join((indent + line if line and i else line) for i, line in enumerate(lines))
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
    # Python reads lines 1-2 of a source file for an encoding declaration (PEP 263: any
    # `coding[:=]NAME` in a comment there), so both are fixed text: a spec path such as
    # `coding=unicode_escape/openapi.yaml` on line 2 would change how every generated file
    # is decoded (escaped quotes turn live: code run on import). Inputs start on line 3.
    lines = [
        f"# Generated by {GENERATOR_NAME} from the inputs below: do not edit; regenerate instead.",
        "# Inputs and their sha256 (from line 3 on: Python reads lines 1-2 for PEP 263):",
    ]
    for item in package.inputs:
        lines.append(f"#   {comment(item.name)} sha256={item.sha256}")
    lines.append(f"#   templates sha256={digest}")
    return "\n".join(lines)


# The style is black's (line length 100, py39, no magic trailing comma); ruff's formatter
# produces the same bytes for what the templates emit, about 100x faster, and black stays the
# referee in tests/documents/test_format_referee.py. `--isolated`: no ruff/pyproject settings from
# the output folder or its parents can change the bytes.
RUFF_FORMAT_ARGS = (
    "format",
    "--isolated",
    f"--line-length={LINE_LENGTH}",
    "--target-version=py39",
    "--config=format.skip-magic-trailing-comma=true",
    "--config=format.quote-style='double'",
    "--config=format.line-ending='lf'",
    "--config=lint.isort.split-on-trailing-comma=false",  # silences a warning on stderr
)


def ruff_binary() -> str:
    """The ruff executable installed with the generator (its pinned dependency)."""
    from ruff import find_ruff_bin  # the package's own lookup: its venv, user or system scheme

    return str(find_ruff_bin())


def format_python(source: str, name: str) -> str:
    """`source` in black's style, via `ruff format` on stdin (one process per file)."""
    command = [ruff_binary(), *RUFF_FORMAT_ARGS, f"--stdin-filename={name}", "-"]
    done = subprocess.run(command, input=source.encode(), capture_output=True, check=False)
    if done.returncode != 0:  # a template bug, never a spec problem: say where
        detail = done.stderr.decode(errors="replace").strip()
        raise RenderError(f"{name}: generated code does not parse: {detail}")
    return done.stdout.decode()


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
            template = env.get_template(item.template)
            text = template.render(
                package=package,
                target=target,
                header=header,
                **dict(item.context),
            )
            rel = f"{target.package}/{item.path}"
            out[rel] = format_python(text, rel) if item.python else text
    return dict(sorted(out.items()))
