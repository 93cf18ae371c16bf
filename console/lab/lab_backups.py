"""The lab's backups in every store: fresh copies on ``up`` and ``heal``, none on ``break``.

Backups are placed under each plan component (``<store>/<component>/<stamp>-NNN.bak``),
the layout the backup adapters read. S3 cannot back-date an object, so ``break backups``
empties the S3 buckets and the Azure container (the console must then say "no backup",
overdue) and ages the NAS copies by :data:`AGE_ON_BREAK` with ``os.utime`` (older than
every schedule, some past retention); ``heal`` uploads fresh copies and touches the NAS.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3

from console.lab.azurite_lab import ACCOUNT, ACCOUNT_KEY, CONTAINER
from console.lab.moto_lab import BUCKETS, CREDENTIALS
from console.lab.ports import HOST
from console.plan import Plan

PER_COMPONENT = 3
AGE_ON_BREAK = timedelta(days=40)


def components(plan: Plan) -> tuple[str, ...]:
    """The plan's backup schedule ids: what the console looks for in each store."""
    return tuple(schedule.id for schedule in plan.backups)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def s3(endpoint_url: str, region: str) -> Any:
    return boto3.session.Session(region_name=region, **CREDENTIALS).client(
        "s3", endpoint_url=endpoint_url)


def fill_s3(endpoint_url: str, names: Sequence[str]) -> None:
    """Create both regional buckets (if needed) and upload a few backups per component."""
    stamp = _stamp()
    for bucket, region in BUCKETS.items():
        client = s3(endpoint_url, region)
        config = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou,
                                 client.exceptions.BucketAlreadyExists):
            client.create_bucket(Bucket=bucket, **config)
        for name in names:
            for n in range(PER_COMPONENT):
                client.put_object(Bucket=bucket, Key=f"{name}/{stamp}-{n:03d}.bak",
                                  Body=b"x" * (100 + n))


def empty_s3(endpoint_url: str) -> int:
    """Delete every object of both buckets; returns how many went."""
    deleted = 0
    for bucket, region in BUCKETS.items():
        client = s3(endpoint_url, region)
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            keys = [{"Key": item["Key"]} for item in page.get("Contents", ())]
            if keys:
                client.delete_objects(Bucket=bucket, Delete={"Objects": keys})
                deleted += len(keys)
    return deleted


def azurite_connection_string(port: int) -> str:
    """Azurite's well-known development account on ``port`` (its key is public)."""
    return (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
            f"BlobEndpoint=http://{HOST}:{port}/{ACCOUNT};")


def _container(port: int) -> Any:
    from azure.storage.blob import ContainerClient

    return ContainerClient.from_connection_string(azurite_connection_string(port), CONTAINER)


def fill_azure(port: int, names: Sequence[str]) -> None:
    from azure.core.exceptions import ResourceExistsError

    client = _container(port)
    with contextlib.suppress(ResourceExistsError):
        client.create_container()
    stamp = _stamp()
    for name in names:
        for n in range(PER_COMPONENT):
            client.upload_blob(f"{name}/{stamp}-{n:03d}.bak", b"x" * (100 + n), overwrite=True)


def empty_azure(port: int) -> int:
    client = _container(port)
    names = [blob.name for blob in client.list_blobs()]
    for name in names:
        client.delete_blob(name)
    return len(names)


def fill_nas(root: Path, names: Sequence[str]) -> None:
    """Backup files dated now (new ones, and every existing one touched)."""
    stamp = _stamp()
    for name in names:
        folder = root / name
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(PER_COMPONENT):
            (folder / f"{stamp}-{n:03d}.bak").write_bytes(b"x" * (100 + n))
    now = time.time()
    for path in root.rglob("*.bak"):
        os.utime(path, (now, now))


def age_nas(root: Path, by: timedelta = AGE_ON_BREAK) -> int:
    """Back-date every NAS backup by ``by`` (mtime is the NAS adapter's backup time)."""
    when = time.time() - by.total_seconds()
    files = list(root.rglob("*.bak"))
    for path in files:
        os.utime(path, (when, when))
    return len(files)
