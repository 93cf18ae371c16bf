"""What both headless restores share: exit codes, the database RTO, input checks."""

from __future__ import annotations

from datetime import timedelta

from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.plan import Plan
from console.plan.objectives import RtoMeasure

EXIT_OK = 0
EXIT_FAILED = 1
FULL_BACKUP = "postgres-full"


def database_rto(plan: Plan) -> timedelta | None:
    """The RTO of the objective measured by the database taking writes (the plan's
    "Database Services", 4h in erlmcp-v3)."""
    for row in plan.objectives.rto:
        if RtoMeasure.DATABASE_WRITABLE in row.measure:
            return row.target
    return None


def check_mode(settings: Settings, source: str) -> None:
    """Restores act on real systems: a drill's config has none (exit 2 says so)."""
    if settings.mode is Mode.DRILL:
        raise InputError(source, "restores act on real databases: this config runs the drill "
                                 "(set mode = \"incident\" and name the sites and stores)",
                         field="mode")


def check_store(settings: Settings, store: str, source: str) -> None:
    known = [s.target for s in settings.backups]
    if store not in known:
        raise InputError(source, f"no backup store {store!r} in the config "
                                 f"(known: {', '.join(known) or 'none'})", field="--from")


def check_component(plan: Plan, component: str) -> None:
    if component not in {b.id for b in plan.backups}:
        raise InputError("plan", f"no backup schedule {component!r} "
                                 f"(known: {', '.join(b.id for b in plan.backups)})",
                         field="--component")
