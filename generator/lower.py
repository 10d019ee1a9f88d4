"""Lower a located OpenAPI document + config into the IR (`ir.Package`).

Validation happens here too: every problem is collected with its FILE:LINE:COL and the
stage fails once at the end. The loader-side normalisation of real-world specs lives in
`SchemaLowerer.lower`: OpenAPI 3.0 `nullable`, 3.1 `type: [x, 'null']`, `anyOf`/`oneOf`
with a null arm, `allOf` used as "ref + modifiers", `const` and single-value enums,
`oneOf` without a discriminator (tag inferred from single-value properties), inline union
arms named by path + tag, `string | enum` as the (open) enum, `oneOf` of `required` lists
as a constraint, `required` entries a closed object does not declare (dropped), and the
config's `schemas.nullable` overrides.

The request side (`SchemaLowerer.side == "request"`) lowers request bodies to keyword
arguments and TypedDict declarations (`ir.RequestBody`, `ir.ParamsType`); operations also
get `ir.Pagination` when their response is a cursor page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from typing import Optional
from urllib.parse import quote

from . import ir
from .config import Config, OperationConfig
from .diagnostics import Diagnostics, Pos
from .naming import (
    RESERVED_TOP_LEVEL,
    NameSpace,
    attribute_name,
    attribute_names,
    class_name,
    parameter_name,
    pascal,
)
from .source import Document, MapNode, Node, ScalarNode, SeqNode, to_plain

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keywords that only constrain values; the generated code accepts what the type says and
# leaves value constraints to the server (real servers are looser than their schemas).
IGNORED_KEYWORDS = frozenset(
    {
        "description", "title", "summary", "default", "example", "examples", "format",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
        "minProperties", "maxProperties", "readOnly", "writeOnly", "deprecated",
        "externalDocs", "xml", "contentEncoding", "contentMediaType", "$comment", "$schema",
        "$id", "$anchor", "contains", "minContains", "maxContains", "propertyNames", "$defs",
        "definitions",
    }
)
STRUCTURAL_KEYWORDS = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "oneOf", "anyOf", "allOf", "$ref", "nullable", "discriminator",
    }
)
UNSUPPORTED_KEYWORDS = {
    "not": "'not' schemas",
    "if": "'if'/'then'/'else' schemas",
    "then": "'if'/'then'/'else' schemas",
    "else": "'if'/'then'/'else' schemas",
    "patternProperties": "'patternProperties'",
    "prefixItems": "'prefixItems' (tuples)",
    "dependentSchemas": "'dependentSchemas'",
    "dependentRequired": "'dependentRequired'",
    "unevaluatedProperties": "'unevaluatedProperties'",
    "unevaluatedItems": "'unevaluatedItems'",
    "$dynamicRef": "'$dynamicRef'",
    "$recursiveRef": "'$recursiveRef'",
}
JSON_TYPES = ("string", "integer", "number", "boolean", "array", "object", "null")
MAX_SCHEMA_DEPTH = 64


def _pointer_parts(ref: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]


def follow_pointer(root: Node, ref: str) -> Optional[Node]:
    """The node a local `$ref` (`#/a/b~1c/0`) points at, or None."""
    if not ref.startswith("#/"):
        return None
    node: Node = root
    for part in _pointer_parts(ref):
        if isinstance(node, MapNode) and part in node:
            node = node.get(part)  # type: ignore[assignment]
        elif isinstance(node, SeqNode) and part.isdigit() and int(part) < len(node):
            node = node.items[int(part)]
        else:
            return None
    return node


def _cycle_message(key: str) -> str:
    return (
        f"$ref cycle: schema {key!r} refers to itself without an object in between (recursion must"
        " pass through a property of an object schema)"
    )


def warn_undeclared_required(diags: Diagnostics, item: ScalarNode) -> None:
    """A `required` entry naming a key that 'properties' does not declare is valid JSON
    Schema, and real documents carry them (OpenAI's 3.0 editions: `json_schema.required:
    [type, name]` with no `type`; request bodies requiring the `thread_id` path parameter).
    Servers do not send such keys, so the entry is dropped: the key, when present, is an
    unknown key like any other. A warning names it, as it may also be a typo."""
    diags.warn(item.pos, f"required property {item.value!r} is not in 'properties'; the entry is ignored")


@dataclass
class _Lowered:
    """A lowered schema: its type (None when it is only `null`), and whether null is allowed."""

    type: Optional[ir.TypeRef]
    nullable: bool


@dataclass
class _ComponentState:
    lowered: Optional[_Lowered] = None
    in_progress: bool = False
    open_models: int = 0  # object models being lowered when this component started


class SchemaLowerer:
    def __init__(self, doc: Document, config: Config, diags: Diagnostics) -> None:
        self.doc = doc
        self.diags = diags
        self.config = config
        self.components = self._components()
        self.names = NameSpace(RESERVED_TOP_LEVEL | {config.sync_class, config.async_class})
        self.component_names: dict[str, str] = {}
        self.models: dict[str, ir.ObjectModel] = {}  # by class name, in creation order
        self.aliases: dict[str, ir.TypeAlias] = {}
        self.unions: list[ir.UnionType] = []
        self.state: dict[int, _ComponentState] = {}
        self.deps: dict[str, list[str]] = {}  # declaration -> names it refers to
        self.order: list[str] = []  # declarations in first-seen order
        self.depth = 0
        self.memo: dict[tuple[int, str, Optional[str]], tuple[Node, _Lowered]] = {}
        self.following: set[int] = set()  # targets of `$ref`s outside components being lowered
        # The request side: `lower` in `side == "request"` builds ParamsType declarations
        # (TypedDicts) instead of models; schemas that contain no object are shared.
        self.side: str = "response"
        self.params_types: dict[str, ir.ParamsType] = {}
        self.params_aliases: dict[str, ir.TypeAlias] = {}
        self.params_state: dict[int, _ComponentState] = {}
        self.params_component_names: dict[str, str] = {}
        # property schemas the config declares nullable (`schemas.nullable`), by node id
        self.forced_nullable: set[int] = set()
        # union components referred to while being lowered: name -> where (see lower_component)
        self.union_stubs: dict[str, Pos] = {}
        self.open_models = 0  # object models whose properties are being lowered

    # --- component lookup ----------------------------------------------------------------

    def _components(self) -> dict[str, Node]:
        comps = self.doc.root.get("components")
        if not isinstance(comps, MapNode):
            return {}
        schemas = comps.get("schemas")
        if not isinstance(schemas, MapNode):
            return {}
        return dict(schemas.items())

    def claim_component_names(self, keys: list[str]) -> None:
        for key in keys:
            wanted = self.config.renames.get(key) or class_name(key)
            self.component_names[key] = self.names.claim(wanted)

    def resolve_ref(self, node: MapNode) -> tuple[Optional[Node], Optional[str]]:
        """Follow one `$ref`; return the target and, for a component schema, its key."""
        ref_node = node.get("$ref")
        if not isinstance(ref_node, ScalarNode) or not isinstance(ref_node.value, str):
            self.diags.error((ref_node or node).pos, "$ref must be a string")
            return None, None
        return self.lookup(ref_node.value, ref_node.pos)

    def lookup(self, ref: str, pos: Pos) -> tuple[Optional[Node], Optional[str]]:
        if not ref.startswith("#/"):
            self.diags.error(pos, f"unsupported $ref {ref!r}: only local references ('#/...') are supported")
            return None, None
        node = follow_pointer(self.doc.root, ref)
        if node is None:
            self.diags.error(pos, f"dangling $ref {ref!r}: nothing at that location")
            return None, None
        parts = _pointer_parts(ref)
        key = parts[2] if len(parts) == 3 and parts[:2] == ["components", "schemas"] else None
        return node, key

    # --- schemas -------------------------------------------------------------------------

    def lower(self, node: Node, hint: str, component: Optional[str] = None) -> _Lowered:
        """Lower one schema. `hint` names inline objects and unions (a property path)."""
        # A node reached again (a YAML alias, a `$ref` into another schema) is one type: lowering
        # it once keeps a hostile fan-out of references linear instead of exponential.
        memo_key = (id(node), self.side, component)
        done = self.memo.get(memo_key)
        if done is not None and done[0] is node:
            return done[1]
        self.depth += 1
        try:
            # deeper schemas give annotations nested past what Python's parser accepts
            if self.depth > MAX_SCHEMA_DEPTH:
                self.diags.error(
                    node.pos, f"unsupported construct: schemas nested more than {MAX_SCHEMA_DEPTH} levels deep"
                )
                return _Lowered(ir.AnyValue(), False)
            lowered = self._lower(node, hint, component)
        finally:
            self.depth -= 1
        self.memo[memo_key] = (node, lowered)  # the node is kept so its id is never reused
        return lowered

    def _lower(self, node: Node, hint: str, component: Optional[str]) -> _Lowered:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            if node.value:
                return _Lowered(ir.AnyValue(), True)
            self.diags.error(node.pos, "the schema 'false' (matches nothing) is not supported")
            return _Lowered(ir.AnyValue(), False)
        if not isinstance(node, MapNode):
            self.diags.error(node.pos, "a schema must be a mapping")
            return _Lowered(ir.AnyValue(), False)

        if "$ref" in node:
            beside = [k for k in node.keys() if k in STRUCTURAL_KEYWORDS and k not in ("$ref", "nullable")]
            if beside:
                self.diags.error(
                    node.key_pos[beside[0]],
                    f"unsupported construct: {beside[0]!r} beside '$ref' (combine them with 'allOf')",
                )
                return _Lowered(ir.AnyValue(), False)
            target, key = self.resolve_ref(node)
            if target is None:
                return _Lowered(ir.AnyValue(), False)
            extra_null = self._nullable_flag(node)
            ref_pos = node.get("$ref").pos  # type: ignore[union-attr]
            if key is not None:
                lowered = self.lower_component(key, target, ref_pos)
            elif id(target) in self.following:
                self.diags.error(
                    ref_pos,
                    "unsupported construct: a $ref cycle through a schema outside components/schemas"
                    " (move the recursive schema under components/schemas)",
                )
                return _Lowered(ir.AnyValue(), False)
            else:
                self.following.add(id(target))
                try:
                    lowered = self.lower(target, hint)
                finally:
                    self.following.discard(id(target))
            return _Lowered(lowered.type, lowered.nullable or extra_null)

        self._check_keywords(node)
        for keyword, what in UNSUPPORTED_KEYWORDS.items():
            if keyword in node:
                self.diags.error(node.key_pos[keyword], f"unsupported construct: {what}")
                return _Lowered(ir.AnyValue(), False)

        nullable = self._nullable_flag(node)
        node = self._drop_presence_constraints(node)

        if "allOf" in node:
            return self._lower_all_of(node, hint, component, nullable)
        for combinator in ("oneOf", "anyOf"):
            if combinator in node:
                beside = [k for k in ("properties", "items", "additionalProperties") if k in node]
                if beside:
                    self.diags.error(
                        node.key_pos[beside[0]],
                        f"unsupported construct: {beside[0]!r} beside {combinator!r}"
                        f" (move them into each arm, or combine with 'allOf')",
                    )
                    return _Lowered(ir.AnyValue(), False)
                return self._lower_one_of(node, combinator, hint, component, nullable)

        types, type_null = self._types(node)
        nullable = nullable or type_null

        if "const" in node:
            return self._lower_enum(node, [node.get("const")], types, component, nullable)  # type: ignore[list-item]
        if "enum" in node:
            enum_node = node.get("enum")
            if not isinstance(enum_node, SeqNode) or not enum_node.items:
                self.diags.error(enum_node.pos, "'enum' must be a non-empty list")  # type: ignore[union-attr]
                return _Lowered(ir.AnyValue(), nullable)
            return self._lower_enum(node, list(enum_node.items), types, component, nullable)

        if types is None:
            if "properties" in node or "additionalProperties" in node or "required" in node:
                types = ["object"]
            elif "items" in node:
                types = ["array"]
            else:
                return _Lowered(ir.AnyValue(), nullable)
        if not types:  # only 'null'
            return _Lowered(None, True)
        if len(types) > 1:
            return self._lower_type_list(node, types, hint, component, nullable)
        kind = types[0]
        if kind in ("string", "integer", "number", "boolean"):
            return _Lowered(ir.Primitive(kind), nullable)  # type: ignore[arg-type]
        if kind == "array":
            items = node.get("items")
            if items is None:
                return _Lowered(ir.ListType(ir.AnyValue()), nullable)
            item = self.lower(items, hint + "Item")
            item_type = item.type if item.type is not None else ir.AnyValue()
            if item.nullable and not isinstance(item_type, ir.AnyValue):
                self.diags.error(items.pos, "unsupported construct: arrays of nullable items")
            list_type = ir.ListType(item_type, alias=component)
            if component is not None:
                self._declare_alias(component, list_type, self._description(node))
            return _Lowered(list_type, nullable)
        return self._lower_object(node, hint, component, nullable)

    def lower_component(self, key: str, node: Node, ref_pos: Optional[Pos] = None) -> _Lowered:
        if self.side == "request":
            if self.mentions_objects(node):
                return self._lower_params_component(key, node)
            # no object inside: the same type on both sides (an enum, a map of strings...)
            self.side = "response"
            try:
                return self.lower_component(key, node, ref_pos)
            finally:
                self.side = "request"
        state = self.state.setdefault(id(node), _ComponentState())
        if state.lowered is not None:
            return state.lowered
        name = self.component_names.get(key)
        if name is None:
            name = self.names.claim(self.config.renames.get(key) or class_name(key))
            self.component_names[key] = name
        if state.in_progress:
            # recursion through properties: the model's name is already fixed
            if isinstance(node, MapNode) and self._is_model_schema(node):
                return _Lowered(ir.ModelRef(name), self._nullable_flag(node))
            if isinstance(node, MapNode) and ("oneOf" in node or "anyOf" in node) and (
                self.open_models > state.open_models
            ):
                # a union reached again through a property of one of its arms: its alias name
                # is fixed too; the placeholder is replaced by the finished union at the end
                self.union_stubs.setdefault(name, ref_pos or node.pos)
                return _Lowered(ir.UnionType(variants=(), name=name, alias=name), self._nullable_flag(node))
            self.diags.error(ref_pos or node.pos, _cycle_message(key))
            return _Lowered(ir.AnyValue(), False)
        state.in_progress = True
        state.open_models = self.open_models
        lowered = self.lower_nested(node, name, component=name)
        state.in_progress = False
        state.lowered = lowered
        return lowered

    def lower_nested(self, node: Node, hint: str, component: str) -> _Lowered:
        """Lower a component: its annotations name it, so the nesting of the schema that
        refers to it does not add up (a long chain of `$ref`s is as deep as its deepest link)."""
        depth, self.depth = self.depth, 0
        try:
            return self.lower(node, hint, component=component)
        finally:
            self.depth = depth

    def _lower_params_component(self, key: str, node: Node) -> _Lowered:
        """A component used in a request body: a TypedDict (or an alias mentioning one)
        named after the component's class name + `Param`; nested names follow the
        component's class name (`CreateThreadRequest.messages` -> `CreateThreadRequestMessages...`)."""
        state = self.params_state.setdefault(id(node), _ComponentState())
        if state.lowered is not None:
            return state.lowered
        base = self.component_names.get(key) or self.config.renames.get(key) or class_name(key)
        name = self.params_component_names.get(key)
        if name is None:
            name = self.names.claim(base + "Param")
            self.params_component_names[key] = name
        if state.in_progress:
            if isinstance(node, MapNode) and self._is_model_schema(node):
                return _Lowered(ir.ParamsRef(name), self._nullable_flag(node))
            self.diags.error(node.pos, _cycle_message(key))
            return _Lowered(ir.AnyValue(), False)
        state.in_progress = True
        lowered = self.lower_nested(node, base, component=name)
        state.in_progress = False
        state.lowered = lowered
        return lowered

    def mentions_objects(self, node: Node) -> bool:
        """Whether a schema (following `$ref`s) contains an object with properties, i.e.
        lowers to something that names a model (response side) or a TypedDict (request)."""
        seen: set[int] = set()
        stack: list[Node] = [node]
        while stack:
            current = stack.pop()
            if id(current) in seen or not isinstance(current, MapNode):
                continue
            seen.add(id(current))
            ref = current.get("$ref")
            if ref is not None:
                if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
                    target, _ = self.lookup(ref.value, ref.pos)
                    if target is not None:
                        stack.append(target)
                continue
            props = current.get("properties")
            if isinstance(props, MapNode) and props.entries:
                return True
            for key in ("items", "additionalProperties"):
                child = current.get(key)
                if child is not None:
                    stack.append(child)
            for key in ("oneOf", "anyOf", "allOf"):
                arms = current.get(key)
                if isinstance(arms, SeqNode):
                    stack.extend(arms.items)
        return False

    def _drop_presence_constraints(self, node: MapNode) -> MapNode:
        """`oneOf`/`anyOf` beside `properties` whose arms only list `required` keys ("one of
        these keys must be present") constrains values; it is not a union: drop it."""
        presence_keywords = {"required", "description", "title", "$comment", "minProperties", "maxProperties"}
        props = node.get("properties")
        if not isinstance(props, MapNode):
            return node
        for combinator in ("oneOf", "anyOf"):
            arms = node.get(combinator)
            if not isinstance(arms, SeqNode) or not arms.items:
                continue
            if not all(
                isinstance(arm, MapNode) and "required" in arm and set(arm.keys()) <= presence_keywords
                for arm in arms
            ):
                continue
            for arm in arms:
                assert isinstance(arm, MapNode)
                required = arm.get("required")
                if not isinstance(required, SeqNode):
                    self.diags.error(arm.pos, "'required' must be a list of property names")
                    continue
                for item in required:
                    if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                        self.diags.error(item.pos, "'required' entries must be strings")
                    elif item.value not in props.entries:
                        warn_undeclared_required(self.diags, item)
            node = MapNode(
                node.pos,
                {k: v for k, v in node.items() if k != combinator},
                {k: p for k, p in node.key_pos.items() if k != combinator},
            )
        return node

    def _check_keywords(self, node: MapNode) -> None:
        for key in node.keys():
            if key.startswith("x-") or key in IGNORED_KEYWORDS or key in STRUCTURAL_KEYWORDS or (
                key in UNSUPPORTED_KEYWORDS
            ):
                continue
            self.diags.error(node.key_pos[key], f"unknown schema keyword {key!r}")

    def _is_object_schema(self, node: MapNode) -> bool:
        types, _ = self._types(node)
        return (types == ["object"] or (types is None and "properties" in node)) and "oneOf" not in node and (
            "anyOf" not in node
        )

    def _is_model_schema(self, node: MapNode) -> bool:
        """An object with properties: it becomes a class, which a property can name before
        the class is complete (recursion). A map or a list is only a type alias."""
        props = node.get("properties")
        return self._is_object_schema(node) and isinstance(props, MapNode) and bool(props.entries)

    def _nullable_flag(self, node: MapNode) -> bool:
        flag = node.get("nullable")
        if flag is None:
            return False
        if not isinstance(flag, ScalarNode) or not isinstance(flag.value, bool):
            self.diags.error(flag.pos, "'nullable' must be true or false")
            return False
        return flag.value

    def _types(self, node: MapNode) -> tuple[Optional[list[str]], bool]:
        """The `type` keyword as a list without 'null', and whether 'null' was listed."""
        type_node = node.get("type")
        if type_node is None:
            return None, False
        raw: list[Node] = type_node.items if isinstance(type_node, SeqNode) else [type_node]
        out: list[str] = []
        has_null = False
        for item in raw:
            if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                self.diags.error(item.pos, "'type' must be a string or a list of strings")
                continue
            if item.value not in JSON_TYPES:
                self.diags.error(item.pos, f"unknown type {item.value!r} (expected one of {', '.join(JSON_TYPES)})")
                continue
            if item.value == "null":
                has_null = True
            elif item.value not in out:
                out.append(item.value)
        return out, has_null

    def _lower_enum(
        self, node: MapNode, items: list[Node], types: Optional[list[str]], component: Optional[str], nullable: bool
    ) -> _Lowered:
        values: list[str | int] = []
        kinds: set[str] = set()
        for item in items:
            value = item.value if isinstance(item, ScalarNode) else object()
            if value is None:
                nullable = True
            elif isinstance(value, str):
                kinds.add("string")
                values.append(value) if value not in values else None
            elif isinstance(value, int) and not isinstance(value, bool):
                kinds.add("integer")
                values.append(value) if value not in values else None
            elif isinstance(value, bool):
                kinds.add("boolean")
            else:
                self.diags.error(item.pos, "enum values must be strings or integers")
                return _Lowered(ir.AnyValue(), nullable)
        if kinds == {"boolean"}:
            return _Lowered(ir.Primitive("boolean"), nullable)
        if len(kinds) > 1:
            self.diags.error(node.pos, "enums mixing value types are not supported")
            return _Lowered(ir.AnyValue(), nullable)
        if not values:
            return _Lowered(None, True)
        json_kind = "string" if kinds == {"string"} else "integer"
        if types and json_kind not in types and not (json_kind == "integer" and "number" in types):
            self.diags.error(node.pos, f"enum values are {json_kind}s but the type says {'/'.join(types)}")
        enum = ir.EnumType(json_kind, tuple(values), alias=component)  # type: ignore[arg-type]
        if component is not None:
            self._declare_alias(component, enum, self._description(node))
        return _Lowered(enum, nullable)

    def _lower_type_list(
        self, node: MapNode, types: list[str], hint: str, component: Optional[str], nullable: bool
    ) -> _Lowered:
        arms: list[_Lowered] = []
        for kind in types:
            sub = MapNode(node.pos, {k: v for k, v in node.items() if k != "type"}, dict(node.key_pos))
            sub.entries["type"] = ScalarNode(node.get("type").pos, kind)  # type: ignore[union-attr]
            arms.append(self.lower(sub, hint))
        return self._make_union(node, arms, hint, component, nullable)

    def _lower_all_of(self, node: MapNode, hint: str, component: Optional[str], nullable: bool) -> _Lowered:
        parts_node = node.get("allOf")
        if not isinstance(parts_node, SeqNode) or not parts_node.items:
            self.diags.error(node.get("allOf").pos, "'allOf' must be a non-empty list")  # type: ignore[union-attr]
            return _Lowered(ir.AnyValue(), nullable)
        structural: list[Node] = []
        for part in parts_node:
            if isinstance(part, MapNode) and not (set(part.keys()) & STRUCTURAL_KEYWORDS - {"nullable"}):
                nullable = nullable or self._nullable_flag(part)  # a modifier like {nullable: true}
                continue
            structural.append(part)
        own = {k: v for k, v in node.items() if k in ("properties", "required", "additionalProperties")}
        if len(structural) == 1 and not own:
            lowered = self.lower(structural[0], hint, component)
            return _Lowered(lowered.type, lowered.nullable or nullable)
        # several object schemas: merge them into one object
        merged = MapNode(node.pos, {}, {})
        props = MapNode(node.pos, {}, {})
        required: list[Node] = []
        for part in structural + ([node] if own else []):
            target: Optional[Node] = part
            if isinstance(part, MapNode) and "$ref" in part:
                target, _ = self.resolve_ref(part)
            if target is None:
                return _Lowered(ir.AnyValue(), nullable)
            if not isinstance(target, MapNode) or not self._is_object_schema(target) and "allOf" not in target:
                self.diags.error(part.pos, "unsupported construct: 'allOf' of schemas that are not all objects")
                return _Lowered(ir.AnyValue(), nullable)
            if "allOf" in target:
                # never a silent Any: whatever the inner allOf holds, merging it is not supported
                self.diags.error(part.pos, "unsupported construct: nested 'allOf' inside 'allOf'")
                return _Lowered(ir.AnyValue(), nullable)
            target_props = target.get("properties")
            if isinstance(target_props, MapNode):
                for key, value in target_props.items():
                    props.entries[key] = value
                    props.key_pos[key] = target_props.key_pos[key]
            req = target.get("required")
            if isinstance(req, SeqNode):
                required.extend(req.items)
        merged.entries["type"] = ScalarNode(node.pos, "object")
        merged.entries["properties"] = props
        merged.entries["required"] = SeqNode(node.pos, required)
        if "description" in node:
            merged.entries["description"] = node.get("description")  # type: ignore[assignment]
        return self._lower_object(merged, hint, component, nullable)

    def _lower_one_of(
        self, node: MapNode, combinator: str, hint: str, component: Optional[str], nullable: bool
    ) -> _Lowered:
        arms_node = node.get(combinator)
        if not isinstance(arms_node, SeqNode) or not arms_node.items:
            self.diags.error(node.get(combinator).pos, f"'{combinator}' must be a non-empty list")  # type: ignore[union-attr]
            return _Lowered(ir.AnyValue(), nullable)
        arms: list[_Lowered] = []
        arm_nodes: list[Node] = []
        non_null = [a for a in arms_node if not _is_null_schema(a)]
        for arm in arms_node:
            if _is_null_schema(arm):
                nullable = True
                continue
            if len(non_null) == 1:
                lowered = self.lower(arm, hint, component)
            else:
                lowered = self.lower(arm, self._arm_hint(arm, hint))
            if lowered.type is None:
                nullable = True
                continue
            nullable = nullable or lowered.nullable
            arms.append(lowered)
            arm_nodes.append(arm)
        if not arms:
            return _Lowered(None, True)
        if len(arms) == 1:
            return _Lowered(arms[0].type, nullable)
        return self._make_union(node, arms, hint, component, nullable, arm_nodes)

    def _arm_hint(self, arm: Node, hint: str) -> str:
        """The name of an inline object arm of a union: the union's path + its tag value
        (`...ChunkingStrategy` + `type: static` -> `...ChunkingStrategyStatic`), never its
        `title` and never a number. Other arms (refs, scalars, untagged) keep the path."""
        if not isinstance(arm, MapNode) or "$ref" in arm:
            return hint
        props = arm.get("properties")
        if not isinstance(props, MapNode):
            return hint
        for key in ["type", "object", "kind"] + [k for k in props.keys() if k not in ("type", "object", "kind")]:
            prop = props.get(key)
            if not isinstance(prop, MapNode):
                continue
            values = prop.get("enum")
            const = prop.get("const")
            if isinstance(const, ScalarNode) and isinstance(const.value, str):
                return hint + pascal(const.value)
            if isinstance(values, SeqNode) and len(values.items) == 1:
                only = values.items[0]
                if isinstance(only, ScalarNode) and isinstance(only.value, str) and pascal(only.value):
                    return hint + pascal(only.value)
        return hint

    def _make_union(
        self,
        node: MapNode,
        arms: list[_Lowered],
        hint: str,
        component: Optional[str],
        nullable: bool,
        arm_nodes: Optional[list[Node]] = None,
    ) -> _Lowered:
        # flatten nested unions
        flat: list[ir.TypeRef] = []
        for arm in arms:
            t = arm.type
            assert t is not None
            if isinstance(t, ir.UnionType) and not t.variants:
                self.diags.error(
                    node.pos,
                    f"unsupported construct: a union with {t.name!r} as an arm, inside {t.name!r} itself"
                    " (name the inner union under components/schemas)",
                )
                return _Lowered(ir.AnyValue(), nullable)
            if isinstance(t, ir.UnionType):
                flat.extend(v.type for v in t.variants if v.type not in flat and not (
                    t.fallback is not None and isinstance(v.type, ir.ModelRef) and v.type.name == t.fallback
                ))
            elif isinstance(t, ir.AnyValue):
                return _Lowered(ir.AnyValue(), True)
            elif t not in flat:
                flat.append(t)
        by_kind: dict[str, list[ir.TypeRef]] = {}
        for t in flat:
            by_kind.setdefault(self._json_kind(t), []).append(t)
        variants: list[ir.Variant] = []
        for kind in ("string", "integer", "number", "boolean", "array"):
            members = by_kind.get(kind, [])
            if not members:
                continue
            if len(members) == 1:
                variants.append(ir.Variant(kind, members[0]))
            elif kind in ("string", "integer"):
                enums = [m for m in members if isinstance(m, ir.EnumType)]
                if len(enums) == 1:
                    # `string | enum` is the enum: enums are open (unknown values are kept),
                    # and its values still document (and type-hint) the known ones
                    variants.append(ir.Variant(kind, enums[0]))
                elif not enums:
                    variants.append(ir.Variant(kind, ir.Primitive(kind)))  # type: ignore[arg-type]
                else:
                    values: list[str | int] = []
                    for m in members:
                        assert isinstance(m, ir.EnumType)
                        values.extend(v for v in m.values if v not in values)
                    variants.append(ir.Variant(kind, ir.EnumType(kind, tuple(values))))  # type: ignore[arg-type]
            else:
                self.diags.error(node.pos, f"unsupported construct: a union with several {kind} arms")
                return _Lowered(ir.AnyValue(), nullable)
        objects = by_kind.get("object", [])
        if len(variants) == 1 and not objects:
            # several arms of one JSON kind merged into one (`string | enum`): no union left
            only = variants[0].type
            if component is not None and isinstance(only, (ir.EnumType, ir.ListType, ir.MapType)) and (
                only.alias is None
            ):
                only = replace(only, alias=component)
                self._declare_alias(component, only, self._description(node))
            return _Lowered(only, nullable)
        tag_json: Optional[str] = None
        fallback: Optional[str] = None
        request = self.side == "request"
        if component is not None:
            union_name = component
        else:
            union_name = self.names.claim(hint + "Param" if request else hint)
        if len(objects) == 1:
            variants.append(ir.Variant("object", objects[0]))
        elif objects:
            if any(not isinstance(o, (ir.ModelRef, ir.ParamsRef)) for o in objects):
                self.diags.error(node.pos, "unsupported construct: a union of a map and other objects")
                return _Lowered(ir.AnyValue(), nullable)
            refs = [o for o in objects if isinstance(o, (ir.ModelRef, ir.ParamsRef))]
            tagged = self._tags(node, refs)
            if tagged is None:
                return _Lowered(ir.AnyValue(), nullable)
            tag_json, tag_map = tagged
            for o in refs:
                variants.append(ir.Variant("object", o, tag_map[o.name]))
        if len(objects) > 1 and not request:
            assert tag_json is not None
            fallback = self.names.claim("Unknown" + union_name)
            tag_field = ir.Field(
                json_name=tag_json,
                py_name=attribute_name(tag_json),
                type=ir.Primitive("string"),
                required=True,
                nullable=False,
                description=f"The `{tag_json}` of a variant this version of the package does not know.",
            )
            self.models[fallback] = ir.ObjectModel(
                name=fallback,
                fields=(tag_field,),
                description=f"An `{union_name}` variant whose `{tag_json}` this version does not know, kept as sent.",
                is_fallback=True,
            )
            self._declare(fallback, [])
            variants.append(ir.Variant("object", ir.ModelRef(fallback)))
        union = ir.UnionType(
            variants=tuple(variants), name=union_name, tag_json=tag_json, fallback=fallback, alias=component
        )
        if not request:  # request-side unions need no decoder
            self.unions.append(union)
        if component is not None:
            self._declare_alias(component, union, self._description(node))
        return _Lowered(union, nullable)

    def _json_kind(self, t: ir.TypeRef) -> str:
        if isinstance(t, (ir.Primitive, ir.EnumType)):
            return t.json
        if isinstance(t, ir.ListType):
            return "array"
        return "object"

    def _tags(
        self, node: MapNode, objects: list[ir.ModelRef | ir.ParamsRef]
    ) -> Optional[tuple[str, dict[str, tuple[str, ...]]]]:
        """Which property tells the object arms apart, and the tag values of each arm."""
        disc = node.get("discriminator")
        prop: Optional[str] = None
        mapping: dict[str, tuple[str, ...]] = {}
        if disc is not None and not isinstance(disc, MapNode):
            self.diags.error(disc.pos, "'discriminator' must be a mapping with a 'propertyName'")
            return None
        if isinstance(disc, MapNode):
            map_value = disc.get("mapping")
            if map_value is not None and not isinstance(map_value, MapNode):
                self.diags.error(map_value.pos, "discriminator 'mapping' must be a mapping of tag values to $refs")
                return None
            for ref in map_value.entries.values() if isinstance(map_value, MapNode) else ():
                if not isinstance(ref, ScalarNode) or not isinstance(ref.value, str):
                    self.diags.error(ref.pos, "a discriminator mapping value must be a $ref string")
                    return None
                if ref.value.startswith("#/") and self.lookup(ref.value, ref.pos)[0] is None:
                    return None
            prop_node = disc.get("propertyName")
            if isinstance(prop_node, ScalarNode) and isinstance(prop_node.value, str):
                prop = prop_node.value
            else:
                self.diags.error(disc.pos, "discriminator needs a 'propertyName'")
                return None
            map_node = disc.get("mapping")
            if isinstance(map_node, MapNode):
                for value, ref in map_node.items():
                    if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
                        target = ref.value
                        # `#/components/schemas/a~1b` names the schema `a/b` (JSON pointer escapes)
                        key = target.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~") if target.startswith("#/") else target
                        side_names = self.params_component_names if self.side == "request" else self.component_names
                        name = side_names.get(key, class_name(key))
                        mapping[name] = mapping.get(name, ()) + (value,)
        declared = {o.name: self.models.get(o.name) or self.params_types.get(o.name) for o in objects}
        if prop is not None:
            # a tag no arm carries would make every value an unknown variant
            for o in objects:
                arm = declared[o.name]
                if arm is not None and not any(f.json_name == prop for f in arm.fields):
                    self.diags.error(
                        disc.get("propertyName").pos,  # type: ignore[union-attr]
                        f"discriminator property {prop!r} is not a property of {o.name!r}",
                    )
                    return None
        candidates = [prop] if prop else ["type", "object", "kind"] + sorted(
            {f.json_name for d in declared.values() if d is not None for f in d.fields} if all(
                d is not None for d in declared.values()) else set()
        )
        for candidate in candidates:
            result: dict[str, tuple[str, ...]] = {}
            seen: set[str] = set()
            ok = True
            for o in objects:
                values = mapping.get(o.name)
                if values is None:
                    model = declared[o.name]
                    fld = next((f for f in model.fields if f.json_name == candidate), None) if model else None
                    if fld is None or not isinstance(fld.type, ir.EnumType) or fld.type.json != "string":
                        ok = False
                        break
                    values = tuple(str(v) for v in fld.type.values)
                if seen & set(values):
                    ok = False
                    break
                seen |= set(values)
                result[o.name] = values
            if ok:
                return candidate, result
        names = ", ".join(o.name for o in objects)
        self.diags.error(
            node.pos,
            f"unsupported construct: a union of several objects ({names}) with no discriminator and no"
            " property whose single-value enum tells them apart",
        )
        return None

    def _lower_object(self, node: MapNode, hint: str, component: Optional[str], nullable: bool) -> _Lowered:
        props = node.get("properties")
        additional = node.get("additionalProperties")
        if props is not None and not isinstance(props, MapNode):
            self.diags.error(props.pos, "'properties' must be a mapping")
            return _Lowered(ir.AnyValue(), nullable)
        if additional is not None and not isinstance(additional, MapNode) and not (
            isinstance(additional, ScalarNode) and isinstance(additional.value, bool)
        ):
            self.diags.error(additional.pos, "'additionalProperties' must be true, false or a schema")
            return _Lowered(ir.AnyValue(), nullable)
        if props and props.entries and isinstance(additional, MapNode) and set(additional.keys()) & STRUCTURAL_KEYWORDS:
            self.diags.error(
                additional.pos,
                "unsupported construct: a typed 'additionalProperties' beside 'properties'"
                " (extra keys are kept as plain JSON; use true or leave it out)",
            )
            return _Lowered(ir.AnyValue(), nullable)
        if not props or not props.entries:
            # a map: typed values when additionalProperties is a schema, else any JSON value
            if isinstance(additional, MapNode):
                value = self.lower(additional, hint + "Value")
                value_type = value.type if value.type is not None else ir.AnyValue()
                if value.nullable and not isinstance(value_type, ir.AnyValue):
                    self.diags.error(additional.pos, "unsupported construct: maps of nullable values")
                map_type = ir.MapType(value_type)
            elif isinstance(additional, ScalarNode) and additional.value is False:
                map_type = ir.MapType(ir.AnyValue())
            else:
                map_type = ir.MapType(ir.AnyValue())
            if component is not None:
                map_type = replace(map_type, alias=component)
                self._declare_alias(component, map_type, self._description(node))
            return _Lowered(map_type, nullable)

        request = self.side == "request"
        if component is not None:
            name = component
        else:
            name = self.names.claim(class_name(hint) + "Param" if request else class_name(hint))
        required_node = node.get("required")
        required: set[str] = set()
        if required_node is not None:
            if not isinstance(required_node, SeqNode):
                self.diags.error(required_node.pos, "'required' must be a list of property names")
            else:
                for item in required_node:
                    if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                        self.diags.error(item.pos, "'required' entries must be strings")
                    elif item.value not in props.entries:
                        warn_undeclared_required(self.diags, item)
                    else:
                        required.add(item.value)
        self._declare(name, [])
        if request:
            params = self.lower_params_fields(props, required, class_name(hint), set(), keyword=False)
            for f in params:
                self.deps[name].extend(self._refs(f.type))
            self.params_types[name] = ir.ParamsType(
                name=name,
                fields=tuple(params),
                description=self._description(node),
                closed=isinstance(additional, ScalarNode) and additional.value is False,
            )
            return _Lowered(ir.ParamsRef(name), nullable)
        # register early so recursive references and tag inference can see the name
        fields: list[ir.Field] = []
        taken: set[str] = set()
        self.open_models += 1
        for json_name, prop in props.items():
            lowered = self.lower(prop, name + pascal(json_name))
            py_name = attribute_name(json_name, frozenset(taken))
            taken.add(py_name)
            prop_type = lowered.type if lowered.type is not None else ir.AnyValue()
            fields.append(
                ir.Field(
                    json_name=json_name,
                    py_name=py_name,
                    type=prop_type,
                    required=json_name in required,
                    nullable=lowered.nullable or lowered.type is None or id(prop) in self.forced_nullable,
                    description=self._description(prop),
                    deprecated=self._flag(prop, "deprecated"),
                )
            )
            self.deps[name].extend(self._refs(prop_type))
        self.open_models -= 1
        self.models[name] = ir.ObjectModel(name=name, fields=tuple(fields), description=self._description(node))
        return _Lowered(ir.ModelRef(name), nullable)

    def lower_params_fields(
        self, props: MapNode, required: set[str], prefix: str, taken: set[str], keyword: bool
    ) -> list[ir.ParamsField]:
        """The properties of a request-side object, in spec order (call with `side ==
        "request"`). `keyword`: they become keyword arguments (snake_case names free of
        `taken`); else TypedDict keys (`py_name` differs from the key only when the class
        syntax cannot spell it). Nested objects are named `prefix` + property + `Param`."""
        fields: list[ir.ParamsField] = []
        for json_name, prop in props.items():
            lowered = self.lower(prop, prefix + pascal(json_name))
            py_name = parameter_name(json_name, taken) if keyword else attribute_name(json_name, frozenset(taken))
            taken.add(py_name)
            fields.append(
                ir.ParamsField(
                    json_name=json_name,
                    py_name=py_name,
                    type=lowered.type if lowered.type is not None else ir.AnyValue(),
                    required=json_name in required,
                    nullable=lowered.nullable or lowered.type is None or id(prop) in self.forced_nullable,
                    description=self._description(prop),
                    deprecated=self._flag(prop, "deprecated"),
                    default=self._default(prop),
                )
            )
        return fields

    def _default(self, node: Node) -> Optional[str]:
        """The schema's `default` as JSON text: on the node, its `$ref` target, or its one
        non-null `anyOf`/`oneOf` arm (`anyOf: [{type: boolean, default: false}, {type: 'null'}]`)."""
        seen: set[int] = set()
        current: Optional[Node] = node
        while isinstance(current, MapNode) and id(current) not in seen:
            seen.add(id(current))
            value = current.get("default")
            if value is not None:
                return json.dumps(to_plain(value), sort_keys=True, ensure_ascii=False)
            if "$ref" in current:
                current, _ = self.resolve_ref(current)
                continue
            arms = current.get("anyOf") or current.get("oneOf")
            if isinstance(arms, SeqNode):
                non_null = [a for a in arms if not _is_null_schema(a)]
                if len(non_null) == 1:
                    current = non_null[0]
                    continue
            break
        return None

    # --- helpers -------------------------------------------------------------------------

    def _declare(self, name: str, deps: list[str]) -> None:
        if name not in self.deps:
            self.deps[name] = list(deps)
            self.order.append(name)

    def _declare_alias(self, name: str, type_: ir.TypeRef, description: str) -> None:
        aliases = self.params_aliases if self.side == "request" else self.aliases
        if name in aliases:
            return
        aliases[name] = ir.TypeAlias(name, type_, description)
        self._declare(name, [])
        self.deps[name].extend(self._refs(type_, top=True))

    def _refs(self, t: ir.TypeRef, top: bool = False) -> list[str]:
        """Declarations a type's annotation names."""
        if isinstance(t, (ir.ModelRef, ir.ParamsRef)):
            return [t.name]
        if isinstance(t, ir.EnumType):
            return [t.alias] if t.alias and not top else []
        if isinstance(t, (ir.ListType, ir.MapType)) and t.alias and not top:
            return [t.alias]
        if isinstance(t, ir.ListType):
            return self._refs(t.item)
        if isinstance(t, ir.MapType):
            return self._refs(t.value)
        if isinstance(t, ir.UnionType):
            if t.alias and not top:
                return [t.alias]
            out: list[str] = []
            for v in t.variants:
                out.extend(self._refs(v.type))
            return out
        return []

    def _description(self, node: Node) -> str:
        """A schema's description, else that of what it only wraps (a `$ref`, or the one real
        arm of `allOf: [$ref, {nullable: true}]` / `anyOf: [X, {type: 'null'}]`)."""
        seen: set[int] = set()
        current: Optional[Node] = node
        while isinstance(current, MapNode) and id(current) not in seen:  # a $ref cycle ends it
            seen.add(id(current))
            d = current.get("description")
            if isinstance(d, ScalarNode) and isinstance(d.value, str):
                return d.value.strip()
            if "$ref" in current:
                current = self.lookup_quietly(current)
                continue
            for combinator in ("allOf", "anyOf", "oneOf"):
                arms = current.get(combinator)
                if isinstance(arms, SeqNode):
                    real = [
                        a for a in arms
                        if not _is_null_schema(a)
                        and not (isinstance(a, MapNode) and not (set(a.keys()) & STRUCTURAL_KEYWORDS - {"nullable"}))
                    ]
                    if len(real) == 1:
                        current = real[0]
                        break
            else:
                return ""
        return ""

    def lookup_quietly(self, node: MapNode) -> Optional[Node]:
        """The target of a `$ref`, or None; problems are reported where the schema is lowered."""
        ref = node.get("$ref")
        if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
            return follow_pointer(self.doc.root, ref.value)
        return None

    def _flag(self, node: Node, key: str) -> bool:
        if isinstance(node, MapNode):
            v = node.get(key)
            return isinstance(v, ScalarNode) and v.value is True
        return False

    def ordered_declarations(self) -> list[str]:
        """Models and aliases with what they refer to first (spec order otherwise)."""
        out: list[str] = []
        state: dict[str, int] = {}

        def visit(name: str) -> None:
            if state.get(name) == 2 or state.get(name) == 1:
                return
            state[name] = 1
            for dep in self.deps.get(name, []):
                if dep in self.deps:
                    visit(dep)
            state[name] = 2
            out.append(name)

        for name in self.order:
            visit(name)
        return out

    def fill_union_stubs(self) -> None:
        """Replace the placeholders of unions reached through their own arms' properties
        (`lower_component`) with the finished unions, in every model, alias and union."""
        if not self.union_stubs:
            return
        finished = {u.name: u for u in self.unions if u.alias == u.name}
        for name, pos in self.union_stubs.items():
            if name not in finished:  # it did not end up a union of its own (one arm, ...)
                self.diags.error(pos, _cycle_message(name))

        def fill(t: ir.TypeRef) -> ir.TypeRef:
            if isinstance(t, ir.UnionType) and not t.variants:
                return finished.get(t.name, t)
            if isinstance(t, ir.ListType):
                return replace(t, item=fill(t.item))
            if isinstance(t, ir.MapType):
                return replace(t, value=fill(t.value))
            if isinstance(t, ir.UnionType):
                return replace(t, variants=tuple(replace(v, type=fill(v.type)) for v in t.variants))
            return t

        for name, model in self.models.items():
            self.models[name] = replace(model, fields=tuple(replace(f, type=fill(f.type)) for f in model.fields))
        for name, alias in self.aliases.items():
            self.aliases[name] = replace(alias, type=fill(alias.type))

    def recursive_models(self) -> set[str]:
        """Models (and params types) that reach themselves through their fields."""
        result: set[str] = set()
        for start in list(self.models) + list(self.params_types):
            stack = list(self.deps.get(start, []))
            seen: set[str] = set()
            while stack:
                cur = stack.pop()
                if cur == start:
                    result.add(start)
                    break
                if cur in seen:
                    continue
                seen.add(cur)
                stack.extend(self.deps.get(cur, []))
        return result


def _is_null_schema(node: Node) -> bool:
    """`{type: 'null'}` (or `enum: [null]`): the null arm of an anyOf/oneOf."""
    if not isinstance(node, MapNode):
        return False
    t = node.get("type")
    if isinstance(t, ScalarNode) and t.value == "null":
        return True
    if isinstance(t, SeqNode) and [i.value for i in t.items if isinstance(i, ScalarNode)] == ["null"]:
        return True
    e = node.get("enum")
    return isinstance(e, SeqNode) and all(isinstance(i, ScalarNode) and i.value is None for i in e.items) and bool(
        e.items
    )


# --- operations --------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class _Found:
    path: str
    method: str
    node: MapNode
    path_item: MapNode
    pos: Pos  # of the path template (the key under `paths`)


def find_operations(doc: Document, diags: Diagnostics) -> dict[str, _Found]:
    out: dict[str, _Found] = {}
    paths = doc.root.get("paths")
    if paths is None:
        diags.error(doc.root.pos, "the document has no 'paths'")
        return out
    if not isinstance(paths, MapNode):
        diags.error(paths.pos, "'paths' must be a mapping")
        return out
    for path, item in paths.items():
        if not path.startswith("/"):
            diags.error(paths.key_pos[path], f"path {path!r} must start with '/'")
        elif "?" in path or "#" in path:
            diags.error(paths.key_pos[path], f"path {path!r} must not hold a query string or fragment ('?', '#')")
        if not isinstance(item, MapNode):
            diags.error(item.pos, f"path item {path!r} must be a mapping")
            continue
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            if not isinstance(op, MapNode):
                diags.error(op.pos, f"operation {method.upper()} {path} must be a mapping")
                continue
            op_id_node = op.get("operationId")
            if isinstance(op_id_node, ScalarNode) and isinstance(op_id_node.value, str):
                if op_id_node.value in out:
                    diags.error(op_id_node.pos, f"duplicate operationId {op_id_node.value!r}")
                    continue
                out[op_id_node.value] = _Found(path, method, op, item, paths.key_pos[path])
    return out


def check_local_refs(root: MapNode, diags: Diagnostics) -> None:
    """Every local `$ref` of the document must resolve, whether or not the configured
    operations reach it: a dangling one is a broken document, not a detail of its unused
    part. (Schemas are otherwise checked where the operations use them, so a whole
    upstream document with APIs this package does not map still generates.)"""
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, SeqNode):
            stack.extend(node.items)
        elif isinstance(node, MapNode):
            ref = node.get("$ref")
            if isinstance(ref, ScalarNode) and isinstance(ref.value, str) and ref.value.startswith("#/"):
                if follow_pointer(root, ref.value) is None:
                    diags.error(ref.pos, f"dangling $ref {ref.value!r}: nothing at that location")
            for key, value in node.items():
                # examples, defaults and extensions are data: a "$ref" key there is not a reference
                if key not in ("example", "examples", "default", "enum", "const") and not key.startswith("x-"):
                    stack.append(value)


