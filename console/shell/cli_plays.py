"""``recovery-console failover --to dr`` and ``recovery-console rollback``: the plan's plays,
headless (automation, a jump host without a terminal), like ``patronictl failover``.
Only argparse here; the handler imports the machinery when it runs."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    failover = commands.add_parser(
        "failover", help="run the plan's failover play (exit 0 only once verified)")
    failover.add_argument("--to", required=True, choices=("dr",), dest="to",
                          help="the site to fail over to")
    _common(failover, "failover")
    rollback = commands.add_parser(
        "rollback", help="run the plan's rollback play back to the primary site")
    _common(rollback, "rollback")


def _common(parser: argparse.ArgumentParser, play: str) -> None:
    parser.add_argument("--confirm", metavar="SITE",
                        help="the target site's name, typed: without it, only print what "
                             "would run (nothing changes)")
    parser.add_argument("--reason", metavar="TEXT",
                        help="override a blocking gate (journaled with the name above)")
    parser.add_argument("--play", default=play, metavar="ID",
                        help=f"the plan's play to run (default: {play})")
    parser.set_defaults(handler=play_command)


def play_command(args: argparse.Namespace) -> int:
    from console.commands.plays import find_play, open_drill_journal, run_play_command
    from console.config.bootstrap import load_all
    from console.shell.runtime import build_runtime

    loaded = load_all(args.config)
    play = find_play(loaded.settings, loaded.plan, args.play, getattr(args, "to", None))
    runtime = build_runtime(loaded.settings, loaded.plan,
                            journal=open_drill_journal(loaded.settings))
    return run_play_command(runtime.settings, play, runtime.monitor, runtime.context,
                            confirm=args.confirm, reason=args.reason, drill=runtime.drill)
