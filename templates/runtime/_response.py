"""`APIResponse`: a 2xx response as received, returned by the `with_raw_response` methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Generic, Optional, TypeVar

from ._errors import APIResponseValidationError
from ._validation import ValidationError

if TYPE_CHECKING:
    from ._http import Response, ResponseHeaders

__all__ = ["APIResponse"]

_T = TypeVar("_T")


class APIResponse(Generic[_T]):
    """A 2xx response (errors have been raised already); `parse()` gives the typed result."""

    def __init__(self, http_response: Response, parse: Callable[[bytes], _T]) -> None:
        self.http_response = http_response
        self._parse = parse

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
        """The body validated into the operation's result type; APIResponseValidationError
        when it is not JSON or not that type."""
        try:
            return self._parse(self.content)
        except ValidationError as exc:
            raise APIResponseValidationError(self.http_response, exc) from exc

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}]>"