def lower_package(spec: Document, config_doc: Document, config: Config, diags: Diagnostics) -> ir.Package:
    """Everything: validate the spec against the config and build the IR."""
    root = spec.root
    version_node = root.get("openapi")
    if version_node is None:
        diags.error(root.pos, "not an OpenAPI document: the 'openapi' version field is missing")
    elif not isinstance(version_node, ScalarNode) or not isinstance(version_node.value, str) or not re.fullmatch(
        r"3\.[01]\.\d+", version_node.value
    ):
        diags.error(version_node.pos, "unsupported OpenAPI version (expected a string 3.0.x or 3.1.x)")
    info = root.get("info")
    title = "API"
    spec_version = "0.0.0"
    if not isinstance(info, MapNode):
        diags.error((info or root).pos, "the document needs an 'info' mapping")
    else:
        t = info.get("title")
        if isinstance(t, ScalarNode) and isinstance(t.value, str):
            title = t.value
        v = info.get("version")
        if isinstance(v, ScalarNode) and v.value is not None:
            # it ends up in the User-Agent header: visible ASCII only
            spec_version = re.sub(r"[^!-~]+", "-", str(v.value)).strip("-") or spec_version
    for key in ("components",):
        node = root.get(key)
        if node is not None and not isinstance(node, MapNode):
            diags.error(node.pos, f"'{key}' must be a mapping")
    comps = root.get("components")
    if isinstance(comps, MapNode):
        schemas = comps.get("schemas")
        if schemas is not None and not isinstance(schemas, MapNode):
            diags.error(schemas.pos, "'components.schemas' must be a mapping")

    check_local_refs(root, diags)
    lowerer = SchemaLowerer(spec, config, diags)
    found = find_operations(spec, diags)
    for key, pos in config.rename_pos.items():
        if key not in lowerer.components:
            diags.error(pos, f"schemas.rename: the spec has no schema {key!r} under components/schemas")

    # component names are claimed first, in spec order, so they keep their names
    reachable = _reachable_components(spec, [found[o.operation_id].node for o in config.operations if o.operation_id in found], lowerer)
    lowerer.claim_component_names([k for k in lowerer.components if k in reachable])
    _force_nullable(config, lowerer, diags)

    operations: list[ir.Operation] = []
    for op_config in config.operations:
        f = found.get(op_config.operation_id)
        if f is None:
            known = ", ".join(sorted(found)) or "none"
            diags.error(op_config.pos, f"operation {op_config.operation_id!r} is not in the spec (operationIds: {known})")
            continue
        operation = _lower_operation(f, op_config, lowerer, diags)
        if operation is not None:
            operations.append(operation)

    version = config.version or spec_version
    default_base_url = config.default_base_url or _server_url(root) or "http://localhost"
    client = ir.ClientConfig(
        sync_class=config.sync_class,
        async_class=config.async_class,
        api_key_env=config.api_key_env,
        base_url_env=config.base_url_env,
        default_base_url=default_base_url,
        headers=config.headers,
        timeout=config.timeout,
        max_retries=config.max_retries,
    )
    resources = _resource_tree(config, operations, lowerer.names)
    lowerer.fill_union_stubs()
    diags.raise_if_any()

    recursive = lowerer.recursive_models()
    ordered = lowerer.ordered_declarations()
    decls = [n for n in ordered if n in lowerer.models or n in lowerer.aliases]
    params_decls = [n for n in ordered if n in lowerer.params_types or n in lowerer.params_aliases]
    return ir.Package(
        title=title,
        version=version,
        inputs=(ir.Input(spec.display, spec.sha256), ir.Input(config_doc.display, config_doc.sha256)),
        declarations=tuple(
            _name_fields(replace(lowerer.models[n], recursive=n in recursive), lowerer.names.used)
            if n in lowerer.models
            else lowerer.aliases[n]
            for n in decls
        ),
        unions=tuple(lowerer.unions),
        operations=tuple(operations),
        resources=resources,
        client=client,
        targets=tuple(ir.Target(t.kind, t.package) for t in config.targets),  # type: ignore[arg-type]
        reserved_names=frozenset(lowerer.names.used),
        params_declarations=tuple(
            _name_params_fields(replace(lowerer.params_types[n], recursive=n in recursive), lowerer.names.used)
            if n in lowerer.params_types
            else lowerer.params_aliases[n]
            for n in params_decls
        ),
    )


