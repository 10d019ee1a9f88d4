"""Binary and text responses: read whole, or passed through as they arrive."""

from __future__ import annotations

import os
import pathlib
from types import ModuleType
from typing import Any

import pytest
from conftest import runtime

AUDIO = os.urandom(200_000)


@pytest.fixture
def binary(pkg: ModuleType) -> ModuleType:
    return runtime(pkg, "_binary")


def test_a_read_body(binary: ModuleType, tmp_path: pathlib.Path) -> None:
    response = binary.BinaryResponse.read(
        "caf\u00e9".encode("latin-1"), status_code=200,
        headers={"content-type": 'text/plain; charset="latin-1"', "x-request-id": "req_1"},
    )
    assert response.content == b"caf\xe9"
    assert response.text == "caf\u00e9"
    assert response.request_id == "req_1"
    assert list(response.iter_bytes(2)) == [b"ca", b"f\xe9"]
    response.write_to_file(tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_bytes() == b"caf\xe9"
    assert list(response.iter_bytes()) == [b"caf\xe9"]  # a read body can be iterated again


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/plain; charset=nope"])
def test_text_defaults_to_utf8(binary: ModuleType, content_type: str) -> None:
    response = binary.BinaryResponse.read(b"\xe2\x82\xac\xff", status_code=200, headers={"content-type": content_type})
    assert response.text == "\u20ac\ufffd"


def test_streamed_chunks_regrouped(binary: ModuleType) -> None:
    closed = []
    response = binary.BinaryResponse(iter([b"abc", b"de", b"fghij"]), lambda: closed.append(1),
                                     status_code=200, headers={})
    assert list(response.iter_bytes(4)) == [b"abcd", b"efgh", b"ij"]
    assert closed == [1]
    with pytest.raises(RuntimeError, match="streamed already"):
        _ = response.content


def test_download_over_every_transport(harness: Any, tmp_path: pathlib.Path) -> None:
    harness.server.serve("/v1/audio/speech", [AUDIO[i : i + 8192] for i in range(0, len(AUDIO), 8192)],
                         content_type="audio/mpeg")
    response = harness.open_binary("/v1/audio/speech")
    assert response.status_code == 200 and response.request_id == "req_stream"
    assert not harness.response_closed()  # nothing read yet
    target = tmp_path / "speech.mp3"
    if harness.loop is not None:
        harness.run(response.write_to_file(target))
    else:
        response.write_to_file(target)
    assert target.read_bytes() == AUDIO
    assert harness.response_closed()

    harness.server.serve("/v1/files/f/content", [b"line 1\n", b"line 2\n"], content_type="text/plain")
    response = harness.open_binary("/v1/files/f/content")
    if harness.loop is not None:
        assert harness.run(response.read()) == b"line 1\nline 2\n"
        assert harness.run(response.text()) == "line 1\nline 2\n"
    else:
        assert response.content == b"line 1\nline 2\n"
        assert response.text == "line 1\nline 2\n"
    assert len({r.peer for r in harness.server.received}) == 1  # both on one connection


def test_closed_unread(harness: Any) -> None:
    harness.server.serve("/big", [AUDIO] * 20, content_type="application/octet-stream")
    response = harness.open_binary("/big")
    if harness.loop is not None:
        harness.run(response.aclose())
    else:
        with response:
            pass
    assert harness.response_closed()
    assert harness.plain() == b'{"echo": 0}'
