"""render.docstring: any description becomes one inert string literal."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from generator.render import comment, docstring

QUOTY = st.text(alphabet=st.sampled_from(['"', "\\", "'", "\n", " ", "a", "\t", "\x00", "\u2028"]), max_size=40)


def literal_value(source: str) -> str:
    tree = ast.parse(f"def f():\n    {source}\n")
    (func,) = tree.body
    assert isinstance(func, ast.FunctionDef) and len(func.body) == 1, source  # one statement: no code
    (stmt,) = func.body
    assert isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant), source
    value = stmt.value.value
    assert isinstance(value, str)
    return value


def test_a_description_ending_in_triple_quotes() -> None:
    for text in ['ends in """', 'ends in ""', 'ends in "', '"""', '""""', 'a """ b """', 'x\\"""', 'x\\"']:
        source = docstring(text, "    ")
        assert literal_value(source) == text, (text, source)


@given(QUOTY)
def test_every_text_is_one_string_literal(text: str) -> None:
    value = literal_value(docstring(text, "    "))
    # the words survive (whitespace is normalised, control characters shown escaped)
    assert value.count('"') == text.strip().count('"')


@given(QUOTY)
def test_comment_is_one_line(text: str) -> None:
    assert "\n" not in comment(text)
