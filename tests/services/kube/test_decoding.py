"""msgspec decoding: only the fields the rows need, tolerant of what the API server omits.

The Structs declare a handful of fields and skip the rest of each object; these pin down
that the rows built from them say what the dict-walking version said (null and missing
fields, waiting reasons, Terminating, both event shapes), that watch lines of every type
are handled, and that pages of any size add up to the whole list.
"""

from __future__ import annotations

import json
from collections import deque
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest

from console.lab.kube_double import KubeDouble
from services.kube.api import KINDS
from services.kube.rows import deployment_row, event_row, key, node_ready, pod_facts
from services.kube.schema import Deployment, Event, Node, ObjectList, Pod, WatchEvent
from services.kube.source import KubeClusterSource
from services.kube.watch import Tracked
from services.models import Site

_KINDS = {kind.name: kind for kind in KINDS}


def _pod(**status: Any) -> Pod:
    body = {"metadata": {"name": "p", "namespace": "ns", "labels": {"a": "b"}},
            "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "i"}]},
            "status": status}
    return msgspec.json.decode(json.dumps(body), type=Pod)


def test_pod_facts_of_a_crash_looping_pod() -> None:
    facts = pod_facts(_pod(
        phase="Running", conditions=[{"type": "Ready", "status": "False"}],
        containerStatuses=[
            {"restartCount": 2, "state": {"running": {"startedAt": "x"}}},
            {"restartCount": 5, "state": {"waiting": {"reason": "CrashLoopBackOff",
                                                      "message": "back-off"}}}]))
    assert facts == ("Running", False, 7, "CrashLoopBackOff", "n1")


def test_pod_facts_with_nulls_and_missing_fields() -> None:
    pod = msgspec.json.decode(b'{"metadata":{"name":"p"},"spec":null,"status":{"phase":null,'
                              b'"conditions":null,"containerStatuses":[{"restartCount":null,'
                              b'"state":null}],"reason":"Evicted"}}', type=Pod)
    assert pod_facts(pod) == ("Unknown", False, 0, "Evicted", "")
    assert key(pod) == "/p"


def test_terminating_pod_and_ready_pod() -> None:
    pod = msgspec.json.decode(b'{"metadata":{"name":"p","namespace":"ns","deletionTimestamp":'
                              b'"2025-01-06T08:00:00Z"},"status":{"phase":"Running","conditions":'
                              b'[{"type":"Ready","status":"True"}]}}', type=Pod)
    assert pod_facts(pod) == ("Running", True, 0, "Terminating", "")


def test_node_and_deployment_rows() -> None:
    node = msgspec.json.decode(b'{"metadata":{"name":"n"},"status":{"conditions":['
                               b'{"type":"DiskPressure","status":"True"},'
                               b'{"type":"Ready","status":"True"}]}}', type=Node)
    assert node_ready(node)
    assert not node_ready(msgspec.json.decode(b'{"metadata":{"name":"n"}}', type=Node))
    dep = msgspec.json.decode(b'{"metadata":{"name":"d","namespace":"ns"},"spec":{},'
                              b'"status":{"readyReplicas":2}}', type=Deployment)
    row = deployment_row(dep)
    assert (row.namespace, row.name, row.ready_replicas, row.desired_replicas) == (
        "ns", "d", 2, 1)


def test_event_rows_of_core_and_series_shapes() -> None:
    core = msgspec.json.decode(json.dumps({
        "metadata": {"name": "e", "namespace": "ns", "creationTimestamp": "2025-01-06T07:00:00Z"},
        "involvedObject": {"kind": "Pod", "name": "p"}, "reason": "BackOff", "message": "m",
        "count": 4, "lastTimestamp": "2025-01-06T08:00:00Z", "type": "Warning"}), type=Event)
    row = event_row(core)
    assert (row.involved_object, row.reason, row.count, row.last_seen) == (
        "Pod/p", "BackOff", 4, datetime(2025, 1, 6, 8, tzinfo=UTC))
    series = msgspec.json.decode(json.dumps({
        "metadata": {"name": "e", "namespace": "ns"}, "regarding": {"kind": "Node", "name": "n"},
        "reason": None, "series": {"count": 9, "lastObservedTime": "2025-01-06T09:00:00Z"}}),
        type=Event)
    row = event_row(series)
    assert (row.involved_object, row.reason, row.count, row.last_seen) == (
        "Node/n", "", 9, datetime(2025, 1, 6, 9, tzinfo=UTC))


def test_a_list_that_is_not_a_list_is_a_decode_error() -> None:
    with pytest.raises(ValueError):  # translated into BadAnswer by the adapter
        msgspec.json.decode(b'{"items":[{"spec":{}}]}', type=ObjectList[Pod])
    with pytest.raises(ValueError):
        msgspec.json.decode(b"<html>", type=ObjectList[Pod])


def _apply(tracked: Tracked[Any], line: bytes, rv: str = "1") -> tuple[str, list[Any]]:
    deltas: deque[tuple[str, Any]] = deque()
    new_rv = tracked._apply(msgspec.json.decode(line, type=WatchEvent), rv, deltas)
    return new_rv, list(deltas)


def test_watch_lines_of_every_type() -> None:
    tracked: Tracked[Any] = Tracked(_KINDS["pods"], pod_facts)
    rv, deltas = _apply(tracked, b'{"type":"ADDED","object":{"metadata":{"name":"p",'
                        b'"namespace":"ns","resourceVersion":"7"},"status":{"phase":"Pending"}}}')
    assert rv == "7" and deltas == [("ns/p", ("Pending", False, 0, "", ""))]
    rv, deltas = _apply(tracked, b'{"type":"DELETED","object":{"metadata":{"name":"p",'
                        b'"namespace":"ns","resourceVersion":"8"}}}')
    assert rv == "8" and deltas == [("ns/p", None)]
    rv, deltas = _apply(tracked, b'{"type":"BOOKMARK","object":{"kind":"Pod",'
                        b'"metadata":{"resourceVersion":"12"}}}')
    assert rv == "12" and deltas == []
    rv, deltas = _apply(tracked, b'{"type":"ERROR","object":{"kind":"Status","code":410}}', "5")
    assert rv == "5" and deltas == [] and tracked.expired
    with pytest.raises(ValueError, match="boom"):
        _apply(tracked, b'{"type":"ERROR","object":{"code":500,"message":"boom"}}')


async def test_small_pages_add_up_to_the_whole_list(kubeconfig: Path, double: KubeDouble) -> None:
    src = KubeClusterSource(Site.PRIMARY, "primary", kubeconfig=str(kubeconfig), page_size=7)
    try:
        snap = await src.poll()
    finally:
        src.close()
    assert src.pod_keys() == double.pod_names()
    assert snap.pods_by_phase == {"Running": 40}
    assert double.count("list", "pods") == 6  # 40 pods, 7 a page

