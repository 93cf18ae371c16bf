"""``backups restore postgres|redis`` and ``backups test-restore``: parsers only.

:func:`register` adds them to the ``backups`` group's sub-commands (built by
:mod:`console.shell.cli_backups`); the handlers import the restore machinery when they run,
so the CLI's start-up stays light.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add ``restore`` and ``test-restore`` to the ``backups`` sub-commands ``sub``."""
    restore = sub.add_parser("restore", help="restore a database from a backup store")
    what = restore.add_subparsers(dest="restore_what", required=True, metavar="WHAT")
    _database(what, "postgres", "restore PostgreSQL: download, check against the manifest, "
              "pg_restore, verify row counts and schemata (exit 0 pass, 1 fail, 2 bad input)",
              ("primary", "dr", "scratch"),
              "a site's database (replaced) or a new scratch database (kept)", "postgres-full")
    _database(what, "redis", "restore Redis from an RDB: download, check against the manifest, "
              "place it and restart the server ([restore.redis_SITE]) or show the commands to "
              "run; verify the keys loaded (exit 0 pass, 1 fail or not placed, 2 bad input)",
              ("primary", "dr"), "the site whose Redis is replaced", "redis-rdb")
    test = sub.add_parser(
        "test-restore", help="restore the newest PostgreSQL full backup into a scratch "
        "database, verify it against its manifest, time it against the database RTO, drop it")
    test.add_argument("--from", dest="store", metavar="STORE",
                      help="backup target (default: the schedule's first configured one)")
    test.add_argument("--json", action="store_true", help="machine-readable output")
    test.set_defaults(handler=test_restore_command)


def _database(what: Any, name: str, help_: str, sites: tuple[str, ...], to_help: str,
              component: str) -> None:
    """``restore NAME``: every database kind takes the same store, site, confirmation and
    override arguments, so an operator types a restore the same way whatever it replaces."""
    parser = what.add_parser(name, help=help_)
    parser.add_argument("--from", dest="store", required=True, metavar="STORE",
                        help="backup target to restore from (s3-region-2, nas...)")
    parser.add_argument("--to", required=True, choices=sites, help=to_help)
    parser.add_argument("--confirm", metavar="SITE",
                        help="type the site again to confirm replacing its data")
    parser.add_argument("--reason", help="override reason for a blocking gate (journaled)")
    parser.add_argument("--component", default=component,
                        help=f"backup schedule (default: {component})")
    parser.set_defaults(handler=restore_command, what=name)


def _source(args: argparse.Namespace) -> str:
    from console.config.settings import default_config_path

    return str(args.config or default_config_path())


def restore_command(args: argparse.Namespace) -> int:
    from console.commands.restore_pg import RestoreRequest, run_restore
    from console.shell.cli import load_all
    from console.shell.runtime import build_runtime

    loaded = load_all(args.config)
    request = RestoreRequest(store=args.store, to=args.to, component=args.component,
                             confirm=args.confirm, reason=args.reason, what=args.what)
    return run_restore(loaded.settings, loaded.plan, request, _source(args),
                       lambda: build_runtime(loaded.settings, loaded.plan).monitor)


def test_restore_command(args: argparse.Namespace) -> int:
    from console.commands.restore_weekly import exit_code, run_test_restore
    from console.shell.cli import load_all

    loaded = load_all(args.config)
    result = run_test_restore(loaded.settings, loaded.plan, _source(args), store=args.store)
    if result is None:
        sys.stdout.write("refused: read-only console: no action possible\n")
    else:
        sys.stdout.write(result.as_json() if args.json else result.text())
    return exit_code(result)
