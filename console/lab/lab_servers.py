"""The lab's PostgreSQL and Redis pairs, re-attachable from a later ``lab`` command.

:class:`PostgresLab` and :class:`RedisLab` keep their ports, password and lab user in
memory, which is all a test fixture needs. The lab's ``break``, ``heal`` and ``down`` run
in fresh processes, so these subclasses rebuild that in-memory part from ``lab.json`` and
the 0600 password file (:meth:`attach`), and add what only the lab needs: restarting
the Redis primary after ``break primary-redis`` and waiting for the standby to stream
again after the PostgreSQL primary comes back.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import redis

from console.lab.postgres_lab import PostgresLab, postgres_bin_dir
from console.lab.redis_lab import RedisLab
from console.lab.users import LabError, lab_user

RESTREAM_TIMEOUT_S = 30.0


class LabPostgres(PostgresLab):
    """A :class:`PostgresLab` whose servers may have been started by another process."""

    @classmethod
    def attach(cls, base_dir: Path, primary_port: int, standby_port: int,
               password: str) -> LabPostgres:
        lab = cls(base_dir)
        lab.primary_port, lab.standby_port, lab.password = primary_port, standby_port, password
        lab._user = lab_user()
        lab._bin = postgres_bin_dir()
        return lab

    @property
    def primary_pid(self) -> int | None:
        pids = self.pids_by_dir()
        return pids.get("primary")

    def pids_by_dir(self) -> dict[str, int]:
        """``{"primary": pid, "standby": pid}`` of the postmasters running now."""
        found: dict[str, int] = {}
        for data_dir in (self.primary_dir, self.standby_dir):
            with contextlib.suppress(OSError, ValueError):
                first = (data_dir / "postmaster.pid").read_text().split("\n", 1)[0]
                found[data_dir.name] = int(first)
        return found

    def wait_streaming(self, timeout_s: float = RESTREAM_TIMEOUT_S) -> None:
        """Until the standby streams from the primary again (it retries every 5 s)."""
        deadline = time.monotonic() + timeout_s
        while True:
            with contextlib.suppress(Exception):
                if self._standby_streaming():
                    return
            if time.monotonic() > deadline:
                raise LabError(f"the standby did not stream again within {timeout_s:g} s")
            time.sleep(0.1)


class LabRedis(RedisLab):
    """A :class:`RedisLab` whose servers may have been started by another process."""

    @classmethod
    def attach(cls, base_dir: Path, primary_port: int, replica_port: int) -> LabRedis:
        lab = cls(base_dir)
        lab.primary_port, lab.replica_port = primary_port, replica_port
        lab._user = lab_user()
        return lab

    def pid_of(self, name: str) -> int | None:
        try:
            return int((self.base_dir / f"{name}.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop_primary(self) -> None:
        """``SHUTDOWN NOSAVE NOW`` the primary only: the replica stays, its link goes down."""
        with contextlib.suppress(redis.RedisError):
            self.client(self.primary_port).shutdown(nosave=True, now=True)

    def start_primary(self) -> None:
        """Start the primary again with its data (AOF) and wait for the replica's link."""
        self._server("primary", self.primary_port, "--appendonly", "yes",
                     "--repl-diskless-sync-delay", "0")
        self._wait_link_up()

    def seed(self, keys: int = 500) -> None:
        """Sessions, as the application keeps them: something for DBSIZE and the replica."""
        client = self.client(self.primary_port)
        pipe = client.pipeline(transaction=False)
        for n in range(keys):
            pipe.set(f"session:{n:05d}", f"user-{n % 300}", ex=86_400)
        pipe.execute()
