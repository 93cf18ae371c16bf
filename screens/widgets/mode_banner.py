"""The one-line banner that always says which mode the console is in, and how fresh it is.

An operator must never mistake a drill for the real thing, or a read-only watch for a
console that can act: the banner's text and colour come from the mode. It also carries
the drill clock and a warning whenever sources are stale, because a calm-looking screen
built on old data is the most dangerous thing this console could show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from textual.reactive import reactive
from textual.widgets import Static

from console.config.models import Mode

_LABELS = {
    Mode.DRILL: "DRILL (simulated)",
    Mode.READ_ONLY: "READ-ONLY (no actions)",
    Mode.INCIDENT: "INCIDENT (acts on production)",
}


@dataclass(frozen=True)
class BannerStatus:
    """What changes while the console runs: the drill clock and the stale sources."""

    drill_elapsed: timedelta | None = None
    drill_speed: float = 1.0
    stale_sources: tuple[str, ...] = field(default=())
    update_due: timedelta | None = None
    """Until the update the last sent message promised (negative: overdue by that)."""
    overdue_tasks: int = 0
    """Maintenance tasks overdue (the judge's calendar): a backup nobody verifies fails."""


class ModeBanner(Static):
    """Mode, staleness warning, drill clock, plan and operator, on one line."""

    status: reactive[BannerStatus] = reactive(BannerStatus, layout=False)

    def __init__(self, mode: Mode, plan_label: str, operator: str,
                 scenario: str | None = None) -> None:
        super().__init__()
        self.mode = mode
        self.plan_label = plan_label
        self.operator = operator
        self.scenario = scenario
        self.add_class(f"-{mode.value}")

    def render(self) -> str:
        """Everything that fits; on a narrow terminal the plan, operator and scenario go
        first, then the stale list gives way to its count (the Sites pane and each
        source's details name them), then the mode's explanation: mode, clock and the
        stale count always stay."""
        width = self.content_size.width or 10_000
        stale = self.status.stale_sources
        listed = f"! {len(stale)} STALE: {', '.join(stale)}" if stale else ""
        counted = f"! {len(stale)} STALE" if stale else ""
        extra = [f"scenario {self.scenario}"] if self.scenario else []
        extra += [f"plan {self.plan_label}", f"operator {self.operator}"]
        label, short = _LABELS[self.mode], self.mode.value.upper()
        for mode, stale_text, keep in ((label, listed, len(extra)), (label, listed, 0),
                                       (label, counted, 0), (short, counted, 0)):
            parts = [mode, stale_text, *self._essentials(), *extra[:keep]]
            while True:
                text = " | ".join(p for p in parts if p)
                if len(text) <= width or keep == 0 or len(parts) <= 1:
                    break
                parts.pop()
                keep -= 1
            if len(text) <= width:
                return text
        return text

    def _essentials(self) -> list[str]:
        parts = []
        if self.status.drill_elapsed is not None:
            parts.append(f"T+{_clock(self.status.drill_elapsed)} x{self.status.drill_speed:g}")
        due = self.status.update_due
        if due is not None:
            parts.append(f"update due in {_span(due)}" if due.total_seconds() >= 0
                         else f"! UPDATE OVERDUE {_span(-due)}")
        if self.status.overdue_tasks:
            parts.append(f"! {self.status.overdue_tasks} MAINTENANCE OVERDUE (u)")
        return parts

    def watch_status(self, status: BannerStatus) -> None:
        self.set_class(bool(status.stale_sources), "-stale")
        due = status.update_due
        self.set_class(due is not None and due.total_seconds() < 0, "-overdue")


def _clock(elapsed: timedelta) -> str:
    seconds = max(0, int(elapsed.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _span(value: timedelta) -> str:
    """``4m``, ``1h5m``: minutes are what an update cadence is counted in."""
    minutes = max(0, int(value.total_seconds()) // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}m" if hours else f"{rest}m"
