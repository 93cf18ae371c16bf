"""A restore passes over the backups the last verification failed, and only those."""

from __future__ import annotations

from pathlib import Path

from console.backends.real_restore import known_bad
from console.journal.events import BackupsVerified, VerifiedCellRecord
from console.maintenance.journal import record


def _verified(journal_dir: Path, status: str, key: str, target: str = "nas") -> None:
    cell = VerifiedCellRecord(component="postgres-full", target=target, status=status,  # type: ignore[arg-type]
                              reason="" if status == "verified" else "sha256 differs",
                              newest_key=key)
    record(journal_dir, BackupsVerified(cells=(cell,)))


def test_failed_keys_are_passed_over_until_verified_again(tmp_path: Path) -> None:
    assert known_bad(tmp_path, "postgres-full", "nas") == set()
    _verified(tmp_path, "failed", "a.dump")
    _verified(tmp_path, "failed", "b.dump", target="s3-region-1")
    assert known_bad(tmp_path, "postgres-full", "nas") == {"a.dump"}
    assert known_bad(tmp_path, "postgres-full", "s3-region-1") == {"b.dump"}
    _verified(tmp_path, "verified", "a.dump")
    assert known_bad(tmp_path, "postgres-full", "nas") == set()
