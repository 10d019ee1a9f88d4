"""A typed view over schema nodes: each keyword read once, in one place, its problems
reported at their positions (`type`, `nullable`, `required`, flags, descriptions, defaults).
"""

from __future__ import annotations

import json
from typing import Iterable, Optional

from ..diagnostics import Diagnostics
from ..reader import Reader, is_true, scalar_text
from ..source import MapNode, Node, ScalarNode, SeqNode, to_plain
from .refs import Resolver, walk

# Keywords that only constrain values; the generated code accepts what the type says and
# leaves value constraints to the server (real servers are looser than their schemas).
IGNORED_KEYWORDS = frozenset(
    {
        "description", "title", "summary", "default", "example", "examples", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
        "minProperties", "maxProperties", "readOnly", "writeOnly", "deprecated",
        "externalDocs", "xml", "contentEncoding", "contentMediaType", "$comment", "$schema",
        "$id", "$anchor", "$recursiveAnchor", "$dynamicAnchor", "contains", "minContains", "maxContains", "propertyNames", "$defs",
        "definitions",
    }
)
STRUCTURAL_KEYWORDS = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "oneOf", "anyOf", "allOf", "$ref", "nullable", "discriminator", "$recursiveRef", "$dynamicRef",
    }
)
# Keywords that only exclude values; ignored with a warning, as JSON Schema tools do.
WARNED_KEYWORDS = {"not": "'not' is not enforced by the generated code; it is ignored"}
UNSUPPORTED_KEYWORDS = {
    "if": "'if'/'then'/'else' schemas",
    "then": "'if'/'then'/'else' schemas",
    "else": "'if'/'then'/'else' schemas",
    "patternProperties": "'patternProperties'",
    "prefixItems": "'prefixItems' (tuples)",
    "dependentSchemas": "'dependentSchemas'",
    "dependentRequired": "'dependentRequired'",
    "unevaluatedProperties": "'unevaluatedProperties'",
    "unevaluatedItems": "'unevaluatedItems'",
}
JSON_TYPES = ("string", "integer", "number", "boolean", "array", "object", "null")


def is_null_schema(node: Node) -> bool:
    """`{type: 'null'}` (or `enum: [null]`): the null arm of an anyOf/oneOf."""
    if not isinstance(node, MapNode):
        return False
    t = node.get("type")
    if isinstance(t, ScalarNode) and t.value == "null":
        return True
    if isinstance(t, SeqNode) and [i.value for i in t.items if isinstance(i, ScalarNode)] == ["null"]:
        return True
    e = node.get("enum")
    return isinstance(e, SeqNode) and bool(e.items) and all(isinstance(i, ScalarNode) and i.value is None for i in e)


def is_modifier(node: Node) -> bool:
    """A schema with no structural keyword (`{nullable: true}`, `{description: ...}`)."""
    return isinstance(node, MapNode) and not (set(node.keys()) & STRUCTURAL_KEYWORDS - {"nullable"})


def flag(node: Node, key: str) -> bool:
    """Whether `node[key]` is `true` (`deprecated`...)."""
    return isinstance(node, MapNode) and is_true(node.get(key))


def text(node: Node, key: str) -> str:
    """`node[key]` stripped when it is a string, else ''."""
    value = scalar_text(node.get(key)) if isinstance(node, MapNode) else None
    return value.strip() if value is not None else ""


def warn_undeclared_required(diags: Diagnostics, item: ScalarNode) -> None:
    """A `required` entry naming a key that 'properties' does not declare is valid JSON
    Schema, and real documents carry them (OpenAI's 3.0 editions: `json_schema.required:
    [type, name]` with no `type`; request bodies requiring the `thread_id` path parameter).
    Servers do not send such keys, so the entry is dropped: the key, when present, is an
    unknown key like any other. A warning names it, as it may also be a typo."""
    diags.warn(item.pos, f"required property {item.value!r} is not in 'properties'; the entry is ignored")


