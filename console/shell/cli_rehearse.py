"""``recovery-console plan rehearse``: its parser, and a handler that loads what it needs late.

Registered under ``plan`` by :mod:`console.shell.cli`; only argparse here, so ``--help``
and the other commands never import the drill, the runner or the journal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from console.shell.choices import scenario_names

SEVERITIES = ("P1", "P2", "P3", "P4")


def register(plan_commands: Any) -> None:
    """Add ``rehearse`` to the ``plan`` command group."""
    rehearse = plan_commands.add_parser(
        "rehearse", help="walk the plan's runbook on the drill environment, as an operator "
        "would (exit 0: completes with no override, 1: does not, 2: bad input)")
    rehearse.add_argument("--scenario", choices=scenario_names(), default="datacenter-failure",
                          metavar="SCENARIO",
                          help="drill scenario to play: %(choices)s (default: %(default)s)")
    rehearse.add_argument("--plan", type=Path, metavar="FILE",
                          help="plan TOML (default: the config's, else built-in)")
    rehearse.add_argument("--severity", choices=SEVERITIES,
                          help="classify at this severity (default: the plan's scenario's)")
    rehearse.add_argument("--pace", type=_duration, default="30s", metavar="DURATION",
                          help="operator's drill time per step (default 30s)")
    rehearse.add_argument("--play", metavar="ID",
                          help="run this play of the plan instead of the runbook (a play "
                               "back to the primary runs after the failover play)")
    rehearse.set_defaults(handler=rehearse_command)


def _duration(text: str) -> Any:
    from console.plan.durations import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def rehearse_command(args: argparse.Namespace) -> int:
    import asyncio

    from console.backends.monitor import DRILL_EPOCH, build_drill
    from console.commands.rehearse import rehearse
    from console.commands.rehearse_report import render, severity_for
    from console.config.models import Mode
    from console.plan import load_plan
    from console.shell.cli import load_all
    from console.shell.runtime import build_runtime
    from services.clock import FrozenClock

    loaded = load_all(args.config)
    plan = load_plan(args.plan) if args.plan is not None else loaded.plan
    severity = args.severity or severity_for(plan, args.scenario, args.plan)
    drill = loaded.settings.drill.model_copy(update={"scenario": args.scenario})
    settings = loaded.settings.model_copy(update={"mode": Mode.DRILL, "drill": drill})
    env = build_drill(settings, plan, FrozenClock(DRILL_EPOCH))
    plays = _plays(plan, args.play, args.plan) if args.play is not None else None
    runtime = build_runtime(settings, plan, drill=env)
    if plays is not None:
        from console.commands.rehearse_play import rehearse_play

        result = asyncio.run(rehearse_play(runtime.monitor, env, runtime.context, severity,
                                           plays, pace=args.pace))
        sys.stdout.write(render(result))
        return 0 if result.completed else 1
    result = asyncio.run(rehearse(runtime.monitor, env, runtime.context, severity,
                                  pace=args.pace))
    sys.stdout.write(render(result))
    return 0 if result.completed else 1


def _plays(plan: Any, play_id: str, plan_file: Path | None) -> Any:
    """The plays ``--play`` rehearses; InputError (exit 2) naming the known ones."""
    from console.commands.rehearse_play import plays_to_rehearse
    from console.errors import InputError
    from console.plan.loader import default_plan_path

    try:
        chosen = plan.play(play_id)
    except KeyError:
        known = ", ".join(p.id for p in plan.plays) or "none"
        raise InputError(plan_file or default_plan_path(),
                         f"no play {play_id!r} in the plan (it has: {known})",
                         field="plays") from None
    return plays_to_rehearse(plan.plays, chosen)
