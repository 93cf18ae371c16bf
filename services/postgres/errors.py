"""Mapping psycopg's failures onto the typed source errors, without leaking secrets.

libpq's messages name the host and port (useful to an operator) but a DSN can carry a
password, and libpq echoes parts of it back (a DSN it cannot parse, whole): every message
is scrubbed of the whole DSN, the password, ``password=...`` pairs and URL userinfo, and
cut to its first line before it can reach the screen or the journal.
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pg_errors

from services.redact import scrub_text
from services.sources import AuthFailed, BadAnswer, SourceError, SourceTimeout, Unreachable

_AUTH_MARKERS = (
    "password authentication failed",
    "authentication failed",
    "no password supplied",
    "no pg_hba.conf entry",
    "does not exist",  # role or database: the credentials are wrong, not the network
)
_TIMEOUT_MARKERS = ("timeout expired", "timed out")


def scrub(text: str, *secrets: str | None) -> str:
    """First line of ``text``, with ``secrets`` (the DSN, the password) and anything that
    looks like a credential replaced."""
    cleaned = scrub_text(text, secrets).strip()
    line = cleaned.splitlines()[0] if cleaned else cleaned
    return line[:300]


def map_error(name: str, exc: BaseException, *secrets: str | None) -> SourceError:
    """The typed error for ``exc``, raised by source ``name``'s connect or query."""
    detail = scrub(str(exc), *secrets) or type(exc).__name__
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
