"""A plan template filled from the incident: every known field, visible blanks for the rest.

A blank reads ``[TO FILL: customer impact]`` so nobody sends a half-written message by
mistake, and the filled text never keeps template syntax (``{field}``) that a reader
would take for a bug.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from console.comms.facts import Facts, known_fields
from console.plan.comms import CommsTemplate
from services.sanitize import sanitize, sanitize_lines

BLANK = "[TO FILL: {}]"


@dataclass(frozen=True, slots=True)
class Draft:
    """A filled message, ready for the operator to edit and send."""

    template: str
    title: str
    body: str
    blanks: tuple[str, ...]
    """Fields only a person can fill, still blank in ``body``."""
    next_update_at: datetime | None = None

    @property
    def subject(self) -> str:
        """The first heading, for an e-mail subject or a page summary."""
        first = next((line for line in self.body.splitlines() if line.strip()), self.title)
        return first.lstrip("# ").strip() or self.title


def blank(name: str) -> str:
    return BLANK.format(name.replace("_", " "))


def fields_of(template: CommsTemplate) -> tuple[str, ...]:
    """The template's field names, each once, in order."""
    names = (name for _lit, name, _spec, _conv in string.Formatter().parse(template.body))
    return tuple(dict.fromkeys(n for n in names if n))


def fill(template: CommsTemplate, facts: Facts,
         given: Mapping[str, str] | None = None) -> Draft:
    """``template`` with every field the incident knows filled in, and the ``given``
    texts a person wrote (``comms send --fill``; sanitised) over them."""
    values = known_fields(facts)
    values |= {name: sanitize_lines(text).strip() for name, text in (given or {}).items()
               if text.strip()}
    out: list[str] = []
    blanks: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template.body):
        out.append(literal)
        if name is None:
            continue
        if name in values:
            out.append(values[name])
        else:
            out.append(blank(name))
            if name not in blanks:
                blanks.append(name)
    return Draft(template.id, template.title, "".join(out).strip() + "\n", tuple(blanks),
                 facts.next_update_at if "next_update" in values else None)


def drafts(facts: Facts) -> tuple[Draft, ...]:
    """One draft per message template of the plan (the test report is a report, not a
    message: :mod:`console.reports` writes it)."""
    return tuple(fill(t, facts) for t in facts.plan.templates if t.id != "test-report")


def with_message(draft: Draft, message: str) -> Draft:
    """``draft`` with a runbook step's own line (``Failover completed``) under its heading."""
    line = sanitize(message).strip()
    if not line:
        return draft
    head, _, rest = draft.body.partition("\n")
    return dataclasses.replace(draft, body=f"{head}\n\n{line}\n{rest}")
