"""The official document of the upstream suite and the examples it carries."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import yaml
from harness.paths import UPSTREAM

UPSTREAM_SPEC = UPSTREAM / "openai-runs.openapi.yaml"
UPSTREAM_CONFIG = UPSTREAM / "config.yaml"
PACKAGES = ("openai_runs_upstream", "openai_runs_upstream_dataclass")
OPERATIONS = (
    "createThreadAndRun",
    "listRuns",
    "createRun",
    "getRun",
    "modifyRun",
    "cancelRun",
    "submitToolOuputsToRun",
)


def load_upstream() -> dict[str, Any]:
    with open(UPSTREAM_SPEC, encoding="utf-8") as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc


def operations(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The Runs operations of the document (a whole edition holds every other API too)."""
    for item in doc["paths"].values():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete") and op.get("operationId") in OPERATIONS:
                yield op


def response_schema_key(op: dict[str, Any]) -> str:
    ref: str = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def documented_examples(doc: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(label, schema key, JSON value) for every JSON response example of the operations
    that return a run or a list of runs, the run events of the streaming examples (each
    `data:` line of a `thread.run.<status>` event), and RunObject's own example."""
    found: list[tuple[str, str, Any]] = []
    for op in operations(doc):
        key = response_schema_key(op)
        if key not in ("RunObject", "ListRunsResponse"):
            continue
        examples = op["x-oaiMeta"]["examples"]
        for index, example in enumerate(examples if isinstance(examples, list) else [examples]):
            label = f"{op['operationId']}[{index}]"
            text = example["response"]
            try:
                found.append((label, key, json.loads(text)))
                continue
            except ValueError:
                pass
            # server-sent events: the run snapshots they carry are Runs too
            event = None
            for line in text.splitlines():
                if line.startswith("event: "):
                    event = line[len("event: "):].strip()
                elif line.startswith("data: ") and event and event.startswith("thread.run.") and (
                    event.count(".") == 2
                ):
                    try:
                        value = json.loads(line[len("data: "):])
                    except ValueError:
                        continue  # upstream's examples carry a few truncated lines
                    found.append((f"{label} {event}", "RunObject", value))
    found.append(("RunObject x-oaiMeta.example", "RunObject", json.loads(doc["components"]["schemas"]["RunObject"]["x-oaiMeta"]["example"])))
    return found


CLASS_OF = {"RunObject": "Run", "ListRunsResponse": "ListRunsResponse"}


def assert_examples_round_trip(examples: list[tuple[str, str, Any]], packages: list[ModuleType]) -> None:
    """Every example parses in every package (dict and JSON), comes back unchanged, and the
    packages agree."""
    for label, key, value in examples:
        dumped = []
        for pkg in packages:
            model = getattr(pkg, CLASS_OF[key])
            parsed = model.from_dict(copy.deepcopy(value))
            assert parsed.to_dict() == value, (pkg.__name__, label)
            assert model.from_json(parsed.to_json()).to_dict() == value, (pkg.__name__, label)
            dumped.append(parsed.to_dict())
        assert all(d == dumped[0] for d in dumped), label
