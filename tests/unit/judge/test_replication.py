"""What a failover loses: the WAL the standby has not received, not its replay backlog."""

from __future__ import annotations

from datetime import timedelta

from console.judge.model import Status
from console.judge.replication import postgres_link, redis_link
from services.models import RedisRole, Site
from tests.unit.judge.world import NOW, steady

RPO = timedelta(minutes=5)


def test_receiver_cut_reports_the_unreceived_wal_not_the_replay_backlog() -> None:
    """The issue's numbers: primary at 0/4000000, standby received 0/32001D8, replayed all."""
    world = (steady().pg_primary(Site.PRIMARY, lsn=0x4000000)
             .pg_standby(Site.DR, received=0x32001D8, heard_s=104, connected=False))
    link = postgres_link(world.readings, NOW, RPO)
    assert link.exposure_bytes == 0x4000000 - 0x32001D8 == 14_679_592
    assert link.replay_backlog_bytes == 0
    assert link.link_up is False and link.status is Status.AT_RISK
    assert link.reason.startswith("failover loses 14.0 MiB / 1m44s of writes <= RPO 5m")
    assert "receiver DOWN" in link.reason


def test_replay_backlog_is_time_to_promote_not_loss() -> None:
    world = steady().pg_standby(Site.DR, received=0x5000000, replayed=0x4000000)
    link = postgres_link(world.readings, NOW, RPO)
    assert link.exposure_bytes == 0 and link.status is Status.MET
    assert link.replay_backlog_bytes == 16 * 1024 * 1024


def test_a_dark_primary_uses_its_last_position_and_says_it_is_a_lower_bound() -> None:
    world = (steady().pg_primary(Site.PRIMARY, lsn=0x5100000)
             .pg_standby(Site.DR, received=0x5000000, heard_s=200, connected=False)
             .fail("postgres/primary", last_good_s=200))
    link = postgres_link(world.readings, NOW, RPO)
    assert link.exposure_bytes == 0x100000
    assert link.primary_position_age_s == 200
    assert link.reason.startswith("failover loses at least 1.0 MiB / 3m20s of writes")
    assert "(postgres/primary last seen 3m20s ago)" in link.reason


def test_exposure_is_graded_by_time_against_the_rpo() -> None:
    world = (steady().pg_primary(Site.PRIMARY, lsn=0x6000000)
             .pg_standby(Site.DR, received=0x5000000, heard_s=301))
    assert postgres_link(world.readings, NOW, RPO).status is Status.BREACHED
    world.pg_standby(Site.DR, received=0x5000000, heard_s=300)
    assert postgres_link(world.readings, NOW, RPO).status is Status.AT_RISK
    world.pg_standby(Site.DR, received=0x5000000, heard_s=60)
    assert postgres_link(world.readings, NOW, RPO).status is Status.MET


def test_timeline_mismatch_is_at_risk() -> None:
    world = steady().pg_standby(Site.DR, timeline=2)
    link = postgres_link(world.readings, NOW, RPO)
    assert link.same_timeline is False and link.status is Status.AT_RISK


def test_a_silent_standby_is_measured_by_what_the_primary_reports() -> None:
    world = steady().pg_primary(Site.PRIMARY, lsn=0x5000000).fail("postgres/dr")
    link = postgres_link(world.readings, NOW, RPO)
    assert link.status is Status.MET and link.exposure_bytes == 0
    assert link.reason.endswith("(as the primary reports it; postgres/dr stale 1m: timeout "
                                "after 4s)")


def test_unknown_standby_is_unknown_not_unprotected() -> None:
    world = steady().fail("postgres/dr").fail("postgres/primary")
    link = postgres_link(world.readings, NOW, RPO)
    assert link.status is Status.UNKNOWN and "postgres/dr stale 1m" in link.reason


def test_after_failover_nothing_replicates_from_the_promoted_side() -> None:
    world = steady().pg_primary(Site.DR, streams=0).fail("postgres/primary")
    link = postgres_link(world.readings, NOW, RPO)
    assert link.status is Status.AT_RISK
    assert link.reason.startswith("no standby: nothing replicates from dr")


def test_redis_gap_by_offsets_and_link_down() -> None:
    world = steady().redis(Site.PRIMARY, RedisRole.MASTER, offset=5_000_000).redis(
        Site.DR, RedisRole.REPLICA, offset=4_000_000, replica_offset=4_000_000, link_up=False)
    link = redis_link(world.readings, NOW, timedelta(minutes=10))
    assert link.exposure_bytes == 1_000_000 and link.status is Status.AT_RISK
    assert link.reason.startswith("link down")
    world.redis(Site.DR, RedisRole.REPLICA, offset=5_000_000, replica_offset=5_000_000)
    assert redis_link(world.readings, NOW, timedelta(minutes=10)).status is Status.MET
