"""A query parameter that is one value or several (Discord's `tag`: `oneOf: [string, array of
strings]`): a string is sent once, a list repeats the name; both targets, and mypy --strict."""

from __future__ import annotations

import textwrap
from pathlib import Path
from urllib.parse import parse_qsl

from harness.generate import generate_inline, import_package
from harness.processes import mypy_strict
from harness.server import ScriptedServer

SPEC = """\
openapi: 3.1.0
info: {title: Search, version: 1.0.0}
paths:
  /threads:
    get:
      parameters:
        - name: tag
          in: query
          schema: {oneOf: [{type: string}, {type: array, items: {type: string}, maxItems: 20}]}
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}
"""

CONFIG = """\
targets:
  - {{kind: pydantic, package: {pydantic}}}
  - {{kind: dataclass, package: {dataclass}}}
client: {{sync_class: Client, async_class: AsyncClient}}
"""

USAGE = """
import {pydantic} as p


def use(client: p.Client) -> None:
    client.threads.list(tag="a")
    client.threads.list(tag=["a", "b"])
    client.threads.list(tag=1)  # error
"""


def test_one_value_or_several(tmp_path: Path) -> None:
    out, names = generate_inline(tmp_path, SPEC, CONFIG)
    for name in names.values():
        pkg = import_package(out, name)
        server = ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url, max_retries=0)
            for tag in ("a b", ["x", "y"]):
                server.reply(body={"ok": True})
                client.threads.list(tag=tag)
            queries = [parse_qsl(r.query) for r in server.requests]
            assert queries == [[("tag", "a b")], [("tag", "x"), ("tag", "y")]]
        finally:
            server.stop()
    usage = out / "usage.py"
    usage.write_text(textwrap.dedent(USAGE.format(**names)))
    result = mypy_strict(usage, out / names["pydantic"])
    errors = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line})
    expected = [n for n, line in enumerate(usage.read_text().splitlines(), 1) if "# error" in line]
    assert errors == expected, result.stdout
