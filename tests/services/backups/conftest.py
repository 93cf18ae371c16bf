"""Real servers for the backup stores: moto (S3) and Azurite (Blob), one of each per session.

Both are stopped after the session and their pids must be gone: a lab that leaks servers
would leave CI machines full of them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import pytest

from console.lab.azurite_lab import AzuriteLab, start_azurite
from console.lab.moto_lab import MotoLab, start_moto

BIG_BUCKET = "erlmcp-backups-big"
BIG_COMPONENT = "postgres-wal"
BIG_COUNT = 2000
NEWEST_KEY = f"{BIG_COMPONENT}/0000-newest.bak"
"""Sorts *first*, so only its LastModified (not the tie-break on key) can make it newest."""
NEWEST_SIZE = 4321


def assert_pid_gone(pid: int) -> None:
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.fixture(scope="session")
def moto() -> Iterator[MotoLab]:
    lab = start_moto()
    yield lab
    lab.stop()
    assert_pid_gone(lab.pid)


@pytest.fixture(scope="session")
def azurite() -> Iterator[AzuriteLab]:
    lab = start_azurite()
    yield lab
    lab.stop()
    assert_pid_gone(lab.pid)


@dataclass(frozen=True)
class BigBucket:
    """2,000 old objects, then — a whole second later — one newest object."""

    newest_uploaded_at: datetime
    newest_etag: str


def _sleep_past_second(moment: datetime) -> None:
    # Stores report LastModified to the second: the newest must land in a later one.
    time.sleep(1.05 - moment.microsecond / 1e6)


@pytest.fixture(scope="session")
def big_bucket(moto: MotoLab) -> BigBucket:
    s3 = moto.client("s3")
    s3.create_bucket(Bucket=BIG_BUCKET)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: s3.put_object(
            Bucket=BIG_BUCKET, Key=f"{BIG_COMPONENT}/{i + 1:05d}.bak", Body=b"w" * 10),
            range(BIG_COUNT)))
    last = s3.head_object(Bucket=BIG_BUCKET, Key=f"{BIG_COMPONENT}/{BIG_COUNT:05d}.bak")
    _sleep_past_second(last["LastModified"])
    s3.put_object(Bucket=BIG_BUCKET, Key=NEWEST_KEY, Body=b"n" * NEWEST_SIZE)
    head = s3.head_object(Bucket=BIG_BUCKET, Key=NEWEST_KEY)
    return BigBucket(head["LastModified"], str(head["ETag"]).strip('"'))


@pytest.fixture(scope="session")
def azure_container(azurite: AzuriteLab) -> BigBucket:
    """A container with 60 old blobs (three pages at 25 a page) and one newest."""
    client = azurite.container("erlmcp-backups-paged")
    client.create_container()
    for i in range(60):
        client.upload_blob(f"{BIG_COMPONENT}/{i + 1:05d}.bak", b"w" * 10)
    last = client.get_blob_client(f"{BIG_COMPONENT}/00060.bak").get_blob_properties()
    _sleep_past_second(last.last_modified)
    client.upload_blob(NEWEST_KEY, b"n" * NEWEST_SIZE)
    props = client.get_blob_client(NEWEST_KEY).get_blob_properties()
    return BigBucket(props.last_modified, str(props.etag).strip('"'))


class SilentServer:
    """Accepts TCP connections and never answers: the hung backend every adapter must survive."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self.sock.settimeout(0.1)
        self.held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()
