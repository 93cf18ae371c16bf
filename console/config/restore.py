"""The ``[restore]`` section: where a test restore may create its scratch database, where
downloads wait, and how long a ``pg_restore`` may take.

Kept apart from :mod:`console.config.models` so the restore settings (and their
validators) live with one concern; :class:`~console.config.settings.Settings` names it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import ConfigDict, SecretStr, field_validator

from console.config.models import ConfigModel
from console.plan.durations import Duration


class RestoreSettings(ConfigModel):
    """How the console restores PostgreSQL from backups."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    scratch_dsn: SecretStr | None = None
    """A PostgreSQL server where restores may create (and drop) a scratch database of their
    own, next to the database this DSN names; the weekly test restore needs it."""
    work_dir: Path | None = None
    """Where downloads are kept while they are checked and restored (default: the system's
    temporary directory); it must hold the largest backup."""
    timeout: Duration = timedelta(hours=1)
    """Hard limit of one ``pg_restore``."""

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