def _name_params_fields(params: ir.ParamsType, class_names: set[str]) -> ir.ParamsType:
    """A TypedDict's keys are its JSON names; `py_name` says whether the class syntax can
    spell each one (the same rule as model attributes: see `_name_fields`)."""
    names = attribute_names([f.json_name for f in params.fields], frozenset(class_names))
    return replace(params, fields=tuple(replace(f, py_name=n) for f, n in zip(params.fields, names, strict=True)))


def _force_nullable(config: Config, lowerer: SchemaLowerer, diags: Diagnostics) -> None:
    """Resolve the config's `schemas.nullable` paths (`Schema.prop.prop`) to property nodes."""
    for path in config.nullable:
        node = lowerer.components.get(path.parts[0])
        if node is None:
            diags.error(path.pos, f"schemas.nullable: no component schema {path.parts[0]!r} in the spec")
            continue
        for depth, part in enumerate(path.parts[1:], start=1):
            props = _object_properties(node, lowerer)
            prop = props.get(part) if props is not None else None
            if prop is None:
                where = ".".join(path.parts[:depth])
                diags.error(path.pos, f"schemas.nullable: {where!r} has no property {part!r}")
                break
            node = prop
        else:
            lowerer.forced_nullable.add(id(node))


def _object_properties(node: Node, lowerer: SchemaLowerer) -> Optional[MapNode]:
    """The `properties` of an object schema, through `$ref`, a lone non-null `anyOf` /
    `oneOf` arm and `allOf` parts."""
    seen: set[int] = set()
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if not isinstance(current, MapNode) or id(current) in seen:
            continue
        seen.add(id(current))
        if "$ref" in current:
            ref = current.get("$ref")
            if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
                target, _ = lowerer.lookup(ref.value, ref.pos)
                if target is not None:
                    stack.append(target)
            continue
        props = current.get("properties")
        if isinstance(props, MapNode):
            return props
        for key in ("allOf", "anyOf", "oneOf"):
            arms = current.get(key)
            if isinstance(arms, SeqNode):
                stack.extend(a for a in reversed(arms.items) if not _is_null_schema(a))
    return None


