"""One failing or hung store marks only its own entries; the snapshot stays good."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.lab.azurite_lab import ACCOUNT, ACCOUNT_KEY
from console.lab.moto_lab import MotoLab
from console.lab.ports import free_port
from services.backups.azure import AzureBackupStore
from services.backups.common import ComponentSchedule
from services.backups.nas import NasBackupStore
from services.backups.s3 import S3BackupStore
from services.backups.source import BackupsSource
from services.clock import FrozenClock
from tests.services.backups.conftest import SilentServer

COMPONENTS = [ComponentSchedule("redis-rdb"), ComponentSchedule("postgres-full")]


def nas_with_backups(tmp_path: Path) -> NasBackupStore:
    for component in ("redis-rdb", "postgres-full"):
        (tmp_path / component).mkdir()
        (tmp_path / component / "b.bak").write_bytes(b"123")
    return NasBackupStore(tmp_path)


def s3(target: str, url: str, timeout_s: float) -> S3BackupStore:
    return S3BackupStore(target, "erlmcp-backups-r1", "", "us-east-1", url, "testing",
                         "testing", timeout_s=timeout_s)


async def test_store_on_a_wrong_port_errs_while_others_are_fine(
        moto: MotoLab, tmp_path: Path) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    dead_azure = AzureBackupStore("azure-region-1", "backups", timeout_s=5, connection_string=(
        f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
        f"BlobEndpoint={dead}/{ACCOUNT};"))
    source = BackupsSource([s3("s3-region-1", moto.endpoint_url, 5), s3("s3-region-2", dead, 5),
                            dead_azure, nas_with_backups(tmp_path)],
                           COMPONENTS, FrozenClock(datetime.now(UTC)), timeout_s=5)
    snapshot = await source.poll()
    assert snapshot.error is None
    assert [(e.component, e.target) for e in snapshot.entries[:3]] == [
        ("redis-rdb", "s3-region-1"), ("redis-rdb", "s3-region-2"),
        ("redis-rdb", "azure-region-1")]
    for entry in snapshot.entries:
        if entry.target in ("s3-region-2", "azure-region-1"):
            assert entry.error is not None and entry.error.startswith("unreachable")
            assert entry.latest_at is None
        else:
            assert entry.error is None and entry.latest_at is not None


async def test_hung_endpoint_times_out_without_holding_the_others(
        silent_server: SilentServer, tmp_path: Path) -> None:
    hung = s3("s3-region-2", f"http://127.0.0.1:{silent_server.port}", 1.0)
    source = BackupsSource([hung, nas_with_backups(tmp_path)], COMPONENTS,
                           FrozenClock(datetime.now(UTC) + timedelta(minutes=1)), timeout_s=1.0)
    started = time.monotonic()
    snapshot = await source.poll()
    elapsed = time.monotonic() - started
    assert elapsed < 2.0
    assert silent_server.held, "the client never reached the silent server"
    by_target = {(e.component, e.target): e for e in snapshot.entries}
    assert by_target[("redis-rdb", "s3-region-2")].error == "timeout after 1s"
    assert by_target[("redis-rdb", "nas")].error is None
    assert by_target[("redis-rdb", "nas")].latest_size_bytes == 3
