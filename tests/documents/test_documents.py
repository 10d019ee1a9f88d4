"""Real public documents (tests/documents/README.md) generate with a config that maps no
operation, type-check under mypy --strict, and the examples they embed round-trip through
the generated models.

Each document is generated once per session (CLI, both targets) into a temporary folder with
configs/none.yaml: every operation becomes a client method named from its path, and one that
cannot be generated is skipped with a warning. SKIPPED lists, per document, exactly the
operations skipped today and why; when the generator learns a construct, shrink the list.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import re
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
    "svix": HERE / "svix.openapi.json",
    "traccar": HERE / "traccar.openapi.yaml",
    "twilio": HERE / "twilio-chat.openapi.json",
}
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Operations skipped today, by `METHOD path`, with (a part of) the reason the warning gives.
SKIPPED: dict[str, dict[str, str]] = {
    "openai": {},
    "tgi": {},
    "kratos": {},
    "svix": {"PATCH /api/v1/app/{app_id}/endpoint/{endpoint_id}/headers": "maps of nullable values"},
    "traccar": {},
    "twilio": {},
}
# Documents that do not reach 95% yet, and what they wait for (the rest must).
BELOW_95: dict[str, str] = {}
# Examples embedded for models the generated packages have: each one is checked below.
EXAMPLES = {"openai": 229, "tgi": 0, "kratos": 0, "svix": 0, "traccar": 0, "twilio": 34}
SKIP_LINE = re.compile(r"warning: operation ([A-Z]+ \S+) \([^)]*\) is skipped: (.*)")


class Generated:
    def __init__(self, key: str, out: Path, name: str, warnings: str) -> None:
        self.key = key
        self.out = out
        self.names = (name, f"{name}_dataclass")
        self.warnings = warnings

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
    template = (HERE / "configs" / "none.yaml").read_text(encoding="utf-8")
    config.write_text(template.format(name=name), encoding="utf-8")
    out = tmp / "out"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = generator_main(["generate", "--spec", str(DOCUMENTS[key]), "--config", str(config), "--out", str(out)])
    assert code == 0, f"{key}: the generator exited {code}: {stderr.getvalue()[-3000:]}"
    return Generated(key, out, name, stderr.getvalue())


def operation_count(path: Path) -> int:
    paths = load(path).get("paths") or {}
    return sum(1 for item in paths.values() for method in item if method in HTTP_METHODS)


def client_methods(resource: Any, seen: set[int] | None = None) -> int:
    """The operation methods reachable from a client: for each resource (an attribute with a
    `_client`), the methods its `with_raw_response` twin wraps."""
    seen = set() if seen is None else seen
    count = 0
    for value in vars(resource).values():
        if id(value) in seen or not hasattr(value, "_client") or value is resource:
            continue
        seen.add(id(value))
        raw = getattr(value, "with_raw_response", None)
        count += len(vars(raw)) if raw is not None else 0
        count += client_methods(value, seen)
    return count


def test_exactly_the_listed_operations_are_skipped(generated: Generated) -> None:
    skipped = {m.group(1): m.group(2) for m in SKIP_LINE.finditer(generated.warnings)}
    expected = SKIPPED[generated.key]
    assert sorted(skipped) == sorted(expected), generated.warnings[-5000:]
    for op, reason in expected.items():
        assert reason in skipped[op], (op, skipped[op])


def test_every_other_operation_is_a_client_method(generated: Generated) -> None:
    total = operation_count(DOCUMENTS[generated.key])
    methods = total - len(SKIPPED[generated.key])
    for package in generated.packages():
        assert client_methods(package.Client(api_key="k")) == methods, package.__name__
    if generated.key not in BELOW_95:
        assert methods >= 0.95 * total, (generated.key, methods, total)


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
    assert checked == EXAMPLES[generated.key]


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
