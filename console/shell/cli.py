"""The ``recovery-console`` command line.

Every command that reads a file reports bad input as one line on stderr and exits 2;
the TUI is imported only when it is actually started, so ``plan show`` works on a jump
host where the terminal cannot run it.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from console import __version__
from console.config.modes import Mode
from console.errors import EXIT_BAD_INPUT, InputError, from_validation_error
from console.shell.choices import plan_sections, scenario_names

if TYPE_CHECKING:
    from console.config.bootstrap import Loaded
    from console.shell.starting import Started

LAB_HELP = "run real servers for both sites on this machine"


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The whole command line; the lab's commands only when ``argv`` names ``lab``.

    :mod:`console.lab.cli` loads every lab server's SDK (psycopg, redis, boto3...), so
    other commands list ``lab`` in ``--help`` without importing it: start-up stays light.
    """
    parser = argparse.ArgumentParser(
        prog="recovery-console",
        description="erlmcp Recovery Console: run the disaster-recovery plan from a terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="config TOML (default: $XDG_CONFIG_HOME/recovery-console/config.toml)")
    parser.add_argument("--follow", metavar="ID",
                        help="watch incident ID read-only, live, as another console writes it")
    parser.set_defaults(handler=run_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    incidents = commands.add_parser("incidents", help="list incidents and drills (open first)")
    incidents.set_defaults(handler=incidents_command)
    resume = commands.add_parser("resume", help="reopen an incident in the console")
    resume.add_argument("id", nargs="?", help="incident id (default: the newest open one)")
    resume.set_defaults(handler=resume_command)

    plan = commands.add_parser("plan", help="check or print a DR plan file")
    plan_commands = plan.add_subparsers(title="plan commands", metavar="ACTION", required=True)
    check = plan_commands.add_parser(
        "check", help="validate a plan, summarise it and warn of its gaps")
    check.add_argument("file", nargs="?", type=Path, help="plan TOML (default: built-in)")
    check.set_defaults(handler=plan_check)
    show = plan_commands.add_parser("show", help="print the plan's tables")
    show.add_argument("file", nargs="?", type=Path, help="plan TOML (default: built-in)")
    show.add_argument("--section", choices=plan_sections(), metavar="SECTION",
                      help="print only this section (%(choices)s)")
    show.set_defaults(handler=plan_show)
    from console.shell.cli_rehearse import register as register_rehearse  # argparse only

    register_rehearse(plan_commands)

    status = commands.add_parser(
        "status", help="poll every source once and report (exit 0 met, 1 not met, 3 unknown)")
    status.add_argument("--json", action="store_true", help="JSON for scripts and monitoring")
    status.add_argument("--strict", action="store_true",
                        help="plan gaps fail too (exit 1), not only live objectives")
    status.add_argument("--scenario", choices=scenario_names(), metavar="SCENARIO",
                        help="report the drill environment in this scenario (%(choices)s)")
    status.add_argument("--at", type=_duration, metavar="DURATION",
                        help="how far into the scenario (e.g. 10m)")
    status.set_defaults(handler=status_command)

    drill = commands.add_parser("drill", help="start the console on a drill scenario")
    drill.add_argument("--scenario", choices=scenario_names(), default="steady",
                       metavar="SCENARIO", help="%(choices)s (default: %(default)s)")
    drill.add_argument("--speed", type=float, default=None,
                       help="simulated seconds per real second (60: a minute per second)")
    drill.add_argument("--seed", type=int, default=None)
    drill.set_defaults(handler=drill_command)

    config = commands.add_parser("config", help="check a config file")
    config_commands = config.add_subparsers(title="config commands", metavar="ACTION",
                                            required=True)
    config_check = config_commands.add_parser("check", help="validate config and plan together")
    config_check.add_argument("file", nargs="?", type=Path, help="config TOML")
    config_check.set_defaults(handler=config_check_command)
    for register in _command_groups():
        register(commands)
    if "lab" in argv:
        from console.lab.cli import register as register_lab

        register_lab(commands)
    else:
        commands.add_parser("lab", help=LAB_HELP)
    return parser


def _command_groups() -> list[Callable[[Any], None]]:
    """Command groups that live in their own module (``console/shell/cli_*.py``), each
    with a ``register(commands)`` that adds its parsers and imports nothing heavy: the
    handlers import their machinery when they run, so start-up stays light."""
    from console.shell import cli_backups, cli_comms, cli_maintenance, cli_plays, cli_report

    return [cli_report.register, cli_comms.register, cli_backups.register,
            cli_maintenance.register, cli_plays.register]


def plan_check(args: argparse.Namespace) -> int:
    """Exit 0 for a valid plan even with gaps: they are warnings, listed with their reason."""
    from console.commands.plan_show import summarize
    from console.plan import load_plan

    print(summarize(load_plan(args.file)), end="")
    return 0


def plan_show(args: argparse.Namespace) -> int:
    from console.commands.plan_show import render_plan
    from console.plan import load_plan

    print(render_plan(load_plan(args.file), args.section), end="")
    return 0


def load_all(config: Path | None) -> Loaded:
    """Settings and plan (:mod:`console.config.bootstrap`, imported on first use: its
    pydantic-settings costs ~0.1 s that ``plan check`` and ``plan show`` never need)."""
    from console.config.bootstrap import load_all as load

    return load(config)


def config_check_command(args: argparse.Namespace) -> int:
    from console.config.bootstrap import describe

    loaded = load_all(args.file or args.config)
    print(describe(loaded), end="")
    return 0


def status_command(args: argparse.Namespace) -> int:
    # The monitor and the journal reader: imported only for `status`.
    from console.commands.incidents import open_incident_rto_start
    from console.commands.status import replay_settings, run_status
    from console.shell.runtime import build_runtime, count_rto_from

    loaded = load_all(args.config)
    settings, drill = replay_settings(loaded, args.scenario, args.at)
    runtime = build_runtime(settings, loaded.plan, drill=drill)
    if drill is None:  # a live status counts RTOs as the open incident's checklist does
        count_rto_from(runtime, open_incident_rto_start(
            loaded.plan, settings.journal_dir, drill=runtime.drill is not None))
    text, code = run_status(runtime.monitor, runtime.drill, loaded.plan, settings.mode,
                            at=args.at, as_json=args.json, strict=args.strict)
    print(text, end="")
    return code


def drill_command(args: argparse.Namespace) -> int:
    overrides: dict[str, object] = {"scenario": args.scenario}
    if args.speed is not None:
        overrides["speed"] = args.speed
    if args.seed is not None:
        overrides["seed"] = args.seed
    return _open_tui(partial(_drill_started, args.config, overrides))


def _drill_started(config: Path | None, overrides: dict[str, object]) -> Started:
    """The config's settings in drill mode, ``overrides`` applied to its ``[drill]``."""
    from pydantic import ValidationError

    from console.shell.starting import start

    loaded = load_all(config)
    drill = loaded.settings.drill
    try:
        chosen = drill.model_validate({**drill.model_dump(), **overrides})
    except ValidationError as exc:  # `drill --speed -5`: bad input, one line, exit 2
        raise from_validation_error("command line", exc) from None
    settings = loaded.settings.model_copy(update={"mode": Mode.DRILL, "drill": chosen})
    return start(settings, loaded.plan)


def incidents_command(args: argparse.Namespace) -> int:
    from console.commands.incidents import incidents_table

    print(incidents_table(load_all(args.config).settings.journal_dir), end="")
    return 0


def resume_command(args: argparse.Namespace) -> int:
    from console.commands.incidents import resolve_incident_path

    loaded = load_all(args.config)
    path = resolve_incident_path(loaded.settings.journal_dir, args.id)
    return _start_tui(loaded, resume=path)


def run_tui(args: argparse.Namespace) -> int:
    if args.follow is None:
        from console.shell.starting import start_from_config

        return _open_tui(partial(start_from_config, args.config))
    loaded = load_all(args.config)
    from console.commands.incidents import resolve_incident_path

    path = resolve_incident_path(loaded.settings.journal_dir, args.follow)
    watching = loaded.settings.model_copy(update={"mode": Mode.READ_ONLY})
    return _start_tui(replace(loaded, settings=watching), follow=path)


def _start_tui(loaded: Loaded, *, resume: Path | None = None,
               follow: Path | None = None) -> int:
    """The TUI on an incident to resume or follow: built before any screen is drawn, so a
    journal that cannot be reopened is one line and exit 2, not a flash of the console."""
    from console.shell.starting import start

    started = start(loaded.settings, loaded.plan, resume=resume, follow=follow)
    return _open_tui(started)


def _open_tui(start: Started | Callable[[], Started]) -> int:
    """Run the TUI; given a function, the console draws its frame first and builds the
    runtime behind it (bad input then ends it: the one line, exit 2). With no terminal to
    draw on (a script, a pipe), it builds first: bad input is the line alone."""
    if callable(start) and not (sys.stdin.isatty() and sys.stderr.isatty()):
        start = start()
    from console.shell.app import RecoveryConsoleApp  # Textual only when the TUI starts

    app = RecoveryConsoleApp(start)
    app.run()
    if app.start_error is not None:
        print(f"recovery-console: error: {app.start_error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if app.start_failure is not None:
        raise app.start_failure
    return app.return_code or 0


def _duration(text: str) -> timedelta:
    from console.plan.durations import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


ONE_SHOT: frozenset[Callable[[argparse.Namespace], int]] = frozenset({
    plan_check, plan_show, config_check_command, status_command, incidents_command})
"""Commands that load, answer once and exit: no cyclic garbage collection while they run
(what they build — modules, models, the plan — lives until exit; the collector walking
it cost ~8% of a drill ``status``). Long-running commands keep the collector."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    one_shot = args.handler in ONE_SHOT and gc.isenabled()
    if one_shot:
        gc.disable()
    try:
        return int(args.handler(args))
    except InputError as error:
        print(f"recovery-console: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `plan show | head`: the reader left, nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        if one_shot:  # main() may be called again in this process (tests)
            gc.enable()


if __name__ == "__main__":
    raise SystemExit(main())
