"""The console names itself to every server it talks to, and a hostile kubeconfig path
(a FIFO) cannot hang the Kubernetes client."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from console.lab.kube_double import KubeDouble, write_kubeconfig
from services.backups.s3 import boto_client
from services.identity import user_agent
from services.kube.api import make_client
from services.sources import BadAnswer


def test_kubernetes_client_sends_our_user_agent(tmp_path: Path,
                                                hostile_kube: KubeDouble) -> None:
    kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", {"primary": hostile_kube.url})
    client = make_client(str(kubeconfig), "primary")
    assert client.user_agent == user_agent()
    assert user_agent().startswith("recovery-console/")


def test_boto_clients_carry_our_user_agent() -> None:
    client = boto_client("s3", region="us-east-1", endpoint_url="http://127.0.0.1:1",
                         access_key_id="k", secret_access_key="s", session_token=None,
                         timeout_s=1)
    assert user_agent() in client.meta.config.user_agent_extra


def test_fifo_kubeconfig_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "kubeconfig"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(BadAnswer, match="a FIFO"):
        make_client(str(fifo), "primary")
    assert time.monotonic() - started < 2