class SchemaView(Reader):
    """Reads the keywords of schema nodes, reporting malformed ones at their positions."""

    def __init__(self, diags: Diagnostics, resolver: Resolver) -> None:
        super().__init__(diags)
        self.resolver = resolver

    def nullable(self, node: MapNode) -> bool:
        found = self.boolean(node, "nullable", "'nullable' must be true or false")
        return found is not None and found.value

    def types(self, node: MapNode) -> tuple[Optional[list[str]], bool]:
        """The `type` keyword as a list without 'null', and whether 'null' was listed."""
        type_node = node.get("type")
        if type_node is None:
            return None, False
        raw: list[Node] = type_node.items if isinstance(type_node, SeqNode) else [type_node]
        out: list[str] = []
        has_null = False
        for item in raw:
            value = scalar_text(item)
            if value is None:
                self.diags.error(item.pos, "'type' must be a string or a list of strings")
            elif value not in JSON_TYPES:
                self.diags.error(item.pos, f"unknown type {value!r} (expected one of {', '.join(JSON_TYPES)})")
            elif value == "null":
                has_null = True
            elif value not in out:
                out.append(value)
        return out, has_null

    def required(self, node: MapNode, props: MapNode) -> set[str]:
        """The `required` names `props` declares; other entries are reported (not strings)
        or warned about (undeclared) and dropped."""
        names: set[str] = set()
        listed = self.seq(node.get("required"), "'required' must be a list of property names")
        for item in listed if listed is not None else ():
            if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                self.diags.error(item.pos, "'required' entries must be strings")
            elif item.value not in props.entries:
                warn_undeclared_required(self.diags, item)
            else:
                names.add(item.value)
        return names

    def check_keywords(self, node: MapNode) -> None:
        for key in node.keys():
            if key.startswith("x-") or key in IGNORED_KEYWORDS or key in STRUCTURAL_KEYWORDS or (
                key in UNSUPPORTED_KEYWORDS
            ):
                continue
            if key in WARNED_KEYWORDS:
                self.diags.warn(node.key_pos[key], WARNED_KEYWORDS[key])
            else:  # a typo (`min_items`) or another vocabulary: JSON Schema ignores it too
                self.diags.warn(node.key_pos[key], f"unknown schema keyword {key!r} is ignored")

    def is_object(self, node: MapNode) -> bool:
        types, _ = self.types(node)
        return (types == ["object"] or (types is None and "properties" in node)) and "oneOf" not in node and (
            "anyOf" not in node
        )

    def is_model(self, node: MapNode) -> bool:
        """An object with properties: it becomes a class, which a property can name before
        the class is complete (recursion). A map or a list is only a type alias."""
        props = node.get("properties")
        return self.is_object(node) and isinstance(props, MapNode) and bool(props.entries)

    def description(self, node: Node) -> str:
        """A schema's description, else that of what it only wraps (a `$ref`, or the one real
        arm of `allOf: [$ref, {nullable: true}]` / `anyOf: [X, {type: 'null'}]`)."""
        for current in walk([node], self._wrapped_quietly):
            d = current.get("description") if isinstance(current, MapNode) else None
            if isinstance(d, ScalarNode) and isinstance(d.value, str):
                return d.value.strip()
        return ""

    def _wrapped_quietly(self, node: Node) -> Iterable[Node]:
        if not isinstance(node, MapNode):
            return ()
        if "$ref" in node:
            target = self.resolver.quietly(node)
            return (target,) if target is not None else ()
        for combinator in ("allOf", "anyOf", "oneOf"):
            arms = node.get(combinator)
            if isinstance(arms, SeqNode):
                real = [a for a in arms if not is_null_schema(a) and not is_modifier(a)]
                if len(real) == 1:
                    return real
        return ()

    def default(self, node: Node) -> Optional[str]:
        """The schema's `default` as JSON text: on the node, its `$ref` target, or its one
        non-null `anyOf`/`oneOf` arm (`anyOf: [{type: boolean, default: false}, {type: 'null'}]`)."""
        for current in walk([node], self._default_source):
            value = current.get("default") if isinstance(current, MapNode) else None
            if value is not None:
                return json.dumps(to_plain(value), sort_keys=True, ensure_ascii=False)
        return None

    def _default_source(self, node: Node) -> Iterable[Node]:
        if not isinstance(node, MapNode) or node.get("default") is not None:
            return ()
        if "$ref" in node:
            target = self.resolver.resolve(node)[0]
            return (target,) if target is not None else ()
        arms = node.get("anyOf") or node.get("oneOf")
        if isinstance(arms, SeqNode):
            non_null = [a for a in arms if not is_null_schema(a)]
            return non_null if len(non_null) == 1 else ()
        return ()
