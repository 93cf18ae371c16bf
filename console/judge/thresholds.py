"""Every threshold a verdict uses, in one place, with the reason for its value.

The dashboard, the objectives, the checklist's checks, the action gates and ``status`` all
grade against these numbers, so a fact cannot be "ok" on one screen and "late" on another.
"""

from __future__ import annotations

from datetime import timedelta

RPO_AT_RISK_FRACTION = 0.5
"""Lag or age above this fraction of its target is AT RISK (a warning before the loss);
above the target itself it is BREACHED; exactly at the target it is still AT RISK."""

CONTINUOUS_MAX_AGE = timedelta(minutes=15)
"""A continuous stream (WAL archive, AOF) whose newest object is older than this has
stopped shipping: the backup is LATE."""

CONTINUOUS_NO_LOSS = timedelta(minutes=1)
"""A continuous stream this recent keeps an RPO of 0m."""

SCHEDULE_SLACK_FRACTION = 1 / 12
"""A scheduled backup may be one interval plus this fraction old before it is LATE: the
run itself takes time (a daily backup may be 26 h old, as the plan's own
``pg-identify-backup`` step allows)."""

BACKUP_SIZE_TOLERANCE = 0.5
"""A backup more than this fraction larger or smaller than the generation before it is
suspect (a half-empty dump, a runaway table): data grows, but not by half in a day."""

REDIS_STREAMING_SLACK_BYTES = 1 << 20
"""In-flight traffic on a healthy Redis link: a replica this close is keeping up."""

MAX_LAG_ON_FAILOVER_BYTES = 1 << 20
"""Unreceived WAL above which a failover loses too much to do without an override
(Patroni's ``maximum_lag_on_failover`` default)."""

LAST_SEEN_MAX_AGE = timedelta(minutes=5)
"""A silent primary's last-seen WAL position older than this bounds nothing a failover
would lose, when the plan names no PostgreSQL RPO (otherwise the RPO is the limit)."""


def backup_max_age(interval: timedelta | None) -> timedelta:
    """How old the newest copy of a schedule may be; ``None`` is a continuous stream."""
    if interval is None:
        return CONTINUOUS_MAX_AGE
    return interval + interval * SCHEDULE_SLACK_FRACTION
