"""The plan's contacts with the config's real names and numbers, by role.

A plan in git holds placeholder numbers; the config (kept off git) overrides them field
by field. Applied once when the config is loaded, so every screen, message and report
shows the same people; an override naming a role the plan does not have is bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from console.config.models import ContactOverride
from console.errors import InputError
from console.plan.model import Plan


def with_contacts(plan: Plan, overrides: Sequence[ContactOverride], source: Path) -> Plan:
    if not overrides:
        return plan
    roles = {c.role for c in plan.contacts}
    by_role: dict[str, ContactOverride] = {}
    for index, override in enumerate(overrides):
        if override.role not in roles:
            raise InputError(source, f"unknown contact role {override.role!r} in plan "
                             f"{plan.plan.id} (known: {', '.join(sorted(roles))})",
                             field=f"contacts[{index}].role")
        by_role[override.role] = override
    merged = []
    for contact in plan.contacts:
        found = by_role.get(contact.role)
        fields = {} if found is None else {
            k: v for k, v in found.model_dump(exclude={"role"}).items() if v is not None}
        merged.append(contact.model_copy(update=fields) if fields else contact)
    return plan.model_copy(update={"contacts": tuple(merged)})
