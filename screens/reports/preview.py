"""Key ``e``: the incident's report as it stands, previewed; ``w`` writes it (Markdown
and the self-contained HTML) beside the journal, for the review and the archive.

Built from the journal alone (:mod:`console.reports`), exactly as ``recovery-console
report ID`` builds it, so the preview and the file never differ.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Header, Static, TextArea

from console.errors import InputError
from console.incident.session import IncidentSession
from console.journal.read import JournalRead
from console.plan.model import Plan
from console.reports.build import build_report
from console.reports.render import render
from console.reports.write import write_private
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.key_bar import KeyBar
from screens.widgets.mode_banner import ModeBanner


class ReportScreen(FastResumeScreen):
    DEFAULT_CSS = """
    ReportScreen #report { height: 1fr; }
    ReportScreen #report-status { height: auto; padding: 0 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write md+html", id="report-write",
                tooltip="Write the report (Markdown and HTML) beside the journal"),
        Binding("r", "refresh_report", "Refresh", id="report-refresh",
                tooltip="Build the report again from the journal"),
    ]

    def __init__(self, plan: Plan, banner: ModeBanner, secrets: tuple[str, ...],
                 out_dir: Path) -> None:
        super().__init__()
        self.plan = plan
        self.banner = banner
        self.secrets = secrets
        self.out_dir = out_dir
        self.session: IncidentSession | None = None
        self.now: datetime | None = None
        """A fixed moment to measure an open incident to (tests); None: the live clock."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.banner
        yield TextArea(id="report", read_only=True, soft_wrap=True)
        yield Static(id="report-status")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.action_refresh_report()

    def _now(self) -> datetime | None:
        """An open incident is measured to the console's clock (the drill's in a drill),
        not to its last event: its RTO clocks are still running."""
        if self.now is not None or self.session is None:
            return self.now
        return self.session.ctx.clock.now()

    def _read(self) -> JournalRead | None:
        session = self.session
        if session is None or not session.state.id:
            return None
        return JournalRead(session.events)

    def action_refresh_report(self) -> None:
        read = self._read()
        area = self.query_one(TextArea)
        if read is None:
            area.load_text("No incident: declare one (i), or open one with "
                           "recovery-console resume ID.")
            return
        report = build_report(self.plan, read, now=self._now(), secrets=self.secrets)
        area.load_text(render(report, "md"))
        kind = "DR test report" if report.drill else "post-incident report"
        self._status(f"{kind} of {report.incident_id} as it stands; w writes it")

    def action_write(self) -> None:
        read = self._read()
        if read is None:
            return
        report = build_report(self.plan, read, now=self._now(), secrets=self.secrets)
        written = []
        try:
            self.out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            for fmt in ("md", "html"):
                path = self.out_dir / f"{report.incident_id}.{fmt}"
                write_private(path, render(report, fmt))
                written.append(str(path))
        except (InputError, OSError) as exc:
            self.notify(str(exc), title="Report not written", severity="error")
            return
        self._status("written: " + ", ".join(written))
        self.notify("\n".join(written), title="Report written")

    def _status(self, text: str) -> None:
        self.query_one("#report-status", Static).update(Content(text))
