"""Real, restorable backups for the lab, in every store, with older generations.

Each scheduled component gets :data:`GENERATIONS` backups made one schedule interval
apart (their manifests say when; the NAS copies are dated so), so a verification can
judge age, count and size against the schedule. What each component holds:
``postgres-full`` a ``pg_dump -Fc`` with the plan's verification row counts, ``redis-rdb``
an RDB of the primary, ``configuration-git`` the lab's config tarball, and the others a
tarball of what stands for them in the lab (archived WAL, the Redis AOF, logs...).

WAL is archived by the primary itself (``archive_command``) into the NAS directory
``nas/postgres-wal``, so the archiver's counters and its failures are real; that
component's NAS copy is the archive, not a tarball of it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.lab import backups_lab_stores as stores
from console.lab.lab_backups import AGE_ON_BREAK, empty_s3
from console.lab.lab_config import CONFIG_FILE, KUBECONFIG_FILE
from console.lab.postgres_lab import PostgresLab
from console.lab.users import lab_user
from console.plan import Plan, load_plan
from services.backups.manifest import BackupKind, tables_in_queries
from services.backups.produce import Produced, dump_postgres, dump_redis, tar_files

GENERATIONS = 3
WAL_COMPONENT = "postgres-wal"
STAGING = "backup-staging"
_TARRED = {"postgres-incremental": "nas/postgres-wal", WAL_COMPONENT: "nas/postgres-wal",
           "redis-aof": "redis", "user-data-full": "health", "application-image": "kube",
           "logs-archive": "logs"}
"""Component -> the lab folder (relative to the lab dir) its tarball holds."""


def wal_archive_dir(lab_dir: Path) -> Path:
    return lab_dir / "nas" / WAL_COMPONENT


def prepare_wal_archive(lab_dir: Path) -> Path:
    """The NAS folder the primary archives WAL into, writable by the lab's servers."""
    folder = wal_archive_dir(lab_dir)
    folder.mkdir(parents=True, exist_ok=True)
    folder.parent.chmod(0o711)  # under a umask of 077 the servers could not enter it
    lab_user().own(folder)
    return folder


def verification_tables(plan: Plan) -> tuple[str, ...]:
    """The tables the plan's verify-data steps count: what every dump's manifest records."""
    queries = [q for phase in plan.runbook.phases for step in phase.steps
               if step.action is not None and step.action.kind == "verify-data"
               for q in step.action.queries]
    return tables_in_queries(queries)


def _one(lab_dir: Path, out: Path, component: str, at: datetime, pg_dsn: str,
         redis_url: str, tables: Sequence[str]) -> Produced:
    if component == "postgres-full":
        return dump_postgres(pg_dsn, out, component, tables, created_at=at)
    if component == "redis-rdb":
        return dump_redis(redis_url, out, component, created_at=at)
    if component == "configuration-git":
        files = [lab_dir / CONFIG_FILE, lab_dir / KUBECONFIG_FILE]
        return tar_files([f for f in files if f.exists()], out, component, created_at=at,
                         base=lab_dir)
    folder = lab_dir / _TARRED.get(component, "logs")
    kind = BackupKind.FILE_TAR
    return tar_files([folder], out, component, kind, created_at=at, base=lab_dir)


def produce(lab_dir: Path, plan: Plan, pg_dsn: str, redis_url: str,
            now: datetime | None = None) -> list[Produced]:
    """Every component's generations, newest first, in a fresh staging folder."""
    now = now or datetime.now(UTC).replace(microsecond=0)
    out = lab_dir / STAGING
    shutil.rmtree(out, ignore_errors=True)
    tables = verification_tables(plan)
    made = []
    for schedule in plan.backups:
        interval = schedule.frequency.interval
        ages = [interval * k for k in range(GENERATIONS)] if interval else [timedelta(0)]
        for age in ages:
            made.append(_one(lab_dir, out / schedule.id, schedule.id, now - age, pg_dsn,
                             redis_url, tables))
    return made


def fill(lab_dir: Path, moto_port: int, azurite_port: int, pg_dsn: str,
         redis_url: str) -> list[Produced]:
    """Make fresh backups and copy them to S3 (both regions), Azure (both) and the NAS."""
    made = produce(lab_dir, load_plan(None), pg_dsn, redis_url)
    stores.upload_s3(f"http://127.0.0.1:{moto_port}", made)
    stores.upload_azure(azurite_port, made)
    stores.copy_nas(lab_dir / "nas", [m for m in made if m.manifest.component != WAL_COMPONENT])
    return made


def clear(lab_dir: Path, moto_port: int, azurite_port: int) -> None:
    """Remove every backup from every store (the WAL archive stays: the primary owns it)."""
    empty_s3(f"http://127.0.0.1:{moto_port}")
    stores.empty_azure(azurite_port)
    nas = lab_dir / "nas"
    for folder in nas.iterdir() if nas.is_dir() else ():
        if folder.is_dir() and folder.name != WAL_COMPONENT:
            shutil.rmtree(folder)


def age_nas(lab_dir: Path, by: timedelta = AGE_ON_BREAK) -> int:
    """Back-date every NAS backup, archived WAL too (mtime is the NAS adapter's date)."""
    when = (datetime.now(UTC) - by).timestamp()
    files = [p for p in (lab_dir / "nas").rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, (when, when))
    return len(files)


def archive_now(pg: PostgresLab) -> None:
    """Make the primary archive a fresh WAL segment (a write, then a switch), if it is up."""
    with contextlib.suppress(Exception):
        pg.sql(pg.primary_port, "INSERT INTO filler (payload) VALUES ('archive-now')")
        pg.sql(pg.primary_port, "SELECT pg_switch_wal()")
