"""Real loopback servers that answer as an attacker (or a broken peer) would.

``HostileHttp`` is a health endpoint whose answers carry terminal escapes (clear screen,
red text, a new terminal title, an OSC 52 clipboard write), bidi overrides, Rich markup,
huge strings and an endless body; ``GarbageTcp`` accepts any protocol (HTTP, PostgreSQL,
Redis) and answers raw bytes with escapes in them, then hangs up.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from console.lab.ports import HOST

ESCAPES = "\x1b[2J\x1b[31mPWNED\x1b]0;TITLE\x1b\\\x1b]52;c;Q0FOQVJZ\x1b\\ok"
BIDI = "ok\u202e\u2066lave\u2069"
MARKUP = "[bold red]x[/] [@click=app.quit]quit[/]"
C1 = "\x9b2J\x9d0;TITLE\x9c\x07bell\x00nul"
GARBAGE = b"=\xf1D\xeb\xb7*\xac[sN2\x12\x1b]0;TITLE\x07\x1b[2J\x1b[31mPWNED\r\n\r\n"

BODIES: dict[str, str] = {
    "/escapes": ESCAPES,
    "/bidi": BIDI,
    "/markup": MARKUP,
    "/c1": C1,
    "/huge": "A" * 30_000,  # twice in the body, under 64 KiB: a huge *string*, not body
}
"""Path -> the ``status`` field it answers (with HTTP 200)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Silent."""

    def do_GET(self) -> None:
        if self.path == "/endless":
            self._endless()
            return
        status = BODIES.get(self.path, "ok")
        body = json.dumps({"status": status, "detail": status}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        """A webhook: the request body is read and ignored, the answer is as for GET."""
        self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
        self.do_GET()

    def _endless(self) -> None:
        """3 GB of a JSON string, chunked, as fast as the client reads (60 s at most)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"x" * 65536
        frame = f"{len(chunk):X}\r\n".encode() + chunk + b"\r\n"
        deadline = time.monotonic() + 60
        sent = 0
        try:
            self.wfile.write(b'9\r\n{"status"\r\n')
            while sent < 3 * 1024**3 and time.monotonic() < deadline:
                self.wfile.write(frame)
                sent += len(chunk)
        except OSError:  # the client hung up, as it should
            return


class HostileHttp:
    """The hostile health endpoint, on a free loopback port."""

    def __init__(self) -> None:
        self._server = _Server((HOST, 0), _Handler)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class GarbageTcp:
    """Accepts connections and answers :data:`GARBAGE`, whatever protocol the peer speaks."""

    def __init__(self) -> None:
        self._sock = socket.create_server((HOST, 0))
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            with conn, contextlib.suppress(OSError):
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    conn.recv(4096)  # let the client speak first, as servers do
                conn.sendall(GARBAGE * 4)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()
