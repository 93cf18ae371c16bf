"""The console names its Redis connections, and a server that forbids naming still answers."""

from __future__ import annotations

from typing import Any

from console.lab.redis_lab import RedisLab
from services.models import RedisRole, Site
from services.redis.source import RedisSource


def _names_seen(lab: RedisLab, port: int, command: str) -> set[str]:
    """Client names the slow log recorded for ``command`` (it logs every command here)."""
    entries: list[dict[str, Any]] = lab.client(port).slowlog_get(128)  # type: ignore[assignment]
    found = set()
    for entry in entries:
        words = _text(entry["command"]).split()
        if words and words[0].upper() == command:
            found.add(_text(entry.get("client_name", b"")))
    return found


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


async def test_every_connection_is_named(fresh_redis_lab: RedisLab) -> None:
    lab = fresh_redis_lab
    for port in (lab.primary_port, lab.replica_port):
        admin = lab.client(port)
        admin.config_set("slowlog-log-slower-than", 0)
        admin.slowlog_reset()
    plain = RedisSource(Site.DR, "r", lab.replica_url, timeout_s=2, read_only=True)
    named = RedisSource(Site.DR, "r", lab.replica_url, timeout_s=2, read_only=True,
                        operator="ann lee")
    assert (await plain.poll()).role is RedisRole.REPLICA
    assert (await named.poll()).lag_bytes == 0  # the primary was asked too, named as well
    assert await named.dbsize() == 0
    assert _names_seen(lab, lab.replica_port, "INFO") == {
        "recovery-console", "recovery-console/ann_lee"}
    assert _names_seen(lab, lab.replica_port, "DBSIZE") == {"recovery-console/ann_lee"}
    assert _names_seen(lab, lab.primary_port, "INFO") == {
        "recovery-console", "recovery-console/ann_lee"}


async def test_an_acl_without_client_still_polls(fresh_redis_lab: RedisLab) -> None:
    lab = fresh_redis_lab
    for port in (lab.primary_port, lab.replica_port):
        lab.client(port).acl_setuser("watcher", enabled=True, passwords=["+w4tch"],
                                     commands=["+info", "+dbsize", "+ping", "+hello"],
                                     keys=[])
    url = f"redis://watcher:w4tch@127.0.0.1:{lab.replica_port}/0"
    snap = await RedisSource(Site.DR, "r", url, timeout_s=2, read_only=True).poll()
    assert snap.role is RedisRole.REPLICA and snap.error is None and snap.lag_bytes == 0
    denied: list[dict[str, Any]] = lab.client(lab.replica_port).acl_log()  # type: ignore[assignment]
    assert any("client" in _text(entry.get("object", "")).lower() for entry in denied)
