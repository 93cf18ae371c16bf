"""People: the emergency contacts by role, and the stakeholders to keep informed."""

from __future__ import annotations

from console.plan.base import Identifier, PlanModel, Text


class Contact(PlanModel):
    """A role on the response team and who fills it.

    Runbook steps name their owner by ``role`` id, so a plan cannot give a step to a role
    nobody fills.
    """

    role: Identifier
    title: Text
    name: Text
    phone: Text
    secondary_phone: str = ""
    email: str = ""
    backup: str = ""
    """Who stands in when this person cannot be reached."""
    on_call: str = ""


class Stakeholder(PlanModel):
    """A group to notify during an incident, and through which channel."""

    name: Text
    channel: Text
    contact: str = ""
