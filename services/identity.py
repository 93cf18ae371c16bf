"""How the console names itself to the servers it watches.

During an incident a DBA looking at ``pg_stat_activity`` or ``CLIENT LIST`` must tell the
console's sessions from the application's, and which operator runs them; a web server's
log likewise. One name, ``recovery-console``, plus the operator when one is configured.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata

APP_NAME = "recovery-console"
_MAX_NAME = 63
"""PostgreSQL truncates ``application_name`` to 63 bytes (NAMEDATALEN - 1)."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]+")


def client_name(operator: str | None = None) -> str:
    """``recovery-console`` or ``recovery-console/<operator>``, safe for every server.

    Redis refuses spaces and control characters in a client name, PostgreSQL replaces
    non-ASCII with ``?``: the operator is reduced to letters, digits and ``._@-``, and the
    whole name to 63 characters, so one name works for both.
    """
    cleaned = _UNSAFE.sub("_", (operator or "").strip()).strip("_")
    name = f"{APP_NAME}/{cleaned}" if cleaned else APP_NAME
    return name[:_MAX_NAME]


@cache
def version() -> str:
    """The installed package's version (``0+unknown`` when run from an uninstalled tree)."""
    try:
        return metadata.version(APP_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def user_agent() -> str:
    """``recovery-console/<version>``, the HTTP ``User-Agent`` of every request we make."""
    return f"{APP_NAME}/{version()}"
