"""A Kubernetes API double: no kube-apiserver can run on these machines, so tests use this.

It serves the real REST paths and JSON (see :mod:`console.lab.kube_double_http`) from an
in-memory cluster on a free loopback port, over plain HTTP, in a background thread. Both
``kubectl`` and the official Python client talk to it through an ordinary kubeconfig
(:func:`write_kubeconfig`). Mutators bump the resourceVersion and feed watches, so the
adapter's watch path is exercised exactly as against a real cluster.

Run standalone (the benchmark does, to keep the server out of the measured process)::

    python -m console.lab.kube_double --pods 10000 --nodes 500 --deployments 300
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
from datetime import timedelta
from pathlib import Path

from console.lab import kube_double_objects as build
from console.lab.kube_double_http import DoubleServer
from console.lab.kube_double_hung import HungServer
from console.lab.kube_double_objects import Obj
from console.lab.kube_double_state import ClusterState

__all__ = ["HungServer", "KubeDouble", "write_kubeconfig"]

KEY_DEPLOYMENTS = {"erlmcp": 3, "postgres": 1, "redis": 1}


class KubeDouble:
    """One simulated cluster behind an HTTP server; ``url`` goes into a kubeconfig."""

    def __init__(self, *, token: str | None = None) -> None:
        self.state = ClusterState()
        self._server = DoubleServer(self.state, token)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="kube-double", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- observation (what tests assert on) -----------------------------------------------
    def count(self, verb: str, kind: str) -> int:
        """Requests seen: ``count("list", "nodes")``, ``count("patch", "deployments/scale")``."""
        return self._server.counts[(verb, kind)]

    @property
    def writes(self) -> int:
        return sum(n for (verb, _), n in self._server.counts.items()
                   if verb in ("patch", "put", "post", "delete"))

    @property
    def requests(self) -> list[tuple[str, str]]:
        return list(self._server.log)

    @property
    def watch_gone_as_http(self) -> bool:
        return self._server.watch_gone_as_http

    @watch_gone_as_http.setter
    def watch_gone_as_http(self, value: bool) -> None:
        self._server.watch_gone_as_http = value

    # -- state builders -------------------------------------------------------------------
    def populate(self, *, pods: int = 20, nodes: int = 3, deployments: int = 5,
                 namespace: str = "erlmcp", seed: int = 0) -> None:
        """A deterministic healthy cluster; erlmcp, postgres and redis come first.

        Pods are spread over the deployments (the key ones get their usual replica count,
        the rest round-robin), and every deployment's replicas equals its pods.
        """
        rng = random.Random(seed)
        node_names = [f"node-{i:04d}" for i in range(nodes)]
        for name in node_names:
            self.state.put("nodes", build.node(name, rng), record=False)
        deps: list[tuple[str, str]] = [(namespace, n) for n in KEY_DEPLOYMENTS][:deployments]
        deps += [(f"apps-{i % 10}", f"svc-{i:04d}") for i in range(len(deps), deployments)]
        counts = [0] * len(deps)
        left = pods
        for i, (_, name) in enumerate(deps):
            counts[i] = min(KEY_DEPLOYMENTS.get(name, 0), left)
            left -= counts[i]
        spread = list(range(len(KEY_DEPLOYMENTS), len(deps))) or list(range(len(deps)))
        for i in range(left if spread else 0):
            counts[spread[i % len(spread)]] += 1
        index = 0
        for (ns, name), replicas in zip(deps, counts, strict=True):
            self.state.put("deployments", build.deployment(ns, name, replicas, rng), record=False)
            template = f"{rng.getrandbits(40):010x}"
            for _ in range(replicas):
                pod_name = f"{name}-{template}-{rng.getrandbits(20):05x}"
                node_name = node_names[index % len(node_names)] if node_names else ""
                self.state.put("pods", build.pod(ns, name, pod_name, node_name, rng),
                               record=False)
                index += 1
        self.state.put("events", build.event(
            namespace, "erlmcp.started", "Deployment", "erlmcp", "ScalingReplicaSet",
            "Scaled up replica set", warning=False, when=build.EPOCH), record=False)
        self.put_configmap(namespace, "erlmcp-config", {
            "DATABASE_HOST": "postgres:5432", "REDIS_HOST": "redis:6379"})

    def put_configmap(self, namespace: str, name: str, data: dict[str, str]) -> None:
        """Create or replace a ConfigMap (the application's endpoints, for switch-site)."""
        self.state.put("configmaps", {
            "kind": "ConfigMap", "apiVersion": "v1", "data": dict(data),
            "metadata": {"name": name, "namespace": namespace,
                         "creationTimestamp": build.stamp(build.EPOCH)}})

    def configmap(self, namespace: str, name: str) -> dict[str, str]:
        """A ConfigMap's data as the API holds it now (tests read what was patched)."""
        obj = self.state.get("configmaps", f"{namespace}/{name}")
        return dict(obj["data"]) if obj is not None else {}

    # -- mutators (each bumps resourceVersion and feeds watches) ---------------------------
    def set_node_ready(self, name: str, ready: bool) -> None:
        def change(node: Obj) -> None:
            conditions = node["status"]["conditions"]
            node["status"]["conditions"] = [c for c in conditions if c["type"] != "Ready"]
            node["status"]["conditions"].append(build.ready_condition(ready))

        self.state.update("nodes", f"/{name}", change)

    def crash_loop_pod(self, namespace: str, name: str, restarts: int = 5) -> None:
        def change(pod: Obj) -> None:
            for status in pod["status"]["containerStatuses"]:
                status.update(ready=False, started=False, restartCount=restarts, state={
                    "waiting": {"reason": "CrashLoopBackOff",
                                "message": "back-off 5m0s restarting failed container"}})
            for cond in pod["status"]["conditions"]:
                if cond["type"] in ("Ready", "ContainersReady"):
                    cond["status"] = "False"

        self.state.update("pods", f"{namespace}/{name}", change)

    def add_warning_event(self, namespace: str, kind: str, involved: str, reason: str,
                          message: str, *, count: int = 1) -> str:
        name = f"{involved}.{self.state.rv + 1:x}"
        when = build.EPOCH + timedelta(seconds=self.state.rv)
        self.state.put("events", build.event(namespace, name, kind, involved, reason, message,
                                             warning=True, when=when, count=count))
        return name

    def delete_pod(self, namespace: str, name: str) -> None:
        self.state.delete("pods", f"{namespace}/{name}")

    def compact(self, kind: str | None = None) -> None:
        """Expire watch history (of one kind, or all): the next watch gets 410 Gone."""
        self.state.compact(kind)

    def kill_watches(self) -> None:
        self.state.kill_watches()

    def pod_names(self) -> set[str]:
        return {key for key, _, _ in self.state.items("pods")[1]}

    def stop(self) -> None:
        self._server.stopping = True
        self.state.kill_watches()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def write_kubeconfig(path: str | Path, contexts: dict[str, str], *,
                     token: str | None = None) -> Path:
    """A kubeconfig with one cluster, user and context per ``{context: server_url}``.

    JSON is valid YAML, so no YAML writer is needed; the first context is current.
    """
    import json

    names = list(contexts)
    user: dict[str, object] = {"token": token} if token else {}
    doc = {
        "apiVersion": "v1", "kind": "Config", "preferences": {},
        "current-context": names[0] if names else "",
        "clusters": [{"name": n, "cluster": {"server": url}} for n, url in contexts.items()],
        "users": [{"name": n, "user": user} for n in names],
        "contexts": [{"name": n, "context": {"cluster": n, "user": n}} for n in names],
    }
    out = Path(path)
    out.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    """Serve one populated cluster until stdin closes; print its URL first."""
    parser = argparse.ArgumentParser(prog="python -m console.lab.kube_double")
    parser.add_argument("--pods", type=int, default=20)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--deployments", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    double = KubeDouble()
    double.populate(pods=args.pods, nodes=args.nodes, deployments=args.deployments,
                    seed=args.seed)
    sys.stdout.write(double.url + "\n")
    sys.stdout.flush()
    sys.stdin.read()
    double.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
