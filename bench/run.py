"""`make bench`: speed of the generated packages and of the generator, each as a ratio
against a peer measured in the same run (these machines are noisy; ratios travel, seconds
do not).

Peers: `json.loads` of the same bytes (the floor any parser pays), and the pydantic v2
models datamodel-code-generator emits for the same spec (the obvious alternative), timed with
`model_validate_json` on the same documents.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import timeit
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))
sys.path.insert(0, str(ROOT / "tests"))

import openai_runs  # noqa: E402
import openai_runs_dataclass  # noqa: E402
from runtime.seeds import seed_examples  # noqa: E402

# Targets the issue sets (ratios, lower is better).
DATACLASS_FROM_DICT_BUDGET = 1.8  # x json.loads of the same document
PYDANTIC_VS_PEER_BUDGET = 1.5  # x datamodel-code-generator's model_validate_json


def best(fn: Callable[[], Any], number: int, repeat: int = 7) -> float:
    """Seconds per call: the minimum over repeats (the least disturbed measurement)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def peer_models() -> Any:
    """datamodel-code-generator's pydantic v2 models for spec/openapi.yaml."""
    out = Path(tempfile.mkdtemp()) / "dcg_models.py"
    subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", "--input", str(ROOT / "spec" / "openapi.yaml"),
         "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel", "--output", str(out),
         "--disable-timestamp"],
        check=True, capture_output=True,
    )
    spec = spec_from_file_location("dcg_models", out)
    assert spec and spec.loader
    module = module_from_spec(spec)
    sys.modules["dcg_models"] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    documents = {name: json.dumps(example).encode() for name, example in seed_examples()}
    # one of each distinct example, plus the fullest one
    unique = {}
    for name, raw in documents.items():
        unique.setdefault(raw, name)
    docs = {name: raw for raw, name in unique.items()}
    peer = peer_models()

    rows: list[tuple[str, str, float, float | None, float | None]] = []
    failures = []
    for name, raw in docs.items():
        text = raw.decode()
        data = json.loads(raw)
        n = 2000
        t_loads = best(lambda: json.loads(raw), n)
        t_dc_from_dict = best(lambda: openai_runs_dataclass.Run.from_dict(data), n)
        t_dc_from_json = best(lambda: openai_runs_dataclass.Run.from_json(raw), n)
        t_pd_from_json = best(lambda: openai_runs.Run.from_json(raw), n)
        t_pd_from_dict = best(lambda: openai_runs.Run.from_dict(data), n)
        try:
            peer.Run.model_validate_json(raw)
        except ValueError:
            t_peer = None  # the peer rejects a documented example (required-but-absent fields)
        else:
            t_peer = best(lambda: peer.Run.model_validate_json(raw), n)
        t_dc_to_dict = best(openai_runs_dataclass.Run.from_dict(data).to_dict, n)
        t_pd_to_dict = best(openai_runs.Run.from_json(text).to_dict, n)
        rows += [
            (name, "dataclass Run.from_dict", t_dc_from_dict, t_loads, DATACLASS_FROM_DICT_BUDGET),
            (name, "dataclass Run.from_json", t_dc_from_json, t_loads, None),
            (name, "dataclass run.to_dict", t_dc_to_dict, t_loads, None),
            (name, "pydantic Run.from_json", t_pd_from_json, t_peer, PYDANTIC_VS_PEER_BUDGET),
            (name, "pydantic Run.from_dict", t_pd_from_dict, t_peer, None),
            (name, "pydantic run.to_dict", t_pd_to_dict, t_peer, None),
        ]

    # the generator itself: whole pipeline vs datamodel-code-generator on the same spec
    with tempfile.TemporaryDirectory() as tmp:
        def ours() -> None:
            subprocess.run([sys.executable, "-m", "generator", "check", "--out", tmp], cwd=ROOT, capture_output=True)

        def theirs() -> None:
            subprocess.run(
                [sys.executable, "-m", "datamodel_code_generator", "--input", str(ROOT / "spec" / "openapi.yaml"),
                 "--input-file-type", "openapi", "--output-model-type", "pydantic_v2.BaseModel",
                 "--output", str(Path(tmp) / "m.py"), "--disable-timestamp"],
                capture_output=True,
            )

        t_gen = best(ours, 1, repeat=3)
        t_dcg = best(theirs, 1, repeat=3)
        rows.append(("spec/openapi.yaml", "generator (both targets, in full)", t_gen, t_dcg, None))

    peer_name = {True: "json.loads", False: "datamodel-code-generator"}
    print(f"{'document':<28} {'measure':<36} {'ours':>10} {'peer':>10} {'ratio':>7}  peer / budget")
    for doc, what, ours_t, peer_t, budget in rows:
        unit = "ms" if ours_t > 1e-3 else "us"
        scale = 1e3 if unit == "ms" else 1e6
        peer_label = peer_name[what.startswith("dataclass")]
        if peer_t is None:
            print(f"{doc[:28]:<28} {what:<36} {ours_t * scale:>8.2f}{unit} {'-':>10} {'-':>7}  {peer_label} rejects this documented example")
            continue
        ratio = ours_t / peer_t
        verdict = ""
        if budget is not None:
            verdict = f"<= {budget}x {'ok' if ratio <= budget else 'OVER BUDGET'}"
            if ratio > budget:
                failures.append((doc, what, ratio, budget))
        print(f"{doc[:28]:<28} {what:<36} {ours_t * scale:>8.2f}{unit} {peer_t * scale:>8.2f}{unit} {ratio:>6.2f}x  {peer_label} {verdict}")
    print()
    print(f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}; minimum of 7 repeats")
    for doc, what, ratio, budget in failures:
        print(f"over budget: {what} on {doc}: {ratio:.2f}x > {budget}x", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
