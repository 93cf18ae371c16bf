"""Restore Redis from an RDB backup, and prove it: pick, download, check, place, restart, count.

As for PostgreSQL, nothing touches the server before the downloaded RDB matches its
manifest (SHA-256 and size). Then, when the console knows where the server loads its data
and how to restart it (:class:`Placement`): ``SHUTDOWN NOSAVE`` (so the server's exit
writes nothing over the placed file), place it (:mod:`services.backups.restore_rdb`), run
the restart command, wait until the server answers and has loaded, and compare what it
loaded with the key count the RDB's header gives.

Without a placement the console cannot put the file back itself (the server runs on
another host, or nobody configured it): the checked RDB is kept in the work directory
and the report carries the exact commands to run, with the paths the server reports
when it answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import signal
import tempfile
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.backups.common import BackupStore
from services.backups.manifest import BackupKind, Comparison, Manifest
from services.backups.restore import Chosen, choose
from services.backups.restore_fetch import download
from services.backups.restore_rdb import DEFAULT_AOF_FILE, RdbHeader, place, read_header
from services.executor import run_blocking
from services.sources import BadAnswer, ReadOnlyRefused, SourceTimeout, Unreachable

Progress = Callable[[str], None]
RDB_HOLDS = "the RDB holds"
"""What a Redis restore's key counts are checked against: the RDB header."""
ASK_TIMEOUT_S = 5.0
STOP_WAIT_S = 30.0


@dataclass(frozen=True)
class Placement:
    """Where a site's Redis loads its RDB at start-up, and the command that restarts it."""

    rdb_path: Path
    restart_command: tuple[str, ...]
    restart_timeout_s: float = 120.0


