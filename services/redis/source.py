"""Redis adapter: one poll reads a node's role, replication offsets and persistence state.

A client per call, with short socket timeouts and no retries (the poller retries, on its
own schedule), inside an overall ``asyncio.timeout`` so a server that accepts and never
answers still ends in :class:`SourceTimeout`. On a replica, lag needs the primary's
offset (see :mod:`services.redis.info`): the adapter reads it from ``primary_url`` when
configured, else from the ``master_host:master_port`` the replica reports, with this
URL's credentials. If the primary cannot be read, the snapshot carries lag None and an
``error`` saying so, since the replica's own answer is still worth showing.

Every command goes in one round trip behind ``CLIENT SETNAME recovery-console[/operator]``
(:func:`services.identity.client_name`), so a DBA can tell the console's connections apart
in ``CLIENT LIST``; a server whose ACL forbids ``CLIENT`` still answers the command itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import redis.asyncio as aioredis
from pydantic import SecretStr
from redis import exceptions as rexc
from redis.backoff import NoBackoff
from redis.retry import Retry

from services.clock import Clock, SystemClock
from services.identity import client_name
from services.models import RedisSnapshot, Site
from services.redact import scrub_text
from services.redis.info import build_snapshot
from services.sources import (
    AuthFailed,
    BadAnswer,
    ReadOnlyGuard,
    SourceError,
    SourceTimeout,
    Unreachable,
)

_AUTH_MARKERS = ("noauth", "wrongpass", "invalid password", "authentication")


class RedisSource(ReadOnlyGuard):
    """Polls one Redis node of ``site``; guarded actions promote, rewrite AOF, save."""

    def __init__(self, site: Site, node: str, url: SecretStr | str, *, timeout_s: float,
                 read_only: bool, primary_url: SecretStr | str | None = None,
                 clock: Clock | None = None, operator: str | None = None) -> None:
        self.site = site
        self.client_name = client_name(operator)
        self.node = node
        self._url = url if isinstance(url, SecretStr) else SecretStr(url)
        self._primary_url = (primary_url if isinstance(primary_url, SecretStr | None)
                             else SecretStr(primary_url))
        self.timeout_s = timeout_s
        self.read_only = read_only
        self._clock = clock or SystemClock()

    @property
    def name(self) -> str:
        return f"redis/{self.site.value}"

    def _secrets(self) -> list[str]:
        """Both URLs and their passwords, raw (percent-encoded) and unquoted."""
        found: list[str] = []
        for url in (self._url, self._primary_url):
            if url is None:
                continue
            raw = url.get_secret_value()
            found.append(raw)
            netloc = raw.partition("://")[2].partition("/")[0]
            userinfo = netloc.rpartition("@")[0]
            password = userinfo.partition(":")[2] if ":" in userinfo else userinfo
            found += [password, unquote(password)]
        return [secret for secret in found if secret]

    def _error(self, exc: BaseException) -> SourceError:
        """The typed error for ``exc``, with any password in the URL scrubbed."""
        detail = scrub_text(str(exc), self._secrets()).strip()
        detail = detail.splitlines()[0][:300] if detail else type(exc).__name__
        lowered = detail.lower()
        if isinstance(exc, rexc.AuthenticationError | rexc.AuthorizationError) or any(
                marker in lowered for marker in _AUTH_MARKERS):
            return AuthFailed(f"{self.name}: authentication failed ({detail})")
        if isinstance(exc, rexc.TimeoutError | TimeoutError):
            return SourceTimeout(f"{self.name}: no answer in time ({detail})")
        if isinstance(exc, rexc.ConnectionError | OSError):
            return Unreachable(f"{self.name}: unreachable ({detail})")
        return BadAnswer(f"{self.name}: unexpected answer ({detail})")

    @asynccontextmanager
    async def _client(self, url: str) -> AsyncIterator[aioredis.Redis]:
        try:
            client = aioredis.Redis.from_url(
                url, socket_timeout=self.timeout_s, socket_connect_timeout=self.timeout_s,
                decode_responses=True, retry=Retry(NoBackoff(), 0))
        except ValueError:  # bad port, scheme, IPv6 literal: its text may quote the URL
            raise BadAnswer(f"{self.name}: invalid Redis URL (not shown)") from None
        try:
            yield client
        finally:
            await client.aclose()

    async def _call(self, url: str, *args: Any) -> Any:
        """One command against ``url`` within the timeout, errors typed and scrubbed.

        Sent in a pipeline after ``CLIENT SETNAME``: one round trip, and the name's own
        refusal (an ACL without ``CLIENT``) is ignored rather than failing the command.
        """
        try:
            async with asyncio.timeout(self.timeout_s), self._client(url) as client:
                pipe = client.pipeline(transaction=False)
                pipe.execute_command("CLIENT", "SETNAME", self.client_name)
                pipe.execute_command(*args)
                _, answer = await pipe.execute(raise_on_error=False)
        except (rexc.RedisError, OSError, TimeoutError) as exc:
            raise self._error(exc) from None
        if isinstance(answer, Exception):
            raise self._error(answer)
        return answer

    async def poll(self) -> RedisSnapshot:
        info = await self._call(self._url.get_secret_value(), "INFO", "replication",
                                "persistence", "server")
        if not isinstance(info, dict) or "role" not in info:
            raise BadAnswer(f"{self.name}: INFO has no role")
        primary_offset: int | None = None
        error: str | None = None
        if info["role"] != "master":
            try:
                primary = await self._call(self._primary_url_for(info), "INFO", "replication")
                primary_offset = int(primary["master_repl_offset"])
            except (SourceError, KeyError, TypeError, ValueError) as exc:
                error = f"primary offset unavailable, lag unknown: {exc}"
        snapshot = build_snapshot(site=self.site, node=self.node, observed_at=self._clock.now(),
                                  info=info, primary_offset=primary_offset)
        return snapshot.model_copy(update={"error": error}) if error else snapshot

    def _primary_url_for(self, info: dict[str, Any]) -> str:
        """The configured primary, else this URL re-pointed at the replica's master."""
        if self._primary_url is not None:
            return self._primary_url.get_secret_value()
        parts = urlsplit(self._url.get_secret_value())
        auth = parts.netloc.rpartition("@")[0]
        netloc = f"{info['master_host']}:{int(info['master_port'])}"
        return urlunsplit(parts._replace(netloc=f"{auth}@{netloc}" if auth else netloc))

    async def promote(self) -> str:
        """``REPLICAOF NO ONE``: this replica becomes a master that accepts writes."""
        self._guard("promote")
        await self._call(self._url.get_secret_value(), "REPLICAOF", "NO", "ONE")
        return f"{self.node} promoted to master"

    async def rewrite_aof(self) -> str:
        """``BGREWRITEAOF``: compact the append-only file (Redis does it in a child)."""
        self._guard("rewrite_aof")
        await self._call(self._url.get_secret_value(), "BGREWRITEAOF")
        return f"{self.node}: AOF rewrite started"

    async def bgsave(self) -> str:
        """``BGSAVE``: write an RDB snapshot in the background (before a risky step)."""
        self._guard("bgsave")
        await self._call(self._url.get_secret_value(), "BGSAVE")
        return f"{self.node}: background save started"

    async def dbsize(self) -> int:
        """Number of keys. Read-only, so allowed to watchers too."""
        return int(await self._call(self._url.get_secret_value(), "DBSIZE"))
