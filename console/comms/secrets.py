"""Every secret the config holds, so any text leaving the console can be scrubbed of it.

Messages and reports are built from the journal and from outside answers; an adapter or
a far end that echoed a DSN or a webhook URL must not carry it further. This walks the
settings for every :class:`~pydantic.SecretStr` (DSNs, keys, tokens, passwords, URLs).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

from pydantic import BaseModel, SecretStr

from services.redact import scrub_text


def config_secrets(settings: BaseModel) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part for s in _walk(settings) if s for part in expand(s)))


def expand(secret: str) -> tuple[str, ...]:
    """The secret and the parts of it a far end may quote on their own: a URL's path
    (webhook tokens live there), its query and each query value, a DSN's password."""
    parts = [secret]
    try:
        url = urlsplit(secret)
    except ValueError:
        return tuple(parts)
    if url.scheme and url.netloc:
        if len(url.path) > 1:
            parts.append(url.path)
        if url.query:
            parts.append(url.query)
            parts += [value for _, value in parse_qsl(url.query) if len(value) >= 4]
        if url.password:
            parts.append(url.password)
    return tuple(p for p in parts if p)


def _walk(value: object) -> Iterator[str]:
    if isinstance(value, SecretStr):
        yield value.get_secret_value()
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` without any of ``secrets``, nor URL credentials and query strings."""
    return scrub_text(text, secrets)
