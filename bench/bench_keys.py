"""Key -> repaint latency at 160x48, with healthy sources and with every source hung.

Run: ``.venv/bin/python bench/bench_keys.py [--presses 60]``. The console runs in a
pseudo-terminal of 160x48 that this script owns (no tmux in between): it answers Textual's
query for synchronized output, so every repaint arrives as one framed update
(``ESC[?2026h`` ... ``ESC[?2026l``), and the clock stops at the end of the first frame,
after the key was written, that shows the screen the key asked for. Keys cycle through
the objectives screen (``o``), the checklist (``c``, an incident declared through the
declare dialog beforehand, so the checklist has phases and steps) and the dashboard
(``d``), with a random pause between presses so they land anywhere between polls.

Two cases, in the same run and taking turns per round (these machines are shared):

- ``healthy``: the built-in drill (default config), every source answering;
- ``hung``: an ``incident`` config whose every real source (both clusters through a
  kubeconfig, both health endpoints, PostgreSQL, Redis, S3, Azure Blob, Route53) is a
  loopback TCP listener that accepts and never answers, so each poll waits for its
  timeout (2 s here, so several time out during the run).

A key whose screen has not painted after ``--timeout`` is a skipped frame, counted apart.
Target: p99 <= 100 ms in both cases, no skipped frame.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import random
import re
import select
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

WIDTH, HEIGHT = 160, 48
BIN = Path(sys.executable).parent
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|.)")
SCREENS = {"o": "Recovery Time Objectives (RTO)", "c": "Assessment", "d": "─ Sites ─"}
"""Key -> text only that screen shows (after the escape codes are stripped)."""


class HungListener:
    """Loopback TCP that accepts every connection and never sends a byte."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(512)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)  # kept open, never read or answered

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def hung_config(directory: Path, port: int) -> Path:
    """An incident config whose every source is the hung listener."""
    url = f"http://127.0.0.1:{port}"
    kubeconfig = directory / "kubeconfig"
    contexts = "\n".join(
        f"- name: hung-{site}\n  context: {{cluster: hung, user: bench}}"
        for site in ("primary", "dr"))
    kubeconfig.write_text(
        f"apiVersion: v1\nkind: Config\nclusters:\n- name: hung\n  cluster: {{server: '{url}'}}"
        f"\nusers:\n- name: bench\n  user: {{token: bench}}\ncontexts:\n{contexts}\n"
        "current-context: hung-primary\n", encoding="utf-8")
    sites = "".join(
        f'[sites.{site}]\nname = "{site}"\nkube_context = "hung-{site}"\n'
        f'health_url = "{url}/v3/health"\n'
        f'postgres_dsn = "postgresql://bench@127.0.0.1:{port}/erlmcp"\n'
        f'redis_url = "redis://127.0.0.1:{port}/0"\n\n' for site in ("primary", "dr"))
    azure = (f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey="
             f"{'A' * 88};BlobEndpoint={url}/devstoreaccount1;")
    config = directory / "config.toml"
    config.write_text(
        f'mode = "incident"\noperator = "bench"\n'
        f'kubeconfig = "{kubeconfig}"\n\n{sites}'
        f'[[backups]]\ntarget = "s3-region-1"\nkind = "s3"\nbucket = "b"\n'
        f'endpoint_url = "{url}"\naccess_key_id = "k"\nsecret_access_key = "s"\n\n'
        f'[[backups]]\ntarget = "azure-region-1"\nkind = "azure-blob"\ncontainer = "c"\n'
        f'connection_string = "{azure}"\n\n'
        f'[dns]\nzone_id = "Z1"\nrecord_name = "api.erlmcp.com"\n'
        f'primary_target = "primary-lb"\ndr_target = "dr-lb"\nendpoint_url = "{url}"\n'
        f'access_key_id = "k"\nsecret_access_key = "s"\n\n'
        f'[refresh]\ntimeout = "2s"\nkubernetes = "5s"\nbackups = "10s"\ndns = "5s"\n',
        encoding="utf-8")
    return config


@dataclass
class Terminal:
    """The console in a pseudo-terminal; a thread collects its frames as (end time, text)."""

    command: Sequence[str]
    env: dict[str, str]
    frames: list[tuple[float, str]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def start(self) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        self.proc = subprocess.Popen(self.command, stdin=slave, stdout=slave, stderr=slave,
                                     env=self.env, start_new_session=True, close_fds=True)
        os.close(slave)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        pending = b""
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    return
                continue
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                return
            now = time.perf_counter()
            if SYNC_QUERY in chunk:
                os.write(self.master, SYNC_REPLY)
            pending += chunk
            while SYNC_END in pending:
                frame, pending = pending.split(SYNC_END, 1)
                text = ESCAPES.sub(b"", frame.rsplit(SYNC_START, 1)[-1])
                with self.changed:
                    self.frames.append((now, text.decode("utf-8", "replace")))
                    self.changed.notify_all()

    def wait_for(self, marker: str, after: int, timeout: float) -> float | None:
        """End time of the first frame from index ``after`` showing ``marker``."""
        deadline = time.perf_counter() + timeout
        with self.changed:
            while True:
                for at, text in self.frames[after:]:
                    if marker in text:
                        return at
                left = deadline - time.perf_counter()
                if left <= 0 or not self.changed.wait(left):
                    return None

    def press(self, key: str, marker: str, timeout: float) -> float | None:
        """Seconds from writing ``key`` to the frame showing ``marker``; None if none came."""
        with self.changed:
            after = len(self.frames)
        start = time.perf_counter()
        os.write(self.master, key.encode())
        end = self.wait_for(marker, after, timeout)
        return None if end is None else end - start

    def type(self, text: str, pause: float = 0.3) -> None:
        for key in text:
            os.write(self.master, key.encode())
            time.sleep(0.02)
        time.sleep(pause)

    def stop(self) -> None:
        """Quit as an operator does (``q``), then make sure: the whole session is killed,
        since a console whose terminal went away may spin on its closed input."""
        try:
            os.write(self.master, b"\x1b")  # close a modal, if one is open
            time.sleep(0.3)  # (ESC then q at once would be alt+q)
            os.write(self.master, b"q")
            self.proc.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            pass
        for signal_number in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal_number)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(5)
        os.close(self.master)


