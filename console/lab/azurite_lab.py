"""Azurite's blob service as the lab's Azure: a container of backups on a free port.

Azurite is an npm package (``npm install -g azurite``, done by the project's setup); it
is started with the well-known ``devstoreaccount1`` account and stopped by its pid.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from console.lab.lab_procs import stop_process
from console.lab.moto_lab import COMPONENTS
from console.lab.ports import HOST, free_port, wait_for_port

if TYPE_CHECKING:
    from azure.storage.blob import ContainerClient

ACCOUNT = "devstoreaccount1"
ACCOUNT_KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/"
               "K1SZFPTOtr/KBHBeksoGMGw==")
"""Azurite's documented, public development key — not a secret."""
CONTAINER = "erlmcp-backups"


def azurite_command(port: int, location: Path) -> list[str]:
    """``azurite-blob`` if installed, else the all-in-one ``azurite`` limited to blobs."""
    common = ["--blobHost", HOST, "--blobPort", str(port), "--location", str(location),
              "--silent", "--skipApiVersionCheck", "--loose"]
    if blob := shutil.which("azurite-blob"):
        return [blob, *common]
    if full := shutil.which("azurite"):
        return [full, *common, "--queuePort", str(free_port()), "--tablePort", str(free_port())]
    raise FileNotFoundError("azurite is not installed: run `npm install -g azurite`")


@dataclass
class AzuriteLab:
    process: subprocess.Popen[bytes]
    port: int
    location: Path
    seeded_at: datetime | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def connection_string(self) -> str:
        return (f"DefaultEndpointsProtocol=http;AccountName={ACCOUNT};AccountKey={ACCOUNT_KEY};"
                f"BlobEndpoint=http://{HOST}:{self.port}/{ACCOUNT};")

    def container(self, name: str = CONTAINER) -> ContainerClient:
        from azure.storage.blob import ContainerClient

        return ContainerClient.from_connection_string(self.connection_string, name)

    def seed_backups(self, components: tuple[str, ...] = COMPONENTS,
                     per_component: int = 3) -> None:
        """Create the container with a few backups of every component."""
        client = self.container()
        client.create_container()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        for component in components:
            for n in range(per_component):
                client.upload_blob(f"{component}/{stamp}-{n:03d}.bak", b"x" * (100 + n))
        self.seeded_at = datetime.now(UTC)

    def stop(self) -> None:
        stop_process(self.process)
        shutil.rmtree(self.location, ignore_errors=True)


def start_azurite(*, seed: bool = True, timeout_s: float = 20.0) -> AzuriteLab:
    """Start Azurite's blob service on a free port with a throwaway data directory."""
    port = free_port()
    location = Path(tempfile.mkdtemp(prefix="rc-azurite-"))
    process = subprocess.Popen(azurite_command(port, location),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lab = AzuriteLab(process, port, location)
    try:
        wait_for_port(port, timeout_s=timeout_s, process=process)
        if seed:
            lab.seed_backups()
    except BaseException:
        lab.stop()
        raise
    return lab
