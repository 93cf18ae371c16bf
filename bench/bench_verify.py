"""Verification time per GiB downloaded: one large backup in every store of a running lab.

Usage: ``python bench/bench_verify.py LAB_DIR [MIB]`` (default 256 MiB). Uploads a random
backup with its manifest to S3 x2, Azure x2 and the NAS as the newest ``user-data-full``
generation, runs the verification of that component and prints seconds per GiB.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from console.commands.backups_verify import verify
from console.config.bootstrap import load_all
from console.lab import backups_lab_stores as stores
from console.lab.lab_state import LabState
from services.backups.manifest import BackupKind, Manifest, digest_file, write_manifest
from services.backups.produce import Produced, backup_name


def main(lab_dir: Path, mib: int) -> None:
    state = LabState.load(lab_dir)
    assert state is not None
    at = datetime.now(UTC).replace(microsecond=0)
    path = lab_dir / "bench" / backup_name("user-data-full", at, "tar.gz")
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as handle:
        for _ in range(mib):
            handle.write(os.urandom(1 << 20))
    d = digest_file(path)
    manifest = Manifest(component="user-data-full", kind=BackupKind.FILE_TAR, file=path.name,
                        size_bytes=d.size_bytes, sha256=d.sha256, md5=d.md5, created_at=at)
    item = Produced(path, write_manifest(path, manifest), manifest)
    c = state.components
    stores.upload_s3(f"http://127.0.0.1:{c['moto'].port}", [item])
    stores.upload_azure(c["azurite"].port, [item])
    stores.copy_nas(lab_dir / "nas", [item])
    loaded = load_all(lab_dir / "config.toml")
    result = verify(loaded.settings, loaded.plan, components=("user-data-full",))
    gib = result.downloaded_bytes / (1 << 30)
    for cell in result.cells:
        per_gib = cell.download_s / (cell.downloaded_bytes / (1 << 30))
        print(f"{cell.target:<15} {cell.status.value:<10} {cell.downloaded_bytes >> 20} MiB "
              f"in {cell.download_s:.2f}s  ({per_gib:.1f} s/GiB)")
    print(f"total {gib:.2f} GiB in {result.seconds:.1f}s wall: {result.seconds / gib:.1f} s/GiB "
          "(stores read in parallel, one thread each)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 256)
