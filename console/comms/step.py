"""The runbook's send-notification action: the plan's template filled from the incident
and sent through the configured channels, exactly as the comms screen sends it.

Before, the action posted the template's id (``{"text": "incident-notification"}``); now
the message says what the journal and the judge know (incident id, severity, start, actions,
ETA, next update). Same rules as every message (:mod:`console.comms.sendable`): a message
with ``[TO FILL: ...]`` blanks is not sent, the step fails naming them and sends the
operator to the comms screen (``m``) to write and send it; a channel that already got the
template since the step started is not sent to again (so running the step again after
``m`` sent it, or after one channel failed, completes it without a second message).
Timeout, retries with backoff, answers sanitised, secrets scrubbed, and the journal gets
``CommsDrafted`` then ``CommsSent``/``CommsFailed`` per channel beside the action's own
events. A drill sends nothing unless ``comms.send_in_drill`` (the drill's operations
simulate it instead); a read-only console is refused before this is reached.
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
        from console.comms.sendable import BlanksLeft, not_again

        desk = self.desk
        if desk.why_not() is not None:
            return None
        draft = desk.draft(session, self._verdicts(), template)
        if draft is None:
            raise ActionError(f"{template}: no such template in the plan")
        draft = with_message(draft, message)
        try:
            outcomes = await desk.send(session, draft, since=_step_start(session))
        except BlanksLeft as exc:
            it = "it" if len(exc.blanks) == 1 else "them"
            raise ActionError(f"{exc}: fill {it} on the comms screen (m) and send it there, "
                              "then run this step again (a)") from None
        except SendRefused as exc:
            raise ActionError(f"{draft.title} not sent: {exc}") from None
        sent = [f"{o.channel} ({o.kind})" for o in outcomes if o.ok and o.earlier is None]
        failed = [f"{o.channel} ({o.kind}): {o.detail}" for o in outcomes if not o.ok]
        earlier = not_again({o.channel: o.earlier for o in outcomes if o.earlier})
        parts = [f"sent to {', '.join(sent)}"] if sent else []
        parts += [earlier] if earlier else []
        if failed:
            raise ActionError(f"{draft.title} FAILED for " + "; ".join(failed)
                              + "".join(f"; {p}" for p in parts))
        return f"{draft.title} " + "; ".join(parts)


def _step_start(session: IncidentSession) -> int:
    """Where the running step's message begins in the journal: its ``StepStarted`` (the
    whole incident if it has none): what was sent before it belongs to another message."""
    from console.journal.events import StepStarted

    step = session.running_action
    events = session.events
    return next((i for i, e in enumerate(events)
                 if isinstance(e, StepStarted) and e.step == step), 0)
