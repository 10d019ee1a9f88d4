"""The request side of an operation: its body as keyword arguments (an object's properties;
nested objects become TypedDicts), or as one `body` (other JSON) or `content` (raw) argument."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional, cast

from .. import ir
from ..naming import parameter_name
from ..reader import is_true, scalar_text
from ..source import MapNode, Node, SeqNode
from .distribute import through_refs
from .media import json_media_type
from .media_types import MULTIPART, multipart_fields
from .objects import lower_params_fields, merged_all_of
from .view import is_modifier

if TYPE_CHECKING:
    from .schemas import SchemaLowerer

# Request-body properties the generated methods do not offer, and why.
STREAM_REASON = (
    "server-sent events are not supported by this client: the method always returns the"
    " parsed response, so `stream` is neither a parameter nor accepted through `extra_body`"
)
MAX_REF_CHAIN = 20
FORM = "application/x-www-form-urlencoded"


def request_body(
    op: MapNode, hint: str, lw: SchemaLowerer, taken: set[str], stream_param: Optional[str] = None
) -> Optional[ir.RequestBody]:
    """The request body as the method's arguments. An object with properties (JSON,
    multipart or form-urlencoded): its properties become keyword arguments (request side:
    nested objects become TypedDicts; `stream` is left out, `stream_param`: the operation's
    stream argument instead). Other JSON: one `body` argument of its type. Any other media
    type: one `content` argument (bytes or a file), sent as it is."""
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
    if media_kind(media_key) == "raw":
        return whole_body(body, media_key, None, hint + "Body", lw, taken)
    assert schema is not None
    target, named = _object_target(schema, lw)
    base = named or hint + "Body"
    if target is None:
        return None
    if not _has_properties(target, lw):
        if media_kind(media_key) != "json":
            lw.diags.error(schema.pos, f"unsupported construct: a request body of {media_key} that is not an object with 'properties'")
            return None
        return whole_body(body, media_key, schema, base, lw, taken)
    if isinstance(target, MapNode) and "allOf" in target:
        target = merged_all_of(lw, target)
        if target is None:
            return None
    return _fields_body(body, media_key, target, base, lw, taken, stream_param)


def _fields_body(
    body: MapNode, media_key: str, target: Node, base: str, lw: SchemaLowerer, taken: set[str], stream_param: Optional[str]
) -> Optional[ir.RequestBody]:
    """An object body whose properties become keyword arguments."""
    props = target.get("properties") if isinstance(target, MapNode) else None
    if not isinstance(target, MapNode) or not isinstance(props, MapNode) or "allOf" in target:
        lw.diags.error(target.pos, "unsupported construct: a request body that is not an object with 'properties'")
        return None
    required = lw.view.required(target, props)
    lw.view.check_keywords(target)
    kept = MapNode(props.pos, dict(props.entries), dict(props.key_pos))
    if stream_param is not None and stream_param in kept and stream_param not in required:
        del kept.entries[stream_param]  # the method's `stream` argument (media_types.event_stream)
        omitted: list[ir.OmittedField] = []
    else:
        omitted = _omit_stream(lw, kept, required, base)
    fields = lower_params_fields(lw, kept, required, base, taken, keyword=True)
    json_fields: tuple[str, ...] = ()
    styles: tuple[tuple[str, str, bool], ...] = ()
    if media_kind(media_key) == "multipart":
        fields, json_fields = multipart_fields(fields, kept, media_node(body, media_key), lw)
    elif media_kind(media_key) == "form":
        styles = form_styles(fields, media_node(body, media_key), lw)
    return ir.RequestBody(
        media_type=media_key,
        fields=tuple(fields),
        required=is_true(body.get("required")),
        schema_name=base,
        description=lw.view.description(body),
        omitted=tuple(omitted),
        json_fields=json_fields,
        form_styles=styles,
    )


def whole_body(
    body: MapNode, media_key: str, schema: Optional[Node], base: str, lw: SchemaLowerer, taken: set[str]
) -> ir.RequestBody:
    """The body as one argument: `body` (JSON of `schema`'s type: an array, a union, a map, a
    scalar) or, with no schema (any other media type), `content` (bytes or a file)."""
    required = is_true(body.get("required"))
    if schema is None:
        name, ftype, nullable = "content", cast(ir.TypeRef, ir.FileInput()), False
    else:
        lowered = lw.lower(schema, base, lw.request)
        name, ftype = "body", lowered.type if lowered.type is not None else ir.AnyValue()
        nullable = lowered.nullable or lowered.type is None
    py_name = parameter_name(name, frozenset(taken))
    taken.add(py_name)
    description = lw.view.description(body) or (lw.view.description(schema) if schema is not None else "")
    if not description:
        sent_as = f"sent as {media_key}" if schema is None else "sent as JSON"
        what = "bytes, a binary file object or a path, " if schema is None else ""
        description = f"The request body: {what}{sent_as}"
    field = ir.ParamsField(name, py_name, ftype, required, nullable, description)
    return ir.RequestBody(
        media_type=media_key,
        fields=(field,),
        required=required,
        schema_name=base,
        description=lw.view.description(body),
        whole=True,
    )


def _has_properties(target: Node, lw: SchemaLowerer, depth: int = 0) -> bool:
    """Whether a body schema is an object with properties: itself, or an `allOf` of such
    objects (through `$ref`s) with properties somewhere; a union is not."""
    if not isinstance(target, MapNode) or depth > MAX_REF_CHAIN:
        return False
    if any(k in target for k in ("oneOf", "anyOf")) and "properties" not in target:
        return False
    parts = target.get("allOf")
    if parts is None:
        return lw.view.is_object(target) and isinstance(target.get("properties"), MapNode)
    if not isinstance(parts, SeqNode) or not lw.view.is_object(target) and "type" in target:
        return False
    found = isinstance(target.get("properties"), MapNode)
    for part in parts:
        if is_modifier(part):
            continue
        resolved = through_refs(lw, part)
        if resolved is None or not _has_properties(resolved, lw, depth + 1) and not _empty_object(resolved, lw):
            return False
        found = True
    return found


def _empty_object(node: Node, lw: SchemaLowerer) -> bool:
    return isinstance(node, MapNode) and lw.view.is_object(node) and not any(k in node for k in ("oneOf", "anyOf", "allOf"))


def form_styles(fields: list[ir.ParamsField], media: Optional[MapNode], lw: SchemaLowerer) -> tuple[tuple[str, str, bool], ...]:
    """How the arrays and objects of a form-urlencoded body are sent, from the media type's
    `encoding` (`contentType` JSON, `style`, `explode`); form, exploded, by default."""
    encoding = media.get("encoding") if media is not None else None
    out: list[tuple[str, str, bool]] = []
    for field in fields:
        entry = encoding.get(field.json_name) if isinstance(encoding, MapNode) else None
        if not isinstance(entry, MapNode):
            continue
        content_type = scalar_text(entry.get("contentType"))
        style = scalar_text(entry.get("style")) or "form"
        explode = lw.view.boolean(entry, "explode", "'explode' must be true or false")
        if content_type is not None and json_media_type(content_type):
            out.append((field.json_name, "json", True))
        elif style in ("form", "deepObject"):
            out.append((field.json_name, style, explode.value if explode is not None else style == "form"))
        else:
            lw.diags.error(entry.pos, f"unsupported construct: form field {field.json_name!r} with style {style!r}")
    return tuple(out)


def media_node(body: MapNode, media_key: str) -> Optional[MapNode]:
    content = body.get("content")
    media = content.get(media_key) if isinstance(content, MapNode) else None
    return media if isinstance(media, MapNode) else None


def media_kind(media_type: str) -> str:
    """How a request body of this media type is sent: `json`, `multipart`, `form`
    (x-www-form-urlencoded) or `raw` (bytes as they are)."""
    base = media_type.split(";")[0].strip().lower()
    if json_media_type(base):
        return "json"
    if base == MULTIPART:
        return "multipart"
    return "form" if base == FORM else "raw"


_PREFERENCE = ("json", "multipart", "form", "raw")


def request_media(body: MapNode, lw: SchemaLowerer) -> Optional[tuple[str, Optional[Node]]]:
    """The request body's media type and schema: the one place that chooses what a body is
    sent as (JSON first, then multipart, form-urlencoded, then the first other type: raw,
    whose schema is not needed); None when there is none (reported)."""
    content = body.get("content")
    if not isinstance(content, MapNode) or not content.entries:
        lw.diags.error((content or body).pos, "a request body needs a 'content' mapping")
        return None
    media_key = min(content.keys(), key=lambda k: _PREFERENCE.index(media_kind(k)))
    if media_kind(media_key) == "raw":
        if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+", media_key.split(";")[0].strip()):
            lw.diags.error(content.key_pos[media_key], f"unsupported construct: request body media type {media_key!r}")
            return None
        return media_key.split(";")[0].strip(), None
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
