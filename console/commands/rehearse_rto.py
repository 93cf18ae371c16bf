"""The RTO rows of a rehearsal: when the judge saw each restored, and when its steps ended.

Two measures on purpose: the judge's (users served again, the database writable again)
says what users got; the steps' (the drill report's) says when the team could call it
done. A plan whose steps finish long after service returned, or before, shows it here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

from console.commands.rehearse_model import RtoResult
from console.incident.clocks import drill_results
from console.incident.state import IncidentState
from console.judge.verdicts import Verdicts
from console.plan.model import Plan


def rto_results(state: IncidentState, plan: Plan, final: Verdicts, down: Collection[str],
                restored: Mapping[str, datetime]) -> tuple[RtoResult, ...]:
    """One row per RTO objective of ``plan``, measured from the incident's disruption;
    ``down`` the rows the judge saw not met after it, ``restored`` when each was met again."""
    start = state.rto_start
    steps = {r.objective_id: r.achieved for r in drill_results(plan, state)}
    rows = []
    for objective in plan.objectives.rto:
        at = restored.get(objective.id)
        rows.append(RtoResult(
            objective_id=objective.id, label=objective.component, target=objective.target,
            restored_after=None if at is None or start is None else max(at - start, timedelta(0)),
            steps_after=steps.get(objective.id),
            final=final.objective("rto", objective.id), seen_down=objective.id in down))
    return tuple(rows)
