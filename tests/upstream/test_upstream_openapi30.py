"""An OpenAPI 3.0 edition of the official document generates the same package.

Older editions of openai/openai-openapi were 3.0 documents: null only as `nullable: true`,
no `type: [T, 'null']`, no `{type: 'null'}` arms, no `const`. This builds such an edition
from the 3.1 extract (a faithful, mechanical down-conversion) and checks that it lowers to
the same IR and yields packages that type-check and parse the documented examples.
"""

from __future__ import annotations

import copy
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness.generate import generate_files, import_package
from harness.processes import mypy_strict

from generator import ir
from generator.pipeline import build_package

from .documents import UPSTREAM_CONFIG, UPSTREAM_SPEC, documented_examples


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def to_openapi_30(node: Any) -> Any:
    """`anyOf: [X, {type: 'null'}]` -> X + `nullable: true` (a `$ref` X is wrapped in
    `allOf`, as 3.0 ignores siblings of `$ref`); `type: [T, 'null']` -> `type: T` +
    `nullable: true`; `const: v` -> `enum: [v]`."""
    if isinstance(node, list):
        return [to_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_openapi_30(value) for key, value in node.items()}
    types = out.get("type")
    if isinstance(types, list):
        real = [t for t in types if t != "null"]
        assert len(real) == 1, types
        out["type"] = real[0]
        if len(real) != len(types):
            out["nullable"] = True
    if "const" in out:
        out["enum"] = [out.pop("const")]
    for combinator in ("anyOf", "oneOf"):
        arms = out.get(combinator)
        if not isinstance(arms, list) or not any(_is_null(a) for a in arms):
            continue
        real = [a for a in arms if not _is_null(a)]
        del out[combinator]
        if len(real) > 1:
            out[combinator] = real
        elif "$ref" in real[0]:
            out["allOf"] = real
        else:
            for key, value in real[0].items():
                out.setdefault(key, value)
        out["nullable"] = True
    return out


def openapi_30_edition(doc: dict[str, Any]) -> dict[str, Any]:
    old = copy.deepcopy(doc)
    old["openapi"] = "3.0.3"
    old["info"].get("license", {}).pop("identifier", None)  # 3.1 only
    old["paths"] = to_openapi_30(old["paths"])
    old["components"] = to_openapi_30(old["components"])
    return old


def count_31_nulls(node: Any) -> tuple[int, int]:
    """(3.1 null spellings and `const`s, `nullable: true`s) in a document."""
    if isinstance(node, list):
        pairs = [count_31_nulls(item) for item in node]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    if not isinstance(node, dict):
        return 0, 0
    new = int(_is_null(node) or isinstance(node.get("type"), list) or "const" in node)
    old = int(node.get("nullable") is True)
    for value in node.values():
        a, b = count_31_nulls(value)
        new, old = new + a, old + b
    return new, old


def test_the_conversion_is_complete(upstream_doc: dict[str, Any]) -> None:
    before = count_31_nulls(upstream_doc)
    after = count_31_nulls(openapi_30_edition(upstream_doc))
    assert before[0] > 10 and after[0] == 0
    assert after[1] > before[1]


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory, upstream_doc: dict[str, Any]) -> tuple[Path, Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("openapi30")
    spec = folder / "openai-runs-3.0.yaml"
    spec.write_text(yaml.safe_dump(openapi_30_edition(upstream_doc), sort_keys=False), encoding="utf-8")
    suffix = uuid.uuid4().hex[:8]
    names = {"pydantic": f"runs30_p_{suffix}", "dataclass": f"runs30_d_{suffix}"}
    config_text = UPSTREAM_CONFIG.read_text(encoding="utf-8")
    config_text = config_text.replace("package: openai_runs_upstream_dataclass", f"package: {names['dataclass']}")
    config_text = config_text.replace("package: openai_runs_upstream\n", f"package: {names['pydantic']}\n")
    assert names["pydantic"] in config_text and names["dataclass"] in config_text
    config = folder / "config.yaml"
    config.write_text(config_text, encoding="utf-8")
    return spec, config, names


def shape(package: ir.Package) -> Any:
    """The IR without descriptions and inputs: what the generated code's behaviour and
    names depend on."""

    def strip(value: Any) -> Any:
        if isinstance(value, tuple):
            return tuple(strip(v) for v in value)
        if hasattr(value, "__dataclass_fields__"):
            return (type(value).__name__,) + tuple(
                (name, strip(getattr(value, name)))
                for name in value.__dataclass_fields__
                if name not in ("description", "summary")
            )
        return value

    return strip((package.declarations, package.params_declarations, package.unions, package.operations))


def test_it_lowers_to_the_same_ir(edition: tuple[Path, Path, dict[str, str]]) -> None:
    spec, config, _ = edition
    assert shape(build_package(spec, config)) == shape(build_package(UPSTREAM_SPEC, UPSTREAM_CONFIG))


def test_it_generates_typed_packages_that_parse_the_examples(
    tmp_path: Path, edition: tuple[Path, Path, dict[str, str]], upstream_doc: dict[str, Any]
) -> None:
    spec, config, names = edition
    out = generate_files(spec, config, tmp_path / "out")
    result = mypy_strict(out / names["pydantic"], out / names["dataclass"], python_version="3.11")
    assert result.returncode == 0, result.stdout + result.stderr
    packages = [import_package(out, names[kind]) for kind in ("pydantic", "dataclass")]
    for label, key, value in documented_examples(upstream_doc):
        for pkg in packages:
            model = getattr(pkg, "Run" if key == "RunObject" else key)
            assert model.from_dict(copy.deepcopy(value)).to_dict() == value, (pkg.__name__, label)
