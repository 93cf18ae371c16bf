"""A plan's restore steps name a backup schedule of the plan and a store it writes to:
otherwise ``plan check`` (and every command loading the plan) is one line naming the step's
field, exit 2 — not a restore that fails at 3 a.m. with "no backup store"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SCALE = 'action = { kind = "scale-deployment", site = "dr", deployment = "erlmcp", replicas = 3 }'
STORES = """
[[backup_targets]]
id = "nas"
store = "nas"

[[backup_targets]]
id = "s3-region-2"
store = "s3"

[[backups]]
id = "postgres-full"
component = "PostgreSQL"
backup_type = "Full"
frequency = "daily"
targets = ["nas"]

[[backups]]
id = "redis-rdb"
component = "Redis"
backup_type = "RDB"
frequency = "hourly"
targets = ["nas", "s3-region-2"]
"""


def _plan(tmp_path: Path, mini_plan_text: str, action: str) -> Path:
    assert SCALE in mini_plan_text
    path = tmp_path / "plan.toml"
    path.write_text(mini_plan_text.replace(SCALE, f"action = {action}") + STORES)
    return path


@pytest.mark.parametrize(("kind", "component", "store", "field", "says"), [
    ("restore-postgres", "postgres-full", "moon", "action.store",
     "unknown backup target of postgres-full 'moon' (known: nas)"),
    ("restore-postgres", "postgres-full", "s3-region-2", "action.store",
     "unknown backup target of postgres-full 's3-region-2' (known: nas)"),
    ("restore-redis", "redis-aof", "nas", "action.component",
     "unknown backup schedule 'redis-aof' (known: postgres-full, redis-rdb)"),
])
def test_a_restore_naming_what_the_plan_lacks_is_one_line_exit_2(
        run_cli: Any, tmp_path: Path, mini_plan_text: str, kind: str, component: str,
        store: str, field: str, says: str) -> None:
    path = _plan(tmp_path, mini_plan_text, f'{{ kind = "{kind}", site = "primary", '
                                           f'component = "{component}", store = "{store}" }}')
    result = run_cli("plan", "check", str(path))
    assert result.code == 2
    assert result.err.startswith(
        f"recovery-console: error: {path}: runbook.phases[0].steps[0].{field}: ")
    assert says in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_restores_naming_real_schedules_and_stores_pass(run_cli: Any, tmp_path: Path,
                                                        mini_plan_text: str) -> None:
    for action in ('{ kind = "restore-redis", site = "dr", store = "s3-region-2" }',
                   '{ kind = "restore-postgres", site = "primary", store = "nas" }'):
        result = run_cli("plan", "check", str(_plan(tmp_path, mini_plan_text, action)))
        assert result.code == 0, result.err
