"""The config's section readers (generator/config/): typed values, positioned problems."""

from __future__ import annotations

import textwrap

from generator.config import Config, parse_config
from generator.diagnostics import Diagnostics, Problem
from generator.source import parse_yaml

MINIMAL = """\
targets:
  - kind: pydantic
    package: pkg
operations:
  op: things.get
"""


def parse(text: str) -> tuple[Config, list[Problem]]:
    diags = Diagnostics()
    config = parse_config(parse_yaml(textwrap.dedent(text), "config.yaml"), diags)
    return config, sorted(diags.problems, key=lambda p: (p.pos, p.message))


def where(problems: list[Problem]) -> list[tuple[int, int, str]]:
    return [(p.pos.line, p.pos.col, p.message) for p in problems]


def test_defaults_of_a_minimal_config() -> None:
    config, problems = parse(MINIMAL)
    assert problems == []
    assert (config.sync_class, config.async_class) == ("Client", "AsyncClient")
    assert (config.api_key_env, config.base_url_env, config.default_base_url) == ("API_KEY", "BASE_URL", None)
    assert (config.timeout, config.max_retries, config.headers) == (600.0, 2, ())
    assert [(t.kind, t.package) for t in config.targets] == [("pydantic", "pkg")]
    assert [(o.operation_id, o.method_path, o.deprecated) for o in config.operations] == [
        ("op", ("things", "get"), None)
    ]


def test_client_values_are_typed_and_checked_where_written() -> None:
    config, problems = parse(
        MINIMAL
        + """\
client:
  sync_class: Api
  timeout: 10
  max_retries: -1
  api_key_env: 'not a name'
  headers:
    X-Ok: yes-string
    'bad header': v
    X-Two: "a\\nb"
"""
    )
    assert config.sync_class == "Api"
    assert config.timeout == 10.0 and isinstance(config.timeout, float)
    assert config.headers == (("X-Ok", "yes-string"),)
    assert where(problems) == [
        (9, 16, "max_retries must be a non-negative integer"),
        (10, 16, "api_key_env 'not a name' is not an environment variable name (letters, digits, underscores)"),
        (13, 5, "'bad header' is not a valid HTTP header name"),
        (14, 12, "header 'X-Two' needs a single-line string value"),
    ]


def test_timeout_refuses_booleans_infinity_and_huge_integers() -> None:
    for value in ("true", ".inf", "0", "1" + "0" * 400):
        config, problems = parse(MINIMAL + f"client:\n  timeout: {value}\n")
        assert where(problems) == [(7, 12, "timeout must be a positive, finite number of seconds")], value
        assert config.timeout == 600.0


def test_targets_problems_point_at_the_value() -> None:
    _, problems = parse(
        """\
        targets:
          - {kind: pydantic, package: pkg}
          - {kind: pydantic, package: pkg}
          - {kind: rust, package: other}
          - {kind: dataclass, package: json}
          - {kind: dataclass}
        operations:
          op: things.get
        """
    )
    assert where(problems) == [
        (3, 31, "package 'pkg' is emitted by two targets"),
        (4, 12, "unknown target kind 'rust' (known: pydantic, dataclass)"),
        (
            5,
            32,
            "package name 'json' would shadow the module of that name"
            " (the standard library, a runtime dependency or the generator)",
        ),
        (6, 5, "a target needs 'kind' and 'package'"),
    ]


def test_operations_method_paths() -> None:
    config, problems = parse(
        """\
        targets: [{kind: pydantic, package: pkg}]
        operations:
          a: things.get
          b: {method: things.get.more}
          c: {method: things.get}
          d: {method: single}
          e: {method: x.y, deprecated: maybe, deprecation_message: gone}
        """
    )
    assert where(problems) == [
        (3, 3, "'things.get' is both a method and a resource"),
        (5, 15, "operations 'a' and 'c' are both mapped to 'things.get'"),
        (6, 15, "method path 'single' needs a resource and a method (e.g. things.single)"),
        (7, 32, "'deprecated' must be true or false"),
    ]
    assert [o.operation_id for o in config.operations] == ["a", "b", "e"]
    assert config.operations[2].deprecation_message == "gone"


def test_schemas_section() -> None:
    config, problems = parse(
        MINIMAL
        + """\
schemas:
  rename: {A: Alpha, B: Alpha, C: Client, D: 'not valid'}
  nullable: [A.x, B, A.y.z]
"""
    )
    assert config.renames == {"A": "Alpha"}
    assert [str(p) for p in config.nullable] == ["A.x", "A.y.z"]
    assert [m for _, _, m in where(problems)] == [
        "schemas 'A' and 'B' are both renamed to 'Alpha'",
        "rename of 'C': 'Client' is a name the generated package defines or imports",
        "rename of 'D' must be a Python identifier",
        "a 'nullable' entry must be a string Schema.property (e.g. RunObject.instructions)",
    ]
