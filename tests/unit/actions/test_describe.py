"""Descriptions say exactly what will be called, on which site."""

from __future__ import annotations

import pytest

from console.actions.describe import describe
from console.plan import load_plan
from tests.unit.actions.rig import Rig, step


@pytest.mark.parametrize(("action", "expected"), [
    ({"kind": "promote-postgres", "site": "dr"},
     "Promote PostgreSQL standby on site dr (pg_promote)"),
    ({"kind": "scale-deployment", "site": "dr", "deployment": "erlmcp", "replicas": 3},
     "Scale deployment erlmcp/erlmcp on site dr to 3 replicas (kubectl scale)"),
    ({"kind": "promote-redis", "site": "dr"},
     "Promote Redis replica on site dr to master (REPLICAOF NO ONE)"),
    ({"kind": "rewrite-aof", "site": "dr"},
     "Rewrite the Redis append-only file on site dr (BGREWRITEAOF)"),
    ({"kind": "dns-failover"}, "Point the service DNS record at site dr (DNS failover)"),
    ({"kind": "dns-rollback"},
     "Point the service DNS record back at site primary (DNS rollback)"),
    ({"kind": "wait-for-health", "site": "dr", "timeout": "5m", "interval": "30s"},
     "Wait up to 5m for health/dr to be fresh and ok (checking every 30s; no remote call)"),
    ({"kind": "run-script", "path": "./x.sh", "args": ["--a"], "timeout": "30m"},
     "Run script ./x.sh --a (timeout 30m)"),
    ({"kind": "test-restore", "component": "postgres-full", "target": "nas"},
     "Restore postgres-full from its newest backup in store nas "
     "(into the site holding the writable copy)"),
])
def test_planned_description(action: dict[str, object], expected: str) -> None:
    planned = Rig().runner.plan_action(step(action, "p1"))
    assert planned.description == expected
    assert planned.step_id == "p1"
    assert planned.kind == action["kind"]


def test_every_action_of_the_default_plan_names_its_site() -> None:
    plan = load_plan()
    described = 0
    for _, s in plan.steps():
        if s.action is None:
            continue
        text = describe(s.action)
        described += 1
        site = getattr(s.action, "site", None)
        if site is not None:
            assert f"site {site}" in text or f"health/{site}" in text, text
    assert described > 20


def test_a_step_without_action_cannot_be_planned() -> None:
    with pytest.raises(ValueError, match="no action"):
        Rig().runner.plan_action(step(None))
