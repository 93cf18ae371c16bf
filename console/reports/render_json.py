"""The report as JSON, for archives and tooling: times ISO 8601, spans in seconds."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta
from typing import Any

from console.reports.model import Report

VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def render_json(report: Report) -> str:
    data = {"format": "recovery-console-report", "version": VERSION,
            "kind": "dr-test-report" if report.drill else "post-incident-report",
            **_plain(report)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
