"""The Kubernetes adapter's first full poll of two big clusters, against ``kubectl get pods -A``.

Run: ``.venv/bin/python bench/bench_kube.py [--pods 10000 --nodes 500 --deployments 300]``.
Each cluster is an API double in its own process, so the measured process holds only the
adapter (its peak RSS is the adapter's) and the servers do not compete for its GIL. The
adapter lists nodes, pods, deployments and warning events of both contexts; kubectl lists
only pods, of both contexts at once, best of three after a warm-up that fills its
discovery cache. Figures are a ratio measured in one run: these machines are shared.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from console.lab.kube_double import write_kubeconfig
from services.kube.api import PAGE_SIZE
from services.kube.source import KubeClusterSource
from services.models import Site

KUBECTL = "/usr/bin/kubectl"


def start_double(pods: int, nodes: int, deployments: int, seed: int) -> tuple[
        subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "console.lab.kube_double", "--pods", str(pods), "--nodes",
         str(nodes), "--deployments", str(deployments), "--seed", str(seed)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, proc.stdout.readline().strip()


def kubectl_both(kubeconfig: Path, cache: Path) -> float:
    started = time.perf_counter()
    procs = [subprocess.Popen([KUBECTL, "--kubeconfig", str(kubeconfig), "--context", ctx,
                               "--cache-dir", str(cache), "get", "pods", "-A"],
                              stdout=subprocess.DEVNULL) for ctx in ("primary", "dr")]
    for proc in procs:
        if proc.wait() != 0:
            raise SystemExit("kubectl failed")
    return time.perf_counter() - started


async def adapter_both(kubeconfig: Path, page_size: int) -> tuple[float, int]:
    sources = [KubeClusterSource(site, site.value, kubeconfig=str(kubeconfig), timeout_s=60,
                                 page_size=page_size)
               for site in (Site.PRIMARY, Site.DR)]
    try:
        started = time.perf_counter()
        snaps = await asyncio.gather(*(s.poll() for s in sources))
        elapsed = time.perf_counter() - started
    finally:
        for source in sources:
            source.close()
    return elapsed, sum(sum(s.pods_by_phase.values()) for s in snaps)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=10_000)
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--deployments", type=int, default=300)
    parser.add_argument("--page-size", type=int, default=PAGE_SIZE,
                        help="the adapter's list page size (kubectl's is 500)")
    args = parser.parse_args()
    doubles = [start_double(args.pods, args.nodes, args.deployments, seed) for seed in (1, 2)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            kubeconfig = write_kubeconfig(Path(tmp) / "kubeconfig",
                                          {"primary": doubles[0][1], "dr": doubles[1][1]})
            before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            adapter_s, pods = asyncio.run(adapter_both(kubeconfig, args.page_size))
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            cache = Path(tmp) / "kube-cache"
            kubectl_both(kubeconfig, cache)  # warm-up: discovery cache, page cache
            kubectl_s = min(kubectl_both(kubeconfig, cache) for _ in range(3))
    finally:
        for proc, _ in doubles:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=10)
    print(f"clusters: 2 x ({args.pods} pods, {args.nodes} nodes, {args.deployments} deployments);"
          f" adapter page size {args.page_size}")
    print(f"adapter first full poll, both contexts: {adapter_s:.3f} s ({pods} pods seen)")
    print(f"kubectl get pods -A, both contexts (best of 3): {kubectl_s:.3f} s")
    print(f"ratio adapter/kubectl: {adapter_s / kubectl_s:.2f}x (target <= 0.5x)")
    print(f"adapter process peak RSS: {peak_mb:.0f} MB (before polling {before_mb:.0f} MB;"
          " target < 300 MB)")


if __name__ == "__main__":
    main()
