"""One rule for every sender (console/comms/sendable.py): a message with ``[TO FILL: ...]``
blanks is not sent by the runbook's step or by ``comms send`` either (before, only the
comms screen refused it), and sending again goes only to the channels the journal does
not show as having the message already. Real loopback channel servers; the assertions
are on what they received and on the journal."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from pathlib import Path

import pytest

from console.comms.desk import CommsDesk
from console.comms.sendable import already_sent, blanks_in
from console.config.models import Mode
from console.journal.events import ActionFailed, ActionSucceeded, CommsDrafted, CommsSent
from console.journal.read import read_journal
from console.plan.loader import load_plan
from console.shell.cli import main
from tests.unit.comms.rig import INCIDENT
from tests.unit.comms.servers import http_endpoint
from tests.unit.comms.test_step import STEP, TEMPLATE, declared, settings, yes

WITH_BLANKS = load_plan()
"""The default plan: its incident notification has a field only a person can write."""
IMPACT = "[TO FILL: customer impact]"


def test_blanks_are_read_from_the_text_as_it_stands() -> None:
    body = f"# Update\n{IMPACT}\n[TO FILL: eta] and {IMPACT}\n"
    assert blanks_in(body) == ("customer impact", "eta")
    assert blanks_in(body.replace(IMPACT, "EU API down").replace("[TO FILL: eta]", "1h")) \
        == ()


async def test_a_step_with_blanks_sends_nothing_and_says_where_to_fill(
        tmp_path: Path) -> None:
    with http_endpoint() as hook:
        config = settings(Mode.INCIDENT, [{"name": "ops-hook", "kind": "webhook",
                                           "url": hook.url}])
        rig = await declared(tmp_path, config, WITH_BLANKS)
        outcome = await rig.session.run_action(STEP, yes)
    assert hook.received == []
    assert outcome.status.value == "failed"
    first = outcome.detail.splitlines()[0]  # the line the checklist shows
    assert "1 blank to fill (customer impact)" in first
    assert "comms screen (m)" in first and "run this step again (a)" in first
    last = rig.session.events[-1]
    assert isinstance(last, ActionFailed) and last.error == outcome.detail
    assert not any(isinstance(e, CommsDrafted | CommsSent) for e in rig.session.events)


async def test_sent_from_the_comms_desk_the_step_completes_without_a_second_message(
        tmp_path: Path) -> None:
    """The flow the refusal asks for: fill on m, send there, run the step again."""
    with http_endpoint() as hook:
        config = settings(Mode.INCIDENT, [{"name": "ops-hook", "kind": "webhook",
                                           "url": hook.url}])
        rig = await declared(tmp_path, config, WITH_BLANKS)
        refused = await rig.session.run_action(STEP, yes)
        assert refused.status.value == "failed"
        desk = CommsDesk(config, WITH_BLANKS)
        since = len(rig.session.events)
        draft = next(d for d in desk.drafts(rig.session, rig.verdicts())
                     if d.template == TEMPLATE)
        written = replace(draft, body=draft.body.replace(IMPACT, "EU customers cannot log in"))
        outcomes = await desk.send(rig.session, written, since=since)
        assert [o.ok for o in outcomes] == [True] and len(hook.received) == 1
        again = await desk.send(rig.session, written, since=since)  # ctrl+s twice
        assert len(hook.received) == 1 and again[0].earlier is not None
        outcome = await rig.session.run_action(STEP, yes)
        assert len(hook.received) == 1
    sent = [e for e in rig.session.events if isinstance(e, CommsSent)]
    assert len(sent) == 1 and sent[0].at is not None
    assert outcome.status.value == "succeeded"
    assert outcome.detail == (f"Incident Notification already sent to ops-hook at "
                              f"{sent[0].at:%H:%M} UTC, not sent again")
    assert isinstance(rig.session.events[-1], ActionSucceeded)
    assert "EU customers cannot log in" in hook.received[0]["body"]


async def test_running_the_step_again_retries_only_the_channel_that_failed(
        tmp_path: Path) -> None:
    with http_endpoint() as good, http_endpoint("500") as bad:
        config = settings(Mode.INCIDENT, [
            {"name": "ops-hook", "kind": "webhook", "url": good.url},
            {"name": "broken", "kind": "webhook", "url": bad.url}])
        rig = await declared(tmp_path, config)  # a plan the console fills alone
        first = await rig.session.run_action(STEP, yes)
        assert first.status.value == "failed" and len(bad.received) == 2  # one retry
        bad.behaviour = "ok"  # the far end is back
        second = await rig.session.run_action(STEP, yes)
        third = await rig.session.run_action(STEP, yes)
    assert len(good.received) == 1 and len(bad.received) == 3
    sent = {e.channel: e for e in rig.session.events if isinstance(e, CommsSent)}
    assert sorted(sent) == ["broken", "ops-hook"]
    assert len([e for e in rig.session.events if isinstance(e, CommsSent)]) == 2
    hook_at = sent["ops-hook"].at
    assert hook_at is not None and second.status.value == "succeeded"
    assert second.detail == ("Incident Notification sent to broken (webhook); already sent "
                             f"to ops-hook at {hook_at:%H:%M} UTC, not sent again")
    assert third.status.value == "succeeded" and "sent to broken" not in third.detail
    assert "already sent to ops-hook at" in third.detail and "broken at" in third.detail


async def test_already_sent_counts_from_where_the_message_began(tmp_path: Path) -> None:
    with http_endpoint() as hook:
        config = settings(Mode.INCIDENT, [{"name": "ops-hook", "kind": "webhook",
                                           "url": hook.url}])
        rig = await declared(tmp_path, config)
        await rig.session.run_action(STEP, yes)
    events = rig.session.events
    assert set(already_sent(events, TEMPLATE)) == {"ops-hook"}
    assert already_sent(events, TEMPLATE, len(events)) == {}  # a message begun later
    assert already_sent(events, TEMPLATE, None) == {}  # send again
    assert already_sent(events, "recovery-update") == {}  # another template


async def test_comms_send_needs_the_blanks_written_and_sends_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with http_endpoint() as hook:
        config = tmp_path / "config.toml"
        config.write_text(f'mode = "incident"\njournal_dir = "{tmp_path / "journal"}"\n'
                          f'[[comms.channels]]\nname = "ops-hook"\nkind = "webhook"\n'
                          f'url = "{hook.url}"\n')
        rig = await declared(tmp_path, settings(Mode.INCIDENT), WITH_BLANKS)
        rig.session.close()
        base = ["--config", str(config), "comms", "send", TEMPLATE, "--incident", INCIDENT]

        async def run(*extra: str) -> tuple[int, str]:
            code = await asyncio.to_thread(main, [*base, *extra])
            return code, capsys.readouterr().out

        refused = await run()
        assert len(hook.received) == 0
        written = ("--fill", "customer_impact=EU customers cannot log in")
        sent = await run(*written)
        repeated = await run(*written)
        forced = await run(*written, "--again")
    assert refused == (1, "Incident Notification not sent: 1 blank to fill (customer impact)"
                          ": give it with --fill customer_impact=TEXT\n")
    assert sent[0] == 0 and "ops-hook (webhook): sent after 1 attempt(s)" in sent[1]
    assert repeated[0] == 0 and "already sent at" in repeated[1]
    assert "not sent again (--again sends it again)" in repeated[1]
    assert forced[0] == 0 and "sent after 1 attempt(s)" in forced[1]
    assert len(hook.received) == 2  # the first send and the --again one
    assert "EU customers cannot log in" in hook.received[0]["body"]
    assert rig.session.path is not None
    journal = read_journal(rig.session.path).events
    assert len([e for e in journal if isinstance(e, CommsSent)]) == 2


async def test_a_field_the_template_does_not_have_is_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rig = await declared(tmp_path, settings(Mode.INCIDENT), WITH_BLANKS)
    rig.session.close()
    config = tmp_path / "config.toml"
    config.write_text(f'journal_dir = "{tmp_path / "journal"}"\n')
    code = await asyncio.to_thread(main, [
        "--config", str(config), "comms", "send", TEMPLATE, "--incident", INCIDENT,
        "--fill", "root_cause=disk", "--dry-run"])
    assert code == 2
    assert "incident-notification has no field 'root_cause'" in capsys.readouterr().err


async def test_a_waiting_step_puts_its_line_in_the_draft_on_m(tmp_path: Path) -> None:
    """``Failover completed`` (the step's own line) is in the draft the operator fills,
    so the message sent from m is the one the step would have sent."""
    step = "auto-send-notification"
    with http_endpoint() as hook:
        config = settings(Mode.INCIDENT, [{"name": "ops-hook", "kind": "webhook",
                                           "url": hook.url}])
        rig = await declared(tmp_path, config, WITH_BLANKS)
        rig.session.open_phase("automated-failover", "primary lost, automation on")
        desk = CommsDesk(config, WITH_BLANKS)
        assert desk.waiting_lines(rig.session) == {}  # the step has not run: no line
        refused = await rig.session.run_action(step, yes)
        assert refused.status.value == "failed" and "customer update" in refused.detail
        draft = next(d for d in desk.drafts(rig.session, rig.verdicts())
                     if d.template == "recovery-update")
        assert draft.body.startswith("# Recovery Update - Progress Report\n\n"
                                     "Failover completed\n")
        written = re.sub(r"\[TO FILL: [^\]]*\]", "written by the operator", draft.body)
        await desk.send(rig.session, replace(draft, body=written),
                        since=len(rig.session.events))
        outcome = await rig.session.run_action(step, yes)
    assert len(hook.received) == 1 and "Failover completed" in hook.received[0]["body"]
    assert outcome.status.value == "succeeded" and "not sent again" in outcome.detail
