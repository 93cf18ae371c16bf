"""What a drill console's start leaves for later: the data path after the first frame.

Loading the config and the plan and building the runtime (what the TUI does before its
dashboard) must not build the journal events' validators (nothing is journaled yet) nor
load code only a real backend uses (backup stores, the maintenance journal, last-seen);
``plan check`` reads a plan without building the snapshot models. Each check runs in a
fresh interpreter: this test process has long since built everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

START = """
import json, sys
from console.config.bootstrap import load_all
from console.shell.runtime import build_runtime
from console.journal import events
loaded = load_all(None)
build_runtime(loaded.settings, loaded.plan)
classes = [c for c in vars(events).values()
           if isinstance(c, type) and issubclass(c, events.BaseModel) and c is not events.BaseModel]
built = sorted(c.__name__ for c in classes if c.__dict__.get("__pydantic_complete__"))
modules = sorted(m for m in sys.modules if m.startswith(("console", "services")))
declared = events.Declared(incident_id="INC-1", title="t", drill=True, seq=1)
parsed = events.event_adapter().validate_json(declared.model_dump_json())
print(json.dumps({"classes": len(classes), "built": built, "modules": modules,
                  "parsed": type(parsed).__name__, "same": parsed == declared}))
"""


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What a fresh interpreter reports after a default (drill) start; one run for both."""
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RC_")}
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"))
    done = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_a_drill_start_builds_no_event_and_loads_no_real_backend_code(
        started: dict[str, object]) -> None:
    assert isinstance(started["classes"], int) and started["classes"] >= 30
    assert started["built"] == []
    modules = started["modules"]
    assert isinstance(modules, list)
    assert "console.shell.runtime" in modules  # it really built the runtime
    later = ("services.backups", "console.maintenance", "console.live.last_seen",
             "console.backends.maintenance_source", "console.backends.real_ops")
    assert [m for m in modules if m.startswith(later)] == []


def test_a_deferred_event_still_validates_and_reads_back(started: dict[str, object]) -> None:
    """Built on first use, the classes resolve their annotations as they did on import."""
    assert started["parsed"] == "Declared"
    assert started["same"] is True


def test_plan_check_builds_no_snapshot_model(tmp_path: Path) -> None:
    """Reading a plan needs the sites' names (services.site), not the snapshot models."""
    code = ("import json, sys\nfrom console.shell.cli import main\ncode = main(['plan', 'check'])\n"
            "print(json.dumps(sorted(sys.modules)))\nraise SystemExit(code)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stdout.splitlines()[-1])  # printed after the summary
    assert "erlmcp" in done.stdout
    assert "console.plan.base" in modules
    assert "services.models" not in modules
