"""The client methods' signatures and the client modules' import blocks, computed from the IR
(templates/shared/resources.jinja prints them).

A `Method` holds, for one operation and one client, every parameter of the method as a name,
an `Annotation` (generator/annotate.py) and a default, the result type, the function that
parses the body and, for cursor pages, the item type; `client_imports` gathers what those
annotations name plus what the client class itself uses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Optional

from . import ir, render
from .annotate import (
    ANY,
    MODELS,
    TYPING,
    Annotation,
    Annotator,
    Name,
    Target,
    generic,
    optional,
    plain,
    union,
)
from .imports import FUTURE, Imports
from .media_methods import BINARY, EventParser, StreamCall, event_parsers, form_fields, stream_call

TYPES = "._types"
NOT_GIVEN = plain("NotGiven", TYPES)
EXTRA = (
    ("extra_headers", optional(plain("Headers", TYPES))),
    ("extra_query", optional(plain("Query", TYPES))),
    ("extra_body", optional(plain("Body", TYPES))),
)


@dataclass(frozen=True)
class Argument:
    """One parameter of a generated method: `name: annotation = default`."""

    name: str
    annotation: Annotation
    default: Optional[str] = None  # Python source of the default (`None`, `NOT_GIVEN`)

    @property
    def names(self) -> frozenset[Name]:
        if self.default == "NOT_GIVEN":
            return self.annotation.names | {Name(TYPES, "NOT_GIVEN")}
        return self.annotation.names


@dataclass(frozen=True)
class Method:
    """An operation as a method of one client: what the template prints around the call."""

    op: ir.Operation
    positional: tuple[Argument, ...]  # before the `*`
    keyword: tuple[Argument, ...]  # after it: required ones, then optional ones, then extras
    result: Annotation  # what the call returns once parsed (`Run`, `None`, `Any`)
    parse: str  # the function turning the body bytes into `result`
    item: Optional[Annotation]  # the item of a cursor page (paginated operations)
    path: str  # the expression of the request path
    raw_wrapper: str  # the function making its `with_raw_response` twin (generator runtime)
    raw_parse: str  # the wrapper's second argument (pages: the page's parse function) or ""
    streamed_wrapper: str  # the function making its `with_streaming_response` twin
    stream: Optional[StreamCall] = None  # a streaming operation: its overloads and parser
    returns: Optional[Annotation] = None  # what the method returns, when not `result`
    form: Optional[tuple[str, str]] = None  # multipart: file fields, JSON fields (tuple literals)
    content: str = ""  # a form-urlencoded, whole JSON or raw body: the expression building it

    @property
    def names(self) -> frozenset[Name]:
        found: set[Name] = set(self.result.names)
        for a in self.positional + self.keyword:
            found |= a.names
        if self.item is not None:
            found |= self.item.names
        if self.stream is not None:
            found |= self.stream.names
        if self.returns is not None:
            found |= self.returns.names
        return frozenset(found)


def timeout_annotation(target: Target) -> Annotation:
    """A call's `timeout` option: seconds, None (no limit), or the client's (NOT_GIVEN)."""
    if target == "pydantic":
        timeout = Annotation("httpx2.Timeout", frozenset({Name("httpx2", "")}))
        return union(Annotation("float"), timeout, Annotation("None"), NOT_GIVEN)
    return union(Annotation("float"), Annotation("None"), NOT_GIVEN)


def scalar_annotation(t: ir.TypeRef) -> Annotation:
    """A path parameter (a scalar; an open enum takes any str / int)."""
    if isinstance(t, ir.Primitive):
        return Annotation(t.python)
    if isinstance(t, ir.EnumType):
        return Annotation("str" if t.json == "string" else "int")
    return ANY


class Methods:
    """The methods of one client (a target; sync or async) of one package."""

    def __init__(self, annotator: Annotator, target: Target, is_async: bool = False) -> None:
        self.annotator = annotator
        self.target: Target = target
        self.is_async = is_async

    def request(self, t: ir.TypeRef) -> Annotation:
        return self.annotator.annotate(t, self.target, "request")

    def param(self, p: ir.Param) -> Annotation:
        """Query parameters are annotated like request bodies; path parameters are scalars."""
        if p.location in ("query", "header"):
            return self.request(p.type)
        if isinstance(p.type, ir.ListType):
            return generic("Sequence", scalar_annotation(p.type.item))
        return scalar_annotation(p.type)

    def body_field(self, f: ir.ParamsField, body: Optional[ir.RequestBody] = None) -> Annotation:
        if body is not None and body.raw and body.whole:
            return FILE_CONTENT  # bytes, a binary file object or a path, sent as they are
        inner = self.request(f.type)
        return optional(inner) if f.nullable else inner

    def method(self, op: ir.Operation) -> Method:
        keyword = [Argument(p.py_name, self.param(p)) for p in op.keyword_params if p.required]
        keyword += [Argument(f.py_name, self.body_field(f, op.body)) for f in op.body_fields if f.required]
        keyword += [
            Argument(f.py_name, union(self.body_field(f, op.body), NOT_GIVEN), "NOT_GIVEN")
            for f in op.body_fields
            if not f.required
        ]
        keyword += [Argument(p.py_name, optional(self.param(p)), "None") for p in op.keyword_params if not p.required]
        keyword += [Argument(name, a, "None") for name, a in EXTRA]
        keyword.append(Argument("timeout", timeout_annotation(self.target), "NOT_GIVEN"))
        result = BINARY if op.binary else result_annotation(op.response)
        stream: Optional[StreamCall] = None
        returns: Optional[Annotation] = None
        if op.stream is not None:
            last_body = op.body_fields[-1].py_name if op.body_fields else None
            events = self.annotator.annotate(op.stream.events, self.target, "response")
            keyword, stream = stream_call(op.stream, keyword, last_body, result, events, self.is_async)
            returns = union(result, stream.stream_result) if stream.param else stream.stream_result
        return Method(
            op=op,
            positional=tuple(Argument(p.py_name, self.param(p)) for p in op.positional_params),
            keyword=tuple(keyword),
            result=result,
            parse="_binary_content" if op.binary else parse_function(op.response),
            item=None if op.pagination is None else result_annotation(op.pagination.item),
            path=path_expression(op.path_parts),
            raw_wrapper=raw_wrapper(op, self.is_async),
            raw_parse=parse_function(op.response) if op.pagination else "",
            streamed_wrapper=raw_wrapper(op, self.is_async, "streamed"),
            stream=stream,
            returns=returns,
            form=form_fields(op.body) if op.body is not None and op.body.multipart else None,
            content=content_expression(op.body) if op.body is not None else "",
        )

    def event_parsers(self, package: ir.Package) -> list[EventParser]:
        """The module-level parsers of the streams' events."""
        events = {
            op.stream.parser: self.annotator.annotate(op.stream.events, self.target, "response")
            for op in package.operations
            if op.stream is not None
        }
        return event_parsers(package, events)

    def methods(self, package: ir.Package) -> dict[str, Method]:
        """Every operation's method, by operation id."""
        return {op.operation_id: self.method(op) for op in package.operations}


