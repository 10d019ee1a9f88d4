"""Parse bytes -> Run, and Run -> dict / JSON, ours against openai-python's models.

Each candidate is timed in batches; the candidates of one document take turns batch by
batch (so a slow spell of the machine hits all of them), and each keeps its fastest batch:
the minimum is the measurement least disturbed by everything else the machine does.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Callable

import openai_runs
import openai_runs_dataclass
from openai._models import construct_type
from openai.types.beta.threads import Run as OpenAIRun

from bench.common import documents


@dataclass
class Timing:
    document: str
    size: int
    name: str
    seconds: float  # per call, the fastest batch


def openai_client_path(raw: bytes) -> Any:
    """What openai-python's client does with a 2xx JSON body (`response.json()`, then
    `_process_response_data`): json.loads, then `construct_type`, which builds the models
    without validating them."""
    return construct_type(type_=OpenAIRun, value=json.loads(raw))


def _interleaved(candidates: dict[str, Callable[[], Any]], number: int, repeat: int) -> dict[str, float]:
    best = {name: float("inf") for name in candidates}
    for _ in range(repeat):
        for name, fn in candidates.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[name] = min(best[name], (time.perf_counter() - start) / number)
    return best


def _check(raw: bytes) -> None:
    """Every parser must give the document back before it is timed."""
    expected = json.loads(raw)
    assert openai_runs.Run.from_json(raw).to_dict() == expected
    assert openai_runs_dataclass.Run.from_json(raw).to_dict() == expected
    assert openai_runs.Run.from_dict(expected).to_dict() == expected
    assert openai_runs_dataclass.Run.from_dict(expected).to_dict() == expected
    assert OpenAIRun.model_validate_json(raw).id == expected["id"]
    assert openai_client_path(raw).id == expected["id"]


def measure_parse(number: int = 1000, repeat: int = 15) -> list[Timing]:
    out = []
    for doc, raw in documents().items():
        _check(raw)
        pd, dc = openai_runs.Run, openai_runs_dataclass.Run
        data = json.loads(raw)
        candidates: dict[str, Callable[[], Any]] = {
            "json.loads": lambda: json.loads(raw),
            "ours pydantic Run.from_json": lambda: pd.from_json(raw),
            "ours dataclass Run.from_json": lambda: dc.from_json(raw),
            "ours pydantic Run.from_dict (of a parsed dict)": lambda: pd.from_dict(data),
            "ours dataclass Run.from_dict (of a parsed dict)": lambda: dc.from_dict(data),
            "openai Run.model_validate_json": lambda: OpenAIRun.model_validate_json(raw),
            "openai client path (json.loads + construct_type)": lambda: openai_client_path(raw),
        }
        for name, seconds in _interleaved(candidates, number, repeat).items():
            out.append(Timing(doc, len(raw), name, seconds))
    return out


def measure_serialise(number: int = 1000, repeat: int = 15) -> list[Timing]:
    """to_dict / to_json of a parsed Run. openai's instance is the one its client returns
    (construct_type), dumped as its docs say (`model_dump()`, `model_dump_json()`)."""
    out = []
    for doc, raw in documents().items():
        pd = openai_runs.Run.from_json(raw)
        dc = openai_runs_dataclass.Run.from_json(raw)
        theirs = openai_client_path(raw)
        candidates: dict[str, Callable[[], Any]] = {
            "ours pydantic run.to_dict()": pd.to_dict,
            "ours dataclass run.to_dict()": dc.to_dict,
            "openai run.model_dump()": theirs.model_dump,
            "ours pydantic run.to_json()": pd.to_json,
            "ours dataclass run.to_json()": dc.to_json,
            "openai run.model_dump_json()": theirs.model_dump_json,
        }
        for name, seconds in _interleaved(candidates, number, repeat).items():
            out.append(Timing(doc, len(raw), name, seconds))
    return out
