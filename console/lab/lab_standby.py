"""``lab demote SITE`` and ``lab rebuild SITE``: the host-level half of a rollback, for real.

After ``failover --to dr`` the DR database is a promoted primary on a new timeline and the
old primary's data directory is a history DR no longer shares. Rolling back without losing
what DR took means a switchover, in Patroni's order:

* ``rebuild primary``: the primary site's PostgreSQL re-cloned from DR (its data directory
  moved aside, ``pg_basebackup -R`` into a fresh one: ``standby.signal`` and
  ``primary_conninfo`` pointing at DR), started and waited for until DR's
  ``pg_stat_replication`` shows it streaming; its Redis ``REPLICAOF`` DR's (started that
  way if it is down) until the link is up. The faults the rebuild replaces are cleared.
* ``demote dr``: DR's PostgreSQL stopped cleanly (a fast shutdown waits until connected
  standbys received the shutdown checkpoint) and its Redis shut down after its replica
  caught up; then the standby's received position is compared with DR's last checkpoint,
  so the fence says whether anything was left behind.
* after the console promoted the primary side, ``rebuild dr`` the same way behind it.

The console's rollback play runs the last two through ``[standby.<site>]`` (the lab's config
names ``python -m console.lab.standby_command``); an operator can run all of them by hand.
Site names: ``primary`` is the lab's ``postgres-primary``/``redis-primary``, ``dr`` its
``postgres-standby``/``redis-replica`` (the component names stay; their roles swap).
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import redis as redis_py

from console.lab.lab_faults import postgres, redis, sync_health
from console.lab.lab_servers import LabPostgres, LabRedis
from console.lab.lab_state import LabState
from console.lab.postgres_lab import STEP_TIMEOUT_S, _append
from console.lab.users import LabError

SITES = ("primary", "dr")
STREAM_TIMEOUT_S = 60.0
REPLACED_FAULTS = {"primary": ("primary-db", "primary-redis"), "dr": ("replication",)}
"""What rebuilding a site's servers undoes: they are new servers, not the broken ones."""


@dataclass(frozen=True)
class Node:
    """One site's PostgreSQL and Redis in the lab, and the other site's."""

    site: str
    data_dir: Path
    pg_port: int
    other_pg_port: int
    redis_name: str
    redis_port: int
    other_redis_port: int

    @property
    def pg_component(self) -> str:
        return "postgres-primary" if self.site == "primary" else "postgres-standby"

    @property
    def redis_component(self) -> str:
        return f"redis-{self.redis_name}"

    @property
    def app_name(self) -> str:
        """The ``application_name`` it streams under: the one DR's standby always had."""
        return f"{self.site}-standby" if self.site == "primary" else "dr-standby"


def node(pg: LabPostgres, rd: LabRedis, site: str) -> Node:
    if site not in SITES:
        raise LabError(f"unknown site {site!r} (known: {', '.join(SITES)})")
    if site == "primary":
        return Node(site, pg.primary_dir, pg.primary_port, pg.standby_port, "primary",
                    rd.primary_port, rd.replica_port)
    return Node(site, pg.standby_dir, pg.standby_port, pg.primary_port, "replica",
                rd.replica_port, rd.primary_port)


def other_promoted(state: LabState, site: str) -> bool:
    """Whether the other site's PostgreSQL answers as a writable primary (a failover, or a
    rollback, happened): then ``site``'s old primary must not start as a second one."""
    pg = postgres(state)
    n = node(pg, redis(state), site)
    try:
        return pg.sql(n.other_pg_port, "SELECT pg_is_in_recovery()") == [(False,)]
    except Exception:  # the other side is down or unreachable: no promoted primary seen
        return False


def other_redis_master(state: LabState, site: str) -> bool:
    """Whether the other site's Redis answers as a master (it was promoted)."""
    rd = redis(state)
    n = node(postgres(state), rd, site)
    try:
        return _info(rd.client(n.other_redis_port)).get("role") == "master"
    except redis_py.RedisError:
        return False


def demote(state: LabState, site: str) -> str:
    """Stop ``site``'s PostgreSQL cleanly and its Redis after its replica caught up."""
    pg, rd = postgres(state), redis(state)
    n = node(pg, rd, site)
    said = [_demote_redis(rd, n)]
    if _running(n.data_dir):
        pg._pg_ctl(n.data_dir, "stop", "-m", "fast")
    said.append(_fence_report(pg, n))
    state.save()
    return f"{site} demoted: " + "; ".join(said)


def _demote_redis(rd: LabRedis, n: Node) -> str:
    client = rd.client(n.redis_port)
    try:
        offset = int(_info(client)["master_repl_offset"])
    except redis_py.RedisError:
        return f"redis {n.redis_name} already down"
    with contextlib.suppress(redis_py.RedisError):  # the connection closes as it exits
        client.shutdown(nosave=True)  # without NOW: waits for lagging replicas (Redis 7)
    try:
        info = _info(rd.client(n.other_redis_port))
        got = int(info.get("master_repl_offset") or 0)
    except redis_py.RedisError as exc:
        return f"redis {n.redis_name} stopped; its replica does not answer ({exc})"
    gap = max(0, offset - got)
    return f"redis {n.redis_name} stopped at offset {offset}, its replica {gap} bytes behind"


