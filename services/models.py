"""Snapshot models every source returns, real adapter or drill simulator alike.

Frozen pydantic models with units in field names (``lag_bytes``, ``age_s``). Each carries
``observed_at`` (when the data was true) and ``error`` (set when the source answered only
in part). Panes render these and nothing else, so a real backend and the simulator are
interchangeable.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Site(StrEnum):
    """The two sites: the primary and the disaster-recovery site."""

    PRIMARY = "primary"
    DR = "dr"


class Snapshot(BaseModel):
    """Base of every snapshot: immutable, timestamped, optionally carrying an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    observed_at: datetime
    error: str | None = None


class DeploymentRow(BaseModel):
    model_config = ConfigDict(frozen=True)
    namespace: str
    name: str
    ready_replicas: int
    desired_replicas: int


class PodRow(BaseModel):
    """A pod that is not ready or keeps restarting: the detail an operator drills into."""

    model_config = ConfigDict(frozen=True)
    namespace: str
    name: str
    phase: str
    ready: bool
    restarts: int
    reason: str = ""
    node: str = ""


class EventRow(BaseModel):
    model_config = ConfigDict(frozen=True)
    namespace: str
    involved_object: str
    reason: str
    message: str
    count: int
    last_seen: datetime | None = None


class ClusterSnapshot(Snapshot):
    site: Site
    context: str = ""
    nodes_ready: int = 0
    nodes_total: int = 0
    deployments: tuple[DeploymentRow, ...] = ()
    pods_by_phase: dict[str, int] = {}
    problem_pods: tuple[PodRow, ...] = ()
    warnings: tuple[EventRow, ...] = ()


class PostgresRole(StrEnum):
    PRIMARY = "primary"
    STANDBY = "standby"


class ReplicationRow(BaseModel):
    """One row of ``pg_stat_replication`` on a primary."""

    model_config = ConfigDict(frozen=True)
    application_name: str
    client_addr: str = ""
    state: str
    sent_lsn: str
    write_lsn: str
    flush_lsn: str
    replay_lsn: str
    sync_state: str
    lag_bytes: int
    replay_lag_s: float | None = None


class PostgresSnapshot(Snapshot):
    site: Site
    node: str
    role: PostgresRole
    in_recovery: bool
    timeline: int
    current_lsn: str | None = None
    """``pg_current_wal_lsn()`` on a primary."""
    receive_lsn: str | None = None
    replay_lsn: str | None = None
    replication: tuple[ReplicationRow, ...] = ()
    lag_bytes: int | None = None
    """On a standby: WAL received but not replayed, or behind the primary; 0 when caught up."""
    lag_s: float | None = None
    """On a standby: replay delay; 0 when caught up, whatever the last replay time says."""
    wal_receiver_connected: bool | None = None
    archived_count: int = 0
    failed_count: int = 0
    last_archived_at: datetime | None = None
    last_failed_at: datetime | None = None


class RedisRole(StrEnum):
    MASTER = "master"
    REPLICA = "replica"


class RedisSnapshot(Snapshot):
    site: Site
    node: str
    role: RedisRole
    link_up: bool | None = None
    """Replica only: ``master_link_status`` is up."""
    master_repl_offset: int = 0
    replica_offset: int | None = None
    lag_bytes: int | None = None
    """Replica only: the master's offset minus this replica's."""
    connected_replicas: int = 0
    last_rdb_save_age_s: float | None = None
    rdb_last_status: str = "ok"
    aof_enabled: bool = False
    aof_last_write_status: str = "ok"


class BackupEntry(BaseModel):
    """The newest backup of one component in one store."""

    model_config = ConfigDict(frozen=True)
    component: str
    """A backup schedule id of the plan (``postgres-full``...)."""
    target: str
    """A backup target id of the plan (``s3-region-1``...)."""
    latest_at: datetime | None = None
    latest_size_bytes: int | None = None
    latest_key: str | None = None
    """Object key or path of the newest backup: what a restore would fetch."""
    latest_checksum: str | None = None
    """The store's checksum of it (S3/Azure ETag), to verify a download against."""
    count_in_retention: int = 0
    oldest_at: datetime | None = None
    error: str | None = None


class BackupSnapshot(Snapshot):
    entries: tuple[BackupEntry, ...] = ()


class HealthSnapshot(Snapshot):
    site: Site
    url: str
    status_code: int | None = None
    latency_ms: float | None = None
    reported_status: str | None = None
    """The ``status`` field of the endpoint's JSON body, when it has one."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.status_code == 200 and self.reported_status in (
            None, "ok", "healthy", "up", "pass")


class DnsSnapshot(Snapshot):
    record: str
    current_target: str | None = None
    ttl_s: int | None = None
    points_at: Site | None = None
    """Which site the record resolves to; None when it matches neither."""
