"""Key ``p``: the plan's people (with the config's real numbers) and who to call now.

Who to call follows the open incident: the current step's owner, the Incident Commander,
and for a severity that activates the DR plan the whole team; each with phone, secondary
phone, backup person and on-call hours, so a call that goes unanswered has a next number.

Names and numbers come from the config, which nobody reviews like code: every cell and
line is a :class:`rich.text.Text` (a ``str`` cell in a DataTable is parsed as markup, so
``[bold]`` in a name would be obeyed, not shown) and sanitised. At 80 columns the table
keeps what a call needs (role, name, phone, backup); the secondary number, e-mail and
on-call hours move to the line under it, for the highlighted person.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Static

from console.comms.contacts import Call, phone_line, who_to_call
from console.incident.session import IncidentSession
from console.plan.contacts import Contact
from console.plan.model import Plan
from screens.widgets.fast_resume import FastResumeScreen
from screens.widgets.key_bar import KeyBar
from screens.widgets.mode_banner import ModeBanner
from services.sanitize import sanitize

WIDE = 120
"""From this width on, every column fits in the table."""
NARROW_COLUMNS = (("Role", 18), ("Name", 18), ("Phone", 14), ("Backup", 14))
"""Below :data:`WIDE`: what a call needs, each column capped (an ellipsis past it)."""
WIDE_COLUMNS = ("Role", "Name", "Phone", "Secondary", "E-mail", "Backup", "On call")


def _cells(contact: Contact, wide: bool) -> tuple[Text, ...]:
    values = [contact.title, contact.name, contact.phone]
    if wide:
        values += [contact.secondary_phone or "-", contact.email or "-"]
    values.append(contact.backup or "-")
    if wide:
        values.append(contact.on_call or "-")
    return tuple(Text(sanitize(v, limit=80), no_wrap=True, overflow="ellipsis")
                 for v in values)


def _detail(contact: Contact) -> Text:
    parts = [f"{contact.title}: {phone_line(contact)}"]
    parts += [f"e-mail {contact.email}"] if contact.email else []
    parts += [f"backup {contact.backup}"] if contact.backup else []
    parts += [f"on call {contact.on_call}"] if contact.on_call else []
    return Text(sanitize("; ".join(parts), limit=300))


def _call_lines(call: Call, width: int) -> list[str]:
    """One line when it fits ``width``, else the number first and the why beneath it."""
    who = sanitize(phone_line(call.contact), limit=80)
    why = sanitize(f"{call.contact.title}: {call.why}"
                   + (f"; backup {call.contact.backup}" if call.contact.backup else ""),
                   limit=200)
    line = f"  {who:<40} {why}"
    return [line] if len(line) <= width else [f"  {who}", f"      {why}"]


class ContactsScreen(FastResumeScreen):
    DEFAULT_CSS = """
    ContactsScreen #call-now { padding: 0 1; border: round $accent; height: auto; }
    ContactsScreen #contacts { height: 1fr; }
    ContactsScreen #contact-detail { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, plan: Plan, banner: ModeBanner) -> None:
        super().__init__()
        self.plan = plan
        self.banner = banner
        self.session: IncidentSession | None = None
        self._wide: bool | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.banner
        with Vertical():
            yield Static(id="call-now")
            yield DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
            yield Static(id="contact-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_view()

    def _fill_table(self, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        if wide:
            table.add_columns(*WIDE_COLUMNS)
        for label, width in () if wide else NARROW_COLUMNS:
            table.add_column(label, width=width)
        for contact in self.plan.contacts:
            table.add_row(*_cells(contact, wide))
        if self.plan.contacts:
            table.move_cursor(row=min(row, len(self.plan.contacts) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        contacts = self.plan.contacts
        if 0 <= event.cursor_row < len(contacts):
            self.query_one("#contact-detail", Static).update(
                _detail(contacts[event.cursor_row]))

    def refresh_view(self) -> None:
        width = self.size.width or self.app.size.width
        self._fill_table(width >= WIDE)
        state = self.session.state if self.session is not None else None
        severity = state.severity if state else None
        owner = None
        step_title = ""
        if state is not None and state.next_step:
            for _, step in self.plan.steps():
                if step.id == state.next_step:
                    owner, step_title = step.owner, step.title
        calls = who_to_call(self.plan, self.plan.contacts, severity, owner)
        head = ("Call now" + (f" ({severity}" if severity else " (no incident")
                + (f", step: {sanitize(step_title, limit=60)})" if step_title else ")"))
        lines = [head] + [line for c in calls for line in _call_lines(c, width - 4)]
        self.query_one("#call-now", Static).update(
            Text("\n".join(lines), no_wrap=True, overflow="ellipsis"))
