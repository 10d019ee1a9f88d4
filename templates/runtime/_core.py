"""What the clients of every target share: their options, and how a call becomes requests.

A generated client subclasses its target's transport client (`_http.SyncAPIClient`, ...),
which subclasses `BaseClient`. What varies with the spec and config (the user agent, the
headers the config declares, environment variable names, the default base URL) arrives as
one `ClientConfig`, built by the generated `_config.py`.
"""

from __future__ import annotations

import copy
import logging
import os
from typing import TYPE_CHECKING, Callable, Dict, Mapping, Optional, Set, Tuple, TypeVar, Union

from . import _retry
from ._errors import MissingAPIKeyError
from ._loop import Content, RequestLoop
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Query

if TYPE_CHECKING:
    from ._content import RequestContent
    from ._http import Timeout

__all__ = ["ApiKey", "BaseClient", "ClientConfig"]

ApiKey = Union[str, Callable[[], str]]
"""An API key, or a function returning the current one (called for every request)."""

_C = TypeVar("_C", bound="BaseClient")


class ClientConfig:
    """What the spec and config say about the clients of a package."""

    __slots__ = (
        "api_key_env",
        "base_url_env",
        "default_base_url",
        "headers",
        "log_env",
        "logger_name",
        "options",
        "user_agent",
    )

    def __init__(
        self,
        *,
        user_agent: str,
        headers: Tuple[Tuple[str, str], ...],
        api_key_env: str,
        base_url_env: str,
        default_base_url: str,
        logger_name: str,
        log_env: Optional[str] = None,
        options: Tuple[Tuple[str, Optional[str], str], ...] = (),
    ) -> None:
        self.user_agent = user_agent
        self.headers = headers
        """Sent with every request (before default_headers and extra_headers)."""
        self.api_key_env = api_key_env
        self.base_url_env = base_url_env
        self.default_base_url = default_base_url
        self.logger_name = logger_name
        """The `logging` logger every request is logged to, at DEBUG."""
        self.log_env = log_env
        """An environment variable that, set to `debug` or `info`, logs to stderr."""
        self.options = options
        """More client arguments (name, environment variable, header): each defaults to its
        environment variable and, when it has a value, is sent as its header."""


