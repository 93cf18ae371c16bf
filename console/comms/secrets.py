"""Every secret the config holds, so any text leaving the console can be scrubbed of it.

Messages and reports are built from the journal and from outside answers; an adapter or
a far end that echoed a DSN or a webhook URL must not carry it further. This walks the
settings for every :class:`~pydantic.SecretStr` (DSNs, keys, tokens, passwords, URLs).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, SecretStr

from services.redact import scrub_text


def config_secrets(settings: BaseModel) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in _walk(settings) if s))


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