def launch(command: Sequence[str], env: dict[str, str], settle: float) -> Terminal:
    """Start, wait for the dashboard, declare an incident (so the checklist has steps)."""
    term = Terminal(command, env)
    term.start()
    steps = [("", SCREENS["d"]), ("i", "Declare a new"),
             ("bench keys\r", "Classify"),  # the disruption field keeps its proposal
             ("\r", SCREENS["c"])]  # classify: the first level (P1)
    for keys, marker in steps:
        with term.changed:
            after = len(term.frames)
        term.type(keys, 0)
        if term.wait_for(marker, after, 30.0) is None:
            term.stop()
            raise SystemExit(f"{' '.join(command)}: no {marker!r} after typing {keys!r}")
    time.sleep(settle)
    return term


def clean_env(home: Path) -> dict[str, str]:
    skip = ("RC_", "TMUX", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               RC_JOURNAL_DIR=str(home / "journal"),
               TERM="xterm-256color", COLORTERM="truecolor", LINES=str(HEIGHT),
               COLUMNS=str(WIDTH))
    return env


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


Command = tuple[list[str], dict[str, str]]
"""The argv and the environment of one console."""


def consoles(home: Path, port: int, compare: Path | None) -> dict[str, Command]:
    """Case name -> (command, environment): healthy and hung, for this tree and ``compare``."""
    wrap = os.environ.get("BENCH_KEYS_WRAP", "").split()  # e.g. a profiler
    hung = ["--config", str(hung_config(home, port))]
    # Each its own home: one would offer to resume the incident the other declared.
    trees: dict[str, Command] = {
        "": ([*wrap, str(BIN / "recovery-console")], clean_env(home / "this"))}
    if compare is not None:
        env = clean_env(home / "compare") | {"PYTHONPATH": str(compare.resolve())}
        trees[f"{compare.name}:"] = ([*wrap, sys.executable, "-P", "-m", "console"], env)
    return {f"{prefix}{case}": ([*command, *args], env)
            for prefix, (command, env) in trees.items()
            for case, args in (("healthy", ["drill"]), ("hung", hung))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60, help="presses per case")
    parser.add_argument("--timeout", type=float, default=2.0,
                        help="seconds after which a key's repaint counts as skipped")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare", type=Path, default=None, metavar="DIR",
                        help="also run the console of another checkout (python -P -m console "
                             "there, e.g. git archive of an earlier commit), taking turns")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    listener = HungListener()
    terms: dict[str, Terminal] = {}
    with tempfile.TemporaryDirectory(prefix="rc-bench-keys-") as tmp:
        cases = consoles(Path(tmp), listener.port, args.compare)
        times: dict[str, dict[str, list[float]]] = {
            case: {key: [] for key in SCREENS} for case in cases}
        skipped = dict.fromkeys(cases, 0)
        try:
            for case, (command, env) in cases.items():
                terms[case] = launch(command, env, settle=3.0)
            keys = list(SCREENS)
            for press in range(args.presses):
                key = keys[press % len(keys)]
                for case, term in terms.items():
                    took = term.press(key, SCREENS[key], args.timeout)
                    if took is None:
                        skipped[case] += 1
                    else:
                        times[case][key].append(took)
                    time.sleep(rng.uniform(0.1, 0.4))
        finally:
            for term in terms.values():
                term.stop()
            listener.close()
    return report(times, skipped, args.presses)


def report(times: dict[str, dict[str, list[float]]], skipped: dict[str, int],
           presses: int) -> int:
    names = {"o": "objectives", "c": "checklist", "d": "dashboard"}
    print(f"key -> repaint in a {WIDTH}x{HEIGHT} pty, {presses} presses per case "
          f"(target p99 <= 100 ms, no skipped frame)")
    failed = False
    width = max(len(case) for case in times)
    for case, per_key in times.items():
        every = [t for values in per_key.values() for t in values]
        for key, values in per_key.items():
            if values:
                print(f"  {case:{width}} {names[key]:11} median "
                      f"{statistics.median(values) * 1e3:6.1f} ms  "
                      f"p99 {percentile(values, 0.99) * 1e3:6.1f} ms  (n={len(values)})")
        if not every:
            print(f"  {case:{width}} no repaint at all, skipped {skipped[case]}")
            failed = True
            continue
        p99 = percentile(every, 0.99) * 1e3
        print(f"  {case:{width}} {'all':11} median {statistics.median(every) * 1e3:6.1f} ms  "
              f"p99 {p99:6.1f} ms  max {max(every) * 1e3:6.1f} ms  skipped {skipped[case]}")
        failed |= p99 > 100 or skipped[case] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
