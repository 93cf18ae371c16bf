"""Snapshot models every source returns, real adapter or drill simulator alike.

Frozen pydantic models with units in field names (``lag_bytes``, ``age_s``). Each carries
``observed_at`` (when the data was true) and ``error`` (set when the source answered only
in part). Panes render these and nothing else, so a real backend and the simulator are
interchangeable.

Every text a server or a store chose (names, reasons, messages, errors, reported statuses)
is an :data:`~services.outside.OutsideText`: sanitised when the snapshot is built, so no
screen, command, journal or report can forget it (no escape sequence, bounded length).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from services.outside import OutsideKey, OutsideText
from services.site import Site as Site  # re-exported: snapshots and their readers name sites


class Snapshot(BaseModel):
    """Base of every snapshot: immutable, timestamped, optionally carrying an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    observed_at: datetime
    error: OutsideText | None = None


class DeploymentRow(BaseModel):
    model_config = ConfigDict(frozen=True)
    namespace: OutsideText
    name: OutsideText
    ready_replicas: int
    desired_replicas: int


class PodRow(BaseModel):
    """A pod that is not ready or keeps restarting: the detail an operator drills into."""

    model_config = ConfigDict(frozen=True)
    namespace: OutsideText
    name: OutsideText
    phase: OutsideText
    ready: bool
    restarts: int
    reason: OutsideText = ""
    node: OutsideText = ""


class EventRow(BaseModel):
    model_config = ConfigDict(frozen=True)
    namespace: OutsideText
    involved_object: OutsideText
    reason: OutsideText
    message: OutsideText
    count: int
    last_seen: datetime | None = None


class ClusterSnapshot(Snapshot):
    site: Site
    context: OutsideText = ""
    nodes_ready: int = 0
    nodes_total: int = 0
    deployments: tuple[DeploymentRow, ...] = ()
    pods_by_phase: dict[OutsideText, int] = {}
    problem_pods: tuple[PodRow, ...] = ()
    warnings: tuple[EventRow, ...] = ()


class PostgresRole(StrEnum):
    PRIMARY = "primary"
    STANDBY = "standby"


class ReplicationRow(BaseModel):
    """One row of ``pg_stat_replication`` on a primary."""

    model_config = ConfigDict(frozen=True)
    application_name: OutsideText
    client_addr: OutsideText = ""
    state: OutsideText
    sent_lsn: OutsideText
    write_lsn: OutsideText
    flush_lsn: OutsideText
    replay_lsn: OutsideText
    sync_state: OutsideText
    lag_bytes: int
    replay_lag_s: float | None = None


class PostgresSnapshot(Snapshot):
    """One PostgreSQL node. Data-loss exposure is not a field: it spans two servers.

    What a failover to a standby loses is the primary's ``current_lsn`` (or the last one
    seen, if the primary is gone) minus the standby's ``receive_lsn``; only the console
    holds both, so the judge subtracts them (:func:`services.postgres.lsn.lsn_to_int`).
    """

    site: Site
    node: OutsideText
    role: PostgresRole
    in_recovery: bool
    timeline: int
    """The node's current timeline: a primary's from its WAL file, a standby's as received."""
    current_lsn: OutsideText | None = None
    """Primary only (always set there): ``pg_current_wal_lsn()``, where writes have reached."""
    receive_lsn: OutsideText | None = None
    """Standby only: the WAL it holds, ``pg_last_wal_receive_lsn()`` (received and flushed
    to its disk), or ``replay_lsn`` when that is further (WAL restored from an archive, or
    nothing streamed since it started). Frozen while its WAL receiver is down: what a
    promotion now would start from."""
    replay_lsn: OutsideText | None = None
    """Standby only: ``pg_last_wal_replay_lsn()``, what it has applied."""
    replay_backlog_bytes: int | None = None
    """Standby only: ``receive_lsn - replay_lsn`` (>= 0), received but not yet applied: the
    work a promotion must finish first (time to promote), not data at risk."""
    last_wal_receipt_at: datetime | None = None
    """Standby only: when it last heard from the primary (``pg_stat_wal_receiver.
    last_msg_receipt_time``, WAL or keepalive); None while no receiver is connected."""
    replication: tuple[ReplicationRow, ...] = ()
    lag_bytes: int | None = None
    """Deprecated, use ``replay_backlog_bytes`` (the same value); never data-loss exposure."""
    lag_s: float | None = None
    """Standby only: seconds since the commit time of the newest transaction it applied,
    while that is lag (WAL awaits replay, or its WAL receiver is down: an upper bound then,
    since it cannot tell whether the primary wrote since); 0 while connected with all
    received WAL applied; None when it never applied a transaction. Not exposure."""
    wal_receiver_connected: bool | None = None
    """Standby only: a WAL receiver streams from a primary; None when the monitoring role
    may not see ``pg_stat_wal_receiver``'s details (it lacks ``pg_read_all_stats``)."""
    archived_count: int = 0
    failed_count: int = 0
    last_archived_at: datetime | None = None
    last_failed_at: datetime | None = None


