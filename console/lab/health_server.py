"""One site's health endpoint as its own process, steered by a state file.

The lab's CLI exits right after ``lab up``, so the endpoint cannot live in its memory:
it runs detached, and ``lab break`` / ``lab heal`` change what it answers by rewriting
one small file (``ok``, ``down``, ``degraded``, ``hang``, ``garbage``) that this process
re-reads a few times a second. ``down`` really closes the listening socket, so the
console sees "connection refused" exactly as when a load balancer dies; the port stays
reserved by this process's intent, and ``ok`` binds it again. Given ``--dsn-file``, an
``ok`` endpoint answers from its site's PostgreSQL (:mod:`console.lab.health_database`):
503 standby while it is in recovery, 200 once promoted, 503 when it does not answer.

Run::

    python -m console.lab.health_server --state-file STATE --port PORT [--dsn-file FILE]
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from console.lab.health_database import DatabaseHealth
from console.lab.health_lab import HealthEndpoint, HealthState

POLL_S = 0.1


def read_state(path: Path) -> HealthState:
    """The desired state; an unreadable or unknown file means ``ok`` (never crash)."""
    try:
        return HealthState(path.read_text(encoding="utf-8").strip() or "ok")
    except (OSError, ValueError):
        return HealthState.OK


def write_state(path: Path, state: HealthState | str) -> None:
    """Atomically set the desired state (rename, so the server never reads half a word)."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(HealthState(state).value + "\n", encoding="utf-8")
    tmp.replace(path)


def serve(state_file: Path, port: int, stop: threading.Event,
          dsn_file: Path | None = None) -> None:
    """Follow the state file until ``stop`` is set; then close the endpoint."""
    check = None if dsn_file is None else DatabaseHealth(dsn_file)
    endpoint = HealthEndpoint(port, check)
    current: HealthState | None = None
    try:
        while not stop.is_set():
            wanted = read_state(state_file)
            if wanted is not current:
                try:
                    endpoint.set_state(wanted)
                    current = wanted
                except OSError:  # port briefly busy after a close: retry on the next tick
                    current = None
            stop.wait(POLL_S)
    finally:
        endpoint.stop()
        if check is not None:
            check.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.lab.health_server")
    parser.add_argument("--state-file", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dsn-file", type=Path, default=None,
                        help="the site's PostgreSQL DSN (a secret file): answer from its state")
    args = parser.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    serve(args.state_file, args.port, stop, args.dsn_file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
