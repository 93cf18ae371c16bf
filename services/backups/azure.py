"""Backups in an Azure Blob container (Azure, or Azurite in the lab).

azure-storage-blob is an optional extra (``recovery-console[azure]``), so it is imported
only when a store is first scanned: a console without Azure stores never needs it, and one
with them but without the extra gets an error on that store's entries, not a crash.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from azure.storage.blob import ContainerClient


def _translate(exc: Exception, timeout_s: float) -> SourceError:
    from azure.core.exceptions import (
        ClientAuthenticationError,
        HttpResponseError,
        ServiceRequestError,
        ServiceResponseError,
    )

    if isinstance(exc, ServiceResponseError):
        return SourceTimeout(timeout_message(timeout_s))
    if isinstance(exc, ServiceRequestError):
        return Unreachable(f"unreachable: {exc}")
    if isinstance(exc, ClientAuthenticationError):
        return AuthFailed(f"auth failed: {exc.reason or exc}")
    if isinstance(exc, HttpResponseError):
        code = getattr(exc, "error_code", None) or exc.status_code
        return BadAnswer(f"{code}: {exc.reason or ''}".rstrip(": "))
    return BadAnswer(f"{type(exc).__name__}: {exc}")


class AzureBackupStore:
    """A container holding ``<prefix><component>/...`` backup blobs for one plan target."""

    def __init__(self, target_id: str, container: str, prefix: str = "", *,
                 connection_string: str | SecretStr | None = None,
                 account_url: str | None = None, credential: str | SecretStr | None = None,
                 timeout_s: float = 10.0, page_size: int = 5000) -> None:
        if not (connection_string or account_url):
            raise ValueError("an Azure store needs a connection_string or an account_url")
        self._target_id = target_id
        self.container = container
        self.prefix = prefix
        self.timeout_s = timeout_s
        self.page_size = page_size
        self._connection_string = connection_string
        self._account_url = account_url
        self._credential = credential
        self._client: ContainerClient | None = None
        self._lock = threading.Lock()

    @property
    def target_id(self) -> str:
        return self._target_id

    def _container_client(self) -> ContainerClient:
        with self._lock:
            if self._client is None:
                try:
                    from azure.storage.blob import ContainerClient
                except ImportError:
                    raise BadAnswer("azure-storage-blob is not installed "
                                    "(pip install 'recovery-console[azure]')") from None
                options: dict[str, Any] = {"connection_timeout": self.timeout_s,
                           "read_timeout": self.timeout_s, "retry_total": 0,
                           "user_agent": user_agent()}
                conn = reveal(self._connection_string)
                if conn:
                    self._client = ContainerClient.from_connection_string(
                        conn, self.container, **options)
                else:
                    self._client = ContainerClient(
                        str(self._account_url), self.container,
                        credential=reveal(self._credential), **options)
            return self._client

    def _objects(self, client: ContainerClient, prefix: str) -> Iterator[StoredObject]:
        for blob in client.list_blobs(name_starts_with=prefix,
                                      results_per_page=self.page_size):
            yield StoredObject(key=blob.name, modified_at=blob.last_modified,
                               size_bytes=int(blob.size),
                               checksum=str(blob.etag or "").strip('"') or None)

    def scan(self, components: Sequence[ComponentSchedule], now: datetime) -> list[Listing]:
        """One paged listing per component. Blocking: run it via ``run_blocking``."""
        client = self._container_client()
        try:
            return [fold(c.component_id, self.target_id,
                         self._objects(client, component_prefix(self.prefix, c.component_id)),
                         c.retention, now)
                    for c in components]
        except SourceError:
            raise
        except Exception as exc:  # the azure SDK's errors, imported lazily by _translate
            raise _translate(exc, self.timeout_s) from exc