def _name_fields(model: ir.ObjectModel, class_names: set[str]) -> ir.ObjectModel:
    """Final attribute names for a model's fields, decided together (naming.attribute_names):
    never a name a class body refers to, such as the package's own class names."""
    names = attribute_names([f.json_name for f in model.fields], frozenset(class_names))
    return replace(model, fields=tuple(replace(f, py_name=n) for f, n in zip(model.fields, names, strict=True)))


def _server_url(root: MapNode) -> Optional[str]:
    servers = root.get("servers")
    if isinstance(servers, SeqNode) and servers.items and isinstance(servers.items[0], MapNode):
        url = servers.items[0].get("url")
        if isinstance(url, ScalarNode) and isinstance(url.value, str) and re.fullmatch(r"https?://\S+", url.value):
            return url.value.rstrip("/")
    return None


def _reachable_components(spec: Document, roots: list[MapNode], lowerer: SchemaLowerer) -> set[str]:
    seen: set[str] = set()
    stack: list[Node] = list(roots)
    visited: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, MapNode):
            ref = node.get("$ref")
            if isinstance(ref, ScalarNode) and isinstance(ref.value, str) and ref.value.startswith("#/components/schemas/"):
                key = ref.value[len("#/components/schemas/"):].replace("~1", "/").replace("~0", "~")
                if key not in seen and key in lowerer.components:
                    seen.add(key)
                    stack.append(lowerer.components[key])
            elif isinstance(ref, ScalarNode) and isinstance(ref.value, str) and ref.value.startswith("#/"):
                target, _ = lowerer.lookup(ref.value, ref.pos)
                if target is not None:
                    stack.append(target)
            stack.extend(node.entries.values())
        elif isinstance(node, SeqNode):
            stack.extend(node.items)
    return seen


