"""Request bodies of every shape, from a tiny inline spec, in the three clients (pydantic
sync and async over httpx2, dataclass over http.client), against the scripted server and
under mypy --strict (issue 10):

- JSON that is not an object with properties (an array, a map, a union of objects, a
  scalar, an `allOf` of one non-object) is one `body` argument of its type (`body_` when a
  parameter is called `body`);
- `application/x-www-form-urlencoded` fields are keyword arguments, sent url-encoded
  (arrays repeat their name unless `encoding` says `explode: false`; objects as the
  `encoding` says: `deepObject`, JSON text, else exploded `key=value`);
- any other media type (`application/octet-stream`, `image/*`) is one `content` argument:
  bytes, a binary file object or a path, streamed as it is, with the declared Content-Type.
"""

from __future__ import annotations

import asyncio
import io
import json
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any, Callable
from urllib.parse import parse_qsl

import pytest
from harness.generate import generate_inline, import_package
from harness.processes import mypy_strict
from harness.server import ScriptedServer

OK = "{'200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Ok'}}}}}"
SPEC = f"""\
openapi: 3.0.3
info: {{title: Bodies, version: 1.0.0}}
paths:
  /tags:
    post:
      operationId: setTags
      parameters: [{{name: body, in: query, schema: {{type: string}}}}]
      requestBody:
        required: true
        content: {{application/json: {{schema: {{type: array, items: {{type: string}}}}}}}}
      responses: {OK}
  /limits:
    put:
      operationId: putLimits
      requestBody:
        content: {{application/json: {{schema: {{type: object, additionalProperties: {{type: integer}}}}}}}}
      responses: {OK}
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content: {{application/json: {{schema: {{oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]}}}}}}
      responses: {OK}
  /count:
    post:
      operationId: setCount
      requestBody:
        required: true
        content: {{application/json: {{schema: {{allOf: [{{type: integer}}], nullable: true}}}}}}
      responses: {OK}
  /login:
    post:
      operationId: logIn
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [user]
              properties:
                user: {{type: string}}
                remember: {{type: boolean}}
                scopes: {{type: array, items: {{type: string}}}}
                ids: {{type: array, items: {{type: integer}}}}
                filter: {{type: object, additionalProperties: {{type: string}}}}
                meta: {{type: object, properties: {{a: {{type: integer}}}}}}
                extra: {{type: object, additionalProperties: {{type: string}}}}
            encoding:
              ids: {{explode: false}}
              filter: {{style: deepObject}}
              meta: {{contentType: application/json}}
      responses: {OK}
  /files/{{name}}:
    post:
      operationId: upload
      parameters: [{{name: name, in: path, required: true, schema: {{type: string}}}}]
      requestBody:
        required: true
        content: {{application/octet-stream: {{schema: {{type: string, format: binary}}}}}}
      responses: {OK}
  /avatar:
    put:
      operationId: setAvatar
      requestBody:
        content: {{image/*: {{schema: {{type: string, format: binary}}}}}}
      responses: {OK}
components:
  schemas:
    Ok: {{type: object, properties: {{ok: {{type: boolean}}}}}}
    Cat: {{type: object, required: [kind, meows], properties: {{kind: {{type: string, enum: [cat]}}, meows: {{type: boolean}}}}}}
    Dog: {{type: object, required: [kind, barks], properties: {{kind: {{type: string, enum: [dog]}}, barks: {{type: integer}}}}}}
"""

CONFIG = """\
targets:
  - {{kind: pydantic, package: {pydantic}}}
  - {{kind: dataclass, package: {dataclass}}}
client: {{sync_class: Client, async_class: AsyncClient}}
"""

USAGE = """
from pathlib import Path

import {pydantic} as p
import {dataclass} as d


def use(client: p.Client, stdlib: d.Client) -> None:
    client.tags.create(body_=["a", "b"], body="q")
    client.limits.replace(body={{"a": 1}})
    client.limits.replace()
    client.pets.create(body={{"kind": "cat", "meows": True}})
    stdlib.pets.create(body={{"kind": "dog", "barks": 2}})
    client.count.create(body=None)
    client.login.create(user="u", scopes=("a", "b"), filter={{"k": "v"}}, meta={{"a": 1}})
    client.files.update("f.bin", content=b"raw")
    stdlib.files.update("f.bin", content=open("f.bin", "rb"))
    client.avatar.replace(content=Path("a.png"))
    client.tags.create(body_=[1])  # error
    client.limits.replace(body={{"a": "x"}})  # error
    client.count.create(body="1")  # error
    client.login.create(user=1)  # error
    client.files.update("f.bin", content="text")  # error
"""


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return generate_inline(tmp_path_factory.mktemp("bodies"), SPEC, CONFIG)


