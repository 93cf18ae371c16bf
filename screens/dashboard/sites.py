"""Primary and DR side by side: the "is primary down, where does traffic go" pane."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive

from console.judge.sites import SiteVerdict
from screens.dashboard.site_card import SiteCard
from services.models import Site


class SitesPane(Horizontal):
    """Two :class:`SiteCard` children; the cards take focus, the pane passes verdicts down."""

    verdicts: reactive[Mapping[Site, SiteVerdict] | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__(id="sites")
        self.border_title = "Sites"
        self.cards = (SiteCard(Site.PRIMARY), SiteCard(Site.DR))

    def compose(self) -> ComposeResult:
        yield from self.cards

    def on_mount(self) -> None:
        self.watch_verdicts(self.verdicts)

    def watch_verdicts(self, verdicts: Mapping[Site, SiteVerdict] | None) -> None:
        if verdicts is None or not self.is_mounted:
            return
        for card in self.query(SiteCard):
            card.verdict = verdicts.get(card.site)
