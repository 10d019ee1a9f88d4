"""Event throughput of a long run stream: ours against openai-python, one loopback server.

The stream is the document's own "Streaming" example of createRun (spec/upstream), its one
`thread.message.delta` repeated to DELTAS events: run created / queued / in progress, a step
and a message created, the deltas, message / step / run completed, `done`. The server
(`python -m bench.streams`, a separate process on bench/server.py's asyncio protocol) answers
every request with it, one HTTP chunk per event, as a streaming server flushes them.

Every client calls `beta.threads.runs.create(THREAD_ID, assistant_id=..., stream=True)` and
iterates the typed events to the end (checking their kinds and the text of the deltas): ours
from a package generated from spec/upstream at the start (all three clients), openai-python's
sync and async clients. Rounds as in bench/clients.py: cases take turns, order rotating;
events/s is the median over rounds, the ratio the median of per-round ratios.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

from bench.common import API_KEY, ROOT, THREAD_ID, median, quiet
from bench.server import Server, serve

UPSTREAM_SPEC = ROOT / "spec" / "upstream" / "openai-runs.openapi.yaml"
UPSTREAM_CONFIG = ROOT / "spec" / "upstream" / "config.yaml"
DELTAS = 2000
TIMEOUT = 30.0
ASSISTANT = "asst_123"


def example_frames() -> list[tuple[str, str]]:
    """(event, data) of createRun's documented "Streaming" example, in order. The example's
    run frames end in a stray `}` (a typo of the document): each data is its first JSON
    value, re-encoded compactly."""
    document = yaml.safe_load(UPSTREAM_SPEC.read_text(encoding="utf-8"))
    operation = document["paths"]["/threads/{thread_id}/runs"]["post"]
    example = next(e for e in operation["x-oaiMeta"]["examples"] if e["title"] == "Streaming")
    frames = []
    for block in example["response"].strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.strip().splitlines() if ": " in line)
        if "event" not in lines:
            continue
        data = lines["data"]
        if data != "[DONE]":
            data = json.dumps(json.JSONDecoder().raw_decode(data)[0], separators=(",", ":"))
        frames.append((lines["event"], data))
    return frames


def long_stream() -> tuple[list[bytes], list[str]]:
    """The SSE frames of the benchmark stream and the event kinds a client must yield."""
    frames = example_frames()
    first_delta = next(i for i, (event, _) in enumerate(frames) if event == "thread.message.delta")
    delta = frames[first_delta]
    rest = [f for f in frames[first_delta:] if f[0] != "thread.message.delta"]
    events = frames[:first_delta] + [delta] * DELTAS + rest
    body = [f"event: {event}\ndata: {data}\n\n".encode() for event, data in events]
    return body, [event for event, _ in events if event != "done"]


def chunked_response(frames: list[bytes]) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\n"
        "content-type: text/event-stream; charset=utf-8\r\n"
        "transfer-encoding: chunked\r\n"
        "x-request-id: req_bench\r\n"
        "\r\n"
    ).encode("ascii")
    return head + b"".join(b"%x\r\n%s\r\n" % (len(f), f) for f in frames) + b"0\r\n\r\n"


class StreamServer(Server):
    """bench/server.py's process, answering every request with the long stream."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.streams"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the stream benchmark server did not start")
        self.port = int(line)
        self.url = f"http://127.0.0.1:{self.port}/v1"


def generate_upstream(out: Path) -> tuple[Any, Any]:
    """Our two packages generated from spec/upstream into `out`, imported."""
    from generator.cli import main as generator_main

    code = generator_main(
        ["generate", "--spec", str(UPSTREAM_SPEC), "--config", str(UPSTREAM_CONFIG), "--out", str(out)]
    )
    if code != 0:
        raise RuntimeError(f"generating spec/upstream failed ({code})")
    sys.path.insert(0, str(out))
    return importlib.import_module("openai_runs_upstream"), importlib.import_module("openai_runs_upstream_dataclass")