class BaseClient:
    """The options of a client and the requests a call makes; the transport subclasses
    send them. `_bind_resources` (generated) makes the resource attributes."""

    base_url: str
    timeout: Timeout
    max_retries: int
    default_headers: Optional[Headers]
    attempt_timeout: Optional[float]
    strict_response_validation: bool

    def __init__(
        self,
        config: ClientConfig,
        *,
        api_key: Optional[ApiKey],
        base_url: Optional[str],
        timeout: Timeout,
        max_retries: int,
        default_headers: Optional[Headers],
        attempt_timeout: Optional[float],
        strict_response_validation: bool,
        options: Optional[Mapping[str, Optional[str]]] = None,
    ) -> None:
        self._config = config
        for name, env, _ in config.options:
            value = (options or {}).get(name)
            setattr(self, name, value if value is not None or env is None else os.environ.get(env))
        if api_key is None:
            api_key = os.environ.get(config.api_key_env)
        if not api_key:
            raise MissingAPIKeyError(
                f"No API key: pass api_key=... to {type(self).__name__}() or set the "
                f"{config.api_key_env} environment variable."
            )
        if base_url is None:
            base_url = os.environ.get(config.base_url_env) or config.default_base_url
        self._api_key: ApiKey = api_key
        self.base_url = _retry.check_base_url(base_url)
        self.timeout = timeout
        self.max_retries = max_retries
        self.default_headers = default_headers
        self.attempt_timeout = attempt_timeout
        self.strict_response_validation = strict_response_validation
        self._logger = _logger(config)

    @property
    def api_key(self) -> str:
        """The API key sent with the next request (a key function is called for it)."""
        key = self._api_key
        return key if isinstance(key, str) else key()

    @api_key.setter
    def api_key(self, value: ApiKey) -> None:
        self._api_key = value

    def _bind_resources(self) -> None:
        """Make the resource attributes (`client.beta`, ...): generated per package."""

    def with_options(
        self: _C,
        *,
        api_key: Optional[ApiKey] = None,
        base_url: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: Optional[int] = None,
        default_headers: Optional[Headers] = None,
        attempt_timeout: Union[float, None, NotGiven] = NOT_GIVEN,
        strict_response_validation: Optional[bool] = None,
        **options: Optional[str],
    ) -> _C:
        """A copy of this client with the options given changed, sending over the same
        connection pool (closing the copy leaves it open); this client is unchanged.
        `default_headers` are laid over this client's; `options` are the config's client
        options (`organization=...`)."""
        known = {name for name, _, _ in self._config.options}
        unknown = sorted(set(options) - known)
        if unknown:
            raise TypeError(f"with_options() got an unexpected keyword argument {unknown[0]!r}")
        new = copy.copy(self)
        for name, value in options.items():
            if value is not None:
                setattr(new, name, value)
        if api_key is not None:
            new._api_key = api_key
        if base_url is not None:
            new.base_url = _retry.check_base_url(base_url)
        if not isinstance(timeout, NotGiven):
            new.timeout = timeout
        if max_retries is not None:
            new.max_retries = max_retries
        if default_headers is not None:
            new.default_headers = {**(self.default_headers or {}), **default_headers}
        if not isinstance(attempt_timeout, NotGiven):
            new.attempt_timeout = attempt_timeout
        if strict_response_validation is not None:
            new.strict_response_validation = strict_response_validation
        new._share_transport(self)
        new._bind_resources()
        return new

    def _option_headers(self) -> Tuple[Tuple[str, str], ...]:
        """The headers of the client options that have a value."""
        if not self._config.options:
            return ()
        values = ((header, getattr(self, name, None)) for name, _, header in self._config.options)
        return tuple((header, value) for header, value in values if isinstance(value, str))

    def _share_transport(self, original: BaseClient) -> None:
        """This object is a `with_options` copy of `original`, whose transport it uses."""

    def _request_loop(
        self,
        method: str,
        path: str,
        *,
        query: Optional[Query],
        body: Optional[Body],
        extra_headers: Optional[Headers],
        extra_query: Optional[Query],
        extra_body: Optional[Body],
        timeout: Union[Timeout, NotGiven],
        form: Optional[RequestContent] = None,
    ) -> RequestLoop:
        """The loop (see `_loop`) of one call. Bad arguments raise ValueError here or at its
        first attempt (the headers), before anything is sent."""
        if body is None and form is None and extra_body is not None:
            raise ValueError(f"extra_body: {method} {path} sends no request body")
        if extra_query:
            query = {**(query or {}), **extra_query}
        url = _retry.join_url(self.base_url, path, query)
        form_type: Optional[Dict[str, str]] = None
        form_length: Optional[int] = None
        content: Content = None
        if form is not None:
            content, form_type, form_length = form, {"Content-Type": form.content_type}, form.content_length
        elif body is not None or extra_body is not None:
            content = _retry.encode_body(_retry.json_body(body, extra_body))
        config = self._config
        default_headers = self.default_headers

        declared = config.headers + self._option_headers()

        def headers_for(retries_taken: int) -> Dict[str, str]:
            made = _retry.request_headers(
                self.api_key, retries_taken, content is not None, config.user_agent, declared
            )
            merged = _retry.merge_headers(made, form_type, default_headers, extra_headers)
            if form_length is not None:  # a framing header: set here, never from a header layer
                merged["Content-Length"] = str(form_length)
            return merged

        request_timeout = self.timeout if isinstance(timeout, NotGiven) else timeout
        return RequestLoop(
            method,
            url,
            headers_for,
            content,
            request_timeout,
            self.max_retries,
            self.attempt_timeout,
            self._logger,
        )


_STDERR_LOGGERS: Set[str] = set()
"""The loggers the log environment variable has given a stderr handler (once each)."""


def _logger(config: ClientConfig) -> logging.Logger:
    """The package's logger; `<log_env>=debug` (or `info`) also sends it to stderr."""
    logger = logging.getLogger(config.logger_name)
    level = os.environ.get(config.log_env, "").strip().lower() if config.log_env else ""
    if level in ("debug", "info") and config.logger_name not in _STDERR_LOGGERS:
        _STDERR_LOGGERS.add(config.logger_name)
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s %(name)s %(levelname)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
    return logger
