"""Hand-made readings for the dashboard tests, the harness app, and tests of the pure helpers.

Every scenario is a list of readings at the frozen moment ``NOW``; the harness pushes a
DashboardScreen, then feeds it the readings in order, as the app's poller would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from textual.app import App

from console.judge.backups import judge_cell
from console.judge.freshness import staleness
from console.judge.model import Status, grade
from console.judge.units import format_bytes
from console.judge.verdicts import LiveState, judge_all
from console.live.readings import Freshness, Reading
from console.plan import load_plan
from screens.dashboard.screen import DashboardScreen
from screens.style import format_age
from services.clock import FrozenClock
from services.models import (
    BackupEntry,
    BackupSnapshot,
    ClusterSnapshot,
    DeploymentRow,
    DnsSnapshot,
    EventRow,
    HealthSnapshot,
    PodRow,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    ReplicationRow,
    Site,
    Snapshot,
)
from services.postgres.lsn import int_to_lsn, lsn_to_int
from themes import DASHBOARD_STYLESHEET, STYLESHEET, THEMES

NOW = datetime(2025, 3, 14, 12, 0, 0, tzinfo=UTC)
PRIMARY_LSN = "1/5000060"
PLAN = load_plan()


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


def fresh(source: str, snapshot: Snapshot) -> Reading[Any]:
    return Reading(source=source, snapshot=snapshot, checked_at=NOW)


def stale(source: str, snapshot: Snapshot | None, error: str) -> Reading[Any]:
    return Reading(source=source, snapshot=snapshot, checked_at=NOW, error=error)


def cluster(site: Site, *, nodes_ready: int = 3, api_ready: int = 3,
            problem_pods: tuple[PodRow, ...] = (), warnings: tuple[EventRow, ...] = (),
            observed: float = 5) -> ClusterSnapshot:
    return ClusterSnapshot(
        observed_at=ago(observed), site=site, context=f"erlmcp-{site.value}",
        nodes_ready=nodes_ready, nodes_total=3,
        deployments=(DeploymentRow(namespace="erlmcp", name="api", ready_replicas=api_ready,
                                   desired_replicas=3),
                     DeploymentRow(namespace="erlmcp", name="worker", ready_replicas=2,
                                   desired_replicas=2)),
        pods_by_phase={"Running": 5}, problem_pods=problem_pods, warnings=warnings)


def pg_primary(site: Site = Site.PRIMARY, lag_bytes: int = 0,
               observed: float = 3) -> PostgresSnapshot:
    return PostgresSnapshot(
        observed_at=ago(observed), site=site, node=f"pg-{site.value}-0", role=PostgresRole.PRIMARY,
        in_recovery=False, timeline=3, current_lsn=PRIMARY_LSN,
        replication=(ReplicationRow(application_name="dr", state="streaming",
                                    sent_lsn="0/5000060", write_lsn="0/5000060",
                                    flush_lsn="0/5000060", replay_lsn="0/5000060",
                                    sync_state="async", lag_bytes=lag_bytes),),
        archived_count=4096, last_archived_at=ago(observed + 90))


def pg_standby(lag_bytes: int = 0, lag_s: float = 0.0, connected: bool = True,
               observed: float = 3) -> PostgresSnapshot:
    """The DR standby, ``lag_bytes`` of the primary's WAL not received, last heard from
    the primary ``lag_s`` before it was observed."""
    received = int_to_lsn(lsn_to_int(PRIMARY_LSN) - lag_bytes)
    return PostgresSnapshot(
        observed_at=ago(observed), site=Site.DR, node="pg-dr-0", role=PostgresRole.STANDBY,
        in_recovery=True, timeline=3, receive_lsn=received, replay_lsn=received,
        replay_backlog_bytes=0, lag_s=lag_s, wal_receiver_connected=connected,
        last_wal_receipt_at=ago(observed + lag_s) if connected else None)


def redis_master(observed: float = 2) -> RedisSnapshot:
    return RedisSnapshot(observed_at=ago(observed), site=Site.PRIMARY, node="redis-primary-0",
                         role=RedisRole.MASTER, master_repl_offset=912_000,
                         connected_replicas=1)


def redis_replica(lag_bytes: int | None = 0, link_up: bool = True) -> RedisSnapshot:
    return RedisSnapshot(observed_at=ago(2), site=Site.DR, node="redis-dr-0",
                         role=RedisRole.REPLICA, link_up=link_up, master_repl_offset=912_000,
                         replica_offset=912_000 - (lag_bytes or 0), lag_bytes=lag_bytes)


def health(site: Site, ms: float = 42.0) -> HealthSnapshot:
    return HealthSnapshot(observed_at=ago(4), site=site, url=f"https://{site.value}.example/h",
                          status_code=200, latency_ms=ms, reported_status="ok")


def dns(points_at: Site = Site.PRIMARY) -> DnsSnapshot:
    return DnsSnapshot(observed_at=ago(20), record="api.erlmcp.example",
                       current_target=f"lb.{points_at.value}.example", ttl_s=60,
                       points_at=points_at)


def backups(overrides: dict[tuple[str, str], BackupEntry | None] | None = None) -> BackupSnapshot:
    """A newest copy well inside every schedule, unless ``overrides`` says otherwise."""
    fresh_age = {"continuous": 240, "hourly": 23 * 60, "daily": 7 * 3600,
                 "weekly": 3 * 86_400, "monthly": 9 * 86_400}
    entries = []
    for schedule in PLAN.backups:
        for target in schedule.targets:
            key = (schedule.id, target)
            if overrides is not None and key in overrides:
                entry = overrides[key]
                if entry is not None:
                    entries.append(entry)
                continue
            entries.append(BackupEntry(component=schedule.id, target=target,
                                       latest_at=ago(fresh_age[schedule.frequency.value]),
                                       latest_size_bytes=1 << 30, count_in_retention=7))
    return BackupSnapshot(observed_at=ago(30), entries=tuple(entries))


def healthy() -> list[Reading[Any]]:
    return [
        fresh("cluster/primary", cluster(Site.PRIMARY)),
        fresh("cluster/dr", cluster(Site.DR)),
        fresh("health/primary", health(Site.PRIMARY)),
        fresh("health/dr", health(Site.DR, 55.0)),
        fresh("dns", dns()),
        fresh("postgres/primary", pg_primary()),
        fresh("postgres/dr", pg_standby()),
        fresh("redis/primary", redis_master()),
        fresh("redis/dr", redis_replica()),
        fresh("backups", backups()),
    ]


BROKEN_POD = PodRow(namespace="erlmcp", name="erlmcp-api-7d9f8-x2xkq", phase="Running",
                    ready=False, restarts=14, reason="CrashLoopBackOff", node="node-a2")


def primary_down() -> list[Reading[Any]]:
    """After a healthy start: primary's cluster, database and cache stop answering."""
    last_cluster = cluster(
        Site.PRIMARY, nodes_ready=1, api_ready=1, observed=190,
        problem_pods=(BROKEN_POD,
                      PodRow(namespace="erlmcp", name="erlmcp-api-7d9f8-mm4pd", phase="Pending",
                             ready=False, restarts=0, reason="Unschedulable")),
        warnings=(EventRow(namespace="erlmcp", involved_object="pod/erlmcp-api-7d9f8-x2xkq",
                           reason="BackOff", message="Back-off restarting failed container",
                           count=14),))
    return [
        *healthy(),
        stale("cluster/primary", last_cluster, "unreachable: connection refused"),
        fresh("health/primary", HealthSnapshot(observed_at=ago(4), site=Site.PRIMARY,
                                               url="https://primary.example/h",
                                               status_code=503, latency_ms=3012.0,
                                               reported_status="down")),
        stale("postgres/primary", pg_primary(observed=75), "timeout after 4s"),
        stale("redis/primary", redis_master(observed=78), "timeout after 2s"),
        fresh("postgres/dr", pg_standby(lag_bytes=0, lag_s=95.0, connected=False)),
        fresh("redis/dr", redis_replica(lag_bytes=None, link_up=False)),
    ]


