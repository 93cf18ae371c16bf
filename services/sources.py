"""The interface between the poller and the outside world: a source is polled for a snapshot.

A source does one read per call and raises on failure (a typed :class:`SourceError` where
it can); timeouts, scheduling, and staleness are the poller's job, not the source's.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from services.models import Snapshot

S_co = TypeVar("S_co", bound=Snapshot, covariant=True)


class SourceError(Exception):
    """A source failed in a way it understood (unreachable, auth failed, bad answer)."""


class Unreachable(SourceError):
    pass


class AuthFailed(SourceError):
    pass


class BadAnswer(SourceError):
    pass


class SourceTimeout(SourceError):
    """The backend did not answer within the call's own timeout."""


class ReadOnlyRefused(SourceError, PermissionError):
    """A mutating call refused because the console runs read-only.

    Raised by the adapters themselves, not just hidden in the UI, so a watcher's console
    cannot change anything whatever path the call takes.
    """


class ReadOnlyGuard:
    """Mixin for adapters with mutating calls: ``self._guard("promote")`` before each one."""

    read_only: bool = False

    def _guard(self, operation: str) -> None:
        if self.read_only:
            raise ReadOnlyRefused(f"{operation} refused: the console runs read-only")


class Source(Protocol[S_co]):
    """Something that can be polled for one kind of snapshot."""

    @property
    def name(self) -> str:
        """Stable id, e.g. ``cluster/primary``, ``postgres/dr``, ``backups``."""
        ...

    async def poll(self) -> S_co:
        """Read the current state once. Raises on failure."""
        ...