class RedisRole(StrEnum):
    MASTER = "master"
    REPLICA = "replica"


class RedisSnapshot(Snapshot):
    """One Redis node. The replication gap spans two servers, like PostgreSQL's: the judge
    takes the master's ``master_repl_offset`` (or the last one seen) minus the replica's
    ``replica_offset``."""

    site: Site
    node: OutsideText
    role: RedisRole
    link_up: bool | None = None
    """Replica only: ``master_link_status`` is up."""
    link_down_since_s: float | None = None
    """Replica only: ``master_link_down_since_seconds`` while the link is down; None while
    it is up, or when Redis cannot tell (-1: never linked since the replica started)."""
    master_repl_offset: int = 0
    """``master_repl_offset`` from this node's INFO. On a master: where its writes have
    reached. On a replica: the end of the master's stream as this replica last knew it."""
    replica_offset: int | None = None
    """Replica only: ``slave_repl_offset``, what it has processed."""
    primary_offset: int | None = None
    """Replica only: the master's ``master_repl_offset`` read from the master itself during
    this poll; None when the master could not be read (``error`` then says why)."""
    lag_bytes: int | None = None
    """Replica only: ``primary_offset - replica_offset``; None when either is unknown."""
    connected_replicas: int = 0
    last_rdb_save_age_s: float | None = None
    rdb_last_status: OutsideText = "ok"
    aof_enabled: bool = False
    aof_last_write_status: OutsideText = "ok"


class BackupEntry(BaseModel):
    """The newest backup of one component in one store."""

    model_config = ConfigDict(frozen=True)
    component: OutsideText
    """A backup schedule id of the plan (``postgres-full``...)."""
    target: OutsideText
    """A backup target id of the plan (``s3-region-1``...)."""
    latest_at: datetime | None = None
    latest_size_bytes: int | None = None
    latest_key: OutsideKey | None = None
    """Object key or path of the newest backup: what a restore would fetch."""
    latest_checksum: OutsideText | None = None
    """The store's checksum of it (S3/Azure ETag), to verify a download against."""
    count_in_retention: int = 0
    oldest_at: datetime | None = None
    """The oldest backup within retention."""
    count_past_retention: int = 0
    """Backups older than retention that the store still holds."""
    oldest_past_at: datetime | None = None
    error: OutsideText | None = None


class BackupSnapshot(Snapshot):
    entries: tuple[BackupEntry, ...] = ()


class HealthSnapshot(Snapshot):
    """One answer of a site's health endpoint; a failed request is a reading too.

    No HTTP answer (refused, timed out, reset) leaves ``status_code`` None with ``error``
    saying why: nothing is inferred about the site from silence.
    """

    site: Site
    url: OutsideText
    status_code: int | None = None
    latency_ms: float | None = None
    """The request alone, connection included (clients are reused across polls)."""
    reported_status: OutsideText | None = None
    """The ``status`` field of the endpoint's JSON body, when it has one."""
    timed_out: bool = False
    """No answer within the timeout: the endpoint's state is unknown, not "down"."""

    @property
    def ok(self) -> bool:
        return self.error is None and self.status_code == 200 and self.reported_status in (
            None, "ok", "healthy", "up", "pass")


class DnsSnapshot(Snapshot):
    record: OutsideText
    current_target: OutsideText | None = None
    ttl_s: int | None = None
    points_at: Site | None = None
    """Which site the record resolves to; None when it matches neither."""
