"""Running the plan's actions: gates, confirmation, journal, call, journal (DESIGN.md 5).

:class:`ActionRunner` is the only way the console changes anything; :func:`evaluate_check`
judges a step's check and :func:`evaluate_gates` what stands in an action's way, both from
live readings and never green on stale data.
"""

from console.actions.backups import backup_max_ages
from console.actions.checks import CheckResult, evaluate_check
from console.actions.gates import evaluate_gates
from console.actions.model import (
    ActionError,
    ActionOutcome,
    ActionRefused,
    Confirmation,
    Gate,
    GateLevel,
    OutcomeStatus,
    PlannedAction,
)
from console.actions.runner import ActionRunner
from console.backends.drill_ops import DrillOperations

__all__ = [
    "ActionError",
    "ActionOutcome",
    "ActionRefused",
    "ActionRunner",
    "CheckResult",
    "Confirmation",
    "DrillOperations",
    "Gate",
    "GateLevel",
    "OutcomeStatus",
    "PlannedAction",
    "backup_max_ages",
    "evaluate_check",
    "evaluate_gates",
]
