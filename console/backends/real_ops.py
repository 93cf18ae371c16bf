""":class:`services.operations.Operations` on the real adapters, for incident mode.

The adapters that poll a backend also act on it (the Kubernetes source scales, the
PostgreSQL source promotes), so the operations are found among the monitor's sources
rather than built twice with a second set of credentials. Every mutating call is refused
here first when the console runs read-only — before any adapter lookup or connection —
and the adapters refuse again on their own flag. ``verify_data`` is not mutating (its
session is read-only server-side), so watchers may run it.

Webhook URLs embed tokens: outputs and errors name the webhook, never its URL. Each adapter
class (and httpx) is imported by the method that needs it, so building the operations loads
no SDK: start-up stays light (DESIGN.md, "Start-up stays light").
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Sequence
from typing import Any, TypeVar

from console.config.models import FailoverSettings, Mode, SiteSettings, Webhook
from console.config.settings import Settings
from services.identity import user_agent
from services.models import Site
from services.sanitize import sanitize_lines
from services.sources import BadAnswer, ReadOnlyGuard, SourceError, SourceTimeout, Unreachable

T = TypeVar("T")
OUTPUT_TAIL = 2000


class NotConfigured(SourceError):
    """The action needs a backend the config does not name (no DSN, no kube context...)."""


class NotSupported(SourceError):
    """The action has no real-backend implementation yet."""


class RealOperations(ReadOnlyGuard):
    """Scale, promote, DNS, scripts and notifications on the configured real systems."""

    def __init__(self, settings: Settings, sources: Sequence[object],
                 *, timeout_s: float | None = None) -> None:
        self.read_only = settings.mode is Mode.READ_ONLY
        self._sources = tuple(sources)
        self._webhooks: tuple[Webhook, ...] = settings.webhooks
        self._timeout_s = timeout_s or settings.refresh.timeout.total_seconds()
        self._settings = settings
        self._failover: FailoverSettings = settings.failover
        self._sites: dict[Site, SiteSettings] = {Site.PRIMARY: settings.sites.primary,
                                                 Site.DR: settings.sites.dr}

    def _find(self, kind: type[T], site: Site | None, what: str) -> T:
        for source in self._sources:
            if isinstance(source, kind) and (site is None or getattr(source, "site", None)
                                             is site):
                return source
        where = f" on {site}" if site is not None else ""
        raise NotConfigured(f"{what}{where}: not configured")

    async def scale(self, site: Site, namespace: str, deployment: str, replicas: int) -> str:
        self._guard(f"scale {namespace}/{deployment}")
        from services.kube.source import KubeClusterSource

        cluster = self._find(KubeClusterSource, site, "Kubernetes")
        await cluster.scale(namespace, deployment, replicas)
        return f"scaled {namespace}/{deployment} on {site} to {replicas} replicas (requested)"

    async def switch_site(self, site: Site) -> str:
        """Patch the site's application ConfigMap to the site's own database and Redis
        endpoints (as the config names them), then restart its deployment."""
        self._guard(f"switch to {site}")
        from services.kube.source import KubeClusterSource

        cluster = self._find(KubeClusterSource, site, "Kubernetes")
        fo, own = self._failover, self._sites[site]
        data = {key: value for key, value in ((fo.database_key, own.app_database),
                                              (fo.redis_key, own.app_redis)) if value}
        done = []
        if data:
            before = await cluster.patch_configmap(fo.namespace, fo.configmap, data)
            done.append(f"configmap {fo.namespace}/{fo.configmap} on {site}: " + ", ".join(
                f"{k} {before.get(k, '?')} -> {v}" for k, v in data.items()))
        else:
            done.append(f"configmap {fo.namespace}/{fo.configmap}: no endpoints configured "
                        f"for {site} (sites.{site}.app_database/app_redis), left alone")
        await cluster.rollout_restart(fo.namespace, fo.deployment)
        done.append(f"deployment {fo.namespace}/{fo.deployment} restarted")
        return "; ".join(done)

    async def promote_postgres(self, site: Site) -> str:
        self._guard("promote PostgreSQL")
        from services.postgres.source import PostgresSource

        return await self._find(PostgresSource, site, "PostgreSQL").promote()

    async def promote_redis(self, site: Site) -> str:
        self._guard("promote Redis")
        from services.redis.source import RedisSource

        return await self._find(RedisSource, site, "Redis").promote()

    async def rewrite_aof(self, site: Site) -> str:
        self._guard("rewrite the AOF")
        from services.redis.source import RedisSource

        return await self._find(RedisSource, site, "Redis").rewrite_aof()

    async def dns_failover(self) -> str:
        self._guard("DNS failover")
        from services.dns.route53 import Route53Dns

        dns = self._find(Route53Dns, None, "DNS")
        change = await dns.failover()
        return f"{dns.record_name} now points at {dns.dr_target} (change {change})"

    async def dns_rollback(self) -> str:
        self._guard("DNS rollback")
        from services.dns.route53 import Route53Dns

        dns = self._find(Route53Dns, None, "DNS")
        change = await dns.rollback()
        return f"{dns.record_name} now points at {dns.primary_target} (change {change})"

    async def restore(self, component: str, target: str) -> str:
        """A test restore: ``component``'s newest good backup in store ``target`` restored
        into a scratch database, counted against its manifest, dropped."""
        self._guard(f"restore {component}")
        from console.backends.real_restore import output, restore_scratch

        return output(await restore_scratch(self._settings, component, target))

    async def restore_postgres(self, site: Site, component: str, store: str) -> str:
        """Replace ``site``'s database with the store's newest good backup, then count it
        against the backup's manifest (a mismatch fails the action)."""
        self._guard(f"restore {component} into {site}")
        from console.backends.real_restore import output, restore_site

        return output(await restore_site(self._settings, site, component, store))

    async def restore_redis(self, site: Site, component: str, store: str) -> str:
        """Put ``site``'s Redis back from the store's newest good RDB and count its keys;
        without a placement in the config, the checked RDB is kept and the commands shown
        (a failed action: nothing was restored)."""
        self._guard(f"restore {component} into {site}")
        from console.backends.real_restore import output, restore_redis_site

        return output(await restore_redis_site(self._settings, site, component, store))

    async def demote_site(self, site: Site) -> str:
        """Fence ``site`` before a switch back: ``[standby.<site>] demote_command``."""
        self._guard(f"demote {site}")
        from console.backends.real_standby import run_standby_command

        return await run_standby_command(self._settings, self.run_script, "demote", site)

    async def rebuild_standby(self, site: Site) -> str:
        """Rebuild ``site`` as the other site's standby: ``[standby.<site>] rebuild_command``."""
        self._guard(f"rebuild {site} as a standby")
        from console.backends.real_standby import run_standby_command

        return await run_standby_command(self._settings, self.run_script, "rebuild", site)

    async def verify_data(self, site: Site, queries: Sequence[str]) -> str:
        from services.postgres.source import PostgresSource

        results = await self._find(PostgresSource, site, "PostgreSQL").verify(queries)
        return sanitize_lines("; ".join(f"{query} -> {answer}" for query, answer in results))

    async def run_script(self, path: str, args: Sequence[str], timeout_s: float) -> str:
        """Run ``path`` with a hard timeout; its output's tail.

        The script runs in a session (process group) of its own: on timeout or
        cancellation the whole group is killed, not just the script, so nothing it
        started (a ``sleep``, a ``kubectl``...) keeps acting behind the console's back.
        """
        self._guard(f"run {path}")
        try:
            process = await asyncio.create_subprocess_exec(
                path, *args, stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True)
        except OSError as exc:
            raise Unreachable(f"cannot run {path}: {exc.strerror or exc}") from None
        try:
            async with asyncio.timeout(timeout_s):
                output = await _tail(process)
        except TimeoutError:
            await _kill_group(process)
            raise SourceTimeout(f"{path} killed after {timeout_s:g} s") from None
        except asyncio.CancelledError:
            await _kill_group(process)
            raise
        text = sanitize_lines(output.decode(errors="replace").strip()[-OUTPUT_TAIL:])
        if process.returncode != 0:
            raise BadAnswer(f"{path} exited with {process.returncode}: {text}")
        return text or f"{path}: done (no output)"

    async def notify(self, template: str, message: str) -> str:
        """POST to every configured webhook; names where it went (never the URL)."""
        self._guard(f"notify {template}")
        if not self._webhooks:
            raise NotConfigured(f"notify {template}: no webhooks configured")
        import httpx  # ~0.1 s of imports, paid by the first notification only

        sent: list[str] = []
        failed: list[str] = []
        async with httpx.AsyncClient(timeout=self._timeout_s,
                                     headers={"User-Agent": user_agent()}) as client:
            for hook in self._webhooks:
                try:
                    async with asyncio.timeout(self._timeout_s), client.stream(
                            "POST", hook.url.get_secret_value(),
                            json=_payload(hook, template, message)) as answer:
                        pass  # the status is the answer: its body is never read
                    if answer.is_success:
                        sent.append(hook.name)
                    else:
                        failed.append(f"{hook.name} (HTTP {answer.status_code})")
                except (httpx.HTTPError, TimeoutError) as exc:
                    failed.append(f"{hook.name} ({type(exc).__name__})")  # no URL in text
        if failed:
            raise BadAnswer(f"notify {template}: failed for {', '.join(failed)}"
                            + (f"; sent to {', '.join(sent)}" if sent else ""))
        return f"notification {template} sent to {', '.join(sent)}"


async def _tail(process: asyncio.subprocess.Process) -> bytes:
    """The last bytes of the script's output (a few times :data:`OUTPUT_TAIL`), read as it
    comes: a script printing without end costs bounded memory, not all it printed."""
    kept = b""
    while process.stdout is not None and (chunk := await process.stdout.read(65536)):
        kept = (kept + chunk)[-OUTPUT_TAIL * 4:]
    await process.wait()
    return kept


async def _kill_group(process: asyncio.subprocess.Process) -> None:
    """SIGKILL the process group ``process`` leads (its pgid is its pid), then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()  # if the group is gone but the leader somehow is not
    await asyncio.shield(process.wait())


def _payload(hook: Webhook, template: str, message: str) -> dict[str, Any]:
    if hook.kind == "slack":
        return {"text": message or template}
    return {"template": template, "message": message}
