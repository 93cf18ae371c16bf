"""One incident as the console works it: journal + plan + live readings + action runner.

Every rule of the checklist lives here, not in the screens, so a read-only watcher is
refused by the session itself (DESIGN.md: "enforced in the service layer, not just
hidden in the UI") and tests can drive an incident without a terminal. The journal is the
only state: each method appends events and :attr:`IncidentSession.state` is folded from
them, so a session rebuilt from the same file (resume, follow) is the same incident.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from console.actions import ActionOutcome, ActionRunner, CheckResult, PlannedAction
from console.actions.backups import backup_max_ages
from console.actions.runner import Confirm
from console.config.models import Mode
from console.incident.context import SessionContext
from console.incident.interrupted import earlier_attempt, settle
from console.incident.journaled import READ_ONLY_REASON, JournaledIncident
from console.incident.progress import follow_ups
from console.incident.state import ActionStatus, IncidentState, StepState, StepStatus
from console.journal.events import (
    CheckEvaluated,
    Classified,
    Declared,
    DrillActed,
    Event,
    Note,
    PhaseOpened,
    Resolved,
    StepCompleted,
    StepFailed,
    StepSkipped,
    StepStarted,
)
from console.journal.read import read_journal
from console.journal.refusals import JournalUnavailable, SessionRefused
from console.journal.write import Journal, new_incident_id

__all__ = ["READ_ONLY_REASON", "CheckFailed", "IncidentSession", "JournalUnavailable",
           "SessionRefused", "UnfinishedPhases"]


class CheckFailed(SessionRefused):
    """A step's check does not hold: completing it needs an override reason."""

    def __init__(self, step_id: str, result: CheckResult) -> None:
        state = "fails" if result.ok is False else "cannot be evaluated"
        super().__init__(f"check of {step_id} {state}: {result.detail}; "
                         "give an override reason to complete it anyway")
        self.result = result


class UnfinishedPhases(SessionRefused):
    """Resolving while open phases are not complete: it needs a reason, journaled."""

    def __init__(self, phases: tuple[str, ...]) -> None:
        super().__init__(f"{len(phases)} phase{'s' if len(phases) != 1 else ''} unfinished "
                         f"({', '.join(phases)}): give a reason to resolve anyway")
        self.phases = phases


