"""A drill environment on a frozen clock, its poller, and a runner journaling into a list."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from console.actions import ActionRunner, Confirmation, DrillOperations, PlannedAction
from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.journal.events import Event
from console.live.poller import Poller
from console.plan import load_plan
from console.plan.runbook import Step
from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources
from services.operations import Operations


class Ticks:
    """A monotonic clock that moves half a second per reading: durations are exact."""

    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        self.value += 0.5
        return self.value


class Rig:
    def __init__(self, scenario: str = "steady", *, mode: Mode = Mode.DRILL,
                 operations: Operations | None = None, read_only_env: bool = False,
                 **runner: Any) -> None:
        self.clock = FrozenClock(DRILL_EPOCH)
        self.env = DrillEnvironment(self.clock, scenario=scenario, read_only=read_only_env,
                                    plan=drill_plan(load_plan()))
        self.poller = Poller(drill_sources(self.env), lambda _: 5.0, 4.0, self.clock,
                             lambda _: None)
        self.events: list[Event] = []
        self.slept: list[float] = []
        self.asked: list[PlannedAction] = []
        self.runner = ActionRunner(mode, operations or DrillOperations(self.env), self.record,
                                   lambda: self.poller.latest, self.clock, sleep=self.sleep,
                                   monotonic=Ticks(), **runner)

    def record(self, event: Event) -> Event:
        self.events.append(event)
        return event

    async def poll(self) -> None:
        await self.poller.poll_once()

    async def advance(self, seconds: float) -> None:
        self.clock.advance(timedelta(seconds=seconds))
        await self.poll()

    async def sleep(self, seconds: float) -> None:
        """The runner's sleep: drill time passes and the poller catches up with it."""
        self.slept.append(seconds)
        await self.advance(seconds)

    def types(self) -> list[str]:
        return [e.type for e in self.events]

    def confirm(self, confirmed: bool = True, override: str | None = None,
                typed: str | None = "<site>") -> Any:
        """An operator's answer; ``typed`` is the site name they type (by default the
        one the modal asks for; None: they type nothing)."""
        async def answer(planned: PlannedAction) -> Confirmation:
            self.asked.append(planned)
            site = planned.site_name if typed == "<site>" else typed
            return Confirmation(confirmed=confirmed, override_reason=override,
                                typed_site=site)
        return answer

    def actions(self) -> Iterator[str]:
        return (t.kind.value for t in self.env.actions)


def step(action: dict[str, Any] | None, step_id: str = "s1") -> Step:
    return Step.model_validate({"id": step_id, "title": "A step", "owner": "dba",
                                "action": action})
