"""The intermediate representation: what every target renders from.

Frozen dataclasses with Python names already chosen and collisions already resolved, so a
template never decides a name. Types form a small algebra: `Primitive`, `AnyValue`,
`EnumType`, `ListType`, `MapType`, `ModelRef`, `ParamsRef`, `UnionType`; nullability and
presence live on `Field` / `ParamsField`, not in the type.

Two sides share that algebra. The response side (`Package.declarations`) holds models that
decode JSON (`ObjectModel`, referred to by `ModelRef`). The request side
(`Package.params_declarations`) holds what callers pass in: `ParamsType` declarations
(TypedDicts, referred to by `ParamsRef`) for nested objects of request bodies, and the
aliases that mention them; the top-level properties of a request body become keyword
arguments (`RequestBody.fields`). A request-side type never names a model, and a model never
names a params type; enums, maps and lists without objects are shared: a request-side type
may name an alias of `Package.declarations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional, Union

# --- types -------------------------------------------------------------------------------

JsonKind = Literal["string", "integer", "number", "boolean", "array", "object"]


@dataclass(frozen=True)
class Primitive:
    """A JSON scalar. `number` accepts integers too."""

    json: Literal["string", "integer", "number", "boolean"]
    kind: Literal["primitive"] = "primitive"

    @property
    def python(self) -> str:
        return {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}[self.json]


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value (a free-form schema such as `additionalProperties: true`)."""

    kind: Literal["any"] = "any"


@dataclass(frozen=True)
class EnumType:
    """A string (or integer) enum. Always open: values the spec does not list are kept."""

    json: Literal["string", "integer"]
    values: tuple[Union[str, int], ...]
    alias: Optional[str] = None  # module-level type alias name, for named enums
    kind: Literal["enum"] = "enum"

    @property
    def literal(self) -> bool:
        """Whether type checkers can spell the values as a `Literal` (they refuse integers
        beyond 64 bits); if not, the annotation is the plain `int`."""
        return all(isinstance(v, str) or -(2**63) <= v < 2**63 for v in self.values)


@dataclass(frozen=True)
class ListType:
    item: "TypeRef"
    alias: Optional[str] = None
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class MapType:
    """A JSON object with arbitrary string keys and values of one type."""

    value: "TypeRef"
    alias: Optional[str] = None
    kind: Literal["map"] = "map"


@dataclass(frozen=True)
class ModelRef:
    name: str  # class name of an ObjectModel in the same package
    kind: Literal["model"] = "model"


@dataclass(frozen=True)
class ParamsRef:
    """A request-side object: the class name of a `ParamsType` (a TypedDict) in the package."""

    name: str
    kind: Literal["params"] = "params"


@dataclass(frozen=True)
class Variant:
    """One arm of a union, chosen by the JSON kind of the value and, for objects, a tag."""

    json: JsonKind
    type: "TypeRef"
    tags: tuple[str, ...] = ()  # values of the union's tag property that select this arm


@dataclass(frozen=True)
class UnionType:
    variants: tuple[Variant, ...]
    name: str  # used to name the decoder helpers; unique per package
    tag_json: Optional[str] = None  # JSON name of the tag property when several object arms
    fallback: Optional[str] = None  # model kept for an unknown tag (forward compatible)
    alias: Optional[str] = None  # module-level type alias name, for named unions
    kind: Literal["union"] = "union"

    @property
    def object_variants(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.json == "object")

    @property
    def scalar_variants(self) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.json != "object")


# A `UnionType` on the request side has `ParamsRef` object arms, no `fallback`, and is not
# listed in `Package.unions` (it needs no decoder: callers build plain dicts).
@dataclass(frozen=True)
class FileInput:
    """A file to upload (a multipart/form-data field of `format: binary`): bytes, a binary
    file object, a path, or `(filename, content[, content_type])`. Request side only."""

    kind: Literal["file"] = "file"


TypeRef = Union[Primitive, AnyValue, EnumType, ListType, MapType, ModelRef, ParamsRef, UnionType, FileInput]


def innermost(t: TypeRef) -> TypeRef:
    """What `t` holds below its lists and maps (`t` itself when it is neither)."""
    while isinstance(t, (ListType, MapType)):
        t = t.item if isinstance(t, ListType) else t.value
    return t

