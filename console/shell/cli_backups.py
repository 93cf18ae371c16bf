"""``recovery-console backups ...``: verify (and, from the restore work, restore and
test-restore). Only argparse here; handlers import their machinery when they run.

Restore and test-restore add their parsers to ``sub`` in :func:`register`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any


def register(commands: Any) -> None:
    """Add the ``backups`` group with ``verify`` and ``tape-handover``."""
    group = commands.add_parser("backups", help="verify, restore and record backups")
    sub = group.add_subparsers(dest="backups_command", required=True, metavar="COMMAND")
    verify = sub.add_parser(
        "verify", help="download and check every component's newest backup in every store "
        "(exit 0: all verified, 1: findings, 3: a store unreachable, 2: bad input)")
    verify.add_argument("--json", action="store_true", help="machine-readable output")
    verify.set_defaults(handler=verify_command)
    tape = sub.add_parser("tape-handover", help="record that backups were handed over to "
                          "tape (a manual store), for the maintenance journal")
    tape.add_argument("--target", default="tape", help="the plan's manual target (tape)")
    tape.add_argument("--at", type=_when, help="when the media left (ISO time; default now)")
    tape.add_argument("--note", required=True, help="what was handed over, to whom")
    tape.set_defaults(handler=tape_command)
    from console.shell.cli_restore import register as register_restore  # argparse only

    register_restore(sub)


def _when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO time: {text!r}") from None


def verify_command(args: argparse.Namespace) -> int:
    from console.commands.backups_verify import render, run_verify
    from console.shell.cli import load_all

    loaded = load_all(args.config)
    result = run_verify(loaded.settings, loaded.plan, loaded.settings.journal_dir)
    sys.stdout.write(render(result, as_json=args.json))
    return result.exit_code


def tape_command(args: argparse.Namespace) -> int:
    from console.commands.maintenance import record_tape_handover
    from console.shell.cli import load_all

    loaded = load_all(args.config)
    done = record_tape_handover(loaded.settings, loaded.plan, args.target, args.at, args.note)
    sys.stdout.write(done + "\n")
    return 0