def _deref(node: Node, lowerer: SchemaLowerer) -> Optional[Node]:
    if isinstance(node, MapNode) and "$ref" in node:
        target, _ = lowerer.resolve_ref(node)
        return target
    return node


def _lower_operation(
    f: _Found, op_config: OperationConfig, lowerer: SchemaLowerer, diags: Diagnostics
) -> Optional[ir.Operation]:
    op = f.node
    hint = pascal(op_config.method_path[-2] if len(op_config.method_path) > 1 else "") + pascal(op_config.method_path[-1])
    # parameters: path-item level, overridden by operation level (same name and location)
    declared: dict[tuple[str, str], tuple[MapNode, Pos]] = {}
    for source in (f.path_item.get("parameters"), op.get("parameters")):
        if source is None:
            continue
        if not isinstance(source, SeqNode):
            diags.error(source.pos, "'parameters' must be a list")
            continue
        in_this_list: set[tuple[str, str]] = set()
        for raw in source:
            param = _deref(raw, lowerer)
            if param is None:
                continue
            if not isinstance(param, MapNode):
                diags.error(raw.pos, "a parameter must be a mapping")
                continue
            name_node = param.get("name")
            in_node = param.get("in")
            if not isinstance(name_node, ScalarNode) or not isinstance(name_node.value, str) or not name_node.value:
                diags.error(param.pos, "a parameter needs a 'name'")
                continue
            if not isinstance(in_node, ScalarNode) or in_node.value not in ("path", "query", "header", "cookie"):
                diags.error(
                    (in_node or param).pos, f"parameter {name_node.value!r}: 'in' must be path, query, header or cookie"
                )
                continue
            key = (str(in_node.value), name_node.value)
            if key in in_this_list:
                diags.error(name_node.pos, f"{key[0]} parameter {key[1]!r} is declared twice")
                continue
            in_this_list.add(key)
            declared[key] = (param, raw.pos)

    placeholders: list[tuple[str, int]] = []
    for m in _PLACEHOLDER.finditer(f.path):
        placeholders.append((m.group(1), m.start()))
    if "{" in _PLACEHOLDER.sub("", f.path) or "}" in _PLACEHOLDER.sub("", f.path):
        diags.error(f.pos, f"path {f.path!r} has unbalanced braces")
        return None
    path_names = [p for p, _ in placeholders]
    for name in path_names:
        if ("path", name) not in declared:
            diags.error(f.pos, f"path {f.path!r} has placeholder {{{name}}} but no path parameter {name!r} is declared")
    if len(set(path_names)) != len(path_names):
        diags.error(f.pos, f"path {f.path!r} uses a placeholder twice")
    for (where, name), (param, pos) in declared.items():
        if where == "path" and name not in path_names:
            declared_at = param.get("name")
            diags.error(
                declared_at.pos if declared_at is not None else pos,
                f"path parameter {name!r} is not in the path template {f.path!r}",
            )

    params: list[ir.Param] = []
    taken: set[str] = {"extra_headers", "extra_query", "extra_body", "timeout"}
    path_params = [(n, declared[("path", n)]) for n in path_names if ("path", n) in declared]
    other_params = [(k, v) for k, v in declared.items() if k[0] != "path"]
    for index, (name, (param, _pos)) in enumerate(path_params):
        req = param.get("required")
        if not (isinstance(req, ScalarNode) and req.value is True):
            diags.error(param.pos, f"path parameter {name!r} must have 'required: true'")
        schema = param.get("schema")
        ptype: ir.TypeRef = ir.Primitive("string")
        if schema is not None:
            lowered = lowerer.lower(schema, hint + pascal(name))
            if isinstance(lowered.type, (ir.Primitive, ir.EnumType)) and lowered.type.json in ("string", "integer", "number"):
                ptype = lowered.type
            else:
                diags.error(schema.pos, f"path parameter {name!r} must be a string, integer or number")
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
                description=lowerer._description(param),
            )
        )
    for (where, name), (param, pos) in other_params:
        if where in ("cookie", "header"):
            diags.error(pos, f"unsupported construct: {where} parameter {name!r}")
            continue
        schema = param.get("schema")
        if schema is None:
            diags.error(param.pos, f"parameter {name!r} needs a 'schema'")
            continue
        lowered = lowerer.lower(schema, hint + pascal(name))
        ptype = lowered.type if lowered.type is not None else ir.AnyValue()
        if not isinstance(ptype, (ir.Primitive, ir.EnumType, ir.ListType)) or (
            isinstance(ptype, ir.ListType) and not isinstance(ptype.item, (ir.Primitive, ir.EnumType))
        ):
            diags.error(schema.pos, f"unsupported construct: query parameter {name!r} of a non-scalar type")
            continue
        explode = _query_explode(param, name, diags)
        req = param.get("required")
        py = parameter_name(name, frozenset(taken))
        taken.add(py)
        params.append(
            ir.Param(
                json_name=name,
                py_name=py,
                location="query",
                type=ptype,
                required=isinstance(req, ScalarNode) and req.value is True,
                description=lowerer._description(param),
                explode=explode,
                default=lowerer._default(schema),
            )
        )

    response = _response_type(op, hint, lowerer, diags)
    body = None
    if op.get("requestBody") is not None:
        body = _request_body(op, hint, lowerer, diags, taken)
    pagination = _pagination(response, params, lowerer)
    deprecated = op_config.deprecated if op_config.deprecated is not None else lowerer._flag(op, "deprecated")
    summary = op.get("summary")
    description = op.get("description")
    return ir.Operation(
        operation_id=op_config.operation_id,
        method=f.method.upper(),
        path=f.path,
        path_parts=_path_parts(f.path, {p.json_name: p.py_name for p in params if p.location == "path"}),
        py_name=op_config.method_path[-1],
        params=tuple(params),
        response=response,
        summary=summary.value.strip() if isinstance(summary, ScalarNode) and isinstance(summary.value, str) else "",
        description=description.value.strip()
        if isinstance(description, ScalarNode) and isinstance(description.value, str)
        else "",
        deprecated=deprecated,
        deprecation_message=op_config.deprecation_message
        or f"The {'.'.join(op_config.method_path)} endpoint is deprecated.",
        body=body,
        pagination=pagination,
    )


