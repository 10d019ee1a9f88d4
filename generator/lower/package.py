"""The whole package: check the document, lower the configured operations, assemble
`ir.Package` (declarations in dependency order, the client's resource tree)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional, Union

from .. import ir
from ..config import Config, OperationConfig
from ..diagnostics import Diagnostics, Pos
from ..naming import NameSpace, attribute_names, pascal
from ..source import Document, MapNode
from .autoname import auto_operations, with_overrides
from .document import check_header, check_local_refs, force_nullable, reachable_components, server_url
from .isolation import OperationProblems, used_declarations
from .media_types import declared_event_refs
from .operations import lower_operation
from .paths import Found, find_operations
from .polling import attach_polling
from .schemas import SchemaLowerer, cycle_message
from .state import fill_union_stubs


def lower_package(
    spec: Document, config_doc: Document, config: Config, diags: Diagnostics, strict: bool = False
) -> ir.Package:
    """Everything: validate the spec against the config and build the IR. With no
    `operations:` in the config every operation is generated, named from its path; one
    that cannot be is skipped with a warning (an error when `strict`)."""
    root = spec.root
    title, spec_version = check_header(root, diags)
    check_local_refs(root, diags)
    problems = OperationProblems()
    lw = SchemaLowerer(spec, config, problems)
    duplicates: dict[str, Pos] = {}
    found = find_operations(spec, diags, duplicates if config.map_all else None)
    duplicate_operation_ids(found, duplicates, diags, strict)
    for key, pos in config.rename_pos.items():
        if key not in lw.components:
            diags.error(pos, f"schemas.rename: the spec has no schema {key!r} under components/schemas")
    op_configs = with_overrides(auto_operations(found), config, found, diags) if config.map_all else list(config.operations)

    # component names are claimed first, in spec order, so they keep their names
    roots = [found[o.operation_id].node for o in op_configs if o.operation_id in found]
    reachable = reachable_components(roots + declared_event_refs(op_configs), lw)
    check_config_names(config, lw, [k for k in lw.components if k in reachable], diags)
    lw.claim_component_names(k for k in lw.components if k in reachable)
    force_nullable(config, lw)

    operations, skipped = lower_operations(op_configs, found, lw, diags, lenient=config.map_all and not strict)
    problems.transfer(diags)
    resources = resource_tree([o for o in op_configs if o.operation_id not in skipped], operations, lw.names)
    for name in fill_union_stubs(lw.response, dict(lw.union_stubs)):
        diags.error(lw.union_stubs[name], cycle_message(name))
    diags.raise_if_any()
    response, request = declarations(lw, operations if skipped else None)
    # pollers name model attributes: after declarations, whose attribute names are final
    final_models = {d.name: d for d in response if isinstance(d, ir.ObjectModel)}
    operations, resources = attach_polling(op_configs, operations, resources, final_models, diags)
    diags.raise_if_any()
    used = used_unions(lw, operations) if skipped else None
    unions = tuple(u for u in lw.response.unions if used is None or u.name in used)
    return ir.Package(
        title=title,
        version=config.version or spec_version,
        inputs=(ir.Input(spec.display, spec.sha256), ir.Input(config_doc.display, config_doc.sha256)),
        declarations=response,
        unions=unions,
        operations=tuple(operations),
        resources=resources,
        client=client_config(config, root),
        targets=tuple(ir.Target(t.kind, t.package) for t in config.targets),  # type: ignore[arg-type]
        reserved_names=frozenset(lw.names.used),
        params_declarations=request,
    )


def duplicate_operation_ids(found: dict[str, Found], duplicates: dict[str, Pos], diags: Diagnostics, strict: bool) -> None:
    """With no operation map, an operationId used twice names neither operation: both are
    named from their method and path (autoname), with a warning (an error when `strict`)."""
    for key, pos in duplicates.items():
        op_id = found[key].operation_id
        message = f"duplicate operationId {op_id!r} ({key}): the method is named from its method and path"
        if strict:
            diags.error(pos, message)
        else:
            diags.warn(pos, message)


def check_config_names(config: Config, lw: SchemaLowerer, keys: list[str], diags: Diagnostics) -> None:
    """A client class or a `schemas.rename` target that another generated schema's class
    name also asks for would be renamed silently (`RunModel`): a config error instead."""
    wanted: dict[str, list[str]] = {}
    for key in keys:
        wanted.setdefault(lw.class_name_of(key), []).append(key)
    for attr, name in (("sync_class", config.sync_class), ("async_class", config.async_class)):
        if attr in config.class_pos and name in wanted:
            diags.error(
                config.class_pos[attr],
                f"{attr} {name!r} is also the class name of schema {wanted[name][0]!r}"
                f" (rename one of them: client.{attr} or schemas.rename)",
            )
    for key, name in config.renames.items():
        others = [k for k in wanted.get(name, []) if k != key]
        if key in keys and others:
            diags.error(
                config.rename_pos[key],
                f"schemas.rename: {key!r} -> {name!r} is also the class name of schema {others[0]!r}",
            )


def lower_operations(
    op_configs: list[OperationConfig], found: dict[str, Found], lw: SchemaLowerer, diags: Diagnostics, lenient: bool
) -> tuple[list[ir.Operation], set[str]]:
    """The operations, in order, and (when `lenient`) the ids of those skipped: their
    problems become one warning each."""
    operations: list[ir.Operation] = []
    skipped: set[str] = set()
    for op_config in op_configs:
        f = found.get(op_config.operation_id)
        if f is None:
            known = ", ".join(sorted(k for k, f in found.items() if f.operation_id == k)) or "none"
            diags.error(op_config.pos, f"operation {op_config.operation_id!r} is not in the spec (operationIds: {known})")
            continue
        lw.diags.current = []
        operation = lower_operation(f, op_config, lw, lenient)
        # what the config declares wrong (an `overrides:` entry) stays an error
        if lenient and lw.diags.current and all(p.pos.file != lw.config.pos.file for p in lw.diags.current):
            first = min(lw.diags.current, key=lambda p: (p.pos, p.message))
            diags.warn(
                first.pos,
                f"operation {f.method.upper()} {f.path} ({'.'.join(op_config.method_path)}) is skipped: {first.message}",
            )
            lw.diags.drop(lw.diags.current)
            skipped.add(op_config.operation_id)
        elif operation is not None:
            operations.append(operation)
    return operations, skipped


def used_unions(lw: SchemaLowerer, operations: list[ir.Operation]) -> set[str]:
    aliases = {**lw.response.aliases, **lw.request.aliases}
    return used_declarations(operations, lw.response.models, lw.request.params_types, aliases)[1]


def client_config(config: Config, root: MapNode) -> ir.ClientConfig:
    return ir.ClientConfig(
        sync_class=config.sync_class,
        async_class=config.async_class,
        api_key_env=config.api_key_env,
        base_url_env=config.base_url_env,
        default_base_url=config.default_base_url or server_url(root) or "http://localhost",
        headers=config.headers,
        timeout=config.timeout,
        max_retries=config.max_retries,
        options=tuple(ir.ClientOption(o.name, o.env, o.header) for o in config.client_options),
        strict_response_validation=config.strict_response_validation,
        log_env=config.log_env,
    )


Response = tuple[Union[ir.ObjectModel, ir.TypeAlias], ...]
Request = tuple[Union[ir.ParamsType, ir.TypeAlias], ...]


def declarations(lw: SchemaLowerer, kept: Optional[list[ir.Operation]] = None) -> tuple[Response, Request]:
    """Both sides' declarations, each after what it refers to, with final field names (when
    operations were skipped: only what the `kept` ones use)."""
    models, params_types = lw.response.models, lw.request.params_types
    aliases = {**lw.response.aliases, **lw.request.aliases}
    used = used_declarations(kept, models, params_types, aliases)[0] if kept is not None else None
    recursive = lw.decls.recursive(list(models) + list(params_types))
    class_names = lw.names.used
    response: list[Union[ir.ObjectModel, ir.TypeAlias]] = []
    request: list[Union[ir.ParamsType, ir.TypeAlias]] = []
    for n in lw.decls.ordered():
        if used is not None and n not in used:
            continue
        if n in models:
            response.append(name_fields(replace(models[n], recursive=n in recursive), class_names))
        elif n in lw.response.aliases:
            response.append(lw.response.aliases[n])
        if n in params_types:
            request.append(name_params_fields(replace(params_types[n], recursive=n in recursive), class_names))
        elif n in lw.request.aliases:
            request.append(lw.request.aliases[n])
    return tuple(response), tuple(request)


def name_fields(model: ir.ObjectModel, class_names: set[str]) -> ir.ObjectModel:
    """Final attribute names for a model's fields, decided together (naming.attribute_names):
    never a name a class body refers to, such as the package's own class names."""
    names = attribute_names([f.json_name for f in model.fields], frozenset(class_names))
    return replace(model, fields=tuple(replace(f, py_name=n) for f, n in zip(model.fields, names, strict=True)))


