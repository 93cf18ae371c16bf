"""The Kubernetes adapter: one cluster (one kubeconfig context) as a :class:`ClusterSnapshot`.

Built for a 10,000-pod cluster polled every few seconds during an incident: lists are
read as raw JSON in large pages, decoded by msgspec into Structs holding only the fields
shown (:mod:`services.kube.schema`) and reduced to compact rows (:mod:`services.kube.rows`);
after the first list, watches from its resourceVersion keep the rows current
(:mod:`services.kube.watch`), so a poll costs a probe and a few dict updates instead of
a re-list. Every blocking call of the synchronous official client runs in a bounded
executor with a hard timeout (:mod:`services.kube.executor`). Mutating calls are refused
here, in the service layer, when the console runs read-only, and get ``action_timeout_s``
rather than the poll's ``timeout_s``.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from datetime import UTC
from typing import Any

from services.clock import Clock, SystemClock
from services.kube.api import (
    KINDS,
    PAGE_SIZE,
    list_all,
    make_client,
    probe,
    read_json,
    translate,
)
from services.kube.executor import BoundedExecutor
from services.kube.rows import (
    PodFacts,
    deployment_row,
    event_row,
    key,
    node_ready,
    pod_facts,
    pods_summary,
    recent_warnings,
)
from services.kube.watch import Tracked
from services.models import ClusterSnapshot, DeploymentRow, EventRow, Site
from services.sources import ReadOnlyGuard

__all__ = ["KubeClusterSource"]

_COMPACT: dict[str, Callable[[Any], Any]] = {
    "nodes": node_ready, "pods": pod_facts, "deployments": deployment_row, "events": event_row}


class KubeClusterSource(ReadOnlyGuard):
    """``cluster/{site}``: nodes, deployments, pods and warnings of one context."""

    def __init__(self, site: Site, context: str, *, kubeconfig: str | None = None,
                 timeout_s: float = 5.0, action_timeout_s: float = 60.0,
                 read_only: bool = False,
                 executor: Executor | None = None, watch_s: int = 300,
                 page_size: int = PAGE_SIZE, clock: Clock | None = None) -> None:
        self.site, self.context, self.read_only = site, context, read_only
        self._kubeconfig, self._timeout_s, self._watch_s = kubeconfig, timeout_s, watch_s
        self._action_timeout_s = action_timeout_s
        self._page_size = page_size
        self._clock: Clock = clock or SystemClock()
        self._runner = BoundedExecutor(executor, max_in_flight=len(KINDS) + 2,
                                       name=f"kube-{site.value}")
        self._client: Any = None
        self._tracked: dict[str, Tracked[Any]] = {
            kind.name: Tracked(kind, _COMPACT[kind.name]) for kind in KINDS}
        self._closed = False

    @property
    def name(self) -> str:
        return f"cluster/{self.site.value}"

    async def _api(self) -> Any:
        if self._client is None:
            self._client = await self._runner.run(
                lambda: make_client(self._kubeconfig, self.context),
                timeout_s=self._timeout_s, what=f"{self.name} kubeconfig")
        return self._client

    def _list(self, tracked: Tracked[Any]) -> tuple[dict[str, Any], str]:
        """Worker thread: list one kind fully, compacting each page as it is decoded."""
        rows: dict[str, Any] = {}
        compact = tracked.compact

        def each_page(items: Sequence[Any]) -> None:
            rows.update({key(item): compact(item) for item in items})

        try:
            rv = list_all(self._client, tracked.kind, self._timeout_s, self._page_size,
                          each_page)
        except BaseException as exc:
            raise translate(exc, f"{self.name} list {tracked.kind.name}") from exc
        return rows, rv

    def _probe(self) -> None:
        try:
            probe(self._client, self._timeout_s)
        except BaseException as exc:
            raise translate(exc, f"{self.name} probe") from exc

    async def poll(self) -> ClusterSnapshot:
        """List what is not yet (or no longer) watched, apply watch deltas, summarise."""
        if self._closed:
            raise RuntimeError(f"{self.name} is closed")
        api = await self._api()
        stale = [t for t in self._tracked.values() if t.needs_list]
        if stale:
            results = await asyncio.gather(
                *(self._runner.run(functools.partial(self._list, t), timeout_s=self._timeout_s,
                                   what=f"{self.name} list {t.kind.name}") for t in stale),
                return_exceptions=True)
            errors = [r for r in results if isinstance(r, BaseException)]
            for tracked, result in zip(stale, results, strict=True):
                if not isinstance(result, BaseException):
                    rows, rv = result
                    tracked.replace(rows, rv, api, self._watch_s, self._timeout_s)
            if errors:
                raise errors[0]
        else:
            await self._runner.run(self._probe, timeout_s=self._timeout_s,
                                   what=f"{self.name} probe")
        for tracked in self._tracked.values():
            tracked.drain()
        return self._snapshot()

    def pod_keys(self) -> frozenset[str]:
        """``namespace/name`` of every pod as of the last poll (drill-down, cross-checks)."""
        return frozenset(self._tracked["pods"].rows)

    def _snapshot(self) -> ClusterSnapshot:
        nodes: dict[str, bool] = self._tracked["nodes"].rows
        pods: dict[str, PodFacts] = self._tracked["pods"].rows
        deployments: dict[str, DeploymentRow] = self._tracked["deployments"].rows
        events: dict[str, EventRow] = self._tracked["events"].rows
        phases, problems = pods_summary(pods)
        return ClusterSnapshot(
            observed_at=self._clock.now(), site=self.site, context=self.context,
            nodes_ready=sum(1 for ready in nodes.values() if ready), nodes_total=len(nodes),
            deployments=tuple(deployments[k] for k in sorted(deployments)),
            pods_by_phase=phases, problem_pods=problems,
            warnings=recent_warnings(events.values()))

    # -- actions ------------------------------------------------------------------------
    async def _write(self, what: str, call: Any) -> None:
        await self._api()

        def run() -> None:
            try:
                read_json(call())
            except BaseException as exc:
                raise translate(exc, f"{self.name} {what}") from exc

        await self._runner.run(run, timeout_s=self._action_timeout_s,
                               what=f"{self.name} {what}")

    async def scale(self, namespace: str, deployment: str, replicas: int) -> None:
        """Set a deployment's replicas through its ``scale`` subresource."""
        self._guard(f"scale {namespace}/{deployment}")
        if replicas < 0:
            raise ValueError("replicas must be >= 0")
        from kubernetes import client

        await self._write(f"scale {namespace}/{deployment}", lambda: client.AppsV1Api(
            self._client).patch_namespaced_deployment_scale(
            deployment, namespace, {"spec": {"replicas": replicas}}, _preload_content=False,
            _request_timeout=(self._timeout_s, self._action_timeout_s)))

    async def patch_configmap(self, namespace: str, name: str,
                              data: dict[str, str]) -> dict[str, str]:
        """Set ``data`` keys of a ConfigMap (a merge patch: other keys stay); returns the
        values those keys had before, read first (``?`` for a key that was absent)."""
        self._guard(f"patch configmap {namespace}/{name}")
        from kubernetes import client

        api = await self._api()
        before: dict[str, str] = {}

        def read() -> None:
            try:
                current = read_json(client.CoreV1Api(api).read_namespaced_config_map(
                    name, namespace, _preload_content=False,
                    _request_timeout=(self._timeout_s, self._timeout_s)))
            except BaseException as exc:
                raise translate(exc, f"{self.name} read configmap {namespace}/{name}") from exc
            old = current.get("data") or {}
            before.update({k: str(old.get(k, "?")) for k in data})

        await self._runner.run(read, timeout_s=self._timeout_s,
                               what=f"{self.name} read configmap {namespace}/{name}")
        await self._write(f"patch configmap {namespace}/{name}", lambda: client.CoreV1Api(
            self._client).patch_namespaced_config_map(
            name, namespace, {"data": data}, _preload_content=False,
            _request_timeout=(self._timeout_s, self._action_timeout_s)))
        return before

    async def rollout_restart(self, namespace: str, deployment: str) -> None:
        """What ``kubectl rollout restart`` does: stamp the pod template, new pods roll out."""
        self._guard(f"rollout restart {namespace}/{deployment}")
        from kubernetes import client

        stamp = self._clock.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"spec": {"template": {"metadata": {"annotations": {
            "kubectl.kubernetes.io/restartedAt": stamp}}}}}
        await self._write(f"rollout restart {namespace}/{deployment}", lambda: client.AppsV1Api(
            self._client).patch_namespaced_deployment(
            deployment, namespace, body, _preload_content=False,
            _request_timeout=(self._timeout_s, self._action_timeout_s)))

    def close(self) -> None:
        """Stop every watch thread and our executor; the source cannot be polled again."""
        self._closed = True
        for tracked in self._tracked.values():
            tracked.stop()
        self._runner.shutdown()
        if self._client is not None:
            self._client.close()
            self._client = None