def _fence_report(pg: LabPostgres, n: Node) -> str:
    """Compare DR's last checkpoint (pg_controldata) with what the standby received."""
    assert pg._user is not None and pg._bin is not None
    out = pg._user.run([str(pg._bin / "pg_controldata"), str(n.data_dir)],
                       timeout_s=STEP_TIMEOUT_S).stdout
    line = next((x for x in out.splitlines() if x.startswith("Latest checkpoint location")),
                "")
    checkpoint = line.rsplit(" ", 1)[-1].strip()
    if not checkpoint:
        return "postgres stopped (checkpoint location not read)"
    try:
        rows = pg.sql(n.other_pg_port, "SELECT pg_wal_lsn_diff(pg_last_wal_receive_lsn(), "
                      f"'{checkpoint}')::bigint")
    except Exception as exc:
        return f"postgres stopped at {checkpoint}; its standby does not answer ({exc})"
    ahead = int(str(rows[0][0])) if rows and rows[0][0] is not None else None
    if ahead is None or ahead < 0:
        return (f"postgres stopped at {checkpoint}; its standby LACKS "
                f"{'?' if ahead is None else -ahead} bytes")
    return f"postgres stopped cleanly at {checkpoint}; its standby received all of it"


def rebuild(state: LabState, site: str) -> str:
    """Make ``site`` a streaming standby (and Redis replica) of the other site."""
    pg, rd = postgres(state), redis(state)
    n = node(pg, rd, site)
    try:
        writable = pg.sql(n.other_pg_port, "SELECT pg_is_in_recovery()") == [(False,)]
    except Exception as exc:
        raise LabError(f"cannot rebuild {site}: the other site's PostgreSQL does not "
                       f"answer ({exc})") from None
    if not writable:
        raise LabError(f"cannot rebuild {site}: the other site's PostgreSQL is not a "
                       "writable primary (nothing to follow)")
    said = [_rebuild_postgres(pg, n), _rebuild_redis(rd, n)]
    c = state.components
    c[n.pg_component] = replace(c[n.pg_component], pid=pg.pids_by_dir().get(
        n.data_dir.name, 0))
    c[n.redis_component] = replace(c[n.redis_component], pid=rd.pid_of(n.redis_name) or 0)
    for fault in REPLACED_FAULTS[site]:
        if fault in state.faults:
            state.faults.remove(fault)
    sync_health(state)
    state.save()
    return f"{site} rebuilt as a standby: " + "; ".join(said)


def _running(data_dir: Path) -> bool:
    return (data_dir / "postmaster.pid").exists()


def _rebuild_postgres(pg: LabPostgres, n: Node) -> str:
    assert pg._user is not None and pg._bin is not None
    began = time.monotonic()
    if _running(n.data_dir):
        pg._pg_ctl(n.data_dir, "stop", "-m", "fast")
    aside = n.data_dir.with_name(n.data_dir.name + ".replaced")
    shutil.rmtree(aside, ignore_errors=True)
    if n.data_dir.exists():
        n.data_dir.rename(aside)
    pg._user.run([str(pg._bin / "pg_basebackup"), "-D", str(n.data_dir), "-R",
                  "-X", "stream", "-c", "fast", "--no-sync",
                  "-d", f"{pg.dsn(n.other_pg_port)} application_name={n.app_name}"],
                 timeout_s=STREAM_TIMEOUT_S, cwd=pg.base_dir)
    _append(n.data_dir / "postgresql.auto.conf", {
        "port": str(n.pg_port), "cluster_name": f"'{n.app_name}'"})
    pg._pg_ctl(n.data_dir, "start")
    _wait(lambda: pg.sql(n.other_pg_port, "SELECT state FROM pg_stat_replication WHERE "
                         f"application_name = '{n.app_name}'") == [("streaming",)],
          f"postgres {n.site} to stream from the other site")
    shutil.rmtree(aside, ignore_errors=True)
    return (f"postgres re-cloned from port {n.other_pg_port} (pg_basebackup -R) and "
            f"streaming in {time.monotonic() - began:.1f}s")


def _rebuild_redis(rd: LabRedis, n: Node) -> str:
    with contextlib.suppress(redis_py.RedisError):  # no 5 s wait before the full sync
        rd.client(n.other_redis_port).config_set("repl-diskless-sync-delay", 0)
    if rd._pings(n.redis_port):
        rd.client(n.redis_port).replicaof("127.0.0.1", n.other_redis_port)
    else:
        rd._server(n.redis_name, n.redis_port, "--appendonly", "yes",
                   "--repl-diskless-sync-delay", "0",
                   "--replicaof", "127.0.0.1", str(n.other_redis_port))

    def link_up() -> bool:
        info = _info(rd.client(n.redis_port))
        return bool(info.get("master_link_status") == "up"
                    and info.get("master_port") == n.other_redis_port)

    _wait(link_up, f"redis {n.redis_name}'s link to the other site")
    return f"redis {n.redis_name} REPLICAOF port {n.other_redis_port}, link up"


def _info(client: redis_py.Redis) -> dict[str, Any]:
    found: dict[str, Any] = client.info("replication")  # type: ignore[assignment]
    return found


def _wait(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + STREAM_TIMEOUT_S
    while True:
        with contextlib.suppress(Exception):
            if check():
                return
        if time.monotonic() > deadline:
            raise LabError(f"timed out after {STREAM_TIMEOUT_S:g} s waiting for {what}")
        time.sleep(0.1)