FILE_CONTENT = plain("FileContent", "._content")
CONTENT = "._content"


def content_expression(body: ir.RequestBody) -> str:
    """The expression a method passes as `form=` for a body that is not sent as the JSON
    object of its arguments (nor multipart): `_content.urlencoded_content({...})`,
    `json_content(body, ...)`, `raw_content(content, "image/png", ...)`; "" otherwise."""
    if body.urlencoded:
        values = ", ".join(f"{render.py_literal(f.json_name)}: {f.py_name}" for f in body.fields)
        styles = ", ".join(
            f"{render.py_literal(name)}: ({render.py_literal(style)}, {explode})" for name, style, explode in body.form_styles
        )
        styled = f", styles={{{styles}}}" if styles else ""
        return f"urlencoded_content({{{values}}}{styled}, extra_body=extra_body)"
    if body.whole and body.raw:
        return f"raw_content({body.fields[0].py_name}, {render.py_literal(body.base_media_type)}, extra_body)"
    if body.whole:
        return f"json_content({body.fields[0].py_name}, extra_body)"
    return ""


def content_functions(package: ir.Package) -> list[str]:
    """The `_content` functions the client modules call."""
    bodies = [op.body for op in package.operations if op.body is not None]
    found = {content_expression(b).split("(", 1)[0] for b in bodies} - {""}
    return sorted(found)


