"""``recovery-console backups restore postgres|redis --from STORE --to SITE``, headless.

A restore into a site goes through the one action runner, as the checklist's step does:
gates (a backup is listed, the target answers), the site's name typed (``--confirm``),
the journal, the call, the journaled result. It is recorded in the open incident when
there is one (the corruption the operator is working), otherwise in an incident of its
own, resolved with the restore's verdict. A read-only console is refused before anything
is journaled or read. ``--to scratch`` restores into a new database on the scratch server
and keeps it for inspection: nothing live changes, so it needs no confirmation.
``restore redis`` runs the restore-redis action the same way (into a site only).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from console.actions import ActionRunner
from console.actions.model import ActionRefused, Confirmation, OutcomeStatus, PlannedAction
from console.backends.monitor import Monitor
from console.backends.progress import PROGRESS
from console.backends.real_restore import restore_scratch
from console.commands.incidents import open_incidents
from console.commands.restore_common import (
    EXIT_FAILED,
    EXIT_OK,
    check_component,
    check_mode,
    check_store,
)
from console.config.models import Mode
from console.config.settings import Settings
from console.errors import InputError
from console.journal.events import Declared, Event, Resolved
from console.journal.write import Journal, JournalUnavailable, new_incident_id
from console.plan import Plan
from console.plan.actions import RestorePostgres, RestoreRedis
from console.plan.runbook import Step
from services.models import Site
from services.sources import SourceError

STEP_ID = "backups-restore"


@dataclass(frozen=True)
class RestoreRequest:
    store: str
    to: str
    """``primary``, ``dr`` or ``scratch``."""
    component: str = "postgres-full"
    confirm: str | None = None
    reason: str | None = None
    what: str = "postgres"
    """``postgres`` or ``redis``."""


def _step(plan: Plan, action: RestorePostgres | RestoreRedis) -> Step:
    """The plan's own restore step (its id in the journal) when it has one."""
    for _, step in plan.steps():
        if step.action is not None and step.action.kind == action.kind:
            return step.model_copy(update={"action": action})
    if isinstance(action, RestoreRedis):
        return Step(id=f"{STEP_ID}-redis", title="Restore Redis from backup", owner="dba",
                    action=action)
    return Step(id=STEP_ID, title="Restore PostgreSQL from backup", owner="dba", action=action)


def _printer(out: TextIO) -> Callable[[str], None]:
    return lambda line: print(f"  {line}", file=out, flush=True)


def run_restore(settings: Settings, plan: Plan, request: RestoreRequest, source: str,
                monitor: Callable[[], Monitor], *, out: TextIO | None = None,
                err: TextIO | None = None) -> int:
    """Exit 0 restored and matching its manifest; 1 refused, failed or not matching.

    ``monitor`` builds the console's monitor (``build_runtime``, in the shell): a site
    restore polls once so its gates judge what is true now."""
    out, err = out or sys.stdout, err or sys.stderr
    check_mode(settings, source)
    check_store(settings, request.store, source)
    check_component(plan, request.component)
    if request.to == "scratch":
        return asyncio.run(_scratch(settings, request, out, err))
    site = Site(request.to)
    if settings.mode is Mode.READ_ONLY:  # before any journal is opened or created
        print("refused: read-only console: no action possible", file=out)
        return EXIT_FAILED
    if (request.confirm or "").strip() != site.value:
        raise InputError(source, f"restoring into {site} replaces its data: "
                                 f"type the site to confirm (--confirm {site.value})",
                         field="--confirm")
    return asyncio.run(_site(settings, plan, request, site, monitor(), out, err))


async def _scratch(settings: Settings, request: RestoreRequest, out: TextIO,
                   err: TextIO) -> int:
    try:
        report = await restore_scratch(settings, request.component, request.store,
                                       keep=True, progress=_printer(err))
    except SourceError as exc:
        print(f"FAIL: {exc}", file=out)
        return EXIT_FAILED
    print("\n".join(report.lines()), file=out)
    print(f"kept {report.target} for inspection: drop it when done", file=out)
    return EXIT_OK if report.ok else EXIT_FAILED


def _journal(settings: Settings, title: str) -> tuple[Journal, bool]:
    """The open real incident's journal, or a new incident's (True: ours to resolve)."""
    from services.clock import SystemClock

    clock, operator = SystemClock(), settings.operator_name()
    for summary in open_incidents(settings.journal_dir):
        if not summary.drill:
            return Journal.open(summary.path, clock, operator), False
    journal = Journal.create(settings.journal_dir, new_incident_id(clock.now()), clock,
                             operator)
    journal.append(Declared(incident_id=journal.incident_id, title=title))
    return journal, True


async def _site(settings: Settings, plan: Plan, request: RestoreRequest, site: Site,
                monitor: Monitor, out: TextIO, err: TextIO) -> int:
    action: RestorePostgres | RestoreRedis
    if request.what == "redis":
        action = RestoreRedis(kind="restore-redis", site=site, component=request.component,
                              store=request.store)
    else:
        action = RestorePostgres(kind="restore-postgres", site=site,
                                 component=request.component, store=request.store)
    try:
        await monitor.poller.poll_once()  # the gates judge what is true now
        try:
            what = "Redis" if request.what == "redis" else "PostgreSQL"
            journal, ours = _journal(settings, f"{what} restore into {site} "
                                               f"from {request.store} (headless)")
        except JournalUnavailable as exc:
            print(f"FAIL: cannot journal the restore: {exc}", file=out)
            return EXIT_FAILED
        with journal:
            return await _run(settings, plan, request, action, journal, ours, monitor,
                              out, err)
    finally:
        await monitor.stop()


async def _run(settings: Settings, plan: Plan, request: RestoreRequest,
               action: RestorePostgres | RestoreRedis, journal: Journal, ours: bool,
               monitor: Monitor, out: TextIO, err: TextIO) -> int:
    if monitor.operations is None:
        print("FAIL: this console cannot act (no operations)", file=out)
        return EXIT_FAILED
    record: Callable[[Event], Event] = journal.append
    runner = ActionRunner(settings.mode, monitor.operations, record,
                          lambda: monitor.poller.latest, monitor.clock)
    planned = runner.plan_action(_step(plan, action))

    async def confirm(shown: PlannedAction) -> Confirmation:
        for gate in shown.gates:
            print(f"  gate {gate.level.value}: {gate.message}", file=err)
        return Confirmation.model_validate({
            "confirmed": True, "override_reason": request.reason,
            "typed_site": request.confirm})

    print(planned.description, file=err)
    token = PROGRESS.set(_printer(err))
    try:
        outcome = await runner.run(planned, confirm)
    except ActionRefused as exc:
        print(f"refused: {exc}", file=out)
        return EXIT_FAILED
    finally:
        PROGRESS.reset(token)
    ok = outcome.status is OutcomeStatus.SUCCEEDED
    print(outcome.detail if ok else f"{outcome.status.value.upper()}: {outcome.detail}",
          file=out)
    if outcome.unrecorded:
        print(outcome.unrecorded, file=out)
    if ours:
        journal.append(Resolved(summary=f"restore {outcome.status.value}"))
    print(f"journaled in {journal.path}", file=err)
    return EXIT_OK if ok else EXIT_FAILED
