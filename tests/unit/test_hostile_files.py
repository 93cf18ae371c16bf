"""Hostile and careless files: odd file types, absurd values, deep nesting, control bytes.

Every case must be one line naming file and field, exit 2, no traceback, and never block
(a FIFO as config, plan or secret used to hang ``config check``).
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from services.files import FileRefused, read_regular
from tests.conftest import CliResult

Run = Callable[..., CliResult]

TIMEOUT_S = 5.0


def _one_line(result: CliResult, *words: str) -> str:
    assert result.code == 2, result
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for word in words:
        assert word in lines[0], lines[0]
    assert len(lines[0]) <= 400 and "\x00" not in lines[0] and "\x1b" not in lines[0]
    return lines[0]


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def _timed(run: Callable[[], Any]) -> Any:
    start = time.monotonic()
    result = run()
    assert time.monotonic() - start < TIMEOUT_S
    return result


@pytest.mark.parametrize("command", [["config", "check"], ["plan", "check"]])
def test_fifo_is_refused_without_blocking(run_cli: Run, tmp_path: Path, command: list[str]) -> None:
    fifo = _fifo(tmp_path)
    result = _timed(lambda: run_cli(*command, str(fifo)))
    _one_line(result, str(fifo), "not a regular file (a FIFO)")


def test_fifo_secret_file_is_refused_without_blocking(run_cli: Run, tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(f'[sites.primary]\npostgres_dsn_file = "{fifo}"\n')
    result = _timed(lambda: run_cli("config", "check", str(config)))
    _one_line(result, str(config), "sites.primary", "not a regular file (a FIFO)")


def test_fifo_plan_named_by_config_is_refused(run_cli: Run, tmp_path: Path) -> None:
    fifo = _fifo(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(f'plan = "{fifo}"\n')
    _one_line(_timed(lambda: run_cli("config", "check", str(config))), "a FIFO")


def test_devices_and_sockets_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="character device"):
        read_regular("/dev/zero", limit=1024)
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(FileRefused):
            read_regular(path, limit=1024)
    finally:
        server.close()


def test_read_regular_stops_at_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 2048)
    assert read_regular(path, limit=2048) == b"x" * 2048
    with pytest.raises(FileRefused, match="file over 1 KiB"):
        read_regular(path, limit=1024)


CONFIG_VALUES = [
    ("nan-speed", "[drill]\nspeed = nan\n", "drill.speed", "not a number (nan)"),
    ("inf-speed", "[drill]\nspeed = inf\n", "drill.speed", "infinity"),
    ("huge-duration", '[refresh]\ntimeout = "99999999999999999d"\n', "refresh.timeout",
     "over 100 years"),
    ("huge-int", "[drill]\nspeed = 99999999999999999999999\n", "drill.speed", "out of range"),
    ("nul-operator", 'operator = "ann\\u0000"\n', "operator", "control character \\x00"),
    ("nul-journal-dir", 'journal_dir = "/tmp/j\\u0000x"\n', "journal_dir", "\\x00"),
    ("esc-site-name", '[sites.primary]\nname = "\\u001b]0;T\\u0007"\n', "sites.primary.name",
     "control character \\x1b"),
    ("bidi-operator", 'operator = "ann\\u202e"\n', "operator", "\\u202e"),
    ("deep-array", "x = " + "[" * 5000 + "]" * 5000 + "\n", "", "nested deeper than 32"),
    ("deep-inline", "x = " + "{a = " * 100 + "1" + "}" * 100 + "\n", "", "nested deeper"),
    ("long-field", "[" + "a" * 5000 + "]\nb = 1\n", "", "unknown field"),
]


@pytest.mark.parametrize(("case", "text", "field", "words"), CONFIG_VALUES,
                         ids=[c[0] for c in CONFIG_VALUES])
def test_absurd_config_values(run_cli: Run, tmp_path: Path, case: str, text: str, field: str,
                              words: str) -> None:
    path = tmp_path / f"{case}.toml"
    path.write_text(text)
    line = _one_line(_timed(lambda: run_cli("config", "check", str(path))), str(path), words)
    assert f": {field}: " in line if field else True, line


def test_nan_from_the_environment_is_refused(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_DRILL__SPEED", "nan")
    _one_line(run_cli("config", "check"), "drill.speed", "finite number")


def test_nul_from_the_environment_is_refused(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RC_OPERATOR", "ann\x01")
    _one_line(run_cli("config", "check"), "operator", "control character \\x01")


def test_plan_with_control_characters_and_huge_duration(run_cli: Run, tmp_path: Path,
                                                        mini_plan_text: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(mini_plan_text.replace('title = "Mini plan"', 'title = "Mini\\u001b[2J"'))
    _one_line(run_cli("plan", "check", str(path)), "plan.title", "control character \\x1b")
    path.write_text(mini_plan_text.replace('target = "30m"', 'target = "99999999999999999d"', 1))
    _one_line(run_cli("plan", "check", str(path)), "objectives.rto[0].target", "over 100 years")
