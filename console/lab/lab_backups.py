"""The lab's backup store clients: S3 on moto, Azurite's connection string, emptying S3.

Making and placing the backups is :mod:`console.lab.backups_lab` (real dumps, older
generations) and :mod:`console.lab.backups_lab_stores` (one upload per store); this module
keeps what they, ``break backups`` and the tests need to reach the stores. S3 cannot
back-date an object, so ``break backups`` empties the buckets and the Azure containers
(the console must then say "no backup", overdue) and ages the NAS copies by
:data:`AGE_ON_BREAK` (older than every schedule, some past retention).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3

from console.lab.azurite_lab import ACCOUNT, ACCOUNT_KEY
from console.lab.moto_lab import BUCKETS, CREDENTIALS
from console.lab.ports import HOST

AGE_ON_BREAK = timedelta(days=40)


def s3(endpoint_url: str, region: str) -> Any:
    return boto3.session.Session(region_name=region, **CREDENTIALS).client(
        "s3", endpoint_url=endpoint_url)


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
