"""The one way the console changes anything: gates -> confirmation -> journal -> call -> journal.

Every path journals its result: a refused confirmation is an ActionCancelled, a call that
raises an ActionFailed, and a call with no answer (a mutating call that timed out, or was
interrupted) an ActionUnknown: it may have landed, so the step's check decides, and is
journaled beside it. The journal alone tells what was attempted and what came of it.

A destructive action (promote, DNS change, scale to 0, restore), and any action past a
blocking gate, runs only when the operator typed the target site's name: Enter alone, or
a reflexive "yes", never moves a database or the service record.

Read-only mode is refused *before* anything is journaled (:class:`ActionRefused`): a
read-only console may be following another console's journal, and a watcher must not
write into the incident's record. The adapters refuse too (ReadOnlyRefused), so a call
that somehow got past the runner still changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from console.actions import errors
from console.actions.backups import verify_backups
from console.actions.checks import evaluate_check
from console.actions.describe import DEFAULT_HEALTH_INTERVAL_S, describe
from console.actions.details import details
from console.actions.gates import READ_ONLY, evaluate_gates, is_destructive, target_site
from console.actions.model import (
    ActionOutcome,
    ActionRefused,
    Confirmation,
    Gate,
    OutcomeStatus,
    PlannedAction,
)
from console.actions.policy import ActionPolicy
from console.actions.restore import RESTORE_LIMIT_S, run_restore_postgres
from console.actions.standby import STANDBY_LIMIT_S, run_standby
from console.actions.waiting import Sleep, wait_for_health
from console.config.models import Mode
from console.journal.events import (
    ActionCancelled,
    ActionConfirmed,
    ActionFailed,
    ActionRequested,
    ActionSucceeded,
    ActionUnknown,
    CheckEvaluated,
    Event,
)
from console.judge.freshness import Readings
from console.plan import actions as act
from console.plan.runbook import Step
from services.clock import Clock
from services.models import Site
from services.operations import Operations
from services.sources import SourceTimeout

Confirm = Callable[[PlannedAction], Awaitable[Confirmation]]
Notify = Callable[[str, str], Awaitable[str | None]]
"""Sends a send-notification action's message (template, message) and says where it
went; None when it is not its to send (then the operations' own ``notify`` runs)."""


class ActionRunner:
    """Runs runbook actions for one console; owns the console's active site."""

    def __init__(self, mode: Mode, operations: Operations, record: Callable[[Event], Event],
                 readings: Callable[[], Readings], clock: Clock, *,
                 active_site: Site = Site.PRIMARY, sleep: Sleep = asyncio.sleep,
                 monotonic: Callable[[], float] = time.monotonic,
                 backup_max_ages: Mapping[str, timedelta] | None = None,
                 down_since: Callable[[], Mapping[str, datetime]] | None = None,
                 call_timeout_s: float = 120.0, policy: ActionPolicy | None = None,
                 notify: Notify | None = None) -> None:
        self.mode = mode
        self.active_site = active_site
        """The site the console acts on by default (its kube context); set by switch-site."""
        self._ops = operations
        self._record = record
        self._readings = readings
        self._clock = clock
        self._sleep = sleep
        self._monotonic = monotonic
        self._max_ages = dict(backup_max_ages or {})
        self._down_since = down_since or dict
        self._call_timeout_s = call_timeout_s
        self.policy = policy or ActionPolicy()
        self._notify = notify

    def plan_action(self, step: Step, earlier: str | None = None) -> PlannedAction:
        """What running ``step``'s action would call, and the gates as of now;
        ``earlier`` is the step's previous attempt, shown before it runs again."""
        if step.action is None:
            raise ValueError(f"step {step.id} has no action to run")
        action = step.action
        site = target_site(action, self._readings())
        return PlannedAction(
            step_id=step.id, action=action, description=describe(action),
            gates=self._gates(action), target_site=site,
            site_name=self.policy.name(site) if site is not None else "",
            destructive=is_destructive(action), check=step.check, earlier=earlier,
            details=details(action, self._readings(), self._clock.now(), self.policy))

    def _gates(self, action: act.Action) -> tuple[Gate, ...]:
        return evaluate_gates(action, self.mode, self._readings(), self._clock.now(),
                              self.policy)

    async def run(self, planned: PlannedAction, confirm: Confirm) -> ActionOutcome:
        """Gate, confirm, journal and execute ``planned``; raises only ActionRefused, or
        what ``record`` raises before the call (then nothing was called).

        A failure to journal the call's outcome does not raise (the call happened): the
        outcome says so in ``unrecorded``, for the operator to see and record by hand.

        Gates are evaluated again here, as the modal opens: the readings may have changed
        since the action was planned, and the operator confirms what is true now.
        """
        if self.mode is Mode.READ_ONLY:
            raise ActionRefused(READ_ONLY.message)
        planned = planned.model_copy(update={"gates": self._gates(planned.action)})
        step, kind = planned.step_id, planned.kind
        self._record(ActionRequested(step=step, action=kind, description=planned.description))
        try:
            answer = await confirm(planned)
        except asyncio.CancelledError:
            self._cancelled(planned, "confirmation abandoned")
            raise
        except Exception as exc:  # a broken modal must not leave a dangling request
            return self._cancelled(planned, f"confirmation failed: {errors.text(exc)}")
        if not answer.confirmed:
            return self._cancelled(planned, "cancelled by the operator")
        override = (answer.override_reason or "").strip()
        if planned.blocking and not override:
            blocked = "; ".join(g.message for g in planned.blocking)
            return self._cancelled(planned, f"blocked: {blocked} (no override reason given)")
        if planned.needs_site_name and (answer.typed_site or "").strip() != planned.site_name:
            why = "blocked" if planned.blocking else "destructive"
            return self._cancelled(planned, f"{why}: the site name was not typed "
                                            f"(type {planned.site_name!r} to confirm)")
        self._record(ActionConfirmed(
            step=step, action=kind, override_reason=override if planned.blocking else None,
            overridden_gates=tuple(g.name for g in planned.blocking)))
        return await self._execute(planned)

    def _cancelled(self, planned: PlannedAction, reason: str) -> ActionOutcome:
        self._record(ActionCancelled(step=planned.step_id, action=planned.kind, reason=reason))
        return ActionOutcome(step_id=planned.step_id, action=planned.kind,
                             status=OutcomeStatus.CANCELLED, detail=reason)

    async def _execute(self, planned: PlannedAction) -> ActionOutcome:
        step, kind = planned.step_id, planned.kind
        started = self._monotonic()
        limit = self._limit_s(planned.action)
        deadline = asyncio.timeout(limit)
        status, detail = OutcomeStatus.FAILED, ""
        try:
            async with deadline:
                detail = await self._call(planned.action)
            status = OutcomeStatus.SUCCEEDED
        except asyncio.CancelledError:
            # Journal the interruption if we can; a journal error must not replace the
            # cancellation (the task is going away, with nobody left to tell).
            with contextlib.suppress(Exception):
                self._record(ActionUnknown(step=step, action=kind, interrupted=True,
                                           duration_s=self._since(started),
                                           error="interrupted before the call returned"))
            raise
        except Exception as exc:
            timed_out = deadline.expired() or isinstance(exc, TimeoutError | SourceTimeout)
            detail = f"no answer within {limit:g}s" if deadline.expired() else errors.text(exc)
            if timed_out and _mutating(planned.action):
                status, detail = OutcomeStatus.UNKNOWN, f"outcome unknown: {detail}"
        duration = self._since(started)
        result: Event
        if status is OutcomeStatus.SUCCEEDED:
            result = ActionSucceeded(step=step, action=kind, output=detail, duration_s=duration)
        elif status is OutcomeStatus.UNKNOWN:
            result = ActionUnknown(step=step, action=kind, error=detail, duration_s=duration)
        else:
            result = ActionFailed(step=step, action=kind, error=detail, duration_s=duration)
        unrecorded = None
        try:
            self._record(result)
            if status is OutcomeStatus.UNKNOWN:
                detail += self._decide_by_check(planned)
        except Exception as exc:  # the call happened: its outcome must reach the operator
            unrecorded = f"{status.value} but NOT journaled ({exc}): record it by hand"
        return ActionOutcome(step_id=step, action=kind, status=status, detail=detail,
                             duration_s=duration, unrecorded=unrecorded)

    def _decide_by_check(self, planned: PlannedAction) -> str:
        """An unknown outcome is settled by the step's check, journaled beside it."""
        if planned.check is None:
            return "; the step has no check: verify by hand"
        result = evaluate_check(planned.check, self._readings(), self._clock.now(),
                                self._down_since())
        self._record(CheckEvaluated(step=planned.step_id, ok=result.ok is True,
                                    detail=result.detail))
        return f"; check now: {'holds' if result.ok else 'does not hold'} ({result.detail})"

    def _since(self, started: float) -> float:
        return max(0.0, self._monotonic() - started)

    def _limit_s(self, action: act.Action) -> float:
        """Real-time bound of one call: the script's or the wait's own timeout, plus slack."""
        if isinstance(action, act.RunScript | act.WaitForHealth):
            return action.timeout.total_seconds() + self._call_timeout_s
        if isinstance(action, act.RestorePostgres | act.RestoreRedis):
            return RESTORE_LIMIT_S  # bounded by the restore's own timeouts ([restore])
        if isinstance(action, act.DemoteSite | act.RebuildStandby):
            return STANDBY_LIMIT_S  # bounded by the command's own timeout ([standby])
        return self._call_timeout_s

    async def _call(self, action: act.Action) -> str:
        ops = self._ops
        match action:
            case act.ScaleDeployment(site=site, namespace=ns, deployment=name, replicas=n):
                return await ops.scale(site, ns, name, n)
            case act.SwitchSite(site=site):
                output = await ops.switch_site(site)
                self.active_site = site
                return f"{output}; active site is now {site}"
            case act.PromotePostgres(site=site):
                return await ops.promote_postgres(site)
            case act.PromoteRedis(site=site):
                return await ops.promote_redis(site)
            case act.RewriteAof(site=site):
                return await ops.rewrite_aof(site)
            case act.DnsFailover():
                return await ops.dns_failover()
            case act.DnsRollback():
                return await ops.dns_rollback()
            case act.WaitForHealth(site=site, timeout=timeout, interval=interval):
                every = interval.total_seconds() if interval else DEFAULT_HEALTH_INTERVAL_S
                return await wait_for_health(site, timeout, every, readings=self._readings,
                                             clock=self._clock, sleep=self._sleep,
                                             down_since=self._down_since)
            case act.VerifyData(site=site, queries=queries):
                return await ops.verify_data(site, queries)
            case act.VerifyBackups(components=components):
                return verify_backups(components, self._max_ages, self._readings(),
                                      self._clock.now())
            case act.TestRestore(component=component, target=target):
                return await ops.restore(component, target)
            case act.RestorePostgres() | act.RestoreRedis():
                return await run_restore_postgres(action, ops)
            case act.DemoteSite() | act.RebuildStandby():
                return await run_standby(action, ops)
            case act.RunScript(path=path, args=args, timeout=timeout):
                return await ops.run_script(path, args, timeout.total_seconds())
            case act.SendNotification(template=template, message=message):
                sent = await self._notify(template, message) if self._notify else None
                return sent if sent is not None else await ops.notify(template, message)
        raise AssertionError(f"unhandled action {action!r}")  # pragma: no cover


def _mutating(action: act.Action) -> bool:
    """Calls that change something remote: when they time out, they may have landed."""
    return not isinstance(action, act.WaitForHealth | act.VerifyData | act.VerifyBackups)
