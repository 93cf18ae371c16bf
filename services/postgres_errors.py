"""Mapping psycopg's failures onto the typed source errors, without leaking secrets.

libpq's messages name the host and port (useful to an operator) but a DSN can carry a
password, and some drivers echo parts of it back: every message is scrubbed of the
password and cut to its first line before it can reach the screen or the journal.
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pg_errors

from services.sources import AuthFailed, BadAnswer, SourceError, SourceTimeout, Unreachable

_AUTH_MARKERS = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    "does not exist",  # role or database: the credentials are wrong, not the network
)
_TIMEOUT_MARKERS = ("timeout expired", "timed out")


def scrub(text: str, secret: str | None) -> str:
    """First line of ``text``, with ``secret`` (the password) replaced."""
    line = text.strip().splitlines()[0] if text.strip() else text
    if secret:
        line = line.replace(secret, "***")
    return line[:300]


def map_error(name: str, exc: BaseException, secret: str | None) -> SourceError:
    """The typed error for ``exc``, raised by source ``name``'s connect or query."""
    detail = scrub(str(exc), secret) or type(exc).__name__
    lowered = detail.lower()
    if isinstance(exc, TimeoutError | pg_errors.QueryCanceled) or any(
            marker in lowered for marker in _TIMEOUT_MARKERS):
        return SourceTimeout(f"{name}: no answer in time ({detail})")
    if isinstance(exc, pg_errors.InvalidAuthorizationSpecification | pg_errors.InvalidPassword):
        return AuthFailed(f"{name}: authentication failed ({detail})")
    if isinstance(exc, psycopg.OperationalError):
        if any(marker in lowered for marker in _AUTH_MARKERS):
            return AuthFailed(f"{name}: authentication failed ({detail})")
        return Unreachable(f"{name}: unreachable ({detail})")
    if isinstance(exc, OSError):
        return Unreachable(f"{name}: unreachable ({detail})")
    return BadAnswer(f"{name}: unexpected answer ({detail})")
