"""``plan check`` and ``plan show``: the plan in a terminal, for a jump host without the TUI.

Each section renders the plan's own tables, so an operator can read the RTOs, contacts or
the runbook with nothing but ``recovery-console plan show --section contacts``.
"""

from __future__ import annotations

from collections.abc import Callable

from console.commands.texttable import render_table
from console.plan.durations import format_duration
from console.plan.model import Plan
from console.plan.objectives import ServiceLevel

dur = format_duration


def objectives(plan: Plan) -> list[str]:
    o = plan.objectives
    return [
        render_table("RTO (Recovery Time Objective)",
                     ["id", "component", "RTO", "measure", "description"],
                     [(r.id, r.component, dur(r.target), "+".join(r.measure), r.description)
                      for r in o.rto]),
        render_table("RPO (Recovery Point Objective)",
                     ["id", "component", "RPO", "measure", "description"],
                     [(r.id, r.component, dur(r.target), r.measure, r.description)
                      for r in o.rpo]),
        render_table("SLA (Service Level Agreement)",
                     ["id", "service", "availability", "recovery time", "data loss",
                      "measured by"],
                     [(s.id, s.service, f"{s.availability_pct}%", dur(s.recovery_time),
                       dur(s.data_loss), _made_of(s)) for s in o.sla]),
    ]


def _made_of(sla: ServiceLevel) -> str:
    parts = [f"RTO {i}" for i in sla.rto] + [f"RPO {i}" for i in sla.rpo]
    return ", ".join(parts + ([sla.measure.value] if sla.measure else []))


def risks(plan: Plan) -> list[str]:
    return [
        render_table("Threat categories", ["threat", "likelihood", "impact", "mitigation"],
                     [(t.name, t.likelihood, t.impact, t.mitigation) for t in plan.threats]),
        render_table("Risk matrix", ["impact", "likelihood", "threats", "strategy", "measure"],
                     [(q.impact, q.likelihood, q.threats, q.strategy, q.measure)
                      for q in plan.risk_matrix]),
        render_table("Critical dependencies",
                     ["dependency", "critical", "recovery time", "backup strategy"],
                     [(d.name, d.critical, dur(d.recovery_time), d.backup_strategy)
                      for d in plan.dependencies]),
    ]


def backups(plan: Plan) -> list[str]:
    return [
        render_table("Backup targets", ["id", "store", "region", "description"],
                     [(t.id, t.store, t.region, t.description) for t in plan.backup_targets]),
        render_table("Backup types and schedules",
                     ["id", "component", "type", "frequency", "retention", "window", "targets"],
                     [(b.id, b.component, b.backup_type, b.frequency,
                       dur(b.retention) if b.retention is not None else "N/A",
                       b.window or "N/A", b.targets) for b in plan.backups]),
        render_table("Backup verification", ["cadence", "routine", "command"],
                     [(v.cadence, v.title, v.command) for v in plan.backup_verification]),
    ]


def contacts(plan: Plan) -> list[str]:
    return [
        render_table("Emergency contacts",
                     ["role", "name", "phone", "secondary", "email", "backup", "on-call"],
                     [(c.title, c.name, c.phone, c.secondary_phone, c.email, c.backup, c.on_call)
                      for c in plan.contacts]),
        render_table("Stakeholders", ["stakeholder", "channel", "contact"],
                     [(s.name, s.channel, s.contact) for s in plan.stakeholders]),
    ]


def classification(plan: Plan) -> list[str]:
    return [render_table("Incident classification",
                         ["severity", "label", "response", "follow-up", "phases opened"],
                         [(c.severity, c.label, c.response, c.follow_up, c.phases)
                          for c in plan.classification])]


def runbook(plan: Plan) -> list[str]:
    tables = []
    for phase in plan.runbook.phases:
        title = f"Phase {phase.id}: {phase.title}" + (" (on demand)" if phase.optional else "")
        tables.append(render_table(title, ["step", "title", "owner", "action", "check", "RTO"],
                                   [(s.id, s.title, s.owner, s.action.kind if s.action else None,
                                     s.check.kind if s.check else None, s.objective)
                                    for s in phase.steps]))
    for checklist in plan.runbook.checklists:
        tables.append(render_table(f"Checklist: {checklist.title}", ["item"],
                                   [(item,) for item in checklist.items]))
    return tables


