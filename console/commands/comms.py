"""Headless ``comms send``: fill a template from an incident's journal, show or send it.

The message is built exactly as the TUI builds it (:mod:`console.comms.fill`), without
live verdicts (nothing is polled here: health fields stay blank for the operator). The
journal is opened for writing only to record what was sent, so a console holding the
incident open refuses (follow it, or send from that console).

What only a person can write is given with ``--fill FIELD=TEXT``: a message with blanks
left is refused, naming them, by the same rule the comms screen and the runbook's step
follow (:mod:`console.comms.sendable`). Sending again is explicit: a channel whose
``CommsSent`` for this template is already in the journal is skipped (and named, with
the time) unless ``--again``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from console.commands.incidents import resolve_incident_path
from console.comms.cadence import update_every
from console.comms.channels import Envelope, configured
from console.comms.contacts import contacts
from console.comms.facts import Facts
from console.comms.fill import Draft, fields_of, fill
from console.comms.secrets import config_secrets, scrub
from console.comms.send import SendRefused, pick, refusal, send
from console.comms.sendable import BlanksLeft, already_sent, blanks_in, not_again
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
              now: datetime, given: Mapping[str, str] | None = None) -> Draft:
    """The template filled from the incident and ``given`` (field -> text; InputError
    for a field the template does not have)."""
    template = next((t for t in plan.templates if t.id == template_id), None)
    if template is None:
        known = ", ".join(t.id for t in plan.templates) or "none"
        raise InputError("template", f"unknown template {template_id!r} (known: {known})")
    given = {name.strip().replace(" ", "_"): text for name, text in (given or {}).items()}
    unknown = [name for name in given if name not in fields_of(template)]
    if unknown:
        raise InputError("--fill", f"{template_id} has no field {unknown[0]!r} "
                         f"(its fields: {', '.join(fields_of(template))})")
    facts = Facts(plan, state, compute_clocks(plan, state, now),
                  contacts(plan, settings.contacts),
                  update_every=update_every(settings.comms, state.severity))
    return fill(template, facts, given)


def _fills_hint(blanks: tuple[str, ...]) -> str:
    return " ".join(f"--fill {b.replace(' ', '_')}=TEXT" for b in blanks)


async def send_from_journal(settings: Settings, plan: Plan, incident_id: str, template: str,
                            *, channel: str | None = None, dry_run: bool = False,
                            given: Mapping[str, str] | None = None, again: bool = False
                            ) -> tuple[str, int]:
    """The text to print and the exit code (0 all sent or sent before, 1 refused or
    failed)."""
    path = resolve_incident_path(settings.journal_dir, incident_id)
    events = read_journal(path).events
    state = fold(plan, events)
    clock = journal_clock(events, settings.drill.speed)  # a drill's: simulated time
    now = clock.now()
    secrets = config_secrets(settings)
    draft = draft_for(settings, plan, state, template, now, given)
    body = scrub(draft.body, secrets)
    earlier = already_sent(events, template, None if again else 0)
    try:
        channels = pick(configured(settings), template, channel)
    except SendRefused as exc:
        return (f"{body}\n-- not sent: {exc}\n" if dry_run else f"not sent: {exc}\n"), \
            0 if dry_run else 1
    names = ", ".join(f"{c.name} ({c.kind})" for c in channels if c.name not in earlier)
    why = refusal(settings.mode, settings.comms)
    blanks = blanks_in(body)
    if dry_run:
        notes = [why] if why else []
        notes += [f"{len(blanks)} blank(s) to fill: {_fills_hint(blanks)}"] if blanks else []
        notes += [not_again(earlier) + " (--again sends it again)"] if earlier else []
        where = f"would send to {names}" if names else "would send to no channel"
        return f"{body}\n-- dry run: {where}" + "".join(f"; but {n}" for n in notes) + "\n", 0
    if why is not None:
        return f"not sent: {why}\n", 1
    envelope = Envelope(state.id, state.severity,
                        "resolve" if state.resolved else "trigger")
    try:
        with Journal.open(path, clock, settings.operator_name()) as journal:
            outcomes = await send(draft, channels, envelope, mode=settings.mode,
                                  comms=configured(settings), record=journal.append,
                                  secrets=secrets, earlier=earlier)
    except BlanksLeft as exc:
        return f"{exc}: give {'it' if len(exc.blanks) == 1 else 'them'} with " \
            f"{_fills_hint(exc.blanks)}\n", 1
    lines = [f"{o.channel} ({o.kind}): " + (
        f"already sent at {o.earlier:%H:%M} UTC, not sent again (--again sends it again)"
        if o.earlier else f"{'sent' if o.ok else 'FAILED'} after {o.attempts} attempt(s): "
        f"{o.detail}") for o in outcomes]
    return "\n".join(lines) + "\n", 0 if all(o.ok for o in outcomes) else 1