# --- models ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    json_name: str
    py_name: str
    type: TypeRef
    required: bool  # listed in the schema's `required`
    nullable: bool
    description: str = ""
    deprecated: bool = False

    @property
    def must_be_present(self) -> bool:
        """Required and not nullable: absent is an error. Anything else may be absent."""
        return self.required and not self.nullable


@dataclass(frozen=True)
class ObjectModel:
    name: str
    fields: tuple[Field, ...]
    description: str = ""
    # the model an unknown union tag decodes into (kept as sent, forward compatible)
    is_fallback: bool = False
    # a schema that refers to itself through properties needs forward references
    recursive: bool = False


@dataclass(frozen=True)
class TypeAlias:
    name: str
    type: TypeRef
    description: str = ""


# --- operations --------------------------------------------------------------------------


@dataclass(frozen=True)
class PathPart:
    """A literal piece of the URL path, or a parameter (`param` set)."""

    literal: str = ""
    param: Optional[str] = None  # py_name of the path parameter


@dataclass(frozen=True)
class Param:
    json_name: str
    py_name: str
    location: Literal["path", "query", "header"]
    type: TypeRef
    required: bool
    positional: bool = False
    description: str = ""
    # query arrays: True sends `name=a&name=b` (OpenAPI `style: form, explode: true`, the
    # default), False sends `name=a,b`
    explode: bool = True
    # the spec's `default`, as JSON text (documentation only: the server applies it, the
    # client never sends it)
    default: Optional[str] = None
    # how an object value is sent: `deepObject` (`name[key]=value`), `form` (exploded:
    # `key=value`; else `name=key,value,...`); a header's list is joined with commas
    style: Literal["form", "deepObject", "simple"] = "form"

    @property
    def is_object(self) -> bool:
        """An object (a map or a TypedDict) sent in the query by `style` / `explode`."""
        return isinstance(self.type, (MapType, ParamsRef))


# --- request side ------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamsField:
    """One property of a request-side object: a key of a `ParamsType`, or (in
    `RequestBody.fields`) a keyword argument of the method.

    `json_name` is the key sent; `py_name` is the keyword-argument name (safe, free of
    collisions with the method's other parameters); in a `ParamsType` it equals `json_name`
    unless the key cannot be a class-syntax TypedDict key (see `ParamsType.functional`).
    Optional when not `required`; `nullable` means `None` may be sent (as JSON null).
    """

    json_name: str
    py_name: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str = ""
    deprecated: bool = False
    default: Optional[str] = None  # the spec's `default` as JSON text (documentation only)


@dataclass(frozen=True)
class ParamsType:
    """A TypedDict for an object nested in a request body (`ThreadParam`, `ToolParam`...).

    Keys are the JSON names. `functional` says the class syntax cannot spell every key (a
    key that is not an identifier, is a keyword, or would shadow a name used in
    annotations): render `Name = TypedDict("Name", {...}, total=False)` then. `closed` records
    `additionalProperties: false` (documentation: a TypedDict accepts only its keys anyway).
    """

    name: str
    fields: tuple[ParamsField, ...]
    description: str = ""
    closed: bool = False
    recursive: bool = False  # refers to itself through its fields: quote forward references

    @property
    def functional(self) -> bool:
        return any(f.py_name != f.json_name for f in self.fields)

    @property
    def required_fields(self) -> tuple[ParamsField, ...]:
        return tuple(f for f in self.fields if f.required)


@dataclass(frozen=True)
class OmittedField:
    """A request-body property the generated method deliberately does not accept.

    `stream` (server-sent events) is the case today: the method returns one parsed response,
    so it must neither offer the argument nor let it through `extra_body`; its docstring can
    say so with `reason`.
    """

    json_name: str
    reason: str
    description: str = ""


