"""Broken specs and configs: a table of cases, each run through the CLI in a subprocess.

Every case must exit 2, print only `FILE:LINE:COL: message` lines (one per problem), one of
them at the exact position the case names, no traceback, and leave the output folder
(pre-populated by a successful generation) byte-for-byte and mtime-for-mtime as it was.

The valid inputs the cases start from are `SPEC` and `CONFIG` below, and the expected
positions refer to their lines: in SPEC, `paths` is line 5, the path template line 6, the
parameter lines 10-14, the response content lines 18-21, and the schemas start at line 24,
indented by four spaces (Thing's `required` is line 26, its properties `id` and `name` are
lines 28 and 29, and a schema appended to THING starts at line 30); in CONFIG, the targets
are lines 1-5, the client lines 6-9 and the operations lines 10-12.
"""

from __future__ import annotations

import re
import textwrap
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import pytest
from harness.cli import assert_invalid_input, copy_tree, run_cli, snapshot

SPEC_HEAD = """\
openapi: 3.1.0
info:
  title: Broken
  version: 1.0.0
paths:
  /things/{thing_id}:
    get:
      operationId: getThing
      parameters:
        - name: thing_id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
components:
  schemas:
"""
# line 24 onwards: the schemas, indented by four spaces
THING = """\
Thing:
  type: object
  required: [id]
  properties:
    id: {type: string}
    name: {type: string}
"""


def spec(schemas: str = THING, head: str = SPEC_HEAD) -> str:
    """SPEC_HEAD plus `schemas` (written flush left) under components.schemas, from line 24."""
    return head + textwrap.indent(textwrap.dedent(schemas), "    ")


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


SPEC = spec()
CONFIG = """\
targets:
  - kind: pydantic
    package: things_p
  - kind: dataclass
    package: things_d
client:
  sync_class: Client
  async_class: AsyncClient
  default_base_url: http://127.0.0.1:9
operations:
  getThing:
    method: things.get
"""
S, C = "openapi.yaml", "config.yaml"

OBJECTS = """\
Cat: {type: object, properties: {pet_type: {const: cat}, name: {type: string}}}
Dog: {type: object, properties: {pet_type: {const: dog}, bark: {type: boolean}}}
"""

BOMB = "x-bomb:\n" + "".join(
    f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ["lol"] * 9) + "]\n" for i in range(10)
)


@dataclass(frozen=True)
class Case:
    name: str
    where: str  # FILE:LINE:COL of one expected problem
    message: str  # a substring of that problem's message
    spec: Union[str, bytes] = SPEC
    config: str = CONFIG

    def __str__(self) -> str:
        return self.name