def _query_explode(param: MapNode, name: str, diags: Diagnostics) -> bool:
    """`style: form` (the default) with `explode` (default true); other styles are errors."""
    style = param.get("style")
    if style is not None and not (isinstance(style, ScalarNode) and style.value == "form"):
        diags.error(style.pos, f"unsupported construct: query parameter {name!r} with style {to_plain(style)!r} (only 'form')")
    explode = param.get("explode")
    if explode is None:
        return True
    if not isinstance(explode, ScalarNode) or not isinstance(explode.value, bool):
        diags.error(explode.pos, "'explode' must be true or false")
        return True
    return explode.value


# Request-body properties the generated methods do not offer, and why.
STREAM_REASON = (
    "server-sent events are not supported by this client: the method always returns the"
    " parsed response, so `stream` is neither a parameter nor accepted through `extra_body`"
)


def _request_body(
    op: MapNode, hint: str, lowerer: SchemaLowerer, diags: Diagnostics, taken: set[str]
) -> Optional[ir.RequestBody]:
    """An `application/json` body whose schema is an object: its properties become keyword
    arguments (request side: nested objects become TypedDicts); `stream` is left out."""
    raw = op.get("requestBody")
    assert raw is not None
    body = _deref(raw, lowerer)
    if body is None:
        return None
    if not isinstance(body, MapNode):
        diags.error(raw.pos, "'requestBody' must be a mapping")
        return None
    content = body.get("content")
    if not isinstance(content, MapNode) or not content.entries:
        diags.error((content or body).pos, "a request body needs a 'content' mapping")
        return None
    media_key = next(
        (k for k in content.keys() if k.split(";")[0].strip() == "application/json" or k.split(";")[0].endswith("+json")),
        None,
    )
    if media_key is None:
        diags.error(
            content.key_pos[content.keys()[0]],
            f"unsupported construct: request body media type {content.keys()[0]!r} (only application/json)",
        )
        return None
    media = content.get(media_key)
    schema = media.get("schema") if isinstance(media, MapNode) else None
    if schema is None:
        diags.error(content.key_pos[media_key], f"request body {media_key!r} needs a 'schema'")
        return None
    # follow $refs to the object schema; a component names the nested types
    base = hint + "Body"
    target: Optional[Node] = schema
    for _ in range(20):
        if not (isinstance(target, MapNode) and "$ref" in target):
            break
        target, key = lowerer.resolve_ref(target)
        if key is not None:
            base = lowerer.component_names.get(key) or lowerer.config.renames.get(key) or class_name(key)
    if target is None:
        return None
    props = target.get("properties") if isinstance(target, MapNode) else None
    if not isinstance(target, MapNode) or not lowerer._is_object_schema(target) or not isinstance(props, MapNode) or (
        "allOf" in target
    ):
        diags.error(schema.pos, "unsupported construct: a request body that is not an object with 'properties'")
        return None
    required: set[str] = set()
    required_node = target.get("required")
    if isinstance(required_node, SeqNode):
        for item in required_node:
            if not isinstance(item, ScalarNode) or not isinstance(item.value, str):
                diags.error(item.pos, "'required' entries must be strings")
            elif item.value in props.entries:
                required.add(item.value)
            else:
                warn_undeclared_required(diags, item)
    elif required_node is not None:
        diags.error(required_node.pos, "'required' must be a list of property names")
    lowerer._check_keywords(target)

    lowerer.side = "request"
    try:
        kept = MapNode(props.pos, dict(props.entries), dict(props.key_pos))
        omitted: list[ir.OmittedField] = []
        stream = props.get("stream")
        if stream is not None and "stream" not in required:
            lowered = lowerer.lower(stream, base + "Stream")
            if lowered.type == ir.Primitive("boolean"):
                del kept.entries["stream"]
                omitted.append(ir.OmittedField("stream", STREAM_REASON, lowerer._description(stream)))
        fields = lowerer.lower_params_fields(kept, required, base, taken, keyword=True)
    finally:
        lowerer.side = "response"
    req = body.get("required")
    return ir.RequestBody(
        media_type=media_key,
        fields=tuple(fields),
        required=isinstance(req, ScalarNode) and req.value is True,
        schema_name=base,
        description=lowerer._description(body),
        omitted=tuple(omitted),
    )


