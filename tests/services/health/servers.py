"""A keep-alive HTTP/1.1 health endpoint for the tests, recording who called and how.

The lab's endpoint speaks HTTP/1.0 (one connection per request), which cannot show
whether a client keeps its connections; this one can, and it can also answer the
oversized and endless bodies a hostile or broken endpoint sends.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from console.lab.ports import HOST

OK_BODY = b'{"status": "ok"}'


@dataclass
class Seen:
    """One request as the server saw it."""

    peer: tuple[str, int]
    path: str
    user_agent: str


@dataclass
class Recorder:
    requests: list[Seen] = field(default_factory=list)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    recorder: Recorder


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a reused client reuses its connection
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms ACK wait
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        """Silent."""

    def do_GET(self) -> None:
        self.server.recorder.requests.append(
            Seen(self.client_address, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/big":  # declared: refused before reading
            self._answer(OK_BODY[:-1] + b", " + b'"pad": "' + b"x" * 100_000 + b'"}')
        elif self.path == "/exact":  # 64 KiB exactly: still a health document
            pad = 64 * 1024 - len(b'{"status": "ok", "pad": ""}')
            self._answer(b'{"status": "ok", "pad": "' + b"x" * pad + b'"}')
        elif self.path == "/endless":  # chunked, never ends: cut at the limit
            self._endless()
        else:
            self._answer(OK_BODY)

    def _answer(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b'{"status": "ok", "pad": "' + b"x" * 8000
        deadline = time.monotonic() + 30
        try:
            while time.monotonic() < deadline:
                self.wfile.write(f"{len(chunk):X}\r\n".encode() + chunk + b"\r\n")
                self.wfile.flush()
        except OSError:  # the client hung up, as it should
            return


class KeepAliveEndpoint:
    """Serves on a free loopback port until :meth:`stop`."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        self._server = _Server((HOST, 0), _Handler)
        self._server.recorder = self.recorder
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def url(self, path: str = "/v3/health") -> str:
        return f"http://{HOST}:{self.port}{path}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
