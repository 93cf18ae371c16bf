"""A drill walked through the failover path headlessly: the session, the drill environment
on a frozen clock, the judge's verdicts journaled as the console does (pending_measures).

Every step is worked as an operator would: its action run and confirmed (the site name
typed; a blocking gate overridden with a reason, journaled), drill time moved on and the
sources polled, then the step completed (with an override reason if its check fails).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from console.actions import Confirmation, DrillOperations, PlannedAction
from console.backends.drill_plan import drill_plan
from console.backends.monitor import DRILL_EPOCH
from console.config.models import Mode
from console.incident.context import SessionContext
from console.incident.session import CheckFailed, IncidentSession
from console.judge.verdicts import Verdicts, judge_all
from console.live.poller import Poller
from console.plan.model import Plan
from console.reports.measures import pending_measures
from services.clock import FrozenClock
from services.drill import DrillEnvironment, drill_sources

INCIDENT = "INC-DRILL-1"
FAILOVER_PATH = ("assessment", "manual-failover")


def _answer(planned: PlannedAction) -> Confirmation:
    answer: dict[str, object] = {"confirmed": True}
    if planned.blocking:
        answer["override_reason"] = "drill: going ahead to measure the failover"
    if "typed_site" in Confirmation.model_fields:
        answer["typed_site"] = getattr(planned, "site_name", None)
    return Confirmation.model_validate(answer)


class DrillRig:
    def __init__(self, plan: Plan, tmp: Path, scenario: str = "datacenter-failure") -> None:
        self.plan = plan
        self.clock = FrozenClock(DRILL_EPOCH)
        self.env = DrillEnvironment(self.clock, scenario=scenario, plan=drill_plan(plan))
        self.poller = Poller(drill_sources(self.env), lambda _: 5.0, 4.0, self.clock,
                             lambda _: None)
        self.journal_dir = tmp / "journal"
        self.ctx = SessionContext(plan, Mode.DRILL, self.clock, "alice", self.journal_dir,
                                  readings=lambda: self.poller.latest,
                                  operations=DrillOperations(self.env),
                                  scenario=scenario, sleep=self._sleep)
        self.session = IncidentSession.new(self.ctx)

    async def _confirm(self, planned: PlannedAction) -> Confirmation:
        """While the confirmation is open the console keeps judging (and journaling)."""
        self.measure()
        return _answer(planned)

    async def _sleep(self, seconds: float) -> None:
        await self.advance(seconds / 60)

    def verdicts(self) -> Verdicts:
        return judge_all(self.plan, self.poller.latest, self.clock.now(),
                         disruption_at=self.session.state.rto_start)

    async def advance(self, minutes: float) -> None:
        """Drill time passes, every source is polled, the judge's changes journaled."""
        self.clock.advance(timedelta(minutes=minutes))
        await self.poller.poll_once()
        self.measure()

    def measure(self) -> None:
        if self.session.state.id:
            for event in pending_measures(self.plan, self.session.events, self.verdicts()):
                self.session.record(event)

    async def declare(self, severity: str = "P1") -> None:
        await self.advance(3)  # the scenario's failure has happened and been seen
        self.session.declare("primary datacenter lost", incident_id=INCIDENT,
                             disruption_at=self.clock.now() - timedelta(minutes=1),
                             disruption_source="health/primary")
        self.session.classify(severity)
        self.measure()

    async def walk(self, phases: tuple[str, ...] = FAILOVER_PATH) -> None:
        for phase in phases:
            for step in self.plan.phase(phase).steps:
                if self.session.state.step(step.id) is None:
                    continue
                if step.action is not None and step.action.kind != "send-notification":
                    await self.session.run_action(step.id, self._confirm)
                await self.advance(2)
                try:
                    self.session.complete_step(step.id)
                except CheckFailed:
                    self.session.complete_step(step.id, "drill: checked by hand")


PERSON_PART = "**Customer Impact**:\n{customer_impact}\n"


def console_written(plan: Plan) -> Plan:
    """``plan`` with the incident notification's person-only part (customer impact) cut:
    every field left is one the console fills, so the runbook's step may send it alone."""
    templates = tuple(t.model_copy(update={"body": t.body.replace(PERSON_PART, "")})
                      if t.id == "incident-notification" else t for t in plan.templates)
    assert templates != plan.templates, "the template no longer has its person part"
    return plan.model_copy(update={"templates": templates})
