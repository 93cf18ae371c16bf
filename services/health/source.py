"""A site's HTTP health endpoint, read as the operator would judge it.

For health a failing endpoint *is* the data: refused, 500, garbage or silence are each
returned as a snapshot with ``error`` set rather than raised, so the pane can say which.
The deadline is enforced around the whole request (httpx's timeouts are per phase), so a
server that accepts and never answers costs at most ``timeout_s``. The URL may carry a
token (``?token=``, ``user:pass@``): the snapshot and every error show it redacted.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlsplit

import httpx

from services.clock import Clock, SystemClock
from services.executor import timeout_message
from services.models import HealthSnapshot, Site
from services.redact import redact_url, scrub_text


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

    @property
    def name(self) -> str:
        return f"health/{self.site.value}"

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
                  latency_ms: float | None = None,
                  reported: str | None = None) -> HealthSnapshot:
        error = self._scrub(error)
        return HealthSnapshot(observed_at=self.clock.now(), site=self.site,
                              url=redact_url(self.url),
                              status_code=status_code, latency_ms=latency_ms,
                              reported_status=reported, error=error)

    async def poll(self) -> HealthSnapshot:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.timeout_s), httpx.AsyncClient(
                    timeout=self.timeout_s, follow_redirects=False) as client:
                response = await client.get(self.url, headers={"Accept": "application/json"})
        except TimeoutError:
            return self._snapshot(timeout_message(self.timeout_s))
        except httpx.TimeoutException:
            return self._snapshot(timeout_message(self.timeout_s))
        except httpx.ConnectError as exc:
            refused = _caused_by_refusal(exc)
            return self._snapshot("connection refused" if refused else f"unreachable: {exc}")
        except httpx.InvalidURL:  # its text may quote part of the URL: a token, a password
            return self._snapshot("invalid URL (not shown)")
        except httpx.HTTPError as exc:
            return self._snapshot(f"unreachable: {type(exc).__name__}: {exc}")
        latency_ms = (time.perf_counter() - started) * 1000
        code = response.status_code
        try:
            body = json.loads(response.content)
        except ValueError:
            body = None
            body_error: str | None = "bad answer: body is not JSON"
        else:
            body_error = None
        reported = body.get("status") if isinstance(body, dict) else None
        reported = str(reported) if reported is not None else None
        error = f"HTTP {code}" if code != 200 else body_error
        return self._snapshot(error, code, round(latency_ms, 1), reported)