def comms(plan: Plan) -> list[str]:
    return [render_table("Communication templates", ["id", "title", "audience", "placeholders"],
                         [(t.id, t.title, t.audience, t.placeholders()) for t in plan.templates])]


def testing(plan: Plan) -> list[str]:
    tables = [
        render_table("Testing schedule", ["test type", "frequency", "participants", "scope"],
                     [(t.test_type, t.frequency, t.participants, t.scope)
                      for t in plan.test_schedule]),
        render_table("Test scenarios", ["id", "title", "steps", "measured against"],
                     [(s.id, s.title, len(s.steps), s.measures) for s in plan.scenarios]),
        render_table("Maintenance", ["cadence", "tasks"],
                     [(m.cadence, m.tasks) for m in plan.maintenance]),
    ]
    if plan.failover_testing is not None:
        ft = plan.failover_testing
        tables.append(render_table("Failover testing", ["command", "scenarios", "validation"],
                                   [(ft.command, ft.scenarios, ft.validation)]))
    return tables


def tools(plan: Plan) -> list[str]:
    return [
        render_table("Tools and scripts", ["script", "purpose", "location"],
                     [(t.script, t.purpose, t.location) for t in plan.tools]),
        render_table("Recovery commands", ["purpose", "command"],
                     [(c.purpose, c.command) for c in plan.recovery_commands]),
        render_table("Procedures", ["id", "title", "command", "steps"],
                     [(p.id, p.title, p.command, len(p.steps)) for p in plan.procedures]),
    ]


SECTIONS: dict[str, Callable[[Plan], list[str]]] = {
    "objectives": objectives,
    "risks": risks,
    "backups": backups,
    "contacts": contacts,
    "classification": classification,
    "runbook": runbook,
    "comms": comms,
    "testing": testing,
    "tools": tools,
}
"""Section name -> renderer, in the order ``plan show`` prints them."""


def render_plan(plan: Plan, section: str | None = None) -> str:
    """Every table of the plan (or of one section), separated by blank lines."""
    names = [section] if section else list(SECTIONS)
    header = f"{plan.plan.title} (plan {plan.plan.id}, version {plan.plan.version})\n"
    return "\n".join([header, *(t for name in names for t in SECTIONS[name](plan))])


def summarize(plan: Plan) -> str:
    """The one-paragraph count that ``plan check`` prints after a successful load, then
    one warning per plan gap (the plan still loads: a gap is a flaw, not an error)."""
    steps = [step for _, step in plan.steps()]
    o = plan.objectives
    lines = [
        f"plan {plan.plan.id} {plan.plan.version}: OK",
        f"  objectives:   {len(o.rto)} RTO, {len(o.rpo)} RPO, {len(o.sla)} SLA",
        f"  risks:        {len(plan.threats)} threats, {len(plan.dependencies)} dependencies",
        f"  backups:      {len(plan.backups)} schedules to {len(plan.backup_targets)} targets",
        f"  contacts:     {len(plan.contacts)} roles, {len(plan.stakeholders)} stakeholders",
        f"  severities:   {', '.join(c.severity for c in plan.classification)}",
        f"  runbook:      {len(plan.runbook.phases)} phases, {len(steps)} steps "
        f"({sum(s.action is not None for s in steps)} with actions, "
        f"{sum(s.check is not None for s in steps)} with checks), "
        f"{len(plan.runbook.checklists)} checklists",
        f"  comms:        {len(plan.templates)} templates",
        f"  testing:      {len(plan.scenarios)} scenarios",
    ]
    from console.judge.gaps import plan_gaps  # only ``plan check`` judges: ``plan show`` reads

    gaps = plan_gaps(plan)
    if gaps:
        lines.append(f"{len(gaps)} plan gap{'s' if len(gaps) > 1 else ''} "
                     "(warnings; `status` shows them as GAP or NOT MONITORED):")
        lines += [f"  warning: {gap.describe()}" for gap in gaps]
    return "\n".join(lines) + "\n"