CASES = [
    # --- YAML ---------------------------------------------------------------------------
    Case("tab_indentation", f"{S}:25:1", "tab", edit(SPEC, "      type: object\n", "\ttype: object\n")),
    Case("tab_in_config", f"{C}:3:1", "tab", config=edit(CONFIG, "    package: things_p", "\tpackage: things_p")),
    Case("unclosed_flow_mapping", f"{S}:3:6", "invalid YAML", edit(SPEC, "info:\n  title: Broken\n  version: 1.0.0\n", "info: {title: Broken, version: 1.0.0\n")),
    Case("truncated_in_a_string", f"{S}:21:45", "end of stream", SPEC[: SPEC.index("schemas/Thing'") + 8]),
    Case("truncated_in_a_flow_mapping", f"{S}:28:19", "invalid YAML", SPEC[: SPEC.index("id: {type: string}") + 10]),
    Case("empty_file", f"{S}:1:1", "empty", ""),
    Case("only_comments", f"{S}:1:1", "empty", "# nothing here\n\n"),
    Case("only_a_document_marker", f"{S}:1:1", "empty", "---\n"),
    Case("empty_config", f"{C}:1:1", "empty", config=""),
    Case("top_level_list", f"{S}:1:1", "top level must be a mapping", "- openapi\n- 3.1.0\n"),
    Case("top_level_scalar", f"{S}:1:1", "top level must be a mapping", "openapi 3.1.0\n"),
    Case("config_top_level_list", f"{C}:1:1", "top level must be a mapping", config="- targets\n"),
    Case("duplicate_top_level_key", f"{S}:30:1", "duplicate key 'info'", SPEC + "info: {title: Again, version: 2.0.0}\n"),
    Case("duplicate_property", f"{S}:30:9", "duplicate key 'id'", spec(THING + "    id: {type: integer}\n")),
    Case("duplicate_config_key", f"{C}:13:1", "duplicate key 'operations'", config=CONFIG + "operations: {}\n"),
    Case("alias_bomb", f"{S}:1:1", "expands to more than", SPEC + BOMB),
    Case("recursive_alias", f"{S}:30:9", "recursive YAML alias", SPEC + "x-loop: &loop [*loop]\n"),
    Case("undefined_alias", f"{S}:30:10", "undefined alias", SPEC + "x-alias: *nothing\n"),
    Case("merge_key", f"{S}:31:10", "merge keys", SPEC + "x-base: &base {a: 1}\nx-more: {<<: *base, b: 2}\n"),
    Case("non_string_key", f"{S}:30:3", "mapping keys must be strings", SPEC + "? [a, b]\n: 1\n"),
    Case("non_string_key_in_flow", f"{S}:30:9", "mapping keys must be strings", SPEC + "x-map: {[a]: 1}\n"),
    Case("nul_character", f"{S}:3:13", "U+0000", edit(SPEC, "title: Broken", "title: Bro\0ken")),
    Case("control_character", f"{S}:3:13", "U+0007", edit(SPEC, "title: Broken", "title: Bro\aken")),
    Case("not_utf8", f"{S}:3:13", "UTF-8", edit(SPEC, "title: Broken", "title: Bro\udcffken").encode("utf-8", "surrogateescape")),
    Case("two_documents", f"{S}:30:1", "another document", SPEC + "---\nfoo: 1\n"),
    Case("custom_tag", f"{S}:3:10", "unsupported YAML tag !custom", edit(SPEC, "title: Broken", "title: !custom Broken")),
    Case("custom_tag_on_a_key", f"{S}:30:1", "unsupported YAML tag !custom", SPEC + "!custom x-key: 1\n"),
    # --- OpenAPI structure --------------------------------------------------------------
    Case("missing_openapi", f"{S}:1:1", "'openapi'", edit(SPEC, "openapi: 3.1.0\n", "")),
    Case("openapi_2", f"{S}:1:10", "OpenAPI version", edit(SPEC, "openapi: 3.1.0", "openapi: 2.0.0")),
    Case("openapi_not_a_string", f"{S}:1:10", "OpenAPI version", edit(SPEC, "openapi: 3.1.0", "openapi: 3.1")),
    Case("missing_info", f"{S}:1:1", "'info'", edit(SPEC, "info:\n  title: Broken\n  version: 1.0.0\n", "")),
    Case("info_a_list", f"{S}:2:7", "'info'", edit(SPEC, "info:\n  title: Broken\n  version: 1.0.0\n", "info: [Broken]\n")),
    Case("missing_paths", f"{S}:1:1", "'paths'", SPEC_HEAD[: SPEC_HEAD.index("paths:")] + "components: {}\n"),
    Case("paths_a_list", f"{S}:5:8", "'paths' must be a mapping", SPEC_HEAD[: SPEC_HEAD.index("paths:")] + "paths: [a]\n"),
    Case("components_a_list", f"{S}:22:13", "'components' must be a mapping", SPEC_HEAD[: SPEC_HEAD.index("components:")] + "components: [1]\n"),
    Case("schemas_a_list", f"{S}:23:12", "must be a mapping", SPEC_HEAD.replace("  schemas:\n", "  schemas: [1]\n")),
    Case("dangling_response_ref", f"{S}:21:23", "dangling $ref '#/components/schemas/Thing'", spec("Other: {type: string}\n")),
    Case("path_without_slash", f"{S}:6:3", "must start with '/'", edit(SPEC, "  /things/{thing_id}:", "  things/{thing_id}:")),
    Case("operation_not_a_mapping", f"{S}:7:10", "must be a mapping", SPEC_HEAD[: SPEC_HEAD.index("    get:")] + "    get: [1]\n" + "components: {}\n"),
    Case("duplicate_operation_id", f"{S}:23:24", "duplicate operationId 'getThing'", edit(SPEC, "components:\n", "  /others:\n    get: {operationId: getThing, responses: {'200': {description: OK}}}\ncomponents:\n")),
    Case("no_responses", f"{S}:8:7", "'responses'", edit(SPEC, "      responses:\n", "      responzes:\n")),
    Case("response_content_a_list", f"{S}:18:20", "'content' must be a mapping", edit(SPEC, "          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n", "          content: [application/json]\n")),
    # --- schemas ------------------------------------------------------------------------
    Case("dangling_ref", f"{S}:30:23", "dangling $ref '#/components/schemas/Nope'", spec(THING + "    other: {$ref: '#/components/schemas/Nope'}\n")),
    Case("dangling_ref_block_style", f"{S}:31:17", "dangling $ref", spec(THING + "    other:\n      $ref: '#/components/schemas/Thing/properties/nope'\n")),
    Case("ref_not_a_string", f"{S}:30:23", "$ref must be a string", spec(THING + "    other: {$ref: [a]}\n")),
    Case("external_ref", f"{S}:30:23", "only local references", spec(THING + "    other: {$ref: 'common.yaml#/Thing'}\n")),
    Case("ref_cycle", f"{S}:27:13", "$ref cycle", spec("Thing:\n  $ref: '#/components/schemas/Other'\nOther:\n  $ref: '#/components/schemas/Thing'\n")),
    Case("ref_cycle_through_array", f"{S}:27:15", "$ref cycle", spec("Thing:\n  type: array\n  items:\n    $ref: '#/components/schemas/Thing'\n")),
    Case("ref_cycle_through_union", f"{S}:27:17", "$ref cycle", spec("Thing:\n  oneOf:\n    - type: string\n    - $ref: '#/components/schemas/Thing'\n")),
    Case("ref_cycle_outside_components", f"{S}:30:23", "$ref cycle", spec(THING + "    other: {$ref: '#/components/schemas/Thing/properties/other'}\n")),
    Case("unknown_type", f"{S}:29:22", "unknown type 'strin'", spec(THING.replace("name: {type: string}", "name: {type: strin}"))),
    Case("unknown_type_in_list", f"{S}:29:31", "unknown type 'nil'", spec(THING.replace("name: {type: string}", "name: {type: [string, nil]}"))),
    Case("type_not_a_string", f"{S}:29:22", "'type' must be a string", spec(THING.replace("name: {type: string}", "name: {type: 5}"))),
    Case("properties_a_list", f"{S}:28:9", "'properties' must be a mapping", spec("Thing:\n  type: object\n  required: [id]\n  properties:\n    - id\n")),
    Case("required_not_a_list", f"{S}:26:17", "'required' must be a list", spec(THING.replace("required: [id]", "required: id"))),
    Case("enum_not_a_list", f"{S}:29:36", "'enum' must be a non-empty list", spec(THING.replace("name: {type: string}", "name: {type: string, enum: red}"))),
    Case("enum_empty", f"{S}:29:36", "'enum' must be a non-empty list", spec(THING.replace("name: {type: string}", "name: {type: string, enum: []}"))),
    Case("enum_of_objects", f"{S}:29:37", "enum values must be strings or integers", spec(THING.replace("name: {type: string}", "name: {type: string, enum: [{a: 1}]}"))),
    Case("enum_mixing_types", f"{S}:29:15", "mixing", spec(THING.replace("name: {type: string}", "name: {enum: [red, 1]}"))),
    Case("enum_type_mismatch", f"{S}:29:15", "type says integer", spec(THING.replace("name: {type: string}", "name: {type: integer, enum: [red]}"))),
    Case("nullable_not_a_boolean", f"{S}:29:40", "'nullable' must be true or false", spec(THING.replace("name: {type: string}", "name: {type: string, nullable: maybe}"))),
    Case("one_of_not_a_list", f"{S}:29:23", "'oneOf' must be a non-empty list", spec(THING.replace("name: {type: string}", "name: {oneOf: {type: string}}"))),
    Case("all_of_not_a_list", f"{S}:29:23", "'allOf' must be a non-empty list", spec(THING.replace("name: {type: string}", "name: {allOf: []}"))),
    Case("all_of_non_objects", f"{S}:29:24", "'allOf' of schemas that are not all objects", spec(THING.replace("name: {type: string}", "name: {allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}"))),
    Case("items_a_list", f"{S}:29:36", "a schema must be a mapping", spec(THING.replace("name: {type: string}", "name: {type: array, items: [{type: string}]}"))),
    Case("schema_a_number", f"{S}:29:15", "a schema must be a mapping", spec(THING.replace("name: {type: string}", "name: 5"))),
    Case("schema_false", f"{S}:29:15", "'false'", spec(THING.replace("name: {type: string}", "name: false"))),
    Case("unsupported_if_then_else", f"{S}:29:16", "unsupported construct: 'if'", spec(THING.replace("name: {type: string}", "name: {if: {type: string}, then: {minLength: 1}}"))),
    Case("unsupported_pattern_properties", f"{S}:27:7", "'patternProperties'", spec(THING.replace("  properties:", "  patternProperties: {'^x': {type: string}}\n  properties:"))),
    Case("unsupported_prefix_items", f"{S}:29:29", "'prefixItems'", spec(THING.replace("name: {type: string}", "name: {type: array, prefixItems: [{type: string}]}"))),
    Case("additional_properties_a_list", f"{S}:27:29", "'additionalProperties' must be", spec(THING.replace("  properties:", "  additionalProperties: [1]\n  properties:"))),
    Case("typed_additional_properties_beside_properties", f"{S}:27:29", "typed 'additionalProperties'", spec(THING.replace("  properties:", "  additionalProperties: {type: integer}\n  properties:"))),
    Case("nullable_array_items", f"{S}:29:36", "arrays of nullable items", spec(THING.replace("name: {type: string}", "name: {type: array, items: {type: [string, 'null']}}"))),
    Case("discriminator_not_a_mapping", f"{S}:34:26", "'discriminator' must be a mapping", spec(THING + "    pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator: pet_type\n" + OBJECTS)),
    Case("discriminator_property_in_no_arm", f"{S}:34:41", "discriminator property 'kind' is not a property of 'Cat'", spec(THING + "    pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator: {propertyName: kind}\n" + OBJECTS)),
    Case("map_of_itself", f"{S}:31:54", "$ref cycle: schema 'Map'", spec(THING + "    other: {$ref: '#/components/schemas/Map'}\nMap: {type: object, additionalProperties: {$ref: '#/components/schemas/Map'}}\n")),
    Case("ref_cycle_behind_a_property", f"{S}:34:13", "$ref cycle: schema 'CycA'", spec(THING + "    other: {$ref: '#/components/schemas/CycA'}\nCycA:\n  $ref: '#/components/schemas/CycB'\nCycB:\n  $ref: '#/components/schemas/CycA'\n")),
    Case("all_of_itself", f"{S}:31:27", "$ref cycle: schema 'Self'", spec(THING + "    other: {$ref: '#/components/schemas/Self'}\nSelf: {allOf: [{$ref: '#/components/schemas/Self'}]}\n")),
    Case("dangling_ref_in_an_unused_schema", f"{S}:30:51", "dangling $ref '#/components/schemas/Gone'", spec(THING + "Unused: {type: object, properties: {a: {$ref: '#/components/schemas/Gone'}}}\n")),
    Case("properties_beside_one_of", f"{S}:30:59", "'properties' beside 'oneOf'", spec(THING + "    other: {oneOf: [{type: string}, {type: integer}], properties: {extra: {type: integer}}}\n")),
    Case("discriminator_mapping_dangling", f"{S}:34:66", "dangling $ref '#/components/schemas/Kat'", spec(THING + "    pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator: {propertyName: pet_type, mapping: {cat: '#/components/schemas/Kat'}}\n" + OBJECTS)),
    Case("union_of_a_map_and_objects", f"{S}:31:11", "a union of a map and other objects", spec(THING + "    pet:\n      oneOf:\n        - {type: object, additionalProperties: {type: string}}\n        - {type: object, properties: {b: {type: string}}}\n")),
    # --- paths and parameters -----------------------------------------------------------
    Case("undeclared_placeholder", f"{S}:6:3", "placeholder {part}", edit(SPEC, "/things/{thing_id}:", "/things/{thing_id}/{part}:")),
    Case("renamed_placeholder", f"{S}:6:3", "placeholder {id}", edit(SPEC, "/things/{thing_id}:", "/things/{id}:")),
    Case("declared_parameter_not_in_template", f"{S}:10:17", "not in the path template", edit(SPEC, "/things/{thing_id}:", "/things/{id}:")),
    Case("unbalanced_braces", f"{S}:6:3", "unbalanced braces", edit(SPEC, "/things/{thing_id}:", "/things/{thing_id:")),
    Case("placeholder_twice", f"{S}:6:3", "twice", edit(SPEC, "/things/{thing_id}:", "/things/{thing_id}/{thing_id}:")),
    Case("path_with_fragment", f"{S}:6:3", "must not hold a fragment", edit(SPEC, "/things/{thing_id}:", "'/things/{thing_id}#full':")),
    Case("path_parameter_not_required", f"{S}:10:11", "required: true", edit(SPEC, "required: true\n          schema", "required: false\n          schema")),
    Case("parameter_without_name", f"{S}:10:11", "needs a 'name'", edit(SPEC, "- name: thing_id\n          in: path", "- in: path")),
    Case("parameter_in_invalid", f"{S}:11:15", "'in' must be", edit(SPEC, "in: path", "in: body")),
    Case("parameters_not_a_list", f"{S}:10:9", "'parameters' must be a list", edit(SPEC, "        - name: thing_id\n          in: path\n          required: true\n          schema:\n            type: string\n", "        name: thing_id\n")),
    Case("path_parameter_an_object", f"{S}:14:13", "must be a string, integer or number", edit(SPEC, "            type: string\n      responses", "            type: object\n            properties: {a: {type: string}}\n      responses")),
    Case("cookie_parameter", f"{S}:15:11", "cookie parameter 'session'", edit(SPEC, "      responses:\n", "        - {name: session, in: cookie, schema: {type: string}}\n      responses:\n")),
    # --- config -------------------------------------------------------------------------
    Case("operation_not_in_spec", f"{C}:13:3", "operation 'getThings' is not in the spec", config=CONFIG + "  getThings:\n    method: things.list\n"),
    Case("method_not_an_identifier", f"{C}:12:13", "'1st' is not a Python identifier", config=edit(CONFIG, "method: things.get", "method: things.1st")),
    Case("method_a_keyword", f"{C}:12:13", "'class' is not a Python identifier", config=edit(CONFIG, "method: things.get", "method: things.class")),
    Case("method_private", f"{C}:12:13", "'_get' is not a Python identifier", config=edit(CONFIG, "method: things.get", "method: things._get")),
    Case("method_with_a_space", f"{C}:12:13", "is not a Python identifier", config=edit(CONFIG, "method: things.get", "method: 'things.get it'")),
    Case("method_without_resource", f"{C}:12:13", "needs a resource and a method", config=edit(CONFIG, "method: things.get", "method: get")),
    Case("method_shadows_raw_response", f"{C}:12:13", "'with_raw_response' is already an attribute", config=edit(CONFIG, "method: things.get", "method: things.with_raw_response")),
    Case("resource_shadows_client_member", f"{C}:12:13", "'close' is already an attribute", config=edit(CONFIG, "method: things.get", "method: close.get")),
    Case("two_operations_one_method", f"{C}:13:14", "both mapped to 'things.get'", config=CONFIG + "  getThing2: things.get\n"),
    Case("method_and_resource", f"{C}:11:3", "both a method and a resource", config=CONFIG + "  getThing2: things.get.more\n"),
    Case("operations_empty", f"{C}:10:13", "'operations' is empty", config=edit(CONFIG, "operations:\n  getThing:\n    method: things.get\n", "operations: {}\n")),
    Case("operations_a_list", f"{C}:11:3", "'operations' must be a mapping", config=edit(CONFIG, "  getThing:\n    method: things.get\n", "  - getThing\n")),
    Case("unknown_target_kind", f"{C}:4:11", "unknown target kind 'attrs'", config=edit(CONFIG, "kind: dataclass", "kind: attrs")),
    Case("bad_package_name", f"{C}:3:14", "not a valid Python package name", config=edit(CONFIG, "package: things_p", "package: Things-P")),
    Case("package_a_keyword", f"{C}:3:14", "not a valid Python package name", config=edit(CONFIG, "package: things_p", "package: import")),
    Case("package_shadows_stdlib", f"{C}:3:14", "would shadow", config=edit(CONFIG, "package: things_p", "package: json")),
    Case("package_shadows_dependency", f"{C}:5:14", "would shadow", config=edit(CONFIG, "package: things_d", "package: pydantic")),
    Case("package_twice", f"{C}:5:14", "emitted by two targets", config=edit(CONFIG, "package: things_d", "package: things_p")),
    Case("targets_missing", f"{C}:1:1", "config needs 'targets'", config=CONFIG[CONFIG.index("client:"):]),
    Case("target_without_package", f"{C}:2:5", "needs 'kind' and 'package'", config=edit(CONFIG, "  - kind: pydantic\n    package: things_p\n", "  - kind: pydantic\n")),
    Case("client_class_not_an_identifier", f"{C}:7:15", "not a Python identifier", config=edit(CONFIG, "sync_class: Client", "sync_class: 'My Client'")),
    Case("client_class_shadows_generated_name", f"{C}:7:15", "would shadow", config=edit(CONFIG, "sync_class: Client", "sync_class: ValidationError")),
    Case("client_classes_equal", f"{C}:8:16", "must differ", config=edit(CONFIG, "async_class: AsyncClient", "async_class: Client")),
    Case("unknown_config_key", f"{C}:13:1", "unknown key 'frobnicate'", config=CONFIG + "frobnicate: 1\n"),
    Case("rename_of_unknown_schema", f"{C}:15:5", "no schema 'Nope'", config=CONFIG + "schemas:\n  rename:\n    Nope: Better\n"),
    Case("rename_to_generated_name", f"{C}:15:12", "defines or imports", config=CONFIG + "schemas:\n  rename:\n    Thing: ValidationError\n"),
    Case("rename_to_non_identifier", f"{C}:15:12", "must be a Python identifier", config=CONFIG + "schemas:\n  rename:\n    Thing: my-thing\n"),
    Case("bad_header_name", f"{C}:11:5", "not a valid HTTP header name", config=edit(CONFIG, "  default_base_url: http://127.0.0.1:9\n", "  default_base_url: http://127.0.0.1:9\n  headers:\n    'X Bad': 1\n")),
    Case("negative_timeout", f"{C}:10:12", "timeout must be a positive, finite number", config=edit(CONFIG, "  default_base_url: http://127.0.0.1:9\n", "  default_base_url: http://127.0.0.1:9\n  timeout: -1\n")),
    Case("nan_timeout", f"{C}:10:12", "timeout must be a positive, finite number", config=edit(CONFIG, "  default_base_url: http://127.0.0.1:9\n", "  default_base_url: http://127.0.0.1:9\n  timeout: .nan\n")),
    Case("infinite_timeout", f"{C}:10:12", "timeout must be a positive, finite number", config=edit(CONFIG, "  default_base_url: http://127.0.0.1:9\n", "  default_base_url: http://127.0.0.1:9\n  timeout: .inf\n")),
    Case("package_with_trailing_newline", f"{C}:3:14", "not a valid Python package name", config=edit(CONFIG, "    package: things_p\n", "    package: \"things_p\\n\"\n")),
    Case("base_url_with_trailing_newline", f"{C}:9:21", "default_base_url must be an http(s) URL", config=edit(CONFIG, "  default_base_url: http://127.0.0.1:9\n", "  default_base_url: \"http://127.0.0.1:9\\n\"\n")),
    Case("env_name_with_a_space", f"{C}:10:16", "not an environment variable name", config=edit(CONFIG, "  default_base_url: http://127.0.0.1:9\n", "  default_base_url: http://127.0.0.1:9\n  api_key_env: MY KEY\n")),
    Case("python_tag", f"{S}:30:8", "unsupported YAML tag", SPEC + "x-run: !!python/object/apply:os.system [echo]\n"),
    Case("path_parameter_declared_twice", f"{S}:15:18", "declared twice", edit(SPEC, "            type: string\n      responses:", "            type: string\n        - {name: thing_id, in: path, required: true, schema: {type: string}}\n      responses:")),
    Case("bad_base_url", f"{C}:9:21", "http(s) URL", config=edit(CONFIG, "http://127.0.0.1:9", "'ftp://example.com'")),
    Case("version_not_a_token", f"{C}:1:10", "'version' must be visible ASCII", config="version: '1.0 beta'\n" + CONFIG),
]


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder a valid generation produced: every case starts from a copy of it."""
    work = tmp_path_factory.mktemp("baseline")
    (work / S).write_text(SPEC, encoding="utf-8")
    (work / C).write_text(CONFIG, encoding="utf-8")
    result = run_cli(work, "generate", "--spec", S, "--config", C, "--out", "out")
    assert result.returncode == 0, result.stderr
    return work / "out"


@dataclass
class Outcome:
    result: object
    before: dict[str, tuple[str, bytes, int]]
    after: dict[str, tuple[str, bytes, int]]


def _run_case(case: Case, work: Path, baseline: Path) -> Outcome:
    work.mkdir(parents=True)
    if isinstance(case.spec, bytes):
        (work / S).write_bytes(case.spec)
    else:
        (work / S).write_bytes(case.spec.encode("utf-8"))
    (work / C).write_bytes(case.config.encode("utf-8"))
    copy_tree(baseline, work / "out")
    before = snapshot(work / "out")
    result = run_cli(work, "generate", "--spec", S, "--config", C, "--out", "out")
    return Outcome(result, before, snapshot(work / "out"))


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory, baseline: Path) -> dict[str, Outcome]:
    """Run every case once, a few at a time (each is its own Python process)."""
    root = tmp_path_factory.mktemp("cases")
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {case.name: pool.submit(_run_case, case, root / case.name, baseline) for case in CASES}
        return {name: future.result() for name, future in futures.items()}


def test_case_names_are_unique() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_input_is_reported_precisely(case: Case, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case.name]
    assert_invalid_input(outcome.result, case.where, case.message)  # type: ignore[arg-type]
    assert outcome.after == outcome.before, "the output folder changed"


def test_alias_bomb_is_refused_before_it_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bomb is measured, not built: no node is converted (no timing: the machine is shared)."""
    from generator import source
    from generator.diagnostics import SpecError

    def never(*args: object) -> object:
        raise AssertionError("the document was expanded before the bound was checked")

    monkeypatch.setattr(source._Converter, "convert", never)
    with pytest.raises(SpecError, match="expands to more than"):
        source.parse_yaml(SPEC + BOMB, S)


