"""Real loopback servers for the channel tests: an HTTP endpoint that records what it
receives and answers as told (200, 500, or never), and an SMTP server (aiosmtpd)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


@dataclass
class Endpoint:
    url: str
    behaviour: str = "ok"
    """``ok`` (202 + JSON), ``500``, ``400``, ``echo`` (500 quoting the path and the body
    it got), ``hang`` (read the request, never answer) or ``hold`` (answer as ``ok``
    once the test sets ``release``: a send the test keeps in flight)."""
    received: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@contextmanager
def http_endpoint(behaviour: str = "ok") -> Iterator[Endpoint]:
    endpoint = Endpoint("", behaviour)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length", "0"))
            endpoint.received.append(json.loads(self.rfile.read(size) or b"{}"))
            endpoint.paths.append(self.path)
            if endpoint.behaviour == "hang":
                endpoint.release.wait(30)
                return
            if endpoint.behaviour == "hold":
                endpoint.release.wait(30)
            code = {"ok": 202, "hold": 202, "500": 500, "400": 400, "echo": 500}[
                endpoint.behaviour]
            body = b'{"status":"success","message":"Event processed"}' if code == 202 \
                else b"internal error \x1b]52;c;ZXZpbA==\x07 echo"
            if endpoint.behaviour == "echo":  # a far end that quotes what it was sent
                body = f"bad request to {self.path}: {json.dumps(endpoint.received[-1])}"\
                    .encode()
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    endpoint.url = f"http://127.0.0.1:{server.server_address[1]}/hook/SECRET-TOKEN-123"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.release.set()
        server.shutdown()
        server.server_close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        text = content.decode() if isinstance(content, bytes) else str(content)
        self.messages.append((str(envelope.mail_from), list(envelope.rcpt_tos), text))
        return "250 OK"


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with socket.socket() as probe:  # aiosmtpd needs a port it can connect to: a free one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()
