"""The comms screen's drafts when the journal grew: untouched ones are filled again (and
their message starts afresh); edited, sent or in-flight ones are kept, marked stale, with
the journal position their "not sent again" check counts from."""

from __future__ import annotations

from console.comms.fill import Draft
from console.journal.events import CommsDrafted, CommsSent, Event, StepStarted
from screens.comms.book import DraftBook

TEMPLATES = ("incident-notification", "recovery-update", "resolution")


def _drafts(version: str) -> list[Draft]:
    return [Draft(t, t.title(), f"# {t}\n{version}\n", ()) for t in TEMPLATES]


def _book() -> tuple[DraftBook, list[Event]]:
    events: list[Event] = [StepStarted(step="confirm-incident")]
    book = DraftBook()
    book.fill(_drafts("old"), len(events))
    return book, events


def test_untouched_drafts_are_filled_again_and_start_a_new_message() -> None:
    book, events = _book()
    book.edits["recovery-update"] = book.drafts["recovery-update"].body  # looked at only
    events += [StepStarted(step="notify-incident-commander")]
    book.refresh(_drafts("new"), events)
    assert [d.body.split("\n")[1] for d in book.drafts.values()] == ["new"] * 3
    assert book.since == dict.fromkeys(TEMPLATES, 2) and book.filled_at == 2
    assert not book.stale and "recovery-update" not in book.edits


def test_edited_sent_and_busy_drafts_are_kept_as_they_are() -> None:
    book, events = _book()
    book.edits["incident-notification"] = "# mine\n"
    events += [CommsDrafted(template="recovery-update", body="# recovery-update\nold\n"),
               CommsSent(template="recovery-update", channel="ops-hook")]
    book.said["recovery-update"] = "Recovery-Update: ops-hook: sent"
    book.refresh(_drafts("new"), events, busy="resolution")
    assert all(d.body.endswith("old\n") for d in book.drafts.values())
    assert book.stale == set(TEMPLATES)
    assert book.edits == {"incident-notification": "# mine\n"}
    assert book.said == {"recovery-update": "Recovery-Update: ops-hook: sent"}
    assert book.since == dict.fromkeys(TEMPLATES, 1)  # their messages began at the fill
    assert book.filled_at == 3
    book.fill(_drafts("new"), len(events))  # ctrl+r: all new, edits gone
    assert not book.stale and not book.edits and not book.said
