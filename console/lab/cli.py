"""``recovery-console lab up|status|break|heal|down``: the lab from the command line.

Kept out of ``console/shell/cli.py`` so the main CLI only needs ``register(commands)``.
Exit codes: 0 done (``status``: every server up), 1 the lab failed or a server is down,
2 bad input (an unknown fault is argparse's; "no lab in DIR" is an :class:`InputError`).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from console.errors import InputError
from console.lab import lab
from console.lab.lab_state import (
    FAULTS,
    ROOT_LAB_DIR,
    STATE_FILE,
    LabState,
    default_lab_dir,
    find_lab_dir,
    forget,
    remember,
)
from console.lab.users import LabError

EXIT_FAILED = 1


def register(subparsers: Any) -> None:
    """Add the ``lab`` command (and its actions) to the main parser's subparsers."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--dir", type=Path, default=None, metavar="DIR",
                        help="the lab's directory (up: $XDG_STATE_HOME/recovery-console/lab,"
                             f" as root {ROOT_LAB_DIR}; the others: the lab last started)")
    cmd = subparsers.add_parser("lab", help="run real servers for both sites on this machine")
    actions = cmd.add_subparsers(title="lab commands", metavar="ACTION", required=True)
    actions.add_parser("up", parents=[parent], help="start, seed and configure the lab"
                       ).set_defaults(handler=lab_up)
    actions.add_parser("status", parents=[parent], help="which servers are up"
                       ).set_defaults(handler=lab_status)
    brk = actions.add_parser("break", parents=[parent], help="inject a fault")
    brk.add_argument("fault", choices=FAULTS)
    brk.set_defaults(handler=lab_break)
    heal = actions.add_parser("heal", parents=[parent], help="undo one fault, or all")
    heal.add_argument("fault", nargs="?", choices=FAULTS)
    heal.set_defaults(handler=lab_heal)
    for step, said in (("rebuild", "make SITE a streaming standby (and Redis replica) of "
                                   "the other site: pg_basebackup -R, REPLICAOF"),
                       ("demote", "stop SITE's PostgreSQL cleanly and its Redis after its "
                                  "standby caught up (the fence of a switch back)")):
        standby = actions.add_parser(step, parents=[parent], help=said)
        standby.add_argument("site", choices=("primary", "dr"))
        standby.set_defaults(handler=lab_standby, step=step)
    down = actions.add_parser("down", parents=[parent], help="stop every lab process")
    down.add_argument("--purge", action="store_true",
                      help="then delete the lab directory (data, logs, config, secrets)")
    down.set_defaults(handler=lab_down)


def _dir(args: argparse.Namespace) -> Path:
    """The directory ``up`` creates: ``--dir`` or the default, never the last lab's."""
    return (args.dir or default_lab_dir()).expanduser().resolve()


def _load(args: argparse.Namespace) -> LabState:
    """The lab the other commands act on: ``--dir``, else the last one started."""
    explicit = None if args.dir is None else args.dir.expanduser().resolve()
    path = find_lab_dir(explicit)
    state = LabState.load(path)
    if state is None:
        raise InputError(path / STATE_FILE, "no lab here (start one with `lab up`)")
    return state


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _failed(error: LabError) -> int:
    sys.stderr.write(f"recovery-console: lab: {error}\n")
    return EXIT_FAILED


def lab_up(args: argparse.Namespace) -> int:
    try:
        started = lab.up(_dir(args))
    except LabError as error:
        return _failed(error)
    remember(started.state.path)
    _out(f"lab up in {started.state.dir} ({started.seconds:.1f} s)")
    _out("\n".join(lab.status_lines(started.state)[0]))
    _out(lab.usage(started.state))
    return 0


def lab_status(args: argparse.Namespace) -> int:
    state = _load(args)
    from console.lab.lab_corrupt import settle

    if state.running and (settled := settle(state)) is not None:
        state.save()
        _out(settled)
    lines, healthy = lab.status_lines(state)
    _out(f"lab in {state.dir}: {'running' if state.running else 'stopped'}")
    _out("\n".join(lines))
    return 0 if healthy else EXIT_FAILED


def lab_break(args: argparse.Namespace) -> int:
    try:
        _out(lab.break_fault(_load(args), args.fault))
    except LabError as error:
        return _failed(error)
    return 0


def lab_heal(args: argparse.Namespace) -> int:
    try:
        _out("\n".join(lab.heal(_load(args), args.fault)))
    except LabError as error:
        return _failed(error)
    return 0


def lab_down(args: argparse.Namespace) -> int:
    state = _load(args)
    left = lab.down(state)
    if left:
        return _failed(LabError(f"still running after down: pids {left}"))
    _out(f"lab down: every process stopped ({len(state.components)} servers)")
    if args.purge:
        shutil.rmtree(state.path)
        forget(state.path)
        _out(f"removed {state.dir}")
    return 0


def lab_standby(args: argparse.Namespace) -> int:
    """``lab rebuild SITE`` / ``lab demote SITE`` (:mod:`console.lab.lab_standby`)."""
    from console.lab import lab_standby

    state = _load(args)
    try:
        step = lab_standby.rebuild if args.step == "rebuild" else lab_standby.demote
        _out(step(state, args.site))
    except LabError as error:
        return _failed(error)
    return 0
