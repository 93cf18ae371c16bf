"""A site's details: the pods that are not ready or keep restarting, and warning events.

Opened with Enter on a site card; read-only; escape closes it. It shows the last good
cluster snapshot with its staleness, so stale detail is labelled as such. An empty list
is said in words (a site with 0/3 nodes lists no pods: an empty table read as "fine").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from console.judge.freshness import staleness
from console.judge.parts import cluster_part
from console.judge.sites import SiteVerdict
from console.live.readings import Reading
from screens.dashboard.site_card import title_text
from screens.style import Level, level_of
from screens.widgets.fit_table import FitTable, cell
from screens.widgets.state_line import StateLine
from services.models import ClusterSnapshot, Site


class DetailsScreen(ModalScreen[None]):
    """Not-ready pods and warning events of one site."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close-details", tooltip="Back to the dashboard"),
    ]

    def __init__(self, site: Site, reading: Reading[Any] | None, now: datetime,
                 verdict: SiteVerdict | None = None) -> None:
        super().__init__()
        self.site = site
        self.reading = reading
        self.now = now
        self.verdict = verdict

    def compose(self) -> ComposeResult:
        snap = self.reading.snapshot if self.reading is not None else None
        cluster = snap if isinstance(snap, ClusterSnapshot) else None
        with VerticalScroll(id="details"):
            yield Static(f"{self.site.name} site details", id="details-title")
            if self.verdict is not None:
                yield StateLine(f"{title_text(self.verdict)}: {self.verdict.reason}",
                                level_of(self.verdict.status), id="details-verdict")
            note = staleness(self.reading, self.now)
            if note is not None:
                yield StateLine(f"UNKNOWN {note} (showing the last good data)", Level.UNKNOWN,
                                id="details-status")
            if cluster is None:
                yield StateLine("cluster: no reading yet (nothing to list)", Level.UNKNOWN,
                                id="details-cluster")
                yield Static("escape: close", id="details-hint")
                return
            part = cluster_part(cluster)
            yield StateLine(f"cluster  {part.text}", level_of(part.status), id="details-cluster")
            yield from _pods(cluster)
            yield from _events(cluster)
            yield Static("escape: close", id="details-hint")

    def action_close(self) -> None:
        self.dismiss(None)


def _pods(cluster: ClusterSnapshot) -> ComposeResult:
    """The pods in trouble, or one line saying there are none (never an empty table)."""
    if not cluster.problem_pods:
        phases = ", ".join(f"{n} {phase}" for phase, n in sorted(cluster.pods_by_phase.items()))
        yield Static(Content(f"Pods: none not ready or restarting ({phases or 'no pods listed'})"),
                     id="details-no-pods")
        return
    # Cells are Text, never str: a str cell is parsed as markup, and pod names,
    # reasons and messages are the cluster's words ([bold] must show as typed).
    pods = FitTable("reason", id="details-pods", cursor_type="row")
    pods.border_title = f"Pods not ready or restarting ({len(cluster.problem_pods)})"
    for label in ("Namespace", "Pod", "Phase", "Ready", "Restarts", "Reason", "Node"):
        pods.add_column(label, key=label.lower())
    for pod in cluster.problem_pods:
        pods.add_row(*map(cell, (pod.namespace, pod.name, pod.phase, "yes" if pod.ready
                                 else "no", str(pod.restarts), pod.reason, pod.node)))
    yield pods


def _events(cluster: ClusterSnapshot) -> ComposeResult:
    if not cluster.warnings:
        yield Static("Warning events: none", id="details-no-events")
        return
    events = FitTable("message", id="details-events", cursor_type="row")
    events.border_title = f"Warning events ({len(cluster.warnings)})"
    for label in ("Object", "Reason", "Count", "Message"):
        events.add_column(label, key=label.lower())
    for event in cluster.warnings:
        events.add_row(*map(cell, (f"{event.namespace}/{event.involved_object}",
                                   event.reason, str(event.count), event.message)))
    yield events
