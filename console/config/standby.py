"""The ``[standby]`` section: how a site is turned into a standby of the other one, when
the operator's config says how (``[standby.primary]``, ``[standby.dr]``).

A rollback after a failover needs the old primary rebuilt as a streaming standby of DR
(``pg_rewind`` or ``pg_basebackup``, ``standby.signal``, ``primary_conninfo``; Redis
``REPLICAOF``), and later DR rebuilt the same way behind the primary. Those are host-level
operations on database servers: the console never runs them on its own. It runs exactly
the argv given here (a script of the organisation's, an Ansible play, the lab's
``python -m console.lab.standby_command``); without one, the step fails and names the
commands to run by hand.
"""

from __future__ import annotations

from datetime import timedelta

from console.config.models import ConfigModel
from console.plan.durations import Duration


class SiteStandby(ConfigModel):
    """The commands that demote one site and rebuild it as the other's standby."""

    demote_command: tuple[str, ...] = ()
    """argv that stops the site's PostgreSQL cleanly (its standby then holds every write)
    and its Redis (after its replica caught up): the fence before a switchover back."""
    rebuild_command: tuple[str, ...] = ()
    """argv that makes the site's PostgreSQL a streaming standby of the other site and its
    Redis a replica of the other site's, and returns once they stream."""
    timeout: Duration = timedelta(minutes=30)
    """How long one command may take (a ``pg_basebackup`` of the whole cluster)."""


class StandbySettings(ConfigModel):
    """``[standby.primary]`` and ``[standby.dr]``."""

    primary: SiteStandby = SiteStandby()
    dr: SiteStandby = SiteStandby()
