"""How Redis ``INFO`` sections become a :class:`RedisSnapshot`.

Lag on a replica is the *primary's* ``master_repl_offset`` minus the replica's
``slave_repl_offset``. The replica's own ``master_repl_offset`` is only its copy of the
stream (it equals what it has processed), so comparing the two replica fields always says
0 — exactly when the link is cut and lag matters. The adapter therefore asks the primary
for its offset (``primary_offset``); when the primary cannot be asked, lag is unknown
(None), never 0. Both offsets are kept on the snapshot, so the judge can also subtract
the replica's offset from the last master offset it saw once the master is gone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.models import RedisRole, RedisSnapshot, Site


def replica_offset(info: dict[str, Any]) -> int | None:
    """The replica's processed offset, or None on a master / a replica that never synced."""
    value = info.get("slave_repl_offset")
    return None if value is None else int(value)


def link_down_since_s(info: dict[str, Any]) -> float | None:
    """``master_link_down_since_seconds`` of a replica whose link is down, else None.

    Redis says -1 when the replica never linked since it started: how long is unknown.
    """
    value = info.get("master_link_down_since_seconds")
    if value is None or info.get("master_link_status") == "up":
        return None
    seconds = float(value)
    return seconds if seconds >= 0 else None


def build_snapshot(*, site: Site, node: str, observed_at: datetime, info: dict[str, Any],
                   primary_offset: int | None) -> RedisSnapshot:
    """Fold ``INFO replication persistence`` (one dict) into a snapshot.

    ``primary_offset`` is the master's ``master_repl_offset`` as read from the master
    itself (replicas only); None when it could not be read.
    """
    is_master = info.get("role") == "master"
    offset = replica_offset(info)
    lag: int | None = None
    if is_master:
        primary_offset = None
    elif primary_offset is not None and offset is not None:
        lag = max(0, primary_offset - offset)
    last_save = info.get("rdb_last_save_time")
    age = None if last_save is None else max(0.0, observed_at.timestamp() - float(last_save))
    return RedisSnapshot(
        observed_at=observed_at, site=site, node=node,
        role=RedisRole.MASTER if is_master else RedisRole.REPLICA,
        link_up=None if is_master else info.get("master_link_status") == "up",
        link_down_since_s=None if is_master else link_down_since_s(info),
        master_repl_offset=int(info.get("master_repl_offset", 0)),
        replica_offset=None if is_master else offset,
        primary_offset=primary_offset,
        lag_bytes=lag,
        connected_replicas=int(info.get("connected_slaves", 0)),
        last_rdb_save_age_s=age,
        rdb_last_status=str(info.get("rdb_last_bgsave_status", "ok")),
        aof_enabled=bool(int(info.get("aof_enabled", 0))),
        aof_last_write_status=str(info.get("aof_last_write_status", "ok")),
    )
