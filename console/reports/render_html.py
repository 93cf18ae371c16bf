"""The report as one self-contained HTML file: inline CSS (print-friendly), the chart as
inline SVG, no script and nothing fetched. Sections as in Markdown; every text escaped."""

from __future__ import annotations

import re
from html import escape

from console.reports.chart import chart_svg
from console.reports.model import Report
from console.reports.render_md import render_markdown

_BLANK = re.compile(r"\[TO FILL: [^\]]*\]")
CSS = """
body{font:14px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#111}
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #999;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;font-size:12px}td,th{border:1px solid #bbb;
padding:2px 5px;vertical-align:top;text-align:left}.blank{background:#fef3c7}
svg text{font:11px sans-serif}svg .axis{fill:#555}.passed{color:#15803d}.failed{color:#b91c1c}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,svg{break-inside:avoid}}
"""


def render_html(report: Report) -> str:
    kind = "Disaster Recovery Test Report" if report.drill else "Post-incident report"
    body = [f"<h2>Objectives: budget vs achieved</h2>{chart_svg(report)}"]
    body += [_markdownish(render_markdown(report))]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(kind)}: {escape(report.incident_id)}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")


def _markdownish(text: str) -> str:
    """The Markdown report's lines as HTML: headings, lists, tables (a tiny subset,
    enough for what :func:`render_markdown` writes; every text escaped)."""
    out: list[str] = []
    table: list[list[str]] = []
    in_list = False
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]
            if not all(set(c) <= {"-"} for c in cells):
                table.append(cells)
            continue
        if table:
            head, *rows = table
            out.append("<table><tr>" + "".join(f"<th>{escape(c)}</th>" for c in head)
                       + "</tr>" + "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r)
                                           + "</tr>" for r in rows) + "</table>")
            table = []
        is_item = line.startswith("- ") or (line[:1].isdigit() and ". " in line[:4])
        if in_list and not is_item:
            out.append("</ul>")
            in_list = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{escape(line.lstrip('# '))}</h{level}>")
        elif is_item:
            if not in_list:
                out.append("<ul>")
                in_list = True
            item = line[2:] if line.startswith("- ") else line
            out.append(f"<li>{_cell(item)}</li>")
        elif line.strip():
            out.append(f"<p>{_cell(line)}</p>")
    return "\n".join(out)


def _cell(text: str) -> str:
    html = escape(text)
    for word, css in (("PASSED", "passed"), ("FAILED", "failed")):
        html = html.replace(word, f'<span class="{css}">{word}</span>')
    return _BLANK.sub(lambda m: f'<span class="blank">{m[0]}</span>', html)
