"""The schema lowerer: one schema node -> one IR type, for the side it is asked for.

`SchemaLowerer.lower` dispatches on the shape of a schema (a `$ref`, `allOf`, `oneOf` /
`anyOf`, an enum, a scalar, an array, an object) to the module that lowers that shape
(`objects`, `unions`, `scalars`); those call back into `lower` for their parts. It owns
what every part shares: the document's resolver and view, the class namespace, both
sides' registries, the declarations, and the guards against deep or cyclic schemas.
"""

from __future__ import annotations

from typing import Iterable, Optional

from .. import ir
from ..config import Config
from ..diagnostics import Pos
from ..naming import RESERVED_TOP_LEVEL, NameSpace, class_name
from ..source import Document, MapNode, Node, ScalarNode, SeqNode
from . import objects, scalars, siblings, unions
from .isolation import OperationProblems
from .refs import Resolver, walk
from .state import (
    ComponentState,
    Declarations,
    Lowered,
    RequestSide,
    ResponseSide,
    Side,
    any_value,
    refs,
)
from .view import STRUCTURAL_KEYWORDS, UNSUPPORTED_KEYWORDS, SchemaView

MAX_SCHEMA_DEPTH = 64


def cycle_message(key: str) -> str:
    return (
        f"$ref cycle: schema {key!r} refers to itself without an object in between (recursion must"
        " pass through a property of an object schema)"
    )


