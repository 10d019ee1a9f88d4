"""`make bench`: the speed claims, each as a ratio against a peer measured in the same run.

These machines are noisy (2 shared cores): seconds do not travel, ratios taken within one
run do. Sections (each module says how it measures):

1. parse bytes -> Run (bench/parse.py): ours (pydantic, dataclass) against openai-python's
   `Run.model_validate_json` and the path its client takes (`construct_type`); `json.loads`
   alone is the floor;
2. serialise (bench/parse.py): to_dict / to_json against `model_dump` / `model_dump_json`;
3. client round trips on loopback (bench/clients.py, server: bench/server.py);
4. import time (bench/imports.py);
5. generation wall time (bench/generate.py);
6. event throughput of a long run stream (bench/streams.py);
7. OpenAI's whole document: generation time against the peers, peak memory, import time
   of what was generated (bench/whole.py).

Prints one table and writes it, with the machine and every version, into
docs/benchmarks.md. A missed target is marked MISSED and named on stderr; the exit status
is 0 unless a measurement could not be made, or `--strict` is given and a target is missed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Callable

from bench import clients, generate, imports, parse, streams, whole
from bench.common import ROOT
from bench.table import Row, text_table, write_record

RECORD = ROOT / "docs" / "benchmarks.md"

# The targets: ratios within one run.
SYNC_VS_OPENAI = 2.0  # ours sync req/s >= 2.0x openai-python's
ASYNC32_VS_OPENAI = 1.9  # ours async, 32 in flight, req/s >= 1.9x openai-python's
DATACLASS_VS_OPENAI = 4.0  # dataclass client req/s >= 4x openai-python's sync client
PARSE_PYDANTIC_VS_CLIENT_PATH = 10.0  # ours pydantic parse >= 10x faster than openai's client path
PARSE_DATACLASS_VS_LOADS = 1.8  # ours dataclass parse <= 1.8x the time of json.loads alone
IMPORT_PYDANTIC_VS_OPENAI = 0.3  # import openai_runs <= 0.3x import openai
IMPORT_DATACLASS_VS_OPENAI = 0.12  # import openai_runs_dataclass <= 0.12x import openai
GENERATE_VS_DCG = 1.0  # whole generation <= 1.0x datamodel-codegen's models-only time
STREAM_VS_OPENAI = 2.0  # ours events/s >= 2x openai-python's stream (sync, and async)
STREAM_DATACLASS_VS_OPENAI = 4.0  # stdlib client events/s >= 4x openai-python's sync stream


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} us"


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms"


def parse_rows(quick: bool) -> list[Row]:
    number, repeat = (300, 5) if quick else (500, 30)
    rows = []
    timings = parse.measure_parse(number, repeat)
    for doc in dict.fromkeys(t.document for t in timings):
        of_doc = {t.name: t for t in timings if t.document == doc}
        size = next(iter(of_doc.values())).size
        section = f"parse {doc} ({size} B)"
        loads = of_doc["json.loads"].seconds
        client_path = of_doc["openai client path (json.loads + construct_type)"].seconds
        for name, t in of_doc.items():
            row = Row(section, name, _us(t.seconds), f"{t.seconds / loads:.2f}x json.loads")
            if name == "ours pydantic Run.from_json":
                speedup = client_path / t.seconds
                row.ratio = f"{speedup:.1f}x faster than openai client path"
                row.target = f">= {PARSE_PYDANTIC_VS_CLIENT_PATH:g}x faster"
                row.met = speedup >= PARSE_PYDANTIC_VS_CLIENT_PATH
            elif name == "ours dataclass Run.from_json":
                row.target = f"<= {PARSE_DATACLASS_VS_LOADS:g}x json.loads"
                row.met = t.seconds / loads <= PARSE_DATACLASS_VS_LOADS
            rows.append(row)
    serialised = parse.measure_serialise(number, repeat)
    for doc in dict.fromkeys(t.document for t in serialised):
        of_doc = {t.name: t for t in serialised if t.document == doc}
        section = f"serialise {doc}"
        for name, t in of_doc.items():
            peer = "openai run.model_dump()" if "dict" in name else "openai run.model_dump_json()"
            ratio = "" if name == peer else f"{t.seconds / of_doc[peer].seconds:.2f}x the time of {peer}"
            rows.append(Row(section, name, _us(t.seconds), ratio))
    return rows


def client_rows(quick: bool) -> list[Row]:
    results = clients.measure(rounds=3 if quick else 7, batch=100 if quick else 300)
    by_name = {(case.group, case.name): case for case in results.cases}
    theirs = {
        group: by_name[(group, "openai-python OpenAI" if group == "sync" else "openai-python AsyncOpenAI")]
        for group in ("sync", "async sequential", "async 32 in flight")
    }
    targets = {
        ("sync", "ours OpenAI (pydantic, httpx2)"): SYNC_VS_OPENAI,
        ("sync", "ours OpenAI (dataclass, http.client)"): DATACLASS_VS_OPENAI,
        ("async 32 in flight", "ours AsyncOpenAI"): ASYNC32_VS_OPENAI,
    }
    rows = []
    for case in results.cases:
        server_us = case.per_request(case.server_cpu) * 1e6
        server_share = sum(case.server_cpu) / sum(case.seconds)
        row = Row(
            f"client {case.group}",
            case.name,
            f"{case.median_rate:.0f} req/s",
            client_cpu=f"{case.per_request(case.client_cpu) * 1e6:.0f} us/req",
            server_cpu=f"{server_us:.0f} us/req ({server_share:.0%} of a core)",
        )
        peer = theirs[case.group]
        if case is not peer:
            r = clients.ratio(case, peer)
            row.ratio = f"{r:.2f}x openai-python"
            target = targets.get((case.group, case.name))
            if target is not None:
                row.target = f">= {target:g}x openai-python"
                row.met = r >= target
        rows.append(row)
    return rows


def import_rows(quick: bool) -> list[Row]:
    times = imports.measure(runs=5 if quick else 15)
    openai_time = times["openai"].median
    targets = {"openai_runs": IMPORT_PYDANTIC_VS_OPENAI, "openai_runs_dataclass": IMPORT_DATACLASS_VS_OPENAI}
    rows = []
    for name, t in times.items():
        label = "floor: import httpx2, pydantic + one BaseModel" if name == "floor" else f"import {name}"
        r = t.median / openai_time
        row = Row("import (fresh process, -X importtime)", label, _ms(t.median))
        if name != "openai":
            row.ratio = f"{r:.2f}x import openai"
        if name in targets:
            row.target = f"<= {targets[name]:g}x"
            row.met = r <= targets[name]
        rows.append(row)
    return rows


def generate_rows(quick: bool) -> list[Row]:
    times = generate.measure(runs=2 if quick else 5)
    names = list(times)
    dcg = times[names[1]].median
    rows = []
    for name in names:
        t = times[name].median
        row = Row("generate spec/openapi.yaml (whole process)", name, _ms(t), f"{t / dcg:.2f}x datamodel-codegen")
        if name == names[0]:
            row.target = f"<= {GENERATE_VS_DCG:g}x"
            row.met = t / dcg <= GENERATE_VS_DCG
        rows.append(row)
    return rows


def stream_rows(quick: bool) -> list[Row]:
    results = streams.measure(rounds=3 if quick else 7)
    by_name = {case.name: case for case in results.cases}
    theirs = {"sync": by_name["openai-python OpenAI"], "async": by_name["openai-python AsyncOpenAI"]}
    targets = {
        "ours OpenAI (pydantic, httpx2)": STREAM_VS_OPENAI,
        "ours OpenAI (dataclass, http.client)": STREAM_DATACLASS_VS_OPENAI,
        "ours AsyncOpenAI": STREAM_VS_OPENAI,
    }
    rows = []
    for case in results.cases:
        row = Row(
            f"stream {case.group}: {results.events} run events",
            case.name,
            f"{case.median_rate:.0f} events/s",
            client_cpu=f"{sum(case.cpu) / sum(case.events) * 1e6:.1f} us/event",
        )
        peer = theirs[case.group]
        if case is not peer:
            r = streams.ratio(case, peer)
            row.ratio = f"{r:.2f}x openai-python"
            row.target = f">= {targets[case.name]:g}x openai-python"
            row.met = r >= targets[case.name]
        rows.append(row)
    return rows


SECTIONS: dict[str, Callable[[bool], list[Row]]] = {
    "parse": parse_rows,
    "clients": client_rows,
    "imports": import_rows,
    "generate": generate_rows,
    "streams": stream_rows,
    "whole": whole.rows,  # OpenAI's whole document (bench/whole.py)
}

METHOD = """Method. Parse and serialise: the candidates of one document take turns in batches of
{number} calls, {repeat} batches each; the fastest batch per candidate (the least disturbed) is
reported, and ratios are of those minima. Clients: one server process (bench/server.py, raw
asyncio on 127.0.0.1); {rounds} rounds, in each every client sends {batch} requests (or as many
as 1.5 s allow) after {warmup} warm-up requests, the order rotating per round; a row's req/s
is the median over rounds, its ratio the median of the per-round ratios to openai-python in the
same mode; client CPU is the benchmark process's CPU time per request (all its threads), server
CPU the server process's own, over the row's requests. Imports:
{imports} fresh interpreters per package, taking turns, median of the top-level cumulative
`-X importtime` figure. Generation: whole processes, taking turns, one warm-up round dropped,
median of {generate}; on OpenAI's whole document, {whole} rounds without a warm-up, peak
memory from wait4. DeprecationWarnings are ignored inside the timed loops (every client's
cancel warns)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run; not written)")
    parser.add_argument("--only", choices=list(SECTIONS), action="append", help="run only these sections")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for name, section in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        rows += section(args.quick)
    print(text_table(rows))
    method = METHOD.format(
        number=300 if args.quick else 500,
        repeat=5 if args.quick else 30,
        rounds=3 if args.quick else 7,
        batch=100 if args.quick else 300,
        warmup=30,
        imports=5 if args.quick else 15,
        generate=2 if args.quick else 5,
        whole=1 if args.quick else 3,
    ).replace("\n", " ")
    if not (args.quick or args.only or args.no_write):
        write_record(RECORD, rows, method)
        print(f"\nwritten to {RECORD.relative_to(ROOT)}")
    missed = [row for row in rows if row.met is False]
    for row in missed:
        print(
            f"target missed: {row.section}: {row.measure}: {row.ratio} (target {row.target})", file=sys.stderr
        )
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
