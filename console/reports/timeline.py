"""Every journal event in words, for the report's timeline."""

from __future__ import annotations

from console.journal import events as ev
from console.judge.units import format_bytes, format_span

Event = ev.Event


def describe(event: Event) -> str:
    """The event as a sentence; outside text is sanitised by the caller."""
    match event:
        case ev.Declared():
            text = f"declared {event.incident_id}: {event.title}"
            if event.disruption_at is not None:
                text += (f" (disruption at {event.disruption_at:%H:%M:%S}"
                         f"{', ' + event.disruption_source if event.disruption_source else ''})")
            return text + (f"; drill, scenario {event.scenario}" if event.drill else "")
        case ev.Classified():
            return f"classified {event.severity}: {event.response}"
        case ev.PhaseStarted() | ev.PhaseCompleted():
            return f"phase {event.phase} {event.type.removeprefix('phase-')}"
        case ev.StepStarted():
            return f"step {event.step} started"
        case ev.StepCompleted():
            extra = f" (override: {event.override_reason})" if event.override_reason else ""
            return f"step {event.step} done{extra}"
        case ev.StepSkipped() | ev.StepFailed():
            return f"step {event.step} {event.type.removeprefix('step-')}: {event.reason}"
        case ev.CheckEvaluated():
            return f"check of {event.step}: {'ok' if event.ok else 'not ok'}: {event.detail}"
        case ev.ActionRequested():
            return f"action {event.action} requested ({event.step}): {event.description}"
        case ev.ActionConfirmed():
            extra = (f" overriding {', '.join(event.overridden_gates)}: {event.override_reason}"
                     if event.override_reason else "")
            return f"action {event.action} confirmed{extra}"
        case ev.ActionCancelled():
            return f"action {event.action} cancelled: {event.reason}"
        case ev.ActionSucceeded():
            return (f"action {event.action} succeeded in {format_span(event.duration_s)}: "
                    f"{event.output}")
        case ev.ActionFailed():
            return (f"action {event.action} FAILED after {format_span(event.duration_s)}: "
                    f"{event.error}")
        case ev.Note():
            return f"note: {event.text}"
        case ev.CommsDrafted():
            return f"message {event.template} drafted"
        case ev.CommsSent():
            return f"message {event.template} sent via {event.channel}"
        case ev.CommsFailed():
            return (f"message {event.template} FAILED via {event.channel} "
                    f"({event.attempts} attempts): {event.error}")
        case ev.ObjectiveMeasured():
            return _measured(event)
        case ev.ScenarioEvent():
            return f"scenario: {event.name}: {event.description}"
        case ev.DrillActed():
            return f"drill environment: {event.kind} recorded"
        case ev.Resolved():
            return "resolved" + (f": {event.summary}" if event.summary else "")
    return event.type


def _measured(event: ev.ObjectiveMeasured) -> str:
    what = f"{event.kind.upper()} {event.objective}"
    if event.moment == "failover":
        loss = format_bytes(event.exposure_bytes)
        return f"{what} at failover: {event.status}, exposure {loss}: {event.evidence}"
    return f"{what} now {event.status}: {event.evidence}"
