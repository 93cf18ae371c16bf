"""Plan gaps: objectives the plan itself cannot meet, or that nothing measures.

A healthy system must be able to show green, so a target the plan's own schedules or
runbook cannot keep is not a live breach: it is a flaw of the plan, reported once by
``plan check`` (as a warning) and on its row by ``status`` and the screens (as GAP, with
what the live measure says). The rules, each giving its reason in words:

* RTO/RPO whose ``measure`` is ``"none"``: nobody measures it (NOT MONITORED).
* RPO measured by ``backup-age`` that no schedule names (``rpo = "<id>"``): nobody
  measures it either.
* RPO measured by ``backup-age`` whose schedules cannot keep it: a 0m target with no
  continuous stream, or a target shorter than the fastest schedule's interval.
* RTO shorter than the estimates of the runbook steps counted against it, where the plan
  gives estimates (steps of on-demand phases are left out: they may never run).
* SLA that nothing measures (every row it names is unmonitored, or ``measure = "none"``),
  or that promises a faster recovery or a smaller loss than the rows it is made of allow.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from console.judge.units import format_span
from console.plan import Plan
from console.plan.backups import Frequency
from console.plan.objectives import (
    RecoveryPointObjective,
    RecoveryTimeObjective,
    RpoMeasure,
    ServiceLevel,
    SlaMeasure,
)

NOT_MEASURED = 'the plan names no measure for it (measure = "none")'


class PlanGap(BaseModel):
    """One objective the plan cannot keep or does not measure, and why."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["rto", "rpo", "sla"]
    id: str
    label: str
    reason: str
    monitored: bool
    """False when nothing measures the row (it shows NOT MONITORED); True when it is
    measured but the plan cannot meet its target (it shows GAP while the live measure is
    as good as the plan allows)."""

    def describe(self) -> str:
        """``RPO audit-logs (Audit Logs): logs-archive runs every 1d, ...``."""
        why = self.reason if self.monitored else f"not monitored: {self.reason}"
        return f"{self.kind.upper()} {self.id} ({self.label}): {why}"


def plan_gaps(plan: Plan) -> tuple[PlanGap, ...]:
    """Every gap of ``plan``, in the order of its objective tables."""
    found: list[PlanGap] = []
    for rto in plan.objectives.rto:
        reason = _rto_gap(plan, rto)
        if reason is not None:
            found.append(PlanGap(kind="rto", id=rto.id, label=rto.component,
                                 reason=reason, monitored=rto.monitored))
    for rpo in plan.objectives.rpo:
        gap = _rpo_gap(plan, rpo)
        if gap is not None:
            found.append(PlanGap(kind="rpo", id=rpo.id, label=rpo.component,
                                 reason=gap[0], monitored=gap[1]))
    for sla in plan.objectives.sla:
        gap = _sla_gap(plan, sla)
        if gap is not None:
            found.append(PlanGap(kind="sla", id=sla.id, label=sla.service,
                                 reason=gap[0], monitored=gap[1]))
    return tuple(found)


def _rto_gap(plan: Plan, rto: RecoveryTimeObjective) -> str | None:
    if not rto.monitored:
        return NOT_MEASURED
    estimates = [step.estimate for phase, step in plan.steps()
                 if not phase.optional and step.objective == rto.id
                 and step.estimate is not None]
    total = sum(estimates, timedelta(0))
    if estimates and total > rto.target:
        return (f"its runbook steps are estimated at {format_span(total)}, longer than "
                f"RTO {format_span(rto.target)}")
    return None


def _rpo_gap(plan: Plan, rpo: RecoveryPointObjective) -> tuple[str, bool] | None:
    if not rpo.monitored:
        return NOT_MEASURED, False
    if rpo.measure is not RpoMeasure.BACKUP_AGE:
        return None
    schedules = [b for b in plan.backups if b.rpo == rpo.id]
    if not schedules:
        return (f'measured by backup age, but no backup schedule names it '
                f'(rpo = "{rpo.id}")'), False
    if any(b.frequency is Frequency.CONTINUOUS for b in schedules):
        return None
    fastest = min(schedules, key=lambda b: b.frequency.interval or timedelta(0))
    every = format_span(fastest.frequency.interval or timedelta(0))
    if rpo.target == timedelta(0):
        return (f"RPO 0m needs a continuous stream; {fastest.id} runs every {every}"), True
    if (fastest.frequency.interval or timedelta(0)) > rpo.target:
        return (f"{fastest.id} runs every {every}, longer than RPO "
                f"{format_span(rpo.target)}"), True
    return None


def _sla_gap(plan: Plan, sla: ServiceLevel) -> tuple[str, bool] | None:
    rtos = [o for o in plan.objectives.rto if o.id in sla.rto]
    rpos = [o for o in plan.objectives.rpo if o.id in sla.rpo]
    own = sla.measure is not None and sla.measure is not SlaMeasure.NONE
    if not own and not any(o.monitored for o in rtos) and not any(o.monitored for o in rpos):
        return "nothing measures it or the rows it is made of", False
    slow = [o for o in rtos if o.target > sla.recovery_time]
    lossy = [o for o in rpos if o.target > sla.data_loss]
    reasons = [f"promises recovery in {format_span(sla.recovery_time)} but RTO {o.id} "
               f"allows {format_span(o.target)}" for o in slow]
    reasons += [f"promises at most {format_span(sla.data_loss)} lost but RPO {o.id} "
                f"allows {format_span(o.target)}" for o in lossy]
    return ("; ".join(reasons), True) if reasons else None
