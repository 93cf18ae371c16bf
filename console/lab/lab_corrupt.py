"""``lab break corrupt-db``: the plan's database-corruption scenario, on the real primary.

Corruption that matters to a DR plan is the kind replication faithfully copies: a table
dropped by a bad migration or an operator's mistake. So the fault drops the verification
table ``sessions`` on the lab primary (the standby follows within a second): failing over
would not help, and the runbook's corruption path — restore from backup, verify against
the manifest — is the way back. The servers stay up and healthy; only the data is gone.

``lab heal corrupt-db`` puts the data back itself, by the same route an operator takes:
the newest ``postgres-full`` dump on the NAS, checked against its manifest and restored
with ``pg_restore`` (nothing is done when the table is already back and full).
"""

from __future__ import annotations

import asyncio
import contextlib

import psycopg

from console.lab.lab_servers import LabPostgres
from console.lab.lab_state import LabState
from console.lab.users import LabError

TABLE = "sessions"
COMPONENT = "postgres-full"


def corrupt(pg: LabPostgres) -> str:
    """Drop the verification table on the primary; what was lost, in words."""
    try:
        rows = pg.sql(pg.primary_port, f"SELECT count(*) FROM {TABLE}")
        pg.sql(pg.primary_port, f"DROP TABLE {TABLE}")
    except psycopg.Error as exc:
        raise LabError(f"corrupt-db: the primary database cannot be changed "
                       f"({str(exc).strip().splitlines()[0]})") from None
    return f"dropped table {TABLE} ({rows[0][0]} rows) on the primary"


def table_present(pg: LabPostgres) -> bool:
    with contextlib.suppress(psycopg.Error):
        return bool(pg.sql(pg.primary_port, f"SELECT to_regclass('{TABLE}') IS NOT NULL")[0][0])
    return False


def restore_from_nas(state: LabState, pg: LabPostgres) -> str:
    """Restore the primary from the newest NAS dump, checked against its manifest."""
    from services.backups.nas import NasBackupStore
    from services.backups.restore import restore_postgres

    store = NasBackupStore(state.path / "nas", "nas")
    report = asyncio.run(restore_postgres(store, COMPONENT, pg.primary_dsn, "primary"))
    if not report.ok:
        raise LabError("corrupt-db: restored, but " + "; ".join(
            c.line() for c in report.comparisons if not c.ok))
    return f"restored {report.key} from the NAS ({report.total_s:.1f}s)"


def heal(state: LabState, pg: LabPostgres) -> str:
    if table_present(pg):
        return f"table {TABLE} is back already"
    return restore_from_nas(state, pg)


def settle(state: LabState) -> str | None:
    """The fault judged by the data: once the table is back on the primary (an operator's
    restore, verified against its manifest), ``corrupt-db`` is no longer a fault of the
    lab, whoever repaired it. Clears the record (the caller saves); what happened, or None.
    """
    if "corrupt-db" not in state.faults:
        return None
    from console.lab.lab_faults import postgres

    try:
        back = table_present(postgres(state))
    except (OSError, LabError):
        return None
    if not back:
        return None
    state.faults.remove("corrupt-db")
    return f"corrupt-db: repaired (table {TABLE} is back on the primary)"
