"""The local lab: real servers for both sites on free loopback ports, in one directory.

``up`` starts them detached (they outlive the CLI), seeds them and writes a ready console
config; ``status`` says which are up; ``break``/``heal`` inject and undo faults
(:mod:`console.lab.lab_faults`); ``down`` stops every process it started, by pid, and
checks that none is left. Nothing but ``lab.json`` connects one command to the next.

The slow servers (moto, Azurite, the Kubernetes doubles) are spawned first and boot while
PostgreSQL runs initdb and pg_basebackup, which is most of the wall time of ``up``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from console.lab import backups_lab
from console.lab.azurite_lab import azurite_command
from console.lab.lab_config import CONFIG_FILE, KUBECONFIG_FILE, dsn_file, write_config
from console.lab.lab_faults import health_file, inject, postgres, redis, repair, sync_health
from console.lab.lab_procs import is_up, python_module, spawn, stop_pid, wait_port
from console.lab.lab_procs import wait_ready_file as ready
from console.lab.lab_servers import LabPostgres, LabRedis
from console.lab.lab_state import FAULTS, Component, LabState, dir_option
from console.lab.moto_lab import MotoLab, moto_server_path
from console.lab.ports import free_ports
from console.lab.postgres_lab import postgres_bin_dir
from console.lab.users import LAB_USER, LabError, pid_alive

INSTALL_HINT = ("install them with `make system-deps` (Debian: apt-get install postgresql "
                "redis-server npm; npm install -g azurite)")


def missing_prerequisites() -> list[str]:
    """What the lab needs from the system and does not find."""
    missing = []
    try:
        postgres_bin_dir()
    except LabError:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if not (shutil.which("azurite-blob") or shutil.which("azurite")):
        missing.append("azurite")
    if not moto_server_path().exists():
        missing.append("moto[server] (pip install -e '.[test]')")
    return missing


def _check_enterable(lab_dir: Path) -> None:
    """As root the servers run as the lab user, who must be able to reach the directory."""
    if os.geteuid() != 0:
        return
    for folder in (lab_dir, *lab_dir.parents):
        if folder.exists() and not folder.stat().st_mode & stat.S_IXOTH:
            raise LabError(f"the lab's servers run as {LAB_USER}, who cannot enter {folder}; "
                           "choose a --dir they can reach, e.g. --dir /var/tmp/rc-lab")


def _check_owned(lab_dir: Path) -> None:
    """Refuse a directory inside a shared sticky one (``/var/tmp``) that someone else made.

    Anyone may create ``/var/tmp/recovery-console`` first, as a symlink or their own
    folder, and then read or swap what the lab writes there.
    """
    for folder in (lab_dir, *lab_dir.parents):
        parent = folder.parent
        if folder == parent or not os.path.lexists(folder):
            continue
        shared = parent.stat().st_mode & (stat.S_ISVTX | stat.S_IWOTH)
        if shared == stat.S_ISVTX | stat.S_IWOTH and (
                folder.is_symlink() or folder.lstat().st_uid != os.geteuid()):
            raise LabError(f"{folder} belongs to another user (or is a symlink) in the "
                           f"shared {parent}; remove it or choose another --dir")


def _make_dirs(lab_dir: Path) -> None:
    """Create ``lab_dir`` and missing parents, enterable (0755) whatever the umask: as
    root the lab user must pass through every one of them."""
    missing = [folder for folder in (lab_dir, *lab_dir.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        folder.chmod(0o755)


def _free_to_start(lab_dir: Path) -> None:
    old = LabState.load(lab_dir)
    if old is None:
        return
    flag = dir_option(lab_dir)
    if old.running and any(is_up(c.pid, c.port) for c in old.components.values()):
        raise LabError(f"a lab is already up in {lab_dir} (lab status{flag}, lab down{flag})")
    raise LabError(f"{lab_dir} holds a stopped lab; `lab down --purge{flag}` removes it, "
                   "or choose another --dir")


@dataclass(frozen=True)
class Started:
    state: LabState
    seconds: float


def up(lab_dir: Path) -> Started:
    """Start, seed and configure the whole lab; on any failure stop what already started."""
    began = time.monotonic()
    lab_dir = lab_dir.resolve()
    if missing := missing_prerequisites():
        raise LabError(f"the lab needs {', '.join(missing)}: {INSTALL_HINT}")
    _free_to_start(lab_dir)
    _check_owned(lab_dir)
    _check_enterable(lab_dir)
    _make_dirs(lab_dir)
    for sub in ("logs", "health", "kube", "nas", "azurite", "journal"):
        (lab_dir / sub).mkdir(exist_ok=True)
    state = LabState(dir=str(lab_dir), started_at=datetime.now(UTC).isoformat())
    try:
        _start_all(state)
    except BaseException:
        with contextlib.suppress(Exception):
            down(state)
        raise
    return Started(state, time.monotonic() - began)


def _start_all(state: LabState) -> None:
    lab_dir, logs, c = state.path, state.path / "logs", state.components
    moto_port, azurite_port, hp, hd = free_ports(4)
    moto = spawn([str(moto_server_path()), "-H", "127.0.0.1", "-p", str(moto_port)],
                 logs / "moto.log", cwd=lab_dir)
    c["moto"] = Component(moto.pid, moto_port, "moto_server")
    azurite = spawn(azurite_command(azurite_port, lab_dir / "azurite"), logs / "azurite.log",
                    cwd=lab_dir)
    c["azurite"] = Component(azurite.pid, azurite_port, "azurite")
    sync_health(state)
    health = {}
    for site, port in (("primary", hp), ("dr", hd)):
        health[site] = spawn(python_module(
            "console.lab.health_server", "--state-file", str(health_file(lab_dir, site)),
            "--port", str(port), "--dsn-file", str(dsn_file(lab_dir, site))),
            logs / f"health-{site}.log", cwd=lab_dir)
        c[f"health-{site}"] = Component(health[site].pid, port, "console.lab.health_server")
    kube = {}
    for site, args in (("primary", ("--nodes", "3", "--seed", "1")),
                       ("dr", ("--nodes", "2", "--seed", "2"))):
        kube[site] = spawn(python_module("console.lab.kube_site", "--ready-file",
                                         str(lab_dir / "kube" / f"{site}.json"), *args),
                           logs / f"kube-{site}.log", cwd=lab_dir)
        c[f"kube-{site}"] = Component(kube[site].pid, 0, "console.lab.kube_site")
    state.save()
    pg = LabPostgres(lab_dir / "postgres")
    pg.archive_dir = backups_lab.prepare_wal_archive(lab_dir)  # WAL goes to the NAS
    pg.start()
    pids = pg.pids_by_dir()
    c["postgres-primary"] = Component(pids["primary"], pg.primary_port, "postgres")
    c["postgres-standby"] = Component(pids["standby"], pg.standby_port, "postgres")
    state.save()
    pg.write_mb(2)  # some load: WAL shipped to the standby and archived
    rd = LabRedis(lab_dir / "redis")
    rd.start()
    c["redis-primary"] = Component(rd.pid_of("primary") or 0, rd.primary_port, "redis-server")
    c["redis-replica"] = Component(rd.pid_of("replica") or 0, rd.replica_port, "redis-server")
    state.save()
    rd.seed()
    for site in ("primary", "dr"):
        info = ready(lab_dir / "kube" / f"{site}.json", kube[site], f"kube double {site}")
        c[f"kube-{site}"].port = int(str(info["url"]).rsplit(":", 1)[1])
        c[f"kube-{site}"].admin_port = int(str(info["admin_url"]).rsplit(":", 1)[1])
        wait_port(c[f"health-{site}"].port, health[site], f"health endpoint {site}")
    wait_port(moto_port, moto, "moto")
    wait_port(azurite_port, azurite, "azurite")
    state.zone_id = MotoLab(moto, moto_port).seed_dns()
    write_config(state, pg.password)
    backups_lab.fill(lab_dir, moto_port, azurite_port, pg.primary_dsn, rd.primary_url)
    state.save()


def status_lines(state: LabState) -> tuple[list[str], bool]:
    """One line per component (up/down, pid, port); True when all that should run do."""
    lines, healthy = [], True
    for name, comp in state.components.items():
        alive = is_up(comp.pid, comp.port)
        lines.append(f"  {name:<17} {'up' if alive else 'DOWN':<5} pid {comp.pid:<8} "
                     f"port {comp.port}")
        healthy &= alive
    lines.append(f"  faults: {', '.join(state.faults) or 'none'}")
    return lines, healthy


def break_fault(state: LabState, fault: str) -> str:
    done = inject(state, fault)
    state.save()
    return done


def heal(state: LabState, fault: str | None = None) -> list[str]:
    """Undo ``fault``, or every active fault (in reverse order of injection)."""
    if fault is not None and fault not in FAULTS:
        raise LabError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
    todo = [fault] if fault else list(reversed(state.faults))
    done = [repair(state, name) for name in todo]
    state.save()
    return done or ["nothing to heal"]


def down(state: LabState, timeout_s: float = 10.0) -> list[int]:
    """Stop every lab process by pid; returns the pids still alive (none, normally)."""
    c = state.components
    for name in ("kube-primary", "kube-dr", "health-primary", "health-dr", "moto", "azurite"):
        if name in c and c[name].owns_pid():
            stop_pid(c[name].pid, timeout_s / 2)
    with contextlib.suppress(Exception):  # stopped gently if we can; by pid below if not
        postgres(state).stop()
    with contextlib.suppress(Exception):
        redis(state).stop()
    for comp in c.values():
        if comp.owns_pid():
            stop_pid(comp.pid, timeout_s / 2)
    for socket_file in (state.path / "postgres" / "sockets").glob(".s.PGSQL.*"):
        socket_file.unlink(missing_ok=True)  # runtime sockets of a killed postmaster
    state.running = False
    if state.path.exists():
        state.save()
    return [comp.pid for comp in c.values() if comp.owns_pid() and pid_alive(comp.pid)]


def usage(state: LabState) -> str:
    """How to point the console and kubectl at the lab."""
    d, flag = state.path, dir_option(state.path)
    kube = f"KUBECONFIG={d / KUBECONFIG_FILE}"
    return "\n".join([
        f"  console:  recovery-console --config {d / CONFIG_FILE}",
        f"  status:   recovery-console --config {d / CONFIG_FILE} status",
        f"  kubectl:  {kube} kubectl --context primary get pods -A",
        f"  psql:     psql \"$(cat {d / 'secrets' / 'primary-postgres.dsn'})\"",
        f"  faults:   recovery-console lab break {'|'.join(FAULTS)}{flag}   "
        f"(lab heal{flag} undoes)",
        f"  servers:  recovery-console lab status{flag}",
        f"  stop:     recovery-console lab down{flag}",
    ])
