"""moto's server with the lab's Route53 zone, one per session, stopped (pid gone) after."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from console.lab.moto_lab import PRIMARY_TARGET, RECORD_NAME, MotoLab, start_moto


@pytest.fixture(scope="session")
def moto_dns() -> Iterator[MotoLab]:
    lab = start_moto(seed=False)
    lab.seed_dns()
    yield lab
    lab.stop()
    with pytest.raises(ProcessLookupError):
        os.kill(lab.pid, 0)


def read_record(lab: MotoLab) -> tuple[str, int]:
    """The record as Route53 itself returns it, bypassing the adapter under test."""
    rrsets = lab.client("route53").list_resource_record_sets(
        HostedZoneId=lab.zone_id)["ResourceRecordSets"]
    [rrset] = [r for r in rrsets if r["Name"].rstrip(".") == RECORD_NAME and r["Type"] == "CNAME"]
    return rrset["ResourceRecords"][0]["Value"], rrset["TTL"]


@pytest.fixture
def lab(moto_dns: MotoLab) -> MotoLab:
    """Each test starts with the record on the primary, whatever the last one did."""
    moto_dns.client("route53").change_resource_record_sets(
        HostedZoneId=moto_dns.zone_id, ChangeBatch={"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {
                "Name": RECORD_NAME, "Type": "CNAME", "TTL": 60,
                "ResourceRecords": [{"Value": PRIMARY_TARGET}]}}]})
    return moto_dns
