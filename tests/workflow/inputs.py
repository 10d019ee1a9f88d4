"""A small API in two versions for the `diff` tests: write a base and an edited copy."""

from __future__ import annotations

from pathlib import Path

# Response side: the `Thing` model (read by callers). Request side: `things.create`'s body
# (keyword arguments) and its nested `labels` objects (a TypedDict), `things.get`'s query.
SPEC = """\
openapi: 3.1.0
info: {title: Things, version: 1.0.0}
paths:
  /things/{thing_id}:
    get:
      operationId: getThing
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, required: false, schema: {type: integer}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                size: {type: string, enum: [small, large]}
                note: {type: string}
                shape: {$ref: '#/components/schemas/Shape'}
                labels:
                  type: array
                  items:
                    type: object
                    required: [key]
                    properties:
                      key: {type: string}
                      value: {type: string}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    ThingStatus:
      type: string
      enum: [active, archived]
    Thing:
      type: object
      required: [id, status, count]
      properties:
        id: {type: string}
        status: {$ref: '#/components/schemas/ThingStatus'}
        count: {type: integer}
        title: {type: string}
        shape: {$ref: '#/components/schemas/Shape'}
    Shape:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
      discriminator: {propertyName: type}
    Circle:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [circle]}
        radius: {type: number}
    Square:
      type: object
      required: [type]
      properties:
        type: {type: string, enum: [square]}
        side: {type: number}
"""

CONFIG = """\
targets:
  - {kind: pydantic, package: things}
  - {kind: dataclass, package: things_dataclass}
client: {sync_class: Client, async_class: AsyncClient, default_base_url: http://127.0.0.1:9}
operations:
  getThing: {method: things.get}
  createThing: {method: things.create}
"""


def edit(text: str, old: str, new: str) -> str:
    """`text` with `old` (which must occur exactly once) replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write(folder: Path, base: str, new: str, config: str = CONFIG) -> tuple[Path, Path, Path]:
    """(base spec, new spec, config) written under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "base.yaml", folder / "openapi.yaml", folder / "config.yaml"
    for path, text in zip(paths, (base, new, config), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths
