"""The sections of the console's configuration file, as frozen pydantic models.

Credentials are :class:`~pydantic.SecretStr` so they never print, and each one can be
given inline, through ``RC_*`` environment variables, or as ``<name>_file`` pointing at a
file that holds it (a mounted secret), which keeps them out of the config file itself.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from console.config.modes import Mode as Mode  # re-exported; pydantic resolves annotations here
from console.config.modes import ThemeName as ThemeName
from console.plan.durations import Duration
from services.files import FileRefused, read_regular
from services.sanitize import control_chars


class ConfigModel(BaseModel):
    """Base of every config section: frozen, strict about keys, secrets readable from files."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _secrets_from_files(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        resolved = dict(data)
        for key, value in data.items():
            name = key.removesuffix("_file")
            if key == name or name not in cls.model_fields:
                continue
            if name in data:
                raise ValueError(f"give either {name} or {key}, not both")
            resolved[name] = _read_secret(key, value)
            del resolved[key]
        return resolved


SECRET_LIMIT_BYTES = 64 * 1024
"""A password, token or connection string; a mounted secret file is never larger."""


def _read_secret(key: str, path: object) -> str:
    """The secret in file ``path``: a regular file only (a FIFO or device is refused
    without blocking), at most 64 KiB of UTF-8, without control characters."""
    if not isinstance(path, str):
        raise ValueError(f"{key}: expected a file path string")
    try:
        text = read_regular(Path(path).expanduser(), limit=SECRET_LIMIT_BYTES).decode("utf-8")
    except FileRefused as exc:
        raise ValueError(f"{key}: cannot read {path}: {exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{key}: {path} is not UTF-8 text") from None
    text = text.strip()
    if bad := control_chars(text):
        raise ValueError(f"{key}: {path} holds control character {bad[0]}")
    return text


class SiteSettings(ConfigModel):
    """Where to find one site's services. Unset entries are simply not polled."""

    # A rejected DSN or URL is a credential: pydantic must not quote it in its errors.
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    name: str = ""
    """Display name ("Frankfurt", "us-east-1"...)."""
    kube_context: str | None = None
    """Context in the kubeconfig (``KUBECONFIG`` is honoured)."""
    health_url: str | None = None
    postgres_dsn: SecretStr | None = None
    redis_url: SecretStr | None = None
    app_database: str | None = None
    """What the application on this site connects to for PostgreSQL (``host:port``),
    written into its ConfigMap by switch-site; unset leaves that key alone."""
    app_redis: str | None = None
    """What the application on this site connects to for Redis (``host:port``)."""

    @field_validator("postgres_dsn")
    @classmethod
    def _dsn_parses(cls, value: SecretStr | None) -> SecretStr | None:
        """Refuse a DSN libpq cannot parse, naming the field only: libpq's own message
        quotes the DSN, password included, so it must not reach the config error."""
        if value is not None:
            import psycopg  # only with a DSN: a config without one never loads libpq

            try:
                psycopg.conninfo.conninfo_to_dict(value.get_secret_value())
            except (psycopg.Error, ValueError, TypeError):
                raise ValueError(
                    "postgres_dsn does not parse as a PostgreSQL connection string") from None
        return value


class Sites(ConfigModel):
    primary: SiteSettings = SiteSettings(name="primary")
    dr: SiteSettings = SiteSettings(name="disaster-recovery")


class BackupStoreSettings(ConfigModel):
    """One backup store, tied to a backup target id of the plan (``s3-region-1``...)."""

    target: str
    kind: Literal["s3", "azure-blob", "nas"]
    bucket: str | None = None
    container: str | None = None
    path: Path | None = None
    prefix: str = ""
    region: str | None = None
    endpoint_url: str | None = None
    account_url: str | None = None
    access_key_id: SecretStr | None = None
    secret_access_key: SecretStr | None = None
    connection_string: SecretStr | None = None

    @model_validator(mode="after")
    def _kind_needs(self) -> BackupStoreSettings:
        needed = {"s3": "bucket", "azure-blob": "container", "nas": "path"}[self.kind]
        if getattr(self, needed) is None:
            raise ValueError(f"a {self.kind} store needs '{needed}'")
        if self.kind == "azure-blob" and not (self.connection_string or self.account_url):
            raise ValueError("an azure-blob store needs 'connection_string' or 'account_url'")
        return self


class DnsSettings(ConfigModel):
    """The Route53 record that decides which site serves traffic."""

    zone_id: str
    record_name: str
    record_type: Literal["A", "AAAA", "CNAME"] = "CNAME"
    primary_target: str
    dr_target: str
    region: str = "us-east-1"
    endpoint_url: str | None = None
    access_key_id: SecretStr | None = None
    secret_access_key: SecretStr | None = None