def clients(out: Path, names: dict[str, str], url: str) -> list[tuple[str, Callable[[Callable[[Any], Any]], Any]]]:
    """(label, run): `run(call)` calls `call(client)` on each client, awaiting the async one."""
    pydantic: ModuleType = import_package(out, names["pydantic"])
    dataclass: ModuleType = import_package(out, names["dataclass"])

    def sync(module: ModuleType) -> Callable[[Callable[[Any], Any]], Any]:
        return lambda call: call(module.Client(api_key="k", base_url=url, max_retries=0))

    def run_async(call: Callable[[Any], Any]) -> Any:
        async def main() -> Any:
            async with pydantic.AsyncClient(api_key="k", base_url=url, max_retries=0) as client:
                return await call(client)

        return asyncio.run(main())

    return [("pydantic", sync(pydantic)), ("async", run_async), ("dataclass", sync(dataclass))]


def sent(server: ScriptedServer, call: Callable[[Any], Any], run: Callable[[Callable[[Any], Any]], Any]) -> tuple[str, bytes]:
    server.reply(body=b'{"ok": true}')
    run(call)
    request = server.requests[-1]
    return request.header("Content-Type") or "", request.body


def test_json_bodies_of_every_shape(packages: tuple[Path, dict[str, str]]) -> None:
    out, names = packages
    server = ScriptedServer().start()
    try:
        for label, run in clients(out, names, server.url):
            kind, body = sent(server, lambda c: c.tags.create(body_=("a", "b"), body="q"), run)
            assert (kind, json.loads(body), server.requests[-1].target) == ("application/json", ["a", "b"], "/tags?body=q"), label
            _, body = sent(server, lambda c: c.limits.replace(body={"a": 1}, extra_body={"b": 2}), run)
            assert json.loads(body) == {"a": 1, "b": 2}, label
            _, body = sent(server, lambda c: c.limits.replace(), run)
            assert body == b"", label  # optional and not given: no body
            _, body = sent(server, lambda c: c.pets.create(body={"kind": "dog", "barks": 3}), run)
            assert json.loads(body) == {"kind": "dog", "barks": 3}, label
            _, body = sent(server, lambda c: c.count.create(body=None), run)
            assert body == b"null", label
            with pytest.raises(ValueError, match="not a JSON object"):
                run(lambda c: c.tags.create(body_=["a"], extra_body={"x": 1}))
    finally:
        server.stop()


def test_form_urlencoded_fields(packages: tuple[Path, dict[str, str]]) -> None:
    out, names = packages
    server = ScriptedServer().start()
    try:
        for label, run in clients(out, names, server.url):
            kind, body = sent(
                server,
                lambda c: c.login.create(
                    user="a b&c", remember=True, scopes=["x", "y"], ids=[1, 2], filter={"k": "v w"},
                    meta={"a": 1}, extra={"p": "q"}, extra_body={"more": "yes"},
                ),
                run,
            )
            assert kind == "application/x-www-form-urlencoded", label
            assert parse_qsl(body.decode("ascii"), keep_blank_values=True) == [
                ("user", "a b&c"),
                ("remember", "true"),
                ("scopes", "x"),
                ("scopes", "y"),
                ("ids", "1,2"),
                ("filter[k]", "v w"),
                ("meta", '{"a":1}'),
                ("p", "q"),
                ("more", "yes"),
            ], label
            _, body = sent(server, lambda c: c.login.create(user="u"), run)
            assert body == b"user=u", label
    finally:
        server.stop()


def test_raw_bodies_stream_bytes_files_and_paths(packages: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    out, names = packages
    picture = tmp_path / "face.png"
    picture.write_bytes(b"\x89PNG-data")
    server = ScriptedServer().start()
    try:
        for label, run in clients(out, names, server.url):
            kind, body = sent(server, lambda c: c.files.update("f.bin", content=b"\x00\x01raw"), run)
            assert (kind, body, server.requests[-1].path) == ("application/octet-stream", b"\x00\x01raw", "/files/f.bin"), label
            handle = io.BytesIO(b"skip:from-here")
            handle.seek(5)  # sent from where it stands
            kind, body = sent(server, lambda c, handle=handle: c.files.update("f.bin", content=handle), run)
            assert body == b"from-here", label
            kind, body = sent(server, lambda c: c.avatar.replace(content=picture), run)
            assert (kind, body) == ("image/png", b"\x89PNG-data"), label  # `image/*`: from the name
            kind, body = sent(server, lambda c: c.avatar.replace(content=b"?", extra_headers={"Content-Type": "image/gif"}), run)
            assert (kind, body) == ("image/gif", b"?"), label
            with pytest.raises(ValueError, match="no properties"):
                run(lambda c: c.files.update("f.bin", content=b"x", extra_body={"a": 1}))
    finally:
        server.stop()


def test_the_arguments_type_check(packages: tuple[Path, dict[str, str]]) -> None:
    out, names = packages
    usage = out / "usage.py"
    usage.write_text(textwrap.dedent(USAGE.format(**names)))
    result = mypy_strict(usage, out / names["pydantic"], out / names["dataclass"])
    errors = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines() if "usage.py" in line and ": error:" in line})
    expected = [n for n, line in enumerate(usage.read_text().splitlines(), 1) if "# error" in line]
    assert errors == expected, result.stdout
    assert all("usage.py" in line for line in result.stdout.splitlines() if ": error:" in line), result.stdout
