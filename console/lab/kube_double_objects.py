"""Builders of the Kubernetes objects the API double serves: nodes, pods, deployments, events.

They are shaped like a real cluster's JSON (conditions, container statuses, owner
references, a few kilobytes per pod) so that parsing costs measured against the double, by
the adapter and by ``kubectl``, resemble the ones of a real API server.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

Obj = dict[str, Any]

EPOCH = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
"""Deterministic creation time: the same seed gives byte-identical objects."""


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _uid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def node(name: str, rng: random.Random, *, ready: bool = True) -> Obj:
    conditions = [
        {"type": t, "status": "False", "reason": f"KubeletHas{r}", "message": m,
         "lastHeartbeatTime": stamp(EPOCH), "lastTransitionTime": stamp(EPOCH)}
        for t, r, m in (("MemoryPressure", "SufficientMemory", "kubelet has sufficient memory"),
                        ("DiskPressure", "NoDiskPressure", "kubelet has no disk pressure"),
                        ("PIDPressure", "SufficientPID", "kubelet has sufficient PID"))
    ]
    conditions.append(ready_condition(ready))
    return {
        "kind": "Node", "apiVersion": "v1",
        "metadata": {"name": name, "uid": _uid(rng), "creationTimestamp": stamp(EPOCH),
                     "labels": {"kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
                                "node-role.kubernetes.io/worker": ""}},
        "spec": {"podCIDR": f"10.{rng.randrange(256)}.{rng.randrange(256)}.0/24"},
        "status": {"capacity": {"cpu": "16", "memory": "65843524Ki", "pods": "110"},
                   "allocatable": {"cpu": "15800m", "memory": "63643524Ki", "pods": "110"},
                   "conditions": conditions,
                   "nodeInfo": {"kubeletVersion": "v1.32.4", "osImage": "Debian GNU/Linux 12",
                                "containerRuntimeVersion": "containerd://1.7.24",
                                "architecture": "amd64", "operatingSystem": "linux"}},
    }


def ready_condition(ready: bool) -> Obj:
    return {"type": "Ready", "status": "True" if ready else "Unknown",
            "reason": "KubeletReady" if ready else "NodeStatusUnknown",
            "message": "kubelet is posting ready status" if ready
            else "Kubelet stopped posting node status.",
            "lastHeartbeatTime": stamp(EPOCH), "lastTransitionTime": stamp(EPOCH)}


def deployment(namespace: str, name: str, replicas: int, rng: random.Random) -> Obj:
    labels = {"app": name}
    return {
        "kind": "Deployment", "apiVersion": "apps/v1",
        "metadata": {"name": name, "namespace": namespace, "uid": _uid(rng), "generation": 1,
                     "creationTimestamp": stamp(EPOCH), "labels": labels},
        "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                 "strategy": {"type": "RollingUpdate",
                              "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                 "template": {"metadata": {"labels": labels},
                              "spec": {"containers": [{"name": name,
                                                       "image": f"registry.local/{name}:3.0.0"}]}}},
        "status": {"replicas": replicas, "readyReplicas": replicas, "updatedReplicas": replicas,
                   "availableReplicas": replicas, "observedGeneration": 1},
    }


def pod(namespace: str, owner: str, name: str, node_name: str, rng: random.Random) -> Obj:
    started = stamp(EPOCH + timedelta(minutes=rng.randrange(600)))
    ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    container = {
        "name": owner, "image": f"registry.local/{owner}:3.0.0", "imagePullPolicy": "IfNotPresent",
        "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
        "env": [{"name": "ERLMCP_ENV", "value": "production"},
                {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
        "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                      "limits": {"cpu": "1", "memory": "1Gi"}},
        "readinessProbe": {"httpGet": {"path": "/health", "port": 8080}, "periodSeconds": 10},
        "volumeMounts": [{"name": "kube-api-access", "readOnly": True,
                          "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}],
    }
    conditions = [{"type": t, "status": "True", "lastTransitionTime": started}
                  for t in ("PodReadyToStartContainers", "Initialized", "Ready",
                            "ContainersReady", "PodScheduled")]
    return {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": {"name": name, "generateName": name.rsplit("-", 1)[0] + "-",
                     "namespace": namespace, "uid": _uid(rng), "creationTimestamp": started,
                     "labels": {"app": owner, "pod-template-hash": name.split("-")[-2]},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                          "name": name.rsplit("-", 1)[0], "uid": _uid(rng),
                                          "controller": True, "blockOwnerDeletion": True}]},
        "spec": {"containers": [container], "nodeName": node_name, "restartPolicy": "Always",
                 "serviceAccountName": "default", "schedulerName": "default-scheduler",
                 "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                 "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists",
                                  "effect": "NoExecute", "tolerationSeconds": 300}],
                 "volumes": [{"name": "kube-api-access", "projected": {"sources": [
                     {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}]}}]},
        "status": {"phase": "Running", "conditions": conditions, "hostIP": "192.168.0.10",
                   "podIP": ip, "podIPs": [{"ip": ip}], "startTime": started,
                   "qosClass": "Burstable",
                   "containerStatuses": [{
                       "name": owner, "ready": True, "started": True, "restartCount": 0,
                       "image": f"registry.local/{owner}:3.0.0",
                       "imageID": f"registry.local/{owner}@sha256:{rng.getrandbits(256):064x}",
                       "containerID": f"containerd://{rng.getrandbits(256):064x}",
                       "state": {"running": {"startedAt": started}}}]},
    }


def event(namespace: str, name: str, kind: str, involved: str, reason: str, message: str,
          *, warning: bool, when: datetime, count: int = 1) -> Obj:
    return {
        "kind": "Event", "apiVersion": "v1",
        "metadata": {"name": name, "namespace": namespace, "creationTimestamp": stamp(when)},
        "involvedObject": {"kind": kind, "namespace": namespace, "name": involved},
        "reason": reason, "message": message, "type": "Warning" if warning else "Normal",
        "count": count, "firstTimestamp": stamp(when), "lastTimestamp": stamp(when),
        "source": {"component": "kubelet"}, "reportingComponent": "kubelet",
    }
