"""``recovery-console backups verify``: the plan's daily backup verification, headless.

Every schedule x target the plan names is read from its configured store (stores in
parallel, one thread each, so a slow region does not serialise the rest), judged by
:mod:`console.judge.backup_verify`, compared across targets, recorded in the
maintenance journal and printed. Manual stores (tape) are judged from their recorded
handovers, not here. Exit 0: all verified; 1: any finding; 3: a store unreachable.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from console.backends.real_sources import backup_store
from console.config.settings import Settings
from console.journal.events import BackupsVerified, VerifiedCellRecord
from console.judge.backup_verify import Verification, VerifiedCell, consistent, judge_facts
from console.maintenance.journal import record
from console.plan import Plan
from console.plan.backups import StoreKind
from services.backups.common import BackupStore
from services.backups.verify_read import ComponentFacts, collect_safely
from services.clock import Clock, SystemClock

EXIT_FINDINGS = 1
EXIT_UNREACHABLE = 3
STORE_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class VerifyResult:
    cells: tuple[VerifiedCell, ...]
    seconds: float
    checked_at: datetime

    @property
    def downloaded_bytes(self) -> int:
        return sum(c.downloaded_bytes for c in self.cells)

    @property
    def exit_code(self) -> int:
        if any(c.unreachable for c in self.cells):
            return EXIT_UNREACHABLE
        return EXIT_FINDINGS if any(c.status is not Verification.VERIFIED
                                    for c in self.cells) else 0


def _manual(plan: Plan) -> set[str]:
    return {t.id for t in plan.backup_targets if t.store is StoreKind.TAPE}


def _store_facts(store: BackupStore, components: Sequence[str]) -> list[ComponentFacts]:
    return [collect_safely(store, c) for c in components]


def verify(settings: Settings, plan: Plan, clock: Clock | None = None,
           components: Sequence[str] = ()) -> VerifyResult:
    """Read, judge and compare every cell; nothing is recorded (see :func:`run_verify`)."""
    clock = clock or SystemClock()
    started, now = time.monotonic(), clock.now()
    schedules = [s for s in plan.backups if not components or s.id in components]
    stores = {s.target: backup_store(s, STORE_TIMEOUT_S) for s in settings.backups}
    manual = _manual(plan)
    wanted = {t: [s.id for s in schedules if t in s.targets] for t in stores}
    with ThreadPoolExecutor(max(1, len(stores))) as pool:
        futures = {t: pool.submit(_store_facts, stores[t], wanted[t]) for t in stores}
        facts = {(f.component, t): f for t, fut in futures.items() for f in fut.result()}
    cells: list[VerifiedCell] = []
    for schedule in schedules:
        row = []
        for target in schedule.targets:
            if target in manual:
                continue
            found = facts.get((schedule.id, target))
            if found is None:
                row.append(VerifiedCell(component=schedule.id, target=target,
                                        status=Verification.UNVERIFIED,
                                        reasons=(f"no store configured for {target}",)))
                continue
            row.append(judge_facts(found, schedule.frequency.interval, schedule.retention,
                                   now))
        cells += consistent(row)
    return VerifyResult(tuple(cells), time.monotonic() - started, now)


def journal_event(result: VerifyResult) -> BackupsVerified:
    return BackupsVerified(
        at=result.checked_at, downloaded_bytes=result.downloaded_bytes,
        seconds=round(result.seconds, 3),
        cells=tuple(VerifiedCellRecord(component=c.component, target=c.target,
                                       status=c.status.value, reason=c.reason,
                                       newest_key=c.newest_key, sha256=c.sha256,
                                       newest_created_at=c.newest_created_at)
                    for c in result.cells))


def run_verify(settings: Settings, plan: Plan, journal_dir: Path,
               clock: Clock | None = None) -> VerifyResult:
    """Verify and record the result in the maintenance journal."""
    result = verify(settings, plan, clock)
    record(journal_dir, journal_event(result), operator=settings.operator, clock=clock)
    return result


def render(result: VerifyResult, *, as_json: bool = False) -> str:
    """The table an operator reads (findings first), or JSON for automation."""
    if as_json:
        import json

        doc = {"checked_at": result.checked_at.isoformat(), "exit_code": result.exit_code,
               "seconds": round(result.seconds, 3), "downloaded_bytes": result.downloaded_bytes,
               "cells": [c.model_dump(mode="json", exclude={"manifest_checked"}) | {
                   "reason": c.reason} for c in result.cells]}
        return json.dumps(doc, indent=2) + "\n"
    from console.commands.texttable import render_table
    from console.judge.units import format_bytes

    order = {Verification.FAILED: 0, Verification.UNVERIFIED: 1, Verification.VERIFIED: 2}
    cells = sorted(result.cells, key=lambda c: order[c.status])
    rows = [(c.component, c.target, c.status.value.upper(), c.reason) for c in cells]
    bad = sum(c.status is not Verification.VERIFIED for c in cells)
    summary = (f"{len(cells) - bad} of {len(cells)} verified, {bad} with findings; "
               f"{format_bytes(result.downloaded_bytes)} downloaded in {result.seconds:.1f}s\n")
    return render_table("Backup verification", ("component", "store", "result", "why"),
                        rows) + summary