def name_params_fields(params: ir.ParamsType, class_names: set[str]) -> ir.ParamsType:
    """A TypedDict's keys are its JSON names; `py_name` says whether the class syntax can
    spell each one (the same rule as model attributes: see `name_fields`)."""
    names = attribute_names([f.json_name for f in params.fields], frozenset(class_names))
    return replace(params, fields=tuple(replace(f, py_name=n) for f, n in zip(params.fields, names, strict=True)))


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    operations: list[ir.Operation] = field(default_factory=list)


def resource_tree(
    op_configs: list[OperationConfig], operations: list[ir.Operation], names: NameSpace
) -> tuple[ir.Resource, ...]:
    """The client's resources (`client.beta.threads.runs`), in the config's order."""
    by_id = {o.operation_id: o for o in operations}
    root = _Node()
    for op_config in op_configs:
        op = by_id.get(op_config.operation_id)
        if op is None:
            continue
        node = root
        for part in op_config.method_path[:-1]:
            node = node.children.setdefault(part, _Node())
        node.operations.append(op)
    return tuple(_resource(attr, node, "", names) for attr, node in root.children.items())


def _resource(attr: str, node: _Node, prefix: str, names: NameSpace) -> ir.Resource:
    class_name_ = names.claim(prefix + pascal(attr), "Resource")
    return ir.Resource(
        attr=attr,
        class_name=class_name_,
        children=tuple(_resource(a, n, prefix + pascal(attr), names) for a, n in node.children.items()),
        operations=tuple(node.operations),
        async_class_name=names.claim("Async" + class_name_, "Resource"),
        raw_class_name=names.claim(class_name_ + "WithRawResponse", "_"),
        async_raw_class_name=names.claim("Async" + class_name_ + "WithRawResponse", "_"),
        streaming_class_name=names.claim(class_name_ + "WithStreamingResponse", "_"),
        async_streaming_class_name=names.claim("Async" + class_name_ + "WithStreamingResponse", "_"),
    )
