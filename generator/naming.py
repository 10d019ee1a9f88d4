"""The one place that turns spec names into Python names.

`attribute_names` spells the JSON properties of one model as safe, distinct attributes
(`attribute_name` one at a time); `parameter_name` spells a method parameter; `class_name`
spells a schema key (or a property path) as a class; `NameSpace` resolves collisions
deterministically, never by numbering. Whatever the spec holds, the result is an ASCII
identifier that is not a keyword, does not start with `_`, and shadows nothing the
generated code refers to.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from typing import AbstractSet, Sequence

# Names a generated model member may not take: methods we generate, names the model
# runtimes (pydantic's BaseModel, dataclasses) own, and names that would shadow the
# types used in annotations inside a class body.
RESERVED_MEMBERS = frozenset(
    {
        # ours
        "from_dict", "from_json", "to_dict", "to_json", "self", "cls",
        # pydantic.BaseModel (v2 and its deprecated v1 API)
        "copy", "dict", "json", "construct", "schema", "schema_json", "validate",
        "parse_obj", "parse_raw", "parse_file", "from_orm", "update_forward_refs",
        "fields", "register", "model_config", "model_fields", "model_computed_fields",
        "model_extra", "model_fields_set", "model_construct", "model_copy", "model_dump",
        "model_dump_json", "model_json_schema", "model_parametrized_name", "model_post_init",
        "model_rebuild", "model_validate", "model_validate_json", "model_validate_strings",
        # typing names used in generated annotations and class bodies
        "Any", "Dict", "List", "Literal", "Optional", "Union", "ClassVar", "Annotated",
        "Field", "Tag", "Discriminator", "BaseModel", "ConfigDict", "Set", "FrozenSet",
        "Mapping", "TypedDict", "Required", "NotRequired",
        # builtins and helpers named in annotations or class bodies (decorators and class
        # attribute values are evaluated in the class namespace)
        "str", "int", "float", "bool", "field", "dataclass", "None", "True", "False",
        "classmethod", "staticmethod", "property", "frozenset", "model_validator",
        "field_validator", "Callable",
    }
)

# Module-level names every generated package defines or imports at its root.
RESERVED_TOP_LEVEL = frozenset(
    {
        "Any", "Dict", "List", "Literal", "Optional", "Union", "ClassVar", "Annotated",
        "Callable", "Iterator", "Mapping", "TypeVar", "Generic", "Type", "Tuple", "cast",
        "BaseModel", "ConfigDict", "Field", "Tag", "Discriminator", "dataclass", "field",
        "ValidationError", "Unset", "Set", "FrozenSet", "TypedDict", "Required", "NotRequired",
        # what the models modules import from their package's _base
        "ModelBase", "MISSING", "missing", "wrong_type", "format_path", "Location", "pydantic",
        "copy_json", "unknown_items", "AsyncAPIClient", "SyncAPIClient", "CONFIG",
        # what the client modules and the package root define or import beside the models
        "APIResponse", "MissingAPIKeyError", "Body", "Headers", "Query", "Connection",
        "ResponseValidationWarning",
        "ResponseHeaders", "TYPE_CHECKING", "status_error", "decode_body", "functools", "http",
        "socket", "threading", "ssl", "asyncio", "math", "urlsplit", "urlunsplit", "urlencode",
        "quote", "timezone", "sleep", "async_sleep", "backoff", "encode_body", "encode_query",
        "join_url", "merge_headers", "path_segment", "request_headers", "retry_after",
        "retry_delay", "should_retry", "USER_AGENT", "INITIAL_RETRY_DELAY", "MAX_RETRY_AFTER",
        "MAX_RETRY_DELAY", "SyncCursorPage", "AsyncCursorPage", "AsyncPaginator", "SyncPaginator",
        "OpenAI", "AsyncOpenAI", "Client", "AsyncClient", "Response", "RawResponse",
        "AsyncRawResponse", "Request", "Timeout", "APIError", "APIStatusError",
        "APIConnectionError", "APITimeoutError", "APIResponseValidationError",
        "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
        "ConflictError", "UnprocessableEntityError", "RateLimitError", "InternalServerError",
        "SyncPage", "AsyncPage", "NotGiven", "NOT_GIVEN", "Omit", "deprecated", "warnings",
        "to_raw_response_wrapper", "to_raw_page_wrapper", "async_to_raw_response_wrapper",
        "async_to_raw_page_wrapper", "to_streamed_response_wrapper", "to_streamed_page_wrapper",
        "async_to_streamed_response_wrapper", "async_to_streamed_page_wrapper",
        # the clients' page classes (package root), what params and clients import from typing
        "Sequence",
        "json", "typing", "httpx2", "os", "sys", "time", "random", "email", "annotations",
        # builtins the generated code calls (a fixed list: output must not depend on the
        # Python that runs the generator)
        "Exception", "ValueError", "TypeError", "KeyError", "RuntimeError", "OSError",
        "TimeoutError", "ConnectionError", "DeprecationWarning", "NotImplementedError",
        "StopIteration", "StopAsyncIteration", "BaseException", "isinstance", "type", "len",
        "str", "int", "float", "bool", "list", "dict", "object", "super", "property",
        "staticmethod", "classmethod", "enumerate", "min", "max", "getattr", "repr", "bytes",
        "tuple", "frozenset", "set", "iter", "next", "range", "print", "None", "True", "False",
    }
)

_WORD = re.compile(r"[A-Za-z0-9]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def snake(text: str) -> str:
    """`createdAt` / `Created-At` / `created at` -> `created_at`."""
    text = _ascii(text)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    return "_".join(w.lower() for w in _WORD.findall(text))


def pascal(text: str) -> str:
    """`file_search` / `fileSearch` / `file-search` -> `FileSearch`; keeps inner capitals."""
    words = _WORD.findall(_ascii(text))
    return "".join(w[:1].upper() + w[1:] for w in words)


def _spell(json_name: str) -> str:
    """Letters, digits and underscores for any text; never empty, never a leading digit
    or underscore (pydantic treats `_x` as private)."""
    if json_name.isidentifier() and json_name.isascii() and not json_name.startswith("_"):
        return json_name
    name = "_".join(_WORD.findall(_ascii(json_name)))
    if not name:
        # nothing ASCII to keep: spell the code points so distinct names stay distinct
        name = "_".join(f"u{ord(ch):04x}" for ch in json_name) if json_name else "empty"
    if name[0].isdigit():
        name = "n" + name
    return name


def _free(name: str, taken: AbstractSet[str]) -> str:
    while keyword.iskeyword(name) or name in taken or name in RESERVED_MEMBERS:
        name = name + "_"
    return name


def _is_kept(json_name: str, reserved: AbstractSet[str]) -> bool:
    return _spell(json_name) == json_name and _free(json_name, reserved) == json_name


def attribute_names(json_names: Sequence[str], reserved: AbstractSet[str] = frozenset()) -> tuple[str, ...]:
    """Safe, distinct Python attributes for the JSON properties of one model, in order.

    A property whose name is already a safe identifier keeps it, whatever its position; the
    others are spelled with letters, digits and underscores and suffixed with `_` until
    free. `reserved` holds the names a class body must not shadow (the package's class
    names, which annotations refer to).
    """
    taken: set[str] = set(reserved)
    kept = {name for name in json_names if _is_kept(name, taken)}
    taken |= kept
    out: list[str] = []
    for name in json_names:
        if name in kept:
            out.append(name)
            continue
        spelled = _free(_spell(name), taken)
        taken.add(spelled)
        out.append(spelled)
    return tuple(out)


def attribute_name(json_name: str, taken: AbstractSet[str] = frozenset()) -> str:
    """A safe Python attribute for one JSON property name (see `attribute_names`)."""
    return _free(_spell(json_name), taken)


def parameter_name(json_name: str, taken: AbstractSet[str] = frozenset()) -> str:
    """A safe snake_case parameter name for a method: it also avoids every module-level
    name the generated code refers to (a parameter `warnings` or `json` would shadow it
    inside the method)."""
    return _free(_spell(snake(json_name) or json_name), set(taken) | RESERVED_TOP_LEVEL)


def class_name(raw: str) -> str:
    """A PascalCase class name for a schema key or a property path."""
    name = pascal(raw) or "Model"
    if name[0].isdigit():
        name = "M" + name
    return name


class NameSpace:
    """Hands out unique names in one namespace; collisions get a meaningful suffix."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self.reserved = reserved
        self.used: set[str] = set()

    def claim(self, name: str, suffix: str = "Model") -> str:
        candidate = name
        while candidate in self.used or candidate in self.reserved or keyword.iskeyword(candidate):
            candidate = candidate + suffix
            suffix = "_"
        self.used.add(candidate)
        return candidate
