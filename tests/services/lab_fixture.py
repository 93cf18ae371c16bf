"""Start a lab server set for a test module, and prove it is gone afterwards."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar


class Lab(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    @property
    def pids(self) -> list[int]: ...


L = TypeVar("L", bound=Lab)


def running_lab(make: Callable[[Path], L], prefix: str, servers: int) -> Iterator[L]:
    """Yield a started lab in a fresh directory; after it, no server it started may live."""
    from console.lab.users import pid_alive

    # Not tmp_path: pytest's tree is root-only (0700), and the servers run as the lab user.
    base = Path(tempfile.mkdtemp(prefix=prefix))
    lab = make(base)
    try:
        lab.start()
        pids = lab.pids
        assert len(pids) == servers
        yield lab
    finally:
        try:
            lab.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)
    assert not [pid for pid in pids if pid_alive(pid)], f"{prefix} servers outlived the lab"
