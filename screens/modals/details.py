"""A site's details: the pods that are not ready or keep restarting, and warning events.

Opened with Enter on a site card; read-only; escape closes it. It shows the last good
cluster snapshot with its staleness, so stale detail is labelled as such.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from console.judge.freshness import staleness
from console.judge.sites import SiteVerdict
from console.live.readings import Reading
from screens.dashboard.site_card import title_text
from screens.style import Level, level_of
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
            # Cells are Text, never str: a str cell is parsed as markup, and pod names,
            # reasons and messages are the cluster's words ([bold] must show as typed).
            pods: DataTable[Text] = DataTable(id="details-pods", cursor_type="row")
            pods.border_title = "Pods not ready or restarting"
            pods.add_columns("Namespace", "Pod", "Phase", "Ready", "Restarts", "Reason", "Node")
            for pod in cluster.problem_pods if cluster else ():
                pods.add_row(*map(Text, (pod.namespace, pod.name, pod.phase,
                                         "yes" if pod.ready else "no", str(pod.restarts),
                                         pod.reason, pod.node)))
            yield pods
            events: DataTable[Text] = DataTable(id="details-events", cursor_type="row")
            events.border_title = "Warning events"
            events.add_columns("Object", "Reason", "Count", "Message")
            for event in cluster.warnings if cluster else ():
                events.add_row(*map(Text, (f"{event.namespace}/{event.involved_object}",
                                           event.reason, str(event.count), event.message)))
            yield events
            yield Static("escape: close", id="details-hint")

    def action_close(self) -> None:
        self.dismiss(None)
