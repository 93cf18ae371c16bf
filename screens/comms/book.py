"""The comms screen's drafts and what the operator did with them, and when a draft may be
filled again without asking.

The drafts are filled once and kept while the operator writes, so a poll never rewrites
a line under their cursor. But the journal goes on: a runbook notification step that
refused its blanks sends the operator to ``m`` *because* its draft now carries the step's
own line, and an hour-old draft there says the old ETA and time. So when the screen comes
back and the journal has grown, every draft nobody touched is filled again; a draft that
was edited, or has gone out (or is going) since it was filled, is kept as it is, marked
older than the journal (``ctrl+r`` fills it again). Keeping a sent draft is what keeps
"ctrl+s twice is one message" true across a visit to another screen: a refilled draft is
a new message, which every channel may get again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from console.comms.fill import Draft
from console.journal.events import CommsDrafted, CommsFailed, CommsSent, Event


@dataclass
class DraftBook:
    drafts: dict[str, Draft] = field(default_factory=dict)
    edits: dict[str, str] = field(default_factory=dict)
    """Per template, the editor's text as the operator last left it."""
    said: dict[str, str] = field(default_factory=dict)
    """Per template, how its last send went (shown until it is filled again)."""
    since: dict[str, int] = field(default_factory=dict)
    """Per template, the journal's length when it was filled: where its message begins."""
    filled_at: int = 0
    """The journal's length at the last fill: more events than this, drafts may be old."""
    stale: set[str] = field(default_factory=set)
    """Templates kept over a refill (edited or sent): older than the journal."""

    def fill(self, drafts: Iterable[Draft], length: int) -> None:
        """Every draft new (ctrl+r, the first visit, another incident): edits are dropped."""
        self.drafts = {d.template: d for d in drafts}
        self.edits.clear()
        self.said.clear()
        self.stale.clear()
        self.since = dict.fromkeys(self.drafts, length)
        self.filled_at = length

    def edited(self, template: str) -> bool:
        """The operator changed the text (merely looking at a draft does not count)."""
        text = self.edits.get(template)
        draft = self.drafts.get(template)
        return text is not None and draft is not None and text != draft.body

    def refresh(self, fresh: Iterable[Draft], events: Sequence[Event],
                busy: str | None = None) -> None:
        """Fill again every draft nobody edited and nothing sent since it was filled;
        keep the others (and their since) as they are, marked stale. ``busy``: the
        template a send is under way for."""
        for draft in fresh:
            name = draft.template
            if name in self.drafts and (name == busy or self.edited(name)
                                        or self._spoken(name, events)):
                self.stale.add(name)
                continue
            self.drafts[name] = draft
            self.edits.pop(name, None)
            self.said.pop(name, None)
            self.stale.discard(name)
            self.since[name] = len(events)
        self.filled_at = len(events)

    def _spoken(self, template: str, events: Sequence[Event]) -> bool:
        """A send of this draft was journaled since it was filled (went out or not)."""
        return any(isinstance(e, CommsDrafted | CommsSent | CommsFailed)
                   and e.template == template
                   for e in events[self.since.get(template, self.filled_at):])
