"""The report as Markdown: the post-incident report, or for a drill the plan's DR test
report (Test Summary, Test Results, Findings, Recommendations, Conclusion) followed by
the same evidence. What only people can write is a visible ``[TO FILL: ...]``."""

from __future__ import annotations

from datetime import datetime

from console.comms.fill import blank
from console.judge.units import format_span
from console.reports.model import Report, Result


def when(at: datetime | None) -> str:
    return "-" if at is None else at.strftime("%Y-%m-%d %H:%M:%S UTC")


def verdict(result: Result) -> str:
    if result.passed is None and result.how.startswith("not restored"):
        return "NOT RESTORED YET"
    return {True: "PASSED", False: "FAILED", None: "NOT MEASURED"}[result.passed]


def achieved(result: Result) -> str:
    """RTO: the time it took; RPO: the data exposed at failover (bytes / time)."""
    if result.kind == "rpo" and result.exposure:
        return result.exposure
    return "-" if result.achieved is None else format_span(result.achieved)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    out = _dr_test(report) if report.drill else _summary(report)
    out += _evidence(report)
    return "\n".join(out).rstrip() + "\n"


def _summary(r: Report) -> list[str]:
    return [f"# Post-incident report: {r.incident_id}", "", "## Summary", "",
            f"- Title: {r.title}", f"- Severity: {r.severity}", f"- Status: {r.status}",
            f"- Disruption: {when(r.disruption_at or r.declared_at)}"
            + (f" ({r.disruption_source})" if r.disruption_source else ""),
            f"- Declared: {when(r.declared_at)}", f"- Resolved: {when(r.resolved_at)}",
            f"- Duration: {format_span(r.duration)} (from the disruption)",
            f"- Operators: {', '.join(r.operators) or '-'}", f"- Plan: {r.plan}",
            f"- Resolution summary: {r.summary or blank('resolution summary')}",
            f"- Root cause: {blank('root cause')}", ""]


def _dr_test(r: Report) -> list[str]:
    lines = [f"# Disaster Recovery Test Report: {r.incident_id}", "", "## Test Summary",
             f"- Test ID: {r.incident_id}", f"- Date: {when(r.declared_at)}",
             f"- Duration: {format_span(r.duration)}",
             f"- Participants: {len(r.operators)} ({', '.join(r.operators) or '-'})",
             f"- Scope: {r.scope}", "", "## Test Results"]
    for res in r.results:
        lines.append(f"- {verdict(res)}: {res.label} ({res.kind.upper()}): {achieved(res)} "
                     f"(target: {format_span(res.target)})")
    failed = [res for res in r.results if res.passed is False]
    lines += ["", "## Findings"]
    lines += [f"{n}. {res.label} missed its {res.kind.upper()}: {achieved(res)} against "
              f"{format_span(res.target)}" for n, res in enumerate(failed, 1)]
    lines += [f"{len(failed) + 1}. {blank('findings')}", "", "## Recommendations",
              f"1. {blank('recommendations')}", "", "## Conclusion", blank("conclusion"), ""]
    return lines


def _evidence(r: Report) -> list[str]:
    lines = ["## Objectives: achieved vs targets", "",
             "| Objective | Kind | Target | Achieved | Verdict | Runbook steps done | How |",
             "|---|---|---|---|---|---|---|"]
    for res in r.results:
        steps = "-" if res.steps_done is None else format_span(res.steps_done)
        lines.append(f"| {_cell(res.label)} | {res.kind.upper()} | {format_span(res.target)} "
                     f"| {achieved(res)} | {verdict(res)} | {steps} | {_cell(res.how)} |")
    lines += ["", "## Actions and results", ""]
    lines += [f"- {when(a.requested_at)} {a.step}: {a.action} {a.status.upper()}"
              + (f" in {format_span(a.duration_s)}" if a.duration_s is not None else "")
              + (f": {a.result}" if a.result else "") for a in r.actions] or ["- none"]
    lines += ["", "## Overrides", ""]
    lines += [f"- {when(o.at)} {o.operator}: {o.what}. Reason: {o.reason}"
              for o in r.overrides] or ["- none"]
    lines += ["", "## Messages", ""]
    lines += [f"- {when(m.at)} {m.template} {m.outcome}"
              + (f" via {m.channel}" if m.channel else "") + (f": {m.detail}" if m.detail else "")
              for m in r.messages] or ["- none"]
    lines += ["", "## Open follow-ups", ""]
    lines += [f"- {item}" for item in r.follow_ups] + [f"- {blank('follow-up actions')}"]
    lines += ["", "## Notes", ""]
    lines += [f"- {when(n.at)} {n.operator}: {n.text}" for n in r.notes] or ["- none"]
    lines += ["", "## Timeline", "", "| # | Time | Operator | Event |", "|---|---|---|---|"]
    lines += [f"| {row.seq} | {when(row.at)} | {_cell(row.operator)} | {_cell(row.text)} |"
              for row in r.timeline]
    if r.warnings:
        lines += ["", "## Journal warnings", ""] + [f"- {w}" for w in r.warnings]
    return lines
