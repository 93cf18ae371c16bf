"""Cold start to the first painted dashboard, against a bare Textual app started the same way.

Run: ``.venv/bin/python bench/bench_startup.py [--runs 9]`` (needs ``tmux``). Both programs
start in a fresh tmux session of 160x48 on a private tmux server that is already running,
and the clock stops when ``tmux capture-pane`` first shows a bordered pane titled "Sites":
the console's first frame (the dashboard's panes, each saying it is loading, drawn before
the config, plan and sources are loaded), or the one bordered ``Static`` the bare app
draws. For the console it also reports, from the same runs, when the dashboard itself is
up (the plan loaded: its site cards, every source pending) and when the first readings
are on it (the steady drill's primary SERVING). The console runs ``recovery-console``
with no config file (drill mode, defaults), so it paints the same screens an operator
sees first. Runs alternate between the two programs, after one unmeasured warm-up each
(bytecode and page cache), and the medians are reported with their ratio: these machines
are shared and absolute timings drift.

It also times, as whole processes, ``recovery-console plan check`` and ``recovery-console
status`` on the default config (a drill), and ``import console.shell.cli`` against a bare
interpreter. ``--bare`` runs the bare app itself (what the benchmark starts).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

MARKER = "─ Sites ─"
"""Drawn by the border title of the console's first frame and of the bare app's pane."""
DASHBOARD = "PRIMARY "
"""The primary site's card: the dashboard is composed on the loaded plan."""
READING = "◆ SERVING"
"""The steady drill's primary serving: the first readings are judged and drawn."""
WIDTH, HEIGHT = 160, 48
TIMEOUT_S = 30.0
BIN = Path(sys.executable).parent


def bare_app() -> None:
    """The baseline: Textual, one bordered pane, nothing else (imported only here)."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        CSS = "Static { border: round $primary; height: 12; }"

        def compose(self) -> ComposeResult:
            pane = Static("a bare Textual app")
            pane.border_title = "Sites"
            yield pane

    Bare().run()


class Tmux:
    """A private tmux server that outlives the measured sessions; its socket lives in
    ``directory``, so nothing is left behind once the benchmark's temporary directory goes."""

    def __init__(self, env: dict[str, str], directory: Path) -> None:
        self.socket = str(directory / "tmux.sock")
        self.env = env
        self.run("new-session", "-d", "-s", "keepalive", "-x", str(WIDTH), "-y", str(HEIGHT))

    def run(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-S", self.socket, *args], env=self.env, check=True,
                              capture_output=True, text=True)
        return done.stdout

    def first_paint(self, command: Sequence[str], name: str,
                    markers: Sequence[str] = (MARKER,)) -> list[float]:
        """Seconds from asking tmux for the session to each marker on its screen."""
        start = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT),
                 *command)
        seen: dict[str, float] = {}
        try:
            while time.perf_counter() - start < TIMEOUT_S:
                screen = self.run("capture-pane", "-p", "-t", name)
                now = time.perf_counter() - start
                for marker in markers:
                    if marker in screen:
                        seen.setdefault(marker, now)
                if len(seen) == len(markers):
                    return [seen[marker] for marker in markers]
            raise SystemExit(f"{name}: no {set(markers) - set(seen)} after {TIMEOUT_S:.0f} s: "
                             + self.run("capture-pane", "-p", "-t", name))
        finally:
            self.run("kill-session", "-t", name)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], env=self.env, check=False,
                       capture_output=True)


def clean_env(home: Path) -> dict[str, str]:
    """No RC_* variable and empty XDG dirs: the console's defaults, a drill.

    Bytecode caches are allowed (an installed console has them), so the warm-up compiles
    and the measured runs do not: without this, PYTHONDONTWRITEBYTECODE=1 in a shell
    would time the compiler on every run.
    """
    skip = ("RC_", "TMUX", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"),
               TERM=env.get("TERM", "xterm-256color"), COLORTERM="truecolor")
    return env


def timed(command: Sequence[str], env: dict[str, str], codes: Sequence[int] = (0,)) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in codes:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
    return seconds


def medians(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Each measure ``runs`` times, taking turns (load drifts), after one warm-up each."""
    for measure in measures.values():
        measure()
    times: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(runs):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="measured runs of each (>= 7)")
    parser.add_argument("--bare", action="store_true", help="run the bare Textual app")
    args = parser.parse_args(argv)
    if args.runs < 7:
        parser.error("--runs: at least 7, so a median means something")
    if args.bare:
        bare_app()
        return
    if shutil.which("tmux") is None:
        raise SystemExit("bench_startup needs tmux")
    with tempfile.TemporaryDirectory(prefix="rc-bench-") as tmp:
        env = clean_env(Path(tmp))
        console = [str(BIN / "recovery-console")]
        bare = [sys.executable, str(Path(__file__).resolve()), "--bare"]
        tmux = Tmux(env, Path(tmp))
        try:
            for i, command in enumerate((bare, console)):
                tmux.first_paint(command, f"warm{i}")
            paints: dict[str, list[float]] = {"bare": [], "console": [], "dashboard": [],
                                              "reading": []}
            for i in range(args.runs):
                paints["bare"] += tmux.first_paint(bare, f"bare{i}")
                frame, dashboard, reading = tmux.first_paint(
                    console, f"console{i}", (MARKER, DASHBOARD, READING))
                paints["console"].append(frame)
                paints["dashboard"].append(dashboard)
                paints["reading"].append(reading)
        finally:
            tmux.close()
        bare_s, console_s, dashboard_s, reading_s = (
            statistics.median(paints[k]) for k in ("bare", "console", "dashboard", "reading"))
        print(f"first paint in tmux {WIDTH}x{HEIGHT}, median of {args.runs}:")
        print(f"  bare Textual app   {bare_s:6.3f} s")
        print(f"  recovery-console   {console_s:6.3f} s  ({console_s / bare_s:.2f}x bare, "
              f"target <= 1.5x): its frame, every pane loading", flush=True)
        print(f"  dashboard up       {dashboard_s:6.3f} s  ({dashboard_s / bare_s:.2f}x bare): "
              f"plan loaded, every source pending")
        print(f"  first readings     {reading_s:6.3f} s  ({reading_s / bare_s:.2f}x bare): "
              f"the drill judged and drawn", flush=True)
        python = [sys.executable, "-c"]
        took = medians(args.runs, {
            "plan check": lambda: timed([*console, "plan", "check"], env),
            "status": lambda: timed([*console, "status"], env, (0, 1, 3)),
            "import": lambda: timed([*python, "import console.shell.cli"], env),
            "interpreter": lambda: timed([*python, "pass"], env),
        })
    print(f"recovery-console plan check  {took['plan check']:6.3f} s  (target <= 0.5 s)")
    print(f"recovery-console status      {took['status']:6.3f} s  (drill, default config; "
          f"target <= 0.5 s)")
    print(f"import console.shell.cli     {took['import']:6.3f} s  "
          f"(bare interpreter {took['interpreter']:.3f} s)")


if __name__ == "__main__":
    main()
