"""The ``recovery-console`` command line.

Every command that reads a file reports bad input as one line on stderr and exits 2;
the TUI is imported only when it is actually started, so ``plan show`` works on a jump
host where the terminal cannot run it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from console import __version__
from console.bootstrap import describe, load_all
from console.errors import EXIT_BAD_INPUT, InputError
from console.plan import load_plan
from console.plan.show import SECTIONS, render_plan, summarize


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recovery-console",
        description="erlmcp Recovery Console: run the disaster-recovery plan from a terminal.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="config TOML (default: $XDG_CONFIG_HOME/recovery-console/config.toml)")
    parser.set_defaults(handler=run_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    plan = commands.add_parser("plan", help="check or print a DR plan file")
    plan_commands = plan.add_subparsers(title="plan commands", metavar="ACTION", required=True)
    check = plan_commands.add_parser("check", help="validate a plan and summarise it")
    check.add_argument("file", nargs="?", type=Path, help="plan TOML (default: built-in)")
    check.set_defaults(handler=plan_check)
    show = plan_commands.add_parser("show", help="print the plan's tables")
    show.add_argument("file", nargs="?", type=Path, help="plan TOML (default: built-in)")
    show.add_argument("--section", choices=list(SECTIONS), help="print only this section")
    show.set_defaults(handler=plan_show)

    config = commands.add_parser("config", help="check a config file")
    config_commands = config.add_subparsers(title="config commands", metavar="ACTION",
                                            required=True)
    config_check = config_commands.add_parser("check", help="validate config and plan together")
    config_check.add_argument("file", nargs="?", type=Path, help="config TOML")
    config_check.set_defaults(handler=config_check_command)
    return parser


def plan_check(args: argparse.Namespace) -> int:
    print(summarize(load_plan(args.file)), end="")
    return 0


def plan_show(args: argparse.Namespace) -> int:
    print(render_plan(load_plan(args.file), args.section), end="")
    return 0


def config_check_command(args: argparse.Namespace) -> int:
    loaded = load_all(args.file or args.config)
    print(describe(loaded), end="")
    return 0


def run_tui(args: argparse.Namespace) -> int:
    loaded = load_all(args.config)
    from console.app import make_app  # Textual only when the TUI really starts

    app = make_app(loaded.settings, loaded.plan)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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


if __name__ == "__main__":
    raise SystemExit(main())