def path_expression(parts: tuple[ir.PathPart, ...]) -> str:
    """The request path as one expression: `"/runs"`, or one `_retry.path_template(...)` call
    naming each parameter (each value percent-encoded as one segment). A literal part with a
    brace of its own would read as a placeholder: such paths are joined with `+` instead."""
    params = [p.param for p in parts if p.param is not None]
    if not params:
        return render.py_literal("".join(p.literal for p in parts))
    if any("{" in p.literal or "}" in p.literal for p in parts):
        return " + ".join(
            render.py_literal(p.literal) if p.param is None else f"_retry.path_segment({render.py_literal(p.param)}, {p.param})"
            for p in parts
        )
    template = "".join(p.literal if p.param is None else "{" + p.param + "}" for p in parts)
    arguments = "".join(f", {name}={name}" for name in dict.fromkeys(params))
    return f"_retry.path_template({render.py_literal(template)}{arguments})"


def raw_wrapper(op: ir.Operation, is_async: bool, kind: str = "raw") -> str:
    """The generated runtime's function (`_raw_response.py`) making a method's raw twin
    (`kind` "streamed": its `with_streaming_response` twin)."""
    name = f"to_{kind}_page_wrapper" if op.pagination is not None else f"to_{kind}_response_wrapper"
    return f"async_{name}" if is_async else name


def result_annotation(t: Optional[ir.TypeRef]) -> Annotation:
    """Models are parsed into their class; anything else is returned as decoded JSON."""
    if t is None:
        return Annotation("None")
    if isinstance(t, ir.ModelRef):
        return plain(t.name, MODELS)
    return ANY


def parse_function(t: Optional[ir.TypeRef]) -> str:
    if t is None:
        return "_no_content"
    if isinstance(t, ir.ModelRef):
        return f"{t.name}.from_json"
    return "_json_value"


def needs_json_value(package: ir.Package) -> bool:
    """Some operation returns JSON that is not a model: the client has `_json_value`."""
    return any(op.response is not None and not isinstance(op.response, ir.ModelRef) for op in package.operations)


def needs_no_content(package: ir.Package) -> bool:
    return any(op.response is None and not op.binary for op in package.operations)


def needs_binary(package: ir.Package) -> bool:
    return any(op.binary for op in package.operations)


def has_deprecated(package: ir.Package) -> bool:
    return any(op.deprecated for op in package.operations)


def has_body(package: ir.Package) -> bool:
    return any(op.body is not None for op in package.operations)


def has_pages(package: ir.Package) -> bool:
    return any(op.pagination is not None for op in package.operations)


def _method_names(methods: Iterable[Method], is_async: bool) -> Iterator[Name]:
    for m in methods:
        yield from m.names
        poll = poll_signature(m)
        if poll is not None:
            yield from poll.names
        if m.op.pagination is not None:
            pages = ("AsyncCursorPage", "AsyncPaginator") if is_async else ("SyncCursorPage",)
            yield from (Name("._pagination", page) for page in pages)
        if m.op.deprecated:
            yield Name("", "deprecated")  # imported by the client's own block (per target)
        yield Name("._raw_response", m.raw_wrapper)
        yield Name("._raw_response", m.streamed_wrapper)


def has_streams(package: ir.Package) -> bool:
    return any(op.stream is not None for op in package.operations)


def has_multipart(package: ir.Package) -> bool:
    return any(op.body is not None and op.body.multipart for op in package.operations)


