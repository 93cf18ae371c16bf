"""What ``[standby.<site>] demote_command`` / ``rebuild_command`` run in the lab.

``python -m console.lab.standby_command --dir LAB demote|rebuild primary|dr`` does what
``lab demote`` / ``lab rebuild`` do (:mod:`console.lab.lab_standby`), as a command the
console's rollback play can run through its config, the way production's config would
name an Ansible play or a script on the database host. Exit 0 done, 1 failed (the reason
on stderr, which the console journals).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console.lab.lab_standby import SITES, demote, rebuild
from console.lab.lab_state import LabState
from console.lab.users import LabError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m console.lab.standby_command")
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("step", choices=("demote", "rebuild"))
    parser.add_argument("site", choices=SITES)
    args = parser.parse_args(argv)
    state = LabState.load(args.dir)
    if state is None:
        sys.stderr.write(f"no lab in {args.dir}\n")
        return 2
    try:
        done = (demote if args.step == "demote" else rebuild)(state, args.site)
    except LabError as exc:
        sys.stderr.write(f"lab {args.step} {args.site}: {exc}\n")
        return 1
    sys.stdout.write(done + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
