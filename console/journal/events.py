"""Everything that can happen during an incident, as journal events.

The journal is the single source of truth: state, clocks and reports are folded from
these events, so each carries what a later reader needs (who, when, why) and nothing
secret. Events are frozen pydantic models, discriminated by ``type``; the journal assigns
``seq`` and ``at`` when it appends one.

Their validators are built on first use (``defer_build``), not on import: the runtime and
the dashboard import this module, but a console that declares nothing never validates an
event, and building ~30 classes' schemas was a tenth of the time before the dashboard.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

_CONFIG = ConfigDict(frozen=True, extra="forbid", defer_build=True)
"""Every event's: immutable, no unknown field, validators built on first use."""


class EventBase(BaseModel):
    model_config = _CONFIG

    seq: int = 0
    """Position in the journal, from 1; assigned by the journal on append."""
    at: datetime | None = None
    """UTC time of the event (the injectable clock's); assigned by the journal if unset."""
    operator: str = ""


class Declared(EventBase):
    """The incident's first event. Fields after ``plan_id`` came later: journals written
    before them fold as before (no disruption time: RTO clocks run from ``at``)."""

    type: Literal["declared"] = "declared"
    incident_id: str
    title: str
    drill: bool = False
    scenario: str | None = None
    plan_id: str = ""
    disruption_at: datetime | None = None
    """When service was disrupted (the first failure observed, or the operator's time):
    every RTO clock runs from here."""
    disruption_source: str = ""
    """What says so: the source that failed first (``health/primary``), or ``operator``."""
    seed: int | None = None
    """A drill's seed, scenario clock start and speed: with ``wall_at`` they rebuild the
    same drill at the same simulated time when it is resumed or followed."""
    speed: float | None = None
    drill_epoch: datetime | None = None
    """Simulated time at which the drill's scenario started (its offsets count from it)."""
    wall_at: datetime | None = None
    """Real UTC time of the declaration (``at`` is on the drill clock in a drill)."""


class Classified(EventBase):
    """A severity and the phases it opens; a later one reclassifies (raises or lowers it):
    its phases replace the earlier ones, except phases already worked on or opened."""

    type: Literal["classified"] = "classified"
    severity: str
    response: str
    phases: tuple[str, ...]
    reason: str = ""
    """Why the severity changed (required to reclassify; empty on the first one)."""


class PhaseOpened(EventBase):
    """The operator opened a phase the classification did not (rollback, automated
    failover...), and why: its steps can be worked from then on."""

    type: Literal["phase-opened"] = "phase-opened"
    phase: str
    reason: str = Field(min_length=1)


class PhaseStarted(EventBase):
    type: Literal["phase-started"] = "phase-started"
    phase: str


class PhaseCompleted(EventBase):
    type: Literal["phase-completed"] = "phase-completed"
    phase: str


class StepStarted(EventBase):
    type: Literal["step-started"] = "step-started"
    step: str


class StepCompleted(EventBase):
    type: Literal["step-completed"] = "step-completed"
    step: str
    override_reason: str | None = None
    """Set when the step's check failed and the operator completed it anyway."""


class StepSkipped(EventBase):
    type: Literal["step-skipped"] = "step-skipped"
    step: str
    reason: str = Field(min_length=1)


class StepFailed(EventBase):
    type: Literal["step-failed"] = "step-failed"
    step: str
    reason: str = Field(min_length=1)


class CheckEvaluated(EventBase):
    type: Literal["check-evaluated"] = "check-evaluated"
    step: str
    ok: bool
    detail: str


class ActionRequested(EventBase):
    type: Literal["action-requested"] = "action-requested"
    step: str
    action: str
    """The action kind (``promote-postgres``...)."""
    description: str
    """Exactly what will be called, on which site, as shown in the confirmation."""


class ActionConfirmed(EventBase):
    type: Literal["action-confirmed"] = "action-confirmed"
    step: str
    action: str
    override_reason: str | None = None
    """Why the operator went ahead despite blocking safety gates."""
    overridden_gates: tuple[str, ...] = ()


class ActionCancelled(EventBase):
    type: Literal["action-cancelled"] = "action-cancelled"
    step: str
    action: str
    reason: str = ""


class ActionSucceeded(EventBase):
    type: Literal["action-succeeded"] = "action-succeeded"
    step: str
    action: str
    output: str = ""
    duration_s: float


class ActionFailed(EventBase):
    type: Literal["action-failed"] = "action-failed"
    step: str
    action: str
    error: str
    duration_s: float


class ActionUnknown(EventBase):
    """The call was made and no result came back: it timed out, or the console stopped
    between confirmation and result (``interrupted``, journaled on resume). It may have
    landed: the step's check decides, and a new run first shows this one."""

    type: Literal["action-unknown"] = "action-unknown"
    step: str
    action: str
    error: str
    duration_s: float | None = None
    interrupted: bool = False


class Note(EventBase):
    type: Literal["note"] = "note"
    text: str = Field(min_length=1)
    step: str | None = None
    """The step the note is about (the one highlighted when it was written); none for a
    note on the incident as a whole (a play's start and verification...)."""


class CommsDrafted(EventBase):
    type: Literal["comms-drafted"] = "comms-drafted"
    template: str
    body: str


