"""Free loopback ports for the lab's servers, and waiting for a server to listen on one.

The kernel picks them (bind to port 0), so two labs, or a lab and a developer's own
PostgreSQL on 5432, never collide. A port is free when picked and may be taken before the
server binds it; the window is tiny and a lab start failing loudly is the right outcome.
"""

from __future__ import annotations

import socket
import subprocess
import time

HOST = "127.0.0.1"


def free_ports(count: int) -> list[int]:
    """``count`` distinct free TCP ports on 127.0.0.1.

    All sockets are held open until every port is picked, so the ports are distinct.
    """
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((HOST, 0))
            sockets.append(sock)
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def free_port() -> int:
    """One free TCP port on 127.0.0.1."""
    return free_ports(1)[0]


def port_open(port: int, host: str = HOST, timeout_s: float = 0.2) -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def wait_for_port(port: int, *, timeout_s: float, host: str = HOST,
                  process: subprocess.Popen[bytes] | None = None) -> None:
    """Block until ``host:port`` accepts; fail fast if ``process`` died while starting."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} while starting")
        if port_open(port, host):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {host}:{port} after {timeout_s:g}s")
