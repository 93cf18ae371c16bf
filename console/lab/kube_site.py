"""One lab site's Kubernetes API double as a detached process, with a tiny admin side door.

``python -m console.lab.kube_double`` serves until its stdin closes, which suits a
benchmark that owns the pipe, not a lab that must outlive the CLI that started it. This
wrapper runs the same :class:`KubeDouble` until SIGTERM and adds a second, lab-only HTTP
port (never in the kubeconfig) through which ``lab break primary-site`` turns every node
NotReady, and tests read how many writes the API saw::

    GET  /writes              -> {"writes": 0}
    POST /nodes?ready=false   -> {"nodes": 3, "ready": false}

It writes ``{"url", "admin_url"}`` to ``--ready-file`` once both ports listen, so the
lab learns the kernel-chosen ports without a pipe.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from console.lab.kube_double import KubeDouble
from console.lab.kube_double_http import send_json


class _Admin(ThreadingHTTPServer):
    daemon_threads = True
    double: KubeDouble


class _AdminHandler(BaseHTTPRequestHandler):
    server: _Admin

    def log_message(self, format: str, *args: Any) -> None:
        """Silent, like the double itself."""

    def _send(self, code: int, body: dict[str, Any]) -> None:
        send_json(self, code, body)

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/writes":
            self._send(200, {"writes": self.server.double.writes})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/nodes":
            self._send(404, {"error": "not found"})
            return
        ready = parse_qs(url.query).get("ready", ["true"])[-1].lower() in ("1", "true")
        double = self.server.double
        names = sorted(key.lstrip("/") for key, _, _ in double.state.items("nodes")[1])
        for name in names:
            double.set_node_ready(name, ready)
        self._send(200, {"nodes": len(names), "ready": ready})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.lab.kube_site")
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--pods", type=int, default=20)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--deployments", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    double = KubeDouble()
    double.populate(pods=args.pods, nodes=args.nodes, deployments=args.deployments,
                    seed=args.seed)
    admin = _Admin(("127.0.0.1", 0), _AdminHandler)
    admin.double = double
    thread = threading.Thread(target=admin.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = admin.server_address[:2]
    tmp = args.ready_file.with_suffix(".tmp")
    tmp.write_text(json.dumps({"url": double.url, "admin_url": f"http://{host!s}:{port}"}))
    tmp.replace(args.ready_file)
    stop.wait()
    admin.shutdown()
    admin.server_close()
    double.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
