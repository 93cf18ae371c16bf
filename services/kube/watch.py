"""One resource's compact state, kept current by a watch thread instead of re-listing.

After a list, a daemon thread watches from the list's resourceVersion and queues compact
deltas; ``poll`` drains the queue on the event loop, so the state itself is only ever
touched by one thread. A watch that ends normally (its ``timeoutSeconds`` ran out) is
re-opened from the last version seen; a 410 Gone marks the state expired and any other
failure marks it broken, and in both cases the next poll re-lists (surfacing the error,
if the server is really gone, through the poll's own timeout and typed errors).
Each event line is decoded with msgspec like the lists: the envelope first, its object as
the kind's Struct (or, for ERROR and BOOKMARK events, just what those carry).
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import msgspec

from services.kube.api import Kind, watch_lines
from services.kube.rows import key
from services.kube.schema import Status, WatchEvent, WatchObject

T = TypeVar("T")

_EVENT = msgspec.json.Decoder(WatchEvent)
_STATUS = msgspec.json.Decoder(Status)
_ANY_OBJECT = msgspec.json.Decoder(WatchObject)


class Tracked(Generic[T]):
    """Compact rows of one kind keyed ``namespace/name``, plus its watch thread."""

    def __init__(self, kind: Kind, compact: Callable[[Any], T]) -> None:
        self.kind = kind
        self.compact = compact
        self.rows: dict[str, T] = {}
        self.listed = False
        self.expired = False
        self.failure: BaseException | None = None
        self._deltas: deque[tuple[str, T | None]] = deque()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: Any = None

    @property
    def needs_list(self) -> bool:
        return not self.listed or self.expired or self.failure is not None

    def replace(self, rows: dict[str, T], rv: str, api_client: Any, watch_s: int,
                connect_s: float) -> None:
        """Install a fresh list and (re)start the watch from its resourceVersion."""
        self.stop(join_s=1.0)
        self._deltas = deque()  # a fresh queue: a late event of the old watch goes nowhere
        self.rows, self.listed, self.expired, self.failure = rows, True, False, None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._watch,
            args=(api_client, rv, watch_s, connect_s, self._stop, self._deltas),
            name=f"kube-watch-{self.kind.name}", daemon=True)
        self._thread.start()

    def drain(self) -> int:
        """Apply queued deltas; returns how many."""
        applied = 0
        while self._deltas:
            row_key, row = self._deltas.popleft()
            if row is None:
                self.rows.pop(row_key, None)
            else:
                self.rows[row_key] = row
            applied += 1
        return applied

    def _watch(self, api_client: Any, rv: str, watch_s: int, connect_s: float,
               stop: threading.Event, deltas: deque[tuple[str, T | None]]) -> None:
        while not stop.is_set():
            try:
                response, lines = watch_lines(api_client, self.kind, rv, watch_s, connect_s)
                self._response = response
                if stop.is_set():  # close() ran while we connected: it may not have seen us
                    response.close()
                    return
                try:
                    for line in lines:
                        rv = self._apply(_EVENT.decode(line), rv, deltas)
                        if self.expired or stop.is_set():
                            break
                    else:  # the stream ended cleanly: its connection can be reused
                        response.release_conn()
                        continue
                finally:
                    if not response.closed and response.connection is not None:
                        response.close()
                return
            except BaseException as exc:  # the poll re-lists and reports it
                if not stop.is_set():
                    if getattr(exc, "status", None) == 410:
                        self.expired = True
                    else:
                        self.failure = exc
                return

    def _apply(self, event: WatchEvent, rv: str, deltas: deque[tuple[str, T | None]]) -> str:
        kind = event.type
        if kind == "ERROR":
            status = _STATUS.decode(event.object)
            if status.code == 410:
                self.expired = True
                return rv
            raise ValueError(f"watch error: {status.message or bytes(event.object)!r}")
        if kind in ("ADDED", "MODIFIED", "DELETED"):
            obj = self.kind.one.decode(event.object)
            if kind == "DELETED":
                deltas.append((key(obj), None))
            else:
                deltas.append((key(obj), self.compact(obj)))
            return obj.metadata.resource_version or rv
        meta = _ANY_OBJECT.decode(event.object).metadata  # BOOKMARK, or a type we ignore
        return (meta.resource_version if meta else None) or rv

    def stop(self, join_s: float = 2.0) -> None:
        """End the watch: flag it, cut its socket (unblocking the read), wait briefly."""
        self._stop.set()
        response = self._response
        if response is not None:
            with contextlib.suppress(Exception):  # best effort: the thread is a daemon anyway
                response.shutdown()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=join_s)
        self._thread, self._response = None, None
