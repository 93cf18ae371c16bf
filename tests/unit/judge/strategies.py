"""Hypothesis strategies: any combination of source states a two-site world can show."""

from __future__ import annotations

from hypothesis import strategies as st

from console.live.maintenance import VerifiedFact
from console.plan import load_plan
from services.models import BackupEntry, RedisRole, Site
from tests.unit.judge.world import World, ago, steady

LSN_BASE = 0x5000000
TARGETS = ("s3-region-1", "nas")
SCHEDULES = tuple(s.id for s in load_plan().backups)


def _key(component: str, generation: int) -> str:
    return f"{component}/{component}-{generation}.bak"


@st.composite
def backups(draw: st.DrawFn, world: World) -> None:
    """A listing of two stores and, maybe, a verification of (some of) what they held."""
    entries, facts = [], []
    for component in SCHEDULES:
        for target in TARGETS:
            age = draw(st.floats(0, 10 * 86_400))
            generation = draw(st.integers(1, 3))
            entries.append(BackupEntry(component=component, target=target, latest_at=ago(age),
                                       latest_key=_key(component, generation),
                                       count_in_retention=draw(st.integers(0, 3)),
                                       oldest_at=ago(age + draw(st.floats(0, 3 * 86_400)))))
            status = draw(st.sampled_from([None, "verified", "failed", "unverified"]))
            if status is not None:
                checked = draw(st.integers(1, 3))
                facts.append(VerifiedFact(
                    component=component, target=target, status=status, reason="drawn",
                    newest_key=_key(component, checked),
                    newest_created_at=ago(age + 60 + (generation - checked) * 3600)))
    world.backups(*entries)
    if draw(st.booleans()):
        world.verified(*facts)


@st.composite
def worlds(draw: st.DrawFn) -> World:
    """Start from the steady world, then give each source a drawn state (or a failure)."""
    world = steady()
    world.dns(draw(st.sampled_from([Site.PRIMARY, Site.DR, None])))
    for site in Site:
        code = draw(st.sampled_from([200, 503, 500, None]))
        world.health(site, code, draw(st.sampled_from(["ok", "standby", "down"])),
                     error=draw(st.sampled_from(["connection refused", "timeout after 5s"])),
                     timed_out=draw(st.booleans()))
        if draw(st.booleans()):
            world.pg_primary(site, lsn=LSN_BASE + draw(st.integers(0, 1 << 24)),
                             timeline=draw(st.integers(1, 2)), streams=draw(st.integers(0, 1)))
        else:
            received = LSN_BASE + draw(st.integers(0, 1 << 24))
            world.pg_standby(site, received=received,
                             replayed=received - draw(st.integers(0, 1 << 20)),
                             heard_s=draw(st.floats(0, 3600)), connected=draw(st.booleans()),
                             timeline=draw(st.integers(1, 2)))
        role = draw(st.sampled_from(list(RedisRole)))
        world.redis(site, role, offset=draw(st.integers(1_000_000, 3_000_000)),
                    replica_offset=draw(st.integers(0, 1_000_000)),
                    link_up=draw(st.sampled_from([True, False, None])))
        world.cluster(site, nodes_ready=draw(st.integers(0, 3)),
                      app_ready=draw(st.integers(0, 3)))
    if draw(st.booleans()):
        draw(backups(world))
    for source in list(world.readings):
        if draw(st.integers(0, 5)) == 0:  # about one source in six has stopped answering
            world.fail(source, draw(st.sampled_from(["timeout after 4s", "unreachable"])),
                       last_good_s=draw(st.floats(1, 900)))
    return world
