"""The drill reports replication as the real adapters do: same fields, same meanings.

Exposure (what failing over loses) is the primary's ``current_lsn`` minus the standby's
``receive_lsn``; for Redis the master's offset minus the replica's. A DR site cut off
from the primary is the case that tells these apart from the replay backlog.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.clock import FrozenClock
from services.drill.actions import ActionLog
from services.drill.cache import redis_snapshot
from services.drill.database import postgres_snapshot
from services.drill.edge import health_snapshot
from services.drill.scenarios import EventKind, Scenario, ScenarioEvent
from services.drill.script import DrillSetup
from services.drill.world import World
from services.models import PostgresSnapshot, Site
from services.postgres.lsn import lsn_to_int
from tests.services.drill.conftest import PLAN, START, MakeEnv

DR_CUT = Scenario("dr-cut", "At 2m the DR region's network fails.", (
    ScenarioEvent(timedelta(minutes=2), EventKind.REGION_NETWORK_DOWN, site=Site.DR),))


def world_at(minutes: float, scenario: Scenario = DR_CUT) -> World:
    setup = DrillSetup(seed=3, started_at=START, scenario=scenario, plan=PLAN)
    return World(setup, ActionLog(), START + timedelta(minutes=minutes))


def exposure(primary: PostgresSnapshot, standby: PostgresSnapshot) -> int:
    assert primary.current_lsn is not None and standby.receive_lsn is not None
    return lsn_to_int(primary.current_lsn) - lsn_to_int(standby.receive_lsn)


def test_streaming_standby_reports_like_the_adapter(make_env: MakeEnv,
                                                    clock: FrozenClock) -> None:
    env = make_env()
    clock.advance(timedelta(minutes=7))
    primary, standby = env.postgres(Site.PRIMARY), env.postgres(Site.DR)
    assert primary.current_lsn and primary.timeline == standby.timeline == 1
    assert standby.receive_lsn and standby.replay_lsn
    backlog = lsn_to_int(standby.receive_lsn) - lsn_to_int(standby.replay_lsn)
    assert standby.replay_backlog_bytes == standby.lag_bytes == backlog > 0
    assert 0 < exposure(primary, standby) < 1_000_000  # in flight only
    assert standby.wal_receiver_connected and standby.last_wal_receipt_at == clock.now()
    (row,) = primary.replication
    assert (row.flush_lsn, row.replay_lsn) == (standby.receive_lsn, standby.replay_lsn)
    assert row.lag_bytes == lsn_to_int(primary.current_lsn) - lsn_to_int(row.replay_lsn)


def test_dr_cut_off_primary_moves_on_standby_freezes() -> None:
    before = world_at(1)
    cut = [world_at(m) for m in (2.5, 5, 9)]
    standbys = [postgres_snapshot(w, Site.DR) for w in cut]
    primaries = [postgres_snapshot(w, Site.PRIMARY) for w in cut]
    assert len({s.receive_lsn for s in standbys}) == 1  # frozen at the cut
    lsns = [lsn_to_int(p.current_lsn or "") for p in primaries]
    assert lsns == sorted(lsns) and lsns[0] < lsns[-1]  # the primary keeps writing
    gaps = [exposure(p, s) for p, s in zip(primaries, standbys, strict=True)]
    assert gaps == sorted(gaps) and gaps[-1] - gaps[0] == lsns[-1] - lsns[0]
    for standby in standbys:
        assert standby.wal_receiver_connected is False
        assert standby.last_wal_receipt_at is None
        assert standby.replay_backlog_bytes == 0 and standby.replay_lsn == standby.receive_lsn
    assert primaries[0].replication == ()  # pg_stat_replication empties with the link
    streaming = postgres_snapshot(before, Site.DR)
    assert streaming.wal_receiver_connected and streaming.replay_backlog_bytes
    assert lsn_to_int(standbys[0].receive_lsn or "") > lsn_to_int(streaming.receive_lsn or "")


def test_dr_cut_off_redis_gap_grows_from_offsets() -> None:
    streaming = redis_snapshot(world_at(1), Site.DR)
    assert streaming.link_up and streaming.link_down_since_s is None
    assert streaming.master_repl_offset == streaming.replica_offset
    assert streaming.primary_offset is not None and streaming.replica_offset is not None
    assert streaming.lag_bytes == streaming.primary_offset - streaming.replica_offset > 0
    later = [world_at(m) for m in (3, 6)]
    replicas = [redis_snapshot(w, Site.DR) for w in later]
    masters = [redis_snapshot(w, Site.PRIMARY) for w in later]
    assert replicas[0].replica_offset == replicas[1].replica_offset
    assert [r.link_down_since_s for r in replicas] == [60.0, 240.0]
    gaps = [m.master_repl_offset - (r.replica_offset or 0)
            for m, r in zip(masters, replicas, strict=True)]
    assert 0 < gaps[0] < gaps[1]
    # The console can still read the master (only DR is cut off): the lag is known.
    assert [r.lag_bytes for r in replicas] == gaps and replicas[0].error is None


@pytest.mark.parametrize(("minutes", "code", "status"), [(1, 503, "standby")])
def test_dr_health_answers_standby_until_promoted(minutes: int, code: int, status: str
                                                  ) -> None:
    answer = health_snapshot(world_at(minutes), Site.DR)
    assert (answer.status_code, answer.reported_status, answer.timed_out) == (
        code, status, False)
    silent = health_snapshot(world_at(3), Site.DR)
    assert silent.timed_out and silent.status_code is None
    assert silent.error == "timeout after 5s"
