"""Writes the API double accepts: the deployment ``scale`` subresource, deployment patches
and ConfigMap patches (what switch-site sends: its ``data`` merged, other keys kept).

``kubectl scale`` patches ``.../deployments/{name}/scale``; ``kubectl rollout restart``
strategic-merge-patches the pod template's ``restartedAt`` annotation; the Python client
sends strategic-merge for a dict body. Merge and strategic-merge are the same for these
plain-map patches, and a JSON patch (RFC 6902) of ``replace``/``add`` ops is applied too.
The deployment's controller is instant: status follows spec at once.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from console.lab.kube_double_lists import Target
from console.lab.kube_double_state import ClusterState

Obj = dict[str, Any]


def _status(code: int, reason: str, message: str) -> Obj:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}


def scale_of(dep: Obj) -> Obj:
    meta = dep["metadata"]
    replicas = int(dep["spec"].get("replicas", 1))
    labels = dep["spec"].get("selector", {}).get("matchLabels", {})
    return {"kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion",
                                              "creationTimestamp") if k in meta},
            "spec": {"replicas": replicas},
            "status": {"replicas": dep["status"].get("replicas", replicas),
                       "selector": ",".join(f"{k}={v}" for k, v in labels.items())}}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: maps merge recursively, ``null`` deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _json_patch(doc: Obj, ops: list[Obj]) -> Obj:
    doc = copy.deepcopy(doc)
    for op in ops:
        if op.get("op") not in ("add", "replace"):
            raise ValueError(f"unsupported JSON patch op {op.get('op')!r}")
        *parents, leaf = [p.replace("~1", "/").replace("~0", "~")
                          for p in str(op["path"]).split("/")[1:]]
        node = doc
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = op["value"]
    return doc


def _patched(current: Obj, body: bytes, content_type: str, method: str) -> Obj:
    data = json.loads(body or b"{}")
    if method == "PUT":
        return dict(data)
    if "json-patch" in content_type:
        return _json_patch(current, data)
    return dict(merge_patch(current, data))


def _apply_replicas(dep: Obj, replicas: int) -> None:
    dep["spec"]["replicas"] = replicas
    dep["metadata"]["generation"] = int(dep["metadata"].get("generation", 1)) + 1
    dep["status"].update(replicas=replicas, readyReplicas=replicas, updatedReplicas=replicas,
                         availableReplicas=replicas,
                         observedGeneration=dep["metadata"]["generation"])


def write(state: ClusterState, method: str, target: Target, body: bytes,
          content_type: str) -> tuple[int, Obj]:
    """Apply a PATCH or PUT to a deployment, its scale or a ConfigMap; answer (code, object)."""
    if target.kind == "configmaps" and target.name:
        return _write_configmap(state, method, target, body, content_type)
    if target.kind != "deployments" or not target.name:
        return 405, _status(405, "MethodNotAllowed", f"{method} not allowed here")
    key = f"{target.namespace}/{target.name}"
    dep = state.get("deployments", key)
    if dep is None:
        return 404, _status(404, "NotFound", f'deployments.apps "{target.name}" not found')
    try:
        if target.sub == "scale":
            new = _patched(scale_of(dep), body, content_type, method)
            replicas = int(new["spec"]["replicas"])
            if replicas < 0:
                raise ValueError("replicas must be >= 0")
            state.update("deployments", key, lambda d: _apply_replicas(d, replicas))
            return 200, scale_of(dep)
        new = _patched(dep, body, content_type, method)
    except (ValueError, KeyError, TypeError) as exc:
        return 422, _status(422, "Invalid", f"invalid patch: {exc}")
    spec = new.get("spec", {})

    def replace(d: Obj) -> None:
        changed = spec != d["spec"]
        d["spec"] = spec
        d["metadata"]["annotations"] = new.get("metadata", {}).get("annotations", {})
        if changed:
            _apply_replicas(d, int(spec.get("replicas", 1)))

    state.update("deployments", key, replace)
    return 200, dep


def _write_configmap(state: ClusterState, method: str, target: Target, body: bytes,
                     content_type: str) -> tuple[int, Obj]:
    key = f"{target.namespace}/{target.name}"
    current = state.get("configmaps", key)
    if current is None:
        return 404, _status(404, "NotFound", f'configmaps "{target.name}" not found')
    try:
        new = _patched(current, body, content_type, method)
        data = {str(k): str(v) for k, v in (new.get("data") or {}).items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        return 422, _status(422, "Invalid", f"invalid patch: {exc}")

    def replace(cm: Obj) -> None:
        cm["data"] = data

    return 200, state.update("configmaps", key, replace)
