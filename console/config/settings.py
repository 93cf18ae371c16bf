"""Loading the console's configuration: a TOML file, overridden by ``RC_*`` variables.

``RC_MODE=read-only`` or ``RC_SITES__PRIMARY__HEALTH_URL=...`` (``__`` separates nesting)
win over the file, so one config can serve several operators and the jump host's
environment can hold the secrets. Every failure is an :class:`InputError` naming the
file (or variable) and the field.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from console.config.models import (
    BackupStoreSettings,
    CommsSettings,
    ContactOverride,
    DnsSettings,
    DrillSettings,
    FailoverSettings,
    Mode,
    RefreshSettings,
    Sites,
    ThemeName,
    Webhook,
)
from console.config.restore import RestoreSettings
from console.config.standby import StandbySettings
from console.errors import FieldError, InputError, check_values, from_validation_error, read_toml

ENV_PREFIX = "RC_"


def _xdg(variable: str, fallback: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / fallback) / "recovery-console"


def default_config_path() -> Path:
    """``$XDG_CONFIG_HOME/recovery-console/config.toml`` (``~/.config`` by default)."""
    return _xdg("XDG_CONFIG_HOME", ".config") / "config.toml"


def default_journal_dir() -> Path:
    """``$XDG_STATE_HOME/recovery-console/journal``: journals are state, not config."""
    return _xdg("XDG_STATE_HOME", ".local/state") / "journal"


def _default_operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


class Settings(BaseSettings):
    """Everything the console needs to know about where it runs and what it watches."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", frozen=True,
        hide_input_in_errors=True,  # a ValidationError must never quote a DSN or a token
        allow_inf_nan=False,
    )

    mode: Mode = Mode.DRILL
    """``incident`` acts on real systems, ``drill`` on the simulated environment,
    ``read-only`` cannot change anything."""
    operator: str = ""
    """Name recorded in the journal; defaults to the login name."""
    sites: Sites = Sites()
    backups: tuple[BackupStoreSettings, ...] = ()
    dns: DnsSettings | None = None
    webhooks: tuple[Webhook, ...] = ()
    comms: CommsSettings = CommsSettings()
    """Message channels, drill sending, retries and the update cadence per severity."""
    contacts: tuple[ContactOverride, ...] = ()
    """Real names and numbers over the plan's contacts, by role."""
    refresh: RefreshSettings = RefreshSettings()
    theme: ThemeName = ThemeName.DARK
    journal_dir: Path = Field(default_factory=default_journal_dir)
    plan: Path | None = None
    """A plan TOML file; the built-in erlmcp-v3 plan when unset."""
    kubeconfig: Path | None = None
    """Kubeconfig holding the sites' contexts; ``$KUBECONFIG`` (or ~/.kube/config) when unset."""
    drill: DrillSettings = DrillSettings()
    failover: FailoverSettings = FailoverSettings()
    restore: RestoreSettings = RestoreSettings()
    """Scratch database for test restores, download folder, pg_restore limit."""
    standby: StandbySettings = StandbySettings()
    """How a site is demoted and rebuilt as the other's standby (a rollback)."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Environment first, then the file's values (passed in as init values)."""
        return (env_settings, init_settings)

    @model_validator(mode="before")
    @classmethod
    def _no_control_characters(cls, data: Any) -> Any:
        """Values from the environment pass the checks the file's passed in ``read_toml``
        (a NUL in ``RC_OPERATOR`` or ``RC_JOURNAL_DIR`` would crash the TUI later)."""
        if (problem := check_values(data)) is not None:
            raise FieldError(*problem)
        return data

    def operator_name(self) -> str:
        return self.operator or _default_operator()


def load_settings(path: Path | None = None, *, required: bool = False) -> Settings:
    """Load settings from ``path`` (or the default location) plus the environment.

    A missing default file is fine (built-in drill defaults); a missing file the user
    named explicitly (``required``) is an error.
    """
    source = path if path is not None else default_config_path()
    data: dict[str, Any] = {}
    if required or source.exists():
        data = read_toml(source)
    try:
        settings = Settings(**data)
    except ValidationError as exc:
        raise _blame(source, exc) from None
    relative = {name: source.parent / value for name in ("plan", "kubeconfig")
                if (value := getattr(settings, name)) is not None and not value.is_absolute()}
    return settings.model_copy(update=relative) if relative else settings


def _blame(source: Path, exc: ValidationError) -> InputError:
    """Name the environment variable instead of the file when that is where the value was."""
    error = from_validation_error(source, exc)
    loc = [str(part) for part in exc.errors()[0]["loc"]]
    for length in range(len(loc), 0, -1):
        variable = ENV_PREFIX + "__".join(loc[:length]).upper()
        if variable in os.environ:
            error.source = f"environment variable {variable}"
            break
    return error
