"""In-memory state of one simulated cluster: objects, resourceVersions, and watch history.

Like etcd behind a real API server, one counter versions every change, every change is kept
in a bounded history for watchers, and a watcher asking for a version older than the
retained history is told it has expired (410 Gone). Each object's JSON is serialised once
per change and cached, so serving a 10,000-pod list is a join of bytes, not a dump of dicts:
the double must not be the bottleneck of the benchmarks run against it.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Obj = dict[str, Any]
KINDS = ("nodes", "pods", "deployments", "events", "configmaps")


@dataclass(frozen=True)
class Change:
    """One entry of the watch history: a serialised watch event line."""

    rv: int
    kind: str
    obj: Obj
    line: bytes


def key_of(obj: Obj) -> str:
    meta = obj["metadata"]
    return f"{meta.get('namespace', '')}/{meta['name']}"


@dataclass
class _Store:
    objects: dict[str, Obj] = field(default_factory=dict)
    raw: dict[str, bytes] = field(default_factory=dict)
    order: list[str] | None = None


class ClusterState:
    """Objects by kind, the global resourceVersion, and history for watches."""

    def __init__(self, history: int = 10_000) -> None:
        self.cond = threading.Condition()
        self.rv = 1
        self.history: deque[Change] = deque(maxlen=history)
        self.floor: dict[str, int] = dict.fromkeys(KINDS, 0)
        """Per kind: a watch from a resourceVersion below this gets 410 Gone."""
        self.epoch = 0
        """Bumped to end every open watch stream (``kill_watches``)."""
        self._stores = {kind: _Store() for kind in KINDS}
        self.row_cache: dict[tuple[str, str], tuple[str, bytes]] = {}
        """Serialised Table rows by (kind, key), tagged with the object's resourceVersion."""

    # -- writes ---------------------------------------------------------------------------
    def put(self, kind: str, obj: Obj, *, record: bool = True) -> Obj:
        """Add or replace an object, bumping the resourceVersion and feeding watchers."""
        with self.cond:
            self.rv += 1
            obj["metadata"]["resourceVersion"] = str(self.rv)
            store = self._stores[kind]
            key = key_of(obj)
            kind_of_event = "MODIFIED" if key in store.objects else "ADDED"
            if key not in store.objects:
                store.order = None
            store.objects[key] = obj
            raw = json.dumps(obj, separators=(",", ":")).encode()
            store.raw[key] = raw
            if record:
                self._record(kind, kind_of_event, obj, raw)
            return obj

    def delete(self, kind: str, key: str) -> None:
        with self.cond:
            store = self._stores[kind]
            obj = store.objects.pop(key)
            store.raw.pop(key)
            store.order = None
            self.rv += 1
            obj["metadata"]["resourceVersion"] = str(self.rv)
            self._record(kind, "DELETED", obj, json.dumps(obj, separators=(",", ":")).encode())

    def update(self, kind: str, key: str, change: Callable[[Obj], None]) -> Obj:
        """Apply ``change`` to a stored object in place and publish it as MODIFIED."""
        with self.cond:
            obj = self._stores[kind].objects[key]
            change(obj)
            return self.put(kind, obj)

    def _record(self, kind: str, type_: str, obj: Obj, raw: bytes) -> None:
        line = b'{"type":"' + type_.encode() + b'","object":' + raw + b"}\n"
        self.history.append(Change(self.rv, kind, obj, line))
        self.cond.notify_all()

    def compact(self, kind: str | None = None) -> None:
        """Forget history: watches from any resourceVersion seen so far now get 410 Gone.

        The counter is bumped first (as a change to an unwatched resource would), so a
        re-list returns a version that is valid again and the next watch succeeds.
        """
        with self.cond:
            self.rv += 1
            for k in (kind,) if kind else KINDS:
                self.floor[k] = self.rv
            self.epoch += 1
            self.cond.notify_all()

    def kill_watches(self) -> None:
        with self.cond:
            self.epoch += 1
            self.cond.notify_all()

    # -- reads ----------------------------------------------------------------------------
    def get(self, kind: str, key: str) -> Obj | None:
        with self.cond:
            return self._stores[kind].objects.get(key)

    def items(self, kind: str) -> tuple[int, list[tuple[str, Obj, bytes]]]:
        """The current resourceVersion and (key, object, raw JSON) in a stable key order."""
        with self.cond:
            store = self._stores[kind]
            if store.order is None:
                store.order = sorted(store.objects)
            return self.rv, [(k, store.objects[k], store.raw[k]) for k in store.order]

    def expired(self, kind: str, since: int) -> bool:
        with self.cond:
            if since < self.floor[kind]:
                return True
            oldest = self.history[0].rv if self.history else self.rv
            return len(self.history) == self.history.maxlen and since < oldest - 1

    def changes_after(self, kind: str, since: int) -> list[Change]:
        with self.cond:
            return [c for c in self.history if c.rv > since and c.kind == kind]
