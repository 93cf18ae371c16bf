"""Discovery documents and server-side tables, the parts of the API that ``kubectl`` needs.

``kubectl`` first asks for aggregated discovery (``apidiscovery.k8s.io/v2``); a server that
answers the legacy form (``APIVersions``, ``APIGroupList``, ``APIResourceList``) is
accepted, so only that form is served. ``kubectl get`` asks for a ``meta.k8s.io/v1``
``Table``; serving one (rather than the plain list) gives the familiar columns.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

Obj = dict[str, Any]

_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]


def _res(name: str, kind: str, namespaced: bool, short: list[str] | None = None) -> Obj:
    return {"name": name, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind,
            "verbs": _VERBS, "shortNames": short or [], "categories": ["all"]}


API_VERSIONS: Obj = {"kind": "APIVersions", "versions": ["v1"],
                     "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0",
                                                     "serverAddress": "127.0.0.1"}]}


def _group(name: str) -> Obj:
    gv = {"groupVersion": f"{name}/v1", "version": "v1"}
    return {"name": name, "versions": [gv], "preferredVersion": gv}


API_GROUPS: Obj = {"kind": "APIGroupList", "apiVersion": "v1",
                   "groups": [_group("apps"), _group("events.k8s.io")]}

RESOURCES: dict[str, Obj] = {
    "v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        _res("nodes", "Node", False, ["no"]),
        _res("pods", "Pod", True, ["po"]),
        _res("events", "Event", True, ["ev"]),
        _res("configmaps", "ConfigMap", True, ["cm"]),
        _res("namespaces", "Namespace", False, ["ns"]),
    ]},
    "apps/v1": {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1",
                "resources": [
        _res("deployments", "Deployment", True, ["deploy"]),
        {"name": "deployments/scale", "singularName": "", "namespaced": True,
         "group": "autoscaling", "version": "v1", "kind": "Scale",
         "verbs": ["get", "patch", "update"]},
    ]},
    "events.k8s.io/v1": {"kind": "APIResourceList", "apiVersion": "v1",
                         "groupVersion": "events.k8s.io/v1",
                         "resources": [_res("events", "Event", True, ["ev"])]},
}


def _age(created: str, now: datetime) -> str:
    try:
        then = datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return "<unknown>"
    seconds = int((now - then).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{max(seconds, 0)}s"


def _col(name: str, priority: int = 0) -> Obj:
    return {"name": name, "type": "string", "format": "name" if name == "Name" else "",
            "description": name, "priority": priority}


COLUMNS: dict[str, list[Obj]] = {
    "pods": [_col("Name"), _col("Ready"), _col("Status"), _col("Restarts"), _col("Age"),
             _col("IP", 1), _col("Node", 1)],
    "nodes": [_col("Name"), _col("Status"), _col("Roles"), _col("Age"), _col("Version")],
    "deployments": [_col("Name"), _col("Ready"), _col("Up-to-date"), _col("Available"),
                    _col("Age")],
    "events": [_col("Last Seen"), _col("Type"), _col("Reason"), _col("Object"),
               _col("Message")],
}


def _pod_cells(obj: Obj, age: str) -> list[Any]:
    statuses = obj.get("status", {}).get("containerStatuses", [])
    ready = sum(1 for c in statuses if c.get("ready"))
    restarts = sum(int(c.get("restartCount", 0)) for c in statuses)
    status = obj.get("status", {}).get("phase", "Unknown")
    for c in statuses:
        waiting = c.get("state", {}).get("waiting")
        if waiting:
            status = waiting.get("reason", status)
    return [obj["metadata"]["name"], f"{ready}/{len(statuses)}", status, restarts, age,
            obj.get("status", {}).get("podIP", "<none>"), obj.get("spec", {}).get("nodeName", "")]


def cells(kind: str, obj: Obj, now: datetime) -> list[Any]:
    meta = obj["metadata"]
    age = _age(meta.get("creationTimestamp", ""), now)
    if kind == "pods":
        return _pod_cells(obj, age)
    if kind == "nodes":
        ready = any(c.get("type") == "Ready" and c.get("status") == "True"
                    for c in obj.get("status", {}).get("conditions", []))
        return [meta["name"], "Ready" if ready else "NotReady", "worker", age,
                obj.get("status", {}).get("nodeInfo", {}).get("kubeletVersion", "")]
    if kind == "deployments":
        st = obj.get("status", {})
        return [meta["name"], f"{st.get('readyReplicas', 0)}/{obj['spec'].get('replicas', 0)}",
                st.get("updatedReplicas", 0), st.get("availableReplicas", 0), age]
    inv = obj.get("involvedObject", {})
    return [age, obj.get("type", ""), obj.get("reason", ""),
            f"{inv.get('kind', '').lower()}/{inv.get('name', '')}", obj.get("message", "")]


def table(kind: str, objs: list[Obj], meta: Obj, now: datetime) -> Obj:
    """A ``meta.k8s.io/v1`` Table; rows carry PartialObjectMetadata (kubectl's -A column)."""
    rows = [{"cells": cells(kind, o, now),
             "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": o["metadata"]}} for o in objs]
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta,
            "columnDefinitions": COLUMNS[kind], "rows": rows}
