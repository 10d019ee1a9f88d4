"""The one place that turns spec names into Python names.

`attribute_name` spells a JSON property as a safe attribute; `class_name` spells a schema
key (or a property path) as a class; `NameSpace` resolves collisions deterministically,
never by numbering.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

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
        # typing names used in generated annotations
        "Any", "Dict", "List", "Literal", "Optional", "Union", "ClassVar", "Annotated",
        "Field", "Tag", "Discriminator", "BaseModel", "ConfigDict",
        # builtins and helpers named in annotations or class bodies
        "str", "int", "float", "bool", "field", "dataclass", "None", "True", "False",
    }
)

# Module-level names every generated package defines or imports at its root.
RESERVED_TOP_LEVEL = frozenset(
    {
        "Any", "Dict", "List", "Literal", "Optional", "Union", "ClassVar", "Annotated",
        "Callable", "Iterator", "Mapping", "TypeVar", "Generic", "Type", "Tuple", "cast",
        "BaseModel", "ConfigDict", "Field", "Tag", "Discriminator", "dataclass", "field",
        "ValidationError", "Unset",
        "OpenAI", "AsyncOpenAI", "Client", "AsyncClient", "Response", "RawResponse",
        "AsyncRawResponse", "Request", "Timeout", "APIError", "APIStatusError",
        "APIConnectionError", "APITimeoutError", "APIResponseValidationError",
        "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError",
        "ConflictError", "UnprocessableEntityError", "RateLimitError", "InternalServerError",
        "SyncPage", "AsyncPage", "NotGiven", "NOT_GIVEN", "Omit", "deprecated", "warnings",
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


def attribute_name(json_name: str, taken: frozenset[str] = frozenset()) -> str:
    """A safe Python attribute for a JSON property name.

    A valid identifier that is not a keyword or reserved is kept as it is; otherwise it is
    spelled with letters, digits and underscores, never with a leading underscore (pydantic
    treats those as private), and suffixed with `_` until it is free.
    """
    if json_name.isidentifier() and json_name.isascii() and not json_name.startswith("_"):
        name = json_name
    else:
        name = "_".join(_WORD.findall(_ascii(json_name))) or "field"
        if name[0].isdigit():
            name = "n" + name
    while keyword.iskeyword(name) or name in taken or (
        name in RESERVED_MEMBERS
    ):
        name = name + "_"
    return name


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
