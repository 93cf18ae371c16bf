"""A drill incident's journal rebuilds its drill: same scenario, seed, speed, time, actions.

The declaration records what fixed the drill (``Declared.seed``, ``speed``, ``drill_epoch``
and the real ``wall_at`` beside the simulated ``at``); every action the environment
recorded is journaled as a :class:`~console.journal.events.DrillActed`. A console that
resumes or follows the incident rebuilds the environment from those, on a clock that
continues from ``at + (now - wall_at) * speed``: the drill went on while nobody watched,
exactly as it would have on the first console's warped clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from console.backends.monitor import DRILL_EPOCH, build_drill
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.journal.events import Declared, DrillActed, Event
from console.journal.read import read_journal
from console.plan import Plan
from services.clock import FrozenClock
from services.drill import ActionKind, ActionTicket, DrillClock, DrillEnvironment
from services.models import Site


@dataclass(frozen=True, slots=True)
class DrillFacts:
    """What a declaration records about the drill it was declared in."""

    scenario: str
    seed: int
    speed: float
    epoch: datetime
    """Simulated time at which the scenario started."""

    def declared_fields(self, wall_at: datetime) -> dict[str, object]:
        """The :class:`Declared` fields that record this drill."""
        return {"scenario": self.scenario, "seed": self.seed, "speed": self.speed,
                "drill_epoch": self.epoch, "wall_at": wall_at}


def facts_of(env: DrillEnvironment, speed: float) -> DrillFacts:
    return DrillFacts(env.scenario.name, env.seed, speed, env.started_at)


def ticket_event(ticket: ActionTicket) -> DrillActed:
    """The journal event recording a ticket the environment just added."""
    return DrillActed(kind=ticket.kind.value, requested_at=ticket.requested_at,
                      completes_at=ticket.completes_at,
                      site=ticket.site.value if ticket.site is not None else None,
                      deployment=ticket.deployment, replicas=ticket.replicas,
                      component=ticket.component, target=ticket.target)


def ticket_of(event: DrillActed) -> ActionTicket:
    """The ticket a :class:`DrillActed` records, to replay into a rebuilt environment."""
    return ActionTicket(ActionKind(event.kind), event.requested_at, event.completes_at,
                        site=Site(event.site) if event.site is not None else None,
                        deployment=event.deployment, replicas=event.replicas,
                        component=event.component, target=event.target)


def declaration(events: Sequence[Event]) -> Declared | None:
    return next((e for e in events if isinstance(e, Declared)), None)


def journaled_facts(declared: Declared, fallback: DrillFacts) -> DrillFacts:
    """The drill of a declaration; what older journals do not record comes from
    ``fallback`` (the settings' drill, or the one running)."""
    return DrillFacts(declared.scenario or fallback.scenario,
                      fallback.seed if declared.seed is None else declared.seed,
                      fallback.speed if declared.speed is None else declared.speed,
                      declared.drill_epoch or fallback.epoch)


def simulated_now(events: Sequence[Event], speed: float, wall_now: datetime) -> datetime:
    """Where the drill clock stands now: ``at + (wall_now - wall_at) * speed`` from the
    declaration, and never before the journal's last event (a clock does not run back)."""
    latest = max((e.at for e in events if e.at is not None), default=DRILL_EPOCH)
    declared = declaration(events)
    if declared is None or declared.at is None or declared.wall_at is None:
        return latest
    continued = declared.at + (wall_now - declared.wall_at) * speed
    return max(continued, latest)


def drill_from_journal(settings: Settings, plan: Plan, path: Path, *,
                       wall_now: datetime | None = None
                       ) -> tuple[Settings, DrillEnvironment] | None:
    """The settings and environment to resume or follow the drill journaled in ``path``;
    None if it is not a drill's. Read-only settings stay read-only (a follower); any other
    mode becomes drill mode with the journaled drill."""
    events = read_journal(path).events
    declared = declaration(events)
    if declared is None or not declared.drill:
        return None
    drill = settings.drill
    facts = journaled_facts(declared, DrillFacts(drill.scenario, drill.seed, drill.speed,
                                                 DRILL_EPOCH))
    drill = drill.model_copy(update={"scenario": facts.scenario, "seed": facts.seed,
                                     "speed": facts.speed})
    mode = Mode.READ_ONLY if settings.mode is Mode.READ_ONLY else Mode.DRILL
    rebuilt = settings.model_copy(update={"mode": mode, "drill": drill})
    now = simulated_now(events, facts.speed, wall_now or datetime.now(UTC))
    try:
        env = build_drill(rebuilt, plan, DrillClock(now, facts.speed), started_at=facts.epoch,
                          actions=[ticket_of(e) for e in events if isinstance(e, DrillActed)])
    except ValueError as exc:  # a scenario this console does not know
        raise InputError(path, str(exc), field="scenario") from None
    return rebuilt, env


def rejoin(env: DrillEnvironment, speed: float, events: Sequence[Event], *,
           wall_now: datetime | None = None) -> str | None:
    """Carry the running drill on as the journaled one: replay its actions and move the
    clock to its simulated time. Only the same drill can be rejoined: otherwise the reason
    why not (the console must be restarted on it with ``recovery-console resume``)."""
    declared = declaration(events)
    if declared is None or not declared.drill:
        return "it is a real incident, and this console runs a drill"
    running = facts_of(env, speed)
    journaled = journaled_facts(declared, running)
    if journaled != running:
        return f"it is {_drill_words(journaled)}, and this console runs {_drill_words(running)}"
    known = set(env.actions)
    for event in events:
        if isinstance(event, DrillActed) and ticket_of(event) not in known:
            env.replay(ticket_of(event))
    clock = env.clock
    if isinstance(clock, DrillClock | FrozenClock):
        target = simulated_now(events, speed, wall_now or datetime.now(UTC))
        clock.set(max(clock.now(), target))
    return None


def _drill_words(facts: DrillFacts) -> str:
    return (f"drill {facts.scenario} (seed {facts.seed}, x{facts.speed:g}, "
            f"started {facts.epoch:%Y-%m-%d %H:%M:%S})")


def replay_followed(env: DrillEnvironment | None, event: Event) -> None:
    """A followed :class:`DrillActed` happens in the follower's drill too."""
    if env is not None and isinstance(event, DrillActed):
        env.replay(ticket_of(event))


def journal_drill(settings: Settings, plan: Plan, drill: DrillEnvironment | None,
                  path: Path | None) -> tuple[Settings, DrillEnvironment | None]:
    """The settings and drill a console opening the journal ``path`` (resume or follow)
    runs on: the drill rebuilt from the journal, or the given one carried on to it.
    InputError when the given drill is not the journal's (the console exits 2)."""
    if path is None:
        return settings, drill
    if drill is None:
        return drill_from_journal(settings, plan, path) or (settings, None)
    refused = rejoin(drill, settings.drill.speed, read_journal(path).events)
    if refused is not None:
        raise InputError(path, f"cannot open: {refused}")
    return settings, drill
