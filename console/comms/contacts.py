"""Who to call: the plan's contacts with the config's real numbers, and the escalation.

A plan in git holds placeholder numbers; the config (kept off git) overrides them by role,
field by field. Escalation follows the plan's flow (PagerDuty -> Incident Commander ->
the team the severity needs): P1/P2 assemble the whole response team, lower severities
call the step's owner and the Incident Commander only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from console.config.contacts import with_contacts
from console.config.models import ContactOverride
from console.plan.contacts import Contact
from console.plan.model import Plan

COMMANDER = "incident-commander"
WHOLE_TEAM = frozenset({"activate-dr-plan"})
"""Classification responses that assemble every role of the plan."""


def contacts(plan: Plan, overrides: Sequence[ContactOverride] = ()) -> tuple[Contact, ...]:
    """The plan's contacts, each with the config's non-empty fields for its role (the
    loaded plan already has them: :func:`console.config.contacts.with_contacts`)."""
    return with_contacts(plan, overrides, Path("config")).contacts


def by_role(people: Sequence[Contact], role: str) -> Contact | None:
    return next((c for c in people if c.role == role), None)


@dataclass(frozen=True, slots=True)
class Call:
    """One person to call now, and why."""

    contact: Contact
    why: str


def who_to_call(plan: Plan, people: Sequence[Contact], severity: str | None,
                step_owner: str | None) -> tuple[Call, ...]:
    """The calls for this severity and step: the step's owner first, then the Incident
    Commander, then (when the severity activates the DR plan) the rest of the team."""
    calls: list[Call] = []
    seen: set[str] = set()

    def add(role: str, why: str) -> None:
        contact = by_role(people, role)
        if contact is not None and role not in seen:
            seen.add(role)
            calls.append(Call(contact, why))

    if step_owner:
        add(step_owner, "owns the current step")
    add(COMMANDER, "leads the incident")
    level = next((c for c in plan.classification if c.severity == severity), None)
    if level is not None and level.response in WHOLE_TEAM:
        for contact in people:
            add(contact.role, f"{severity} assembles the team")  # short: 80 columns
    return tuple(calls)


def phone_line(contact: Contact) -> str:
    """``Bob Johnson +1-555-0105`` (the secondary number too, when there is one)."""
    phones = contact.phone + (f" / {contact.secondary_phone}" if contact.secondary_phone else "")
    return f"{contact.name} {phones}"
