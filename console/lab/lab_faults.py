"""``lab break`` and ``lab heal``: the outages an operator rehearses, and their undoing.

Each fault acts on the real servers, the way the outage would look from the jump host:

* ``primary-db``     stop the PostgreSQL primary (fast shutdown); the primary site's health
                     endpoint answers 503 "database unreachable" (it asks its database).
* ``primary-redis``  ``SHUTDOWN NOSAVE`` the Redis primary; the replica's link goes down.
* ``primary-site``   the primary's health endpoint stops listening (connection refused)
                     and every node of its Kubernetes double turns NotReady.
* ``replication``    cut the standby's WAL receiver (it keeps what it received), then write
                     ~2 MB on the primary: data a failover now would lose.
* ``backups``        empty both S3 buckets and the Azure container, back-date NAS copies.

Each site's health endpoint otherwise answers from its own database, like the drill's:
503 "standby" while in recovery, 200 "ok" once promoted, whoever promoted it.
``heal`` undoes one fault, or all of them, and waits until the servers are back in shape
(the standby streaming, the replica's link up) so a following ``status`` is meaningful.
"""

from __future__ import annotations

import urllib.request
from dataclasses import replace
from pathlib import Path

from console.lab import backups_lab, backups_lab_stores, lab_corrupt
from console.lab import lab_backups as backups
from console.lab.health_server import write_state
from console.lab.lab_servers import LabPostgres, LabRedis
from console.lab.lab_state import FAULTS, LabState
from console.lab.users import LabError


def health_file(lab_dir: Path, site: str) -> Path:
    return lab_dir / "health" / f"{site}.state"


def sync_health(state: LabState) -> None:
    """The primary's endpoint stops listening with its site; otherwise both answer from
    their databases (``ok`` state: see :mod:`console.lab.health_database`)."""
    primary = "down" if "primary-site" in state.faults else "ok"
    write_state(health_file(state.path, "primary"), primary)
    write_state(health_file(state.path, "dr"), "ok")


def postgres(state: LabState) -> LabPostgres:
    c = state.components
    password = (state.path / "secrets" / "postgres-password").read_text().strip()
    return LabPostgres.attach(state.path / "postgres", c["postgres-primary"].port,
                              c["postgres-standby"].port, password)


def redis(state: LabState) -> LabRedis:
    c = state.components
    return LabRedis.attach(state.path / "redis", c["redis-primary"].port,
                           c["redis-replica"].port)


def _nodes_ready(state: LabState, ready: bool) -> None:
    admin = state.components["kube-primary"].admin_port
    request = urllib.request.Request(
        f"http://127.0.0.1:{admin}/nodes?ready={str(ready).lower()}", method="POST")
    with urllib.request.urlopen(request, timeout=5):
        pass


def _backups_healed(state: LabState) -> None:
    """Fresh generations everywhere, taken from the DR copies (up whatever else broke)."""
    c = state.components
    backups_lab.clear(state.path, c["moto"].port, c["azurite"].port)
    pg = postgres(state)
    backups_lab.fill(state.path, c["moto"].port, c["azurite"].port, pg.standby_dsn,
                     redis(state).replica_url)
    backups_lab.archive_now(pg)


def _broken_backups(state: LabState) -> None:
    backups.empty_s3(f"http://127.0.0.1:{state.components['moto'].port}")
    backups_lab_stores.empty_azure(state.components["azurite"].port)
    backups_lab.age_nas(state.path)


def inject(state: LabState, fault: str) -> str:
    """Break ``fault``; returns what was done. The state is saved by the caller."""
    if fault not in FAULTS:
        raise LabError(f"unknown fault {fault!r} (known: {', '.join(FAULTS)})")
    if fault in state.faults:
        return f"{fault}: already broken"
    if fault == "primary-db":
        postgres(state).stop_primary()
    elif fault == "primary-redis":
        redis(state).stop_primary()
    elif fault == "primary-site":
        _nodes_ready(state, False)
    elif fault == "replication":
        pg = postgres(state)
        pg.cut_receiver()
        if "primary-db" not in state.faults:
            pg.write_mb(2)
    elif fault == "corrupt-db":
        lab_corrupt.corrupt(postgres(state))
    else:
        _broken_backups(state)
    state.faults.append(fault)
    sync_health(state)
    return f"{fault}: broken"


def repair(state: LabState, fault: str) -> str:
    """Undo ``fault`` and wait until the servers are back; returns what was done."""
    if fault not in state.faults:
        return f"{fault}: not broken"
    if (kept := _second_primary(state, fault)) is not None:
        return kept
    if fault == "primary-db":
        pg = postgres(state)
        pg.start_primary()
        if "replication" not in state.faults:
            pg.wait_streaming()
        state.components["postgres-primary"] = replace(
            state.components["postgres-primary"], pid=pg.primary_pid or 0)
    elif fault == "primary-redis":
        rd = redis(state)
        rd.start_primary()
        state.components["redis-primary"] = replace(
            state.components["redis-primary"], pid=rd.pid_of("primary") or 0)
    elif fault == "primary-site":
        _nodes_ready(state, True)
    elif fault == "replication":
        pg = postgres(state)
        pg.restore_receiver()
        if "primary-db" not in state.faults:
            pg.wait_streaming()
    elif fault == "corrupt-db":
        lab_corrupt.heal(state, postgres(state))
    else:
        _backups_healed(state)
    state.faults.remove(fault)
    sync_health(state)
    return f"{fault}: healed"


def _second_primary(state: LabState, fault: str) -> str | None:
    """After a failover the old primary must not come back as a second primary: the fault
    stays until ``lab rebuild primary`` brings it back as DR's standby."""
    from console.lab.lab_standby import other_promoted, other_redis_master

    promoted = other_promoted if fault == "primary-db" else \
        other_redis_master if fault == "primary-redis" else None
    if promoted is None or not promoted(state, "primary"):
        return None
    return (f"{fault}: left stopped: DR was promoted (a failover), and starting the old "
            "primary would make a second one; `lab rebuild primary` brings it back as "
            "DR's standby")
