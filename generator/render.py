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
from typing import Any, Callable, Iterator, Optional

import jinja2

from . import ir
from .layout import Part, model_parts
from .runtime_source import TEMPLATES

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
    # a large package's models: an index (this template) over parts of `template`
    index: Optional[str] = None


def has_params(package: ir.Package) -> bool:
    """Request bodies declare nested objects: the package gets a params module."""
    return bool(package.params_declarations)


def has_pagination(package: ir.Package) -> bool:
    """Some operation returns cursor pages: the package gets the page classes."""
    return any(op.pagination is not None for op in package.operations)


def has_polling(package: ir.Package) -> bool:
    """Some operation has a poller (config `poll:`): the package gets the polling loop."""
    return any(op.poller is not None for op in package.operations)


def has_union_choices(package: ir.Package) -> bool:
    """Some union is told apart at run time: the package gets the shared selector."""
    from .dispatch import needs_runtime

    return needs_runtime(package)


def runtime(name: str, kind: str = "", when: Optional[Callable[[ir.Package], bool]] = None) -> OutputFile:
    """A module of templates/runtime/ (`kind`: of templates/runtime/<kind>/), copied as is
    under the generated header: code that does not vary with the spec."""
    return OutputFile(name, f"runtime/{kind}/{name}" if kind else f"runtime/{name}", when=when)


# Streams, uploads and downloads: every package has them (the transports refer to them; they
# are imported when a call first needs them).
MEDIA_FILES = (runtime("_streaming.py"), runtime("_multipart.py"), runtime("_binary.py"))
# What each target emits. The pydantic target renders one client template twice.
TARGET_FILES: dict[str, tuple[OutputFile, ...]] = {
    "pydantic": (
        OutputFile("__init__.py", "shared/__init__.py.jinja"),
        runtime("_base.py", "pydantic"),
        runtime("_validation.py"),
        runtime("_unions.py", when=has_union_choices),
        OutputFile("models.py", "pydantic/models.py.jinja", index="pydantic/models_index.py.jinja"),
        OutputFile("params.py", "shared/params.py.jinja", when=has_params),
        runtime("_types.py"),
        runtime("_errors.py"),
        runtime("_retry.py"),
        runtime("_content.py"),
        runtime("_loop.py"),
        runtime("_core.py"),
        runtime("_http.py", "pydantic"),
        runtime("_response.py"),
        runtime("_raw_response.py"),
        runtime("_polling.py", when=has_polling),
        OutputFile("_config.py", "shared/config.py.jinja"),
        OutputFile("_pagination.py", "runtime/_pagination.py", when=has_pagination),
        OutputFile("_client.py", "pydantic/client.py.jinja", (("is_async", False),)),
        OutputFile("_async_client.py", "pydantic/client.py.jinja", (("is_async", True),)),
        OutputFile("py.typed", "shared/py.typed.jinja", python=False),
        *MEDIA_FILES,
    ),
    "dataclass": (
        OutputFile("__init__.py", "shared/__init__.py.jinja"),
        runtime("_base.py", "dataclass"),
        runtime("_validation.py"),
        runtime("_unions.py", when=has_union_choices),
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
        runtime("_raw_response.py"),
        runtime("_polling.py", when=has_polling),
        OutputFile("_config.py", "shared/config.py.jinja"),
        OutputFile("_pagination.py", "runtime/_pagination.py", when=has_pagination),
        OutputFile("_client.py", "dataclass/client.py.jinja"),
        OutputFile("py.typed", "shared/py.typed.jinja", python=False),
        *MEDIA_FILES,
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


def snake_upper(name: str) -> str:
    from .naming import snake

    return snake(name).upper()


def snake_lower(name: str) -> str:
    from .naming import snake

    return snake(name)


def templates_digest(root: Path = TEMPLATES) -> str:
    """One sha256 over every template file (path and bytes), for the generated header.
    Bytecode is no template: pip compiles the wheel's runtime .py files at install."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
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
    }
    env.filters.update(filters)
    from .annotate import arm_label, expected_kinds

    env.filters["arm_label"] = arm_label
    env.filters["expected_kinds"] = expected_kinds
    from .depth import free_form, room_at
    from .docwrap import wrap_docstring, wrap_literal
    from .emit import SCALAR_TYPES, coded_unions, kind_test, needs_decode, null_bits

    env.filters["docstring"] = wrap_docstring  # `docstring`, wrapped at 100 columns
    env.filters["wrap_literal"] = wrap_literal

    from .dispatch import arm_source

    env.filters["arm_facts"] = arm_source
    env.tests["needs_decode"] = needs_decode
    env.tests["free_form"] = free_form
    env.filters["null_bits"] = null_bits
    env.filters["room_at"] = room_at
    env.filters["coded_unions"] = coded_unions
    env.filters["kind_test"] = kind_test
    env.filters["scalar_type"] = SCALAR_TYPES.__getitem__
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
        line = f"#   {comment(item.name)} sha256={item.sha256}"
        if len(line) > LINE_LENGTH:  # a long path: its digest on a line of its own
            line = f"#   {comment(item.name)}\n#     sha256={item.sha256}"
        lines.append(line)
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
    from .annotate import Annotator

    env = make_environment(root)
    header = header_lines(package, templates_digest(root))
    annotator = Annotator(package)
    parts = model_parts(package)
    out: dict[str, str] = {}
    for target in package.targets:
        for item in TARGET_FILES[target.kind]:
            if item.when is not None and not item.when(package):
                continue
            for path, text in _render_item(item, package, target, env, header, annotator, root, parts):
                rel = f"{target.package}/{path}"
                out[rel] = format_python(text, rel) if item.python else text
    return dict(sorted(out.items()))


def _render_item(
    item: OutputFile,
    package: ir.Package,
    target: ir.Target,
    env: jinja2.Environment,
    header: str,
    annotator: Any,
    root: Path,
    parts: list[Part],
) -> Iterator[tuple[str, str]]:
    """(path in the package, unformatted text) of each file one OutputFile makes: one, or an
    index and its parts (generator/layout.py)."""
    from .emit import models_index_context, template_context

    if item.template.endswith(".py"):  # a runtime module: copied, not rendered
        yield item.path, f"{header}\n{(root / item.template).read_text(encoding='utf-8')}"
        return
    context = dict(item.context)
    is_async = bool(context.get("is_async", False))
    common = {"package": package, "target": target, "header": header, **context}
    if item.index is None or not parts:
        computed = template_context(item.template, package, target.kind, annotator, is_async)
        yield item.path, env.get_template(item.template).render(**common, **computed)
        return
    yield item.path, env.get_template(item.index).render(**common, **models_index_context(package, parts))
    for part in parts:
        computed = template_context(item.template, package, target.kind, annotator, is_async, parts, part)
        yield part.path, env.get_template(item.template).render(**common, **computed)
