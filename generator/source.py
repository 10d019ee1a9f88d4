"""Load YAML into a tree of located nodes: every node knows its FILE:LINE:COL.

PyYAML composes a node graph (with marks); we convert it into `MapNode` / `SeqNode` /
`ScalarNode`, rejecting what PyYAML would silently accept: duplicate keys, non-string
keys, recursive aliases and alias expansion past a bound (a "billion laughs" file).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

import yaml

from .diagnostics import Diagnostics, Pos, Problem, SpecError

try:  # libyaml is much faster on the 100 kB upstream documents
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

# A small hostile file can describe an exponentially large tree through aliases: what the
# aliases add beyond the nodes the file itself holds is bounded (real documents, OpenAI's
# among them, alias a few descriptions; a whole 2 MB document is allowed as it is).
MAX_ALIAS_EXPANSION = 200_000
MAX_DEPTH = 200
# Real documents are a few MB (OpenAI's whole document: 3 MB); past this an input is refused
# unread rather than read until memory runs out.
MAX_INPUT_BYTES = 64 << 20
# Python refuses to convert decimal integers of more digits (to or from text, in source code
# too, on 3.11+): such a number could not be written into a generated file.
MAX_INT_DIGITS = 4300
_INT_BOUND = 10**MAX_INT_DIGITS

Scalar = Union[str, int, float, bool, None]


@dataclass(eq=False)
class Node:
    pos: Pos


@dataclass(eq=False)
class ScalarNode(Node):
    value: Scalar


@dataclass(eq=False)
class SeqNode(Node):
    items: list[Node] = field(default_factory=list)

    def __iter__(self) -> Iterator[Node]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(eq=False)
class MapNode(Node):
    entries: dict[str, Node] = field(default_factory=dict)
    key_pos: dict[str, Pos] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        return self.entries.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def items(self) -> Iterator[tuple[str, Node]]:
        return iter(self.entries.items())

    def keys(self) -> list[str]:
        return list(self.entries)


def to_plain(node: Node) -> object:
    """The node as plain JSON-like Python data (for examples and defaults)."""
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, SeqNode):
        return [to_plain(item) for item in node.items]
    assert isinstance(node, MapNode)
    return {key: to_plain(value) for key, value in node.entries.items()}


@dataclass(frozen=True)
class Document:
    path: Path
    display: str  # the name problems are reported under
    sha256: str
    root: MapNode


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and compose one YAML file; raise SpecError with every problem found."""
    name = display if display is not None else str(path)
    data = read_input(path, name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError([Problem(Pos(name, line, col), "file is not valid UTF-8")]) from None
    root = parse_yaml(text, name)
    return Document(path=path, display=name, sha256=digest, root=root)


def read_input(path: Path, name: str) -> bytes:
    """The bytes of a regular file of at most MAX_INPUT_BYTES; SpecError (at `name`:1:1)
    for anything else. A FIFO would block the read forever and a device (`/dev/zero`)
    never ends: both are refused before a byte is read."""

    def refuse(message: str) -> SpecError:
        return SpecError([Problem(Pos(name, 1, 1), f"cannot read file: {message}")])

    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (no effect on a regular file)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise refuse(str(exc.strerror or exc)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise refuse(f"{_file_kind(mode)}, not a regular file")
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read(MAX_INPUT_BYTES + 1)
        except OSError as exc:
            raise refuse(str(exc.strerror or exc)) from None
    if len(data) > MAX_INPUT_BYTES:
        raise refuse(f"larger than {MAX_INPUT_BYTES >> 20} MiB")
    return data


def _file_kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return f"it is {kind}"
    return "it is a special file"


def parse_yaml(text: str, name: str) -> MapNode:
    diags = Diagnostics()
    try:
        composed = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        # libyaml puts the end of a file without a final newline on the line after it
        end_line = text.count("\n") + 1
        end = (end_line, len(text) - (text.rfind("\n") + 1) + 1)
        line, col = min((line, col), end)
        problem = exc.problem or exc.context or "invalid YAML"
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        if _char_at(text, line, col) == "\t":
            problem, context = "a tab character where YAML expects indentation (indent with spaces)", ""
        raise SpecError([Problem(Pos(name, line, col), f"invalid YAML: {problem}{context}")]) from None
    except yaml.reader.ReaderError as exc:
        # a character YAML does not allow (NUL, other control characters...)
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise SpecError(
            [Problem(Pos(name, line, col), f"invalid YAML: the character U+{code:04X} is not allowed in YAML")]
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError([Problem(Pos(name, 1, 1), f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise SpecError([Problem(Pos(name, 1, 1), f"invalid YAML: nested more than {MAX_DEPTH} levels deep")]) from None
    empty_marker = isinstance(composed, yaml.ScalarNode) and composed.value == "" and not composed.style
    if composed is None or (empty_marker and composed.tag == "tag:yaml.org,2002:null"):  # also `---` alone
        raise SpecError([Problem(Pos(name, 1, 1), "the document is empty")])
    converter = _Converter(name, diags)
    converter.measure(composed)
    diags.raise_if_any()
    root = converter.convert(composed, 0)
    diags.raise_if_any()
    if not isinstance(root, MapNode):
        raise SpecError([Problem(root.pos, "the top level must be a mapping")])
    return root


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of `text`. libyaml refuses UTF-16 surrogate escapes in quoted
    strings (`"\\ud83d\\udc4d"`: valid JSON for one emoji; Twilio's documents hold them), so a
    document it refuses for that is read again by PyYAML's own loader (slower, same positions),
    which takes them; the converter joins each pair into its character (`_Converter.text`)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if _Loader is yaml.SafeLoader or "invalid Unicode character escape" not in str(exc.problem):
            raise
    return yaml.compose(text, Loader=yaml.SafeLoader)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _char_at(text: str, line: int, col: int) -> str:
    """The character at a 1-based position ('' past the end)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    return lines[line - 1][col - 1 : col]


_SIZE_CAP = 1 << 40  # keeps a bomb's sizes small integers


class _Converter:
    def __init__(self, name: str, diags: Diagnostics) -> None:
        self.name = name
        self.diags = diags
        self.cache: dict[int, Node] = {}

    def pos(self, node: yaml.Node) -> Pos:
        return Pos(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def measure(self, root: yaml.Node) -> None:
        """Reject alias graphs whose expanded size is too large, before expanding them."""
        sizes: dict[int, int] = {}
        active: set[int] = set()
        stack: list[tuple[yaml.Node, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            key = id(node)
            if done:
                active.discard(key)
                if isinstance(node, yaml.MappingNode):
                    children = [c for pair in node.value for c in pair]
                elif isinstance(node, yaml.SequenceNode):
                    children = list(node.value)
                else:
                    children = []
                sizes[key] = min(_SIZE_CAP, 1 + sum(sizes[id(c)] for c in children))
                continue
            if key in sizes:
                continue
            if key in active:
                self.diags.error(self.pos(node), "recursive YAML alias")
                return
            active.add(key)
            stack.append((node, True))
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    stack.append((v, False))
                    stack.append((k, False))
            elif isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    stack.append((item, False))
        # sizes holds every distinct node once; the root's size counts aliased ones again
        if sizes.get(id(root), 0) - len(sizes) > MAX_ALIAS_EXPANSION:
            self.diags.error(
                self.pos(root),
                f"the document expands to more than {MAX_ALIAS_EXPANSION} nodes beyond its own"
                " (YAML aliases); refusing to expand it",
            )

    def convert(self, node: yaml.Node, depth: int) -> Node:
        cached = self.cache.get(id(node))
        if cached is not None:
            return cached
        pos = self.pos(node)
        if depth > MAX_DEPTH:
            self.diags.error(pos, f"nesting deeper than {MAX_DEPTH} levels")
            return ScalarNode(pos, None)
        result: Node
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            self.diags.error(pos, f"unsupported YAML tag {node.tag}")
            result = ScalarNode(pos, None)
        elif isinstance(node, yaml.ScalarNode):
            result = ScalarNode(pos, self.text(self.scalar(node), pos))
        elif isinstance(node, yaml.SequenceNode):
            result = SeqNode(pos, [self.convert(item, depth + 1) for item in node.value])
        else:
            assert isinstance(node, yaml.MappingNode)
            result = self.mapping(node, pos, depth)
        self.cache[id(node)] = result
        return result

    def mapping(self, node: yaml.MappingNode, pos: Pos, depth: int) -> MapNode:
        out = MapNode(pos)
        for key_node, value_node in node.value:
            key_pos = self.pos(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diags.error(key_pos, "YAML merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.error(key_pos, "mapping keys must be strings")
                continue
            # JSON keys are strings: a plain `200`, `on`, `True` or `null` key means that text
            # (YAML 1.1 would make them an int, booleans and null)
            plain = key_node.tag in _STANDARD_TAGS and key_node.tag != "tag:yaml.org,2002:str"
            key = self.text(str(key_node.value) if plain else self.scalar(key_node), key_pos)
            if not isinstance(key, str):  # an unsupported tag: scalar() said so
                continue
            if key in out.entries:
                first = out.key_pos[key]
                self.diags.error(
                    key_pos, f"duplicate key {key!r} (first defined at line {first.line})"
                )
                continue
            out.key_pos[key] = key_pos
            out.entries[key] = self.convert(value_node, depth + 1)
        return out

    def text(self, value: Scalar, pos: Pos) -> Scalar:
        """A string with its escaped UTF-16 surrogate pairs joined into the characters they
        encode (PyYAML's own loader reads `"\\ud83d\\udc4d"` as two surrogates); a surrogate
        left alone is no character Python can write: a positioned error."""
        if not isinstance(value, str) or not _SURROGATE.search(value):
            return value
        try:
            return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError as exc:
            lone = ord(value[exc.start // 2])  # two bytes per UTF-16 code unit
            self.diags.error(pos, f"a lone UTF-16 surrogate (\\u{lone:04x}) is no character")
            return None

    def scalar(self, node: yaml.ScalarNode) -> Scalar:
        tag = node.tag
        core = _YAML12_CORE.get(tag)
        if core is not None and not node.style and not core.match(node.value):
            # OpenAPI 3.1 documents are YAML 1.2: `yes`, `on`, `1_000`, `12:30` are strings,
            # not the booleans and numbers YAML 1.1 (PyYAML) reads them as
            return str(node.value)
        if tag == "tag:yaml.org,2002:int" and not node.style and _DECIMAL.match(node.value):
            digits = node.value.lstrip("+-").lstrip("0") or "0"  # YAML 1.2: `010` is ten (1.1: eight)
            if len(digits) > MAX_INT_DIGITS:
                self.too_many_digits(node)
                return None
            return -int(digits) if node.value.startswith("-") else int(digits)
        constructor = _SCALARS.get(tag)
        if constructor is None:
            if tag in _STANDARD_TAGS:
                # timestamps, binary...: keep the text as written
                return str(node.value)
            self.diags.error(self.pos(node), f"unsupported YAML tag {tag}")
            return None
        try:
            value: Scalar = constructor(node)
        except (ValueError, yaml.YAMLError):
            self.diags.error(self.pos(node), f"invalid {tag.rsplit(':', 1)[-1]} value")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _INT_BOUND:
            self.too_many_digits(node)  # 0x...: fine as hex, too long once written out
            return None
        return value

    def too_many_digits(self, node: yaml.ScalarNode) -> None:
        self.diags.error(
            self.pos(node),
            f"an integer of more than {MAX_INT_DIGITS} digits (Python cannot write it in decimal)",
        )


_plain = yaml.SafeLoader("")


def _construct(method: str):  # type: ignore[no-untyped-def]
    func = getattr(_plain, method)
    return lambda node: func(node)


# The scalar tags of YAML's standard schemas; any other (`!!python/object:...`, `!custom`)
# is refused, never read as text.
_STANDARD_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "binary")
)

_COLLECTION_TAGS = frozenset(("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"))

# The plain scalars YAML 1.2's core schema reads as booleans and numbers.
_DECIMAL = re.compile(r"^[-+]?[0-9]+$")
_YAML12_CORE = {
    "tag:yaml.org,2002:bool": re.compile(r"^(true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    "tag:yaml.org,2002:float": re.compile(
        r"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$"
    ),
}

_SCALARS = {
    "tag:yaml.org,2002:str": lambda node: str(node.value),
    "tag:yaml.org,2002:null": _construct("construct_yaml_null"),
    "tag:yaml.org,2002:bool": _construct("construct_yaml_bool"),
    "tag:yaml.org,2002:int": _construct("construct_yaml_int"),
    "tag:yaml.org,2002:float": _construct("construct_yaml_float"),
}
