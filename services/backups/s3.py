"""Backups in an S3 bucket (AWS, or moto in the lab): one paginated listing per component.

boto3 is blocking, so :meth:`S3BackupStore.scan` runs in the shared executor; the client's
own connect/read timeouts are set to the poll's timeout and retries are off, so a hung
endpoint frees its thread soon after the poll has already given up on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)
from pydantic import SecretStr

from services.backups.common import (
    ComponentSchedule,
    Listing,
    StoredObject,
    component_prefix,
    fold,
    reveal,
)
from services.executor import timeout_message
from services.identity import user_agent
from services.sources import AuthFailed, BadAnswer, SourceError, SourceTimeout, Unreachable

_AUTH_CODES = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
               "ExpiredToken", "InvalidClientTokenId", "UnrecognizedClientException"}


def boto_client(service: str, *, region: str | None, endpoint_url: str | None,
                access_key_id: str | SecretStr | None, secret_access_key: str | SecretStr | None,
                session_token: str | SecretStr | None, timeout_s: float) -> Any:
    """A client with its own session (the default one is not thread-safe) and hard timeouts."""
    session = boto3.session.Session(
        aws_access_key_id=reveal(access_key_id),
        aws_secret_access_key=reveal(secret_access_key),
        aws_session_token=reveal(session_token), region_name=region)
    config = Config(connect_timeout=timeout_s, read_timeout=timeout_s,
                    user_agent_extra=user_agent(),
                    retries={"total_max_attempts": 1}, s3={"addressing_style": "path"})
    return session.client(service, endpoint_url=endpoint_url, config=config)


def translate_boto_error(exc: Exception, timeout_s: float) -> SourceError:
    """Map botocore's exceptions onto the typed source errors the console understands."""
    if isinstance(exc, ReadTimeoutError):
        return SourceTimeout(timeout_message(timeout_s))
    if isinstance(exc, BotoConnectionError):
        return Unreachable(f"unreachable: {exc}")
    if isinstance(exc, NoCredentialsError):
        return AuthFailed("no credentials")
    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", "?"))
        kind = AuthFailed if code in _AUTH_CODES else BadAnswer
        return kind(f"{code}: {exc.response.get('Error', {}).get('Message', '')}".rstrip(": "))
    return BadAnswer(f"{type(exc).__name__}: {exc}")


class S3BackupStore:
    """A bucket holding ``<prefix><component>/...`` backup objects for one plan target."""

    def __init__(self, target_id: str, bucket: str, prefix: str = "", region: str | None = None,
                 endpoint_url: str | None = None,
                 access_key_id: str | SecretStr | None = None,
                 secret_access_key: str | SecretStr | None = None,
                 session_token: str | SecretStr | None = None, *,
                 timeout_s: float = 10.0, page_size: int = 1000) -> None:
        self._target_id = target_id
        self.bucket = bucket
        self.prefix = prefix
        self.page_size = page_size
        self.timeout_s = timeout_s
        self.client: Any = boto_client(
            "s3", region=region, endpoint_url=endpoint_url, access_key_id=access_key_id,
            secret_access_key=secret_access_key, session_token=session_token,
            timeout_s=timeout_s)

    @property
    def target_id(self) -> str:
        return self._target_id

    def _objects(self, prefix: str) -> Iterator[StoredObject]:
        paginator = self.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(Bucket=self.bucket, Prefix=prefix,
                                   PaginationConfig={"PageSize": self.page_size})
        for page in pages:
            for item in page.get("Contents", ()):
                yield StoredObject(key=item["Key"], modified_at=item["LastModified"],
                                   size_bytes=int(item["Size"]),
                                   checksum=str(item.get("ETag", "")).strip('"') or None)

    def scan(self, components: Sequence[ComponentSchedule], now: datetime) -> list[Listing]:
        """One paginated listing per component. Blocking: run it via ``run_blocking``."""
        try:
            return [fold(c.component_id, self.target_id,
                         self._objects(component_prefix(self.prefix, c.component_id)),
                         c.retention, now)
                    for c in components]
        except (BotoCoreError, ClientError) as exc:
            raise translate_boto_error(exc, self.timeout_s) from exc
