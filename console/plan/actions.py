"""The closed set of actions a runbook step can run.

A step's action is data, not a shell string: the action runner knows how to gate, confirm,
journal and execute each kind, on the real adapters or on the drill environment. The set is
closed on purpose; anything else goes through ``run-script``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from console.plan.base import Identifier, PlanModel, Site, Text
from console.plan.durations import Duration


class ScaleDeployment(PlanModel):
    kind: Literal["scale-deployment"]
    site: Site
    namespace: Text = "erlmcp"
    deployment: Text
    replicas: int = Field(ge=0, le=1000)


class SwitchSite(PlanModel):
    """Make a site the active one (the kube context the console acts on)."""

    kind: Literal["switch-site"]
    site: Site


class PromotePostgres(PlanModel):
    kind: Literal["promote-postgres"]
    site: Site


class PromoteRedis(PlanModel):
    kind: Literal["promote-redis"]
    site: Site


class RewriteAof(PlanModel):
    kind: Literal["rewrite-aof"]
    site: Site


class DnsFailover(PlanModel):
    """Point the service record at the DR site."""

    kind: Literal["dns-failover"]


class DnsRollback(PlanModel):
    """Point the service record back at the primary site."""

    kind: Literal["dns-rollback"]


class WaitForHealth(PlanModel):
    kind: Literal["wait-for-health"]
    site: Site
    timeout: Duration
    interval: Duration | None = None


class VerifyData(PlanModel):
    """Run the plan's verification queries (row counts, schemata) on a site's database."""

    kind: Literal["verify-data"]
    site: Site
    queries: tuple[Text, ...] = Field(min_length=1)


class VerifyBackups(PlanModel):
    kind: Literal["verify-backups"]
    components: tuple[Identifier, ...] = ()
    """Backup schedule ids to check; empty means every schedule."""


class TestRestore(PlanModel):
    kind: Literal["test-restore"]
    component: Identifier
    target: Identifier


class RestorePostgres(PlanModel):
    """Restore a site's PostgreSQL database from a backup (``pg_restore``), then check it
    against the backup's manifest (row counts, schemata). Replaces the data it holds."""

    kind: Literal["restore-postgres"]
    site: Site
    component: Identifier = "postgres-full"
    """The backup schedule whose backup is restored (a ``pg_dump`` custom-format archive)."""
    store: Identifier
    """The backup target to restore from (``s3-region-2``...): its newest good backup."""


class RestoreRedis(PlanModel):
    """Put a site's Redis back from an RDB backup: placed where the server loads it and the
    server restarted, when the config says how (``[restore.redis_<site>]``); otherwise the
    step shows the commands to run. Replaces the data the server holds."""

    kind: Literal["restore-redis"]
    site: Site
    component: Identifier = "redis-rdb"
    """The backup schedule whose newest good RDB is restored."""
    store: Identifier
    """The backup target to restore from (``s3-region-2``...)."""


class DemoteSite(PlanModel):
    """Stop a site's databases taking writes ahead of a switchover back (a rollback): its
    PostgreSQL shut down cleanly, so its standby receives every write first, and its Redis
    likewise. Runs the config's ``[standby.<site>] demote_command``; without one the step
    fails naming the commands to run by hand (the console never stops a server itself)."""

    kind: Literal["demote-site"]
    site: Site


class RebuildStandby(PlanModel):
    """Make a site's PostgreSQL a streaming standby of the other site (``pg_rewind`` or
    ``pg_basebackup``, ``standby.signal``, ``primary_conninfo``) and its Redis a replica
    (``REPLICAOF``). Runs the config's ``[standby.<site>] rebuild_command``; without one
    the step fails naming the commands to run by hand."""

    kind: Literal["rebuild-standby"]
    site: Site


class RunScript(PlanModel):
    """An operator script, for what the closed set does not cover."""

    kind: Literal["run-script"]
    path: Text
    args: tuple[str, ...] = ()
    timeout: Duration


class SendNotification(PlanModel):
    kind: Literal["send-notification"]
    template: Identifier
    message: str = ""


Action = Annotated[
    ScaleDeployment
    | SwitchSite
    | PromotePostgres
    | PromoteRedis
    | RewriteAof
    | DnsFailover
    | DnsRollback
    | WaitForHealth
    | VerifyData
    | VerifyBackups
    | TestRestore
    | RestorePostgres
    | RestoreRedis
    | DemoteSite
    | RebuildStandby
    | RunScript
    | SendNotification,
    Field(discriminator="kind"),
]
"""A step's action, chosen by its ``kind``."""