def client_imports(
    package: ir.Package,
    target: Target,
    is_async: bool,
    methods: Iterable[Method],
    parsers: Iterable[EventParser] = (),
) -> str:
    """The import block of a client module: what its methods name, what the helpers they call
    need, and what the client class uses."""
    imports = Imports().add(FUTURE, "annotations").need(_method_names(methods, is_async))
    for parser in parsers:
        imports.need(parser.names)
    if has_multipart(package):
        imports.add("._multipart", "multipart_body")
    if content_functions(package):
        imports.add(CONTENT, *content_functions(package))
    if needs_binary(package):
        imports.add("._binary", "BinaryResponse")
    imports.add(TYPING, "Callable", "Optional", "Union").add(".", "_retry").add("._config", "CONFIG")
    imports.add(TYPES, "NOT_GIVEN", "Body", "Headers", "NotGiven", "Query")
    if needs_json_value(package):
        imports.add("json").add("._base", "ValidationError").need(ANY.names)
    if target == "pydantic":
        imports.add("httpx2").add("._http", "AsyncAPIClient" if is_async else "SyncAPIClient")
        if has_deprecated(package):
            imports.add("typing_extensions", "deprecated")
    else:
        imports.add("http.client").add("._http", "SyncAPIClient")
        if has_deprecated(package):  # warnings.deprecated on 3.13+, else a stand-in
            imports.add("functools").add("sys").add("warnings")
            imports.add(TYPING, "TYPE_CHECKING", "Any", "TypeVar", "cast")
    if not has_deprecated(package):
        return imports.render()
    # a deprecated method's raw twin is made from it: the module itself uses what it deprecates
    # (type checkers still report each use in the caller's code)
    return DEPRECATED_OWN_USE + imports.render()


DEPRECATED_OWN_USE = '# pyright: reportDeprecated=false\n# mypy: disable-error-code="deprecated"\n\n'



POLL_INTERVAL = Argument("poll_interval_ms", union(Annotation("int"), NOT_GIVEN), "NOT_GIVEN")
_EXTRA_NAMES = frozenset(name for name, _ in EXTRA) | {"timeout"}


@dataclass(frozen=True)
class PollSignature:
    """A poller or poll helper beside the method `m` of its operation: its parameters (those of
    `m` and `poll_interval_ms`; a poller sends no body, so no `extra_body`), the arguments
    it calls `m` with (`call`) and, for a helper, those it calls the poller with."""

    positional: tuple[Argument, ...]
    keyword: tuple[Argument, ...]
    result: Annotation
    call: str
    poll_call: str = ""
    until: str = ""  # the poller's terminal statuses as a Python tuple

    @property
    def names(self) -> frozenset[Name]:
        found: set[Name] = set(self.result.names) | {Name(".", "_polling")}
        for a in self.positional + self.keyword:
            found |= a.names
        return frozenset(found)


def poll_signature(m: Method) -> Optional[PollSignature]:
    """The poller or poll helper of `m`'s operation, when it has one."""
    op = m.op
    if op.poller is None and op.poll_helper is None:
        return None
    drop = {"extra_body"} if op.poller is not None else set()
    streamed = {m.stream.param} if m.stream is not None else set()  # a poll helper never streams
    own = [a for a in m.keyword if a.name not in _EXTRA_NAMES and a.name not in streamed]
    extras = [a for a in m.keyword if a.name in _EXTRA_NAMES and a.name not in drop]
    forwarded = [a.name for a in m.positional] + [f"{a.name}={a.name}" for a in own + extras]
    signature = PollSignature(m.positional, tuple(own + [POLL_INTERVAL] + extras), m.result, ", ".join(forwarded))
    if op.poller is not None:
        until = ", ".join(render.py_literal(v) for v in op.poller.until)
        return replace(signature, until=f"({until},)")
    assert op.poll_helper is not None
    arguments = op.poll_helper.arguments  # the poller's positional one first
    poll_args = [f"_result.{attr}" for _, attr in arguments[:1]]
    poll_args += [f"{name}=_result.{attr}" for name, attr in arguments[1:]]
    poll_args += [f"{n}={n}" for n in ("poll_interval_ms", "extra_headers", "extra_query", "timeout")]
    return replace(signature, poll_call=", ".join(poll_args))
