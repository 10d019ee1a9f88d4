"""The intermediate representation: what every target renders from.

Frozen dataclasses with Python names already chosen and collisions already resolved, so a
template never decides a name. Types form a small algebra: `Primitive`, `AnyValue`,
`EnumType`, `ListType`, `MapType`, `ModelRef`, `UnionType`; nullability and presence live
on `Field`, not in the type.
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


TypeRef = Union[Primitive, AnyValue, EnumType, ListType, MapType, ModelRef, UnionType]

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

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def positional_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.positional)

    @property
    def keyword_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.positional)


@dataclass(frozen=True)
class Resource:
    """A node of the client's resource tree (`client.beta.threads.runs`)."""

    attr: str  # attribute name on the parent
    class_name: str  # e.g. BetaThreadsRuns
    children: tuple["Resource", ...]
    operations: tuple[Operation, ...]


# --- the package -------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """An input file named in every generated header."""

    name: str
    sha256: str


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

    @property
    def models(self) -> tuple[ObjectModel, ...]:
        return tuple(d for d in self.declarations if isinstance(d, ObjectModel))

    @property
    def aliases(self) -> tuple[TypeAlias, ...]:
        return tuple(d for d in self.declarations if isinstance(d, TypeAlias))