def test_every_problem_is_reported_together(tmp_path: Path, baseline: Path) -> None:
    """Problems in the spec and in the config, found in different stages, in one run."""
    broken = spec(
        THING.replace("name: {type: string}", "name: {type: strin}")
        + "    other: {$ref: '#/components/schemas/Nope'}\n"
    )
    broken = edit(broken, "/things/{thing_id}:", "/things/{thing_id}/{part}:")
    (tmp_path / S).write_text(broken, encoding="utf-8")
    (tmp_path / C).write_text(edit(CONFIG, "kind: dataclass", "kind: attrs") + "  getThings: things.list\n", encoding="utf-8")
    copy_tree(baseline, tmp_path / "out")
    before = snapshot(tmp_path / "out")
    result = run_cli(tmp_path, "generate", "--spec", S, "--config", C, "--out", "out")
    assert_invalid_input(result)
    lines = result.stderr.splitlines()
    for where in (f"{S}:6:3", f"{S}:29:22", f"{S}:30:23", f"{C}:4:11", f"{C}:13:3"):
        assert any(line.startswith(where + ": ") for line in lines), (where, result.stderr)
    assert len(lines) == len(set(lines)), "a problem is reported twice"
    assert snapshot(tmp_path / "out") == before


def test_schemas_nested_too_deep(tmp_path: Path) -> None:
    inner = "{type: string}"
    for _ in range(80):
        inner = "{type: array, items: " + inner + "}"
    (tmp_path / S).write_text(spec(THING.replace("name: {type: string}", "name: " + inner)), encoding="utf-8")
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    result = run_cli(tmp_path, "generate", "--spec", S, "--config", C, "--out", "out")
    assert_invalid_input(result)
    assert "nested more than" in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{S}:29:"), line
    assert not (tmp_path / "out").exists()


