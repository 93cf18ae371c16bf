"""A real Redis primary and replica (``--replicaof``) on free loopback ports.

Both run as the lab user, for the same reason and in the same way as PostgreSQL (Redis
would run as root, but one rule is simpler). No RDB snapshots (``--save ""``) so nothing
forks in the background during tests; the primary has AOF on, as production does.

Pausing the link: ``DEBUG SLEEP`` is disabled by default in Redis 7 and would freeze the
replica's answers too; ``CLIENT KILL TYPE master`` heals within a second. So the lab points
the replica at a *blackhole* (a free loopback port nobody listens on) with ``REPLICAOF``:
the link goes down, the replica keeps its data and replication id, and the primary's
offset runs ahead. ``resume_link()`` points it back and Redis resumes with a partial
resync (PSYNC) from the primary's backlog, as after a real network cut.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from console.lab.ports import free_port, free_ports
from console.lab.users import LabError, LabUser, lab_user, wait_gone

STEP_TIMEOUT_S = 15.0


class RedisLab:
    """Primary + replica in ``base_dir``; ``start()``, use the URLs, ``stop()``."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.primary_port, self.replica_port = free_ports(2)
        self._user: LabUser | None = None

    @property
    def primary_url(self) -> str:
        return f"redis://127.0.0.1:{self.primary_port}/0"

    @property
    def replica_url(self) -> str:
        return f"redis://127.0.0.1:{self.replica_port}/0"

    @property
    def pids(self) -> list[int]:
        """Pids of the servers running now (from their pidfiles)."""
        found = []
        for name in ("primary", "replica"):
            try:
                found.append(int((self.base_dir / f"{name}.pid").read_text().strip()))
            except (OSError, ValueError):
                continue
        return found

    def client(self, port: int) -> redis.Redis:
        """A short-timeout synchronous client, for driving the lab.

        No retries: redis-py's default retries with backoff turn every refused connection
        (a server still starting, or one that just shut down) into seconds of sleeping.
        """
        return redis.Redis(host="127.0.0.1", port=port, socket_timeout=5,
                           socket_connect_timeout=5, decode_responses=True,
                           retry=Retry(NoBackoff(), 0))

    def start(self) -> None:
        """Start the primary, then the replica, and wait until the replica's link is up."""
        try:
            self._user = lab_user()
            for name in ("primary", "replica"):
                (self.base_dir / name).mkdir(parents=True, exist_ok=True)
            self._user.own(self.base_dir)
            # No diskless-sync delay: the replica's first full sync would wait 5 s for others.
            self._server("primary", self.primary_port, "--appendonly", "yes",
                         "--repl-diskless-sync-delay", "0")
            self._server("replica", self.replica_port,
                         "--replicaof", "127.0.0.1", str(self.primary_port))
            self._wait_link_up()
        except BaseException:
            self.stop()
            raise

    def _server(self, name: str, port: int, *extra: str) -> None:
        assert self._user is not None
        self._user.run(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port),
             "--dir", str(self.base_dir / name), "--daemonize", "yes",
             "--pidfile", str(self.base_dir / f"{name}.pid"),
             "--logfile", str(self.base_dir / f"{name}.log"), "--save", "", *extra],
            timeout_s=STEP_TIMEOUT_S, cwd=self.base_dir)
        self._wait(lambda: self._pings(port), f"redis {name} to answer")

    def _pings(self, port: int) -> bool:
        try:
            return bool(self.client(port).ping())
        except redis.RedisError:
            return False

    def _wait(self, check: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while not check():
            if time.monotonic() > deadline:
                raise LabError(f"timed out waiting for {what}")
            time.sleep(0.05)

    def _link_up(self) -> bool:
        info: dict[str, Any] = self.client(self.replica_port).info("replication")  # type: ignore[assignment]
        return bool(info.get("master_link_status") == "up"
                    and info.get("master_port") == self.primary_port)

    def _wait_link_up(self) -> None:
        self._wait(self._link_up, "the replica's link to come up")

    def pause_link(self) -> None:
        """Cut the replica off the primary (see the module docstring for why this way)."""
        self.client(self.replica_port).replicaof("127.0.0.1", free_port())

    def resume_link(self) -> None:
        """Point the replica back at the primary and wait until the link is up again."""
        self.client(self.replica_port).replicaof("127.0.0.1", self.primary_port)
        self._wait_link_up()

    def stop(self) -> None:
        """``SHUTDOWN NOSAVE NOW`` both servers and wait until their processes are gone.

        ``NOW``: Redis 7 otherwise waits up to 10 s for lagging replicas before exiting.
        """
        pids = self.pids
        for port in (self.replica_port, self.primary_port):
            # Already down, or the connection closed as it shut down: both are fine.
            with contextlib.suppress(redis.RedisError):
                self.client(port).shutdown(nosave=True, now=True)
        # A server that refused SHUTDOWN (a test set a password on it) gets signals.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if wait_gone(pids, 3.0):
                return
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
        if not wait_gone(pids, 3.0):
            raise LabError(f"redis processes still running: {pids}")


