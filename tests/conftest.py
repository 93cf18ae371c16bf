"""Shared fixtures: an isolated environment and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from console.shell.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads the developer's config, state or RC_* variables."""
    for name in list(os.environ):
        if name.startswith("RC_"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    return home


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``recovery-console`` in-process; an unhandled exception fails the test."""

    def run(*args: str) -> CliResult:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own exits (--help, --version, usage)
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def mini_plan_text() -> str:
    """A minimal valid plan, the base of the malformed-plan cases."""
    return (DATA / "mini-plan.toml").read_text(encoding="utf-8")
