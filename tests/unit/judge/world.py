"""Readings of a two-site world, made by hand: each builder is one fact an operator knows.

Shared by the truth-rule tests and the agreement property test, so both speak of the same
world: ``World`` collects readings; its methods set one source's state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from console.live.maintenance import MaintenanceSnapshot, Verification, VerifiedFact
from console.live.readings import Reading
from services.models import (
    BackupEntry,
    BackupSnapshot,
    ClusterSnapshot,
    DeploymentRow,
    DnsSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    ReplicationRow,
    Site,
    Snapshot,
)
from services.postgres.lsn import int_to_lsn

NOW = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


@dataclass
class World:
    """Readings by source name, all observed just before ``NOW`` unless said otherwise."""

    readings: dict[str, Reading[Any]] = field(default_factory=dict)

    def put(self, source: str, snap: Snapshot | None, error: str | None = None) -> World:
        self.readings[source] = Reading(source=source, snapshot=snap, checked_at=NOW,
                                        error=error)
        return self

    def fail(self, source: str, error: str = "timeout after 4s", last_good_s: float = 60
             ) -> World:
        """``source`` stopped answering; its last good snapshot stays, ``last_good_s`` old."""
        known = self.readings.get(source)
        snap = known.snapshot if known is not None else None
        if snap is not None:
            snap = snap.model_copy(update={"observed_at": ago(last_good_s)})
        return self.put(source, snap, error)

    def dns(self, site: Site | None) -> World:
        return self.put("dns", DnsSnapshot(observed_at=ago(2), record="api.erlmcp.example",
                                           current_target=f"lb-{site}", points_at=site))

    def health(self, site: Site, code: int | None = 200, status: str | None = "ok", *,
               error: str | None = None, timed_out: bool = False) -> World:
        return self.put(f"health/{site}", HealthSnapshot(
            observed_at=ago(1), site=site, url=f"https://{site}.example/health",
            status_code=code, latency_ms=None if code is None else 12.0,
            reported_status=status if code is not None else None,
            error=error if code is None else (None if code == 200 else f"HTTP {code}"),
            timed_out=timed_out))

    def pg_primary(self, site: Site, lsn: int = 0x5000000, timeline: int = 1,
                   streams: int = 1) -> World:
        rows = tuple(ReplicationRow(application_name="standby", state="streaming",
                                    sent_lsn=int_to_lsn(lsn), write_lsn=int_to_lsn(lsn),
                                    flush_lsn=int_to_lsn(lsn), replay_lsn=int_to_lsn(lsn),
                                    sync_state="async", lag_bytes=0)
                     for _ in range(streams))
        return self.put(f"postgres/{site}", PostgresSnapshot(
            observed_at=ago(2), site=site, node=f"pg-{site}", role=PostgresRole.PRIMARY,
            in_recovery=False, timeline=timeline, current_lsn=int_to_lsn(lsn),
            replication=rows))

    def pg_standby(self, site: Site, received: int = 0x5000000, replayed: int | None = None,
                   heard_s: float | None = 1.0, connected: bool = True, timeline: int = 1
                   ) -> World:
        replay = received if replayed is None else replayed
        return self.put(f"postgres/{site}", PostgresSnapshot(
            observed_at=ago(2), site=site, node=f"pg-{site}", role=PostgresRole.STANDBY,
            in_recovery=True, timeline=timeline, receive_lsn=int_to_lsn(received),
            replay_lsn=int_to_lsn(replay), replay_backlog_bytes=received - replay,
            # As the adapter: no receiver row (so no receipt time) while disconnected;
            # ``lag_s`` (age of the newest applied commit) is then the upper bound.
            last_wal_receipt_at=ago(heard_s) if connected and heard_s is not None else None,
            lag_s=heard_s, wal_receiver_connected=connected))

    def redis(self, site: Site, role: RedisRole, offset: int = 1_000_000,
              replica_offset: int | None = None, link_up: bool | None = True) -> World:
        replica = role is RedisRole.REPLICA
        return self.put(f"redis/{site}", RedisSnapshot(
            observed_at=ago(2), site=site, node=f"redis-{site}", role=role,
            master_repl_offset=offset, connected_replicas=0 if replica else 1,
            replica_offset=(replica_offset if replica_offset is not None else offset)
            if replica else None, link_up=link_up if replica else None))

    def backups(self, *entries: BackupEntry) -> World:
        return self.put("backups", BackupSnapshot(observed_at=ago(5), entries=entries))

    def verified(self, *facts: VerifiedFact, at_s: float = 3600) -> World:
        """The maintenance journal's last verification, ``at_s`` ago (none: never)."""
        run = Verification(at=ago(at_s), cells=facts) if facts else None
        return self.put("maintenance", MaintenanceSnapshot(observed_at=ago(1),
                                                           verification=run))

    def cluster(self, site: Site, nodes_ready: int = 3, app_ready: int = 3) -> World:
        return self.put(f"cluster/{site}", ClusterSnapshot(
            observed_at=ago(3), site=site, nodes_ready=nodes_ready, nodes_total=3,
            deployments=(DeploymentRow(namespace="erlmcp", name="erlmcp",
                                       ready_replicas=app_ready, desired_replicas=3),)))


def steady() -> World:
    """Primary serves, DR is a streaming standby (health 503 standby, as the drill's)."""
    return (World().dns(Site.PRIMARY)
            .health(Site.PRIMARY).health(Site.DR, 503, "standby")
            .pg_primary(Site.PRIMARY).pg_standby(Site.DR)
            .redis(Site.PRIMARY, RedisRole.MASTER).redis(Site.DR, RedisRole.REPLICA)
            .cluster(Site.PRIMARY).cluster(Site.DR, app_ready=0))
