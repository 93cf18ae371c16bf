"""Free loopback ports for the lab's servers.

The kernel picks them (bind to port 0), so two labs, or a lab and a developer's own
PostgreSQL on 5432, never collide. A port is free when picked and may be taken before the
server binds it; the window is tiny and a lab start failing loudly is the right outcome.
"""

from __future__ import annotations

import socket


def free_ports(count: int) -> list[int]:
    """``count`` distinct free TCP ports on 127.0.0.1.

    All sockets are held open until every port is picked, so the ports are distinct.
    """
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port() -> int:
    """One free TCP port on 127.0.0.1."""
    return free_ports(1)[0]
