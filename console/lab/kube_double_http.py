"""The REST face of the Kubernetes API double: real paths, real JSON, real status codes.

Served paths are the ones ``kubectl`` and the official Python client use for nodes, pods,
deployments (with the ``scale`` subresource) and events: discovery, lists with
``limit``/``continue``, field selectors, server-side tables, watches streamed as chunked
newline-delimited JSON, 410 Gone for expired resourceVersions, merge/strategic/JSON patches.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from console.lab import kube_double_discovery as disco
from console.lab.kube_double_lists import Query, list_body, matches, route
from console.lab.kube_double_state import ClusterState
from console.lab.kube_double_writes import write

Obj = dict[str, Any]


def send_json(handler: BaseHTTPRequestHandler, code: int, body: Obj | bytes) -> None:
    """One complete JSON response (with its length: kubectl and the client keep alive)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(code)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class DoubleServer(ThreadingHTTPServer):
    """The HTTP server plus what its handlers share: state, auth token, request counters."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: ClusterState, token: str | None) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state
        self.token = token
        self.counts: Counter[tuple[str, str]] = Counter()
        self.log: list[tuple[str, str]] = []
        self.stopping = False
        self.watch_gone_as_http = False
        """Answer an expired watch with HTTP 410 instead of a 200 stream with an ERROR event."""


    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (a watch shut down, a killed kubectl) is normal here."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def status(code: int, reason: str, message: str) -> Obj:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: DoubleServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests and benchmarks read the counters, not a log on stderr."""

    def send_json(self, code: int, body: Obj | bytes) -> None:
        send_json(self, code, body)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def _serve(self, method: str) -> None:
        srv = self.server
        srv.log.append((method, self.path))
        token = srv.token
        if token and self.headers.get("Authorization") != f"Bearer {token}":
            self.send_json(401, status(401, "Unauthorized", "Unauthorized"))
            return
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path.rstrip("/")
        if path in ("/api", "/apis", "/version") or path.removeprefix("/api/").removeprefix(
                "/apis/") in disco.RESOURCES:
            self._discovery(path)
            return
        target = route(path)
        if target is None:
            self.send_json(404, status(404, "NotFound", f"the server could not find {path}"))
            return
        watching = params.get("watch", "").lower() in ("1", "true")
        verb = {"GET": "watch" if watching else ("get" if target.name else "list")}.get(
            method, method.lower())
        kind = target.kind + ("/" + target.sub if target.sub else "")
        srv.counts[(verb, kind)] += 1
        if method != "GET":
            length = int(self.headers.get("Content-Length") or 0)
            code, body = write(srv.state, method, target, self.rfile.read(length),
                               self.headers.get("Content-Type", ""))
            self.send_json(code, body)
        elif watching:
            self._watch(target.kind, Query(target, params))
        elif target.name:
            self._get_one(target.kind, target.namespace, target.name, target.sub)
        else:
            table = "as=Table" in self.headers.get("Accept", "")
            code, data = list_body(srv.state, Query(target, params), table,
                                   datetime.now(UTC))
            self.send_json(code, data)

    def _discovery(self, path: str) -> None:
        if path == "/api":
            self.send_json(200, disco.API_VERSIONS)
        elif path == "/apis":
            self.send_json(200, disco.API_GROUPS)
        elif path == "/version":
            self.send_json(200, {"major": "1", "minor": "32", "gitVersion": "v1.32.4-double",
                                 "platform": "linux/amd64"})
        else:
            self.send_json(200, disco.RESOURCES[path.removeprefix("/api/").removeprefix(
                "/apis/")])

    def _get_one(self, kind: str, namespace: str, name: str, sub: str) -> None:
        obj = self.server.state.get(kind, f"{namespace}/{name}")
        if obj is None:
            self.send_json(404, status(404, "NotFound", f'{kind} "{name}" not found'))
        elif sub == "scale":
            from console.lab.kube_double_writes import scale_of

            self.send_json(200, scale_of(obj))
        else:
            self.send_json(200, json.dumps(obj).encode())

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _watch(self, kind: str, query: Query) -> None:
        """Stream changes after ``resourceVersion`` until timeoutSeconds, stop or kill."""
        srv, state = self.server, self.server.state
        since_raw = query.params.get("resourceVersion", "")
        since = int(since_raw) if since_raw.isdigit() else 0
        if since and state.expired(kind, since):
            gone = status(410, "Expired", f"too old resource version: {since} ({state.rv})")
            if srv.watch_gone_as_http:
                self.send_json(410, gone)
                return
            self._start_stream()
            self._chunk(json.dumps({"type": "ERROR", "object": gone}).encode() + b"\n")
            self._chunk(b"")
            return
        self._start_stream()
        epoch = state.epoch
        if not since:
            since, items = state.items(kind)
            for _, obj, raw in items:
                if matches(obj, query):
                    self._chunk(b'{"type":"ADDED","object":' + raw + b"}\n")
        deadline = time.monotonic() + min(float(query.params.get("timeoutSeconds", 1800)), 1800)
        try:
            while True:
                with state.cond:
                    state.cond.wait_for(  # the predicate runs right here, inside this iteration
                        lambda: state.rv > since or state.epoch != epoch or srv.stopping,  # noqa: B023
                        timeout=max(0.0, deadline - time.monotonic()))
                    if state.epoch != epoch or srv.stopping or time.monotonic() >= deadline:
                        break
                    changes = state.changes_after(kind, since)
                    since = state.rv
                lines = b"".join(c.line for c in changes if matches(c.obj, query))
                if lines:
                    self._chunk(lines)
            self._chunk(b"")
        except (BrokenPipeError, ConnectionResetError):
            return

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
