"""multipart/form-data request bodies, streamed from files.

`multipart_body(values, file_fields=..., json_fields=...)` builds a `MultipartBody` from a
method's arguments. A file field takes bytes, a binary file object, a path (`os.PathLike`)
or a tuple `(filename, content[, content_type])`; a list of them sends one part each. Other
fields are form fields: strings as they are, booleans `true`/`false`, numbers as JSON,
objects (mappings, models) as JSON text, arrays as one part per item (repeated name).

A `MultipartBody` can be iterated (`iter(body)`, or `body.aiter()` for httpx2's async
client) more than once, so a retried request sends it again: paths are reopened, file
objects rewound to where they stood. It knows its `content_length` when every file's size
is known (bytes, paths, seekable file objects); else the body goes out chunked. Files are
read in 64 KiB pieces, never whole.
"""

from __future__ import annotations

import json
import mimetypes
import uuid
from typing import (
    Collection,
    Dict,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    cast,
)

from ._base import ModelBase
from ._content import FileContent, FileSource, RequestContent
from ._types import NotGiven, any_mapping, any_tuple, json_array

__all__ = ["FileContent", "FileTypes", "MultipartBody", "multipart_body"]

FileTypes = Union[
    FileContent,
    Tuple[Optional[str], FileContent],
    Tuple[Optional[str], FileContent, Optional[str]],
]
"""A file field: its content, or `(filename, content[, content_type])`."""

_CRLF = b"\r\n"


def _quote(text: str) -> str:
    """A name or filename inside a quoted header parameter, as browsers encode it."""
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


_Part = Tuple[bytes, Union[bytes, FileSource]]  # (headers, content)


class MultipartBody(RequestContent):
    """A multipart/form-data body: send `headers()` with it and iterate it for the bytes."""

    def __init__(self, parts: List[_Part], boundary: Optional[str] = None) -> None:
        super().__init__((), "multipart/form-data", None)
        self.boundary = boundary or uuid.uuid4().hex
        self._parts = parts
        self._opening = b"--" + self.boundary.encode("ascii") + _CRLF
        self._closing = b"--" + self.boundary.encode("ascii") + b"--" + _CRLF

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    @property
    def content_length(self) -> Optional[int]:
        """The body's size, or None when a file's size is unknown (the body is sent chunked)."""
        total = len(self._closing)
        for head, content in self._parts:
            size = len(content) if isinstance(content, bytes) else content.size
            if size is None:
                return None
            total += len(self._opening) + len(head) + size + len(_CRLF)
        return total

    def headers(self) -> Dict[str, str]:
        """`Content-Type` with the boundary, and `Content-Length` when it is known."""
        out = {"Content-Type": self.content_type}
        length = self.content_length
        if length is not None:
            out["Content-Length"] = str(length)
        return out

    def __iter__(self) -> Iterator[bytes]:
        for head, content in self._parts:
            yield self._opening + head
            if isinstance(content, bytes):
                yield content
            else:
                yield from content.chunks()
            yield _CRLF
        yield self._closing


def _head(name: str, filename: Optional[str] = None, content_type: Optional[str] = None) -> bytes:
    disposition = f'Content-Disposition: form-data; name="{_quote(name)}"'
    if filename is not None:
        disposition += f'; filename="{_quote(filename)}"'
    lines = [disposition]
    if content_type is not None:
        if "\r" in content_type or "\n" in content_type:
            raise ValueError("a content type must not hold a line break")
        lines.append(f"Content-Type: {content_type}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _file_part(name: str, value: object) -> _Part:
    filename: Optional[str] = None
    content_type: Optional[str] = None
    fields = any_tuple(value)
    if fields is not None:
        if len(fields) not in (2, 3):
            raise TypeError(f"{name}: a file tuple is (filename, content[, content_type])")
        filename, content = _optional_text(name, fields[0]), fields[1]
        content_type = _optional_text(name, fields[2]) if len(fields) == 3 else None
    else:
        content = value
    part = FileSource(cast(FileContent, content))  # its type is checked inside: TypeError
    if filename is None:
        filename = part.default_filename()
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return _head(name, filename, content_type), part


def _optional_text(name: str, value: object) -> Optional[str]:
    """A file tuple's filename or content type."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name}: a file tuple's filename and content type are strings or None")
    return value


def _form_value(value: object) -> Tuple[str, Optional[str]]:
    """A form field's text and the content type its part declares (JSON for objects)."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("true" if value else "false"), None
    if isinstance(value, (int, float)):
        return json.dumps(value, allow_nan=False), None
    return json.dumps(_json(value), separators=(",", ":"), allow_nan=False), "application/json"


def _json(value: object) -> object:
    if isinstance(value, ModelBase):
        return value.to_dict()
    fields = any_mapping(value)
    if fields is not None:
        return {key: _json(item) for key, item in fields.items() if not isinstance(item, NotGiven)}
    items = _items(value)
    return value if items is None else [_json(item) for item in items]


def _items(value: object) -> Optional[Sequence[object]]:
    """`value` when it is a list or a tuple (an array), else None."""
    return cast("Sequence[object]", value) if isinstance(value, (list, tuple)) else None


def multipart_body(
    values: Mapping[str, object],
    *,
    file_fields: Collection[str] = (),
    json_fields: Collection[str] = (),
    boundary: Optional[str] = None,
) -> MultipartBody:
    """The body for a method's arguments: NOT_GIVEN and None are left out; `file_fields`
    are files (one part per file of a list); `json_fields` are sent as one JSON part even
    when they are arrays (the document's `encoding` says so); other arrays repeat the name."""
    parts: List[_Part] = []
    for name, value in values.items():
        if value is None or isinstance(value, NotGiven):
            continue
        items = _items(value)
        if name in file_fields:
            files = json_array(value)  # a list: one part per file (a tuple is one file)
            parts.extend(_file_part(name, item) for item in ([value] if files is None else files))
        elif items is not None and name not in json_fields:
            for item in items:
                text, content_type = _form_value(item)
                parts.append((_head(name, content_type=content_type), text.encode("utf-8")))
        else:
            text, content_type = _form_value(value)
            parts.append((_head(name, content_type=content_type), text.encode("utf-8")))
    return MultipartBody(parts, boundary)
