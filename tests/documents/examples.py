"""The examples a real document embeds, and whether they agree with the document itself.

An example is kept when it stands for a whole component schema: the schema's own `example`
(or 3.1 `examples` items), a media type's `example` / `examples.*.value` whose schema is a
`$ref` to a component, and OpenAI's `x-oaiMeta` response examples (JSON text) of operations
whose JSON response is such a `$ref`. Whether an example is valid is asked of jsonschema,
with the document as the registry (3.0's `nullable: true` read as `anyOf [..., null]`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMPONENT = "#/components/schemas/"
URI = "urn:document"


@dataclass(frozen=True)
class Example:
    label: str  # where it is written
    schema_key: str  # the component it stands for
    value: Any


def component_of(schema: Any) -> str | None:
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if isinstance(ref, str) and ref.startswith(COMPONENT) and "/" not in ref[len(COMPONENT) :]:
        return ref[len(COMPONENT) :]
    return None


def _media_examples(label: str, media: Any) -> Iterator[Example]:
    if not isinstance(media, dict):
        return
    key = component_of(media.get("schema"))
    if key is None:
        return
    if "example" in media:
        yield Example(f"{label} example", key, media["example"])
    examples = media.get("examples")
    if isinstance(examples, dict):
        for name, item in examples.items():
            if isinstance(item, dict) and "value" in item:
                yield Example(f"{label} examples.{name}", key, item["value"])


def _oai_meta_examples(label: str, op: dict[str, Any]) -> Iterator[Example]:
    response = op.get("responses", {}).get("200", {})
    key = component_of(response.get("content", {}).get("application/json", {}).get("schema"))
    meta = op.get("x-oaiMeta")
    if key is None or not isinstance(meta, dict):
        return
    examples = meta.get("examples")
    for index, example in enumerate(examples if isinstance(examples, list) else [examples]):
        text = example.get("response") if isinstance(example, dict) else None
        try:
            value = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            continue  # streams and prose are not one JSON value
        if isinstance(value, dict):
            yield Example(f"{label} x-oaiMeta.examples[{index}]", key, value)


def _operation_examples(doc: dict[str, Any]) -> Iterator[Example]:
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if method not in HTTP_METHODS or not isinstance(op, dict):
                continue
            label = f"{method.upper()} {path}"
            body = op.get("requestBody", {})
            for media_type, media in body.get("content", {}).items() if isinstance(body, dict) else ():
                if media_type == "application/json":
                    yield from _media_examples(f"{label} requestBody", media)
            for status, response in op.get("responses", {}).items():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                yield from _media_examples(f"{label} {status}", content.get("application/json"))
            yield from _oai_meta_examples(label, op)


def embedded_examples(doc: dict[str, Any]) -> list[Example]:
    found = list(_operation_examples(doc))
    for key, schema in doc.get("components", {}).get("schemas", {}).items():
        if not isinstance(schema, dict):
            continue
        if "example" in schema:
            found.append(Example(f"components.schemas.{key}.example", key, schema["example"]))
        if isinstance(schema.get("examples"), list):
            found += [
                Example(f"components.schemas.{key}.examples[{i}]", key, v)
                for i, v in enumerate(schema["examples"])
            ]
    return found


def _nullable_as_any_of(node: Any) -> Any:
    """3.0's `nullable: true` in JSON Schema terms (jsonschema does not know the keyword)."""
    if isinstance(node, list):
        return [_nullable_as_any_of(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _nullable_as_any_of(value) for key, value in node.items()}
    if out.pop("nullable", False) is True:
        return {"anyOf": [out, {"type": "null"}]}
    return out


class Validator:
    """Validates a value against a component schema of the document."""

    def __init__(self, doc: dict[str, Any]) -> None:
        contents = copy.deepcopy(doc)
        if str(doc.get("openapi", "")).startswith("3.0"):
            contents = _nullable_as_any_of(contents)
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(URI, resource)

    def errors(self, schema_key: str, value: Any) -> list[str]:
        schema = {"$ref": f"{URI}{COMPONENT}{schema_key}"}
        validator = jsonschema.Draft202012Validator(schema, registry=self.registry)
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:200]}"
            for e in validator.iter_errors(value)
        ]