@dataclass(frozen=True)
class RequestBody:
    """An `application/json` request body whose object properties become keyword arguments.

    `fields` are in spec order, each a `ParamsField` whose `py_name` is the keyword argument
    (collisions with path and query parameters and with `extra_*` / `timeout` already
    resolved). The client sends `{json_name: value}` for every argument the caller gave
    (an explicit `None` is sent as null when the field is `nullable`). `required` is the
    spec's `requestBody.required`; `schema_name` names the body schema (its component's
    class name, or the operation's hint + `Body` when inline) for documentation.
    """

    media_type: str
    fields: tuple[ParamsField, ...]
    required: bool = True
    schema_name: str = ""
    description: str = ""
    omitted: tuple[OmittedField, ...] = ()
    json_fields: tuple[str, ...] = ()  # multipart: arrays sent as one JSON part (`encoding`)
    # the one field is the whole body (a `body` argument: JSON that is not an object with
    # properties; a `content` argument: raw bytes or a file of any other media type)
    whole: bool = False
    # x-www-form-urlencoded: (json_name, style, explode) of arrays and objects (`encoding`);
    # style is `form`, `deepObject` or `json` (sent as JSON text)
    form_styles: tuple[tuple[str, str, bool], ...] = ()

    @property
    def base_media_type(self) -> str:
        return self.media_type.split(";")[0].strip().lower()

    @property
    def multipart(self) -> bool:
        return self.base_media_type == "multipart/form-data"

    @property
    def urlencoded(self) -> bool:
        return self.base_media_type == "application/x-www-form-urlencoded"

    @property
    def raw(self) -> bool:
        """Sent as it is (bytes or a file): not JSON, multipart or form."""
        base = self.base_media_type
        return not (self.multipart or self.urlencoded or base == "application/json" or base.endswith("+json"))

    @property
    def encoded(self) -> bool:
        """Sent as a `RequestContent` built by the method (not `body=`: the JSON object)."""
        return self.multipart or self.urlencoded or self.whole

    @property
    def file_fields(self) -> tuple[str, ...]:
        """The JSON names of the fields that take files (multipart)."""
        return tuple(
            f.json_name
            for f in self.fields
            if isinstance(f.type, FileInput)
            or (isinstance(f.type, ListType) and isinstance(f.type.item, FileInput))
        )


@dataclass(frozen=True)
class Pagination:
    """A list operation pageable with a cursor (OpenAI's `after` / `has_more` lists).

    Detected from the shape: the response is an object with an array `data_field`, a
    boolean `has_more_field` and `last_id` / `first_id`, and the operation takes the query
    parameter `cursor_param`. The next page is the same call with `cursor_param` set to the
    page's `cursor_field` (`last_id`) or, when that is null or absent, to the
    `item_id_field` (`id`) of the last item; there is none when `has_more` is false or the
    page is empty. `page` is the response model (also `Operation.response`), `item` the type
    of one element of `data`. `*_py` are the Python names (query keyword argument, model
    attributes).
    """

    item: TypeRef
    page: TypeRef
    cursor_param: str = "after"
    cursor_param_py: str = "after"
    data_field: str = "data"
    data_field_py: str = "data"
    has_more_field: str = "has_more"
    has_more_field_py: str = "has_more"
    cursor_field: Optional[str] = "last_id"
    cursor_field_py: Optional[str] = "last_id"
    item_id_field: Optional[str] = "id"  # JSON name of the item's id, when the item has one
    item_id_field_py: Optional[str] = "id"
    before_param: Optional[str] = None  # the backward cursor (`before`), when declared
    before_param_py: Optional[str] = None
    first_field: Optional[str] = None  # `first_id`, when the page has it
    first_field_py: Optional[str] = None


@dataclass(frozen=True)
class Poller:
    """A method beside a retrieve operation that calls it until the result is done: until
    its `status_field` (attribute of the result model) is one of `until`. Between calls it
    waits the caller's `poll_interval_ms`, else the response's `interval_header`
    (milliseconds), else `interval_ms`."""

    py_name: str
    status_field: str
    until: tuple[str, ...]
    interval_header: Optional[str]
    interval_ms: int


@dataclass(frozen=True)
class PollHelper:
    """A method beside an operation that calls it, then polls what it returned with the
    `Poller` at `poller_path` (attributes from the client: `("beta", "threads", "runs",
    "poll")`). `arguments` say which attribute of the result each argument of the poller
    takes: `(("run_id", "id"), ("thread_id", "thread_id"))`, the poller's positional first."""

    py_name: str
    poller_path: tuple[str, ...]
    arguments: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class EventArm:
    """One arm of a union of stream events: the event name (its tag value), its model."""

    name: str
    model: str


