"""One site (primary or DR) at a glance: its verdict, then cluster, health, DNS, database
and cache, one line each.

Each part stays one line, cut with … on a narrow card (80x24: an error no longer wraps
to six lines); the summary wraps. The card is dumb: :class:`SitesPane` sets
:attr:`SiteCard.verdict` (the judge's :class:`~console.judge.sites.SiteVerdict`), the
card draws it, as one widget (its lines are
:class:`~screens.widgets.state_lines.StateLines`: a changed line repaints the card, a
screen switch styles one widget, not seven). Enter asks the screen (a message up) for
the site's details.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from console.judge.sites import PARTS, SiteState, SiteVerdict
from screens.style import Level, level_of
from screens.widgets.state_lines import CLIP, Line, StateLines
from services.models import Site

TITLES = {SiteState.SERVING: "◆ SERVING", SiteState.NOT_SERVING: "◆ DNS HERE, NOT SERVING",
          SiteState.STANDBY: "standby", SiteState.DOWN: "DOWN", SiteState.UNKNOWN: "UNKNOWN"}


def title_text(verdict: SiteVerdict) -> str:
    return f"{verdict.site.name}  {TITLES[verdict.state]}"


def part_lines(verdict: SiteVerdict) -> dict[str, tuple[str, Level]]:
    """Each line's text and look, straight from the verdict's parts."""
    return {name: (f"{name:<9}{part.text}", level_of(part.status))
            for name, part in verdict.parts.items()}


def pending_lines(site: Site) -> dict[str, Line]:
    """What a card shows before its first verdict: UNKNOWN, never green."""
    pending = "UNKNOWN pending: no data yet"
    return {"title": Line(f"{site.name}  UNKNOWN", Level.UNKNOWN, ("title",)),
            "reason": Line("pending: no data yet", Level.UNKNOWN),
            **{name: Line(f"{name:<9}{pending}", Level.UNKNOWN, (CLIP,)) for name in PARTS}}


def card_lines(verdict: SiteVerdict) -> dict[str, Line]:
    """The card's lines for ``verdict``: title, summary, one per part."""
    level = level_of(verdict.status)
    serving = ("title", "serving") if verdict.state is SiteState.SERVING else ("title",)
    lines = {"title": Line(title_text(verdict), level, serving),
             "reason": Line(verdict.summary, level)}
    writable = {"postgres": verdict.postgres_writable, "redis": verdict.redis_writable}
    for name, (text, line_level) in part_lines(verdict).items():
        looks = ("writable", CLIP) if writable.get(name) else (CLIP,)
        lines[name] = Line(text, line_level, looks)
    return lines


class SiteCard(StateLines):
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
        super().__init__(pending_lines(site), id=f"site-{site.value}")
        self.site = site

    def on_mount(self) -> None:
        self.watch_verdict(self.verdict)

    def watch_verdict(self, verdict: SiteVerdict | None) -> None:
        if verdict is not None:
            self.show_lines(card_lines(verdict))

    def action_details(self) -> None:
        self.post_message(self.DetailsRequested(self.site))