def test_reference_fan_out_stays_linear(tmp_path: Path) -> None:
    """Twelve levels of three `$ref`s into the level below: 3**12 paths, one type each."""
    levels = "".join(
        f"L{i}:\n  type: object\n  properties:\n    x:\n      type: object\n      properties:\n"
        + "".join(f"        p{j}: {{$ref: '#/components/schemas/L{i + 1}/properties/x'}}\n" for j in range(3))
        for i in range(12)
    )
    schemas = (
        "Thing: {type: object, properties: {a: {$ref: '#/components/schemas/L0/properties/x'}}}\n"
        + levels
        + "L12:\n  type: object\n  properties:\n    x: {type: string}\n"
    )
    (tmp_path / S).write_text(spec(schemas), encoding="utf-8")
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    result = run_cli(tmp_path, "generate", "--spec", S, "--config", C, "--out", "out")
    assert result.returncode == 0, result.stderr
    # one class per level, not per path (3**12): linear, whatever the wall clock says
    for package in ("things_p", "things_d"):
        text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / package).glob("*.py"))
        classes = re.findall(r"^class (\w+)", text, flags=re.M)
        models = [c for c in classes if c.startswith("Thing") and not c.startswith("Things")]
        assert 12 < len(models) <= 2 * 13, (package, classes)


