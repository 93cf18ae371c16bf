"""How long the console takes to load its plan, against the cost of parsing TOML alone.

Run: ``.venv/bin/python bench/bench_plan.py``. Figures are reported as a ratio measured in
one run, because these machines are shared and absolute timings drift.
"""

from __future__ import annotations

import timeit
import tomllib

from console.commands.plan_show import render_plan
from console.plan import default_plan_path, load_plan


def main() -> None:
    path = default_plan_path()
    text = path.read_text(encoding="utf-8")
    rounds = 50
    parse = min(timeit.repeat(lambda: tomllib.loads(text), number=rounds, repeat=5)) / rounds
    load = min(timeit.repeat(load_plan, number=rounds, repeat=5)) / rounds
    plan = load_plan()
    show = min(timeit.repeat(lambda: render_plan(plan), number=rounds, repeat=5)) / rounds
    print(f"plan file: {len(text)} bytes, {len(list(plan.steps()))} steps")
    print(f"tomllib parse only: {parse * 1e3:.2f} ms")
    print(f"load_plan (parse + validate): {load * 1e3:.2f} ms ({load / parse:.1f}x parse)")
    print(f"render_plan (plan show): {show * 1e3:.2f} ms ({show / parse:.1f}x parse)")


if __name__ == "__main__":
    main()
