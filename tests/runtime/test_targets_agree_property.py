"""The property of issue 14 over both targets: the same accept/reject verdict for every
document (from_dict and from_json alike), and for accepted input to_dict(from_dict(x)) == x,
deep and surrogate-bearing values included. Needs hypothesis (the 3.11 environment; the
3.9 / 3.13 runtime environments have no hypothesis, and skip this module)."""

from __future__ import annotations

import copy
import json
from typing import Any

import openai_runs
import openai_runs_dataclass
import pytest

from .test_nesting_and_surrogates import MAX_DEPTH, RUN, nested

TARGETS = [openai_runs, openai_runs_dataclass]

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF)),  # surrogates too
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=12,
)


@st.composite
def documents(draw: Any) -> dict[str, Any]:
    """The Run with an unknown key holding a JSON value, wrapped in 0 .. 260 more levels."""
    value = draw(JSON_VALUES)
    levels = draw(st.one_of(st.integers(0, 8), st.integers(MAX_DEPTH - 8, MAX_DEPTH + 8), st.integers(0, 260)))
    return dict(copy.deepcopy(RUN), extra=nested(levels, value))


def verdict(parse: Any, data: Any) -> Any:
    try:
        return ("accepted", parse(data).to_dict())
    except ValueError as exc:  # ValidationError: what both targets raise
        assert type(exc).__name__ == "ValidationError", repr(exc)
        return ("rejected", getattr(exc, "path", None))


@hypothesis.settings(deadline=None, max_examples=150, suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(documents())
def test_both_targets_give_the_same_verdict_and_round_trip(document: dict[str, Any]) -> None:
    text = json.dumps(document)
    verdicts = []
    for target in TARGETS:
        from_dict = verdict(target.Run.from_dict, copy.deepcopy(document))
        from_json = verdict(target.Run.from_json, text)
        assert from_dict == from_json, target.__name__
        verdicts.append(from_dict)
        if from_dict[0] == "accepted":
            assert from_dict[1] == document  # to_dict(from_dict(x)) == x
            assert json.loads(target.Run.from_dict(copy.deepcopy(document)).to_json()) == document
    assert verdicts[0] == verdicts[1]