@dataclass(frozen=True)
class RedisRestoreReport:
    component: str
    store: str
    key: str
    target: str
    manifest: Manifest
    header: RdbHeader
    download_s: float
    restore_s: float = 0.0
    done: tuple[str, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    commands: tuple[str, ...] = ()
    """The commands an operator runs when the console could not place the file."""
    kept: Path | None = None
    """The checked RDB left for the operator (manual path only)."""

    @property
    def placed(self) -> bool:
        return not self.commands

    @property
    def ok(self) -> bool:
        return self.placed and bool(self.comparisons) and all(c.ok for c in self.comparisons)

    def lines(self) -> list[str]:
        made = f"created {self.manifest.created_at:%Y-%m-%d %H:%M:%SZ}"
        if not self.placed:
            return [f"NOT RESTORED: the console cannot place an RDB on {self.target} "
                    f"(no [restore.redis_{self.target}] rdb_path and restart_command); "
                    f"checked {self.key} from {self.store} ({made}, sha256 "
                    f"{self.manifest.sha256[:12]}...), kept at {self.kept}. Run:",
                    *(f"  {c}" for c in self.commands)]
        verdict = "PASS" if self.ok else "FAIL"
        return [f"{verdict}: restored {self.component} {self.key} from {self.store} into "
                f"Redis on {self.target} ({self.manifest.size_bytes} bytes, {made}) in "
                f"{self.download_s + self.restore_s:.1f}s (download {self.download_s:.1f}s, "
                f"place and restart {self.restore_s:.1f}s)",
                *self.done, *(c.line() for c in self.comparisons)]


async def ask(url: str, *args: Any, timeout_s: float = ASK_TIMEOUT_S) -> Any:
    """One command; :class:`Unreachable` (never quoting the URL) when it gets no answer."""
    import redis.asyncio as aioredis
    from redis import exceptions as rexc
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    try:
        client = aioredis.Redis.from_url(url, socket_timeout=timeout_s,
                                         socket_connect_timeout=timeout_s,
                                         decode_responses=True, retry=Retry(NoBackoff(), 0))
    except ValueError:
        raise BadAnswer("invalid Redis URL (not shown)") from None
    try:
        async with asyncio.timeout(timeout_s):
            return await client.execute_command(*args)  # type: ignore[no-untyped-call]
    except (rexc.RedisError, OSError, TimeoutError) as exc:
        raise Unreachable(f"Redis did not answer {args[0]} ({type(exc).__name__})") from None
    finally:
        await client.aclose()


async def _server_config(url: str | None) -> dict[str, str]:
    """dir, dbfilename, appendonly, appenddirname, appendfilename, as the server says."""
    if url is None:
        return {}
    with contextlib.suppress(Unreachable, BadAnswer):
        found = await ask(url, "CONFIG", "GET", "*")
        if isinstance(found, dict):
            return {str(k): str(v) for k, v in found.items()}
        items = list(found)
        return {str(k): str(v) for k, v in zip(items[::2], items[1::2], strict=False)}
    return {}


def manual_commands(rdb: Path, header: RdbHeader, config: dict[str, str],
                    host: str, port: int | None) -> tuple[str, ...]:
    """What to run by hand to put ``rdb`` back, with the server's own paths when it
    answered (otherwise the first command asks it, while it still runs)."""
    cli = f"redis-cli -h {shlex.quote(host)} -p {port or 6379}"
    src = shlex.quote(str(rdb))
    steps = [f"sha256sum {src}   # must print the manifest's sha256"]
    if config.get("dir"):
        folder = shlex.quote(config["dir"])
    else:
        steps.append(f'REDIS_DIR="$({cli} CONFIG GET dir | tail -n 1)"')
        folder = '"$REDIS_DIR"'
    name = shlex.quote(config.get("dbfilename") or "dump.rdb")
    aof = config.get("appendonly") == "yes"
    steps += [f"{cli} SHUTDOWN NOSAVE   # its exit must not save over the restored file",
              f"mv {folder}/{name} {folder}/{name}.before-restore   # keep the old data",
              f"cp {src} {folder}/{name}   # then chown it to the server's user"]
    if aof or not config:
        aof_dir = f"{folder}/{shlex.quote(config.get('appenddirname') or 'appendonlydir')}"
        base = shlex.quote(config.get("appendfilename") or DEFAULT_AOF_FILE)
        why = "" if aof else "   # only if the server runs with appendonly yes"
        steps += [f"mv {aof_dir} {aof_dir}.before-restore{why}",
                  f"mkdir {aof_dir} && cp {src} {aof_dir}/{base}.1.base.rdb && "
                  f"echo 'file {base}.1.base.rdb seq 1 type b' > {aof_dir}/{base}.manifest{why}"]
    expect = (f"{header.keys} keys in db{header.db}"
              if header.keys is not None and header.db is not None else "the keys you expect")
    steps += ["start the server again (systemctl start redis-server, or your own way)",
              f"{cli} INFO keyspace   # must show {expect}"]
    return tuple(steps)


async def _wait(check: Callable[[], Any], until: Callable[[Any], bool], limit_s: float,
                what: str) -> None:
    deadline = time.monotonic() + limit_s
    while True:
        with contextlib.suppress(Unreachable, BadAnswer):
            if until(await check()):
                return
        if time.monotonic() > deadline:
            raise SourceTimeout(f"Redis: {what} within {limit_s:g}s")
        await asyncio.sleep(0.1)


async def _stop(url: str) -> str:
    async def pings() -> bool:
        return bool(await ask(url, "PING", timeout_s=1.0))

    # Down already, or the connection closed as it went down: both fine.
    with contextlib.suppress(Unreachable):
        await ask(url, "SHUTDOWN", "NOSAVE")
    await _wait(lambda: _gone(pings), bool, STOP_WAIT_S, "the server did not stop")
    return "stopped the server (SHUTDOWN NOSAVE: its exit saved nothing)"


async def _gone(pings: Callable[[], Any]) -> bool:
    try:
        await pings()
    except Unreachable:
        return True
    return False


async def run_command(argv: Sequence[str], timeout_s: float) -> str:
    """The restart command, in a session of its own killed whole on timeout."""
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, start_new_session=True)
    except OSError as exc:
        raise Unreachable(f"cannot run {argv[0]}: {exc.strerror or exc}") from None
    try:
        async with asyncio.timeout(timeout_s):
            out, _ = await proc.communicate()
    except (TimeoutError, asyncio.CancelledError) as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        await asyncio.shield(proc.wait())
        if isinstance(exc, TimeoutError):
            raise SourceTimeout(f"{argv[0]} killed after {timeout_s:g}s") from None
        raise
    text = out.decode(errors="replace").strip()[-500:]
    if proc.returncode != 0:
        raise BadAnswer(f"restart command {argv[0]} exited with {proc.returncode}: {text}")
    return f"restart command {shlex.join(argv)}: done"


async def _loaded(url: str) -> dict[str, Any]:
    info = await ask(url, "INFO", "everything")
    if not isinstance(info, dict) or str(info.get("loading", "1")) != "0":
        raise BadAnswer("still loading")
    return info


def _compare(info: dict[str, Any], header: RdbHeader) -> tuple[Comparison, ...]:
    loaded = int(info.get("rdb_last_load_keys_loaded", -1))
    expired = int(info.get("rdb_last_load_keys_expired", 0))
    db = info.get(f"db{header.db}") if header.db is not None else None
    now = int(db.get("keys", 0)) if isinstance(db, dict) else 0
    expected = "unknown" if header.keys is None else str(header.keys)
    return (Comparison("keys loaded (+ expired on load)", expected,
                       str(loaded + expired) if loaded >= 0 else "unknown", RDB_HOLDS),
            Comparison(f"keys in db{header.db if header.db is not None else 0} (DBSIZE) + "
                       "expired on load", expected, str(now + expired), RDB_HOLDS))


