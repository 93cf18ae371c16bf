"""``backups verify`` against real stores: moto (two S3 regions), Azurite (two containers),
a NAS directory, holding real pg_dump backups and their manifests.

Each test lays the same three daily generations into every store, breaks one thing the
way the night breaks it, and expects the finding on exactly that component and store.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from console.commands.backups_verify import run_verify, verify
from console.config.models import BackupStoreSettings
from console.config.settings import Settings
from console.judge.backup_verify import Verification, VerifiedCell
from console.lab import backups_lab_stores as stores
from console.lab.azurite_lab import AzuriteLab, start_azurite
from console.lab.lab_backups import azurite_connection_string, empty_s3, s3
from console.lab.moto_lab import CREDENTIALS, MotoLab, start_moto
from console.lab.postgres_lab import PostgresLab
from console.maintenance.calendar import calendar
from console.maintenance.journal import read_events
from console.plan import Plan, load_plan
from services.backups.manifest import Manifest, write_manifest
from services.backups.produce import Produced, dump_postgres
from tests.services.lab_fixture import running_lab

COMPONENT = "postgres-full"
NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass
class Stores:
    moto: MotoLab
    azurite: AzuriteLab
    nas: Path
    made: list[Produced]
    journal: Path

    def settings(self) -> Settings:
        key, secret = CREDENTIALS["aws_access_key_id"], CREDENTIALS["aws_secret_access_key"]
        backups = [BackupStoreSettings.model_validate({
            "target": target, "kind": "s3", "bucket": bucket, "region": region,
            "endpoint_url": self.moto.endpoint_url, "access_key_id": key,
            "secret_access_key": secret}) for target, (bucket, region) in stores.S3_TARGETS.items()]
        backups += [BackupStoreSettings.model_validate({
            "target": target, "kind": "azure-blob", "container": container,
            "connection_string": azurite_connection_string(self.azurite.port)})
            for target, container in stores.AZURE_TARGETS.items()]
        backups.append(BackupStoreSettings(target="nas", kind="nas", path=self.nas))
        return Settings(backups=tuple(backups), journal_dir=self.journal)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stores]:
    moto, azurite = start_moto(seed=False), start_azurite(seed=False)
    base = tmp_path_factory.mktemp("verify")
    try:
        made: list[Produced] = []
        for pg in running_lab(PostgresLab, "rc-verify-pg-", servers=2):
            made = [dump_postgres(pg.primary_dsn, base / "staging", COMPONENT,
                                  ("users", "sessions"), created_at=NOW - timedelta(days=k))
                    for k in range(3)]
        yield Stores(moto, azurite, base / "nas", made, base / "journal")
    finally:
        moto.stop()
        azurite.stop()


@pytest.fixture
def lab(servers: Stores) -> Stores:
    """Every store holds the same three generations, nothing else; a fresh journal."""
    with contextlib.suppress(Exception):  # before the first upload there is no bucket
        empty_s3(servers.moto.endpoint_url)
    with contextlib.suppress(Exception):
        stores.empty_azure(servers.azurite.port)
    shutil.rmtree(servers.nas, ignore_errors=True)
    shutil.rmtree(servers.journal, ignore_errors=True)
    stores.upload_s3(servers.moto.endpoint_url, servers.made)
    stores.upload_azure(servers.azurite.port, servers.made)
    stores.copy_nas(servers.nas, servers.made)
    return servers


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(None)


def _check(lab: Stores, plan: Plan) -> dict[str, VerifiedCell]:
    result = verify(lab.settings(), plan, components=(COMPONENT,))
    return {c.target: c for c in result.cells}


def _only_failure(cells: dict[str, VerifiedCell], target: str, words: str) -> None:
    failed = {t for t, c in cells.items() if c.status is not Verification.VERIFIED}
    assert failed == {target}, {t: c.reason for t, c in cells.items()}
    assert cells[target].component == COMPONENT
    assert words in cells[target].reason, cells[target].reason


def test_healthy_stores_verify_clean_and_the_daily_task_is_done(lab: Stores, plan: Plan
                                                                ) -> None:
    before = {s.task.id: s.state.value for s in calendar(plan, lab.journal, NOW)}
    assert before["daily-verify-backup-integrity"] == "due"
    result = run_verify(lab.settings(), plan, lab.journal)
    cells = [c for c in result.cells if c.component == COMPONENT]
    assert [c.target for c in cells] == ["s3-region-1", "s3-region-2", "azure-region-1",
                                         "azure-region-2", "nas"]
    assert all(c.status is Verification.VERIFIED for c in cells), [c.reason for c in cells]
    assert len({c.sha256 for c in cells}) == 1
    assert all(c.downloaded_bytes == lab.made[0].manifest.size_bytes for c in cells)
    event = read_events(lab.journal)[-1]
    assert event.type == "backups-verified"
    after = {s.task.id: s for s in calendar(plan, lab.journal, datetime.now(UTC))}
    assert after["daily-verify-backup-integrity"].state.value == "done"
    tomorrow = datetime.now(UTC) + timedelta(days=1, hours=1)
    assert {s.task.id: s.state.value for s in calendar(plan, lab.journal, tomorrow)}[
        "daily-verify-backup-integrity"] == "due"


def test_one_flipped_byte_in_a_nas_backup(lab: Stores, plan: Plan) -> None:
    path = lab.nas / COMPONENT / lab.made[0].path.name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    _only_failure(_check(lab, plan), "nas", "SHA-256")


def test_a_deleted_newest_s3_object(lab: Stores, plan: Plan) -> None:
    bucket, region = stores.S3_TARGETS["s3-region-1"]
    s3(lab.moto.endpoint_url, region).delete_object(
        Bucket=bucket, Key=f"{COMPONENT}/{lab.made[0].path.name}")
    cells = _check(lab, plan)
    _only_failure(cells, "s3-region-1", "is missing (its manifest remains)")
    assert "not the newest" in cells["s3-region-1"].reason


def test_a_truncated_azure_blob(lab: Stores, plan: Plan) -> None:
    client = stores.container(lab.azurite.port, stores.AZURE_TARGETS["azure-region-2"])
    newest = lab.made[0].path
    client.upload_blob(f"{COMPONENT}/{newest.name}", newest.read_bytes()[:1000],
                       overwrite=True)
    _only_failure(_check(lab, plan), "azure-region-2", "truncated")


def test_an_extra_object_past_retention(lab: Stores, plan: Plan, tmp_path: Path) -> None:
    old_at = NOW - timedelta(days=40)
    copy = tmp_path / f"{COMPONENT}-old.dump"
    shutil.copyfile(lab.made[2].path, copy)
    manifest = lab.made[2].manifest.model_copy(update={"file": copy.name, "created_at": old_at})
    extra = Produced(copy, write_manifest(copy, manifest), Manifest.from_json(
        manifest.to_json()))
    bucket, region = stores.S3_TARGETS["s3-region-2"]
    client = s3(lab.moto.endpoint_url, region)
    for item in (extra.path, extra.manifest_path):
        client.put_object(Bucket=bucket, Key=f"{COMPONENT}/{item.name}", Body=item.read_bytes())
    _only_failure(_check(lab, plan), "s3-region-2", "past the 30d retention linger")


def test_an_unmounted_nas_is_unreachable_exit_3(lab: Stores, plan: Plan) -> None:
    shutil.rmtree(lab.nas)
    result = verify(lab.settings(), plan, components=(COMPONENT,))
    nas = next(c for c in result.cells if c.target == "nas")
    assert nas.status is Verification.UNVERIFIED and nas.unreachable
    assert result.exit_code == 3


def test_findings_exit_1(lab: Stores, plan: Plan) -> None:
    (lab.nas / COMPONENT / lab.made[0].path.name).unlink()
    assert verify(lab.settings(), plan, components=(COMPONENT,)).exit_code == 1
