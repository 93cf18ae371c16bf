"""Messages filled from a drill walked through the failover path: every field the
incident knows is filled, the rest is a visible blank, and no template syntax is left."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from console.comms.contacts import contacts
from console.comms.facts import Facts, stamp
from console.comms.fill import drafts, fill
from console.config.models import CommsSettings
from console.judge.units import format_span
from console.plan.comms import CommsTemplate
from console.plan.loader import load_plan
from tests.unit.comms.rig import INCIDENT, DrillRig

PLAN = load_plan()


@pytest.fixture
async def declared(tmp_path: Path) -> DrillRig:
    rig = DrillRig(PLAN, tmp_path)
    await rig.declare("P1")
    return rig


@pytest.fixture
async def walked(tmp_path: Path) -> DrillRig:
    rig = DrillRig(PLAN, tmp_path)
    await rig.declare("P1")
    await rig.walk()
    return rig


def facts(rig: DrillRig) -> Facts:
    every = CommsSettings().update_every["P1"]
    return Facts(PLAN, rig.session.state, rig.session.clocks(), contacts(PLAN),
                 rig.verdicts(), every)


async def test_every_template_is_filled_without_template_syntax(walked: DrillRig) -> None:
    found = drafts(facts(walked))
    assert [d.template for d in found] == ["incident-notification", "recovery-update",
                                           "resolution"]
    for draft in found:
        assert not re.search(r"[{}]", draft.body), draft.body
        assert f"**Incident ID**: {INCIDENT}" in draft.body


async def test_notification_at_declaration_gives_the_eta_from_the_rto_budget(
        declared: DrillRig) -> None:
    known = facts(declared)
    draft = fill(_template("incident-notification"), known)
    start = declared.session.state.rto_start
    assert start is not None
    assert "**Severity**: P1 - Critical" in draft.body
    assert f"**Start Time**: {stamp(start)}" in draft.body
    # The tightest RTO at stake (app-services, 30m) from the disruption, minutes left.
    budget = PLAN.objectives.rto[0].target
    left = budget - (known.now - start)
    assert (f"Estimated ETA: {stamp(start + budget)} (Critical Application Services RTO "
            f"30m, {format_span(left)} left)") in draft.body
    assert f"**Next Update**: {stamp(known.now + timedelta(minutes=30))}" in draft.body
    assert draft.next_update_at == known.now + timedelta(minutes=30)
    assert "**Status**: Active" in draft.body


async def test_notification_after_failover_tells_actions_and_restoration(
        walked: DrillRig) -> None:
    draft = fill(_template("incident-notification"), facts(walked))
    assert "**Status**: Recovering" in draft.body
    assert "- Update DNS: " in draft.body  # an action taken, from the journal
    assert "[done] Manual Failover" in draft.body
    # The judge says app-services is MET again: the ETA is the next open RTO's budget
    # (configuration, 1h from the disruption), not an "overdue" 30m one.
    start = walked.session.state.rto_start
    assert start is not None
    assert f"Estimated ETA: {stamp(start + timedelta(hours=1))} (Configuration RTO 1h" \
        in draft.body
    assert "- Incident Commander: +1-555-0101 (John Doe)" in draft.body
    assert "[TO FILL: customer impact]" in draft.body
    assert draft.blanks == ("customer_impact",)
    update = fill(_template("recovery-update"), facts(walked))
    assert "- dr: SERVING" in update.body


def _template(ident: str) -> CommsTemplate:
    return next(t for t in PLAN.templates if t.id == ident)


async def test_resolution_fills_duration_once_resolved(walked: DrillRig) -> None:
    walked.session.resolve("service back on the DR site",
                           unfinished_reason="drill ends after the failover")
    draft = fill(_template("resolution"), facts(walked))
    assert "**Resolution Summary**:\nservice back on the DR site" in draft.body
    assert re.search(r"\*\*Total Duration\*\*: \d+m", draft.body)
    assert "[TO FILL: root cause]" in draft.body
    assert "1. Classified P1" in draft.body
