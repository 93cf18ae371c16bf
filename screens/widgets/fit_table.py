"""A table that fits its width: one column takes what the others leave, cut with an ellipsis.

A DataTable sizes every column to its widest cell, so on an 80-column terminal a long
evidence or step title pushes the last columns off the right edge, cut with no mark. Here
one column is flexible: as wide as its widest cell when there is room, else the width the
others leave (never less than ``minimum``), and its cells, made by :func:`cell`, end in
``…`` when cut. The screens show the full text one key away (Enter, ``v``).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import DataTable


def cell(text: str, style: str = "") -> Text:
    """One line of text that ends in ``…`` when its column is too narrow."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis", end="")


def _width(value: object) -> int:
    return value.cell_len if isinstance(value, Text) else len(str(value))


def fit_column(table: DataTable[Any], key: str, minimum: int = 8) -> None:
    """Give column ``key`` the width its widest cell needs, or as much as the other columns
    leave (measured from their cells, a vertical scrollbar counted when rows overflow)."""
    room = table.content_size.width
    if room <= 0:  # not laid out yet: the resize that follows fits it
        return
    if table.row_count + (1 if table.show_header else 0) > table.content_size.height:
        room -= table.styles.scrollbar_size_vertical
    pad = 2 * table.cell_padding
    flexible, wanted = None, 0
    for column_key, column in table.columns.items():
        widest = max([column.label.cell_len, *map(_width, table.get_column(column_key))])
        if column_key.value == key:
            flexible, wanted = column, widest
            continue
        room -= (widest if column.auto_width else column.width) + pad
    if flexible is None:
        return
    width = max(minimum, min(wanted, room - pad))
    if flexible.auto_width or flexible.width != width:
        flexible.auto_width = False
        flexible.width = width
        # DataTable has no public way to resize a column: what add_column does, redone.
        table._require_update_dimensions = True
        table._clear_caches()
        table.refresh(layout=True)


class FitTable(DataTable[Any]):
    """A DataTable whose ``flexible`` column is refitted whenever the table is resized."""

    def __init__(self, flexible: str, *, minimum: int = 8, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.flexible = flexible
        self.minimum = minimum

    def fit(self) -> None:
        fit_column(self, self.flexible, self.minimum)

    def on_resize(self, _event: events.Resize) -> None:
        self.fit()
