"""The ``[restore]`` section: where a test restore may create its scratch database, where
downloads wait, how long a ``pg_restore`` may take, and how each site's Redis takes an RDB
back (``[restore.redis_primary]``, ``[restore.redis_dr]``).

Kept apart from :mod:`console.config.models` so the restore settings (and their
validators) live with one concern; :class:`~console.config.settings.Settings` names it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import ConfigDict, SecretStr, field_validator

from console.config.models import ConfigModel
from console.plan.durations import Duration


class RedisRestoreSettings(ConfigModel):
    """Where a site's Redis loads its RDB at start-up, and the command that restarts it.

    Without both, the console cannot put an RDB back itself: a restore-redis step
    downloads and checks the RDB, and shows the commands to run instead.
    """

    rdb_path: Path | None = None
    """The server's ``dir``/``dbfilename`` as this machine sees it (``/var/lib/redis/dump.rdb``)."""
    restart_command: tuple[str, ...] = ()
    """argv that starts the server again after the console stopped it (``SHUTDOWN NOSAVE``)
    so that it loads ``rdb_path`` (``["systemctl", "restart", "redis-server"]``)."""
    restart_timeout: Duration = timedelta(minutes=2)
    """How long the restart command, and the server's loading after it, may take."""

    @property
    def configured(self) -> bool:
        return self.rdb_path is not None and bool(self.restart_command)


class RestoreSettings(ConfigModel):
    """How the console restores PostgreSQL and Redis from backups."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    scratch_dsn: SecretStr | None = None
    """A PostgreSQL server where restores may create (and drop) a scratch database of their
    own, next to the database this DSN names; the weekly test restore needs it."""
    work_dir: Path | None = None
    """Where downloads are kept while they are checked and restored (default: the system's
    temporary directory); it must hold the largest backup."""
    timeout: Duration = timedelta(hours=1)
    """Hard limit of one ``pg_restore``."""
    redis_primary: RedisRestoreSettings = RedisRestoreSettings()
    redis_dr: RedisRestoreSettings = RedisRestoreSettings()

    @field_validator("scratch_dsn")
    @classmethod
    def _dsn_parses(cls, value: SecretStr | None) -> SecretStr | None:
        """The field only, never libpq's message: it quotes the DSN, password included."""
        if value is not None:
            import psycopg

            try:
                psycopg.conninfo.conninfo_to_dict(value.get_secret_value())
            except (psycopg.Error, ValueError, TypeError):
                raise ValueError(
                    "scratch_dsn does not parse as a PostgreSQL connection string") from None
        return value
