"""Plain-text tables for the headless commands (``plan show``, ``config check``).

Deliberately not Rich: on a jump host the output may be piped, grepped or pasted into a
ticket, so cells are never wrapped or truncated and there are no box-drawing characters.
"""

from __future__ import annotations

from collections.abc import Sequence


def render_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A titled table with left-aligned columns sized to their widest cell."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(value))
    rule = ["-" * width for width in widths]
    lines = [title, "=" * len(title), _line(headers, widths), _line(rule, widths)]
    lines += [_line(row, widths) for row in cells]
    if not cells:
        lines.append("(none)")
    return "\n".join(lines) + "\n"


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (tuple, list)):
        return ", ".join(_cell(v) for v in value) or "-"
    return " ".join(str(value).split())
