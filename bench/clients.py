"""Client round trips on loopback: ours against openai-python and raw httpx2, one server.

Every client sends `POST /v1/threads/thread_abc123/runs/run_abc123/cancel` to the server of
bench/server.py (a separate process) and, but for the raw floor, parses the answer into a
`Run`. Each case runs a batch of requests per round, the cases taking turns in a rotating
order, for several rounds: so a disturbance of the machine falls on all of them alike, and
the ratio of two clients is taken within each round (then the median over rounds).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Optional

import httpx2
import openai
import openai_runs
import openai_runs_dataclass

from bench.common import API_KEY, RUN_ID, THREAD_ID, fullest_document, median, quiet
from bench.server import Server

PATH = f"/threads/{THREAD_ID}/runs/{RUN_ID}/cancel"
TIMEOUT = 10.0  # seconds, every client: a request that hangs fails the run instead of stalling it
# what our clients send (raw httpx2 sends the same, so the floor moves the same bytes)
RAW_HEADERS = {
    "Accept": "application/json",
    "User-Agent": "bench",
    "OpenAI-Beta": "assistants=v2",
    "Authorization": f"Bearer {API_KEY}",
    "x-retry-count": "0",
}


@dataclass
class Case:
    """One client under test: how to make it, call it once, check the answer, close it."""

    name: str
    group: str  # "sync", "async sequential", "async 32 in flight"
    make: Callable[[str], Any]
    call: Callable[[Any], Any]  # sync: the result; async: an awaitable of it
    width: int = 0  # 0: sync; 1: async, one request at a time; n: async, n in flight
    raw: bool = False  # the floor: the result is the response body, not a Run
    client: Any = None
    seconds: list[float] = field(default_factory=list)
    requests: list[int] = field(default_factory=list)
    client_cpu: list[float] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)

    def rate(self, round_: int) -> float:
        return self.requests[round_] / self.seconds[round_]

    @property
    def median_rate(self) -> float:
        return median([self.rate(i) for i in range(len(self.seconds))])

    def per_request(self, values: list[float]) -> float:
        return sum(values) / sum(self.requests)


def _ours_cancel(client: Any) -> Any:
    return client.beta.threads.runs.cancel(RUN_ID, thread_id=THREAD_ID)


def cases() -> list[Case]:
    def ours_sync(url: str) -> Any:
        return openai_runs.OpenAI(api_key=API_KEY, base_url=url, max_retries=0, timeout=TIMEOUT)

    def ours_async(url: str) -> Any:
        return openai_runs.AsyncOpenAI(api_key=API_KEY, base_url=url, max_retries=0, timeout=TIMEOUT)

    def ours_dataclass(url: str) -> Any:
        return openai_runs_dataclass.OpenAI(api_key=API_KEY, base_url=url, max_retries=0, timeout=TIMEOUT)

    def theirs_sync(url: str) -> Any:
        return openai.OpenAI(api_key=API_KEY, base_url=url, max_retries=0, timeout=TIMEOUT)

    def theirs_async(url: str) -> Any:
        return openai.AsyncOpenAI(api_key=API_KEY, base_url=url, max_retries=0, timeout=TIMEOUT)

    def raw_sync(url: str) -> Any:
        return httpx2.Client(base_url=url, timeout=TIMEOUT)

    def raw_async(url: str) -> Any:
        return httpx2.AsyncClient(base_url=url, timeout=TIMEOUT)

    def raw_call(client: httpx2.Client) -> bytes:
        return client.post(PATH, headers=RAW_HEADERS).content

    async def raw_call_async(client: httpx2.AsyncClient) -> bytes:
        return (await client.post(PATH, headers=RAW_HEADERS)).content

    out = [
        Case("ours OpenAI (pydantic, httpx2)", "sync", ours_sync, _ours_cancel),
        Case("ours OpenAI (dataclass, http.client)", "sync", ours_dataclass, _ours_cancel),
        Case("openai-python OpenAI", "sync", theirs_sync, _ours_cancel),
        Case("raw httpx2.Client (floor)", "sync", raw_sync, raw_call, raw=True),
    ]
    for width, group in ((1, "async sequential"), (32, "async 32 in flight")):
        out += [
            Case("ours AsyncOpenAI", group, ours_async, _ours_cancel, width),
            Case("openai-python AsyncOpenAI", group, theirs_async, _ours_cancel, width),
            Case("raw httpx2.AsyncClient (floor)", group, raw_async, raw_call_async, width, raw=True),
        ]
    return out


async def _run_async(call: Callable[[], Awaitable[Any]], n: int, width: int, deadline: float) -> int:
    remaining = n

    async def worker() -> int:
        nonlocal remaining
        done = 0
        while remaining > 0 and time.perf_counter() < deadline:
            remaining -= 1
            await call()
            done += 1
        return done

    return sum(await asyncio.gather(*(worker() for _ in range(width))))


def _run_sync(call: Callable[[], Any], n: int, deadline: float) -> int:
    done = 0
    while done < n and time.perf_counter() < deadline:
        call()
        done += 1
    return done


@dataclass
class ClientResults:
    cases: list[Case]
    rounds: int
    batch: int
    max_seconds: float


def measure(rounds: int = 5, batch: int = 300, max_seconds: float = 1.5, warmup: int = 30) -> ClientResults:
    """`rounds` rounds; in each, every case sends `batch` requests (stopping early after
    `max_seconds`), the order rotating from round to round."""
    expected = json.loads(fullest_document())
    all_cases = cases()
    loop = asyncio.new_event_loop()
    with Server() as server, quiet():

        def batch_of(case: Case, n: int, limit: float) -> int:
            client = case.client
            deadline = time.perf_counter() + limit
            if case.width == 0:
                return _run_sync(lambda: case.call(client), n, deadline)
            return loop.run_until_complete(_run_async(lambda: case.call(client), n, case.width, deadline))

        for case in all_cases:
            case.client = case.make(server.url)
            _check(case, case.call(case.client) if case.width == 0 else loop.run_until_complete(case.call(case.client)), expected)
            batch_of(case, warmup, 10.0)
        for round_ in range(rounds):
            shift = round_ % len(all_cases)
            for case in all_cases[shift:] + all_cases[:shift]:
                server_before = server.cpu()
                cpu_before = time.process_time()
                start = time.perf_counter()
                done = batch_of(case, batch, max_seconds)
                case.seconds.append(time.perf_counter() - start)
                case.client_cpu.append(time.process_time() - cpu_before)
                case.server_cpu.append(server.cpu() - server_before)
                case.requests.append(done)
        for case in all_cases:
            _close(case.client, loop)
    loop.close()
    return ClientResults(all_cases, rounds, batch, max_seconds)


def _check(case: Case, result: Any, expected: dict[str, Any]) -> None:
    """Every client must really have read the answer before it is timed."""
    if case.raw:
        ok = json.loads(result) == expected
    else:
        ok = getattr(result, "id", None) == expected["id"] and len(getattr(result, "tools", [])) == len(
            expected["tools"]
        )
    if not ok:
        raise RuntimeError(f"{case.name}: unexpected result {result!r:.200}")


def _close(client: Any, loop: asyncio.AbstractEventLoop) -> None:
    for name in ("aclose", "close"):
        method: Optional[Callable[[], Any]] = getattr(client, name, None)
        if method is not None:
            result = method()
            if asyncio.iscoroutine(result):
                loop.run_until_complete(result)
            return


def ratio(ours: Case, theirs: Case) -> float:
    """Median over rounds of ours' req/s over theirs' req/s in the same round."""
    return median([ours.rate(i) / theirs.rate(i) for i in range(len(ours.seconds))])
