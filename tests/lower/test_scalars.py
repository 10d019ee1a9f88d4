"""Enums (generator/lower/scalars.py): values kept once, in order, in linear time."""

from __future__ import annotations

from generator import ir
from generator.diagnostics import Pos
from generator.lower.scalars import lower_enum
from generator.source import MapNode, Node, ScalarNode

from .support import lowerer

POS = Pos("spec.yaml", 1, 1)


class CountingStr(str):
    """A string that counts how often it is compared for equality."""

    comparisons = 0

    def __eq__(self, other: object) -> bool:
        CountingStr.comparisons += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_duplicates_are_dropped_in_order() -> None:
    lw, diags = lowerer("E: {type: string}")
    items: list[Node] = [ScalarNode(POS, v) for v in ("b", "a", "b", None, "c", "a")]
    lowered = lower_enum(lw, MapNode(POS), items, ["string"], lw.response, "E", False)
    assert lowered.type == ir.EnumType("string", ("b", "a", "c"), alias="E")
    assert lowered.nullable  # the null value
    assert not diags.problems


def test_a_large_enum_is_lowered_without_comparing_every_pair() -> None:
    """A 100k-value enum took over 120 s: each value was looked up in the list of values
    kept so far (issue 14, item 4). Values are now compared through a set."""
    lw, _ = lowerer("E: {type: string}")
    n = 5000
    items: list[Node] = [ScalarNode(POS, CountingStr(f"v{i}")) for i in range(n)]
    CountingStr.comparisons = 0
    lowered = lower_enum(lw, MapNode(POS), items, ["string"], lw.response, "E", False)
    assert isinstance(lowered.type, ir.EnumType) and len(lowered.type.values) == n
    assert CountingStr.comparisons < 2 * n  # the list lookup made n * (n - 1) / 2 (12.5 million)
