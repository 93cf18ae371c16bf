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
    send.add_argument("--dry-run", action="store_true",
                      help="print the filled message and where it would go; send nothing")
    send.set_defaults(handler=send_command)


def send_command(args: argparse.Namespace) -> int:
    import asyncio

    from console.commands.comms import send_from_journal
    from console.config.bootstrap import load_all

    loaded = load_all(args.config)
    text, code = asyncio.run(send_from_journal(
        loaded.settings, loaded.plan, args.incident, args.template,
        channel=args.channel, dry_run=args.dry_run))
    sys.stdout.write(text)
    return code
