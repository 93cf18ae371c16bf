"""One entry point for every format, shared by the CLI and the TUI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from console.reports.model import Report
from console.reports.render_html import render_html
from console.reports.render_json import render_json
from console.reports.render_md import render_markdown

Format = Literal["md", "html", "json"]
FORMATS: dict[str, Callable[[Report], str]] = {
    "md": render_markdown, "html": render_html, "json": render_json}


def render(report: Report, fmt: Format | str = "md") -> str:
    return FORMATS[fmt](report)
