"""Key ``m``: one draft per message template, filled from the incident; edit, copy, send.

The list on the left names each template with where it goes and whether it was sent;
the editor on the right holds the draft (``[TO FILL: ...]`` marks what only a person can
write). ``ctrl+s`` sends through the configured channels in a worker, so a channel that
hangs never freezes the screen; ``ctrl+y`` copies the draft (OSC 52, works over SSH);
``ctrl+r`` fills it again from the journal; ``escape`` leaves the editor. One send at a
time: ctrl+s while one is under way is refused (cancelling it would lose the outcome of
a message the far end may already have). Coming back to the screen after the journal
grew fills again every draft not edited nor sent (:mod:`screens.comms.book`).

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
from screens.comms.book import DraftBook
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.key_bar import KeyBar
from screens.widgets.mode_banner import ModeBanner

NO_INCIDENT = "No incident: declare one (i) to draft its messages."
STALE = "older than the journal, kept as it is (ctrl+r fills every draft again)"


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
        self._book = DraftBook()
        self._filled_for: IncidentSession | None = None
        self._current: str | None = None
        self._sending: Draft | None = None
        """The draft a send is under way for: a second ctrl+s waits for its outcome."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.banner
        with Horizontal(id="comms-body"):
            yield OptionList(id="templates")
            yield TextArea(id="draft", soft_wrap=True)
        yield Static(id="comms-status")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        session = self.session
        book = self._book
        if session is not None and session is self._filled_for and book.drafts \
                and len(session.events) > book.filled_at:
            self._keep_editor()
            busy = self._sending.template if self._sending else None
            book.refresh(self.desk.drafts(session, self.verdicts), session.events, busy)
            self._current = None  # the editor shows the refilled text, not the old one
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
        book = self._book
        if refill or not book.drafts or session is not self._filled_for:
            book.fill(self.desk.drafts(session, self.verdicts), len(session.events))
            self._filled_for = session
            self._current = None
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([self._label(d) for d in book.drafts.values()])
        options.highlighted = highlighted if highlighted is not None else 0
        self._show(list(book.drafts)[options.highlighted or 0])

    def _keep_editor(self) -> None:
        """The editor's text is the shown draft's edit (kept when another is shown)."""
        if self._current is not None:
            self._book.edits[self._current] = self.query_one(TextArea).text

    def _label(self, draft: Draft) -> str:
        events = self.session.events if self.session else ()
        sent = [e for e in events if isinstance(e, CommsSent) and e.template == draft.template]
        failed = [e for e in events
                  if isinstance(e, CommsFailed) and e.template == draft.template]
        mark = "sent" if sent else "FAILED" if failed else "draft"
        return f"{draft.title} ({mark})"

    def _show(self, template: str) -> None:
        self._keep_editor()
        self._current = template
        book = self._book
        draft = book.drafts[template]
        text = book.edits.get(template, draft.body)
        self.query_one(TextArea).load_text(text)
        why = self.desk.why_not()
        where = ", ".join(self.desk.channels_for(template)) or \
            "no channel (configure [[comms.channels]])"
        count = len(blanks_in(text))  # as edited: a blank filled no longer counts
        blanks = f"{count} blank{'s' if count != 1 else ''} to fill" if count else "no blanks"
        said = book.said.get(template)
        stale = f"; {STALE}" if template in book.stale else ""
        self._status((said or f"{blanks}; to: {where}" + (f"; {why}" if why else ""))
                     + stale)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._book.drafts:
            self._show(list(self._book.drafts)[event.option_index])

    def _status(self, text: str) -> None:
        self.query_one("#comms-status", Static).update(Content(text))

    def _text(self) -> Draft | None:
        if self._current is None:
            return None
        draft = self._book.drafts[self._current]
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
        if self._sending is not None:
            self.notify(f"sending {self._sending.title}... wait for its outcome",
                        title="Not sent", severity="warning")
            return
        try:
            check_sendable(draft.title, draft.body)
        except BlanksLeft as exc:
            self.notify(f"{exc}: fill every [TO FILL: ...] blank first (or delete the line).",
                        severity="warning")
            return
        self._status(f"sending {draft.title}...")
        self._sending = draft
        self.run_worker(self._send(self.session, draft), group="comms-send",
                        exit_on_error=False)

    async def _send(self, session: IncidentSession, draft: Draft) -> None:
        since = self._book.since.get(draft.template, self._book.filled_at)
        try:
            outcomes = await self.desk.send(session, draft, since=since)
        except (SendRefused, SessionRefused, JournalUnavailable) as exc:
            self._status(f"not sent: {exc}")
            self.notify(str(exc), title="Not sent", severity="warning")
            return
        finally:
            self._sending = None
        parts = [f"{o.channel}: {'sent' if o.ok else 'FAILED ' + o.detail}"
                 for o in outcomes if o.earlier is None]
        again = not_again({o.channel: o.earlier for o in outcomes if o.earlier})
        if again:
            parts.append(again + " (ctrl+r fills a new message)")
        text = "; ".join(parts)
        self._book.said[draft.template] = f"{draft.title}: {text}"
        self.refresh_view()  # the list's sent marks, and the outcome in the status line
        failed = not all(o.ok for o in outcomes)
        self.notify(text, title="Message", severity="error" if failed else "information")
