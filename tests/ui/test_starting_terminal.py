"""The real command in a real terminal (a pseudo-terminal): bad input found after the
console drew its first frame still ends as one line and exit code 2.

In a terminal the console draws its frame before it reads the config; the error line must
come after Textual has given the terminal back (alternate screen left), so it is what the
operator reads once the console is gone, with no traceback.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

LEAVE_ALT_SCREEN = "\x1b[?1049l"
ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B])")


def run_in_terminal(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run ``recovery-console ARGS`` on a 80x24 pseudo-terminal; its exit code and output."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "console", *args], stdin=follower,
                               stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the process is gone
                break
            if not chunk:
                break
            output += chunk
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return code, output.decode("utf-8", "replace")


def test_bad_config_in_a_terminal_is_one_line_after_the_frame(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[drill]\nspeed = "fast"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RC_")}
    env.update(TERM="xterm-256color", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_STATE_HOME=str(tmp_path / "state"))
    code, output = run_in_terminal(["--config", str(config)], env)
    assert code == 2, output[-2000:]
    assert LEAVE_ALT_SCREEN in output
    frame = ESCAPES.sub("", output.rsplit(LEAVE_ALT_SCREEN, 1)[0])
    assert " Sites " in frame and "starting: reading the config" in frame  # drawn first
    after = ESCAPES.sub("", output.rsplit(LEAVE_ALT_SCREEN, 1)[1])
    lines = [line for line in after.replace("\r", "").splitlines() if line.strip()]
    assert lines == [f"recovery-console: error: {config}: drill.speed: Input should be a "
                     "valid number, unable to parse string as a number, got 'fast'"]
    assert "Traceback" not in output
