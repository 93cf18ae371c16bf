"""moto's server as the lab's AWS: two regional backup buckets and the Route53 zone.

Started as a subprocess (the ``moto_server`` script next to this interpreter) on a free
loopback port, so adapters talk real HTTP to it exactly as to AWS; stopped by its pid.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3

from console.lab.lab_procs import stop_process
from console.lab.ports import HOST, free_port, wait_for_port

COMPONENTS = ("postgres-full", "postgres-incremental", "postgres-wal", "redis-rdb", "redis-aof",
              "configuration-git", "user-data-full", "application-image", "logs-archive")
BUCKETS = {"erlmcp-backups-r1": "us-east-1", "erlmcp-backups-r2": "us-west-2"}
ZONE_NAME = "erlmcp.com"
RECORD_NAME = "api.erlmcp.com"
PRIMARY_TARGET = "primary-lb.erlmcp.com"
DR_TARGET = "dr-lb.erlmcp.com"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def moto_server_path() -> Path:
    """The moto[server] console script of this venv (PATH may point at another Python)."""
    return Path(sys.executable).with_name("moto_server")


@dataclass
class MotoLab:
    """A running moto server: its endpoint, pid and the zone it was seeded with."""

    process: subprocess.Popen[bytes]
    port: int
    zone_id: str = ""
    seeded_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def endpoint_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def client(self, service: str, region: str = "us-east-1") -> Any:
        return boto3.session.Session(region_name=region, **CREDENTIALS).client(
            service, endpoint_url=self.endpoint_url)

    def seed_backups(self, components: tuple[str, ...] = COMPONENTS, per_component: int = 3,
                     prefix: str = "") -> None:
        """A few backups of every component in both regional buckets."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        for bucket, region in BUCKETS.items():
            s3 = self.client("s3", region)
            config = {} if region == "us-east-1" else {
                "CreateBucketConfiguration": {"LocationConstraint": region}}
            s3.create_bucket(Bucket=bucket, **config)
            for component in components:
                for n in range(per_component):
                    s3.put_object(Bucket=bucket, Key=f"{prefix}{component}/{stamp}-{n:03d}.bak",
                                  Body=b"x" * (100 + n))
        self.seeded_at = datetime.now(UTC)

    def seed_dns(self) -> str:
        """The hosted zone, with the API record pointing at the primary."""
        r53 = self.client("route53")
        zone = r53.create_hosted_zone(Name=ZONE_NAME, CallerReference=f"lab-{self.port}")
        self.zone_id = str(zone["HostedZone"]["Id"]).rsplit("/", 1)[-1]
        r53.change_resource_record_sets(HostedZoneId=self.zone_id, ChangeBatch={"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {
                "Name": RECORD_NAME, "Type": "CNAME", "TTL": 60,
                "ResourceRecords": [{"Value": PRIMARY_TARGET}]}}]})
        return self.zone_id

    def stop(self) -> None:
        stop_process(self.process)


def start_moto(*, seed: bool = True, timeout_s: float = 20.0) -> MotoLab:
    """Start moto on a free port, wait until it answers HTTP, and seed it."""
    port = free_port()
    process = subprocess.Popen([str(moto_server_path()), "-H", HOST, "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lab = MotoLab(process, port)
    try:
        wait_for_port(port, timeout_s=timeout_s, process=process)
        with urllib.request.urlopen(f"{lab.endpoint_url}/moto-api/", timeout=timeout_s):
            pass
        if seed:
            lab.seed_backups()
            lab.seed_dns()
    except BaseException:
        lab.stop()
        raise
    return lab
