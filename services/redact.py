"""Removing secrets from URLs, DSNs and the error texts that may echo them.

Errors reach the screen and the journal, so anything that can carry a credential (a
DSN, a URL with ``user:pass@`` or a ``?token=`` query) is cut down before it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit, urlunsplit

_USERINFO = re.compile(r"://[^@/]*@")
_PASSWORD_KV = re.compile(r"password\s*=\s*\S+", re.IGNORECASE)
_QUERY = re.compile(r"(://[^\s?#]*)\?[^\s#\"']*")


def redact_url(url: str) -> str:
    """``url`` without its userinfo (``user:pass@``), query (``?token=...``) and fragment.

    An unparsable URL is not shown at all: there is no telling which part is the secret.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unparsable URL, not shown)"
    netloc = parts.netloc.rpartition("@")[2]
    if parts.netloc != netloc:
        netloc = "***@" + netloc
    return urlunsplit(parts._replace(netloc=netloc, query="***" if parts.query else "",
                                     fragment="***" if parts.fragment else ""))


def scrub_text(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every given secret (raw and percent-decoded), userinfo, query strings
    and ``password=...`` pairs replaced by ``***``."""
    for secret in secrets:
        if not secret:
            continue
        for variant in sorted({secret, unquote(secret)}, key=len, reverse=True):
            if variant:
                text = text.replace(variant, "***")
    text = _USERINFO.sub("://***@", text)
    text = _QUERY.sub(r"\1?***", text)
    return _PASSWORD_KV.sub("password=***", text)
