"""One fact, one verdict: the dashboard, the objectives, the checks, the gates and
``status --json`` all say what the judge said, for any world Hypothesis can think of."""

from __future__ import annotations

import asyncio
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot

from console.actions.checks import evaluate_check
from console.actions.gates import evaluate_gates
from console.actions.model import GateLevel
from console.commands.status_report import render_json
from console.config.models import Mode
from console.judge.backup_trust import Trust
from console.judge.model import Status
from console.judge.sites import SiteState, serving_site
from console.judge.verdicts import LiveState, judge_all
from console.plan import load_plan
from console.plan.actions import DnsFailover, PromotePostgres
from console.plan.checks import HealthOk
from console.plan.objectives import RpoMeasure, RtoMeasure
from screens.dashboard.backups import BackupsPane
from screens.dashboard.objectives import ObjectivesPane
from screens.dashboard.replication import ReplicationPane
from screens.dashboard.site_card import SiteCard, title_text
from screens.style import level_of
from services.models import Site
from tests.ui.test_dashboard_fixtures import DashboardHarness
from tests.unit.judge.strategies import worlds
from tests.unit.judge.world import NOW, World

PLAN = load_plan()
GATE_FOR_FACT = {True: GateLevel.OK, False: GateLevel.BLOCKING, None: GateLevel.WARNING}


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_checks_and_gates_take_the_judges_facts(world: World) -> None:
    verdicts = judge_all(PLAN, world.readings, NOW)
    dr = verdicts.sites[Site.DR]
    gates = {g.name: g for g in evaluate_gates(DnsFailover(kind="dns-failover"),
                                               Mode.INCIDENT, world.readings, NOW)}
    assert gates["dr-health"].level is GATE_FOR_FACT[dr.health_ok]
    check = evaluate_check(HealthOk(kind="health-ok", site=Site.DR), world.readings, NOW)
    assert check.ok is dr.health_ok
    split = {g.name: g for g in evaluate_gates(PromotePostgres(kind="promote-postgres",
                                                               site=Site.DR),
                                               Mode.INCIDENT, world.readings, NOW)}
    primary_writes = verdicts.sites[Site.PRIMARY].postgres_writable
    assert (split["split-brain"].level is GateLevel.BLOCKING) is (primary_writes is True)


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_objective_rows_and_status_json_say_what_the_judge_said(world: World) -> None:
    verdicts = judge_all(PLAN, world.readings, NOW)
    serving = serving_site(world.readings, NOW)
    for rto in PLAN.objectives.rto:
        if rto.measure == (RtoMeasure.SERVICE_SERVING,):
            row = verdicts.objective("rto", rto.id)
            assert row is not None and (row.status is Status.MET) is (serving is not None)
    database = verdicts.objective("rpo", "database")
    assert database is not None
    link = verdicts.postgres
    if link.status is not Status.UNKNOWN and link.standby is not None:
        assert (database.status, database.evidence) == (link.status, link.reason)
    document = json.loads(render_json({}, verdicts, world.readings))
    judged = document["verdicts"]
    for site, verdict in verdicts.sites.items():
        assert judged["sites"][site.value]["state"] == verdict.state.value
        assert judged["sites"][site.value]["status"] == verdict.status.value
    assert judged["postgres"]["status"] == link.status.value
    assert judged["postgres"]["exposure_bytes"] == link.exposure_bytes
    assert [o["status"] for o in document["objectives"]] == [
        o.status.value for o in verdicts.objectives]


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_no_site_serves_unless_dns_health_and_writes_all_hold(world: World) -> None:
    verdicts = judge_all(PLAN, world.readings, NOW)
    for verdict in verdicts.sites.values():
        serves = verdict.state is SiteState.SERVING
        assert serves is (verdict.dns_here is True and verdict.health_ok is True
                          and verdict.postgres_writable is True)
        if serves:
            assert verdict.status in (Status.MET, Status.BREACHED)  # BREACHED: split brain
        if verdict.health_ok is None and verdict.dns_here:
            assert verdict.status is not Status.MET
    assert serving_site(world.readings, NOW) == next(
        (s for s, v in verdicts.sites.items() if v.state is SiteState.SERVING), None)


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(worlds(), min_size=6, max_size=6))
def test_the_dashboard_draws_exactly_the_judges_verdicts(many: list[World]) -> None:
    """One app per example (starting one is the slow part), several worlds shown in turn."""
    asyncio.run(_dashboard_agrees(many))


async def _dashboard_agrees(many: list[World]) -> None:
    app = DashboardHarness([])
    async with app.run_test(size=(160, 48)) as pilot:
        for world in many:
            await _shows(app, pilot, world)


async def _shows(app: DashboardHarness, pilot: Pilot[None], world: World) -> None:
    verdicts = judge_all(PLAN, world.readings, NOW)
    app.dashboard.show_live(LiveState(readings=dict(world.readings), verdicts=verdicts))
    await pilot.pause()
    for site, verdict in verdicts.sites.items():
        title = app.dashboard.query_one(f"#site-{site}", SiteCard).line("title")
        assert title.text == title_text(verdict)
        assert title.level is level_of(verdict.status)
    for engine, link in (("postgres", verdicts.postgres), ("redis", verdicts.redis)):
        line = app.dashboard.query_one(ReplicationPane).line(f"{engine}-verdict")
        assert line.text.endswith(link.reason)
        assert line.level is level_of(link.status)
    for row in verdicts.objectives:
        line = app.dashboard.query_one(ObjectivesPane).line(f"objective-{row.kind}-{row.id}")
        assert row.evidence[:20] in line.text or len(line.text) >= 60
    for cell in verdicts.backups:
        line = app.dashboard.query_one(BackupsPane).grid.cell(cell.component, cell.target)
        assert line.text == cell.text
        assert line.level is level_of(cell.status)
        assert (cell.trust is None) is (cell.text == cell.short)


BACKUP_RPOS = [o.id for o in PLAN.objectives.rpo if o.measure is RpoMeasure.BACKUP_AGE]


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_backup_cells_status_json_and_rpo_evidence_agree(world: World) -> None:
    """A cell the pane marks verified is RPO evidence; evidence is never a backup whose
    verification failed; status --json carries each cell's verdict and verification."""
    verdicts = judge_all(PLAN, world.readings, NOW)
    document = json.loads(render_json({}, verdicts, world.readings))
    assert [(c["component"], c["target"], c["status"], c["trust"], c["short"])
            for c in document["verdicts"]["backups"]] == [
        (c.component, c.target, c.status.value if c.status else None,
         c.trust.value if c.trust else None, c.short) for c in verdicts.backups]
    cells = {(c.component, c.target): c for c in verdicts.backups}
    for rpo in BACKUP_RPOS:
        row = verdicts.objective("rpo", rpo)
        assert row is not None
        schedules = {b.id for b in PLAN.backups if b.rpo == rpo}
        shown_verified = [c for c in verdicts.backups
                          if c.component in schedules and c.trust is Trust.VERIFIED]
        if shown_verified and "backups" in world.readings and verdicts.sources[
                "backups"].status is Status.MET:
            assert "newest verified backup" in row.evidence, row.evidence
        for (component, target), cell in cells.items():
            if f"newest verified backup {component} in {target} " in row.evidence:
                assert cell.trust in (Trust.VERIFIED, Trust.UNVERIFIED), cell
        if any(c.trust is not None for c in verdicts.backups) and not shown_verified \
                and "newest verified backup" not in row.evidence:
            assert row.status is Status.UNKNOWN, row
