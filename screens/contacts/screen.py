"""Key ``p``: the plan's people (with the config's real numbers) and who to call now.

Who to call follows the open incident: the current step's owner, the Incident Commander,
and for a severity that activates the DR plan the whole team; each with phone, secondary
phone, backup person and on-call hours, so a call that goes unanswered has a next number.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from console.comms.contacts import phone_line, who_to_call
from console.incident.session import IncidentSession
from console.plan.model import Plan
from screens.widgets.mode_banner import ModeBanner


class ContactsScreen(Screen[None]):
    DEFAULT_CSS = """
    ContactsScreen #call-now { padding: 0 1; border: round $accent; height: auto; }
    ContactsScreen #contacts { height: 1fr; }
    """

    def __init__(self, plan: Plan, banner: ModeBanner) -> None:
        super().__init__()
        self.plan = plan
        self.banner = banner
        self.session: IncidentSession | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield self.banner
        with Vertical():
            yield Static(id="call-now")
            yield DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Role", "Name", "Phone", "Secondary", "E-mail", "Backup", "On call")
        for c in self.plan.contacts:
            table.add_row(c.title, c.name, c.phone, c.secondary_phone or "-", c.email or "-",
                          c.backup or "-", c.on_call or "-")
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self) -> None:
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
                + (f", step: {step_title})" if step_title else ")"))
        lines = [head] + [f"  {phone_line(c.contact):<40} {c.contact.title}: {c.why}"
                          + (f"; backup {c.contact.backup}" if c.contact.backup else "")
                          for c in calls]
        self.query_one("#call-now", Static).update(Content("\n".join(lines)))
