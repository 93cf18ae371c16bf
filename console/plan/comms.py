"""Communication templates, filled in from the incident journal by the comms screen.

Bodies are Markdown with ``{placeholder}`` fields (``{incident_id}``, ``{severity}``...);
the loader rejects a body whose braces do not parse, so a broken template fails at load
time and not in the middle of an incident.
"""

from __future__ import annotations

import string

from pydantic import field_validator

from console.plan.base import Identifier, PlanModel, Text


class CommsTemplate(PlanModel):
    id: Identifier
    title: Text
    audience: str = ""
    body: Text

    @field_validator("body")
    @classmethod
    def _placeholders_parse(cls, body: str) -> str:
        try:
            fields = [name for _, name, _, _ in string.Formatter().parse(body) if name]
        except ValueError as exc:
            raise ValueError(f"template braces do not parse: {exc}") from None
        bad = [name for name in fields if not name.isidentifier()]
        if bad:
            raise ValueError(f"placeholder {{{bad[0]}}} is not a plain name")
        return body

    def placeholders(self) -> tuple[str, ...]:
        """The field names this template expects, in order of first use."""
        names = (name for _, name, _, _ in string.Formatter().parse(self.body) if name)
        return tuple(dict.fromkeys(names))
