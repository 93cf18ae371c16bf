"""The runbook's send-notification action: the plan's template filled from the incident
and sent through the configured channels, exactly as the comms screen sends it.

Before, the action posted the template's id (``{"text": "incident-notification"}``); now
the message says what the journal and the judge know (incident id, severity, start, actions,
ETA, next update), blanks left visible for what only a person can write. Same rules as
every message: timeout, retries with backoff, answers sanitised, secrets scrubbed, and the
journal gets ``CommsDrafted`` then ``CommsSent``/``CommsFailed`` per channel beside the
action's own events. A drill sends nothing unless ``comms.send_in_drill`` (the drill's
operations simulate it instead); a read-only console is refused before this is reached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from console.actions.model import ActionError
from console.config.settings import Settings
from console.judge.verdicts import Verdicts
from console.plan.model import Plan

if TYPE_CHECKING:
    from console.comms.desk import CommsDesk
    from console.incident.session import IncidentSession


class StepNotifier:
    """The :data:`console.incident.context.StepNotifier` the runtime gives every session."""

    def __init__(self, settings: Settings, plan: Plan,
                 verdicts: Callable[[], Verdicts | None]) -> None:
        self._settings = settings
        self._plan = plan
        self._verdicts = verdicts
        self._desk: CommsDesk | None = None

    @property
    def desk(self) -> CommsDesk:
        """Built at the first notification: start-up pays nothing for it."""
        if self._desk is None:
            from console.comms.desk import CommsDesk

            self._desk = CommsDesk(self._settings, self._plan)
        return self._desk

    async def __call__(self, session: IncidentSession, template: str,
                      message: str) -> str | None:
        """Where the filled message went; None when a drill sends nothing; ActionError
        when a channel failed (the others were still tried) or none takes it."""
        from console.comms.fill import with_message
        from console.comms.send import SendRefused

        desk = self.desk
        if desk.why_not() is not None:
            return None
        draft = desk.draft(session, self._verdicts(), template)
        if draft is None:
            raise ActionError(f"{template}: no such template in the plan")
        draft = with_message(draft, message)
        try:
            outcomes = await desk.send(session, draft)
        except SendRefused as exc:
            raise ActionError(f"{draft.title} not sent: {exc}") from None
        sent = [f"{o.channel} ({o.kind})" for o in outcomes if o.ok]
        failed = [f"{o.channel} ({o.kind}): {o.detail}" for o in outcomes if not o.ok]
        blanks = (f"; left for a person: {', '.join(b.replace('_', ' ') for b in draft.blanks)}"
                  if draft.blanks else "")
        if failed:
            raise ActionError(f"{draft.title} FAILED for " + "; ".join(failed)
                              + (f"; sent to {', '.join(sent)}" if sent else ""))
        return f"{draft.title} sent to {', '.join(sent)}{blanks}"
