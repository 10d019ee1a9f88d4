"""The SSE decoder against the specification's parsing rules, whatever the chunking."""

from __future__ import annotations

from types import ModuleType
from typing import Any, List, Sequence

import pytest
from conftest import runtime


@pytest.fixture
def sse(packages: dict[str, ModuleType]) -> ModuleType:
    return runtime(packages["dataclass"], "_streaming")


def decode(sse: ModuleType, chunks: Sequence[bytes]) -> List[Any]:
    decoder = sse.SSEDecoder()
    events: List[Any] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    return events


def every_split(data: bytes) -> List[List[bytes]]:
    """The data whole, byte by byte, and cut in two at every position."""
    return [[data], [bytes([b]) for b in data]] + [[data[:i], data[i:]] for i in range(1, len(data))]


def test_fields_of_one_event(sse: ModuleType) -> None:
    stream = b"event: thread.run.created\nid: 7\nretry: 1500\ndata: {\"a\": 1}\n\n"
    assert decode(sse, [stream]) == [sse.ServerSentEvent('{"a": 1}', "thread.run.created", "7", 1500)]


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_ends_and_splits_give_the_same_events(sse: ModuleType, eol: bytes) -> None:
    text = (
        b": keep-alive comment\n"
        b"event: first\ndata: line one\ndata:line two\ndata\n\n"
        b"data: caf\xc3\xa9 \xe2\x82\xac\n\n"
        b"id: x\nevent: ignored without data\n\n"
        b"data:  two spaces\nunknown: field\ndata : not data\n\n"
    ).replace(b"\n", eol)
    expected = [
        sse.ServerSentEvent("line one\nline two\n", "first", None, None),
        sse.ServerSentEvent("caf\u00e9 \u20ac", None, None, None),
        sse.ServerSentEvent(" two spaces", None, "x", None),
    ]
    for chunks in every_split(text):
        assert decode(sse, chunks) == expected, chunks


def test_crlf_split_between_cr_and_lf_is_one_line_end(sse: ModuleType) -> None:
    # dispatched as soon as the blank line is complete, and the LF after CR ends nothing
    decoder = sse.SSEDecoder()
    assert decoder.feed(b"data: a\r\n\r") == [sse.ServerSentEvent("a")]
    assert decoder.feed(b"\ndata: b\r\n\r\n") == [sse.ServerSentEvent("b")]


def test_an_unfinished_event_at_the_end_is_not_dispatched(sse: ModuleType) -> None:
    assert decode(sse, [b"data: whole\n\ndata: cut off\n"]) == [sse.ServerSentEvent("whole")]


def test_empty_data_is_an_event_and_no_data_is_none(sse: ModuleType) -> None:
    assert decode(sse, [b"data\n\nevent: x\n\n:comment\n\ndata:\n\n"]) == [
        sse.ServerSentEvent(""),
        sse.ServerSentEvent(""),
    ]


def test_leading_bom_dropped_once(sse: ModuleType) -> None:
    assert decode(sse, [b"\xef\xbb", b"\xbfdata: a\n\n"]) == [sse.ServerSentEvent("a")]
    assert decode(sse, [b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n"]) == []  # "\ufeffdata" is no field


def test_id_persists_and_nul_id_and_bad_retry_are_ignored(sse: ModuleType) -> None:
    events = decode(sse, [b"id: 1\ndata: a\n\ndata: b\n\nid: 2\x00\nretry: 10s\ndata: c\n\nid\ndata: d\n\n"])
    assert [(e.data, e.id, e.retry) for e in events] == [("a", "1", None), ("b", "1", None), ("c", "1", None),
                                                         ("d", "", None)]


def test_invalid_utf8_is_replaced(sse: ModuleType) -> None:
    assert decode(sse, [b"data: \xff\n\n"]) == [sse.ServerSentEvent("\ufffd")]


def test_json(sse: ModuleType) -> None:
    assert sse.ServerSentEvent('{"a": [1]}').json() == {"a": [1]}
