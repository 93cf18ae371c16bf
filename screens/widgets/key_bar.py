"""The key line at the bottom of every screen: one widget, one line of text.

Textual's ``Footer`` mounts a widget per key and recomposes them all on every screen switch
and focus change; on the dashboard that was a third of the time from a key to its repaint.
This bar renders the same active bindings as plain styled text, so a switch costs one
render. It also keeps what an operator needs at 3 a.m. on a small terminal: ``? Help`` and
the palette key stay at the right end whatever the width (the others give way, marked
``…``), and keys that cannot act in the current mode are left out (the app says which,
see :class:`KeyPolicy`; pressed anyway, they explain themselves).
"""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

PINNED: frozenset[str] = frozenset({"help"})
"""Binding ids kept at the right end at any width (with the command palette key)."""
GAP = "  "


@runtime_checkable
class KeyPolicy(Protocol):
    """What the app tells the bar: why a binding cannot act now (None: it can)."""

    def key_refusal(self, binding: Binding) -> str | None: ...


class KeyBar(Widget):
    """The screen's active bindings on one line; click a key to press it."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; width: 1fr;
        color: $footer-foreground; background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
    }
    KeyBar > .key-bar--description { color: $footer-description-foreground; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def items(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """(key, display, description) of the keys shown, and of the pinned ones."""
        app = self.app
        policy = app if isinstance(app, KeyPolicy) else None
        shown: list[tuple[str, str, str]] = []
        pinned: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == app.COMMAND_PALETTE_BINDING:
                pinned.append((key, app.get_key_display(binding), "Palette"))
                continue
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            if policy is not None and policy.key_refusal(binding) is not None:
                continue
            seen.add(binding.action)
            item = (key, app.get_key_display(binding), binding.description)
            (pinned if binding.id in PINNED else shown).append(item)
        pinned.sort(key=lambda item: item[2] != "Help")  # Help, then the palette
        return shown, pinned

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        shown, pinned = self.items()
        width = self.size.width
        right = sum(len(d) + len(t) + 1 + len(GAP) for _, d, t in pinned)
        left: list[tuple[str, str, str]] = []
        used = 1
        for item in shown:
            cost = len(item[1]) + len(item[2]) + 1 + len(GAP)
            if used + cost + right + 2 > width:  # room for '… '
                break
            left.append(item)
            used += cost
        cut = len(left) < len(shown)
        text = Text(" ")
        self._spans = []
        for index, (key, display, description) in enumerate(left + pinned):
            if index == len(left):
                fill = width - text.cell_len - right
                text.append(("…" if cut else "").ljust(max(2 if cut else 1, fill)))
            start = text.cell_len
            text.append(display, key_style)
            text.append(f" {description}", text_style)
            self._spans.append((start, text.cell_len, key))
            text.append(GAP)
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
