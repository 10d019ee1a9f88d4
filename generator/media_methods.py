"""The client side of streams, uploads and downloads (issue #11), computed from the IR for
templates/shared/resources.jinja to print.

- A streaming operation's method gets three `@overload`s, so type checkers see the model
  for `stream=False` or no `stream`, `Stream[Event]` (`AsyncStream[Event]` in the async
  client) for `stream=True`, and the union of both for a `bool`; `StreamCall` holds them.
- Each events type gets one module-level parser (`EventParser`): `parse_data(Model.from_json)`,
  or `parse_envelope` / `parse_named` with a table from event name to the arm's `from_json`.
- A multipart body is sent as `multipart_body(...)` (`MultipartCall` names its file and JSON
  fields); a binary response is returned as a `BinaryResponse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from . import ir, render
from .annotate import MODELS, Annotation, Name, plain, subscript, typing_name, union

if TYPE_CHECKING:
    from .methods import Argument

STREAMING = "._streaming"
BINARY = plain("BinaryResponse", "._binary")
NOT_GIVEN = plain("NotGiven", "._types")


@dataclass(frozen=True)
class Overload:
    keyword: tuple[Argument, ...]
    result: Annotation


@dataclass(frozen=True)
class StreamCall:
    """What a streaming method prints: its overloads, the argument that asks for the stream,
    and the parser of its events."""

    param: str  # the Python name of the `stream` argument ("": the method always streams)
    parser: str  # the module-level function parsing one frame
    overloads: tuple[Overload, ...]
    stream_result: Annotation  # `Stream[Event]` / `AsyncStream[Event]`

    @property
    def names(self) -> frozenset[Name]:
        found: set[Name] = {*self.stream_result.names}
        if self.overloads:
            found.add(Name("typing", "overload"))
        for o in self.overloads:
            found |= o.result.names
            for a in o.keyword:
                found |= a.names
        return frozenset(found)


@dataclass(frozen=True)
class EventArmCall:
    name: str  # the event name, as a Python literal
    model: str


@dataclass(frozen=True)
class EventParser:
    """`name: Callable[[ServerSentEvent], events] = function(...)` in a client module."""

    name: str
    events: Annotation
    function: str  # parse_data / parse_envelope / parse_named
    model: Optional[str]  # parse_data's model
    arms: tuple[EventArmCall, ...]
    unknown: Optional[str]

    @property
    def names(self) -> frozenset[Name]:
        found = {Name(STREAMING, self.function), Name(STREAMING, "ServerSentEvent"), Name("typing", "Callable")}
        found |= {Name(MODELS, m) for m in (self.model, self.unknown) if m is not None}
        found |= {Name(MODELS, arm.model) for arm in self.arms}
        return frozenset(found | self.events.names)


def stream_call(
    stream: ir.EventStream,
    keyword: list[Argument],
    after: Optional[str],
    result: Annotation,
    events: Annotation,
    is_async: bool,
) -> tuple[list[Argument], StreamCall]:
    """The implementation's keyword arguments (the `stream` argument inserted after the
    argument named `after`, else first among the optional ones) and the overloads."""
    from .methods import Argument

    stream_result = subscript(plain("AsyncStream" if is_async else "Stream", STREAMING), events)
    if not stream.param_json:  # it always streams: no argument, no overloads
        return keyword, StreamCall("", stream.parser, (), stream_result)
    literal = typing_name("Literal")
    variants = [
        (union(subscript(literal, Annotation("False")), Annotation("None"), NOT_GIVEN), "NOT_GIVEN", result),
        (subscript(literal, Annotation("True")), None, stream_result),
        (Annotation("bool"), None, union(result, stream_result)),
    ]
    at = _position(keyword, after)

    def with_stream(annotation: Annotation, default: Optional[str]) -> tuple[Argument, ...]:
        argument = Argument(stream.param_py, annotation, default)
        return tuple(keyword[:at] + [argument] + keyword[at:])

    overloads = tuple(Overload(with_stream(a, d), r) for a, d, r in variants)
    implementation = list(with_stream(union(Annotation("bool"), Annotation("None"), NOT_GIVEN), "NOT_GIVEN"))
    return implementation, StreamCall(stream.param_py, stream.parser, overloads, stream_result)


def _position(keyword: list[Argument], after: Optional[str]) -> int:
    names = [a.name for a in keyword]
    if after is not None and after in names:
        return names.index(after) + 1
    return next((i for i, a in enumerate(keyword) if a.default is not None), len(keyword))


def event_parsers(package: ir.Package, events: dict[str, Annotation]) -> list[EventParser]:
    """One parser per events type the package's operations stream (`events`: each parser's
    annotation of its events, by parser name)."""
    seen: dict[str, EventParser] = {}
    for op in package.operations:
        s = op.stream
        if s is None or s.parser in seen:
            continue
        function = {"data": "parse_data", "envelope": "parse_envelope", "named": "parse_named"}[s.style]
        arms = tuple(EventArmCall(render.py_literal(a.name), a.model) for a in s.arms)
        seen[s.parser] = EventParser(s.parser, events[s.parser], function, s.model, arms, s.unknown)
    return list(seen.values())


def form_fields(body: ir.RequestBody) -> tuple[str, str]:
    """`multipart_body`'s `file_fields` and `json_fields` as tuple literals."""
    return _tuple_literal(body.file_fields), _tuple_literal(body.json_fields)


def _tuple_literal(names: tuple[str, ...]) -> str:
    items = [render.py_literal(n) for n in names]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
