"""Read-only refusal, hung and dead servers, bad credentials and garbage: typed errors."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest

from console.lab.kube_double import HungServer, KubeDouble, write_kubeconfig
from console.lab.ports import free_port
from services.kube.source import KubeClusterSource
from services.models import Site
from services.sources import (
    AuthFailed,
    BadAnswer,
    ReadOnlyRefused,
    SourceTimeout,
    Unreachable,
)


def _source(tmp_path: Path, url: str, *, token: str | None = None,
            timeout_s: float = 2.0) -> KubeClusterSource:
    config = write_kubeconfig(tmp_path / "kc", {"c": url}, token=token)
    return KubeClusterSource(Site.DR, "c", kubeconfig=str(config), timeout_s=timeout_s)


async def test_read_only_refuses_and_the_server_sees_no_write(kubeconfig: Path,
                                                              double: KubeDouble) -> None:
    src = KubeClusterSource(Site.PRIMARY, "primary", kubeconfig=str(kubeconfig), read_only=True)
    try:
        await src.poll()
        with pytest.raises(ReadOnlyRefused):
            await src.scale("erlmcp", "erlmcp", 0)
        with pytest.raises(ReadOnlyRefused):
            await src.rollout_restart("erlmcp", "erlmcp")
    finally:
        src.close()
    assert double.writes == 0
    assert not any(method != "GET" for method, _ in double.requests)


async def test_hung_server_gives_source_timeout_within_timeout_plus_one(tmp_path: Path) -> None:
    hung = HungServer()
    src = _source(tmp_path, hung.url, timeout_s=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(SourceTimeout):
            await src.poll()
        assert time.monotonic() - started < 2.0
    finally:
        src.close()
        hung.stop()


async def test_connection_refused_is_unreachable(tmp_path: Path) -> None:
    src = _source(tmp_path, f"http://127.0.0.1:{free_port()}")
    try:
        with pytest.raises(Unreachable):
            await src.poll()
    finally:
        src.close()


async def test_wrong_token_is_auth_failed(tmp_path: Path) -> None:
    guarded = KubeDouble(token="s3cret")
    guarded.populate(pods=3, nodes=1, deployments=3)
    bad, good = _source(tmp_path, guarded.url, token="wrong"), None
    try:
        with pytest.raises(AuthFailed):
            await bad.poll()
        good = _source(tmp_path, guarded.url, token="s3cret")
        assert (await good.poll()).nodes_total == 1
    finally:
        bad.close()
        if good:
            good.close()
        guarded.stop()


class _Garbage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html>proxy error</html>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def garbage_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_garbage_is_bad_answer(tmp_path: Path, garbage_url: str) -> None:
    src = _source(tmp_path, garbage_url)
    try:
        with pytest.raises(BadAnswer):
            await src.poll()
    finally:
        src.close()


async def test_unknown_context_is_bad_answer(kubeconfig: Path) -> None:
    src = KubeClusterSource(Site.DR, "nowhere", kubeconfig=str(kubeconfig))
    try:
        with pytest.raises(BadAnswer, match="nowhere"):
            await src.poll()
    finally:
        src.close()


async def test_server_gone_after_first_poll_is_not_shown_as_fresh(
        tmp_path: Path) -> None:
    cluster = KubeDouble()
    cluster.populate(pods=3, nodes=1, deployments=3)
    src = _source(tmp_path, cluster.url, timeout_s=1.0)
    try:
        await src.poll()
        cluster.stop()
        await asyncio.sleep(0.1)
        with pytest.raises((Unreachable, SourceTimeout)):
            await src.poll()
    finally:
        src.close()
