"""Testing and upkeep: test schedule, scenarios, failover tests and maintenance tasks."""

from __future__ import annotations

from pydantic import Field

from console.plan.base import Identifier, PlanModel, Text
from console.plan.classification import Severity


class TestSchedule(PlanModel):
    __test__ = False  # not a pytest test class, despite the name

    test_type: Text
    frequency: Text
    participants: Text
    scope: Text


class TestScenario(PlanModel):
    """A scripted exercise (datacenter failure...) that the drill environment can play."""

    __test__ = False

    id: Identifier
    title: Text
    script: str = ""
    steps: tuple[Text, ...] = Field(min_length=1)
    measures: tuple[Identifier, ...] = ()
    """Objective ids (RTO or RPO) the exercise is measured against."""
    severity: Severity | None = None
    """The severity the exercise is classified at, hence the runbook path it rehearses
    (``plan rehearse``); None: the rehearsal must be told (``--severity``)."""


class FailoverTesting(PlanModel):
    command: Text
    scenarios: tuple[Text, ...]
    validation: tuple[Text, ...]


class MaintenanceTask(PlanModel):
    cadence: Text
    tasks: tuple[Text, ...] = Field(min_length=1)


class Tool(PlanModel):
    """A script from the plan's tools appendix."""

    script: Text
    purpose: Text
    location: Text


class RecoveryCommand(PlanModel):
    """A quick-reference command from the plan's recovery-commands appendix."""

    purpose: Text
    command: Text


class Procedure(PlanModel):
    """A documented procedure that is a command plus numbered steps (plan updates...)."""

    id: Identifier
    title: Text
    command: str = ""
    steps: tuple[Text, ...] = ()
