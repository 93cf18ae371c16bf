"""The console's comms desk: drafts from the open incident, sending them (journaled
through the session), PagerDuty following the incident, and the next update due.

One object the TUI holds, so the comms screen, the banner and the app's pager hook use
the same settings, contacts and secrets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta

from console.comms.cadence import due_in, update_due, update_every
from console.comms.channels import Envelope, configured
from console.comms.contacts import contacts
from console.comms.facts import Facts
from console.comms.fill import Draft, drafts, fill, with_message
from console.comms.pager import TEMPLATES, pages_due
from console.comms.secrets import config_secrets, scrub
from console.comms.send import Outcome, SendRefused, pick, refusal, send
from console.comms.sendable import already_sent
from console.config.settings import Settings
from console.incident.session import IncidentSession
from console.journal.events import Event
from console.judge.verdicts import Verdicts
from console.plan.actions import SendNotification
from console.plan.contacts import Contact
from console.plan.model import Plan

__all__ = ["CommsDesk", "SendRefused"]


class CommsDesk:
    def __init__(self, settings: Settings, plan: Plan) -> None:
        self.settings = settings
        self.plan = plan
        self.people: tuple[Contact, ...] = contacts(plan, settings.contacts)
        self.secrets = config_secrets(settings)
        self.comms = configured(settings)
        """The channels (the older ``[[webhooks]]`` among them), timeouts and cadence."""
        self._paging: set[tuple[str, str]] = set()

    def facts(self, session: IncidentSession, verdicts: Verdicts | None,
              now: datetime | None = None) -> Facts:
        state = session.state
        return Facts(self.plan, state, session.clocks(now), self.people, verdicts,
                     update_every(self.comms, state.severity))

    def drafts(self, session: IncidentSession, verdicts: Verdicts | None) -> tuple[Draft, ...]:
        """One per template; a runbook step that ran and is waiting for its message (its
        blanks refused it) puts its own line under the heading, as it would have sent it."""
        lines = self.waiting_lines(session)
        return tuple(dataclasses.replace(d, body=scrub(
            with_message(d, lines.get(d.template, "")).body, self.secrets))
            for d in drafts(self.facts(session, verdicts)))

    def waiting_lines(self, session: IncidentSession) -> dict[str, str]:
        """Template -> the line of a step with a send-notification action that has run
        and is not finished (the step sends that template with that line)."""
        lines: dict[str, str] = {}
        for _phase, step in self.plan.steps():
            action = step.action
            if not isinstance(action, SendNotification) or not action.message:
                continue
            state = session.state.step(step.id)
            if state is not None and state.actions and not state.finished:
                lines[action.template] = action.message
        return lines

    def draft(self, session: IncidentSession, verdicts: Verdicts | None,
              template: str) -> Draft | None:
        """The plan's ``template`` filled from the incident (scrubbed); None if unknown."""
        found = next((t for t in self.plan.templates if t.id == template), None)
        if found is None:
            return None
        draft = fill(found, self.facts(session, verdicts))
        return dataclasses.replace(draft, body=scrub(draft.body, self.secrets))

    def why_not(self) -> str | None:
        """Why nothing can be sent from this console now (mode), or None."""
        return refusal(self.settings.mode, self.comms)

    def channels_for(self, template: str) -> tuple[str, ...]:
        """The channels ``template`` goes to (none: nothing configured takes it)."""
        try:
            return tuple(c.name for c in pick(self.comms, template))
        except SendRefused:
            return ()

    async def send(self, session: IncidentSession, draft: Draft,
                   channel: str | None = None, *, since: int | None = 0) -> list[Outcome]:
        """Send the (edited) draft; SendRefused (BlanksLeft among them) before anything
        leaves. A channel the journal shows got this template among ``events[since:]``
        is not sent to again (None: send to every one)."""
        if session.read_only:
            raise SendRefused("read-only console: nothing is sent")
        state = session.state
        chosen = pick(self.comms, draft.template, channel)
        chosen = tuple(c for c in chosen if c.kind != "pagerduty") or chosen
        envelope = Envelope(state.id, state.severity,
                            "resolve" if state.resolved else "trigger")
        return await send(draft, chosen, envelope, mode=self.settings.mode,
                          comms=self.comms, record=session.record, secrets=self.secrets,
                          earlier=already_sent(session.events, draft.template, since))

    def pages_due(self, session: IncidentSession) -> bool:
        """PagerDuty events are due and none is in flight (cheap: from the journal)."""
        if self._paging or session.read_only or self.why_not() is not None:
            return False
        return bool(session.state.id and pages_due(session.events, self.comms))

    async def follow_pager(self, session: IncidentSession,
                           verdicts: Verdicts | None) -> list[Outcome]:
        """Send the PagerDuty events the journal calls for (each once, one at a time)."""
        if not self.pages_due(session):
            return []
        outcomes: list[Outcome] = []
        for channel, action in pages_due(session.events, self.comms):
            key = (channel.name, action)
            self._paging.add(key)
            try:
                base = next((d for d in self.drafts(session, verdicts)
                             if d.template == "incident-notification"), None)
                body = base.body if base else session.state.title
                page = Draft(TEMPLATES[action], f"PagerDuty {action}", body, ())
                state = session.state
                outcomes += await send(page, (channel,), Envelope(state.id, state.severity,
                                                                   action),
                                       mode=self.settings.mode, comms=self.comms,
                                       record=session.record, secrets=self.secrets,
                                       blanks_allowed=True)
            finally:
                self._paging.discard(key)
        return outcomes

    @staticmethod
    def update_due_in(events: Sequence[Event], now: datetime) -> timedelta | None:
        """Time left until the update the last sent message promised (negative: overdue)."""
        return due_in(update_due(events), now)
