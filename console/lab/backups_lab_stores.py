"""The lab's five backup stores: two S3 buckets (moto), two Azure containers (Azurite), NAS.

Every backup goes to ``<component>/<file>`` with its manifest beside it, as the plan's
backup repository would copy it. Uploads carry the MD5 (S3 computes its ETag from it and
rejects a mismatch; Azure stores it as Content-MD5), so a store's own checksum can be
compared with the manifest. On the NAS, mtime is set to the backup's creation time:
the NAS adapter dates backups by mtime, and S3 cannot back-date an object.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from console.lab.azurite_lab import CONTAINER
from console.lab.lab_backups import azurite_connection_string, s3
from console.lab.moto_lab import BUCKETS
from services.backups.produce import Produced

S3_TARGETS: dict[str, tuple[str, str]] = dict(zip(("s3-region-1", "s3-region-2"),
                                                   BUCKETS.items(), strict=True))
"""Plan target id -> (bucket, region)."""
AZURE_TARGETS = {"azure-region-1": CONTAINER, "azure-region-2": "erlmcp-backups-region-2"}
"""Plan target id -> container, both on the lab's one Azurite (two regions, two accounts
would need two Azurites; two containers are as independent for the console)."""
NAS_TARGET = "nas"
WORKERS = 8


def _key(item: Produced, name: str) -> str:
    return f"{item.manifest.component}/{name}"


def _md5_b64(hex_md5: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_md5)).decode()


def upload_s3(endpoint_url: str, produced: Sequence[Produced]) -> None:
    """Create both buckets (if needed) and put every backup and its manifest."""
    for bucket, region in BUCKETS.items():
        client = s3(endpoint_url, region)
        config = {} if region == "us-east-1" else {
            "CreateBucketConfiguration": {"LocationConstraint": region}}
        with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou,
                                 client.exceptions.BucketAlreadyExists):
            client.create_bucket(Bucket=bucket, **config)

        def put(item: Produced, client: Any = client, bucket: str = bucket) -> None:
            client.put_object(Bucket=bucket, Key=_key(item, item.path.name),
                              Body=item.path.read_bytes(),
                              ContentMD5=_md5_b64(item.manifest.md5))
            client.put_object(Bucket=bucket, Key=_key(item, item.manifest_path.name),
                              Body=item.manifest_path.read_bytes())

        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(put, produced))


def container(port: int, name: str) -> Any:
    from azure.storage.blob import ContainerClient

    return ContainerClient.from_connection_string(azurite_connection_string(port), name)


def upload_azure(port: int, produced: Sequence[Produced]) -> None:
    """Create both containers (if needed) and upload every backup with its Content-MD5."""
    from azure.core.exceptions import ResourceExistsError
    from azure.storage.blob import ContentSettings

    for name in AZURE_TARGETS.values():
        client = container(port, name)
        with contextlib.suppress(ResourceExistsError):
            client.create_container()

        def put(item: Produced, client: Any = client) -> None:
            md5 = bytearray(bytes.fromhex(item.manifest.md5))
            client.upload_blob(_key(item, item.path.name), item.path.read_bytes(),
                               overwrite=True, content_settings=ContentSettings(
                                   content_md5=md5))
            client.upload_blob(_key(item, item.manifest_path.name),
                               item.manifest_path.read_bytes(), overwrite=True)

        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(put, produced))


def empty_azure(port: int) -> int:
    """Delete every blob of both containers; returns how many went."""
    deleted = 0
    for name in AZURE_TARGETS.values():
        client = container(port, name)
        names = [blob.name for blob in client.list_blobs()]
        for blob in names:
            client.delete_blob(blob)
        deleted += len(names)
    return deleted


def copy_nas(root: Path, produced: Sequence[Produced]) -> None:
    """Copy each backup and manifest under ``root/<component>/``, dated when it was made."""
    for item in produced:
        folder = root / item.manifest.component
        folder.mkdir(parents=True, exist_ok=True)
        when = item.manifest.created_at.timestamp()
        for source in (item.path, item.manifest_path):
            target = folder / source.name
            shutil.copyfile(source, target)
            os.utime(target, (when, when))
