"""run_script and notify on real backends against hostile peers: a script printing escapes
without end, a webhook answering an endless body. Output is bounded and sanitised."""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from console.actions import errors
from console.backends.real_ops import OUTPUT_TAIL, RealOperations
from console.config.models import Mode
from console.config.settings import Settings
from services.sources import SourceError
from tests.services.hostile.servers import HostileHttp

SPAMMER = """#!/bin/sh
printf 'start \\033]0;TITLE\\007\\033]52;c;Q0FOQVJZ\\007\\n'
head -c 50000000 /dev/zero | tr '\\0' 'x'
printf '\\n\\033[2J\\033[31mPWNED\\033[0m [bold]done[/]\\n'
"""


@pytest.fixture
def hostile_http() -> Iterator[HostileHttp]:
    server = HostileHttp()
    yield server
    server.stop()


async def test_script_output_is_bounded_and_sanitised(tmp_path: Path) -> None:
    script = tmp_path / "spam.sh"
    script.write_text(SPAMMER)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    ops = RealOperations(Settings(mode=Mode.INCIDENT), [])
    started = time.monotonic()
    output = await ops.run_script(str(script), [], timeout_s=30)
    assert time.monotonic() - started < 30
    assert len(output) <= OUTPUT_TAIL
    assert output.endswith("PWNED [bold]done[/]")
    assert "\x1b" not in output and "\x07" not in output


async def test_webhook_answer_body_is_never_read(hostile_http: HostileHttp) -> None:
    settings = Settings(mode=Mode.INCIDENT, webhooks=[
        {"name": "ops", "url": hostile_http.url("/endless")}])
    ops = RealOperations(settings, [], timeout_s=5)
    started = time.monotonic()
    result = await ops.notify("initial", "hello")
    assert time.monotonic() - started < 5  # the 3 GB answer was not read
    assert result == "notification initial sent to ops"


async def test_a_failing_script_is_journaled_without_escapes(tmp_path: Path) -> None:
    """What the runner journals for a failure is :func:`console.actions.errors.text`."""
    script = tmp_path / "fail.sh"
    script.write_text("#!/bin/sh\nprintf 'bad \\033]0;TITLE\\007\\033[2J[b]x[/b]\\n'\nexit 3\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    ops = RealOperations(Settings(mode=Mode.INCIDENT), [])
    with pytest.raises(SourceError) as caught:
        await ops.run_script(str(script), [], timeout_s=10)
    journaled = errors.text(caught.value)
    assert journaled.endswith("exited with 3: bad [b]x[/b]")
    assert "\x1b" not in journaled and "\x07" not in journaled
