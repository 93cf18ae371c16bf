"""The Route53 record that decides which site serves traffic: read it, flip it, flip it back.

Failover and rollback are single UPSERTs of the same record to one of two configured
targets — nothing else is ever written — and both go through the read-only guard, so a
watcher's console cannot move traffic whatever path the call takes. Every call runs on
the executor's own "dns" pool, so backup scans stuck on a dead NAS cannot starve a
failover; the flips get ``action_timeout_s`` (a poll's ``timeout_s`` is too short for a
write that may still land).
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from pydantic import SecretStr

from services.backups.s3 import boto_client, translate_boto_error
from services.clock import Clock, SystemClock
from services.executor import run_blocking
from services.models import DnsSnapshot, Site
from services.sources import BadAnswer, ReadOnlyGuard


def _norm(name: str | None) -> str:
    """DNS names compare case-insensitively and with or without the trailing dot."""
    return (name or "").rstrip(".").lower()


class Route53Dns(ReadOnlyGuard):
    """One record in one hosted zone, pointing at either the primary or the DR target."""

    def __init__(self, zone_id: str, record_name: str, record_type: str, primary_target: str,
                 dr_target: str, ttl_s: int = 60, region: str = "us-east-1",
                 endpoint_url: str | None = None,
                 access_key_id: str | SecretStr | None = None,
                 secret_access_key: str | SecretStr | None = None, *,
                 timeout_s: float = 10.0, action_timeout_s: float = 60.0,
                 read_only: bool = False, clock: Clock | None = None) -> None:
        self.zone_id = zone_id
        self.record_name = record_name
        self.record_type = record_type
        self.primary_target = primary_target
        self.dr_target = dr_target
        self.ttl_s = ttl_s
        self.timeout_s = timeout_s
        self.action_timeout_s = action_timeout_s
        self.read_only = read_only
        self.clock: Clock = clock or SystemClock()
        self.client: Any = boto_client(
            "route53", region=region, endpoint_url=endpoint_url, access_key_id=access_key_id,
            secret_access_key=secret_access_key, session_token=None, timeout_s=timeout_s)
        # The flips get their own client: botocore's socket timeouts are per client.
        self.action_client: Any = boto_client(
            "route53", region=region, endpoint_url=endpoint_url, access_key_id=access_key_id,
            secret_access_key=secret_access_key, session_token=None,
            timeout_s=action_timeout_s)

    @property
    def name(self) -> str:
        return "dns"

    def _call(self, method: str, *, action: bool = False, **kwargs: Any) -> Any:
        client, timeout_s = ((self.action_client, self.action_timeout_s) if action
                             else (self.client, self.timeout_s))
        try:
            return getattr(client, method)(**kwargs)
        except (BotoCoreError, ClientError) as exc:
            raise translate_boto_error(exc, timeout_s) from exc

    def _read(self) -> tuple[str | None, int | None]:
        answer = self._call("list_resource_record_sets", HostedZoneId=self.zone_id,
                            StartRecordName=self.record_name,
                            StartRecordType=self.record_type, MaxItems="1")
        for rrset in answer.get("ResourceRecordSets", ()):
            if _norm(rrset["Name"]) != _norm(self.record_name):
                continue
            if rrset["Type"] != self.record_type:
                continue
            if "AliasTarget" in rrset:
                return rrset["AliasTarget"]["DNSName"], None
            values = [r["Value"] for r in rrset.get("ResourceRecords", ())]
            return (values[0] if values else None), rrset.get("TTL")
        return None, None

    def _points_at(self, target: str | None) -> Site | None:
        if target is not None and _norm(target) == _norm(self.primary_target):
            return Site.PRIMARY
        if target is not None and _norm(target) == _norm(self.dr_target):
            return Site.DR
        return None

    async def poll(self) -> DnsSnapshot:
        """The record's current target and TTL, and which site that is."""
        now = self.clock.now()
        target, ttl = await run_blocking(self._read, timeout_s=self.timeout_s, pool="dns")
        error = None if target is not None else f"no {self.record_type} record {self.record_name}"
        return DnsSnapshot(observed_at=now, record=self.record_name, current_target=target,
                           ttl_s=ttl, points_at=self._points_at(target), error=error)

    def _upsert(self, target: str, why: str) -> str:
        answer = self._call("change_resource_record_sets", action=True,
                            HostedZoneId=self.zone_id,
                            ChangeBatch={"Comment": why, "Changes": [{
                                "Action": "UPSERT", "ResourceRecordSet": {
                                    "Name": self.record_name, "Type": self.record_type,
                                    "TTL": self.ttl_s,
                                    "ResourceRecords": [{"Value": target}]}}]})
        change_id = answer.get("ChangeInfo", {}).get("Id")
        if not change_id:
            raise BadAnswer("Route53 accepted the change but returned no change id")
        return str(change_id)

    async def failover(self) -> str:
        """Point the record at the DR target; returns Route53's change id for the journal."""
        self._guard("DNS failover")
        return await run_blocking(self._upsert, self.dr_target,
                                  "recovery console: failover to DR",
                                  timeout_s=self.action_timeout_s, pool="dns")

    async def rollback(self) -> str:
        """Point the record back at the primary target; returns the change id."""
        self._guard("DNS rollback")
        return await run_blocking(self._upsert, self.primary_target,
                                  "recovery console: rollback to primary",
                                  timeout_s=self.action_timeout_s, pool="dns")
