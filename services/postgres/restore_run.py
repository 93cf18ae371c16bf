"""Run Debian's ``pg_restore`` on a custom-format dump, with progress and a hard deadline.

The client tools are found as :mod:`services.backups.pgtools` finds them (the newest of
Debian's ``/usr/lib/postgresql/<version>/bin``: a newer ``pg_restore`` reads older dumps),
and the DSN's password goes to the child through ``PGPASSWORD``, never its argv.

The restore is one transaction (``--single-transaction --exit-on-error``): a restore that
fails half-way leaves the target as it was, which matters when the target is a site's
database. ``--clean --if-exists`` replaces the objects the dump holds and leaves the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg

from services.backups.pgtools import ToolMissing, pg_binary, split_password
from services.postgres.errors import scrub
from services.sources import BadAnswer, SourceTimeout, Unreachable

Progress = Callable[[int, int, str], None]
"""``(items done, items in the dump, what pg_restore is doing)``."""

_WORK = re.compile(r"^pg_restore: (creating|processing data for|executing|restoring)\b")
STDERR_TAIL = 20


def client_tool(name: str, bin_dir: Path | None = None) -> Path:
    """``bin_dir/name`` when configured, else the newest installed one (:func:`pg_binary`)."""
    if bin_dir is not None:
        if (bin_dir / name).exists():
            return bin_dir / name
        raise Unreachable(f"{name} not found in {bin_dir}")
    try:
        return pg_binary(name)
    except ToolMissing as exc:
        raise Unreachable(str(exc)) from None


def split_dsn(dsn: str) -> tuple[str, dict[str, str]]:
    """The DSN without its password (for argv) and the environment carrying it."""
    try:
        return split_password(dsn)
    except (psycopg.Error, ValueError, TypeError):
        raise BadAnswer("invalid PostgreSQL DSN (not shown)") from None


@dataclass(frozen=True)
class RestoreRun:
    """What one ``pg_restore`` did."""

    items_total: int
    items_done: int
    duration_s: float


async def _run(argv: list[str], env: dict[str, str], timeout_s: float,
               on_line: Callable[[str], None] | None = None) -> tuple[int, str, list[str]]:
    """Run ``argv`` in its own process group; (exit code, stdout, stderr lines)."""
    process = await asyncio.create_subprocess_exec(
        *argv, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env or None, start_new_session=True)
    assert process.stdout is not None and process.stderr is not None
    lines: list[str] = []

    async def read_err() -> None:
        assert process.stderr is not None
        async for raw in process.stderr:
            line = raw.decode(errors="replace").rstrip()
            lines.append(line)
            if on_line is not None:
                on_line(line)

    try:
        async with asyncio.timeout(timeout_s):
            out, _ = await asyncio.gather(process.stdout.read(), read_err())
            code = await process.wait()
    except (TimeoutError, asyncio.CancelledError) as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await asyncio.shield(process.wait())
        if isinstance(exc, TimeoutError):
            raise SourceTimeout(f"{Path(argv[0]).name} killed after {timeout_s:g} s") from None
        raise
    return code, out.decode(errors="replace"), lines


async def count_items(dump: Path, *, bin_dir: Path | None = None,
                      timeout_s: float = 60.0) -> int:
    """How many entries the dump's table of contents lists (``pg_restore -l``)."""
    code, out, err = await _run([str(client_tool("pg_restore", bin_dir)), "-l", str(dump)],
                                {}, timeout_s)
    if code != 0:
        raise BadAnswer(f"not a pg_dump custom-format archive: {' '.join(err[-1:])}")
    return sum(1 for line in out.splitlines() if line.strip() and not line.startswith(";"))


async def pg_restore(dump: Path, dsn: str, *, progress: Progress | None = None,
                     timeout_s: float = 3600.0, bin_dir: Path | None = None,
                     monotonic: Callable[[], float] | None = None) -> RestoreRun:
    """Restore ``dump`` into the database ``dsn`` names, in one transaction.

    Raises :class:`BadAnswer` with pg_restore's last error lines (scrubbed of the DSN)
    when it fails; :class:`SourceTimeout` when it outlives ``timeout_s`` (it is killed,
    and its transaction rolls back with its connection).
    """
    clock = monotonic or asyncio.get_running_loop().time
    started = clock()
    total = await count_items(dump, bin_dir=bin_dir)
    conninfo, env = split_dsn(dsn)
    done = 0

    def on_line(line: str) -> None:
        nonlocal done
        if _WORK.match(line):
            done += 1
            if progress is not None:
                progress(min(done, total), total, line.removeprefix("pg_restore: "))

    argv = [str(client_tool("pg_restore", bin_dir)), "--verbose", "--clean", "--if-exists",
            "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            "--dbname", conninfo, str(dump)]
    code, _, lines = await _run(argv, env, timeout_s, on_line)
    if code != 0:
        errors = [ln for ln in lines if "error" in ln.lower()] or lines
        tail = "; ".join(errors[-3:])
        raise BadAnswer(f"pg_restore failed (exit {code}): "
                        f"{scrub(tail, dsn, env.get('PGPASSWORD'))}")
    return RestoreRun(items_total=total, items_done=min(done, total),
                      duration_s=max(0.0, clock() - started))
