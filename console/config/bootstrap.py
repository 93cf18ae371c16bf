"""Loading what every command needs: settings, the plan, and their agreement.

The TUI and ``config check`` share this, so anything ``config check`` accepts is exactly
what the console will start with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.config.contacts import with_contacts
from console.config.settings import Settings, default_config_path, load_settings
from console.errors import InputError
from console.plan import Plan, load_plan
from services.drill import SCENARIO_NAMES
from services.redact import redact_url


@dataclass(frozen=True)
class Loaded:
    settings: Settings
    plan: Plan
    config_path: Path


def load_all(config: Path | None, *, required: bool = False) -> Loaded:
    """Settings from ``config`` (or the default path), the plan they name, cross-checked."""
    path = config if config is not None else default_config_path()
    settings = load_settings(path, required=required or config is not None)
    plan = load_plan(settings.plan)
    check_against_plan(settings, plan, path)
    return Loaded(settings, with_contacts(plan, settings.contacts, path), path)


def check_against_plan(settings: Settings, plan: Plan, source: Path) -> None:
    """Backup stores must map to the plan's targets; the drill scenario must exist."""
    if settings.drill.scenario not in SCENARIO_NAMES:
        raise InputError(source, f"unknown scenario {settings.drill.scenario!r} "
                         f"(known: {', '.join(SCENARIO_NAMES)})", field="drill.scenario")
    known = {t.id for t in plan.backup_targets}
    for index, store in enumerate(settings.backups):
        if store.target not in known:
            raise InputError(
                source,
                f"unknown backup target {store.target!r} in plan {plan.plan.id} "
                f"(known: {', '.join(sorted(known)) or 'none'})",
                field=f"backups[{index}].target",
            )


def describe(loaded: Loaded) -> str:
    """What ``config check`` prints: the effective settings, with secrets only as 'set'."""
    s = loaded.settings
    lines = [
        f"config {loaded.config_path}: OK"
        + ("" if loaded.config_path.exists() else " (file absent: built-in defaults)"),
        f"  mode:        {s.mode}",
        f"  operator:    {s.operator_name()}",
        f"  plan:        {s.plan or 'built-in'} ({loaded.plan.plan.id} {loaded.plan.plan.version})",
        f"  theme:       {s.theme}",
        f"  journal:     {s.journal_dir}",
    ]
    for key, site in (("primary", s.sites.primary), ("dr", s.sites.dr)):
        parts = [
            f"kube={site.kube_context or '-'}",
            f"health={redact_url(site.health_url) if site.health_url else '-'}",
            f"postgres={'set' if site.postgres_dsn else '-'}",
            f"redis={'set' if site.redis_url else '-'}",
        ]
        lines.append(f"  site {key:<7} {site.name}: {' '.join(parts)}")
    for store in s.backups:
        where = store.bucket or store.container or store.path
        lines.append(f"  backups:     {store.target} -> {store.kind} {where}")
    if s.dns is not None:
        lines.append(f"  dns:         {s.dns.record_name} in {s.dns.zone_id}")
    lines.append(f"  webhooks:    {len(s.webhooks)}")
    r = s.refresh
    lines.append(f"  timeout:     {r.timeout.total_seconds():g}s per poll, "
                 f"{r.action_timeout.total_seconds():g}s per action")
    return "\n".join(lines) + "\n"