def _pagination(
    response: Optional[ir.TypeRef], params: list[ir.Param], lowerer: SchemaLowerer
) -> Optional[ir.Pagination]:
    """A cursor page: the response object has `data: array`, `has_more: boolean` and
    `last_id` or `first_id`, and the operation takes the query parameter `after`."""
    if not isinstance(response, ir.ModelRef) or response.name not in lowerer.models:
        return None
    fields = {f.json_name: f for f in lowerer.models[response.name].fields}
    data, has_more = fields.get("data"), fields.get("has_more")
    last, first = fields.get("last_id"), fields.get("first_id")
    if data is None or not isinstance(data.type, ir.ListType) or has_more is None:
        return None
    if has_more.type != ir.Primitive("boolean") or (last is None and first is None):
        return None
    query = {p.json_name: p for p in params if p.location == "query"}
    after, before = query.get("after"), query.get("before")
    if after is None:
        return None
    item = data.type.item
    item_id = None
    if isinstance(item, ir.ModelRef) and item.name in lowerer.models:
        item_id = next(
            (f for f in lowerer.models[item.name].fields if f.json_name == "id" and f.type == ir.Primitive("string")),
            None,
        )
    return ir.Pagination(
        item=item,
        page=response,
        cursor_param=after.json_name,
        cursor_param_py=after.py_name,
        data_field=data.json_name,
        data_field_py=data.py_name,
        has_more_field=has_more.json_name,
        has_more_field_py=has_more.py_name,
        cursor_field=last.json_name if last is not None else None,
        cursor_field_py=last.py_name if last is not None else None,
        item_id_field=item_id.json_name if item_id is not None else None,
        item_id_field_py=item_id.py_name if item_id is not None else None,
        before_param=before.json_name if before is not None else None,
        before_param_py=before.py_name if before is not None else None,
        first_field=first.json_name if first is not None else None,
        first_field_py=first.py_name if first is not None else None,
    )