def lag_breach() -> list[Reading[Any]]:
    return [*healthy(),
            fresh("postgres/dr", pg_standby(lag_bytes=1_288_490_188, lag_s=432.0)),
            fresh("redis/dr", redis_replica(lag_bytes=3 * 1024 * 1024))]


def backups_overdue() -> list[Reading[Any]]:
    overrides: dict[tuple[str, str], BackupEntry | None] = {
        ("postgres-full", target): BackupEntry(component="postgres-full", target=target,
                                               latest_at=ago(2 * 86_400 + 3600))
        for target in ("s3-region-1", "s3-region-2", "azure-region-1", "azure-region-2",
                       "nas", "tape")}
    overrides[("redis-rdb", "nas")] = BackupEntry(component="redis-rdb", target="nas",
                                                  latest_at=ago(3 * 3600))
    overrides[("postgres-wal", "azure-region-2")] = BackupEntry(
        component="postgres-wal", target="azure-region-2", latest_at=ago(40 * 60))
    overrides[("user-data-full", "tape")] = None
    overrides[("redis-rdb", "azure-region-2")] = BackupEntry(
        component="redis-rdb", target="azure-region-2", latest_at=ago(600),
        error="403 Forbidden")
    return [*healthy(), fresh("backups", backups(overrides))]


