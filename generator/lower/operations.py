"""Operations: parameters, response type, request body and pagination -> `ir.Operation`."""

from __future__ import annotations

import re
from typing import Literal, Optional

from .. import ir
from ..config import OperationConfig
from ..naming import parameter_name, pascal
from ..reader import is_true
from ..source import MapNode, Node, ScalarNode, to_plain
from .media import json_media_type
from .media_types import body_property, event_stream, is_binary, stream_param, success_content
from .pagination import pagination
from .paths import Declared, Found, declared_parameters, path_parts, path_placeholders
from .requests import request_body
from .schemas import SchemaLowerer
from .view import flag, text

# keyword arguments every generated method takes
METHOD_KEYWORDS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})


def lower_operation(f: Found, op_config: OperationConfig, lw: SchemaLowerer, lenient: bool = False) -> Optional[ir.Operation]:
    """One operation; `lenient` (no operation map): what a document leaves out is assumed
    where that is safe (an undeclared path placeholder is a string), with a warning."""
    op = f.node
    method_path = op_config.method_path
    hint = pascal(method_path[-2] if len(method_path) > 1 else "") + pascal(method_path[-1])
    declared = declared_parameters(f, lw.resolver, lw.diags)
    names = path_placeholders(f, declared, lw.diags, lenient)
    if names is None:
        return None
    taken: set[str] = set(METHOD_KEYWORDS)
    params = _path_params(lw, declared, names, hint, taken) + _query_params(lw, declared, hint, taken)
    content = success_content(op, lw)
    binary = is_binary(op_config, content)
    streams_on = stream_param(op_config, content)
    always_streams = streams_on == ""  # its only success media type is text/event-stream
    response = None if binary or always_streams else success_response_type(op, hint, lw)
    body = request_body(op, hint, lw, taken, streams_on) if op.get("requestBody") is not None else None
    stream = event_stream(op_config, content, body, body_property(op, streams_on, lw), hint, lw)
    deprecated = op_config.deprecated if op_config.deprecated is not None else flag(op, "deprecated")
    return ir.Operation(
        operation_id=op_config.operation_id,
        method=f.method.upper(),
        path=f.path,
        path_parts=path_parts(f.template, {p.json_name: p.py_name for p in params if p.location == "path"}),
        py_name=method_path[-1],
        params=tuple(params),
        response=response,
        summary=text(op, "summary"),
        description=text(op, "description"),
        deprecated=deprecated,
        deprecation_message=op_config.deprecation_message or f"The {'.'.join(method_path)} endpoint is deprecated.",
        body=body,
        pagination=pagination(response, params, lw.response),
        fixed_query=f.fixed_query,
        stream=stream,
        binary=binary,
    )


def _path_params(lw: SchemaLowerer, declared: Declared, names: list[str], hint: str, taken: set[str]) -> list[ir.Param]:
    """Path parameters in template order; the last one is positional."""
    path_params = [(n, declared[("path", n)][0]) for n in names if ("path", n) in declared]
    params: list[ir.Param] = []
    for index, (name, param) in enumerate(path_params):
        if not is_true(param.get("required")):
            lw.diags.error(param.pos, f"path parameter {name!r} must have 'required: true'")
        schema = param.get("schema")
        ptype: ir.TypeRef = ir.Primitive("string")
        if schema is not None:
            lowered = lw.lower(schema, hint + pascal(name), lw.response)
            if isinstance(lowered.type, (ir.Primitive, ir.EnumType)) and lowered.type.json in (
                "string", "integer", "number",
            ):
                ptype = lowered.type
            else:
                lw.diags.error(schema.pos, f"path parameter {name!r} must be a string, integer or number")
        py = parameter_name(name, frozenset(taken))
        taken.add(py)
        params.append(
            ir.Param(
                json_name=name,
                py_name=py,
                location="path",
                type=ptype,
                required=True,
                positional=index == len(path_params) - 1,
                description=lw.view.description(param),
            )
        )
    return params


