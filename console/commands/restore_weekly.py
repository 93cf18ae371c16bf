"""``recovery-console backups test-restore [--json]``: the plan's weekly restoration test.

The newest good PostgreSQL full backup is restored into a scratch database made for it
(``[restore] scratch_dsn``), counted against its manifest, timed against the database RTO
and dropped. The result is recorded in the maintenance journal (``restore-tested``), which
the maintenance calendar reads: a test restore that fails is recorded as failed, not
skipped. Exit 0 passed, 1 failed (or refused: read-only), 2 bad input.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from console.backends.real_restore import restore_scratch
from console.commands.restore_common import (
    EXIT_FAILED,
    EXIT_OK,
    FULL_BACKUP,
    check_component,
    check_mode,
    check_store,
    database_rto,
)
from console.config.models import Mode
from console.config.settings import Settings
from console.journal.events import RestoreTested
from console.plan import Plan
from services.backups.restore import RestoreReport
from services.sources import SourceError


@dataclass(frozen=True)
class TestRestoreResult:
    component: str
    store: str
    report: RestoreReport | None
    error: str
    rto: timedelta | None

    @property
    def ok(self) -> bool:
        return self.report is not None and self.report.ok

    @property
    def seconds(self) -> float:
        return self.report.total_s if self.report is not None else 0.0

    def rto_line(self) -> str:
        if self.report is None or self.rto is None:
            return "no database RTO in the plan to time it against" if self.rto is None else ""
        share = 100 * self.seconds / self.rto.total_seconds()
        return (f"restore took {self.seconds:.1f}s against the database RTO of "
                f"{self.rto.total_seconds() / 3600:g}h ({share:.2g}% of it)")

    def text(self) -> str:
        if self.report is None:
            return f"FAIL: test restore of {self.component} from {self.store}: {self.error}\n"
        return "\n".join([*self.report.lines(), self.rto_line()]) + "\n"

    def as_json(self) -> str:
        report = self.report
        return json.dumps({
            "ok": self.ok, "component": self.component, "store": self.store,
            "key": report.key if report else None, "error": self.error or None,
            "seconds": round(self.seconds, 3),
            "download_s": round(report.download_s, 3) if report else None,
            "restore_s": round(report.restore_s, 3) if report else None,
            "verify_s": round(report.verify_s, 3) if report else None,
            "rto_s": self.rto.total_seconds() if self.rto else None,
            "checks": [{"what": c.what, "expected": c.expected, "found": c.found, "ok": c.ok}
                       for c in (report.comparisons if report else ())],
        }, indent=2) + "\n"


def default_store(settings: Settings, plan: Plan, component: str) -> str:
    """The first target of the schedule that the config has a store for."""
    configured = [s.target for s in settings.backups]
    schedule = next(b for b in plan.backups if b.id == component)
    for target in schedule.targets:
        if target in configured:
            return target
    return configured[0] if configured else ""


def run_test_restore(settings: Settings, plan: Plan, source: str, *, store: str | None = None,
                     component: str = FULL_BACKUP, err: TextIO | None = None
                     ) -> TestRestoreResult | None:
    """The result, recorded in the maintenance journal; None when read-only refuses it
    (nothing read, nothing recorded)."""
    check_mode(settings, source)
    check_component(plan, component)
    store = store or default_store(settings, plan, component)
    check_store(settings, store, source)
    if settings.mode is Mode.READ_ONLY:
        return None
    rto = database_rto(plan)
    err = err or sys.stderr
    try:
        report = asyncio.run(restore_scratch(
            settings, component, store,
            progress=lambda line: print(f"  {line}", file=err or sys.stderr, flush=True)))
        result = TestRestoreResult(component, store, report, "", rto)
    except SourceError as exc:
        result = TestRestoreResult(component, store, None, str(exc), rto)
    _record(settings, result)
    return result


def _record(settings: Settings, result: TestRestoreResult) -> None:
    from console.maintenance.journal import record

    report = result.report
    record(settings.journal_dir, RestoreTested(
        component=result.component, store=result.store, key=report.key if report else "",
        ok=result.ok, seconds=result.seconds,
        rto_s=result.rto.total_seconds() if result.rto else None,
        detail="\n".join(report.lines()) if report else result.error),
        operator=settings.operator_name())


def exit_code(result: TestRestoreResult | None) -> int:
    return EXIT_OK if result is not None and result.ok else EXIT_FAILED