def source_failing() -> list[Reading[Any]]:
    """Backups and DR health stop answering; DR Redis was never polled."""
    return [*[r for r in healthy() if r.source != "redis/dr"],
            stale("backups", backups().model_copy(update={"observed_at": ago(70)}),
                  "timeout after 4s"),
            stale("health/dr", health(Site.DR), "unreachable: no route to host"),
            Reading(source="redis/dr")]


class DashboardHarness(App[None]):
    """The console's two stylesheets and themes around one DashboardScreen."""

    CSS_PATH: ClassVar[list[Any]] = [STYLESHEET, DASHBOARD_STYLESHEET]
    TITLE = "erlmcp Recovery Console"

    def __init__(self, readings: Iterable[Reading[Any]], theme: str = "dark") -> None:
        super().__init__()
        self.readings = list(readings)
        self.theme_key = theme
        self.clock = FrozenClock(NOW)
        self.dashboard = DashboardScreen(PLAN, self.clock)
        self.latest: dict[str, Reading[Any]] = {}

    async def on_mount(self) -> None:
        for theme in THEMES.values():
            self.register_theme(theme)
        self.theme = THEMES[self.theme_key].name
        await self.push_screen(self.dashboard)
        for reading in self.readings:  # one at a time, as the app's poller delivers them
            self.feed(reading)

    def feed(self, reading: Reading[Any]) -> None:
        """A new reading of one source, judged with the others, handed to the screen."""
        self.latest[reading.source] = reading
        self.dashboard.show_live(live(self.latest))


def live(readings: dict[str, Reading[Any]]) -> LiveState:
    """What the app hands the dashboard: the readings and the judge's verdicts at NOW."""
    return LiveState(readings=dict(readings), verdicts=judge_all(PLAN, readings, NOW))


def harness(readings: Sequence[Reading[Any]], theme: str = "dark") -> DashboardHarness:
    return DashboardHarness(readings, theme)


# Pure helpers -------------------------------------------------------------------------


def test_format_age_and_bytes() -> None:
    assert format_age(432) == "7m12s"
    assert format_age(5) == "5s"
    assert format_age(3 * 3600 + 120) == "3h02m"
    assert format_age(None) == "never"
    assert format_bytes(12_900_000) == "12.3 MiB"
    assert format_bytes(512) == "512 B"


def test_rpo_grades_one_rule_everywhere() -> None:
    """Lag equal to the RPO is AT RISK (the objective's limit), past it BREACHED."""
    rpo = timedelta(minutes=5)
    assert grade(timedelta(seconds=10), rpo) is Status.MET
    assert grade(timedelta(seconds=200), rpo) is Status.AT_RISK
    assert grade(timedelta(seconds=300), rpo) is Status.AT_RISK
    assert grade(timedelta(seconds=301), rpo) is Status.BREACHED


def test_backup_cells() -> None:
    hourly = timedelta(hours=1)

    def cell(entry: BackupEntry | None, interval: timedelta | None) -> tuple[str, Status | None]:
        entries = (entry,) if entry is not None else (BackupEntry(component="other", target="t"),)
        judged = judge_cell("c", "t", interval, BackupSnapshot(observed_at=NOW, entries=entries),
                            NOW)
        return judged.short, judged.status

    assert cell(BackupEntry(component="c", target="t", latest_at=ago(23 * 60)), hourly) == (
        "ok 23m", Status.MET)
    assert cell(BackupEntry(component="c", target="t", latest_at=ago(2 * 3600)), hourly) == (
        "LATE 2h", Status.BREACHED)
    assert cell(None, hourly) == ("MISSING", Status.BREACHED)
    stream = BackupEntry(component="c", target="t", latest_at=ago(16 * 60))
    assert cell(stream, None)[1] is Status.BREACHED
    unreachable = BackupEntry(component="c", target="t", error="unreachable")
    assert cell(unreachable, hourly) == ("?", Status.UNKNOWN)
    daily_28h = BackupEntry(component="c", target="t", latest_at=ago(28 * 3600))
    assert cell(daily_28h, timedelta(days=1)) == ("LATE 1d", Status.BREACHED)


def test_staleness_names_age_and_error() -> None:
    reading = stale("x", health(Site.DR).model_copy(update={"observed_at": ago(70)}),
                    "timeout after 4s")
    assert reading.freshness is Freshness.STALE
    assert staleness(reading, NOW) == "stale 1m10s: timeout after 4s"
    assert staleness(Reading(source="x"), NOW) == "pending: not polled yet"
    assert staleness(fresh("x", health(Site.DR)), NOW) is None
