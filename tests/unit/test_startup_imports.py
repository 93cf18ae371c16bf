"""Start-up stays light (DESIGN.md): heavy SDKs load only when a command or a source needs them.

Each check runs in a fresh interpreter, because this test process has long since imported
everything. ``bench/bench_startup.py`` measures what these imports cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("kubernetes", "boto3", "botocore", "s3transfer", "azure", "psycopg", "psycopg_pool",
         "redis", "moto", "httpx", "msgspec", "console.lab")
"""SDKs of backends (and the lab, which pulls in all of them) that cost ~1 s to import."""

REPORT = """
import json, sys
def report(path):
    with open(path, "w") as out:
        json.dump(sorted(sys.modules), out)
"""


def loaded_after(code: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``code`` (which may call ``report(PATH)``) in a new interpreter; what it imported."""
    path = tmp_path / "modules.json"
    script = REPORT + code.replace("PATH", repr(str(path)))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert path.exists(), done.stderr
    return set(json.loads(path.read_text())), done


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_importing_the_cli_loads_no_sdk_nor_the_lab(tmp_path: Path) -> None:
    modules, _ = loaded_after("import console.shell.cli\nreport(PATH)", tmp_path)
    assert "console.shell.cli" in modules
    assert heavy_in(modules) == []


def test_a_drill_status_loads_no_sdk_nor_the_lab(tmp_path: Path) -> None:
    modules, done = loaded_after(
        "from console.shell.cli import main\ncode = main(['status'])\nreport(PATH)\n"
        "raise SystemExit(code)", tmp_path)
    assert done.returncode in (0, 1, 3), done.stderr
    assert "drill" in done.stdout  # it really polled the drill environment
    assert heavy_in(modules) == []
    assert "textual" not in modules


def test_plan_check_loads_neither_the_settings_nor_textual(tmp_path: Path) -> None:
    """``plan check`` reads one TOML file: pydantic-settings and Textual are start-up cost."""
    modules, done = loaded_after(
        "from console.shell.cli import main\ncode = main(['plan', 'check'])\nreport(PATH)\n"
        "raise SystemExit(code)", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "erlmcp" in done.stdout
    assert heavy_in(modules) == []
    assert {"pydantic_settings", "textual"} & modules == set()


def test_the_lab_command_still_loads_the_lab(tmp_path: Path) -> None:
    """The lab's parser is built only for ``lab``: it must still be there when asked for."""
    modules, done = loaded_after(
        f"from console.shell.cli import main\ncode = main(['lab', 'status', '--dir', "
        f"{str(tmp_path / 'none')!r}])\nreport(PATH)\nraise SystemExit(code)", tmp_path)
    assert done.returncode == 2, done.stderr  # no lab in that directory: bad input
    assert "no lab here" in done.stderr
    assert "console.lab.cli" in modules


def test_help_lists_the_lab_without_loading_it(tmp_path: Path) -> None:
    modules, done = loaded_after(
        "from console.shell.cli import build_parser\nprint(build_parser().format_help())\n"
        "report(PATH)", tmp_path)
    assert "lab" in done.stdout.split("commands:")[1]
    assert "console.lab.cli" not in modules


def test_a_configured_source_loads_its_sdk_only(tmp_path: Path) -> None:
    """Incident mode with only a health endpoint: httpx, and no other backend's SDK."""
    code = (
        "from console.backends.real_sources import build_real_sources\n"
        "from console.config.settings import Settings\n"
        "from console.plan import load_plan\n"
        "from services.clock import SystemClock\n"
        "settings = Settings(mode='incident', sites={'primary': "
        "{'health_url': 'http://127.0.0.1:9/health'}})\n"
        "sources = build_real_sources(settings, load_plan(), SystemClock())\n"
        "assert [type(s).__name__ for s in sources] == ['HealthSource'], sources\n"
        "report(PATH)")
    modules, done = loaded_after(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert {m.split(".")[0] for m in heavy_in(modules)} == {"httpx"}


def test_the_tuis_first_frame_loads_no_model_nor_sdk(tmp_path: Path) -> None:
    """What the console draws first (its App and :class:`~screens.starting.StartingScreen`)
    imports Textual and nothing else of weight: no pydantic model, no plan, no judge; they
    load in the start thread, behind the frame (``bench/bench_startup.py`` times it)."""
    modules, done = loaded_after(
        "import console.shell.cli, console.shell.app, screens.starting\n"
        "from console.shell.cli import build_parser\nbuild_parser([])\nreport(PATH)", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "textual.app" in modules
    assert heavy_in(modules) == []
    weighty = ("pydantic", "console.plan", "console.config.models", "console.judge",
               "console.journal", "console.incident", "services.models", "services.drill",
               "screens.dashboard")
    assert sorted(m for m in modules if m.startswith(weighty)) == []
