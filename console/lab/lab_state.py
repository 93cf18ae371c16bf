"""What a lab is made of, on disk: ``lab.json`` and the layout of the lab directory.

Every ``lab`` command is a separate process (``up`` exits while its servers run on), so
everything the next command needs — pids, ports, paths, injected faults — lives in one
JSON file inside the one lab directory. Secrets (the PostgreSQL password, DSNs) are not
in it: they are 0600 files under ``secrets/``, which the console's config points at.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

STATE_FILE = "lab.json"
FAULTS = ("primary-db", "primary-redis", "primary-site", "replication", "backups",
          "corrupt-db")
"""What ``lab break`` can inject, each undone by ``lab heal``."""


ROOT_LAB_DIR = Path("/var/tmp/recovery-console/lab")
"""The default as root: the lab user must enter it, and root's home is closed to it."""
POINTER_FILE = "last-lab"


def _state_home() -> Path:
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local/state")


def default_lab_dir() -> Path:
    """Where ``lab up`` puts a lab without ``--dir``.

    ``$XDG_STATE_HOME/recovery-console/lab`` (a lab is state, like the journals), except
    as root: the servers then run as the unprivileged lab user, who cannot enter
    ``/root``, so root's labs go to :data:`ROOT_LAB_DIR`.
    """
    if os.geteuid() == 0:
        return ROOT_LAB_DIR
    return _state_home() / "recovery-console" / "lab"


def pointer_path() -> Path:
    """``$XDG_STATE_HOME/recovery-console/last-lab``: the directory of the last ``lab up``."""
    return _state_home() / "recovery-console" / POINTER_FILE


def remember(lab_dir: Path) -> None:
    """Record ``lab_dir`` as the lab the other ``lab`` commands use without ``--dir``."""
    pointer = pointer_path()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    tmp = pointer.with_name(POINTER_FILE + ".tmp")
    tmp.write_text(str(lab_dir) + "\n", encoding="utf-8")
    tmp.replace(pointer)


def forget(lab_dir: Path) -> None:
    """Drop the pointer if it names ``lab_dir`` (a purged lab)."""
    if remembered() == lab_dir:
        pointer_path().unlink(missing_ok=True)


def remembered() -> Path | None:
    """The directory the pointer names, or None (no pointer, unreadable, not absolute)."""
    try:
        text = pointer_path().read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    path = Path(text)
    return path if text and "\0" not in text and path.is_absolute() else None


def find_lab_dir(explicit: Path | None) -> Path:
    """The lab a command acts on: ``--dir``, else the last one started (if it is still
    there), else the default directory."""
    if explicit is not None:
        return explicit
    last = remembered()
    if last is not None and (last / STATE_FILE).is_file():
        return last
    return default_lab_dir()


def dir_option(lab_dir: Path) -> str:
    """`` --dir DIR`` for a printed command, or nothing when DIR is the default."""
    return "" if lab_dir == default_lab_dir() else f" --dir {shlex.quote(str(lab_dir))}"


@dataclass
class Component:
    """One server process of the lab: how to find it and how to tell it is up."""

    pid: int
    port: int
    marker: str = ""
    """A word of its command line: ``down`` signals a recorded pid only if it still
    belongs to this server, never an unrelated process that reused the pid."""
    admin_port: int | None = None
    """The kube double's lab-only admin port (nodes NotReady, write counter)."""

    def owns_pid(self) -> bool:
        """Whether the recorded pid is (still) this server's process."""
        try:
            cmdline = Path(f"/proc/{self.pid}/cmdline").read_bytes()
        except OSError:
            return False
        return self.marker.encode() in cmdline


@dataclass
class LabState:
    """The contents of ``lab.json``."""

    dir: str
    components: dict[str, Component] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)
    zone_id: str = ""
    running: bool = True
    started_at: str = ""

    @property
    def path(self) -> Path:
        return Path(self.dir)

    def save(self) -> None:
        """Write atomically: a crash mid-write must not lose the pids of running servers."""
        tmp = self.path / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.path / STATE_FILE)

    @classmethod
    def load(cls, lab_dir: Path) -> LabState | None:
        """The lab in ``lab_dir``, or None if there is none (no or unreadable lab.json)."""
        try:
            raw: dict[str, Any] = json.loads((lab_dir / STATE_FILE).read_text("utf-8"))
            components = {k: Component(**v) for k, v in raw.pop("components", {}).items()}
            return cls(components=components, **raw)
        except (OSError, ValueError, TypeError):
            return None


def write_secret(path: Path, value: str) -> Path:
    """A 0600 file holding one secret, created with that mode (never world-readable)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    path.chmod(0o600)
    return path
