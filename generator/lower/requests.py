"""The request side of an operation: a JSON object body -> keyword arguments + TypedDicts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .. import ir
from ..reader import is_true
from ..source import MapNode, Node
from .media import json_media_type
from .objects import lower_params_fields, merged_all_of

if TYPE_CHECKING:
    from .schemas import SchemaLowerer

# Request-body properties the generated methods do not offer, and why.
STREAM_REASON = (
    "server-sent events are not supported by this client: the method always returns the"
    " parsed response, so `stream` is neither a parameter nor accepted through `extra_body`"
)
MAX_REF_CHAIN = 20


def request_body(op: MapNode, hint: str, lw: SchemaLowerer, taken: set[str]) -> Optional[ir.RequestBody]:
    """An `application/json` body whose schema is an object: its properties become keyword
    arguments (request side: nested objects become TypedDicts); `stream` is left out."""
    raw = op.get("requestBody")
    assert raw is not None
    body = lw.resolver.deref(raw)
    if body is None:
        return None
    if not isinstance(body, MapNode):
        lw.diags.error(raw.pos, "'requestBody' must be a mapping")
        return None
    chosen = request_media(body, lw)
    if chosen is None:
        return None
    media_key, schema = chosen
    base = hint + "Body"
    target, named = _object_target(schema, lw)
    base = named or base
    if target is None:
        return None
    if isinstance(target, MapNode) and "allOf" in target:
        target = merged_all_of(lw, target)
        if target is None:
            return None
    props = target.get("properties") if isinstance(target, MapNode) else None
    if not isinstance(target, MapNode) or not lw.view.is_object(target) or not isinstance(props, MapNode) or (
        "allOf" in target
    ):
        lw.diags.error(schema.pos, "unsupported construct: a request body that is not an object with 'properties'")
        return None
    required = lw.view.required(target, props)
    lw.view.check_keywords(target)
    kept = MapNode(props.pos, dict(props.entries), dict(props.key_pos))
    omitted = _omit_stream(lw, kept, required, base)
    fields = lower_params_fields(lw, kept, required, base, taken, keyword=True)
    return ir.RequestBody(
        media_type=media_key,
        fields=tuple(fields),
        required=is_true(body.get("required")),
        schema_name=base,
        description=lw.view.description(body),
        omitted=tuple(omitted),
    )


def request_media(body: MapNode, lw: SchemaLowerer) -> Optional[tuple[str, Node]]:
    """The request body's media type and schema: the one place that chooses what a body is
    sent as (JSON only today); None when there is none this client can send (reported)."""
    content = body.get("content")
    if not isinstance(content, MapNode) or not content.entries:
        lw.diags.error((content or body).pos, "a request body needs a 'content' mapping")
        return None
    media_key = next(
        (k for k in content.keys() if json_media_type(k)), None)
    if media_key is None:
        lw.diags.error(
            content.key_pos[content.keys()[0]],
            f"unsupported construct: request body media type {content.keys()[0]!r} (only application/json)",
        )
        return None
    media = content.get(media_key)
    schema = media.get("schema") if isinstance(media, MapNode) else None
    if schema is None:
        lw.diags.error(content.key_pos[media_key], f"request body {media_key!r} needs a 'schema'")
        return None
    return media_key, schema


def _object_target(schema: Node, lw: SchemaLowerer) -> tuple[Optional[Node], Optional[str]]:
    """The body schema through its `$ref`s, and the class name of the last component on
    the way (it names the nested types)."""
    named: Optional[str] = None
    target: Optional[Node] = schema
    for _ in range(MAX_REF_CHAIN):
        if not (isinstance(target, MapNode) and "$ref" in target):
            break
        target, key = lw.resolver.resolve(target)
        if key is not None:
            named = lw.response.component_names.get(key) or lw.class_name_of(key)
    return target, named


def _omit_stream(lw: SchemaLowerer, kept: MapNode, required: set[str], base: str) -> list[ir.OmittedField]:
    """An optional boolean `stream` is no parameter (see STREAM_REASON)."""
    stream = kept.get("stream")
    if stream is None or "stream" in required:
        return []
    lowered = lw.lower(stream, base + "Stream", lw.request)
    if lowered.type != ir.Primitive("boolean"):
        return []
    del kept.entries["stream"]
    return [ir.OmittedField("stream", STREAM_REASON, lw.view.description(stream))]
