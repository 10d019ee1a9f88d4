"""The IR of the official document: what the client templates render the seven Runs
operations from (request bodies, query parameters, pagination, responses)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from generator import ir
from generator.pipeline import build_package

from .documents import OPERATIONS, UPSTREAM_CONFIG, UPSTREAM_SPEC


@pytest.fixture(scope="module")
def package() -> ir.Package:
    return build_package(UPSTREAM_SPEC, UPSTREAM_CONFIG)


def op(package: ir.Package, operation_id: str) -> ir.Operation:
    return next(o for o in package.operations if o.operation_id == operation_id)


def walk(t: ir.TypeRef) -> Iterator[ir.TypeRef]:
    yield t
    if isinstance(t, ir.ListType):
        yield from walk(t.item)
    elif isinstance(t, ir.MapType):
        yield from walk(t.value)
    elif isinstance(t, ir.UnionType):
        for v in t.variants:
            yield from walk(v.type)


def test_operations_methods_and_what_the_document_omits(package: ir.Package) -> None:
    assert [o.operation_id for o in package.operations] == list(OPERATIONS)
    paths = {o.operation_id: (o.method, o.path, o.py_name) for o in package.operations}
    assert paths["createThreadAndRun"] == ("POST", "/threads/runs", "create_and_run")
    assert paths["listRuns"] == ("GET", "/threads/{thread_id}/runs", "list")
    assert paths["submitToolOuputsToRun"][2] == "submit_tool_outputs"
    assert all(o.deprecated and "Assistants API is deprecated" in o.deprecation_message for o in package.operations)
    assert ("OpenAI-Beta", "assistants=v2") in package.client.headers
    [beta] = package.resources
    assert beta.attr == "beta"
    [threads] = beta.children
    assert [o.py_name for o in threads.operations] == ["create_and_run"]
    [runs] = threads.children
    assert [o.py_name for o in runs.operations] == ["list", "create", "retrieve", "update", "cancel", "submit_tool_outputs"]


def test_every_operation_has_its_response(package: ir.Package) -> None:
    for o in package.operations:
        expected = "ListRunsResponse" if o.operation_id == "listRuns" else "Run"
        assert o.response == ir.ModelRef(expected), o.operation_id


def test_path_parameters_last_one_positional(package: ir.Package) -> None:
    cancel = op(package, "cancelRun")
    assert [(p.py_name, p.positional) for p in cancel.path_params] == [("thread_id", False), ("run_id", True)]
    assert [p.param for p in cancel.path_parts if p.param] == ["thread_id", "run_id"]


def test_query_parameters(package: ir.Package) -> None:
    listing = {p.json_name: p for p in op(package, "listRuns").query_params}
    assert list(listing) == ["limit", "order", "after", "before"]
    assert listing["limit"].type == ir.Primitive("integer") and listing["limit"].default == "20"
    order = listing["order"]
    assert isinstance(order.type, ir.EnumType) and order.type.values == ("asc", "desc")
    assert order.default == json.dumps("desc") and not order.required
    [include] = op(package, "createRun").query_params
    assert (include.json_name, include.py_name, include.explode) == ("include[]", "include", True)
    assert isinstance(include.type, ir.ListType) and isinstance(include.type.item, ir.EnumType)
    assert include.type.item.values == ("step_details.tool_calls[*].file_search.results[*].content",)


def test_pagination_is_detected_from_the_shape(package: ir.Package) -> None:
    pagination = op(package, "listRuns").pagination
    assert pagination is not None
    assert pagination.item == ir.ModelRef("Run") and pagination.page == ir.ModelRef("ListRunsResponse")
    assert (pagination.cursor_param, pagination.cursor_field, pagination.item_id_field) == ("after", "last_id", "id")
    assert (pagination.data_field, pagination.has_more_field) == ("data", "has_more")
    assert (pagination.before_param, pagination.first_field) == ("before", "first_id")
    assert all(o.pagination is None for o in package.operations if o.operation_id != "listRuns")


def test_request_bodies_become_keyword_arguments(package: ir.Package) -> None:
    assert op(package, "getRun").body is None and op(package, "cancelRun").body is None
    create = op(package, "createRun").body
    assert create is not None and create.media_type == "application/json" and create.required
    fields = {f.json_name: f for f in create.fields}
    assert list(fields)[:3] == ["assistant_id", "model", "reasoning_effort"]
    assert fields["assistant_id"].required and not fields["assistant_id"].nullable
    # `nullable: true` beside anyOf, inline, and beside $ref / inside allOf
    for name in ("model", "instructions", "tools", "truncation_strategy", "tool_choice", "response_format"):
        assert fields[name].nullable and not fields[name].required, name
    assert fields["temperature"].default == "1" and fields["parallel_tool_calls"].default == "true"
    assert fields["parallel_tool_calls"].type == ir.Primitive("boolean")
    # `string | enum` is the (open) enum, named after its component
    assert isinstance(fields["model"].type, ir.EnumType) and fields["model"].type.alias == "AssistantSupportedModels"
    assert fields["metadata"].type == ir.MapType(ir.Primitive("string"), alias="Metadata")
    submit = op(package, "submitToolOuputsToRun").body
    assert submit is not None and [f.py_name for f in submit.fields] == ["tool_outputs"]
    update = op(package, "modifyRun").body
    assert update is not None and [f.py_name for f in update.fields] == ["metadata"]


def test_stream_is_the_operations_event_stream(package: ir.Package) -> None:
    """spec/upstream/config.yaml declares the streams: `stream` is no body field but the
    argument that asks for the Assistants events (an `{event, data}` envelope union)."""
    for operation_id in ("createThreadAndRun", "createRun", "submitToolOuputsToRun"):
        operation = op(package, operation_id)
        assert operation.body is not None and operation.stream is not None
        assert "stream" not in [f.json_name for f in operation.body.fields], operation_id
        assert operation.body.omitted == ()
        stream = operation.stream
        assert (stream.param_json, stream.style, stream.unknown) == ("stream", "envelope", "UnknownAssistantStreamEvent")
        arms = dict((a.name, a.model) for a in stream.arms)
        assert arms["thread.run.created"] == "RunStreamEventThreadRunCreated" and len(arms) == 25


def test_nested_request_objects_are_typed_dicts(package: ir.Package) -> None:
    params = {d.name: d for d in package.params_declarations}
    assert all(name.endswith("Param") for name in params)
    body = op(package, "createThreadAndRun").body
    assert body is not None
    fields = {f.json_name: f for f in body.fields}
    assert fields["thread"].type == ir.ParamsRef("CreateThreadRequestParam")
    thread = params["CreateThreadRequestParam"]
    assert isinstance(thread, ir.ParamsType) and thread.closed
    assert [f.json_name for f in thread.fields] == ["messages", "tool_resources", "metadata"]
    # tools: a union of TypedDicts told apart by `type` (no fallback on the request side)
    tools = fields["tools"].type
    assert isinstance(tools, ir.ListType) and isinstance(tools.item, ir.UnionType)
    assert [(v.type, v.tags) for v in tools.item.variants] == [
        (ir.ParamsRef("AssistantToolsCodeParam"), ("code_interpreter",)),
        (ir.ParamsRef("AssistantToolsFileSearchParam"), ("file_search",)),
        (ir.ParamsRef("AssistantToolsFunctionParam"), ("function",)),
    ]
    assert tools.item.fallback is None and tools.item not in package.unions
    # a union component that mentions objects gets a request-side alias
    choice = params["AssistantsApiToolChoiceOptionParam"]
    assert isinstance(choice, ir.TypeAlias) and isinstance(choice.type, ir.UnionType)
    # `schema` would shadow nothing in a TypedDict but is reserved in class bodies: the
    # declaration says to use the functional syntax
    json_schema = params["ResponseFormatJsonSchemaJsonSchemaParam"]
    assert isinstance(json_schema, ir.ParamsType) and json_schema.functional
    assert [f.json_name for f in json_schema.fields] == ["description", "name", "schema", "strict"]


def test_inline_union_arms_are_named_by_their_tag(package: ir.Package) -> None:
    names = {d.name for d in package.params_declarations}
    prefix = "CreateThreadRequestToolResourcesFileSearchVectorStoresItemChunkingStrategy"
    assert {prefix + "AutoParam", prefix + "StaticParam"} <= names
    # `oneOf: [{required: [vector_store_ids]}, {required: [vector_stores]}]` is a value
    # constraint beside `properties`, not a union: the object keeps its two properties
    file_search = next(
        d for d in package.params_types if d.name == "CreateThreadRequestToolResourcesFileSearchParam"
    )
    assert [f.json_name for f in file_search.fields] == ["vector_store_ids", "vector_stores"]


def test_the_two_sides_never_mix(package: ir.Package) -> None:
    declared = {d.name for d in package.declarations}
    params = {d.name for d in package.params_declarations}
    assert not declared & params
    seen: list[str] = []
    for decl in package.params_declarations:
        types = [f.type for f in decl.fields] if isinstance(decl, ir.ParamsType) else [decl.type]
        for t in (x for top in types for x in walk(top)):
            assert not isinstance(t, ir.ModelRef), decl.name
            if isinstance(t, ir.ParamsRef):
                assert t.name in params
                # declared before use (nothing here is recursive)
                assert t.name in seen, (decl.name, t.name)
            alias = getattr(t, "alias", None)
            if alias is not None and alias != decl.name:
                assert alias in declared or alias in seen, (decl.name, alias)
        seen.append(decl.name)
    for o in package.operations:
        for f in o.body_fields:
            for t in walk(f.type):
                assert not isinstance(t, ir.ModelRef), (o.operation_id, f.json_name)
    for model in package.models:
        for field in model.fields:
            assert not any(isinstance(t, ir.ParamsRef) for t in walk(field.type)), model.name
