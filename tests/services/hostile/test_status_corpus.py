"""``status`` against hostile servers: no escape or control byte reaches stdout, markup is
printed as sent, huge strings are cut; text and JSON alike."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

Run = Callable[..., CliResult]
ALLOWED = {"\n"}


def assert_terminal_safe(text: str) -> None:
    """No C0/C1 control (but newline), no ESC, no bidi or other format character."""
    bad = sorted({f"U+{ord(c):04X}" for c in text if c not in ALLOWED and (
        unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp"))})
    assert not bad, f"control characters reached the output: {bad}"


def test_status_text_carries_no_escape(run_cli: Run, hostile_config: Path) -> None:
    result = run_cli("--config", str(hostile_config), "status")
    assert result.code == 3, result  # UNKNOWN: nothing hostile is judged healthy
    assert_terminal_safe(result.out + result.err)
    assert "PWNEDok" in result.out  # the words arrive, the sequences do not
    assert "Q0FOQVJZ" not in result.out  # nor the clipboard payload
    assert "[bold red]x[/]" in result.out  # markup shown as sent


def test_status_json_carries_no_escape(run_cli: Run, hostile_config: Path) -> None:
    result = run_cli("--config", str(hostile_config), "status", "--json")
    assert_terminal_safe(result.out + result.err)
    document = json.loads(result.out)
    text = json.dumps(document, ensure_ascii=False)
    assert_terminal_safe(text)
    assert "\\u001b" not in result.out and "PWNEDok" in text
