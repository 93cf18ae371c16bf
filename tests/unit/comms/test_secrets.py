"""A canary secret set in the config (DSN password, webhook URL token, PagerDuty key,
SMTP password) never appears in a message, the journal, a report or command output,
even when a far end echoes what it was sent."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from console.comms.desk import CommsDesk
from console.config.bootstrap import load_all
from console.journal.events import CommsFailed, CommsSent
from console.plan.loader import load_plan
from console.shell.cli import main
from tests.unit.comms.rig import INCIDENT, DrillRig
from tests.unit.comms.servers import http_endpoint, smtp_server

CANARY = "CANARY7e3f9"
PLAN = load_plan()


def _config(tmp_path: Path, echo_url: str, ok_url: str, smtp_port: int) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'''
mode = "drill"
operator = "alice"
journal_dir = "{tmp_path / 'journal'}"

[sites.primary]
postgres_dsn = "postgresql://monitor:{CANARY}@db.invalid/erlmcp"

[comms]
send_in_drill = true
timeout = "2s"
retries = 1
backoff_s = 0.01

[[comms.channels]]
name = "echoing-hook"
kind = "webhook"
url = "{echo_url}?token={CANARY}"

[[comms.channels]]
name = "pager"
kind = "pagerduty"
url = "{ok_url}"
routing_key = "{CANARY}-routing"

[[comms.channels]]
name = "mail"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
username = "ops"
password = "{CANARY}-smtp"
recipients = ["ops@example.com"]
''')
    return config


async def test_the_canary_never_leaves(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    with http_endpoint("echo") as echo, http_endpoint() as ok, smtp_server() as (_, port):
        config = _config(tmp_path, echo.url, ok.url, port)
        loaded = load_all(config)
        rig = DrillRig(PLAN, tmp_path)
        await rig.declare("P1")
        await rig.walk(("assessment",))
        desk = CommsDesk(loaded.settings, loaded.plan)
        drafts = desk.drafts(rig.session, rig.verdicts())
        draft = next(d for d in drafts if d.template == "recovery-update")
        written = draft.body.replace("[TO FILL: customer update]", "API back soon")
        await desk.send(rig.session, replace(draft, body=written))  # as typed in the editor
        await desk.follow_pager(rig.session, rig.verdicts())
        rig.session.resolve("drill over", unfinished_reason="drill over")
        rig.session.close()
        outputs = [d.body for d in drafts]
        for args in (["report", INCIDENT], ["report", INCIDENT, "--format", "html"],
                     ["report", INCIDENT, "--format", "json"],
                     ["comms", "send", "resolution", "--incident", INCIDENT, "--dry-run"],
                     ["config", "check"]):
            code = await asyncio.to_thread(main, ["--config", str(config), *args])
            captured = capsys.readouterr()
            assert code == 0, captured.err
            outputs += [captured.out, captured.err]
    journal = (tmp_path / "journal" / f"{INCIDENT}.jsonl").read_text()
    assert CANARY in echo.paths[0]  # it did go to the far end, which echoed it back
    assert '"channel":"echoing-hook"' in journal and "comms-failed" in journal
    assert '"channel":"pager"' in journal and '"channel":"mail"' in journal
    events = [e for e in rig.session.events if isinstance(e, CommsSent | CommsFailed)]
    assert {e.channel for e in events} == {"echoing-hook", "pager", "mail"}
    for text in [journal, *outputs]:
        assert CANARY not in text