class CommsSent(EventBase):
    """A message went out through one channel (never the channel's URL or key)."""

    type: Literal["comms-sent"] = "comms-sent"
    template: str
    channel: str
    """The configured channel's name (``ops-slack``, ``pagerduty``...)."""
    kind: str = ""
    """The channel's kind: ``webhook``, ``slack``, ``pagerduty``, ``email``."""
    detail: str = ""
    """What the far end answered (sanitised, short), or the PagerDuty event action."""
    next_update_at: datetime | None = None
    """The next update the message promised: the banner counts down to it."""


class CommsFailed(EventBase):
    """A message could not be sent through one channel, after its retries, and why."""

    type: Literal["comms-failed"] = "comms-failed"
    template: str
    channel: str
    kind: str = ""
    error: str
    attempts: int = 1


class ObjectiveMeasured(EventBase):
    """The judge's verdict on one RTO or RPO row, journaled when it changes (and, for
    RPO rows, when a failover action is requested): reports measure what was achieved
    from these, never from a re-derivation."""

    type: Literal["objective-measured"] = "objective-measured"
    kind: Literal["rto", "rpo"]
    objective: str
    status: str
    evidence: str
    moment: Literal["changed", "failover"] = "changed"
    exposure_bytes: int | None = None
    """RPO rows at failover: the replication link's data-loss exposure, as judged."""
    exposure_s: float | None = None
    ref_seq: int | None = None
    """For ``failover``: the seq of the action request it was measured for."""


class ScenarioEvent(EventBase):
    """Something the drill environment did (primary site down at T+2m...)."""

    type: Literal["scenario-event"] = "scenario-event"
    name: str
    description: str


class DrillActed(EventBase):
    """An action the drill environment recorded (a promote, a scale, a DNS change...), as
    its ticket: replayed into the rebuilt environment on resume and follow, so the world
    the next console sees is the one the operator left."""

    type: Literal["drill-action"] = "drill-action"
    kind: str
    requested_at: datetime
    completes_at: datetime
    site: str | None = None
    deployment: str | None = None
    replicas: int | None = None
    component: str | None = None
    target: str | None = None


class VerifiedCellRecord(BaseModel):
    """One component x store as a backup verification left it."""

    model_config = _CONFIG
    component: str
    target: str
    status: Literal["verified", "failed", "unverified"]
    reason: str = ""
    newest_key: str | None = None
    sha256: str | None = None
    newest_created_at: datetime | None = None
    """When the checked backup was made (its manifest's time): RPO evidence ages from it."""


class BackupsVerified(EventBase):
    """A backup verification ran (``backups verify``, the plan's daily check): every cell's
    result, so the Backups pane and the maintenance calendar read it from the journal."""

    type: Literal["backups-verified"] = "backups-verified"
    cells: tuple[VerifiedCellRecord, ...] = ()
    downloaded_bytes: int = 0
    seconds: float = 0.0


class MaintenanceDone(EventBase):
    """An operator marked a maintenance or test task done (``maintenance done``)."""

    type: Literal["maintenance-done"] = "maintenance-done"
    task: str
    """The calendar task's id (``daily-verify-backup-integrity``...)."""
    note: str = Field(min_length=1)


class TapeHandover(EventBase):
    """The operator handed backups over to a manual store (tape) and recorded it."""

    type: Literal["tape-handover"] = "tape-handover"
    target: str = "tape"
    handed_over_at: datetime | None = None
    """When the media left (default: the event's own time)."""
    note: str = ""


class Resolved(EventBase):
    type: Literal["resolved"] = "resolved"
    summary: str = ""
    unfinished: tuple[str, ...] = ()
    """Open phases not complete at resolution: resolving with any needs a reason."""
    unfinished_reason: str | None = None


class RestoreTested(EventBase):
    """A test restore ran (``backups test-restore``, the plan's weekly check): the backup
    restored into a scratch database, whether it matched its manifest, and its time
    against the database RTO, for the maintenance calendar and the review."""

    type: Literal["restore-tested"] = "restore-tested"
    component: str
    store: str
    key: str = ""
    ok: bool
    seconds: float
    rto_s: float | None = None
    """The database RTO the restore is timed against, when the plan gives one."""
    detail: str = ""
    """The comparison lines, or why it failed."""


Event = Annotated[
    Declared | Classified | PhaseStarted | PhaseCompleted | PhaseOpened | StepStarted
    | StepCompleted | StepSkipped | StepFailed | CheckEvaluated | ActionRequested
    | ActionConfirmed | ActionCancelled | ActionSucceeded | ActionFailed | ActionUnknown
    | Note | CommsDrafted | CommsSent | CommsFailed | ScenarioEvent | DrillActed | Resolved
    | ObjectiveMeasured | RestoreTested | BackupsVerified | MaintenanceDone | TapeHandover,
    Field(discriminator="type"),
]
"""Any journal event, chosen by its ``type``."""


@cache
def event_adapter() -> TypeAdapter[Event]:
    """Parses one journal line (JSON) into its event class; built once, on the first line
    read (not on import: see the module's docstring)."""
    return TypeAdapter(Event)  # type: ignore[arg-type, unused-ignore]
