"""The simulated two-site drill environment, behind the same Source interface as reality.

``DrillEnvironment(clock, seed, scenario)`` holds the world; ``drill_sources(env)`` gives
the poller its ten sources. See :mod:`services.drill.scenarios` for the scripted drills.
"""

from services.drill.actions import ActionKind, ActionTicket
from services.drill.environment import DrillEnvironment
from services.drill.faults import SOURCE_NAMES
from services.drill.plan import DEFAULT_BACKUP_PLAN, BackupPlanEntry
from services.drill.scenarios import SCENARIO_NAMES, SCENARIOS, Scenario, get_scenario
from services.drill.sources import DrillSource, drill_sources

__all__ = [
    "DEFAULT_BACKUP_PLAN",
    "SCENARIOS",
    "SCENARIO_NAMES",
    "SOURCE_NAMES",
    "ActionKind",
    "ActionTicket",
    "BackupPlanEntry",
    "DrillEnvironment",
    "DrillSource",
    "Scenario",
    "drill_sources",
    "get_scenario",
]
