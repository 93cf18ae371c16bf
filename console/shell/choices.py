"""Argparse ``choices`` read only when an argument is checked or a help is printed.

The scenario names live with the drill and the ``plan show`` sections with their
renderers: importing either builds pydantic models. Every command line builds the whole
parser, so eager choices would charge that to every command, the TUI's start included.
An argument given these choices also needs a ``metavar`` (argparse lists the choices to
format one otherwise) and can name them in its help with ``%(choices)s``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cached_property


class LazyChoices(Sequence[str]):
    """The names ``load()`` returns, loaded on first use (a membership test, a help)."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(self._load())

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self.names[index]


def scenario_names() -> LazyChoices:
    """The drill's scenarios (``--scenario``)."""

    def load() -> Sequence[str]:
        from services.drill.scenarios import SCENARIO_NAMES

        return SCENARIO_NAMES

    return LazyChoices(load)


def plan_sections() -> LazyChoices:
    """The sections ``plan show --section`` prints."""

    def load() -> Sequence[str]:
        from console.commands.plan_show import SECTIONS

        return list(SECTIONS)

    return LazyChoices(load)
