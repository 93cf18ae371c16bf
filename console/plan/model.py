"""The whole plan, and the cross-references that make it coherent.

Field-level rules live with each model; this module checks what only the whole plan can:
step ids unique, owners that are real roles, objectives that exist (steps, SLA rows and
scenarios name them), classifications that open real phases, backup schedules that name
real targets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, model_validator

from console.errors import FieldError
from console.plan.backups import BackupSchedule, BackupTarget, VerificationRoutine
from console.plan.base import Identifier, PlanModel, Text
from console.plan.classification import Classification
from console.plan.comms import CommsTemplate
from console.plan.contacts import Contact, Stakeholder
from console.plan.objectives import Objectives
from console.plan.plays import Play
from console.plan.risks import Dependency, RiskQuadrant, Threat
from console.plan.runbook import Phase, Runbook, Step
from console.plan.testing import (
    FailoverTesting,
    MaintenanceTask,
    Procedure,
    RecoveryCommand,
    TestScenario,
    TestSchedule,
    Tool,
)


class PlanInfo(PlanModel):
    id: Identifier
    title: Text
    version: Text
    updated: str = ""
    scope: tuple[Text, ...] = ()
    assumptions: tuple[Text, ...] = ()


class Plan(PlanModel):
    """A disaster-recovery plan as data: what the console measures, shows and runs."""

    plan: PlanInfo
    objectives: Objectives
    threats: tuple[Threat, ...] = ()
    risk_matrix: tuple[RiskQuadrant, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    backup_targets: tuple[BackupTarget, ...] = ()
    backups: tuple[BackupSchedule, ...] = ()
    backup_verification: tuple[VerificationRoutine, ...] = ()
    contacts: tuple[Contact, ...] = Field(min_length=1)
    stakeholders: tuple[Stakeholder, ...] = ()
    classification: tuple[Classification, ...] = Field(min_length=1)
    runbook: Runbook
    templates: tuple[CommsTemplate, ...] = ()
    test_schedule: tuple[TestSchedule, ...] = ()
    scenarios: tuple[TestScenario, ...] = ()
    failover_testing: FailoverTesting | None = None
    maintenance: tuple[MaintenanceTask, ...] = ()
    procedures: tuple[Procedure, ...] = ()
    tools: tuple[Tool, ...] = ()
    recovery_commands: tuple[RecoveryCommand, ...] = ()
    plays: tuple[Play, ...] = ()
    """Failover and rollback as ordered runs of runbook steps (:mod:`console.plan.plays`)."""

    def steps(self) -> Iterator[tuple[Phase, Step]]:
        """Every step of the runbook with the phase it belongs to, in plan order."""
        for phase in self.runbook.phases:
            for step in phase.steps:
                yield phase, step

    def play(self, play_id: str) -> Play:
        """The play with that id; KeyError if the plan has none."""
        for play in self.plays:
            if play.id == play_id:
                return play
        raise KeyError(play_id)

    def phase(self, phase_id: str) -> Phase:
        """The phase with that id; KeyError if the plan has none."""
        for phase in self.runbook.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    @model_validator(mode="after")
    def _cross_references(self) -> Plan:
        _check_unique("runbook.phases", "id", [p.id for p in self.runbook.phases])
        _check_unique("objectives.rto", "id", [o.id for o in self.objectives.rto])
        _check_unique("objectives.rpo", "id", [o.id for o in self.objectives.rpo])
        _check_unique("contacts", "role", [c.role for c in self.contacts])
        _check_unique("backup_targets", "id", [t.id for t in self.backup_targets])
        _check_unique("backups", "id", [b.id for b in self.backups])
        _check_unique("templates", "id", [t.id for t in self.templates])
        _check_unique("classification", "severity", [c.severity for c in self.classification])
        _check_unique("plays", "id", [p.id for p in self.plays])
        self._check_steps()
        self._check_references()
        self._check_plays()
        return self

    def _check_plays(self) -> None:
        steps = {step.id: step for _, step in self.steps()}
        for i, play in enumerate(self.plays):
            for j, step_id in enumerate(play.steps):
                _must_know(f"plays[{i}].steps[{j}]", step_id, set(steps), "runbook step")
                step = steps[step_id]
                if step.action is None and step.check is None:
                    raise FieldError(f"plays[{i}].steps[{j}]", f"step {step_id!r} has no "
                                     "action and no check: a play cannot run it")

    def _check_steps(self) -> None:
        roles = {c.role for c in self.contacts}
        rto_ids = {o.id for o in self.objectives.rto}
        seen: dict[str, str] = {}
        for p_index, phase in enumerate(self.runbook.phases):
            for s_index, step in enumerate(phase.steps):
                where = f"runbook.phases[{p_index}].steps[{s_index}]"
                if step.id in seen:
                    raise FieldError(
                        f"{where}.id", f"duplicate step id {step.id!r} (also in {seen[step.id]})"
                    )
                seen[step.id] = where
                _must_know(f"{where}.owner", step.owner, roles, "contact role")
                if step.objective is not None:
                    _must_know(f"{where}.objective", step.objective, rto_ids, "RTO objective")
                self._check_step_refs(where, step)

    def _check_step_refs(self, where: str, step: Step) -> None:
        backups = {b.id for b in self.backups}
        action: Any = step.action
        if action is not None and action.kind == "send-notification":
            _must_know(f"{where}.action.template", action.template, self._template_ids(),
                       "template")
        if action is not None and action.kind == "verify-backups":
            for component in action.components:
                _must_know(f"{where}.action.components", component, backups, "backup schedule")
        if action is not None and action.kind in ("restore-postgres", "restore-redis"):
            self._check_restore(f"{where}.action", action.component, action.store)
        if step.check is not None and step.check.kind == "backup-age":
            _must_know(f"{where}.check.component", step.check.component, backups,
                       "backup schedule")

    def _check_restore(self, where: str, component: str, store: str) -> None:
        """A restore names a backup schedule, and a store that schedule writes to."""
        schedules = {b.id: b for b in self.backups}
        _must_know(f"{where}.component", component, set(schedules), "backup schedule")
        _must_know(f"{where}.store", store, set(schedules[component].targets),
                   f"backup target of {component}")

    def _template_ids(self) -> set[str]:
        return {t.id for t in self.templates}

    def _check_references(self) -> None:
        phases = {p.id for p in self.runbook.phases}
        targets = {t.id for t in self.backup_targets}
        rpo_ids = {o.id for o in self.objectives.rpo}
        objective_ids = rpo_ids | {o.id for o in self.objectives.rto}
        for i, level in enumerate(self.classification):
            for phase_id in level.phases:
                _must_know(f"classification[{i}].phases", phase_id, phases, "phase")
        for i, schedule in enumerate(self.backups):
            for target in schedule.targets:
                _must_know(f"backups[{i}].targets", target, targets, "backup target")
            if schedule.rpo is not None:
                _must_know(f"backups[{i}].rpo", schedule.rpo, rpo_ids, "RPO objective")
        rto_ids = {o.id for o in self.objectives.rto}
        for i, sla in enumerate(self.objectives.sla):
            for rto_id in sla.rto:
                _must_know(f"objectives.sla[{i}].rto", rto_id, rto_ids, "RTO objective")
            for rpo_id in sla.rpo:
                _must_know(f"objectives.sla[{i}].rpo", rpo_id, rpo_ids, "RPO objective")
        for i, scenario in enumerate(self.scenarios):
            for objective in scenario.measures:
                _must_know(f"scenarios[{i}].measures", objective, objective_ids, "objective")


def _must_know(location: str, value: str, known: set[str], what: str) -> None:
    if value not in known:
        choices = ", ".join(sorted(known)) or "none defined"
        raise FieldError(location, f"unknown {what} {value!r} (known: {choices})")


def _check_unique(location: str, key: str, values: list[Any]) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise FieldError(f"{location}[{index}].{key}", f"duplicate {key} {value!r}")
        seen.add(value)
