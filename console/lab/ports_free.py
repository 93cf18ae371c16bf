"""Free loopback ports, and waiting for a server to start listening on one.

Lab servers are started on port 0's choice rather than fixed ports, so two labs (or a lab
and CI) on one machine never collide.
"""

from __future__ import annotations

import socket
import subprocess
import time

HOST = "127.0.0.1"


def free_port(host: str = HOST) -> int:
    """A port the kernel just found free (it could be taken again; servers bind it at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


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


def stop_process(process: subprocess.Popen[bytes], timeout_s: float = 5.0) -> None:
    """Terminate one server we started (by its pid), killing it if it will not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout_s)
