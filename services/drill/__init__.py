"""The simulated two-site drill environment, behind the same Source interface as reality.

``DrillEnvironment(clock, seed, scenario, plan=...)`` holds the world, built from the
console's description of its loaded plan; ``drill_sources(env)`` gives the poller its ten
sources. See :mod:`services.drill.scenarios` for the scripted drills.
"""

from services.drill.actions import ActionKind, ActionTicket
from services.drill.clock import DrillClock
from services.drill.environment import DrillEnvironment
from services.drill.faults import SOURCE_NAMES
from services.drill.plan import (
    BackupPlanEntry,
    DataKind,
    DrillPlan,
    DrillScenarioInfo,
    DrillTarget,
)
from services.drill.scenarios import SCENARIO_NAMES, SCENARIOS, Scenario, get_scenario
from services.drill.sources import DrillSource, drill_sources

__all__ = [
    "SCENARIOS",
    "SCENARIO_NAMES",
    "SOURCE_NAMES",
    "ActionKind",
    "ActionTicket",
    "BackupPlanEntry",
    "DataKind",
    "DrillClock",
    "DrillEnvironment",
    "DrillPlan",
    "DrillScenarioInfo",
    "DrillSource",
    "DrillTarget",
    "Scenario",
    "drill_sources",
    "get_scenario",
]
