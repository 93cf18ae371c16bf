"""Scripted drill timelines: what breaks, where, and how long after the drill starts.

These are the plan's test scenarios. A scenario is data (events at offsets), never code,
so the environment can answer "what is true at time t" for any t without a background
task: an event has happened iff ``started_at + offset <= now``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from services.models import Site


class EventKind(StrEnum):
    """The kinds of failure the simulator knows how to play."""

    SITE_DOWN = "site-down"
    """The whole site is gone: nodes NotReady, nothing answers, replication links drop."""
    DATA_CORRUPTION = "data-corruption"
    """The site's PostgreSQL finds corrupt pages and crash-loops until a restore."""
    REGION_NETWORK_DOWN = "region-network-down"
    """The site's region is cut off: its endpoints time out and its regional stores too."""
    SITE_RECOVERED = "site-recovered"
    """The site is back (power and network restored): nodes Ready, pods restart. A database
    whose peer was promoted meanwhile rejoins as that peer's standby (pg_rewind, as Patroni
    and CloudNativePG rejoin a former leader; Redis re-synced as a replica, as Sentinel
    does): it never comes back as a second primary."""


PRIMARY_RECOVERED_AT = timedelta(minutes=45)
"""The datacenter-failure drill's "primary-recovered" phase: late enough that the whole P1
runbook (``plan rehearse`` ends near T+21m) runs against a lost primary, early enough that
a tabletop can rehearse the rollback the same afternoon."""


@dataclass(frozen=True)
class ScenarioEvent:
    """One scripted failure, ``offset`` after the drill started."""

    offset: timedelta
    kind: EventKind
    site: Site = Site.PRIMARY
    cuts_regional_stores: bool = False
    """The site's regional backup stores stop answering from this moment (the plan's
    targets say which stores sit in the primary's region)."""


@dataclass(frozen=True)
class Scenario:
    """A named timeline of events, with the description shown when picking a drill."""

    name: str
    description: str
    events: tuple[ScenarioEvent, ...] = ()


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario("steady", "Nothing happens: both sites healthy, replication streaming."),
        Scenario(
            "datacenter-failure",
            "At 2m the primary datacenter is lost: nodes NotReady, replication links drop. "
            "At 45m it is back (primary-recovered): after a failover its databases rejoin "
            "as DR's standbys, ready for the rollback.",
            (ScenarioEvent(timedelta(minutes=2), EventKind.SITE_DOWN),
             ScenarioEvent(PRIMARY_RECOVERED_AT, EventKind.SITE_RECOVERED)),
        ),
        Scenario(
            "database-corruption",
            "At 3m the primary PostgreSQL reports corrupt data and crash-loops.",
            (ScenarioEvent(timedelta(minutes=3), EventKind.DATA_CORRUPTION),),
        ),
        Scenario(
            "regional-outage",
            "At 2m the primary region's network fails: its endpoints and stores time out.",
            (
                ScenarioEvent(
                    timedelta(minutes=2),
                    EventKind.REGION_NETWORK_DOWN,
                    cuts_regional_stores=True,
                ),
            ),
        ),
    )
}
"""Every scenario the drill environment can play, by name."""

SCENARIO_NAMES: tuple[str, ...] = tuple(SCENARIOS)


def get_scenario(name: str) -> Scenario:
    """The scenario called ``name``; a ValueError naming the known ones otherwise."""
    try:
        return SCENARIOS[name]
    except KeyError:
        known = ", ".join(SCENARIO_NAMES)
        raise ValueError(f"unknown drill scenario {name!r}; known: {known}") from None
