"""A request path is one readable expression: a literal, or one `path_template(...)` call."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.methods import path_expression


def parts(*items: str) -> tuple[ir.PathPart, ...]:
    """`"/a/"`, `"{x}"` -> literal and parameter parts."""
    return tuple(ir.PathPart(param=i[1:-1]) if i.startswith("{") else ir.PathPart(literal=i) for i in items)


def test_no_parameter_is_a_literal() -> None:
    assert path_expression(parts("/threads")) == '"/threads"'


def test_parameters_go_through_one_template_call() -> None:
    got = path_expression(parts("/threads/", "{thread_id}", "/runs/", "{run_id}", "/cancel"))
    assert got == (
        '_retry.path_template("/threads/{thread_id}/runs/{run_id}/cancel", thread_id=thread_id, run_id=run_id)'
    )


def test_a_parameter_used_twice_is_passed_once() -> None:
    assert path_expression(parts("/", "{a}", "/", "{a}")) == '_retry.path_template("/{a}/{a}", a=a)'


def test_a_literal_brace_keeps_the_explicit_segments() -> None:
    got = path_expression(parts("/x{y}/", "{a}"))
    assert got == '"/x{y}/" + _retry.path_segment("a", a)'


def test_path_text_is_escaped() -> None:
    assert path_expression(parts('/a"b\\/', "{a}")) == '_retry.path_template("/a\\"b\\\\/{a}", a=a)'


@pytest.fixture
def retry() -> Any:
    import openai_runs_dataclass._retry as module  # the committed package (tests/conftest.py)

    return module


def test_path_template_encodes_each_value_as_one_segment(retry: Any) -> None:
    path_template = retry.path_template
    assert path_template("/t/{thread_id}/r/{run_id}", thread_id="a/b c", run_id=7) == "/t/a%2Fb%20c/r/7"
    assert path_template("/t/{template}", template="x") == "/t/x"  # the template is positional-only


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_path_template_refuses_dot_segments_naming_the_parameter(retry: Any, value: str) -> None:
    with pytest.raises(ValueError, match="run_id"):
        retry.path_template("/r/{run_id}", run_id=value)
