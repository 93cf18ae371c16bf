"""The lab's backups are real and verifiable, and the calendar follows the verification."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from services.backups.manifest import Manifest
from tests.services.lab.conftest import Lab


def _tasks(run_cli: Callable[..., Any], lab: Lab) -> dict[str, str]:
    result = run_cli("--config", str(lab.config), "maintenance", "--json")
    assert result.code in (0, 1), result.err
    return {t["task"]["id"]: t["state"] for t in json.loads(result.out)["tasks"]}


def test_a_fresh_lab_verifies_clean_and_the_daily_check_is_then_done(
        lab_env: Lab, run_cli: Callable[..., Any]) -> None:
    assert _tasks(run_cli, lab_env)["daily-verify-backup-integrity"] == "due"
    result = run_cli("--config", str(lab_env.config), "backups", "verify", "--json")
    doc = json.loads(result.out)
    bad = [c for c in doc["cells"] if c["status"] != "verified"]
    assert result.code == 0 and not bad, bad
    stores = {c["target"] for c in doc["cells"]}
    assert stores == {"s3-region-1", "s3-region-2", "azure-region-1", "azure-region-2", "nas"}
    assert doc["downloaded_bytes"] > 0
    assert _tasks(run_cli, lab_env)["daily-verify-backup-integrity"] == "done"


def test_the_nas_holds_a_real_dump_with_its_manifest_and_the_wal_archive(lab_env: Lab) -> None:
    nas = lab_env.dir / "nas"
    dumps = sorted((nas / "postgres-full").glob("*.dump"))
    assert len(dumps) == 3
    manifest = Manifest.from_json(dumps[-1].with_name(dumps[-1].name + ".manifest.json")
                                  .read_bytes())
    assert manifest.row_counts["users"] == 300 and "public" in manifest.schemas
    assert dumps[-1].read_bytes()[:5] == b"PGDMP"
    segments = [p for p in (nas / "postgres-wal").iterdir() if len(p.name) == 24]
    assert segments, "the primary archives WAL into the NAS"
