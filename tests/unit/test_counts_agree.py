"""Counts say what they count, the same in ``status`` and on the site card.

The TUI once showed ``5/5 deploy`` (replicas) where ``status`` said ``deployments 3/3``
(deployments, a standby scaled to 0 counted as ready): the same fact, two numbers.
"""

from __future__ import annotations

from datetime import UTC, datetime

from console.commands.snapshot_summary import summarize
from console.judge.parts import cluster_part
from services.models import ClusterSnapshot, DeploymentRow, PodRow, Site


def _standby_cluster() -> ClusterSnapshot:
    rows = (DeploymentRow(namespace="erlmcp", name="api", ready_replicas=2, desired_replicas=3),
            DeploymentRow(namespace="erlmcp", name="worker", ready_replicas=2,
                          desired_replicas=2),
            DeploymentRow(namespace="erlmcp", name="batch", ready_replicas=0,
                          desired_replicas=0))
    pods = (PodRow(namespace="erlmcp", name="api-1", phase="Pending", ready=False, restarts=0),
            PodRow(namespace="erlmcp", name="worker-1", phase="Running", ready=True,
                   restarts=7))
    return ClusterSnapshot(observed_at=datetime(2026, 1, 1, tzinfo=UTC), site=Site.DR,
                           nodes_ready=2, nodes_total=3, deployments=rows, problem_pods=pods)


def test_status_and_site_card_count_the_same_things() -> None:
    snap = _standby_cluster()
    card, line = cluster_part(snap).text, summarize(snap)
    assert card.startswith("2/3 nodes · 1/2 deploys ready · 1 pods not ready"), card
    assert line.startswith("2/3 nodes ready, 1/2 deploys ready (1 scaled to 0), "
                           "1 pods not ready"), line
