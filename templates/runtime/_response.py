"""`APIResponse`: a 2xx response as received, returned by the `with_raw_response` methods."""

from __future__ import annotations

import json
import warnings
from typing import TYPE_CHECKING, Callable, Generic, Optional, TypeVar, cast

from . import _raw_response
from ._base import ModelBase, set_request_id
from ._errors import APIResponseValidationError, ResponseValidationWarning
from ._types import json_object
from ._validation import ValidationError

if TYPE_CHECKING:
    from ._http import Response, ResponseHeaders

__all__ = ["APIResponse"]

_T = TypeVar("_T")


class APIResponse(Generic[_T]):
    """A 2xx response (errors have been raised already); `parse()` gives the typed result."""

    def __init__(
        self, http_response: Response, parse: Callable[[bytes], _T], strict: bool = True
    ) -> None:
        self.http_response = http_response
        self._parse = parse
        self._strict = strict

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> ResponseHeaders:
        """The response headers, looked up case-insensitively."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The body as received."""
        return self.http_response.content

    @property
    def request_id(self) -> Optional[str]:
        """The `x-request-id` response header."""
        request_id: Optional[str] = self.headers.get("x-request-id")
        return request_id

    def parse(self) -> _T:
        """The body validated into the operation's result type, a model carrying the
        response's `_request_id`; APIResponseValidationError when it is not JSON or not that
        type (with `strict_response_validation=False`, a model is kept as sent instead, with
        a ResponseValidationWarning naming each bad field)."""
        if _raw_response.capturing():  # a `with_raw_response` call: hand the response over
            raise _raw_response.Captured(self)
        try:
            result = self._parse(self.content)
        except ValidationError as exc:
            lenient = None if self._strict else _lenient(self._parse, self.content, exc)
            if lenient is None:
                raise APIResponseValidationError(self.http_response, exc) from exc
            result = lenient
        if isinstance(result, ModelBase):
            set_request_id(result, self.request_id)
        return result

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"


def _lenient(parse: Callable[[bytes], _T], content: bytes, error: ValidationError) -> Optional[_T]:
    """The body as sent in the model `parse` makes (a model's `from_json`), with a warning;
    None when the body is no JSON object or the result is no model."""
    model = getattr(parse, "__self__", None)
    if not (isinstance(model, type) and issubclass(model, ModelBase)):
        return None
    try:
        data = json.loads(content)
    except ValueError:
        return None
    fields = json_object(data)
    if fields is None:
        return None
    warnings.warn(ResponseValidationWarning(error.problems), stacklevel=4)
    return cast(_T, model.construct_as_sent(fields))
