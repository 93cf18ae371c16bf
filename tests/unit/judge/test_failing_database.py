"""A PostgreSQL primary that answers with an error is failing, not writable.

The drill's corrupt primary crash-loops and, between crashes, still reports itself a
primary out of recovery, with the corruption in the snapshot's ``error``. The downtime
tracker already counted that reading as failing; the judge called it writable, so the
site card said WRITABLE and the database RTO never saw the outage.
"""

from __future__ import annotations

from datetime import timedelta

from console.actions.gates import target_site
from console.judge.model import Status
from console.judge.objectives import evaluate
from console.judge.sites import SiteState, judge_site
from console.plan import load_plan
from console.plan.actions import TestRestore as PlannedTestRestore
from services.models import PostgresSnapshot, Site
from tests.unit.judge.world import NOW, World, steady

CORRUPT = 'ERROR: invalid page in block 48213 of relation "base/16384/16402"'


def corrupt_primary(world: World) -> World:
    """``world`` with the primary's PostgreSQL answering between crashes, with the error."""
    snap = world.readings["postgres/primary"].snapshot
    assert isinstance(snap, PostgresSnapshot)
    return world.put("postgres/primary", snap.model_copy(update={"error": CORRUPT}))


def test_a_primary_answering_with_an_error_does_not_serve() -> None:
    """Health still OK, to show the database alone decides it: the rule names it."""
    verdict = judge_site(corrupt_primary(steady()).readings, Site.PRIMARY, NOW)
    assert verdict.postgres_writable is False
    assert (verdict.state, verdict.status) == (SiteState.NOT_SERVING, Status.BREACHED)
    assert verdict.reason == f"DNS -> primary, not serving: postgres failing: {CORRUPT}"
    assert verdict.summary == "DNS -> primary, not serving: postgres failing"
    part = verdict.parts["postgres"]
    assert part.text == f"FAILING · primary · tl 1 · {CORRUPT}"
    assert part.status is Status.BREACHED


def test_a_failing_primary_and_a_promoted_dr_are_not_split_brain_on_the_cards() -> None:
    """DR promoted while the corrupt primary crash-loops: DR is the one writable side."""
    world = corrupt_primary(steady().pg_primary(Site.DR))
    dr = judge_site(world.readings, Site.DR, NOW)
    assert dr.postgres_writable is True
    assert not dr.reason.startswith("split brain")
    assert dr.parts["postgres"].text == "WRITABLE · primary · tl 1"


def test_the_database_rto_counts_the_outage_from_the_first_failing_poll() -> None:
    world = corrupt_primary(steady())
    down = {"postgres/primary": NOW - timedelta(minutes=7)}
    rows = {(r.kind, r.id): r for r in evaluate(load_plan(), world.readings, NOW,
                                                 down_since=down)}
    database = rows[("rto", "database")]
    assert database.status is Status.AT_RISK
    assert database.evidence == (f"postgres writable nowhere: primary failing ({CORRUPT}), "
                                 "dr read-only; down for 7m < RTO 4h")
    later = evaluate(load_plan(), world.readings, NOW + timedelta(hours=4), down_since=down)
    assert next(r for r in later if (r.kind, r.id) == ("rto", "database")).status \
        is Status.BREACHED


def test_every_node_read_only_keeps_its_wording() -> None:
    """No node failing (DNS moved, DR not yet promoted, primary fenced as a standby)."""
    world = steady().pg_standby(Site.PRIMARY)
    rows = evaluate(load_plan(), world.readings, NOW,
                    down_since={"postgres/primary": NOW - timedelta(minutes=1)})
    database = next(r for r in rows if (r.kind, r.id) == ("rto", "database"))
    assert database.evidence.startswith("postgres writable nowhere (every node read-only)")


def test_a_test_restore_still_lands_on_the_failing_primary() -> None:
    """Not writable, but still the primary copy: the restore replaces it there (as the
    drill's does), so the site name the operator types stays the primary's."""
    restore = PlannedTestRestore(kind="test-restore", component="postgres-full",
                                 target="s3-region-2")
    assert target_site(restore, corrupt_primary(steady()).readings) is Site.PRIMARY
    assert target_site(restore, steady().pg_primary(Site.DR).readings) is Site.DR
