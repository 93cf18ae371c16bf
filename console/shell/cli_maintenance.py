"""``recovery-console maintenance [--json]`` and ``maintenance done TASK --note``: argparse
only; handlers import the calendar when they run."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(commands: Any) -> None:
    group = commands.add_parser(
        "maintenance", help="the plan's maintenance and test tasks: due, overdue, done "
        "(exit 0: none overdue, 1: some overdue)")
    group.add_argument("--json", action="store_true", help="machine-readable output")
    group.set_defaults(handler=calendar_command)
    sub = group.add_subparsers(dest="maintenance_command", metavar="COMMAND")
    done = sub.add_parser("done", help="mark a task done, with a note (journaled)")
    done.add_argument("task", help="the task's id, as `maintenance` lists it")
    done.add_argument("--note", required=True, help="what was done")
    done.set_defaults(handler=done_command)


def calendar_command(args: argparse.Namespace) -> int:
    from console.commands.maintenance import render_calendar
    from console.maintenance.calendar import calendar, overdue
    from console.shell.cli import load_all
    from services.clock import SystemClock

    loaded = load_all(args.config)
    now = SystemClock().now()
    statuses = calendar(loaded.plan, loaded.settings.journal_dir, now)
    sys.stdout.write(render_calendar(statuses, now, as_json=args.json))
    return 1 if overdue(statuses) else 0


def done_command(args: argparse.Namespace) -> int:
    from console.commands.maintenance import mark_done
    from console.shell.cli import load_all

    loaded = load_all(args.config)
    sys.stdout.write(mark_done(loaded.settings, loaded.plan, args.task, args.note) + "\n")
    return 0
