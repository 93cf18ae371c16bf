"""Routing, selectors and paginated list bodies of the Kubernetes API double.

A list body is assembled from each object's cached JSON, and ``limit``/``continue`` chunks
it the way ``kubectl`` expects (it asks for 500 at a time), with ``remainingItemCount``.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.lab import kube_double_discovery as disco
from console.lab.kube_double_state import ClusterState

Obj = dict[str, Any]

_LIST_KIND = {"nodes": "NodeList", "pods": "PodList", "deployments": "DeploymentList",
              "events": "EventList", "configmaps": "ConfigMapList"}
_GROUPS = {"/api/v1": ("v1", {"nodes", "pods", "events", "configmaps"}),
           "/apis/apps/v1": ("apps/v1", {"deployments"}),
           "/apis/events.k8s.io/v1": ("events.k8s.io/v1", {"events"})}


@dataclass(frozen=True)
class Target:
    """What a path names: a kind, optionally in a namespace, optionally one object/sub."""

    api_version: str
    kind: str
    namespace: str = ""
    name: str = ""
    sub: str = ""


@dataclass(frozen=True)
class Query:
    target: Target
    params: dict[str, str] = field(default_factory=dict)


def route(path: str) -> Target | None:
    for prefix, (api_version, kinds) in _GROUPS.items():
        if not path.startswith(prefix + "/"):
            continue
        parts = path[len(prefix) + 1:].split("/")
        namespace = ""
        if parts[0] == "namespaces" and len(parts) >= 3:
            namespace, parts = parts[1], parts[2:]
        if parts[0] not in kinds or len(parts) > 3:
            return None
        name = parts[1] if len(parts) > 1 else ""
        sub = parts[2] if len(parts) > 2 else ""
        if sub and (parts[0], sub) != ("deployments", "scale"):
            return None
        return Target(api_version, parts[0], namespace, name, sub)
    return None


def _field(obj: Obj, dotted: str) -> str:
    value: Any = obj
    for part in dotted.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return str(value)


def _selector_ok(obj: Obj, selector: str, getter: Any) -> bool:
    for term in filter(None, selector.split(",")):
        negate = "!=" in term
        name, _, want = term.replace("!=", "=").replace("==", "=").partition("=")
        if (getter(obj, name.strip()) == want.strip()) == negate:
            return False
    return True


def matches(obj: Obj, query: Query) -> bool:
    """Namespace, fieldSelector (dotted paths, = == !=) and equality labelSelector."""
    ns = query.target.namespace
    if ns and obj["metadata"].get("namespace") != ns:
        return False
    fields = query.params.get("fieldSelector", "")
    if fields and not _selector_ok(obj, fields, _field):
        return False
    labels = query.params.get("labelSelector", "")
    return not labels or _selector_ok(
        obj, labels, lambda o, n: str(o["metadata"].get("labels", {}).get(n, "\0")))


def _token(rv: int, start: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"rv": rv, "start": start}).encode()).decode()


def _events_v1(obj: Obj) -> Obj:
    """A core/v1 Event as events.k8s.io/v1 shapes it."""
    return {"kind": "Event", "apiVersion": "events.k8s.io/v1", "metadata": obj["metadata"],
            "regarding": obj.get("involvedObject", {}), "reason": obj.get("reason"),
            "note": obj.get("message"), "type": obj.get("type"),
            "deprecatedCount": obj.get("count"),
            "deprecatedLastTimestamp": obj.get("lastTimestamp")}


def _table_row(state: ClusterState, kind: str, obj: Obj, now: datetime) -> bytes:
    """One Table row, cached per object version (ages are as of the first time served)."""
    meta = obj["metadata"]
    cache_key = (kind, f"{meta.get('namespace', '')}/{meta['name']}")
    rv = meta.get("resourceVersion", "")
    cached = state.row_cache.get(cache_key)
    if cached is None or cached[0] != rv:
        row = {"cells": disco.cells(kind, obj, now),
               "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                          "metadata": meta}}
        cached = (rv, json.dumps(row, separators=(",", ":")).encode())
        state.row_cache[cache_key] = cached
    return cached[1]


def list_body(state: ClusterState, query: Query, as_table: bool,
              now: datetime) -> tuple[int, bytes]:
    """One page of a list (or Table) with resourceVersion and continue token."""
    kind, params = query.target.kind, query.params
    rv, items = state.items(kind)
    start = 0
    if params.get("continue"):
        try:
            token = json.loads(base64.urlsafe_b64decode(params["continue"]))
            rv, start = int(token["rv"]), int(token["start"])
        except (ValueError, KeyError, TypeError):
            return 400, json.dumps({"kind": "Status", "apiVersion": "v1", "code": 400,
                                    "reason": "BadRequest", "status": "Failure",
                                    "message": "invalid continue token"}).encode()
    if query.target.namespace or params.get("fieldSelector") or params.get("labelSelector"):
        selected = [(obj, raw) for _, obj, raw in items if matches(obj, query)]
    else:  # the common case (``-A``, the adapter): no per-object test on every page
        selected = [(obj, raw) for _, obj, raw in items]
    limit = int(params.get("limit") or 0)
    end = min(start + limit, len(selected)) if limit > 0 else len(selected)
    page = selected[start:end]
    meta: Obj = {"resourceVersion": str(rv)}
    if end < len(selected):
        meta["continue"] = _token(rv, end)
        meta["remainingItemCount"] = len(selected) - end
    if as_table:
        head = json.dumps(disco.table(kind, [], meta, now))
        rows = [_table_row(state, kind, o, now) for o, _ in page]
        return 200, head[:-3].encode() + b"[" + b",".join(rows) + b"]}"
    api_version = query.target.api_version
    if api_version == "events.k8s.io/v1":
        raws = [json.dumps(_events_v1(o)).encode() for o, _ in page]
    else:
        raws = [raw for _, raw in page]
    head = json.dumps({"kind": _LIST_KIND[kind], "apiVersion": api_version, "metadata": meta})
    return 200, head[:-1].encode() + b',"items":[' + b",".join(raws) + b"]}"
