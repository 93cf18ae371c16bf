"""Backups on a NAS mount: files under ``<path>/<component>/``, dated by their mtime.

A missing root is an error, not "no backups": an unmounted NAS must not look like a store
that is merely empty. A missing component directory is simply a component never backed up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from services.backups.common import ComponentSchedule, Listing, StoredObject, fold
from services.sources import Unreachable


class NasBackupStore:
    """A directory tree on a mounted NAS, one sub-directory per component."""

    def __init__(self, path: Path | str, target_id: str = "nas") -> None:
        self.path = Path(path)
        self._target_id = target_id

    @property
    def target_id(self) -> str:
        return self._target_id

    def _objects(self, directory: Path) -> Iterator[StoredObject]:
        # os.walk + scandir-backed stat: one syscall per file, no Path objects per entry.
        for root, _dirs, files in os.walk(directory):
            for name in files:
                full = os.path.join(root, name)  # noqa: PTH118 - hot loop over many files
                try:
                    st = os.stat(full)  # noqa: PTH116
                except FileNotFoundError:  # pruned between listing and stat
                    continue
                yield StoredObject(
                    key=os.path.relpath(full, directory),
                    modified_at=datetime.fromtimestamp(st.st_mtime, UTC),
                    size_bytes=st.st_size)

    def scan(self, components: Sequence[ComponentSchedule], now: datetime) -> list[Listing]:
        """Walk each component's directory. Blocking: run it via ``run_blocking``."""
        if not self.path.is_dir():
            raise Unreachable(f"unreachable: {self.path} is not a mounted directory")
        return [fold(c.component_id, self.target_id, self._objects(self.path / c.component_id),
                     c.retention, now)
                for c in components]
