"""Media types beside JSON: event streams, multipart uploads, binary downloads.

- `event_stream`: an operation streams server-sent events when its success response offers
  `text/event-stream` beside its JSON one and its body has a boolean `stream` property, or
  when the config says so (`stream: {param: stream, events: SCHEMA}`); one whose only success
  media type is `text/event-stream` always streams (no argument: `param_json` ""). The events' type
  decides how a frame becomes an event: a model is the frame's data ("data": chat chunks);
  a union told apart by `event` is an `{event, data}` envelope ("envelope": the Assistants
  run events); a union told apart by another tag is the data of the arm the frame's event
  names ("named": the Responses events).
- `is_binary`: a success response with no JSON media type but another one (octet-stream,
  audio, images, text), or one the config declares binary (`response: binary`: a download
  the document calls a JSON string), is returned as a `BinaryResponse`.
- `multipart_fields`: in a `multipart/form-data` body, a `format: binary` string (or an
  array of them) is a file field (`ir.FileInput`); an array whose `encoding` says
  `application/json` goes as one JSON part instead of one part per item.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal, Optional

from .. import ir
from ..config import OperationConfig
from ..diagnostics import Pos
from ..naming import parameter_name, snake
from ..source import MapNode, Node, ScalarNode, SeqNode
from .media import json_media_type
from .objects import MAX_ALL_OF_DEPTH
from .refs import COMPONENT_PREFIX, escape

if TYPE_CHECKING:
    from .schemas import SchemaLowerer

EVENT_STREAM = "text/event-stream"
UNSUPPORTED_EVENTS = (
    "unsupported construct: stream events that are neither a model nor a union of models told apart by a tag"
)
MULTIPART = "multipart/form-data"


def _base(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def declared_event_refs(operations: list[OperationConfig]) -> list[MapNode]:
    """A `$ref` node per events schema the config declares, for what the package reaches."""
    return [_ref_node(op.stream.events, op.stream.events_pos) for op in operations if op.stream]


def _ref_node(component: str, pos: Pos) -> MapNode:
    """`{$ref: '#/components/schemas/<component>'}`, written where the config names it."""
    return MapNode(pos, {"$ref": ScalarNode(pos, COMPONENT_PREFIX + escape(component))}, {"$ref": pos})


def success_content(op: MapNode, lw: SchemaLowerer) -> Optional[MapNode]:
    """The `content` of the first 2xx response (None: none, or not a mapping; the JSON side
    reports what is malformed)."""
    responses = op.get("responses")
    if not isinstance(responses, MapNode):
        return None
    for status in responses.keys():
        if len(status) == 3 and status[0] == "2":
            raw = responses.get(status)
            response = lw.resolver.quietly(raw) if isinstance(raw, MapNode) and "$ref" in raw else raw
            content = response.get("content") if isinstance(response, MapNode) else None
            return content if isinstance(content, MapNode) else None
    return None


def is_binary(op_config: OperationConfig, content: Optional[MapNode]) -> bool:
    """Whether the success body is returned as bytes (see the module docstring)."""
    if op_config.binary_response:
        return True
    if content is None or not content.entries:
        return False
    kinds = [_base(k) for k in content.keys()]
    if any(json_media_type(k) for k in kinds):
        return False
    return any(k != EVENT_STREAM for k in kinds)


def stream_param(op_config: OperationConfig, content: Optional[MapNode]) -> Optional[str]:
    """The body property that selects the stream, when the operation has one; "" when it
    always streams (`text/event-stream` is its only success media type)."""
    if op_config.stream is not None:
        return op_config.stream.param
    if content is not None and any(_base(k) == EVENT_STREAM for k in content.keys()):
        if any(json_media_type(k) for k in content.keys()):
            return "stream"
        if all(_base(k) == EVENT_STREAM for k in content.keys()) and not op_config.binary_response:
            return ""
    return None


def event_stream(
    op_config: OperationConfig,
    content: Optional[MapNode],
    body: Optional[ir.RequestBody],
    stream_prop: Optional[Node],
    hint: str,
    lw: SchemaLowerer,
) -> Optional[ir.EventStream]:
    """The operation's `EventStream`, or None when it streams nothing (or cannot: reported
    where the config declares it)."""
    declared = op_config.stream
    if declared is not None:
        target, _ = lw.resolver.lookup(COMPONENT_PREFIX + declared.events, declared.events_pos)
        events_node: Optional[Node] = _ref_node(declared.events, declared.events_pos) if target else None
        param, where = declared.param, declared.param_pos
    else:
        selected = stream_param(op_config, content)
        events_node = _stream_schema(content) if selected is not None else None
        param, where = selected or "", None
    if events_node is None:
        return None
    if param == "":  # it always streams: no argument asks for it
        events = lw.lower(events_node, hint + "Event", lw.response).type
        stream = _classify(events, param, lw)
        if stream is None:
            lw.diags.error(events_node.pos, UNSUPPORTED_EVENTS)
        return stream
    if stream_prop is None or lw.lower(stream_prop, hint + "Stream", lw.request).type != ir.Primitive("boolean"):
        if where is not None:
            lw.diags.error(where, f"stream: the request body has no boolean property {param!r} to ask for the stream")
        return None
    events = lw.lower(events_node, hint + "Event", lw.response).type
    stream = _classify(events, param, lw)
    if stream is None:
        lw.diags.error(events_node.pos, UNSUPPORTED_EVENTS)
    if body is not None and stream is not None:
        taken = {f.py_name for f in body.fields}
        stream = _with_param_name(stream, taken)
    return stream


def body_property(op: MapNode, name: Optional[str], lw: SchemaLowerer) -> Optional[Node]:
    """The schema of the request body's property `name`, or None (the body's own problems
    are reported where it is lowered)."""
    if name is None:
        return None
    body = _quietly(op.get("requestBody"), lw)
    content = body.get("content") if isinstance(body, MapNode) else None
    if not isinstance(content, MapNode):
        return None
    for key in content.keys():
        if json_media_type(key) or _base(key) == MULTIPART:
            media = content.get(key)
            return _property(media.get("schema") if isinstance(media, MapNode) else None, name, lw)
    return None


def _property(schema: Optional[Node], name: str, lw: SchemaLowerer, depth: int = 0) -> Optional[Node]:
    """Property `name` of an object schema, through `$ref`s and `allOf` parts (the last part
    declaring it wins, as `objects.merged_all_of` merges them); nothing is reported."""
    target = _quietly(schema, lw)
    if not isinstance(target, MapNode) or depth > MAX_ALL_OF_DEPTH:
        return None
    found: Optional[Node] = None
    parts = target.get("allOf")
    for part in parts if isinstance(parts, SeqNode) else ():
        found = _property(part, name, lw, depth + 1) or found
    props = target.get("properties")
    own = props.get(name) if isinstance(props, MapNode) else None
    return own or found


def _quietly(node: Optional[Node], lw: SchemaLowerer) -> Optional[Node]:
    """The node through its `$ref`s (a few), without reporting anything."""
    for _ in range(20):
        if not (isinstance(node, MapNode) and "$ref" in node):
            return node
        node = lw.resolver.quietly(node)
    return None


def _stream_schema(content: Optional[MapNode]) -> Optional[Node]:
    if content is None:
        return None
    for key in content.keys():
        media = content.get(key)
        if _base(key) == EVENT_STREAM and isinstance(media, MapNode):
            return media.get("schema")
    return None


def _classify(events: Optional[ir.TypeRef], param: str, lw: SchemaLowerer) -> Optional[ir.EventStream]:
    if isinstance(events, ir.ModelRef):
        return ir.EventStream(param, param, events, "data", "_parse_" + snake(events.name), model=events.name)
    if not isinstance(events, ir.UnionType) or events.tag_json is None or events.fallback is None:
        return None
    arms: list[ir.EventArm] = []
    for variant in events.variants:
        if not isinstance(variant.type, ir.ModelRef):
            return None
        if variant.type.name != events.fallback:
            arms.extend(ir.EventArm(tag, variant.type.name) for tag in variant.tags)
    style: Literal["envelope", "named"] = "envelope" if events.tag_json == "event" else "named"
    name = events.alias or events.name
    return ir.EventStream(param, param, events, style, "_parse_" + snake(name), tuple(arms), events.fallback)


def _with_param_name(stream: ir.EventStream, taken: set[str]) -> ir.EventStream:
    return replace(stream, param_py=parameter_name(stream.param_json, frozenset(taken)))


def is_file_schema(node: Optional[Node], lw: SchemaLowerer) -> bool:
    """`type: string` with `format: binary` (OpenAPI 3.0's file), or 3.1's
    `contentMediaType` on a string, through `$ref`s."""
    target = lw.resolver.quietly(node) if isinstance(node, MapNode) and "$ref" in node else node
    if not isinstance(target, MapNode):
        return False
    kind = target.get("type")
    if not (isinstance(kind, ScalarNode) and kind.value == "string"):
        return False
    fmt = target.get("format")
    return (isinstance(fmt, ScalarNode) and fmt.value == "binary") or "contentMediaType" in target


def multipart_fields(
    fields: list[ir.ParamsField], props: MapNode, media: Optional[MapNode], lw: SchemaLowerer
) -> tuple[list[ir.ParamsField], tuple[str, ...]]:
    """File fields typed `FileInput` (or a list of them); the arrays the media type's
    `encoding` sends as one JSON part."""
    out: list[ir.ParamsField] = []
    for field in fields:
        prop = props.get(field.json_name)
        if is_file_schema(prop, lw):
            field = replace(field, type=ir.FileInput())
        elif isinstance(field.type, ir.ListType) and isinstance(prop, MapNode):
            target = lw.resolver.quietly(prop) if "$ref" in prop else prop
            items = target.get("items") if isinstance(target, MapNode) else None
            if is_file_schema(items, lw):
                field = replace(field, type=ir.ListType(ir.FileInput()))
        out.append(field)
    return out, _json_encoded(media, out)


def _json_encoded(media: Optional[MapNode], fields: list[ir.ParamsField]) -> tuple[str, ...]:
    encoding = media.get("encoding") if media is not None else None
    if not isinstance(encoding, MapNode):
        return ()
    found: list[str] = []
    for field in fields:
        entry = encoding.get(field.json_name)
        content_type = entry.get("contentType") if isinstance(entry, MapNode) else None
        if isinstance(content_type, ScalarNode) and isinstance(content_type.value, str):
            if json_media_type(content_type.value) and isinstance(field.type, ir.ListType):
                found.append(field.json_name)
    return tuple(found)
