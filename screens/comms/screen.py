"""Key ``m``: one draft per message template, filled from the incident; edit, copy, send.

The list on the left names each template with where it goes and whether it was sent;
the editor on the right holds the draft (``[TO FILL: ...]`` marks what only a person can
write). ``ctrl+s`` sends through the configured channels in a worker, so a channel that
hangs never freezes the screen; ``ctrl+y`` copies the draft (OSC 52, works over SSH);
``ctrl+r`` fills it again from the journal; ``escape`` leaves the editor.

Whether the text may go is :mod:`console.comms.sendable`'s call, as for the runbook's
step and ``comms send``: no blanks left, and a channel that got this template since the
draft was filled is not sent to again (ctrl+s twice is one message; ``ctrl+r`` fills a
new one, which may go to every channel again).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Header, OptionList, Static, TextArea

from console.comms.desk import CommsDesk, SendRefused
from console.comms.fill import Draft
from console.comms.sendable import BlanksLeft, blanks_in, check_sendable, not_again
from console.incident.session import IncidentSession, JournalUnavailable, SessionRefused
from console.journal.events import CommsFailed, CommsSent
from console.judge.verdicts import Verdicts
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.key_bar import KeyBar
from screens.widgets.mode_banner import ModeBanner

NO_INCIDENT = "No incident: declare one (i) to draft its messages."


class CommsScreen(FastResumeScreen):
    DEFAULT_CSS = """
    CommsScreen #templates { width: 40; }
    CommsScreen #draft { width: 1fr; }
    CommsScreen #comms-status { height: auto; padding: 0 1; background: $panel; }
    CommsScreen.-narrow #comms-body { layout: vertical; }
    CommsScreen.-narrow #templates { width: 1fr; height: auto; max-height: 6; }
    CommsScreen.-narrow #draft { height: 1fr; }
    """
    WIDE = 120
    """Below this width the list sits above the draft, which then gets every column."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "Send", id="comms-send",
                tooltip="Send the draft through its configured channels (journaled)"),
        Binding("ctrl+y", "copy", "Copy", id="comms-copy",
                tooltip="Copy the draft to the clipboard (OSC 52)"),
        Binding("ctrl+r", "redraft", "Refill", id="comms-refill",
                tooltip="Fill the draft again from the journal (edits are lost)"),
        Binding("escape", "leave_editor", "List", show=False),
    ]

    def __init__(self, desk: CommsDesk, banner: ModeBanner) -> None:
        super().__init__()
        self.desk = desk
        self.banner = banner
        self.session: IncidentSession | None = None
        self.verdicts: Verdicts | None = None
        self._drafts: dict[str, Draft] = {}
        self._edited: dict[str, str] = {}
        self._said: dict[str, str] = {}
        """Per template, how its last send went (shown until the drafts are filled again)."""
        self._since = 0
        """The journal's length when the drafts were filled: where their messages begin."""
        self._current: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.banner
        with Horizontal(id="comms-body"):
            yield OptionList(id="templates")
            yield TextArea(id="draft", soft_wrap=True)
        yield Static(id="comms-status")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.WIDE, "-narrow")

    def refresh_view(self, *, refill: bool = False) -> None:
        session = self.session
        options = self.query_one(OptionList)
        if session is None or not session.state.id:
            options.clear_options()
            self._status(NO_INCIDENT)
            return
        if refill or not self._drafts:
            self._drafts = {d.template: d for d in self.desk.drafts(session, self.verdicts)}
            self._edited.clear()
            self._said.clear()
            self._since = len(session.events)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([self._label(d) for d in self._drafts.values()])
        options.highlighted = highlighted if highlighted is not None else 0
        self._show(list(self._drafts)[options.highlighted or 0])

    def _label(self, draft: Draft) -> str:
        events = self.session.events if self.session else ()
        sent = [e for e in events if isinstance(e, CommsSent) and e.template == draft.template]
        failed = [e for e in events
                  if isinstance(e, CommsFailed) and e.template == draft.template]
        mark = "sent" if sent else "FAILED" if failed else "draft"
        return f"{draft.title} ({mark})"

    def _show(self, template: str) -> None:
        if self._current is not None:
            self._edited[self._current] = self.query_one(TextArea).text
        self._current = template
        draft = self._drafts[template]
        text = self._edited.get(template, draft.body)
        self.query_one(TextArea).load_text(text)
        why = self.desk.why_not()
        where = ", ".join(self.desk.channels_for(template)) or \
            "no channel (configure [[comms.channels]])"
        count = len(blanks_in(text))  # as edited: a blank filled no longer counts
        blanks = f"{count} blank{'s' if count != 1 else ''} to fill" if count else "no blanks"
        said = self._said.get(template)
        self._status(said or f"{blanks}; to: {where}" + (f"; {why}" if why else ""))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._drafts:
            self._show(list(self._drafts)[event.option_index])

    def _status(self, text: str) -> None:
        self.query_one("#comms-status", Static).update(Content(text))

    def _text(self) -> Draft | None:
        if self._current is None:
            return None
        draft = self._drafts[self._current]
        body = self.query_one(TextArea).text
        return Draft(draft.template, draft.title, body, draft.blanks, draft.next_update_at)

    def action_copy(self) -> None:
        draft = self._text()
        if draft is not None:
            self.app.copy_to_clipboard(draft.body)
            self.notify(f"{draft.title} copied to the clipboard (OSC 52)")

    def action_redraft(self) -> None:
        self._current = None
        self.refresh_view(refill=True)

    def action_leave_editor(self) -> None:
        self.query_one(OptionList).focus()

    def action_send(self) -> None:
        draft = self._text()
        if draft is None or self.session is None:
            return
        try:
            check_sendable(draft.title, draft.body)
        except BlanksLeft as exc:
            self.notify(f"{exc}: fill every [TO FILL: ...] blank first (or delete the line).",
                        severity="warning")
            return
        self._status(f"sending {draft.title}...")
        self.run_worker(self._send(self.session, draft), group="comms-send", exclusive=True,
                        exit_on_error=False)

    async def _send(self, session: IncidentSession, draft: Draft) -> None:
        try:
            outcomes = await self.desk.send(session, draft, since=self._since)
        except (SendRefused, SessionRefused, JournalUnavailable) as exc:
            self._status(f"not sent: {exc}")
            self.notify(str(exc), title="Not sent", severity="warning")
            return
        parts = [f"{o.channel}: {'sent' if o.ok else 'FAILED ' + o.detail}"
                 for o in outcomes if o.earlier is None]
        again = not_again({o.channel: o.earlier for o in outcomes if o.earlier})
        if again:
            parts.append(again + " (ctrl+r fills a new message)")
        text = "; ".join(parts)
        self._said[draft.template] = f"{draft.title}: {text}"
        self.refresh_view()  # the list's sent marks, and the outcome in the status line
        failed = not all(o.ok for o in outcomes)
        self.notify(text, title="Message", severity="error" if failed else "information")
