"""A real PostgreSQL primary and ``pg_basebackup`` streaming standby on free loopback ports.

Used by the tests of the PostgreSQL adapter and by the local lab. Both servers run as the
lab user (PostgreSQL refuses root), keep their unix sockets in ``base_dir`` (not
``/var/run``, which is root's), and accept the superuser ``rc`` with a password over
127.0.0.1 only. The primary archives WAL to ``base_dir/wal-archive``, as production does,
so the archiver columns of a snapshot have something to show. ``fsync`` is off: this is
a throwaway lab and a fast start matters more than crash safety.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from console.lab.ports import free_ports
from console.lab.users import LabError, LabUser, lab_user, wait_gone

SUPERUSER = "rc"
DATABASE = "erlmcp"
STANDBY_NAME = "dr-standby"
STEP_TIMEOUT_S = 30.0


def postgres_bin_dir() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` (Debian's layout)."""
    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    candidates = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()]
    if not candidates:
        raise LabError("PostgreSQL is not installed: apt-get install -y postgresql")
    return max(candidates, key=version)


def _wait_for(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise LabError(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(0.05)


class PostgresLab:
    """Primary + streaming standby in ``base_dir``; ``start()``, use the DSNs, ``stop()``."""

    def __init__(self, base_dir: Path) -> None:
        self.base_dir = base_dir
        self.password = secrets.token_urlsafe(16)
        self.primary_port, self.standby_port = free_ports(2)
        self.primary_dir = base_dir / "primary"
        self.standby_dir = base_dir / "standby"
        self.archive_dir = base_dir / "wal-archive"
        self.socket_dir = base_dir / "sockets"
        self._user: LabUser | None = None
        self._bin: Path | None = None

    # -- connection strings ---------------------------------------------------------------
    def dsn(self, port: int, *, password: str | None = None, dbname: str = DATABASE) -> str:
        """A libpq DSN for ``port`` (``password`` overrides the real one, for auth tests)."""
        pw = self.password if password is None else password
        return (f"host=127.0.0.1 port={port} dbname={dbname} user={SUPERUSER} "
                f"password={pw} connect_timeout=5")

    @property
    def primary_dsn(self) -> str:
        return self.dsn(self.primary_port)

    @property
    def standby_dsn(self) -> str:
        return self.dsn(self.standby_port)

    @property
    def pids(self) -> list[int]:
        """Postmaster pids of the servers that are running now."""
        return [pid for d in (self.primary_dir, self.standby_dir) if (pid := _postmaster_pid(d))]

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """initdb + start the primary, seed it, clone the standby, wait until it streams."""
        try:
            self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> None:
        self._user = user = lab_user()
        self._bin = postgres_bin_dir()
        for path in (self.base_dir, self.archive_dir, self.socket_dir):
            path.mkdir(parents=True, exist_ok=True)
        pwfile = self.base_dir / "pwfile"
        pwfile.write_text(self.password + "\n")
        user.own(self.base_dir)
        user.run([str(self._bin / "initdb"), "-D", str(self.primary_dir), "-U", SUPERUSER,
                  "--pwfile", str(pwfile), "--auth-local=trust", "--auth-host=scram-sha-256",
                  "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C"],
                 timeout_s=STEP_TIMEOUT_S, cwd=self.base_dir)
        pwfile.unlink()
        archive = self.archive_dir
        _append(self.primary_dir / "postgresql.conf", {
            "listen_addresses": "'127.0.0.1'", "port": str(self.primary_port),
            "unix_socket_directories": f"'{self.socket_dir}'", "wal_level": "replica",
            "max_wal_senders": "5", "wal_keep_size": "'512MB'", "max_wal_size": "'1GB'",
            "hot_standby": "on", "archive_mode": "on", "fsync": "off",
            "archive_command": f"'test ! -f {archive}/%f && cp %p {archive}/%f'",
        })
        self.start_primary()
        self._seed()
        user.run([str(self._bin / "pg_basebackup"), "-D", str(self.standby_dir), "-R",
                  "-X", "stream", "-c", "fast", "--no-sync",
                  "-d", f"{self.dsn(self.primary_port)} application_name={STANDBY_NAME}"],
                 timeout_s=STEP_TIMEOUT_S, cwd=self.base_dir)
        _append(self.standby_dir / "postgresql.auto.conf", {
            "port": str(self.standby_port), "cluster_name": f"'{STANDBY_NAME}'"})
        self._pg_ctl(self.standby_dir, "start")
        _wait_for(self._standby_streaming, STEP_TIMEOUT_S, "the standby to stream")

    def stop(self) -> None:
        """Stop both servers (fast shutdown) and wait until their processes are gone."""
        pids = self.pids
        for data_dir in (self.standby_dir, self.primary_dir):
            if pid := _postmaster_pid(data_dir):
                try:
                    self._pg_ctl(data_dir, "stop", "-m", "fast")
                except LabError:  # hung or half-started: immediate shutdown, no leftovers
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGQUIT)
        if not wait_gone(pids, 10.0):
            raise LabError(f"postgres processes still running: {pids}")

    def stop_primary(self) -> None:
        self._pg_ctl(self.primary_dir, "stop", "-m", "fast")

    def start_primary(self) -> None:
        self._pg_ctl(self.primary_dir, "start")

    def _pg_ctl(self, data_dir: Path, action: str, *extra: str) -> None:
        if self._user is None or self._bin is None:
            raise LabError("the lab was never started")
        log = self.base_dir / f"{data_dir.name}.log"
        self._user.run([str(self._bin / "pg_ctl"), action, "-D", str(data_dir), "-w",
                        "-t", "20", "-l", str(log), *extra],
                       timeout_s=STEP_TIMEOUT_S, cwd=self.base_dir)

    # -- operations the tests drive ------------------------------------------------------
    def sql(self, port: int, query: str, *, dbname: str = DATABASE) -> list[tuple[object, ...]]:
        """Run one statement (autocommit) and return its rows, if any."""
        with psycopg.connect(self.dsn(port, dbname=dbname), autocommit=True) as conn:
            cur = conn.execute(query.encode())
            return list(cur.fetchall()) if cur.description else []

    def pause_replay(self) -> None:
        """Stop WAL replay on the standby (it keeps receiving): lag builds up, in bytes."""
        self.sql(self.standby_port, "SELECT pg_wal_replay_pause()")
        _wait_for(lambda: self.sql(self.standby_port, "SELECT pg_get_wal_replay_pause_state()")
                  == [("paused",)], 10.0, "replay to pause")

    def resume_replay(self) -> None:
        self.sql(self.standby_port, "SELECT pg_wal_replay_resume()")

    def cut_receiver(self) -> None:
        """Stop the standby's WAL receiver, as a broken link would: it keeps what it has.

        An empty ``primary_conninfo`` (reloaded, no restart) ends the receiver and keeps
        the standby in recovery; :meth:`restore_receiver` points it back at the primary.
        """
        self._set_conninfo("")
        _wait_for(lambda: not self.sql(self.standby_port, "SELECT 1 FROM pg_stat_wal_receiver"),
                  10.0, "the WAL receiver to stop")

    def restore_receiver(self) -> None:
        """Point the standby at the primary again; it reconnects within about a second."""
        self._set_conninfo(f"{self.primary_dsn} application_name={STANDBY_NAME}")

    def _set_conninfo(self, conninfo: str) -> None:
        literal = "'" + conninfo.replace("'", "''") + "'"
        self.sql(self.standby_port, f"ALTER SYSTEM SET primary_conninfo = {literal}")
        self.sql(self.standby_port, "SELECT pg_reload_conf()")

    def write_mb(self, megabytes: float) -> int:
        """Generate about ``megabytes`` MB of WAL on the primary; returns the bytes written."""
        start = self.sql(self.primary_port, "SELECT pg_current_wal_lsn()")[0][0]
        target = int(megabytes * 1024 * 1024)
        written = 0
        while written < target:
            rows = max(1, min(2000, (target - written) // 1200))
            self.sql(self.primary_port, f"INSERT INTO filler (payload) SELECT repeat(md5(g::text)"
                     f", 30) FROM generate_series(1, {rows}) AS g")
            got = self.sql(self.primary_port,
                           f"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '{start}')::bigint")
            written = int(str(got[0][0]))
        return written

    def _seed(self) -> None:
        self.sql(self.primary_port, f"CREATE DATABASE {DATABASE}", dbname="postgres")
        for statement in _SEED:
            self.sql(self.primary_port, statement)

    def _standby_streaming(self) -> bool:
        rows = self.sql(self.primary_port, "SELECT state FROM pg_stat_replication "
                        f"WHERE application_name = '{STANDBY_NAME}'")
        return rows == [("streaming",)]


_SEED = (
    "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE,"
    " created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE sessions (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users,"
    " token text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE filler (id bigserial PRIMARY KEY, payload text NOT NULL)",
    "INSERT INTO users (email) SELECT 'user' || g || '@erlmcp.test'"
    " FROM generate_series(1, 300) AS g",
    "INSERT INTO sessions (user_id, token) SELECT 1 + g % 300, md5(g::text)"
    " FROM generate_series(1, 500) AS g",
)


def _append(conf: Path, settings: dict[str, str]) -> None:
    """Append settings to a config file; later lines win in PostgreSQL's config files."""
    with conf.open("a") as handle:
        handle.write("\n# recovery-console lab\n")
        handle.writelines(f"{key} = {value}\n" for key, value in settings.items())


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        first = (data_dir / "postmaster.pid").read_text().split("\n", 1)[0]
    except OSError:
        return None
    return int(first) if first.strip().isdigit() else None