def test_recursive_object_types_are_valid(tmp_path: Path) -> None:
    schemas = """\
Thing:
  type: object
  properties:
    parent: {$ref: '#/components/schemas/Thing'}
    children: {type: array, items: {$ref: '#/components/schemas/Thing'}}
    by_name: {type: object, additionalProperties: {$ref: '#/components/schemas/Node'}}
Node:
  type: object
  properties:
    next: {$ref: '#/components/schemas/Node'}
    owner: {$ref: '#/components/schemas/Thing'}
"""
    (tmp_path / S).write_text(spec(schemas), encoding="utf-8")
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    result = run_cli(tmp_path, "generate", "--spec", S, "--config", C, "--out", "out")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_missing_input_file(tmp_path: Path) -> None:
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    result = run_cli(tmp_path, "generate", "--spec", "nope.yaml", "--config", C, "--out", "out")
    assert_invalid_input(result, "nope.yaml:1:1", "cannot read")
    assert not (tmp_path / "out").exists()


def test_spec_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    (tmp_path / "dir.yaml").mkdir()
    result = run_cli(tmp_path, "generate", "--spec", "dir.yaml", "--config", C, "--out", "out")
    assert_invalid_input(result, "dir.yaml:1:1", "cannot read")


def test_check_on_broken_input_exits_2_and_writes_nothing(outcomes: dict[str, Outcome], tmp_path: Path, baseline: Path) -> None:
    (tmp_path / S).write_text(spec(THING + "    other: {$ref: '#/components/schemas/Nope'}\n"), encoding="utf-8")
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    copy_tree(baseline, tmp_path / "out")
    before = snapshot(tmp_path / "out")
    result = run_cli(tmp_path, "check", "--spec", S, "--config", C, "--out", "out")
    assert_invalid_input(result, f"{S}:30:23", "dangling")
    assert result.stdout == ""
    assert snapshot(tmp_path / "out") == before



def test_a_large_document_without_aliases_is_no_bomb(tmp_path: Path) -> None:
    """The alias bound counts what aliases add, not the document's own size: a 2 MB file
    of 300k nodes (the size of OpenAI's whole document) generates."""
    unused = "".join(
        f"S{i}:\n  type: object\n  properties:\n"
        + "".join(f"    p{j}: {{type: string, description: d}}\n" for j in range(30))
        for i in range(1500)
    )
    (tmp_path / S).write_text(spec(THING + unused), encoding="utf-8")
    (tmp_path / C).write_text(CONFIG, encoding="utf-8")
    result = run_cli(tmp_path, "generate", "--spec", S, "--config", C, "--out", "out")
    assert result.returncode == 0, result.stderr
