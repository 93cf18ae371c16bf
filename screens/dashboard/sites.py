"""Primary and DR side by side: the "is primary down, where does traffic go" pane."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive

from console.live.readings import Reading
from screens.dashboard.site_card import SiteCard, SiteData, postgres_writable, redis_writable
from services.models import Site


@dataclass(frozen=True)
class SitesData:
    """Every reading the two cards need, keyed by source name, and the time."""

    now: datetime
    readings: Mapping[str, Reading[Any]] = field(default_factory=dict)

    def for_site(self, site: Site) -> SiteData:
        peer = Site.DR if site is Site.PRIMARY else Site.PRIMARY
        get = self.readings.get
        return SiteData(
            site=site, now=self.now,
            cluster=get(f"cluster/{site.value}"), health=get(f"health/{site.value}"),
            postgres=get(f"postgres/{site.value}"), redis=get(f"redis/{site.value}"),
            dns=get("dns"),
            peer_postgres_writable=postgres_writable(get(f"postgres/{peer.value}")),
            peer_redis_writable=redis_writable(get(f"redis/{peer.value}")),
        )


class SitesPane(Horizontal):
    """Two :class:`SiteCard` children; the cards take focus, the pane passes data down."""

    data: reactive[SitesData | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__(id="sites")
        self.border_title = "Sites"

    def compose(self) -> ComposeResult:
        yield SiteCard(Site.PRIMARY)
        yield SiteCard(Site.DR)

    def on_mount(self) -> None:
        self.watch_data(self.data)

    def watch_data(self, data: SitesData | None) -> None:
        if data is None or not self.is_mounted:
            return
        for card in self.query(SiteCard):
            card.data = data.for_site(card.site)
