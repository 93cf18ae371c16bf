"""Redis restore in the lab: the sessions cache lost on the primary, then the console's
``backups restore redis`` from S3 region 2: checked RDB placed where the lab's Redis loads it
(the old files kept aside), the server restarted by the lab's configured restart command,
the keys it loaded counted against the RDB, the replica re-synced, the lab still whole.

Named to run before test_lab.py, which stops the shared lab at its end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import redis

from console.journal.read import read_journal
from console.lab.lab_state import LabState
from tests.services.lab.conftest import Lab, run_lab

RESTORE = ("backups", "restore", "redis")


def _client(lab: Lab, component: str) -> redis.Redis:
    state = LabState.load(lab.dir)
    assert state is not None
    return redis.Redis(host="127.0.0.1", port=state.components[component].port,
                       socket_timeout=5, decode_responses=True)


def _wait_keys(client: redis.Redis, keys: int, limit_s: float = 20.0) -> int:
    deadline = time.monotonic() + limit_s
    found = -1
    while time.monotonic() < deadline:
        try:
            found = int(client.dbsize())  # type: ignore[arg-type]
        except redis.RedisError:
            found = -1
        if found == keys:
            break
        time.sleep(0.1)
    return found


def test_redis_restore_from_s3_region_2_places_restarts_and_counts(
        lab_env: Lab, run_cli: Callable[..., Any]) -> None:
    primary = _client(lab_env, "redis-primary")
    before = int(primary.dbsize())  # type: ignore[arg-type]
    assert before == 500
    primary.flushall()  # the incident: the sessions cache is gone
    assert _wait_keys(_client(lab_env, "redis-replica"), 0) == 0
    config = str(lab_env.config)
    unconfirmed = run_cli("--config", config, *RESTORE, "--from", "s3-region-2",
                          "--to", "primary")
    assert unconfirmed.code == 2 and "--confirm primary" in unconfirmed.err
    done = run_cli("--config", config, *RESTORE, "--from", "s3-region-2", "--to", "primary",
                   "--confirm", "primary")
    assert done.code == 0, done.out + done.err
    assert "PASS: restored redis-rdb" in done.out and "from s3-region-2" in done.out
    assert "keys loaded (+ expired on load): 500 (the RDB holds 500) ok" in done.out
    assert "checksum ok" in done.err and "restarting Redis" in done.err
    assert _wait_keys(_client(lab_env, "redis-primary"), 500) == 500
    assert _wait_keys(_client(lab_env, "redis-replica"), 500) == 500  # re-synced
    server_dir = lab_env.dir / "redis" / "primary"
    assert list(server_dir.glob("appendonlydir.before-restore-*")), "the old AOF was not kept"
    assert (server_dir / "appendonlydir" / "appendonly.aof.1.base.rdb").exists()
    journal = [p for p in sorted((lab_env.dir / "journal").glob("**/*.jsonl"))
               if '"restore-redis"' in p.read_text()]
    assert journal, "no journal recorded the restore"
    kinds = [e.type for e in read_journal(journal[-1]).events]
    assert "action-confirmed" in kinds and "action-succeeded" in kinds
    status = run_lab("status", "--dir", str(lab_env.dir))
    assert status.code == 0, status.out  # the restarted server's new pid is recorded
