"""The timeline chart of the HTML report: each RTO's budget against what it took.

Inline SVG (no script, no external file) so the report is one self-contained file that
prints: per RTO row, a pale bar for the budget from the disruption, a solid bar for the
time achieved (or, while not restored, the time spent so far, hatched; a row never seen
down or never measured has no bar, it says "not measured"), and a vertical line where a
failover was requested.
"""

from __future__ import annotations

from datetime import timedelta
from html import escape

from console.judge.units import format_span
from console.reports.model import Report

WIDTH, LABEL, ROW, TOP = 720, 200, 26, 24


def chart_svg(report: Report) -> str:
    rows = [r for r in report.results if r.kind == "rto"]
    spans = [r.target for r in rows] + [r.achieved or report.duration for r in rows]
    scale_max = max([*spans, timedelta(minutes=1)]).total_seconds()
    plot = WIDTH - LABEL - 20

    def x(span: timedelta) -> float:
        return LABEL + plot * min(span.total_seconds(), scale_max) / scale_max

    height = TOP + ROW * len(rows) + 24
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-label="RTO budgets against achieved times">',
             '<defs><pattern id="open" width="6" height="6" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="3" height="6" fill="#b45309"/>'
             '</pattern></defs>',
             f'<text x="{LABEL}" y="14" class="axis">disruption</text>',
             f'<text x="{WIDTH - 20}" y="14" text-anchor="end" class="axis">'
             f'{format_span(timedelta(seconds=scale_max))}</text>']
    for i, r in enumerate(rows):
        y = TOP + i * ROW
        parts.append(f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end">'
                     f'{escape(r.label[:28])}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y + 3}" width="{x(r.target) - LABEL:.1f}" '
                     f'height="16" fill="#dbeafe" stroke="#1d4ed8"><title>budget '
                     f'{format_span(r.target)}</title></rect>')
        if r.achieved is None and not r.how.startswith("not restored"):
            parts.append(f'<text x="{x(r.target) + 4:.1f}" y="{y + 15}" class="axis">'
                         'not measured</text>')  # never down, or no measure: no bar
            continue
        took = r.achieved if r.achieved is not None else report.duration
        fill = "url(#open)" if r.achieved is None or r.passed is None \
            else "#15803d" if r.passed else "#b91c1c"
        word = "achieved" if r.achieved is not None else "not restored after"
        parts.append(f'<rect x="{LABEL}" y="{y + 8}" width="{max(x(took) - LABEL, 1):.1f}" '
                     f'height="6" fill="{fill}"><title>{word} {format_span(took)}</title></rect>')
        parts.append(f'<text x="{min(x(took), WIDTH - 60) + 4:.1f}" y="{y + 15}" '
                     f'class="value">{format_span(took)}</text>')
    parts.append("</svg>")
    return "".join(parts)
