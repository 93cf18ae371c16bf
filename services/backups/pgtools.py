"""PostgreSQL's client programs (``pg_dump``, ``pg_restore``) and how to hand them a DSN.

Debian installs them per major version under ``/usr/lib/postgresql/<n>/bin`` and only a
wrapper on ``PATH``; the newest version is taken, since a newer ``pg_dump`` reads older
servers. The password travels in ``PGPASSWORD``, never on a command line that ``ps``
shows to every user of a jump host.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from services.identity import client_name

PG_ROOT = Path("/usr/lib/postgresql")


class ToolMissing(RuntimeError):
    """A PostgreSQL client program is not installed."""


def pg_binary(name: str) -> Path:
    """The newest installed ``name`` (``pg_dump``, ``pg_restore``...)."""
    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))

    found = [p for p in PG_ROOT.glob(f"*/bin/{name}") if p.exists()]
    if found:
        return max(found, key=version)
    on_path = shutil.which(name)
    if on_path is None:
        raise ToolMissing(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return Path(on_path)


def split_password(dsn: str) -> tuple[str, dict[str, str]]:
    """The DSN without its password, and an environment carrying it in ``PGPASSWORD``
    (and ``PGAPPNAME``, so a DBA sees ``pg_dump``/``pg_restore`` as the console's)."""
    params = {k: str(v) for k, v in conninfo_to_dict(dsn).items() if v is not None}
    env = dict(os.environ)
    env.setdefault("PGAPPNAME", client_name())
    if (password := params.pop("password", None)) is not None:
        env["PGPASSWORD"] = password
    return make_conninfo("", **params), env


def describe_dsn(dsn: str) -> str:
    """``host:port/dbname`` for a manifest or a message: nothing secret."""
    params = conninfo_to_dict(dsn)
    return (f"{params.get('host') or 'localhost'}:{params.get('port') or 5432}"
            f"/{params.get('dbname') or ''}")
