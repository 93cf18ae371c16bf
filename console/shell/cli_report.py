"""``recovery-console report ID``: the incident's report from its journal, as Markdown,
HTML or JSON, on stdout or into a file. Only argparse here; the handler loads the rest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

FORMATS = ("md", "html", "json")


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="write an incident's report (a drill's: the plan's DR test report)")
    report.add_argument("id", help="incident id (see `recovery-console incidents`)")
    report.add_argument("--format", choices=FORMATS, default=None,
                        help="md (default), html (one self-contained file) or json; "
                        "by default taken from -o's extension")
    report.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write here (mode 0600) instead of stdout")
    report.set_defaults(handler=report_command)


def report_command(args: argparse.Namespace) -> int:
    from console.commands.incidents import resolve_incident_path
    from console.comms.secrets import config_secrets
    from console.config.bootstrap import load_all
    from console.journal.read import read_journal
    from console.reports.build import build_report
    from console.reports.clock import journal_clock
    from console.reports.render import render
    from console.reports.write import write_private

    loaded = load_all(args.config)
    path = resolve_incident_path(loaded.settings.journal_dir, args.id)
    read = read_journal(path)
    fmt = args.format or _from_suffix(args.output)
    now = journal_clock(read.events, loaded.settings.drill.speed).now()  # if still open
    report = build_report(loaded.plan, read, now=now, secrets=config_secrets(loaded.settings))
    text = render(report, fmt)
    if read.torn:
        sys.stderr.write(f"recovery-console: warning: {read.torn}\n")
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_private(args.output, text)
        sys.stderr.write(f"{args.output}: {report.incident_id} report ({fmt}) written\n")
    return 0


def _from_suffix(output: Path | None) -> str:
    suffix = output.suffix.lstrip(".").lower() if output is not None else ""
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix) if suffix in (
        *FORMATS, "htm", "markdown") else "md"