@dataclass(frozen=True)
class EventStream:
    """The server-sent events an operation streams when its body's `param` is true.

    `style` says how one frame becomes an event: "data" (the frame's data is the `events`
    model), "envelope" (the arm the frame's event names parses `{"event", "data"}`: the
    Assistants run events) or "named" (that arm parses the data). `parser` names the
    module-level function of the client modules that does it; `unknown` is the union's
    fallback model (events this version does not know)."""

    param_json: str  # "": the operation always streams (no argument asks for it)
    param_py: str
    events: TypeRef
    style: Literal["data", "envelope", "named"]
    parser: str
    arms: tuple[EventArm, ...] = ()
    unknown: Optional[str] = None
    model: Optional[str] = None  # the events model of the "data" style


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper-case HTTP method
    path: str  # the template as written in the spec
    path_parts: tuple[PathPart, ...]
    py_name: str  # method name on the resource
    params: tuple[Param, ...]
    response: Optional[TypeRef]
    summary: str = ""
    description: str = ""
    deprecated: bool = False
    deprecation_message: str = ""
    body: Optional[RequestBody] = None  # a JSON request body (its fields are keyword arguments)
    pagination: Optional[Pagination] = None  # set for cursor-paginated list operations
    poller: Optional[Poller] = None  # a retrieve operation with a polling method beside it
    poll_helper: Optional[PollHelper] = None  # "call, then poll the result" beside it
    # a query string written in the path key (`/responses?beta=true`): sent with every call,
    # before the operation's own query parameters
    fixed_query: tuple[tuple[str, str], ...] = ()
    stream: Optional[EventStream] = None  # the events it streams when asked (`stream=True`)
    binary: bool = False  # the success body is returned as a BinaryResponse (not parsed)

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def positional_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.positional)

    @property
    def keyword_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.positional)

    @property
    def query_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "query")

    @property
    def header_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "header")

    @property
    def body_fields(self) -> tuple[ParamsField, ...]:
        return self.body.fields if self.body is not None else ()


@dataclass(frozen=True)
class Resource:
    """A node of the client's resource tree (`client.beta.threads.runs`)."""

    attr: str  # attribute name on the parent
    class_name: str  # e.g. BetaThreadsRuns
    children: tuple["Resource", ...]
    operations: tuple[Operation, ...]
    async_class_name: str = ""  # e.g. AsyncBetaThreadsRuns
    raw_class_name: str = ""  # e.g. BetaThreadsRunsWithRawResponse
    async_raw_class_name: str = ""  # e.g. AsyncBetaThreadsRunsWithRawResponse
    streaming_class_name: str = ""  # e.g. BetaThreadsRunsWithStreamingResponse
    async_streaming_class_name: str = ""  # e.g. AsyncBetaThreadsRunsWithStreamingResponse


# --- the package -------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """An input file named in every generated header."""

    name: str
    sha256: str


@dataclass(frozen=True)
class ClientOption:
    """A client argument declared in config (`organization`), defaulting to an environment
    variable and sent as `header` with every request when it has a value."""

    name: str
    env: Optional[str]
    header: str


@dataclass(frozen=True)
class ClientConfig:
    sync_class: str
    async_class: str
    api_key_env: str
    base_url_env: str
    default_base_url: str
    headers: tuple[tuple[str, str], ...]
    timeout: float
    max_retries: int
    options: tuple[ClientOption, ...] = ()
    # the default of the client's `strict_response_validation` argument
    strict_response_validation: bool = True
    # an environment variable whose value (`debug`, `info`) installs a stderr log handler
    log_env: Optional[str] = None


@dataclass(frozen=True)
class Target:
    kind: Literal["pydantic", "dataclass"]
    package: str


@dataclass(frozen=True)
class Package:
    """Everything one spec + config yields; each Target renders it."""

    title: str
    version: str
    inputs: tuple[Input, ...]
    # models and type aliases, each after what its definition needs (spec order otherwise)
    declarations: tuple[Union[ObjectModel, TypeAlias], ...]
    unions: tuple[UnionType, ...]  # every union in the package, for decoder helpers
    operations: tuple[Operation, ...]
    resources: tuple[Resource, ...]  # top-level resources of the client
    client: ClientConfig
    targets: tuple[Target, ...]
    reserved_names: frozenset[str]
    # the request side: TypedDicts and the aliases that mention them, each after what its
    # definition needs; they may name aliases of `declarations` (never a model)
    params_declarations: tuple[Union[ParamsType, TypeAlias], ...] = ()

    @property
    def params_types(self) -> tuple[ParamsType, ...]:
        return tuple(d for d in self.params_declarations if isinstance(d, ParamsType))

    @property
    def models(self) -> tuple[ObjectModel, ...]:
        return tuple(d for d in self.declarations if isinstance(d, ObjectModel))

    @property
    def aliases(self) -> tuple[TypeAlias, ...]:
        return tuple(d for d in self.declarations if isinstance(d, TypeAlias))
