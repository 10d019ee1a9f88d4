"""multipart/form-data bodies: the parts they hold, their length, sending them again, and
sending them over the three transports."""

from __future__ import annotations

import email.parser
import email.policy
import io
import os
import pathlib
from types import ModuleType
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from conftest import runtime

Part = Tuple[Dict[str, str], bytes]


@pytest.fixture
def mp(pkg: ModuleType) -> ModuleType:
    return runtime(pkg, "_multipart")


def parse(body: bytes, content_type: str) -> List[Part]:
    """A strict multipart/form-data reader: every delimiter, CRLF and header where RFC 7578
    puts it."""
    boundary = content_type.split("; boundary=", 1)[1].encode()
    delimiter = b"--" + boundary
    assert body.endswith(delimiter + b"--\r\n")
    segments = body[: -len(b"--\r\n")].split(delimiter)
    assert segments[0] == b""
    parts: List[Part] = []
    for segment in segments[1:]:
        assert segment.startswith(b"\r\n") or segment == b"", segment[:20]
        if not segment:
            continue
        assert segment.endswith(b"\r\n")
        head, _, content = segment[2:-2].partition(b"\r\n\r\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        parts.append((headers, content))
    return parts


def disposition(part: Part) -> str:
    return part[0]["Content-Disposition"]


def test_file_field_forms_and_form_fields(mp: ModuleType, pkg: ModuleType, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"from a path")
    named = open(path, "rb")
    tool = pkg.models.FunctionTool.from_dict({"type": "function", "function": {"name": "f"}})
    body = mp.multipart_body(
        {
            "raw": b"\x00\xffbytes",
            "pair": ("a\"b\r\n.png", b"png"),
            "triple": ("data.bin", io.BytesIO(b"io"), "application/x-thing"),
            "path": path,
            "named": named,
            "many": [b"1", ("two.json", b"2")],
            "purpose": "assistants",
            "n": 3,
            "t": 0.5,
            "flag": False,
            "tags": ["x", "y"],
            "meta": {"k": [1, None]},
            "tool": tool,
            "ids": ["a", "b"],
            "skipped": None,
            "absent": runtime(pkg, "_types").NOT_GIVEN,
        },
        file_fields={"raw", "pair", "triple", "path", "named", "many"},
        json_fields={"ids"},
    )
    data = bytes(body)
    named.close()
    parts = parse(data, body.content_type)
    assert [(disposition(p), p[0].get("Content-Type"), p[1]) for p in parts] == [
        ('form-data; name="raw"; filename="upload"', "application/octet-stream", b"\x00\xffbytes"),
        ('form-data; name="pair"; filename="a%22b%0D%0A.png"', "image/png", b"png"),
        ('form-data; name="triple"; filename="data.bin"', "application/x-thing", b"io"),
        ('form-data; name="path"; filename="notes.txt"', "text/plain", b"from a path"),
        ('form-data; name="named"; filename="notes.txt"', "text/plain", b"from a path"),
        ('form-data; name="many"; filename="upload"', "application/octet-stream", b"1"),
        ('form-data; name="many"; filename="two.json"', "application/json", b"2"),
        ('form-data; name="purpose"', None, b"assistants"),
        ('form-data; name="n"', None, b"3"),
        ('form-data; name="t"', None, b"0.5"),
        ('form-data; name="flag"', None, b"false"),
        ('form-data; name="tags"', None, b"x"),
        ('form-data; name="tags"', None, b"y"),
        ('form-data; name="meta"', "application/json", b'{"k":[1,null]}'),
        ('form-data; name="tool"', "application/json", b'{"type":"function","function":{"name":"f"}}'),
        ('form-data; name="ids"', "application/json", b'["a","b"]'),
    ]
    assert body.content_length == len(data)
    assert body.headers() == {"Content-Type": body.content_type, "Content-Length": str(len(data))}


def test_an_independent_parser_reads_the_same_fields(mp: ModuleType) -> None:
    body = mp.multipart_body({"file": ("a.txt", b"hello\r\nworld"), "purpose": "batch"}, file_fields={"file"})
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + body.content_type.encode() + b"\r\n\r\n" + bytes(body)
    )
    parts = list(message.iter_parts())
    assert [p.get_param("name", header="content-disposition") for p in parts] == ["file", "purpose"]
    assert parts[0].get_filename() == "a.txt"
    assert parts[0].get_payload(decode=True) == b"hello\r\nworld"
    assert parts[1].get_payload(decode=True) == b"batch"


