"""One site (primary or DR) at a glance: cluster, health, DNS, database and cache roles.

The card is dumb: :class:`SitesPane` sets :attr:`SiteCard.data`, the card turns it into
lines. Enter asks the screen (a message up) for the site's details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from console.live.readings import Reading
from screens.style import Level, format_latency, stale_note
from screens.widgets.state_line import StateLine
from services.models import (
    ClusterSnapshot,
    DnsSnapshot,
    HealthSnapshot,
    PostgresRole,
    PostgresSnapshot,
    RedisRole,
    RedisSnapshot,
    Site,
)

LINES = ("cluster", "health", "dns", "postgres", "redis")


@dataclass(frozen=True)
class SiteData:
    """What a card shows: the site's readings, the time, and whether the peer is writable."""

    site: Site
    now: datetime
    cluster: Reading[Any] | None = None
    health: Reading[Any] | None = None
    postgres: Reading[Any] | None = None
    redis: Reading[Any] | None = None
    dns: Reading[Any] | None = None
    peer_postgres_writable: bool = False
    peer_redis_writable: bool = False


def postgres_writable(reading: Reading[Any] | None) -> bool:
    """True only on fresh data saying primary and not in recovery."""
    snap = reading.snapshot if reading is not None and reading.error is None else None
    return (isinstance(snap, PostgresSnapshot) and snap.role is PostgresRole.PRIMARY
            and not snap.in_recovery)


def redis_writable(reading: Reading[Any] | None) -> bool:
    snap = reading.snapshot if reading is not None and reading.error is None else None
    return isinstance(snap, RedisSnapshot) and snap.role is RedisRole.MASTER


def serving(data: SiteData) -> bool:
    snap = data.dns.snapshot if data.dns is not None and data.dns.error is None else None
    return isinstance(snap, DnsSnapshot) and snap.points_at == data.site


def _cluster(snap: ClusterSnapshot) -> tuple[str, Level]:
    ready = sum(d.ready_replicas for d in snap.deployments)
    desired = sum(d.desired_replicas for d in snap.deployments)
    unready = sum(1 for pod in snap.problem_pods if not pod.ready)
    text = (f"{snap.nodes_ready}/{snap.nodes_total} nodes · {ready}/{desired} deploy"
            f" · {unready} pods not ready")
    if snap.nodes_ready == 0 or (desired > 0 and ready == 0):
        level = Level.BREACHED
    elif snap.nodes_ready < snap.nodes_total or ready < desired or unready:
        level = Level.AT_RISK
    else:
        level = Level.OK
    if snap.error is not None:
        text += f" (partial: {snap.error})"
        level = Level.AT_RISK if level is Level.OK else level
    return text, level


def _health(snap: HealthSnapshot) -> tuple[str, Level]:
    if snap.status_code is None:
        return f"no answer: {snap.error or 'unknown'}", Level.BREACHED
    text = f"HTTP {snap.status_code} · {format_latency(snap.latency_ms)}"
    text += f" · {snap.reported_status or '-'}"
    if snap.error:
        text += f" ({snap.error})"
    return text, Level.OK if snap.ok else Level.BREACHED


def _dns(snap: DnsSnapshot, site: Site) -> tuple[str, Level]:
    if snap.points_at == site:
        return f"SERVING {snap.record}", Level.OK
    if snap.points_at is None:
        return f"points at neither site ({snap.current_target})", Level.BREACHED
    return "not serving", Level.INFO


def _postgres(snap: PostgresSnapshot, peer_writable: bool) -> tuple[str, Level]:
    writable = snap.role is PostgresRole.PRIMARY and not snap.in_recovery
    if writable and peer_writable:
        return f"WRITABLE · tl {snap.timeline} · both sites writable!", Level.BREACHED
    if writable:
        return f"WRITABLE · primary · tl {snap.timeline}", Level.INFO
    return f"read-only · {snap.role.value} · tl {snap.timeline}", Level.INFO


def _redis(snap: RedisSnapshot, peer_writable: bool) -> tuple[str, Level]:
    if snap.role is RedisRole.MASTER:
        if peer_writable:
            return "WRITABLE · master · both sites writable!", Level.BREACHED
        return f"WRITABLE · master · {snap.connected_replicas} replicas", Level.INFO
    link = {True: "link up", False: "link down", None: "link ?"}[snap.link_up]
    return f"read-only · replica · {link}", Level.INFO


def site_lines(data: SiteData) -> dict[str, tuple[str, Level]]:
    """Each line's text and level; a pending or stale reading is UNKNOWN with its age."""
    readings = {"cluster": data.cluster, "health": data.health, "dns": data.dns,
                "postgres": data.postgres, "redis": data.redis}
    lines: dict[str, tuple[str, Level]] = {}
    for name, reading in readings.items():
        note = stale_note(reading, data.now)
        snap = reading.snapshot if reading is not None else None
        label = f"{name:<9}"
        if note is not None or snap is None:
            lines[name] = (f"{label}UNKNOWN {note or ''}".rstrip(), Level.UNKNOWN)
            continue
        if isinstance(snap, ClusterSnapshot):
            text, level = _cluster(snap)
        elif isinstance(snap, HealthSnapshot):
            text, level = _health(snap)
        elif isinstance(snap, DnsSnapshot):
            text, level = _dns(snap, data.site)
        elif isinstance(snap, PostgresSnapshot):
            text, level = _postgres(snap, data.peer_postgres_writable)
        elif isinstance(snap, RedisSnapshot):
            text, level = _redis(snap, data.peer_redis_writable)
        else:
            text, level = f"unexpected {type(snap).__name__}", Level.UNKNOWN
        lines[name] = (label + text, level)
    if lines["dns"][1] is Level.OK and lines["health"][1] is not Level.OK:
        lines["dns"] = (lines["dns"][0] + " (site unhealthy!)", Level.BREACHED)
    return lines


class SiteCard(Vertical):
    """A focusable card for one site; Enter opens its details."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="site-details",
                tooltip="Not-ready pods and warning events of this site"),
    ]

    data: reactive[SiteData | None] = reactive(None, init=False)

    class DetailsRequested(Message):
        """The operator asked for a site's details."""

        def __init__(self, site: Site) -> None:
            super().__init__()
            self.site = site

    def __init__(self, site: Site) -> None:
        super().__init__(id=f"site-{site.value}")
        self.site = site

    def compose(self) -> ComposeResult:
        yield Static(Content(self.site.name), classes="site-title")
        for name in LINES:
            yield StateLine(f"{name:<9}UNKNOWN pending: no data yet", id=f"{self.id}-{name}",
                            classes=f"line-{name}")

    def on_mount(self) -> None:
        self.watch_data(self.data)

    def watch_data(self, data: SiteData | None) -> None:
        if data is None or not self.is_mounted:
            return
        is_serving = serving(data)
        title = self.query_one(".site-title", Static)
        title.update(Content(f"{self.site.name}  ◆ SERVING" if is_serving
                             else self.site.name))
        title.set_class(is_serving, "-serving")
        for name, (text, level) in site_lines(data).items():
            self.query_one(f"#{self.id}-{name}", StateLine).show(text, level)
        self.query_one(f"#{self.id}-postgres", StateLine).set_class(
            postgres_writable(data.postgres), "-writable")
        self.query_one(f"#{self.id}-redis", StateLine).set_class(
            redis_writable(data.redis), "-writable")

    def action_details(self) -> None:
        self.post_message(self.DetailsRequested(self.site))
