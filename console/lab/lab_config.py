"""The console config, secrets and kubeconfig a lab writes: ``recovery-console --config``
on it shows the lab live.

The PostgreSQL DSNs carry the lab's password, so they go to 0600 files that the config
names with ``postgres_dsn_file`` (the console's mounted-secret form), never into
``config.toml`` itself; the Azurite connection string carries only Azurite's public
development key but takes the same path, so the lab exercises the secret-file route.
TOML is written by hand: values are strings and numbers, and a JSON string is a valid
TOML basic string.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from console.lab.backups_lab_stores import AZURE_TARGETS
from console.lab.kube_double import write_kubeconfig
from console.lab.lab_backups import azurite_connection_string
from console.lab.lab_state import LabState, write_secret
from console.lab.moto_lab import (
    BUCKETS,
    CREDENTIALS,
    DR_TARGET,
    PRIMARY_TARGET,
    RECORD_NAME,
)
from console.lab.ports import HOST

CONFIG_FILE = "config.toml"
KUBECONFIG_FILE = "kubeconfig"
CONTEXTS = {"primary": "kube-primary", "dr": "kube-dr"}
"""kubeconfig context name -> the lab component serving it."""
_PG_COMPONENT = {"primary": "postgres-primary", "dr": "postgres-standby"}
"""Each site's PostgreSQL, as the lab's components name it."""


def _q(value: str | Path) -> str:
    return json.dumps(str(value))


def _table(header: str, values: dict[str, str | Path]) -> str:
    """``[header]``; pass ``"[name]"`` for an array-of-tables entry ``[[name]]``."""
    lines = [f"[{header}]"]
    lines += [f"{key} = {_q(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def health_url(port: int) -> str:
    return f"http://{HOST}:{port}/v3/health"


def dsn_file(lab_dir: Path, site: str) -> Path:
    """The 0600 file holding ``site``'s PostgreSQL DSN (the console and health read it)."""
    return lab_dir / "secrets" / f"{site}-postgres.dsn"


def write_secrets(state: LabState, password: str) -> dict[str, Path]:
    """The 0600 secret files: both DSNs, the password (for ``attach``), Azurite's string."""
    c, secrets = state.components, state.path / "secrets"
    dsn = ("host={host} port={port} dbname=erlmcp user=rc password={pw} connect_timeout=5")
    return {
        "password": write_secret(secrets / "postgres-password", password),
        "primary": write_secret(dsn_file(state.path, "primary"), dsn.format(
            host=HOST, port=c["postgres-primary"].port, pw=password)),
        "dr": write_secret(dsn_file(state.path, "dr"), dsn.format(
            host=HOST, port=c["postgres-standby"].port, pw=password)),
        "azure": write_secret(secrets / "azurite.connection",
                              azurite_connection_string(c["azurite"].port)),
        # restores create (and drop) scratch databases next to `postgres` on the primary
        "scratch": write_secret(secrets / "scratch-postgres.dsn", dsn.format(
            host=HOST, port=c["postgres-primary"].port, pw=password).replace(
                "dbname=erlmcp", "dbname=postgres")),
    }


def write_lab_kubeconfig(state: LabState) -> Path:
    urls = {context: f"http://{HOST}:{state.components[name].port}"
            for context, name in CONTEXTS.items()}
    return write_kubeconfig(state.path / KUBECONFIG_FILE, urls)


def render_config(state: LabState, secrets: dict[str, Path]) -> str:
    """The console config for this lab (incident mode, both sites, every store, DNS)."""
    c = state.components
    moto = f"http://{HOST}:{c['moto'].port}"
    parts = [
        "# Written by `recovery-console lab up`: the console on this machine's lab.\n"
        f"mode = \"incident\"\noperator = \"lab\"\njournal_dir = {_q(state.path / 'journal')}\n"
        f"kubeconfig = {_q(state.path / KUBECONFIG_FILE)}\n",
    ]
    for site, pg, redis, label in (("primary", "primary", "redis-primary", "lab primary"),
                                   ("dr", "dr", "redis-replica", "lab dr")):
        parts.append(_table(f"sites.{site}", {
            "name": label, "kube_context": site,
            "health_url": health_url(c[f"health-{site}"].port),
            "postgres_dsn_file": secrets[pg],
            "redis_url": f"redis://{HOST}:{c[redis].port}/0",
            # What the site's application connects to: switch-site writes these into
            # its ConfigMap (the double's erlmcp/erlmcp-config).
            "app_database": f"{HOST}:{c[_PG_COMPONENT[site]].port}",
            "app_redis": f"{HOST}:{c[redis].port}"}))
    for target, (bucket, region) in zip(("s3-region-1", "s3-region-2"), BUCKETS.items(),
                                        strict=True):
        parts.append(_table("[backups]", {
            "target": target, "kind": "s3", "bucket": bucket, "region": region,
            "endpoint_url": moto, "access_key_id": CREDENTIALS["aws_access_key_id"],
            "secret_access_key": CREDENTIALS["aws_secret_access_key"]}))
    for target, container in AZURE_TARGETS.items():
        parts.append(_table("[backups]", {
            "target": target, "kind": "azure-blob", "container": container,
            "connection_string_file": secrets["azure"]}))
    parts.append(_table("[backups]", {"target": "nas", "kind": "nas",
                                      "path": state.path / "nas"}))
    parts.append(_table("restore", {"scratch_dsn_file": secrets["scratch"]}))
    parts += [_redis_placement(state, site, name) for site, name in (("primary", "primary"),
                                                                        ("dr", "replica"))]
    parts += [_standby(state, site) for site in ("primary", "dr")]
    parts.append(_table("dns", {
        "zone_id": state.zone_id, "record_name": RECORD_NAME, "record_type": "CNAME",
        "primary_target": PRIMARY_TARGET, "dr_target": DR_TARGET, "region": "us-east-1",
        "endpoint_url": moto, "access_key_id": CREDENTIALS["aws_access_key_id"],
        "secret_access_key": CREDENTIALS["aws_secret_access_key"]}))
    return "\n".join(parts)


def _redis_placement(state: LabState, site: str, server: str) -> str:
    """Where the site's lab Redis loads its RDB, and the command that restarts it
    (:mod:`console.lab.redis_restart`): restore-redis places and restarts for real."""
    argv = [sys.executable, "-m", "console.lab.redis_restart", "--dir", str(state.path), site]
    rdb = state.path / "redis" / server / "dump.rdb"
    return (f"[restore.redis_{site}]\nrdb_path = {_q(rdb)}\n"
            f"restart_command = {json.dumps(argv)}\n")


def _standby(state: LabState, site: str) -> str:
    """How the rollback play demotes and rebuilds the site's lab servers
    (:mod:`console.lab.standby_command`); production names its own scripts here."""
    argv = [sys.executable, "-m", "console.lab.standby_command", "--dir", str(state.path)]
    return (f"[standby.{site}]\ndemote_command = {json.dumps([*argv, 'demote', site])}\n"
            f"rebuild_command = {json.dumps([*argv, 'rebuild', site])}\n"
            'timeout = "5m"\n')


def write_config(state: LabState, password: str) -> Path:
    secrets = write_secrets(state, password)
    write_lab_kubeconfig(state)
    path = state.path / CONFIG_FILE
    path.write_text(render_config(state, secrets), encoding="utf-8")
    return path
