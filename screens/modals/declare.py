"""Declaring an incident: its title, the first thing the journal records."""

from __future__ import annotations

from screens.modals.reason import ReasonModal


class DeclareModal(ReasonModal):
    """Ask for the incident's title (required); dismisses with it or None."""

    def __init__(self, drill: bool) -> None:
        kind = "drill" if drill else "incident"
        super().__init__(f"Declare a new {kind}",
                         "Title: what is happening, in a few words (it names the journal).",
                         placeholder="primary datacenter unreachable")
