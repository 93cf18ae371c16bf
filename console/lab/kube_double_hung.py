"""A server that accepts connections and never answers: the hung API server of an incident.

The kernel completes the TCP handshake for a listening socket even if nobody calls
``accept``, so a client connects fine and then waits forever for a response: exactly the
failure a per-call timeout must turn into ``SourceTimeout`` rather than a frozen console.
"""

from __future__ import annotations

import socket


class HungServer:
    """A listening loopback socket that is never served; ``url`` for a kubeconfig."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)

    @property
    def url(self) -> str:
        host, port = self._sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._sock.close()
