"""``recovery-console comms send TEMPLATE --incident ID``: a plan template filled from the
incident's journal, shown (``--dry-run``) or sent through the configured channels and
journaled. Only argparse here; the handler loads the rest when it runs."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(commands: Any) -> None:
    comms = commands.add_parser("comms", help="fill and send the plan's messages")
    actions = comms.add_subparsers(title="comms commands", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send", help="fill TEMPLATE from the incident and send it (exit 0 all sent, "
        "1 refused or failed, 2 bad input)")
    send.add_argument("template", help="template id (incident-notification, recovery-update, "
                      "resolution...)")
    send.add_argument("--incident", required=True, metavar="ID", help="incident id")
    send.add_argument("--channel", metavar="NAME", help="only this configured channel")
    send.add_argument("--fill", action="append", default=[], metavar="FIELD=TEXT",
                      help="write a field only a person can (customer_impact=...); a "
                      "message with [TO FILL: ...] blanks left is not sent; repeatable")
    send.add_argument("--again", action="store_true",
                      help="send to channels that already got this template in the incident "
                      "too (by default they are skipped, and named)")
    send.add_argument("--dry-run", action="store_true",
                      help="print the filled message and where it would go; send nothing")
    send.set_defaults(handler=send_command)


def fills(pairs: list[str]) -> dict[str, str]:
    """``FIELD=TEXT`` pairs as a mapping; InputError for one without ``=``."""
    from console.errors import InputError

    given: dict[str, str] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name.strip():
            raise InputError("--fill", f"{pair!r}: expected FIELD=TEXT")
        given[name.strip()] = text
    return given


def send_command(args: argparse.Namespace) -> int:
    import asyncio

    from console.commands.comms import send_from_journal
    from console.config.bootstrap import load_all

    loaded = load_all(args.config)
    text, code = asyncio.run(send_from_journal(
        loaded.settings, loaded.plan, args.incident, args.template,
        channel=args.channel, dry_run=args.dry_run, given=fills(args.fill), again=args.again))
    sys.stdout.write(text)
    return code
