"""The exceptions the clients raise, all importable from the package root.

APIError
├── APIStatusError                a response whose status is not 2xx
│   ├── BadRequestError           400
│   ├── AuthenticationError       401
│   ├── PermissionDeniedError     403
│   ├── NotFoundError             404
│   ├── ConflictError             409
│   ├── UnprocessableEntityError  422
│   ├── RateLimitError            429
│   └── InternalServerError       >= 500
├── APIConnectionError            no response: the connection failed or broke
│   └── APITimeoutError           no response in time
├── APIResponseValidationError    a 2xx whose body is not JSON or not the documented type
└── MissingAPIKeyError            no API key given, none in the environment
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple, Type

from ._types import json_object
from ._validation import ValidationError

if TYPE_CHECKING:
    from ._http import Response

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingAPIKeyError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationWarning",
    "UnprocessableEntityError",
    "decode_body",
    "status_error",
]


class APIError(Exception):
    """The base of every error a client raises."""

    message: str
    body: object
    """What the server sent, decoded: its JSON `error` object when it has one, else the
    JSON value, else the text; None when there is no body (or no response at all)."""

    def __init__(self, message: str, *, body: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.body = body


class APIStatusError(APIError):
    """The server answered with a status that is not 2xx.

    `message` is the server's (`{"error": {"message": ...}}`) when it sent one, and `str()`
    leads with it; `code`, `type` and `param` are those of the error object (None when absent).
    """

    response: Response
    status_code: int
    request_id: Optional[str]
    """The `x-request-id` response header: quote it when reporting a problem."""
    code: Optional[str]
    type: Optional[str]
    param: Optional[str]

    def __init__(self, message: str, *, response: Response, body: object) -> None:
        super().__init__(message, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        fields = json_object(body) or {}
        self.code = _text(fields.get("code"))
        self.type = _text(fields.get("type"))
        self.param = _text(fields.get("param"))
        server_message = fields.get("message")
        if isinstance(server_message, str) and server_message:
            self.message = server_message


def _text(value: object) -> Optional[str]:
    """A field of the error object as text (servers send codes as strings or numbers)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return value if isinstance(value, str) else json.dumps(value)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


class APIConnectionError(APIError):
    """No response: the connection could not be made or broke (`__cause__` says why)."""

    def __init__(self, message: str = "Connection error.") -> None:
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """No response within the timeout."""

    def __init__(self, message: str = "Request timed out.") -> None:
        super().__init__(message)


class APIResponseValidationError(APIError):
    """A 2xx response whose body is not JSON, or not the type the spec documents.

    `error` (also the `__cause__`) is the ValidationError naming the bad field.
    """

    response: Response
    status_code: int
    request_id: Optional[str]
    error: ValidationError

    def __init__(self, response: Response, error: ValidationError) -> None:
        super().__init__(
            f"The response body does not match the documented type: {error}",
            body=decode_body(response.content),
        )
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")
        self.error = error


class ResponseValidationWarning(UserWarning):
    """A 2xx body that does not match the documented type, kept as sent because the client
    was made with `strict_response_validation=False`; `problems` lists (path, message)."""

    def __init__(self, problems: List[Tuple[str, str]]) -> None:
        where = "; ".join(f"{path or '(root)'}: {message}" for path, message in problems)
        super().__init__(
            f"The response body does not match the documented type, kept as sent: {where}"
        )
        self.problems = problems


class MissingAPIKeyError(APIError):
    """No API key: pass `api_key=...` to the client or set the environment variable."""


_STATUS_ERRORS: Dict[int, Type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def decode_body(content: bytes) -> object:
    """A body as JSON when it parses, else as text; None when empty."""
    text = content.decode("utf-8", errors="replace").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def status_error(response: Response) -> APIStatusError:
    """The exception for a response whose status is not 2xx: its `str()` is the server's
    message then the status (`No run found with id 'x'. (Error code: 404)`) when the body
    is `{"error": {"message": ...}}`, else "Error code: 404 - <the body>"."""
    body = decode_body(response.content)
    status = response.status_code
    message = f"Error code: {status} - {body}" if body is not None else f"Error code: {status}"
    fields = json_object(body)
    if fields is not None and "error" in fields:
        body = fields["error"]
        server_message = (json_object(body) or {}).get("message")
        if isinstance(server_message, str) and server_message:
            message = f"{server_message} (Error code: {status})"
    if status >= 500:
        error_class: Type[APIStatusError] = InternalServerError
    else:
        error_class = _STATUS_ERRORS.get(status, APIStatusError)
    return error_class(message, response=response, body=body)
