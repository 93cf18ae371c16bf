"""A site's HTTP health endpoint, read as the operator would judge it.

For health a failing endpoint *is* the data: refused, 500, garbage or silence are each
returned as a snapshot with ``error`` set rather than raised, so the pane can say which.
The deadline is enforced around the whole request, body included (httpx's timeouts are
per phase), so a server that accepts and never answers costs at most ``timeout_s``; a
silent one is ``timed_out``, which says nothing about the site. The body is streamed and
at most ``BODY_LIMIT_BYTES`` are read: a larger one is an error, never healthy, and never
fills the console's memory. One client per source, kept across polls and closed by
:meth:`HealthSource.close`, so ``latency_ms`` times the request, not building a client
(TLS context included). The URL may carry a token (``?token=``, ``user:pass@``): the
snapshot and every error show it redacted.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlsplit

import httpx

from services.clock import Clock, SystemClock
from services.executor import timeout_message
from services.identity import user_agent
from services.models import HealthSnapshot, Site
from services.redact import redact_url, scrub_text

BODY_LIMIT_BYTES = 64 * 1024
BODY_TOO_LARGE = "bad answer: body over 64 KiB"


class _BodyTooLarge(Exception):
    """The answer is larger than any health document: reading stops there."""


def _caused_by_refusal(exc: BaseException) -> bool:
    """Whether a refused connection lies anywhere under ``exc``.

    httpx wraps anyio, which reports "All connection attempts failed" with the per-address
    errors in an exception group as the cause; the operator needs the word "refused".
    """
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError):
            return True
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


class HealthSource:
    """GET one health URL; status code, latency and the body's ``status`` field."""

    def __init__(self, site: Site, url: str, *, timeout_s: float = 5.0,
                 clock: Clock | None = None) -> None:
        self.site = site
        self.url = url
        self.timeout_s = timeout_s
        self.clock: Clock = clock or SystemClock()
        self._client: httpx.AsyncClient | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def name(self) -> str:
        return f"health/{self.site.value}"

    def _http(self) -> httpx.AsyncClient:
        """This source's client, made on first use in the running event loop.

        A client's connections belong to the loop that opened them: polled from another
        loop (a test, a second ``asyncio.run``), the source starts a fresh client there.
        """
        loop = asyncio.get_running_loop()
        if self._client is None or self._client.is_closed or self._loop is not loop:
            self._client = httpx.AsyncClient(
                timeout=self.timeout_s, follow_redirects=False,
                headers={"User-Agent": user_agent(), "Accept": "application/json",
                         "Accept-Encoding": "identity"})
            self._loop = loop
        return self._client

    async def close(self) -> None:
        """Close the client and its kept-alive connections (the next poll opens new ones).

        A client made in another, finished event loop cannot be awaited from this one: it
        is dropped, its sockets closed with that loop's transports.
        """
        client, self._client = self._client, None
        if client is not None and self._loop is asyncio.get_running_loop():
            await client.aclose()

    def _scrub(self, error: str | None) -> str | None:
        """``error`` without the URL's userinfo, query string or the URL itself."""
        if error is None:
            return None
        try:
            parts = urlsplit(self.url)
            secrets = [parts.password, parts.query, parts.fragment]
        except ValueError:
            secrets = []
        return scrub_text(error.replace(self.url, redact_url(self.url)), secrets)

    def _snapshot(self, error: str | None, status_code: int | None = None,
                  latency_ms: float | None = None, reported: str | None = None, *,
                  timed_out: bool = False) -> HealthSnapshot:
        error = self._scrub(error)
        return HealthSnapshot(observed_at=self.clock.now(), site=self.site,
                              url=redact_url(self.url),
                              status_code=status_code, latency_ms=latency_ms,
                              reported_status=reported, error=error, timed_out=timed_out)

    async def poll(self) -> HealthSnapshot:
        code: int | None = None
        try:
            client = self._http()
            started = time.perf_counter()
            async with asyncio.timeout(self.timeout_s), client.stream(
                    "GET", self.url) as response:
                code = response.status_code
                content = await _read_bounded(response)
            latency_ms = (time.perf_counter() - started) * 1000
        except (TimeoutError, httpx.TimeoutException):
            return self._snapshot(timeout_message(self.timeout_s), timed_out=True)
        except _BodyTooLarge:
            return self._snapshot(BODY_TOO_LARGE, code)
        except httpx.ConnectError as exc:
            refused = _caused_by_refusal(exc)
            return self._snapshot("connection refused" if refused else f"unreachable: {exc}")
        except httpx.InvalidURL:  # its text may quote part of the URL: a token, a password
            return self._snapshot("invalid URL (not shown)")
        except httpx.HTTPError as exc:
            return self._snapshot(f"unreachable: {type(exc).__name__}: {exc}")
        return self._judge(code, content, round(latency_ms, 1))

    def _judge(self, code: int, content: bytes, latency_ms: float) -> HealthSnapshot:
        try:
            body = json.loads(content)
        except (ValueError, RecursionError):
            body = None
            body_error: str | None = "bad answer: body is not JSON"
        else:
            body_error = None
        reported = body.get("status") if isinstance(body, dict) else None
        reported = str(reported) if reported is not None else None
        error = f"HTTP {code}" if code != 200 else body_error
        return self._snapshot(error, code, latency_ms, reported)


async def _read_bounded(response: httpx.Response) -> bytes:
    """The body, raw, if it fits in :data:`BODY_LIMIT_BYTES`; :class:`_BodyTooLarge` if not.

    A declared length over the limit is refused before reading; an undeclared (chunked,
    endless) one is cut off at the first byte past it.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > BODY_LIMIT_BYTES:
        raise _BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > BODY_LIMIT_BYTES:
            raise _BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)