@dataclass
class StreamCase:
    name: str
    group: str  # "sync" or "async"
    make: Callable[[str], Any]
    client: Any = None
    seconds: list[float] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def rate(self, round_: int) -> float:
        return self.events[round_] / self.seconds[round_]

    @property
    def median_rate(self) -> float:
        return median([self.rate(i) for i in range(len(self.seconds))])


def _kind(event: Any) -> str:
    return str(event.event)


def _delta_text(event: Any) -> Optional[str]:
    if event.event != "thread.message.delta":
        return None
    return str(event.data.delta.content[0].text.value)


def read_sync(client: Any) -> list[Any]:
    with client.beta.threads.runs.create(THREAD_ID, assistant_id=ASSISTANT, stream=True) as stream:
        return list(stream)


async def read_async(client: Any) -> list[Any]:
    stream = await client.beta.threads.runs.create(THREAD_ID, assistant_id=ASSISTANT, stream=True)
    async with stream:
        return [event async for event in stream]


def cases(ours: Any, ours_dataclass: Any) -> list[StreamCase]:
    import openai

    options: dict[str, Any] = {"api_key": API_KEY, "max_retries": 0, "timeout": TIMEOUT}
    return [
        StreamCase("ours OpenAI (pydantic, httpx2)", "sync", lambda url: ours.OpenAI(base_url=url, **options)),
        StreamCase(
            "ours OpenAI (dataclass, http.client)", "sync",
            lambda url: ours_dataclass.OpenAI(base_url=url, **options),
        ),
        StreamCase("openai-python OpenAI", "sync", lambda url: openai.OpenAI(base_url=url, **options)),
        StreamCase("ours AsyncOpenAI", "async", lambda url: ours.AsyncOpenAI(base_url=url, **options)),
        StreamCase("openai-python AsyncOpenAI", "async", lambda url: openai.AsyncOpenAI(base_url=url, **options)),
    ]


def _check(case: StreamCase, events: list[Any], kinds: list[str]) -> None:
    """Every client must really have parsed the events before it is timed."""
    got = [_kind(e) for e in events]
    texts = {_delta_text(e) for e in events} - {None}
    if got != kinds or texts != {"Hello"}:
        raise RuntimeError(f"{case.name}: unexpected events {got[:5]}... {texts}")


@dataclass
class StreamResults:
    cases: list[StreamCase]
    rounds: int
    events: int


def measure(rounds: int = 5) -> StreamResults:
    """`rounds` rounds; in each, every case reads the whole stream once (per-round order
    rotating); events/s of each read."""
    _, kinds = long_stream()
    loop = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory() as tmp, StreamServer() as server, quiet():
        all_cases = cases(*generate_upstream(Path(tmp)))

        def read(case: StreamCase) -> list[Any]:
            if case.group == "sync":
                return read_sync(case.client)
            return loop.run_until_complete(read_async(case.client))

        for case in all_cases:
            case.client = case.make(server.url)
            _check(case, read(case), kinds)
        for round_ in range(rounds):
            shift = round_ % len(all_cases)
            for case in all_cases[shift:] + all_cases[:shift]:
                cpu_before = time.process_time()
                start = time.perf_counter()
                count = len(read(case))
                case.seconds.append(time.perf_counter() - start)
                case.cpu.append(time.process_time() - cpu_before)
                case.events.append(count)
        for case in all_cases:
            result = (case.client.close if hasattr(case.client, "close") else case.client.aclose)()
            if asyncio.iscoroutine(result):
                loop.run_until_complete(result)
    loop.close()
    return StreamResults(all_cases, rounds, len(kinds))


def ratio(ours: StreamCase, theirs: StreamCase) -> float:
    return median([ours.rate(i) / theirs.rate(i) for i in range(len(ours.seconds))])


if __name__ == "__main__":
    asyncio.run(serve(chunked_response(long_stream()[0]), sys.stdout))
