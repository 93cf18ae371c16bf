"""A health endpoint per site whose answer the lab (or a test) can set at will.

A stdlib ``ThreadingHTTPServer`` in a background thread, serving ``/v3/health``:
``ok`` answers 200 ``{"status":"ok"}`` — or, given a ``check`` (the lab gives each site
:class:`~console.lab.health_database.DatabaseHealth`), whatever the site's state says,
as a real site's health check does — ``degraded`` a 500, ``garbage`` a 200 that is not
JSON, ``hang`` accepts and never answers, ``down`` closes the listening socket so
connections are refused. Each failure mode is one an operator has met in a real outage.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from console.lab.ports import HOST, free_port

PATH = "/v3/health"


class HealthState(StrEnum):
    OK = "ok"
    DOWN = "down"
    DEGRADED = "degraded"
    HANG = "hang"
    GARBAGE = "garbage"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    endpoint: HealthEndpoint


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the lab must not scribble over the console's screen."""

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        endpoint = self.server.endpoint
        if self.path != PATH:
            self._send(404, b'{"status":"not found"}', "application/json")
            return
        state = endpoint.state
        if state is HealthState.HANG:
            endpoint.released.wait()  # until stop(): a server that accepted, then went silent
            return
        if state is HealthState.GARBAGE:
            self._send(200, b"<html>upstream reset</html>", "text/html")
            return
        if state is HealthState.DEGRADED:
            code, status = 500, "degraded"
        elif endpoint.check is not None:
            code, status = endpoint.check()
        else:
            code, status = 200, "ok"
        self._send(code, json.dumps({"status": status}).encode(), "application/json")


class HealthEndpoint:
    """One site's endpoint on a fixed free port, so ``down`` then ``ok`` keeps its URL."""

    def __init__(self, port: int | None = None,
                 check: Callable[[], tuple[int, str]] | None = None) -> None:
        self.port = port or free_port()
        self.check = check  # while ok: (code, status) asked per request; None: 200 ok
        self.state = HealthState.OK
        self.released = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}{PATH}"

    @property
    def listening(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        if self._server is not None:
            return
        self.released.clear()
        server = _Server((HOST, self.port), _Handler)
        server.endpoint = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,),
                                        name=f"health-{self.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        self.released.set()  # let hung handlers go
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def set_state(self, state: HealthState | str) -> None:
        self.state = HealthState(state)
        if self.state is HealthState.DOWN:
            self.stop()
        else:
            if self.state is not HealthState.HANG:
                self.released.set()
            self.start()
            if self.state is HealthState.HANG:
                self.released.clear()


class HealthLab:
    """The two sites' endpoints, keyed by site value (``primary``, ``dr``)."""

    def __init__(self) -> None:
        self.sites = {"primary": HealthEndpoint(), "dr": HealthEndpoint()}

    def start(self) -> HealthLab:
        for endpoint in self.sites.values():
            endpoint.start()
        return self

    def set_state(self, site: str, state: HealthState | str) -> None:
        self.sites[site].set_state(state)

    def url(self, site: str) -> str:
        return self.sites[site].url

    def stop(self) -> None:
        for endpoint in self.sites.values():
            endpoint.stop()