def _query_params(lw: SchemaLowerer, declared: Declared, hint: str, taken: set[str]) -> list[ir.Param]:
    """Query and header parameters, in the order declared (cookies are not supported)."""
    params: list[ir.Param] = []
    for (where, name), (param, pos) in declared.items():
        if where == "path":
            continue
        if where == "cookie":
            lw.diags.error(pos, f"unsupported construct: {where} parameter {name!r}")
            continue
        schema = param.get("schema")
        if schema is None:
            lw.diags.error(param.pos, f"parameter {name!r} needs a 'schema'")
            continue
        location: Literal["query", "header"] = "header" if where == "header" else "query"
        style = _style(lw, param, name, location)
        ptype = _param_type(lw, schema, name, hint, location)
        if ptype is None or style is None:
            continue
        py = parameter_name(name, frozenset(taken))
        taken.add(py)
        explode = lw.view.boolean(param, "explode", "'explode' must be true or false")
        params.append(
            ir.Param(
                json_name=name,
                py_name=py,
                location=location,
                type=ptype,
                required=is_true(param.get("required")),
                description=lw.view.description(param),
                explode=explode.value if explode is not None else style == "form",
                default=lw.view.default(schema),
                style=style,
            )
        )
    return params


_SCALARS = (ir.Primitive, ir.EnumType)


def _param_type(lw: SchemaLowerer, schema: Node, name: str, hint: str, location: str) -> Optional[ir.TypeRef]:
    """A scalar, an enum or a list of them; in the query also a union of those, or an object
    (a map, or a TypedDict of the request side); None for other types (reported)."""
    side = lw.request if location == "query" and lw.mentions_objects(schema) else lw.response
    ptype = lw.lower(schema, hint + pascal(name), side).type or ir.AnyValue()
    if _scalar_or_list(ptype):
        return ptype
    if location == "query" and isinstance(ptype, ir.UnionType) and all(_scalar_or_list(v.type) for v in ptype.variants):
        return ptype  # Discord's `tag`: one id or several (a list repeats the name)
    if location == "query" and isinstance(ptype, ir.ParamsRef):
        return ptype
    if location == "query" and isinstance(ptype, ir.MapType) and isinstance(ptype.value, (*_SCALARS, ir.AnyValue)):
        return ptype
    lw.diags.error(schema.pos, f"unsupported construct: {location} parameter {name!r} of this type")
    return None


def _scalar_or_list(t: ir.TypeRef) -> bool:
    return isinstance(t, _SCALARS) or (isinstance(t, ir.ListType) and isinstance(t.item, _SCALARS))


def _style(lw: SchemaLowerer, param: MapNode, name: str, location: str) -> Optional[Literal["form", "deepObject", "simple"]]:
    """A query parameter's `style` (`form`, the default, or `deepObject`); a header's is `simple`."""
    node = param.get("style")
    style = node.value if isinstance(node, ScalarNode) else None
    if location == "header":
        if node is None or style == "simple":
            return "simple"
    elif node is None or style == "form":
        return "form"
    elif style == "deepObject":
        return "deepObject"
    assert node is not None
    lw.diags.error(node.pos, f"unsupported construct: {location} parameter {name!r} with style {to_plain(node)!r}")
    return None


def success_response_type(op: MapNode, hint: str, lw: SchemaLowerer) -> Optional[ir.TypeRef]:
    """The type of the first 2xx response's JSON body (None: no body)."""
    responses = op.get("responses")
    if not isinstance(responses, MapNode):
        lw.diags.error((responses or op).pos, "an operation needs a 'responses' mapping")
        return None
    success = [k for k in responses.keys() if re.fullmatch(r"2(\d\d|XX)", k)]
    if not success:
        return None
    raw = responses.get(success[0])
    assert raw is not None
    response = lw.resolver.deref(raw)
    if response is None:
        return None
    if not isinstance(response, MapNode):
        lw.diags.error(response.pos, f"response {success[0]!r} must be a mapping")
        return None
    content = response.get("content")
    if content is None:
        return None
    if not isinstance(content, MapNode):
        lw.diags.error(content.pos, "'content' must be a mapping of media types")
        return None
    return _response_content_type(content, success[0], hint, lw)


def _response_content_type(content: MapNode, status: str, hint: str, lw: SchemaLowerer) -> Optional[ir.TypeRef]:
    """The success response's media type decides how its body is read (JSON only today)."""
    media = next((content.get(k) for k in content.keys() if json_media_type(k)), None)
    if media is None:
        if content.entries:
            lw.diags.error(
                content.key_pos[content.keys()[0]],
                f"unsupported construct: a {status} response of {', '.join(map(repr, content.keys()))}"
                " (only JSON responses are supported)",
            )
        return None
    if not isinstance(media, MapNode):
        lw.diags.error(media.pos, "a media type must be a mapping")
        return None
    schema = media.get("schema")
    if schema is None:
        return ir.AnyValue()  # JSON of any shape
    return lw.lower(schema, hint + "Response", lw.response).type