class Webhook(ConfigModel):
    name: str
    url: SecretStr
    """Webhook URLs embed tokens, so they are secrets."""
    kind: Literal["slack", "generic"] = "generic"


class RefreshSettings(ConfigModel):
    """How often each source is polled, the hard timeout of one poll, and of one action."""

    kubernetes: Duration = timedelta(seconds=10)
    postgres: Duration = timedelta(seconds=5)
    redis: Duration = timedelta(seconds=5)
    backups: Duration = timedelta(seconds=60)
    dns: Duration = timedelta(seconds=30)
    health: Duration = timedelta(seconds=5)
    timeout: Duration = timedelta(seconds=4)
    """Hard timeout of one poll (and of each read an adapter makes)."""
    action_timeout: Duration = timedelta(seconds=60)
    """Timeout of one mutating call (DNS failover/rollback, Kubernetes scale/restart):
    longer than a poll's, since a write that is cut off may still land."""

    @model_validator(mode="after")
    def _positive(self) -> RefreshSettings:
        for name in type(self).model_fields:
            if getattr(self, name).total_seconds() < 1:
                raise ValueError(f"{name} must be at least 1s")
        return self


class FailoverSettings(ConfigModel):
    """How far a failover may go on its own, and what switch-site rewrites."""

    max_lag_on_failover: int = Field(default=1024 * 1024, ge=0, le=1 << 40)
    """Bytes of WAL the standby may lack (not received) for a promote to pass its gate
    without an override; Patroni's ``maximum_lag_on_failover``, same default (1 MiB)."""
    namespace: str = "erlmcp"
    configmap: str = "erlmcp-config"
    """The application's ConfigMap on each site, patched by switch-site."""
    deployment: str = "erlmcp"
    """The deployment restarted (``kubectl rollout restart``) after the patch."""
    database_key: str = "DATABASE_HOST"
    redis_key: str = "REDIS_HOST"


class DrillSettings(ConfigModel):
    """The simulated environment used in drill mode (and by ``make run``)."""

    scenario: str = "steady"
    speed: float = Field(default=1.0, gt=0, le=3600)
    """Simulated seconds per real second (60 = a minute per second)."""
    seed: int = 0


class Channel(ConfigModel):
    """Where messages go: a JSON webhook, a Slack incoming webhook, PagerDuty Events API
    v2, or e-mail over SMTP. URLs, routing keys and passwords are secrets: a journal,
    a report or an error names the channel, never them."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    name: str = Field(min_length=1)
    kind: Literal["webhook", "slack", "pagerduty", "email"]
    url: SecretStr | None = None
    """Webhook/Slack URL; PagerDuty's enqueue URL (default: events.pagerduty.com)."""
    routing_key: SecretStr | None = None
    """PagerDuty integration key."""
    smtp_host: str | None = None
    smtp_port: int = 25
    starttls: bool = False
    username: str | None = None
    password: SecretStr | None = None
    sender: str = "recovery-console@localhost"
    recipients: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    """Only these templates go out here (all when empty)."""

    @model_validator(mode="after")
    def _kind_needs(self) -> Channel:
        if self.kind in ("webhook", "slack") and self.url is None:
            raise ValueError(f"a {self.kind} channel needs 'url'")
        if self.kind == "pagerduty" and self.routing_key is None:
            raise ValueError("a pagerduty channel needs 'routing_key'")
        if self.kind == "email" and (self.smtp_host is None or not self.recipients):
            raise ValueError("an email channel needs 'smtp_host' and 'recipients'")
        return self


class CommsSettings(ConfigModel):
    """How the console sends messages: channels, timeouts, retries, update cadence."""

    channels: tuple[Channel, ...] = ()
    send_in_drill: bool = False
    """A drill sends nothing (it must not page the real on-call) unless this is true."""
    timeout: Duration = timedelta(seconds=5)
    """Hard timeout of one delivery attempt."""
    retries: int = Field(default=2, ge=0, le=5)
    """Attempts after the first, with backoff (``backoff_s``, then doubled)."""
    backoff_s: float = Field(default=0.5, ge=0, le=30)
    update_every: dict[str, Duration] = Field(default_factory=lambda: {
        "P1": timedelta(minutes=30), "P2": timedelta(hours=1),
        "P3": timedelta(hours=4), "P4": timedelta(hours=24)})
    """Per severity, how soon after a message the next update is due."""
    page_severities: tuple[str, ...] = ("P1", "P2")
    """Severities that trigger PagerDuty when classified."""


class ContactOverride(ConfigModel):
    """A contact of the plan, with real names and numbers (which stay out of git)."""

    role: str
    name: str | None = None
    title: str | None = None
    phone: str | None = None
    secondary_phone: str | None = None
    email: str | None = None
    backup: str | None = None
    on_call: str | None = None
