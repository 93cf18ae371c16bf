"""Delivering one message to one far end: HTTP POST or SMTP, bounded in every way.

Each attempt has a hard timeout; a timeout, a refused connection, a 5xx or a 429 is
retried after a growing wait (``backoff_s``, doubled each time); any other answer is a
clear failure at once (a 4xx will not get better). At most ``ANSWER_LIMIT`` bytes of an
answer are read, and the text that comes back is sanitised and scrubbed of every secret
(the URL embeds a token, so it is never part of an error).
"""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from services.redact import scrub_text
from services.sanitize import sanitize

ANSWER_LIMIT = 4096
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Delivery:
    ok: bool
    detail: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Policy:
    timeout_s: float
    retries: int
    backoff_s: float
    secrets: tuple[str, ...] = ()


class _Retry(Exception):
    """A failure worth another attempt."""


class _Fatal(Exception):
    """A failure another attempt will not fix."""


async def _attempts(policy: Policy, once: Callable[[], Awaitable[str]],
                    sleep: Sleep) -> Delivery:
    wait = policy.backoff_s
    error = ""
    for attempt in range(1, policy.retries + 2):
        try:
            async with asyncio.timeout(policy.timeout_s):
                detail = await once()
            return Delivery(True, _clean(detail, policy), attempt)
        except TimeoutError:
            error = f"no answer within {policy.timeout_s:g}s"
        except _Retry as exc:
            error = str(exc)
        except _Fatal as exc:
            return Delivery(False, _clean(str(exc), policy), attempt)
        if attempt <= policy.retries:
            await sleep(wait)
            wait *= 2
    return Delivery(False, _clean(f"{error} (after {policy.retries + 1} attempts)", policy),
                    policy.retries + 1)


def _clean(text: str, policy: Policy) -> str:
    return sanitize(scrub_text(text, policy.secrets), limit=300)


async def post_json(url: str, payload: dict[str, Any], policy: Policy,
                    sleep: Sleep = asyncio.sleep) -> Delivery:
    """POST ``payload`` as JSON to ``url``; success on any 2xx."""
    import httpx  # paid by the first message only: start-up stays light

    async with httpx.AsyncClient(timeout=policy.timeout_s, follow_redirects=False) as client:

        async def once() -> str:
            try:
                async with client.stream("POST", url, json=payload) as answer:
                    body = await _read_bounded(answer)
            except httpx.TimeoutException:
                raise TimeoutError from None
            except httpx.HTTPError as exc:  # refused, reset, DNS...: its class, no URL
                raise _Retry(f"{type(exc).__name__}: cannot reach the channel") from None
            code = answer.status_code
            text = body.decode("utf-8", "replace").strip()
            if 200 <= code < 300:
                return f"HTTP {code}" + (f": {text}" if text else "")
            message = f"HTTP {code}" + (f": {text}" if text else "")
            raise (_Retry if code >= 500 or code == 429 else _Fatal)(message)

        return await _attempts(policy, once, sleep)


async def _read_bounded(answer: Any) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in answer.aiter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= ANSWER_LIMIT:
            break
    return b"".join(chunks)[:ANSWER_LIMIT]


@dataclass(frozen=True, slots=True)
class Mail:
    host: str
    port: int
    sender: str
    recipients: Sequence[str]
    subject: str
    body: str
    starttls: bool = False
    username: str | None = None
    password: str | None = None


async def send_mail(mail: Mail, policy: Policy, sleep: Sleep = asyncio.sleep) -> Delivery:
    """Send ``mail`` over SMTP (smtplib in a worker thread, with its own socket timeout)."""

    async def once() -> str:
        try:
            return await asyncio.to_thread(_smtp, mail, policy.timeout_s)
        except smtplib.SMTPResponseException as exc:
            message = f"SMTP {exc.smtp_code}: {_text(exc.smtp_error)}"
            raise (_Retry if exc.smtp_code >= 400 and exc.smtp_code < 500 else _Fatal)(
                message) from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise _Fatal(f"recipients refused: {', '.join(exc.recipients)}") from None
        except (OSError, smtplib.SMTPException) as exc:
            if isinstance(exc, TimeoutError):
                raise
            raise _Retry(f"{type(exc).__name__}: {exc}") from None

    return await _attempts(policy, once, sleep)


def _text(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw


def _smtp(mail: Mail, timeout_s: float) -> str:
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.recipients)
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(mail.host, mail.port, timeout=timeout_s) as client:
        if mail.starttls:
            client.starttls()
        if mail.username and mail.password:
            client.login(mail.username, mail.password)
        refused = client.send_message(message)
    return f"accepted for {len(mail.recipients) - len(refused)} recipient(s)"
