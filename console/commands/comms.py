"""Headless ``comms send``: fill a template from an incident's journal, show or send it.

The message is built exactly as the TUI builds it (:mod:`console.comms.fill`), without
live verdicts (nothing is polled here: health fields stay blank for the operator). The
journal is opened for writing only to record what was sent, so a console holding the
incident open refuses (follow it, or send from that console).
"""

from __future__ import annotations

from datetime import datetime

from console.commands.incidents import resolve_incident_path
from console.comms.cadence import update_every
from console.comms.channels import Envelope, configured
from console.comms.contacts import contacts
from console.comms.facts import Facts
from console.comms.fill import Draft, fill
from console.comms.secrets import config_secrets, scrub
from console.comms.send import SendRefused, pick, refusal, send
from console.config.settings import Settings
from console.errors import InputError
from console.incident.clocks import compute_clocks
from console.incident.fold import fold
from console.incident.state import IncidentState
from console.journal.read import read_journal
from console.journal.write import Journal
from console.plan.model import Plan
from console.reports.clock import journal_clock


def draft_for(settings: Settings, plan: Plan, state: IncidentState, template_id: str,
              now: datetime) -> Draft:
    template = next((t for t in plan.templates if t.id == template_id), None)
    if template is None:
        known = ", ".join(t.id for t in plan.templates) or "none"
        raise InputError("template", f"unknown template {template_id!r} (known: {known})")
    facts = Facts(plan, state, compute_clocks(plan, state, now),
                  contacts(plan, settings.contacts),
                  update_every=update_every(settings.comms, state.severity))
    return fill(template, facts)


async def send_from_journal(settings: Settings, plan: Plan, incident_id: str, template: str,
                            *, channel: str | None = None, dry_run: bool = False
                            ) -> tuple[str, int]:
    """The text to print and the exit code (0 all sent, 1 refused or failed)."""
    path = resolve_incident_path(settings.journal_dir, incident_id)
    events = read_journal(path).events
    state = fold(plan, events)
    clock = journal_clock(events, settings.drill.speed)  # a drill's: simulated time
    now = clock.now()
    secrets = config_secrets(settings)
    draft = draft_for(settings, plan, state, template, now)
    body = scrub(draft.body, secrets)
    try:
        channels = pick(configured(settings), template, channel)
    except SendRefused as exc:
        return (f"{body}\n-- not sent: {exc}\n" if dry_run else f"not sent: {exc}\n"), \
            0 if dry_run else 1
    names = ", ".join(f"{c.name} ({c.kind})" for c in channels)
    why = refusal(settings.mode, settings.comms)
    if dry_run:
        note = f"; but {why}" if why else ""
        return f"{body}\n-- dry run: would send to {names}{note}\n", 0
    if why is not None:
        return f"not sent: {why}\n", 1
    envelope = Envelope(state.id, state.severity,
                        "resolve" if state.resolved else "trigger")
    with Journal.open(path, clock, settings.operator_name()) as journal:
        outcomes = await send(draft, channels, envelope, mode=settings.mode,
                              comms=configured(settings), record=journal.append,
                              secrets=secrets)
    lines = [f"{o.channel} ({o.kind}): {'sent' if o.ok else 'FAILED'} after "
             f"{o.attempts} attempt(s): {o.detail}" for o in outcomes]
    return "\n".join(lines) + "\n", 0 if all(o.ok for o in outcomes) else 1
