"""The lab's Redis restart command: what ``[restore.redis_<site>] restart_command`` runs.

``python -m console.lab.redis_restart --dir LAB primary|dr`` starts the site's lab Redis
again (as the lab user, with the lab's arguments) after a restore stopped it and placed an
RDB in its directory, waits until it answers, and records its new pid in ``lab.json`` so
``lab status`` and ``lab down`` keep finding it. In production this is
``systemctl restart redis-server``; the console's restore does not know the difference.

The primary comes back with AOF on and its replica re-syncs from the restored data. The DR
server comes back as a master: a restore into DR is done when DR serves (after a
failover), and a replica would throw the restored data away to follow the primary.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from dataclasses import replace
from pathlib import Path

import redis

from console.lab.lab_faults import redis as lab_redis
from console.lab.lab_state import LabState
from console.lab.users import LabError, wait_gone

NAMES = {"primary": ("primary", "redis-primary"), "dr": ("replica", "redis-replica")}


def restart(state: LabState, site: str) -> str:
    """Stop the site's lab Redis if it still runs (saving nothing), start it again."""
    rd = lab_redis(state)
    name, component = NAMES[site]
    port = rd.primary_port if site == "primary" else rd.replica_port
    old = rd.pid_of(name)
    with contextlib.suppress(redis.RedisError):
        rd.client(port).shutdown(nosave=True, now=True)
    if old is not None and not wait_gone([old], 10.0):
        raise LabError(f"redis {name} (pid {old}) did not stop")
    if site == "primary":
        rd._server(name, port, "--appendonly", "yes", "--repl-diskless-sync-delay", "0")
    else:
        rd._server(name, port)
    pid = rd.pid_of(name) or 0
    state.components[component] = replace(state.components[component], pid=pid)
    state.save()
    return f"redis {name} restarted (pid {pid}, port {port})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.lab.redis_restart")
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("site", choices=tuple(NAMES))
    args = parser.parse_args(argv)
    state = LabState.load(args.dir)
    if state is None:
        sys.stderr.write(f"no lab in {args.dir}\n")
        return 2
    try:
        sys.stdout.write(restart(state, args.site) + "\n")
    except LabError as exc:
        sys.stderr.write(f"lab redis restart: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
