"""Fuzzing the config and plan loaders through the CLI, in-process.

Hypothesis writes configs and plans as a careless colleague or an attacker would: valid
TOML with wrong shapes (a table where a string goes), extreme values (huge integers,
NaN, infinity, 99999999999999999d), control characters and escape sequences in strings,
deep nesting, and odd files (FIFO, directory, device, binary, empty). Whatever it writes,
``config check`` and ``plan check`` must answer 0, or 2 with one short line, never a
traceback, within 2 s, and print no control character.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import time
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from console.shell.cli import main
from tests.conftest import DATA

EXAMPLES = 150
LIMIT_S = 2.0
NASTY = ["30m", "0s", "-5m", "99999999999999999d", "9" * 5000 + "d", "1h30m", "nan", "inf",
         "\x00", "ann\x00", "\x1b[2J\x1b]0;T\x07", "\u202eevil", "[bold red]x[/]", "\r\n",
         "/dev/zero", "/dev/tty", "", " ", "incident", "drill", "read-only", "s3", "nas",
         "azure-blob", "primary", "dr", "x" * 3000]
scalars = st.one_of(
    st.booleans(), st.integers(), st.sampled_from([2**63, -(2**63) - 1, 10**40, 0, -1]),
    st.floats(), st.text(max_size=30), st.sampled_from(NASTY))
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.sampled_from(NASTY[:8]), inner, max_size=4),
    max_leaves=10)
CONFIG_PATHS = [
    ("mode",), ("operator",), ("journal_dir",), ("theme",), ("plan",), ("kubeconfig",),
    ("sites",), ("sites", "primary"), ("sites", "primary", "health_url"),
    ("sites", "primary", "postgres_dsn"), ("sites", "dr", "redis_url"), ("sites", "dr", "name"),
    ("sites", "primary", "postgres_dsn_file"), ("refresh",), ("refresh", "timeout"),
    ("refresh", "interval"), ("drill",), ("drill", "speed"), ("drill", "scenario"),
    ("backups",), ("webhooks",), ("dns",), ("failover", "max_lag_on_failover"), ("comms",),
    ("contacts",), ("restore",), ("nonsense",)]


def _toml(value: Any) -> str:
    """``value`` as a TOML inline value (strings JSON-escaped, which TOML accepts)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{_toml(str(k))} = {_toml(v)}" for k, v in value.items()) + "}"


def _document(data: dict[str, Any]) -> str:
    return "".join(f"{_toml(str(key))} = {_toml(value)}\n" for key, value in data.items())


def _set(doc: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = doc
    for part in path[:-1]:
        if isinstance(node, dict):
            if not isinstance(node.get(part), list | dict):
                node[part] = {}
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return
    last = path[-1]
    fits = isinstance(node, list) and isinstance(last, int) and last < len(node)
    if isinstance(node, dict) or fits:
        node[last] = value


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found: list[tuple[str | int, ...]] = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


MINI_PLAN = tomllib.loads((DATA / "mini-plan.toml").read_text(encoding="utf-8"))
PLAN_PATHS = _paths(MINI_PLAN)


def _run(*args: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - start


def _assert_clean_answer(code: int, out: str, err: str, elapsed: float) -> None:
    assert elapsed < LIMIT_S, f"took {elapsed:.2f}s"
    assert code in (0, 2), (code, err)
    assert "Traceback" not in out + err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert len(lines[0]) <= 420, lines[0]
    bad = {c for c in out + err if c not in "\n" and unicodedata.category(c) in
           ("Cc", "Cf", "Cs", "Zl", "Zp")}
    assert not bad, f"control characters printed: {bad}"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No RC_* variable of the developer's; relative paths land in the test's directory."""
    for name in [n for n in os.environ if n.startswith("RC_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(edits=st.lists(st.tuples(st.sampled_from(CONFIG_PATHS), values), min_size=1,
                      max_size=4))
@example(edits=[(("drill", "speed"), math.nan)])
@example(edits=[(("refresh", "timeout"), "99999999999999999d")])
@example(edits=[(("operator",), "ann\x00"), (("journal_dir",), "/tmp/\x00")])
def test_fuzzed_config(tmp_path: Path, edits: list[tuple[tuple[str, ...], Any]]) -> None:
    doc: dict[str, Any] = {}
    for path, value in edits:
        _set(doc, path, value)
    config = tmp_path / "config.toml"
    config.write_text(_document(doc), encoding="utf-8", errors="surrogatepass")
    _assert_clean_answer(*_run("config", "check", str(config)))


@FUZZ
@given(edits=st.lists(st.tuples(st.sampled_from(PLAN_PATHS), values), min_size=1,
                      max_size=3))
@example(edits=[(("objectives", "rto", 0, "target"), "99999999999999999d")])
@example(edits=[(("plan", "title"), "\x1b]0;TITLE\x07")])
def test_fuzzed_plan(tmp_path: Path, edits: list[tuple[tuple[str | int, ...], Any]]) -> None:
    doc = json.loads(json.dumps(MINI_PLAN, default=str))  # a deep copy, dates as text
    for path, value in edits:
        _set(doc, path, value)
    plan = tmp_path / "plan.toml"
    plan.write_text(_document(doc), encoding="utf-8", errors="surrogatepass")
    _assert_clean_answer(*_run("plan", "check", str(plan)))


ODD_FILES = ["fifo", "directory", "dev-zero", "dev-null", "empty", "binary", "deep",
             "deep-inline", "huge", "nul-text", "dangling-link"]


def _odd(tmp_path: Path, kind: str, blob: bytes) -> Path:
    path = tmp_path / f"odd-{kind}.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind in ("dev-zero", "dev-null"):
        path.symlink_to(f"/dev/{kind[4:]}")
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nowhere")
    else:
        path.write_bytes({"empty": b"", "binary": blob, "deep": b"x = " + b"[" * 5000,
                          "deep-inline": b"x = " + b"{a = " * 3000,
                          "huge": b"# " + b"x" * (5 * 1024 * 1024) + b"\n",
                          "nul-text": b'operator = "a' + b"\x00" + b'"\n'}[kind])
    return path


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(ODD_FILES), command=st.sampled_from(["config", "plan"]),
       blob=st.binary(max_size=200))
def test_odd_files(tmp_path: Path, kind: str, command: str, blob: bytes) -> None:
    path = _odd(tmp_path, kind, blob)
    try:
        code, out, err, elapsed = _run(command, "check", str(path))
    finally:
        path.unlink() if path.is_symlink() or not path.is_dir() else path.rmdir()
    _assert_clean_answer(code, out, err, elapsed)
    if kind not in ("binary", "empty"):  # random bytes may be a valid (comment-only) TOML
        assert code == 2
    elif kind == "empty":
        assert code == (0 if command == "config" else 2)  # an empty config is the default


def test_one_secret_file_per_odd_kind(tmp_path: Path) -> None:
    """A ``*_file`` secret naming each odd file: refused in one line, never blocking."""
    for kind in ("fifo", "directory", "dev-zero", "dangling-link", "huge"):
        secret = _odd(tmp_path, kind, b"")
        config = tmp_path / f"config-{kind}.toml"
        config.write_text(f'[sites.primary]\npostgres_dsn_file = "{secret}"\n')
        code, out, err, elapsed = _run("config", "check", str(config))
        _assert_clean_answer(code, out, err, elapsed)
        assert code == 2 and "postgres_dsn_file" in err, err