def test_sent_again_for_a_retry(mp: ModuleType, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"p" * 10)
    stream = io.BytesIO(b"skipXYZ")
    stream.seek(4)  # sent from where the caller left it, each time
    body = mp.multipart_body({"a": path, "b": stream}, file_fields={"a", "b"})
    first, second = bytes(body), bytes(body)
    assert first == second
    assert [p[1] for p in parse(first, body.content_type)] == [b"p" * 10, b"XYZ"]


def test_an_unseekable_file_has_no_length_and_is_sent_once(mp: ModuleType) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"piped")
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        body = mp.multipart_body({"f": pipe}, file_fields={"f"})
        assert body.content_length is None
        assert "Content-Length" not in body.headers()
        assert parse(bytes(body), body.content_type)[0][1] == b"piped"
        with pytest.raises(ValueError, match="cannot be sent twice"):
            bytes(body)


def test_files_are_read_in_pieces(mp: ModuleType, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(os.urandom(300_000))
    body = mp.multipart_body({"file": path}, file_fields={"file"})
    chunks: Iterator[bytes] = iter(body)
    sizes = [len(c) for c in chunks]
    assert max(sizes) <= 65536 + 200  # a part's head rides with the delimiter, files in 64 KiB reads
    assert sum(sizes) == body.content_length


@pytest.mark.parametrize(
    "value, problem",
    [
        (lambda: "text", "a file field takes bytes"),
        (lambda: ("a", b"b", "c", "d"), "a file tuple is"),
        (lambda: io.StringIO("text"), "binary mode"),
    ],
)
def test_wrong_file_values(mp: ModuleType, value: Any, problem: str) -> None:
    with pytest.raises(TypeError, match=problem):
        mp.multipart_body({"f": value()}, file_fields={"f"})


def test_uploads_over_every_transport(harness: Any, tmp_path: pathlib.Path) -> None:
    mp = runtime(harness.package, "_multipart")
    path = tmp_path / "doc.pdf"
    path.write_bytes(b"%PDF" + bytes(range(256)) * 400)
    with open(path, "rb") as file:
        body = mp.multipart_body(
            {"file": file, "extra": ("name.txt", b"tuple content", "text/plain"), "purpose": "assistants"},
            file_fields={"file", "extra"},
        )
        assert harness.upload("/v1/files", body) == b'{"echo": %d}' % body.content_length
        received = harness.server.last("/v1/files")
        assert received.headers["content-length"] == str(body.content_length)
        parts = parse(received.body, received.headers["content-type"])
        assert [p[1] for p in parts] == [path.read_bytes(), b"tuple content", b"assistants"]
        assert disposition(parts[0]) == 'form-data; name="file"; filename="doc.pdf"'
        assert parts[0][0]["Content-Type"] == "application/pdf"


def test_unknown_length_goes_chunked(harness: Any) -> None:
    mp = runtime(harness.package, "_multipart")
    read_end, write_end = os.pipe()
    os.write(write_end, b"from a pipe")
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        body = mp.multipart_body({"file": ("p.txt", pipe)}, file_fields={"file"})
        harness.upload("/v1/uploads", body)
    received = harness.server.last("/v1/uploads")
    assert received.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in received.headers
    assert parse(received.body, received.headers["content-type"])[0][1] == b"from a pipe"
