"""With no `operations:` map the models only skipped operations use are left out; the models a
streaming operation's events name are used by it (OpenAI's image stream events were left
out, and the generated clients imported names the models module did not define)."""

from __future__ import annotations

from pathlib import Path

from harness.generate import fresh_packages, run_generator

SPEC = """\
openapi: 3.1.0
info: {title: Images, version: '1'}
paths:
  /images:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string}, stream: {type: boolean}}}
      responses:
        '200':
          content:
            application/json: {schema: {$ref: '#/components/schemas/Image'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/ImageEvent'}}
  /images/latest:
    get:
      parameters: [{name: session, in: cookie, schema: {type: string}}]
      responses:
        '200': {content: {application/json: {schema: {$ref: '#/components/schemas/ImageEvent'}}}}
components:
  schemas:
    Image: {type: object, properties: {url: {type: string}}}
    ImageEvent:
      oneOf: [{$ref: '#/components/schemas/Partial'}, {$ref: '#/components/schemas/Done'}]
      discriminator: {propertyName: type}
    Partial: {type: object, required: [type], properties: {type: {const: image.partial}, b64: {type: string}}}
    Done: {type: object, required: [type], properties: {type: {const: image.done}, url: {type: string}}}
"""

CONFIG = """\
targets: [{kind: pydantic, package: images_p}, {kind: dataclass, package: images_d}]
client: {sync_class: Client, async_class: AsyncClient}
"""


def test_stream_event_models_are_generated_without_an_operation_map(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "out"
    code = run_generator(
        "generate", "--spec", str(tmp_path / "spec.yaml"), "--config", str(tmp_path / "config.yaml"), "--out", str(out)
    )
    assert code == 0  # GET /images/latest is skipped (a cookie parameter): its models are unused
    with fresh_packages(out, "images_p", "images_d") as packages:
        for pkg in packages:
            assert {"Partial", "Done"} <= set(pkg.__all__)
            assert pkg.Client.__name__ == "Client"  # the client module imports every name it uses