class SchemaLowerer:
    def __init__(self, doc: Document, config: Config, diags: OperationProblems) -> None:
        self.doc = doc
        self.diags = diags
        self.config = config
        self.resolver = Resolver(doc.root, diags)
        self.view = SchemaView(diags, self.resolver)
        self.components = _components(doc.root)
        self.names = NameSpace(RESERVED_TOP_LEVEL | {config.sync_class, config.async_class})
        self.response = ResponseSide()
        self.request = RequestSide()
        self.decls = Declarations()
        self.depth = 0
        self.memo: dict[tuple[int, str, Optional[str]], tuple[Node, Lowered]] = {}
        self.following: set[int] = set()  # targets of `$ref`s outside components being lowered
        # property schemas the config declares nullable (`schemas.nullable`), by node id
        self.forced_nullable: set[int] = set()
        # union components referred to while being lowered: name -> where (see lower_component)
        self.union_stubs: dict[str, Pos] = {}
        self.open_models = 0  # object models whose properties are being lowered
        # components being lowered, outermost first (`$recursiveRef` / `$dynamicRef` scope)
        self.component_stack: list[tuple[str, Node]] = []
        # the properties of objects being lowered, by class name (see tags._arm_values)
        self.pending_props: dict[str, MapNode] = {}

    def claim_component_names(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.response.component_names[key] = self.names.claim(self.class_name_of(key))

    def class_name_of(self, key: str) -> str:
        """The class name a component schema asks for (renamed by the config, or its key)."""
        return self.config.renames.get(key) or class_name(key)

    def claim(self, name: str, side: Side) -> str:
        """A fresh class name for an inline object or union of `side`."""
        return self.names.claim(name + side.suffix)

    def declare_alias(self, side: Side, name: str, type_: ir.TypeRef, description: str) -> None:
        if name not in side.aliases:
            side.aliases[name] = ir.TypeAlias(name, type_, description)
            self.decls.declare(name, refs(type_, top=True))

    # --- dispatch ------------------------------------------------------------------------

    def lower(self, node: Node, hint: str, side: Side, component: Optional[str] = None) -> Lowered:
        """Lower one schema. `hint` names inline objects and unions (a property path)."""
        # A node reached again (a YAML alias, a `$ref` into another schema) is one type: lowering
        # it once keeps a hostile fan-out of references linear instead of exponential.
        memo_key = (id(node), side.name, component)
        done = self.memo.get(memo_key)
        if done is not None and done[0] is node:
            self.diags.reached(id(node))
            return done[1]
        self.depth += 1
        self.diags.open_nodes.append(id(node))
        try:
            # deeper schemas give annotations nested past what Python's parser accepts
            if self.depth > MAX_SCHEMA_DEPTH:
                self.diags.error(
                    node.pos, f"unsupported construct: schemas nested more than {MAX_SCHEMA_DEPTH} levels deep"
                )
                return any_value()
            lowered = self._lower(node, hint, side, component)
        finally:
            self.depth -= 1
            self.diags.open_nodes.pop()
        self.memo[memo_key] = (node, lowered)  # the node is kept so its id is never reused
        return lowered

    def _lower(self, node: Node, hint: str, side: Side, component: Optional[str]) -> Lowered:
        if isinstance(node, ScalarNode) and isinstance(node.value, bool):
            if node.value:
                return any_value(True)
            self.diags.error(node.pos, "the schema 'false' (matches nothing) is not supported")
            return any_value()
        if not isinstance(node, MapNode):
            self.diags.error(node.pos, "a schema must be a mapping")
            return any_value()
        dynamic = next((k for k in ("$recursiveRef", "$dynamicRef") if k in node), None)
        if dynamic is not None:
            return siblings.lower_dynamic_ref(self, node, dynamic, hint, side)
        if "$ref" in node:
            beside = [k for k in node.keys() if k in STRUCTURAL_KEYWORDS and k not in ("$ref", "nullable", "type")]
            if beside:
                return siblings.lower_ref_with_siblings(self, node, hint, side, component)
            return self.lower_ref(node, hint, side)
        self.view.check_keywords(node)
        unsupported = next((k for k in UNSUPPORTED_KEYWORDS if k in node), None)
        if unsupported is not None:
            self.diags.error(node.key_pos[unsupported], f"unsupported construct: {UNSUPPORTED_KEYWORDS[unsupported]}")
            return any_value()
        nullable = self.view.nullable(node)
        node = self._drop_presence_constraints(node)
        if "allOf" in node:
            return objects.lower_all_of(self, node, hint, side, component, nullable)
        combinator = next((c for c in ("oneOf", "anyOf") if c in node), None)
        if combinator is not None:
            return unions.lower_one_of(self, node, combinator, hint, side, component, nullable)
        return self._lower_typed(node, hint, side, component, nullable)

    def _lower_typed(self, node: MapNode, hint: str, side: Side, component: Optional[str], nullable: bool) -> Lowered:
        types, type_null = self.view.types(node)
        nullable = nullable or type_null
        if "const" in node or "enum" in node:
            return scalars.lower_enum_keyword(self, node, types, side, component, nullable)
        if types is None:
            if "properties" in node or "additionalProperties" in node or "required" in node:
                types = ["object"]
            elif "items" in node:
                types = ["array"]
            else:
                return any_value(nullable)
        if not types:  # only 'null'
            return Lowered(None, True)
        if len(types) > 1:
            return unions.lower_type_list(self, node, types, hint, side, component, nullable)
        kind = types[0]
        if kind in ("string", "integer", "number", "boolean"):
            return Lowered(ir.Primitive(kind), nullable)  # type: ignore[arg-type]
        if kind == "array":
            return self._lower_array(node, hint, side, component, nullable)
        return objects.lower_object(self, node, hint, side, component, nullable)

    def _lower_array(self, node: MapNode, hint: str, side: Side, component: Optional[str], nullable: bool) -> Lowered:
        items = node.get("items")
        if items is None:
            return Lowered(ir.ListType(ir.AnyValue()), nullable)
        item = self.lower(items, hint + "Item", side)
        item_type = item.type if item.type is not None else ir.AnyValue()
        if item.nullable and not isinstance(item_type, ir.AnyValue):
            self.diags.error(items.pos, "unsupported construct: arrays of nullable items")
        list_type = ir.ListType(item_type, alias=component)
        if component is not None:
            self.declare_alias(side, component, list_type, self.view.description(node))
        return Lowered(list_type, nullable)

    def lower_ref(self, node: MapNode, hint: str, side: Side) -> Lowered:
        target, key = self.resolver.resolve(node)
        if target is None:
            return any_value()
        # `type` beside `$ref` restates what the target says; a 'null' in it allows null
        _, type_null = self.view.types(node) if "type" in node else (None, False)
        extra_null = self.view.nullable(node) or type_null
        ref_pos = node.entries["$ref"].pos
        if key is not None:
            lowered = self.lower_component(key, target, side, ref_pos)
        elif id(target) in self.following:
            self.diags.error(
                ref_pos,
                "unsupported construct: a $ref cycle through a schema outside components/schemas"
                " (move the recursive schema under components/schemas)",
            )
            return any_value()
        else:
            self.following.add(id(target))
            try:
                lowered = self.lower(target, hint, side)
            finally:
                self.following.discard(id(target))
        return Lowered(lowered.type, lowered.nullable or extra_null)

    # --- components ----------------------------------------------------------------------

    def lower_component(self, key: str, node: Node, side: Side, ref_pos: Optional[Pos] = None) -> Lowered:
        if side.request:
            if self.mentions_objects(node):
                return self._lower_params_component(key, node)
            # no object inside: the same type on both sides (an enum, a map of strings...)
            side = self.response
        state = side.state.setdefault(id(node), ComponentState())
        if state.lowered is not None:
            self.diags.reached(id(node))
            return state.lowered
        name = side.component_names.get(key)
        if name is None:
            name = self.names.claim(self.class_name_of(key))
            side.component_names[key] = name
        if state.in_progress:
            return self._reentered(key, node, name, state, ref_pos)
        state.in_progress = True
        state.open_models = self.open_models
        self.component_stack.append((key, node))
        try:
            lowered = self.lower_nested(node, name, side, component=name)
        finally:
            self.component_stack.pop()
        state.in_progress = False
        state.lowered = lowered
        return lowered

    def _reentered(self, key: str, node: Node, name: str, state: ComponentState, ref_pos: Optional[Pos]) -> Lowered:
        """A response-side component reached again while it is being lowered."""
        if isinstance(node, MapNode) and self.view.is_model(node):
            # recursion through properties: the model's name is already fixed
            return Lowered(ir.ModelRef(name), self.view.nullable(node))
        if isinstance(node, MapNode) and ("oneOf" in node or "anyOf" in node) and (
            self.open_models > state.open_models
        ):
            # a union reached again through a property of one of its arms: its alias name
            # is fixed too; the placeholder is replaced by the finished union at the end
            self.union_stubs.setdefault(name, ref_pos or node.pos)
            return Lowered(ir.UnionType(variants=(), name=name, alias=name), self.view.nullable(node))
        self.diags.error(ref_pos or node.pos, cycle_message(key))
        return any_value()

    def lower_nested(self, node: Node, hint: str, side: Side, component: str) -> Lowered:
        """Lower a component: its annotations name it, so the nesting of the schema that
        refers to it does not add up (a long chain of `$ref`s is as deep as its deepest link)."""
        depth, self.depth = self.depth, 0
        try:
            return self.lower(node, hint, side, component=component)
        finally:
            self.depth = depth

    def _lower_params_component(self, key: str, node: Node) -> Lowered:
        """A component used in a request body: a TypedDict (or an alias mentioning one)
        named after the component's class name + `Param`; nested names follow the
        component's class name (`CreateThreadRequest.messages` -> `CreateThreadRequestMessages...`)."""
        side = self.request
        state = side.state.setdefault(id(node), ComponentState())
        if state.lowered is not None:
            self.diags.reached(id(node))
            return state.lowered
        base = self.response.component_names.get(key) or self.class_name_of(key)
        name = side.component_names.get(key)
        if name is None:
            name = self.names.claim(base + side.suffix)
            side.component_names[key] = name
        if state.in_progress:
            if isinstance(node, MapNode) and self.view.is_model(node):
                return Lowered(ir.ParamsRef(name), self.view.nullable(node))
            self.diags.error(node.pos, cycle_message(key))
            return any_value()
        state.in_progress = True
        self.component_stack.append((key, node))
        try:
            lowered = self.lower_nested(node, base, side, component=name)
        finally:
            self.component_stack.pop()
        state.in_progress = False
        state.lowered = lowered
        return lowered

    def mentions_objects(self, node: Node) -> bool:
        """Whether a schema (following `$ref`s) contains an object with properties, i.e.
        lowers to something that names a model (response side) or a TypedDict (request)."""
        for current in walk([node], self._type_parts):
            props = current.get("properties") if isinstance(current, MapNode) and "$ref" not in current else None
            if isinstance(props, MapNode) and props.entries:
                return True
        return False

    def _type_parts(self, node: Node) -> list[Node]:
        """The schemas a schema's type is made of: its `$ref` target, items, values, arms."""
        if not isinstance(node, MapNode):
            return []
        if "$ref" in node:
            target = self.resolver.target(node)
            return [target] if target is not None else []
        parts = [child for key in ("items", "additionalProperties") if (child := node.get(key)) is not None]
        for key in ("oneOf", "anyOf", "allOf"):
            arms = node.get(key)
            if isinstance(arms, SeqNode):
                parts.extend(arms.items)
        return parts

    def _drop_presence_constraints(self, node: MapNode) -> MapNode:
        """`oneOf`/`anyOf` beside `properties` whose arms only list `required` keys ("one of
        these keys must be present") constrains values; it is not a union: drop it."""
        presence_keywords = {"required", "description", "title", "$comment", "minProperties", "maxProperties"}
        props = node.get("properties")
        if not isinstance(props, MapNode):
            return node
        for combinator in ("oneOf", "anyOf"):
            arms = node.get(combinator)
            if not isinstance(arms, SeqNode) or not arms.items or not all(
                isinstance(arm, MapNode) and "required" in arm and set(arm.keys()) <= presence_keywords
                for arm in arms
            ):
                continue
            for arm in arms:
                assert isinstance(arm, MapNode)
                self.view.required(arm, props)  # checked and warned about; the union is dropped
            node = MapNode(
                node.pos,
                {k: v for k, v in node.items() if k != combinator},
                {k: p for k, p in node.key_pos.items() if k != combinator},
            )
        return node


def _components(root: MapNode) -> dict[str, Node]:
    comps = root.get("components")
    schemas = comps.get("schemas") if isinstance(comps, MapNode) else None
    return dict(schemas.items()) if isinstance(schemas, MapNode) else {}

