"""Path keys real documents write (issue 10): a fixed query string in the key
(`/responses?beta=true`) is sent with every call, before the operation's own parameters."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from harness.generate import config_for, generate_inline, import_package

scripted_server: Any = importlib.import_module("harness.server")

SPEC = """\
openapi: 3.1.0
info: {title: Paths, version: 1.0.0}
paths:
  /things?beta=true&mode=a%20b:
    get:
      operationId: listBetaThings
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
  /things/{id}?v=2:
    delete:
      operationId: deleteThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: gone}
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
"""

CONFIG = config_for({"listBetaThings": "things.beta_list", "deleteThing": "things.delete", "listThings": "things.list"})


def test_fixed_query_strings_are_sent_with_every_call(tmp_path: Path) -> None:
    out, names = generate_inline(tmp_path, SPEC, CONFIG)
    for package in names.values():
        pkg = import_package(out, package)
        server = scripted_server.ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url + "/v1", max_retries=0)
            server.reply(body={"id": "t"})
            assert client.things.beta_list(limit=3).id == "t"
            server.reply(status=204, body=b"")
            client.things.delete("a/b")
            server.reply(body={"id": "u"})
            client.things.list()
            first, second, third = server.requests
            assert (first.method, first.path) == ("GET", "/v1/things")
            assert parse_qsl(first.query) == [("beta", "true"), ("mode", "a b"), ("limit", "3")]
            assert (second.method, second.path, parse_qsl(second.query)) == ("DELETE", "/v1/things/a%2Fb", [("v", "2")])
            assert (third.path, third.query) == ("/v1/things", "")
            client.close()
        finally:
            server.stop()
