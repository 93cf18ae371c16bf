"""Who the lab's servers run as, and how to run a command as them.

PostgreSQL refuses to start as root, and CI runs as root on a fresh machine, so when root
the lab creates (once) an unprivileged system user and runs every server command through
``runuser``; as anyone else it simply runs as the current user. Data directories are
chowned to that user so the servers can write them.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

LAB_USER = "rclab"
"""The system user the lab's servers run as when the console runs as root."""


class LabError(RuntimeError):
    """A lab server could not be set up, started or stopped."""


@dataclass(frozen=True)
class LabUser:
    """The account the lab's server processes run as."""

    name: str
    uid: int
    gid: int
    via_runuser: bool
    """True when we are root and must drop privileges with ``runuser``."""

    def argv(self, command: Sequence[str]) -> list[str]:
        """``command`` wrapped so that it runs as this user."""
        if self.via_runuser:
            return ["runuser", "-u", self.name, "--", *command]
        return list(command)

    def own(self, *paths: Path) -> None:
        """Give ``paths`` (recursively) to this user, so its servers can write them."""
        if not self.via_runuser:
            return
        for path in paths:
            os.chown(path, self.uid, self.gid)
            for root, dirs, files in os.walk(path):
                for name in (*dirs, *files):
                    os.chown(Path(root) / name, self.uid, self.gid, follow_symlinks=False)

    def run(
        self,
        command: Sequence[str],
        *,
        timeout_s: float,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ``command`` as this user; a non-zero exit raises :class:`LabError` with stderr.

        Every call has a timeout: a hung initdb or pg_ctl must fail the lab, not hang it.
        """
        full_env = {**os.environ, **(env or {})}
        try:
            done = subprocess.run(
                self.argv(command), cwd=cwd, env=full_env, timeout=timeout_s,
                capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise LabError(f"{command[0]} did not finish within {timeout_s:g} s") from exc
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip()[-2000:]
            raise LabError(f"{Path(command[0]).name} failed ({done.returncode}): {detail}")
        return done


def lab_user() -> LabUser:
    """The lab user: ``rclab`` (created if missing) when root, else the current user."""
    if os.geteuid() != 0:
        entry = pwd.getpwuid(os.geteuid())
        return LabUser(entry.pw_name, entry.pw_uid, entry.pw_gid, via_runuser=False)
    try:
        entry = pwd.getpwnam(LAB_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             LAB_USER],
            check=True, timeout=30, capture_output=True,
        )
        entry = pwd.getpwnam(LAB_USER)
    return LabUser(entry.pw_name, entry.pw_uid, entry.pw_gid, via_runuser=True)


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process; a zombie (nobody reaped it) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] != "Z"


def wait_gone(pids: Sequence[int], timeout_s: float) -> bool:
    """Wait until none of ``pids`` is alive; False if some still are after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while any(pid_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
