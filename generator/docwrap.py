"""Docstrings wrapped at the generated code's line length.

`wrap_docstring(literal, column)` re-wraps a docstring literal made by `render.docstring`
(whose content is already inert: every backslash is escaped, so breaking a line at a space
never changes what an escape means) so that no line passes `width` columns where it has a
space to break at. A continued line keeps its indentation; an argument or list item
(`  name: text`, `- text`) continues two columns further in, as the generated `Args:`
sections are written.
"""

from __future__ import annotations

import re

from . import render

WIDTH = 100
# an argument (`run_id: ...`, `` `key`: ... ``) or a list item (`- ...`): continued lines hang
_ITEM = re.compile(r"(- |`[^`]+`: |[A-Za-z_][\w.]*: )")


def wrap_docstring(text: str, indent: str = "", width: int = WIDTH) -> str:
    """`render.docstring(text, indent)`, wrapped; its first line starts at column
    `len(indent)` (the template puts it after that indentation)."""
    lines = render.docstring(text, indent).split("\n")
    out = _wrap_line(lines[0], "", indent, len(indent), width)
    for line in lines[1:]:
        content = line.lstrip(" ")
        lead = line[: len(line) - len(content)]
        out.extend(_wrap_line(content, lead, lead, 0, width))
    return "\n".join(out)


def _wrap_line(content: str, lead: str, continuation: str, column: int, width: int) -> list[str]:
    """`lead + content` as lines of at most `width` columns (the first starts at `column`),
    broken at spaces; later lines start with `continuation` (and hang under an item)."""
    if column + len(lead) + len(content) <= width or " " not in content:
        return [lead + content]
    if _ITEM.match(content.removeprefix('"""')):
        continuation += "  "
    out: list[str] = []
    current = lead
    for word in content.split(" "):
        if current.strip() and word and column + len(current) + 1 + len(word) > width:
            out.append(current)
            current, column = continuation + word, 0
        else:
            current += (" " if current.strip() or current != lead else "") + word
    out.append(current)
    return out


def wrap_literal(text: str, column: int, width: int = WIDTH) -> str:
    """`render.py_literal(text)`, or, when that would pass `width` from `column`, adjacent
    literals one per line (broken after spaces; Python joins them), for a place inside
    brackets (a call's argument)."""
    literal = render.py_literal(text)
    if column + len(literal) <= width or " " not in text:
        return literal
    indent = " " * (column + 4)
    room = width - len(indent) - 2  # the quotes
    chunks: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(render.py_literal(candidate + " ")) - 2 > room:
            chunks.append(current + " ")
            current = word
        else:
            current = candidate
    chunks.append(current)
    body = "\n".join(indent + render.py_literal(chunk) for chunk in chunks)
    return f"\n{body}\n{' ' * max(column - 4, 0)}"