def _path_parts(path: str, names: dict[str, str]) -> tuple[ir.PathPart, ...]:
    parts: list[ir.PathPart] = []
    last = 0
    for m in _PLACEHOLDER.finditer(path):
        if m.start() > last:
            parts.append(ir.PathPart(literal=_encode_path_text(path[last : m.start()])))
        parts.append(ir.PathPart(param=names.get(m.group(1), m.group(1))))
        last = m.end()
    if last < len(path):
        parts.append(ir.PathPart(literal=_encode_path_text(path[last:])))
    return tuple(parts)


def _encode_path_text(text: str) -> str:
    """The literal text of a path template as it goes on the wire: characters a path may
    not hold (space, `?`, `#`, non-ASCII...) percent-encoded, `/` and valid escapes kept."""
    return quote(text, safe="/!$&'()*+,;=:@%-._~")


def _response_type(op: MapNode, hint: str, lowerer: SchemaLowerer, diags: Diagnostics) -> Optional[ir.TypeRef]:
    responses = op.get("responses")
    if not isinstance(responses, MapNode):
        diags.error((responses or op).pos, "an operation needs a 'responses' mapping")
        return None
    success = [k for k in responses.keys() if re.fullmatch(r"2(\d\d|XX)", k)]
    if not success:
        return None
    response = _deref(responses.get(success[0]), lowerer)  # type: ignore[arg-type]
    if response is None:
        return None
    if not isinstance(response, MapNode):
        diags.error(response.pos, f"response {success[0]!r} must be a mapping")
        return None
    content = response.get("content")
    if content is None:
        return None
    if not isinstance(content, MapNode):
        diags.error(content.pos, "'content' must be a mapping of media types")
        return None
    media = next((content.get(k) for k in content.keys() if k.split(";")[0].strip() in ("application/json",) or k.endswith("+json")), None)
    if media is None:
        if content.entries:
            diags.error(
                content.key_pos[content.keys()[0]],
                f"unsupported construct: a {success[0]} response of {', '.join(map(repr, content.keys()))}"
                " (only JSON responses are supported)",
            )
        return None
    if not isinstance(media, MapNode):
        diags.error(media.pos, "a media type must be a mapping")
        return None
    if media.get("schema") is None:
        return ir.AnyValue()  # JSON of any shape
    lowered = lowerer.lower(media.get("schema"), hint + "Response")  # type: ignore[arg-type]
    return lowered.type


def _resource_tree(config: Config, operations: list[ir.Operation], names: NameSpace) -> tuple[ir.Resource, ...]:
    by_id = {o.operation_id: o for o in operations}

    @dataclass
    class _Node:
        children: dict[str, "_Node"] = field(default_factory=dict)
        operations: list[ir.Operation] = field(default_factory=list)

    root = _Node()
    for op_config in config.operations:
        op = by_id.get(op_config.operation_id)
        if op is None:
            continue
        node = root
        for part in op_config.method_path[:-1]:
            node = node.children.setdefault(part, _Node())
        node.operations.append(op)

    def build(attr: str, node: _Node, prefix: str) -> ir.Resource:
        class_name_ = names.claim(prefix + pascal(attr), "Resource")
        return ir.Resource(
            attr=attr,
            class_name=class_name_,
            children=tuple(build(a, n, prefix + pascal(attr)) for a, n in node.children.items()),
            operations=tuple(node.operations),
            async_class_name=names.claim("Async" + class_name_, "Resource"),
            raw_class_name=names.claim(class_name_ + "WithRawResponse", "_"),
            async_raw_class_name=names.claim("Async" + class_name_ + "WithRawResponse", "_"),
        )

    return tuple(build(attr, node, "") for attr, node in root.children.items())
