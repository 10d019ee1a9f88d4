"""What every benchmark module shares: paths, the documented examples, statistics."""

from __future__ import annotations

import json
import statistics
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

from runtime.seeds import seed_examples

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SPEC = ROOT / "spec" / "openapi.yaml"

RUN_ID = "run_abc123"
THREAD_ID = "thread_abc123"
API_KEY = "sk-bench-not-a-key"


def documents() -> dict[str, bytes]:
    """The distinct documented Run examples as JSON bytes, keyed by their first seed id.

    The seed pages quote the same example more than once; each distinct document is kept once.
    """
    out: dict[bytes, str] = {}
    for name, example in seed_examples():
        out.setdefault(json.dumps(example).encode(), name)
    return {name: raw for raw, name in out.items()}


def fullest_document() -> bytes:
    """The documented example with the most fields (ties: the longest): what the server sends."""
    return max(documents().values(), key=lambda raw: (len(json.loads(raw)), len(raw)))


@contextmanager
def quiet() -> Iterator[None]:
    """The endpoint is deprecated: every call of every client warns. Timing loops ignore it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def best_per_call(fn: Callable[[], object], number: int, repeat: int) -> list[float]:
    """Seconds per call for each of `repeat` batches of `number` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        out.append((time.perf_counter() - start) / number)
    return out