async def restore_redis(store: BackupStore, component: str, target: str, *,
                        redis_url: str | None, placement: Placement | None,
                        exclude: Collection[str] = (), read_only: bool = False,
                        progress: Progress | None = None, work_dir: Path | None = None,
                        io_timeout_s: float = 600.0) -> RedisRestoreReport:
    """Download and check the newest good RDB, then place it and restart (``placement``)
    or keep it and say how (no placement). Refused before anything is read when
    ``read_only``."""
    if read_only:
        raise ReadOnlyRefused(f"restore {component} into {target} refused: "
                              "the console runs read-only")
    say = progress or (lambda _line: None)
    say(f"choosing a backup of {component} in {store.target_id}")
    chosen: Chosen = await run_blocking(choose, store, component, None, exclude,
                                        timeout_s=io_timeout_s)
    for line in chosen.skipped:
        say(f"passed over {line}")
    manifest = chosen.manifest
    if manifest.kind is not BackupKind.REDIS_RDB:
        raise BadAnswer(f"{chosen.key} is a {manifest.kind} backup, not a Redis RDB")
    folder = Path(tempfile.mkdtemp(prefix="rc-restore-redis-", dir=work_dir))
    say(f"downloading {chosen.key} ({manifest.size_bytes} bytes) from {store.target_id}")
    started = time.monotonic()
    got = await run_blocking(download, store, component, chosen.key,
                             folder / manifest.file.replace("/", "_"), manifest.size_bytes,
                             timeout_s=io_timeout_s)
    if (got.sha256, got.size_bytes) != (manifest.sha256, manifest.size_bytes):
        got.path.unlink(missing_ok=True)
        folder.rmdir()
        raise BadAnswer(f"{store.target_id}: {chosen.key} does not match its manifest "
                        f"(sha256 {got.sha256[:12]}..., {got.size_bytes} bytes; manifest "
                        f"{manifest.sha256[:12]}..., {manifest.size_bytes} bytes): refused "
                        "before it was placed")
    header = await run_blocking(read_header, got.path, timeout_s=io_timeout_s)
    download_s = time.monotonic() - started
    say(f"checksum ok (sha256 {got.sha256[:12]}...); the RDB holds {header.keys} keys")
    if placement is None:
        config = await _server_config(redis_url)
        host, port = _host_port(redis_url)
        return RedisRestoreReport(component, store.target_id, chosen.key, target, manifest,
                                  header, download_s, kept=got.path,
                                  commands=manual_commands(got.path, header, config, host,
                                                           port))
    try:
        done = await _place_and_restart(got.path, header, placement, redis_url, say)
    finally:
        got.path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()
    return RedisRestoreReport(component, store.target_id, chosen.key, target, manifest,
                              header, download_s, time.monotonic() - started - download_s,
                              done=done.lines, comparisons=done.comparisons)


@dataclass(frozen=True)
class _Done:
    lines: tuple[str, ...]
    comparisons: tuple[Comparison, ...] = field(default_factory=tuple)


async def _place_and_restart(rdb: Path, header: RdbHeader, placement: Placement,
                             redis_url: str | None, say: Progress) -> _Done:
    config = await _server_config(redis_url)
    lines: list[str] = []
    if redis_url is not None:
        say("stopping Redis (SHUTDOWN NOSAVE)")
        lines.append(await _stop(redis_url))
    aof = config.get("appenddirname") if config.get("appendonly") == "yes" else None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    say(f"placing the RDB at {placement.rdb_path}")
    lines += await run_blocking(place, rdb, placement.rdb_path, stamp, aof,
                                config.get("appendfilename") or DEFAULT_AOF_FILE,
                                timeout_s=placement.restart_timeout_s)
    say(f"restarting Redis ({shlex.join(placement.restart_command)})")
    lines.append(await run_command(placement.restart_command, placement.restart_timeout_s))
    if redis_url is None:
        return _Done((*lines, "no redis_url for the site: not verified"))
    say("waiting for Redis to answer and finish loading")
    found: dict[str, Any] = {}

    async def loaded() -> dict[str, Any]:
        found.update(await _loaded(redis_url))
        return found

    await _wait(loaded, bool, placement.restart_timeout_s, "did not answer after restart")
    return _Done(tuple(lines), _compare(found, header))


def _host_port(url: str | None) -> tuple[str, int | None]:
    from urllib.parse import urlsplit

    if url is None:
        return "<host>", None
    parts = urlsplit(url)
    return parts.hostname or "<host>", parts.port
