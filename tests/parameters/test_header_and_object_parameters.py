"""Header parameters (typed keyword arguments, sent as headers under `extra_headers`) and
object query parameters (`style: deepObject` -> `name[key]=value`, `form` exploded ->
`key=value`, unexploded -> `name=key,value`), from a tiny inline spec, in both targets:
at run time against the scripted server, and under mypy --strict."""

from __future__ import annotations

import textwrap
from pathlib import Path
from urllib.parse import parse_qsl

from harness.generate import config_for, generate_inline, import_package
from harness.processes import mypy_strict
from harness.server import ScriptedServer

SPEC = """\
openapi: 3.1.0
info: {title: Events, version: 1.0.0}
paths:
  /events:
    get:
      operationId: listEvents
      parameters:
        - {name: metadata, in: query, style: deepObject, explode: true,
           schema: {type: object, additionalProperties: {type: string}}}
        - name: effective_at
          in: query
          schema: {type: object, properties: {gt: {type: integer}, lte: {type: integer}}}
        - {name: bounds, in: query, explode: false, schema: {type: object, additionalProperties: {type: integer}}}
        - {name: limit, in: query, schema: {type: integer}}
        - name: openai-beta
          in: header
          style: simple
          schema: {type: array, items: {type: string, enum: [a-1, b-2]}}
        - {name: X-Dry-Run, in: header, required: true, schema: {type: boolean}}
      responses:
        '200':
          description: OK
          content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}
"""

CONFIG = config_for({"listEvents": "events.list"})

USAGE = """
import {pydantic} as p
import {dataclass} as d


def use(client: p.Client, stdlib: d.Client) -> None:
    window: p.EventsListEffectiveAtParam = {{"gt": 1, "lte": 2}}
    client.events.list(x_dry_run=True, metadata={{"k": "v"}}, effective_at=window, openai_beta=["a-1"])
    stdlib.events.list(x_dry_run=False, bounds={{"lo": 1}})
    client.events.list(x_dry_run="yes")  # error
    client.events.list(x_dry_run=True, metadata={{"k": 1}})  # error
"""


def queries(server: ScriptedServer) -> list[list[tuple[str, str]]]:
    return [parse_qsl(r.query, keep_blank_values=True) for r in server.requests]


def test_header_and_object_parameters(tmp_path: Path) -> None:
    out, names = generate_inline(tmp_path, SPEC, CONFIG)
    for pkg in (import_package(out, names["pydantic"]), import_package(out, names["dataclass"])):
        server = ScriptedServer().start()
        try:
            client = pkg.Client(api_key="k", base_url=server.url, max_retries=0)
            server.reply(body={"ok": True})
            client.events.list(
                x_dry_run=True,
                metadata={"team": "a b", "env": "prod"},
                effective_at={"gt": 5, "lte": 9},
                bounds={"lo": 1, "hi": 2},
                limit=3,
                openai_beta=["a-1", "b-2"],
            )
            request = server.requests[-1]
            assert queries(server)[-1] == [
                ("metadata[team]", "a b"),
                ("metadata[env]", "prod"),
                ("gt", "5"),
                ("lte", "9"),
                ("bounds", "lo,1,hi,2"),
                ("limit", "3"),
            ]
            assert request.header("openai-beta") == "a-1,b-2"
            assert request.header("X-Dry-Run") == "true"
            # left out: nothing sent; extra_headers win over a header parameter
            server.reply(body={"ok": True})
            client.events.list(x_dry_run=False, extra_headers={"x-dry-run": "override"})
            assert queries(server)[-1] == []
            assert server.requests[-1].header("X-Dry-Run") == "override"
            assert server.requests[-1].header("openai-beta") is None
        finally:
            server.stop()

    usage = out / "usage.py"
    usage.write_text(textwrap.dedent(USAGE.format(**names)))
    result = mypy_strict(usage, out / names["pydantic"], out / names["dataclass"])
    errors = sorted({int(line.split(":")[1]) for line in result.stdout.splitlines() if ": error:" in line})
    expected = [n for n, line in enumerate(usage.read_text().splitlines(), 1) if "# error" in line]
    assert errors == expected, result.stdout