class IncidentSession(JournaledIncident):
    """Build with :meth:`new`, :meth:`resume` or :meth:`watch`; then work the checklist."""

    def __init__(self, ctx: SessionContext, journal: Journal | None, path: Path | None,
                 events: tuple[Event, ...], *, follower: bool = False) -> None:
        super().__init__(ctx, journal, path, events, follower=follower)
        self._runner: ActionRunner | None = None
        self._running: str | None = None
        """The step whose action is in flight (confirming or calling); one at a time."""
        self.interrupted: tuple[str, ...] = ()
        """Actions a previous console left without outcome, settled on resume."""

    @classmethod
    def new(cls, ctx: SessionContext) -> IncidentSession:
        """No incident yet: :meth:`declare` creates its journal."""
        return cls(ctx, None, None, ())

    @classmethod
    def resume(cls, ctx: SessionContext, path: Path) -> IncidentSession:
        """Reopen a journal to carry on (or, read-only, to watch it)."""
        if ctx.read_only:
            return cls.watch(ctx, path)
        journal = Journal.open(path, ctx.clock, ctx.operator)
        session = cls(ctx, journal, path, journal.events)
        session.interrupted = settle(session.state, session._append)
        return session

    @classmethod
    def watch(cls, ctx: SessionContext, path: Path) -> IncidentSession:
        """Read a journal another console writes; :meth:`apply` adds what it appends."""
        return cls(ctx, None, path, read_journal(path).events, follower=True)

    # -- changing -----------------------------------------------------------------------

    def declare(self, title: str, *, incident_id: str | None = None,
                disruption_at: datetime | None = None,
                disruption_source: str = "") -> IncidentState:
        """Open the incident's journal and record the declaration.

        ``disruption_at`` (the first failure observed, or the operator's time) starts the
        RTO clocks; it cannot be after the declaration. In a drill the declaration also
        records the drill (seed, speed, scenario start) and the real time beside the
        simulated one, so resume and follow rebuild it where it stands.
        """
        self._refuse_if_read_only()
        title = _required(title, "a title")
        if self._journal is not None or self._events:
            raise SessionRefused("this incident is already declared")
        clock = self.ctx.clock
        now = clock.now()
        if disruption_at is not None and disruption_at > now:
            raise SessionRefused("the disruption cannot be later than the declaration")
        drill: dict[str, object] = {}
        if self.ctx.drill is not None:
            drill = self.ctx.drill.declared_fields(self.ctx.wall())
        ident = incident_id or new_incident_id(now)
        self._journal = Journal.create(self.ctx.journal_dir, ident, clock, self.ctx.operator)
        self.path = self._journal.path
        self._append(Declared.model_validate({
            "incident_id": ident, "title": title, "drill": self.ctx.mode is Mode.DRILL,
            "scenario": self.ctx.scenario, "plan_id": self.ctx.plan.plan.id,
            "disruption_at": disruption_at,
            "disruption_source": disruption_source if disruption_at is not None else "",
            **drill}))
        return self.state

    def record_drill_action(self, event: DrillActed) -> None:
        """Journal what the drill environment just recorded (nothing before a declaration,
        nor on a watcher: a follower's drill only replays what the journal says)."""
        if self.read_only or self._journal is None:
            return
        self._append(event)

    def classify(self, severity: str, reason: str = "") -> IncidentState:
        """Record the severity and the phases the plan opens for it; start the first.

        Once classified, this reclassifies (raise or lower): a reason is required, the new
        severity's phases replace the old ones, and phases already worked on or opened by
        hand stay open (their history is never hidden).
        """
        state = self._require_open()
        level = next((c for c in self.ctx.plan.classification if c.severity == severity), None)
        if level is None:
            known = ", ".join(c.severity for c in self.ctx.plan.classification)
            raise SessionRefused(f"unknown severity {severity!r} (the plan has {known})")
        why = reason.strip()
        if state.severity is not None:
            if level.severity == state.severity:
                raise SessionRefused(f"the incident is already {state.severity}")
            why = _required(reason, f"a reason to reclassify {state.severity} -> "
                            f"{level.severity}")
        self._append(Classified(severity=level.severity, response=level.response,
                                phases=level.phases, reason=why))
        return self._progress()

    def open_phase(self, phase_id: str, reason: str) -> IncidentState:
        """Open a phase the classification did not (rollback, automated failover...)."""
        state = self._require_open()
        if not any(p.id == phase_id for p in self.ctx.plan.runbook.phases):
            raise SessionRefused(f"phase {phase_id!r} is not in the plan")
        if state.phase(phase_id) is not None:
            raise SessionRefused(f"phase {phase_id} is already open")
        self._append(PhaseOpened(phase=phase_id, reason=_required(reason, "a reason to open it")))
        return self._progress()

    def start_step(self, step_id: str) -> IncidentState:
        step = self._open_step(step_id)
        if step.status is not StepStatus.ACTIVE:
            self._append(StepStarted(step=step_id))
        return self.state

    def complete_step(self, step_id: str, override_reason: str | None = None) -> IncidentState:
        """Done, if its check holds now; a failing or unknown check needs an override reason."""
        self._open_step(step_id)
        override = (override_reason or "").strip() or None
        result = self.check(step_id)
        if result is not None:
            self._append(CheckEvaluated(step=step_id, ok=result.ok is True,
                                        detail=result.detail))
            if result.ok is not True and override is None:
                raise CheckFailed(step_id, result)
        self._ensure_started(step_id)
        passed = result is None or result.ok is True
        self._append(StepCompleted(step=step_id, override_reason=None if passed else override))
        return self._progress()

    def skip_step(self, step_id: str, reason: str) -> IncidentState:
        self._open_step(step_id)
        why = _required(reason, "a reason to skip")
        self._ensure_started(step_id)
        self._append(StepSkipped(step=step_id, reason=why))
        return self._progress()

    def fail_step(self, step_id: str, reason: str) -> IncidentState:
        self._open_step(step_id)
        why = _required(reason, "a reason to fail")
        self._ensure_started(step_id)
        self._append(StepFailed(step=step_id, reason=why))
        return self.state

    def note(self, text: str, step: str | None = None) -> IncidentState:
        """Journal a note, on ``step`` when it is about one (shown with that step)."""
        self._require_open(allow_resolved=True)
        if step is not None:
            self.plan_step(step)  # an unknown step id is refused, not journaled
        self._append(Note(text=_required(text, "some text"), step=step))
        return self.state

    def record(self, event: Event) -> Event:
        """Journal an event another package produced (messages drafted, sent or failed;
        the judge's measured objectives), resolved incidents included; refused read-only."""
        self._require_open(allow_resolved=True)
        return self._append(event)

    def resolve(self, summary: str = "", unfinished_reason: str | None = None) -> IncidentState:
        """Close the incident; with open phases not complete, only with a reason (journaled
        beside the phases it leaves unfinished)."""
        state = self._require_open()
        unfinished = state.unfinished_phases()
        why = (unfinished_reason or "").strip() or None
        if unfinished and why is None:
            raise UnfinishedPhases(unfinished)
        self._append(Resolved(summary=summary.strip(), unfinished=unfinished,
                              unfinished_reason=why if unfinished else None))
        return self.state

    @property
    def running_action(self) -> str | None:
        """The step whose action is in flight, if any."""
        return self._running

    async def run_action(self, step_id: str, confirm: Confirm) -> ActionOutcome:
        """Gates -> ``confirm`` -> journal -> call -> journal, through the action runner.

        One action at a time: a second one is refused while the first is confirming or
        running (a promote or a DNS change must not race another, and must not be
        abandoned half-way while it carries on server-side).
        """
        if self._running is not None:
            raise SessionRefused(f"an action is already running: {self._running} "
                                 "(wait for its outcome)")
        step = self._open_step(step_id)
        plan_step = self.plan_step(step_id)
        if plan_step.action is None:
            raise SessionRefused(f"step {step_id} has no action to run")
        runner = self._action_runner()
        self._running = step_id  # set before the first await: nothing can slip in between
        try:
            if step.status is StepStatus.PENDING:
                self._append(StepStarted(step=step_id))
            earlier = earlier_attempt(step.actions)
            if step.actions and step.actions[-1].status is ActionStatus.UNKNOWN:
                self._recheck(step_id)  # it may have landed: the check speaks first
            return await runner.run(runner.plan_action(plan_step, earlier), confirm)
        finally:
            self._running = None

    def plan_action(self, step_id: str) -> PlannedAction:
        """What running the step's action would do now, with its gates (nothing journaled):
        a play checks its data gates before it changes anything."""
        return self._action_runner().plan_action(self.plan_step(step_id))

    def _recheck(self, step_id: str) -> None:
        """Journal the step's check as it stands now (None: the step has no check)."""
        result = self.check(step_id)
        if result is not None:
            self._append(CheckEvaluated(step=step_id, ok=result.ok is True,
                                        detail=result.detail))

    # -- internals ----------------------------------------------------------------------

    def _action_runner(self) -> ActionRunner:
        if self._runner is None:
            ops = self.ctx.operations
            if ops is None:
                raise SessionRefused(f"no operations adapter in {self.ctx.mode} mode: actions "
                                     "cannot run here; run the step's commands by hand")
            self._runner = ActionRunner(
                self.ctx.mode, ops, self._append, self.ctx.readings, self.ctx.clock,
                sleep=self.ctx.sleep, monotonic=self.ctx.monotonic,
                backup_max_ages=backup_max_ages(self.ctx.plan), down_since=self.ctx.down_since,
                policy=self.ctx.policy, notify=self._notify)
        return self._runner

    async def _notify(self, template: str, message: str) -> str | None:
        """A send-notification step through the context's notifier (comms), if any."""
        notifier = self.ctx.notifier
        return None if notifier is None else await notifier(self, template, message)

    def _progress(self) -> IncidentState:
        for event in follow_ups(self.state, self._events):
            self._append(event)
        return self.state

    def _ensure_started(self, step_id: str) -> None:
        step = self.state.step(step_id)
        if step is not None and step.status is StepStatus.PENDING:
            self._append(StepStarted(step=step_id))

    def _open_step(self, step_id: str) -> StepState:
        state = self._require_open()
        step = state.step(step_id)
        if step is None:
            raise SessionRefused(f"step {step_id!r} is not in an open phase")
        if step.finished:
            raise SessionRefused(f"step {step_id} is already {step.status}")
        return step


def _required(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise SessionRefused(f"{what} is required")
    return cleaned
