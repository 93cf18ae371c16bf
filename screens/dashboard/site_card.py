"""One site (primary or DR) at a glance: its verdict, then cluster, health, DNS, database
and cache, one line each.

The card is dumb: :class:`SitesPane` sets :attr:`SiteCard.verdict` (the judge's
:class:`~console.judge.sites.SiteVerdict`), the card draws it. Enter asks the screen (a
message up) for the site's details.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive

from console.judge.sites import PARTS, SiteState, SiteVerdict
from screens.style import Level, level_of
from screens.widgets.state_line import StateLine
from services.models import Site

TITLES = {SiteState.SERVING: "◆ SERVING", SiteState.NOT_SERVING: "◆ DNS HERE, NOT SERVING",
          SiteState.STANDBY: "standby", SiteState.DOWN: "DOWN", SiteState.UNKNOWN: "UNKNOWN"}


def title_text(verdict: SiteVerdict) -> str:
    return f"{verdict.site.name}  {TITLES[verdict.state]}"


def part_lines(verdict: SiteVerdict) -> dict[str, tuple[str, Level]]:
    """Each line's text and look, straight from the verdict's parts."""
    return {name: (f"{name:<9}{part.text}", level_of(part.status))
            for name, part in verdict.parts.items()}


class SiteCard(Vertical):
    """A focusable card for one site; Enter opens its details."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "details", "Details", id="site-details",
                tooltip="Not-ready pods and warning events of this site"),
    ]

    verdict: reactive[SiteVerdict | None] = reactive(None, init=False)

    class DetailsRequested(Message):
        """The operator asked for a site's details."""

        def __init__(self, site: Site) -> None:
            super().__init__()
            self.site = site

    def __init__(self, site: Site) -> None:
        super().__init__(id=f"site-{site.value}")
        self.site = site

    def compose(self) -> ComposeResult:
        yield StateLine(f"{self.site.name}  UNKNOWN", Level.UNKNOWN, classes="site-title")
        yield StateLine("pending: no data yet", Level.UNKNOWN, id=f"{self.id}-reason",
                        classes="site-reason")
        for name in PARTS:
            yield StateLine(f"{name:<9}UNKNOWN pending: no data yet", Level.UNKNOWN,
                            id=f"{self.id}-{name}", classes=f"line-{name}")

    def on_mount(self) -> None:
        self.watch_verdict(self.verdict)

    def watch_verdict(self, verdict: SiteVerdict | None) -> None:
        if verdict is None or not self.is_mounted:
            return
        level = level_of(verdict.status)
        title = self.query_one(".site-title", StateLine)
        title.show(title_text(verdict), level)
        title.set_class(verdict.state is SiteState.SERVING, "-serving")
        self.query_one(f"#{self.id}-reason", StateLine).show(verdict.summary, level)
        for name, (text, line_level) in part_lines(verdict).items():
            self.query_one(f"#{self.id}-{name}", StateLine).show(text, line_level)
        self.query_one(f"#{self.id}-postgres", StateLine).set_class(
            verdict.postgres_writable is True, "-writable")
        self.query_one(f"#{self.id}-redis", StateLine).set_class(
            verdict.redis_writable is True, "-writable")

    def action_details(self) -> None:
        self.post_message(self.DetailsRequested(self.site))
