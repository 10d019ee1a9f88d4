"""Real public documents (tests/documents/README.md) generate, type-check under mypy --strict,
and the examples they embed round-trip through the generated models.

Each document is generated once per session (CLI, both targets) into a temporary folder, with
the config in configs/ that maps the operations that generate today (the others are blocked,
see docs/benchmarks.md; a config that maps no operation is for when the generator names
operations itself).
"""

from __future__ import annotations

import copy
import importlib
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from harness.processes import mypy_strict

from generator.cli import main as generator_main
from generator.naming import class_name
from generator.source import load_document, to_plain

from .examples import Example, Validator, embedded_examples

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "documents"

DOCUMENTS = {
    "openai": ROOT / "spec" / "upstream" / "openai-openapi.yaml",
    "tgi": HERE / "tgi.openapi.json",
    "kratos": HERE / "kratos.openapi.json",
}
# operations each config maps, all of which must generate
OPERATIONS = {"openai": 235, "tgi": 7, "kratos": 38}
# examples embedded for models the config generates (TGI's and Kratos' are of error bodies
# and properties only): each one is checked below
EXAMPLES = {"openai": 188}


class Generated:
    def __init__(self, key: str, out: Path, name: str) -> None:
        self.key = key
        self.out = out
        self.names = (name, f"{name}_dataclass")

    def packages(self) -> list[ModuleType]:
        if str(self.out) not in sys.path:
            sys.path.insert(0, str(self.out))
        importlib.invalidate_caches()
        return [importlib.import_module(name) for name in self.names]


def load(path: Path) -> dict[str, Any]:
    """The document as the generator reads it (YAML 1.2 core: `2024-10-01` stays a string)."""
    doc = to_plain(load_document(path).root)
    assert isinstance(doc, dict)
    return doc


@pytest.fixture(
    scope="session",
    params=[pytest.param(key, marks=[pytest.mark.slow] if key == "openai" else []) for key in DOCUMENTS],
)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    key: str = request.param
    tmp = tmp_path_factory.mktemp(f"document-{key}")
    name = f"doc_{key}_{uuid.uuid4().hex[:6]}"
    config = tmp / "config.yaml"
    template = (HERE / "configs" / f"{key}.yaml").read_text(encoding="utf-8")
    config.write_text(template.format(name=name), encoding="utf-8")
    out = tmp / "out"
    code = generator_main(
        ["generate", "--spec", str(DOCUMENTS[key]), "--config", str(config), "--out", str(out)]
    )
    assert code == 0, f"{key}: the generator exited {code}"
    return Generated(key, out, name)


def test_every_mapped_operation_is_a_client_method(generated: Generated) -> None:
    for package in generated.packages():
        methods = [name for name in dir(package.Client(api_key="k").api) if name.startswith("op_")]
        assert len(methods) == OPERATIONS[generated.key], (package.__name__, methods)


def test_output_passes_mypy_strict(generated: Generated) -> None:
    result = mypy_strict(*(generated.out / name for name in generated.names))
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


def test_embedded_examples_round_trip(generated: Generated) -> None:
    """Every example the document embeds for a model it generates: a valid one round-trips in
    both targets (dict and JSON) with the same result; one that contradicts its own schema
    (tests/documents/README.md) is refused with a ValueError or kept as sent, never changed."""
    doc = load(DOCUMENTS[generated.key])
    validator = Validator(doc)
    packages = generated.packages()
    checked = 0
    for example in embedded_examples(doc):
        models = [getattr(pkg, class_name(example.schema_key), None) for pkg in packages]
        if not all(hasattr(model, "from_dict") for model in models):
            continue  # not a model of its own (an alias, a union) in the generated packages
        valid = not validator.errors(example.schema_key, example.value)
        assert_round_trip(example, models, valid)
        checked += 1
    assert checked == EXAMPLES.get(generated.key, 0)


def assert_round_trip(example: Example, models: list[Any], valid: bool) -> None:
    dumped = []
    for model in models:
        try:
            parsed = model.from_dict(copy.deepcopy(example.value))
        except ValueError:
            assert not valid, f"{example.label}: a valid example is refused by {model.__module__}"
            continue
        assert parsed.to_dict() == example.value, (model.__module__, example.label)
        assert model.from_json(parsed.to_json()).to_dict() == example.value, (model.__module__, example.label)
        dumped.append(parsed.to_dict())
    assert all(d == dumped[0] for d in dumped), example.label
