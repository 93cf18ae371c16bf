"""The one sanitiser: escape sequences gone, other controls shown escaped, length bounded."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from services.outside import OutsideLines, OutsideText
from services.sanitize import (
    ELLIPSIS,
    control_chars,
    escape_markup,
    sanitize,
    sanitize_lines,
)

HOSTILE_STATUS = "\x1b[2J\x1b[31mPWNED\x1b]0;TITLE\x1b\\\x1b]52;c;Q0FOQVJZ\x1b\\ok"


def _safe(text: str, keep: str = "") -> bool:
    """No control, format (but the emoji joiner), surrogate or line-separator character."""
    bad = ("Cc", "Cf", "Cs", "Zl", "Zp")
    return all(c in keep or c == "\u200d" or unicodedata.category(c) not in bad for c in text)


def test_escape_sequences_are_removed_with_their_payload() -> None:
    assert sanitize(HOSTILE_STATUS) == "PWNEDok"  # no title, no clipboard payload


def test_eight_bit_sequences_and_lone_controls() -> None:
    assert sanitize("a\x9b31mb\x9d0;T\x9cc\x07d\x00e\x7f") == "abc\\x07d\\x00e\\x7f"


def test_bidi_overrides_are_shown_not_obeyed() -> None:
    assert sanitize("rm -rf /\u202e#\u2066x\u2069") == "rm -rf /\\u202e#\\u2066x\\u2069"


def test_garbage_bytes_are_shown_escaped() -> None:
    assert sanitize(b"=\xf1D\x12") == "=\\xf1D\\x12"


def test_markup_is_left_as_text_and_escape_markup_makes_it_literal() -> None:
    assert sanitize("[bold red]x[/]") == "[bold red]x[/]"
    assert escape_markup("[bold red]x[/] [1, 2]") == "\\[bold red]x\\[/] [1, 2]"


def test_length_is_bounded_with_an_ellipsis_even_for_huge_input() -> None:
    start = time.monotonic()
    out = sanitize("x" * 50_000_000, limit=20)
    assert time.monotonic() - start < 0.5
    assert out == "x" * 19 + ELLIPSIS
    assert sanitize("short", limit=20) == "short"


def test_lines_keep_newlines_and_cap_line_count() -> None:
    out = sanitize_lines("a\r\nb\tc\x1b[31m\n" * 100, max_lines=3)
    assert out == f"a\nb    c\na\n{ELLIPSIS}"


def test_control_chars_lists_what_a_validator_refuses() -> None:
    assert control_chars("op\x00er\u202e\x00") == ["\\x00", "\\u202e"]
    assert control_chars("Zoë 🙂") == []


def test_model_fields_are_sanitised_when_built() -> None:
    class Row(BaseModel):
        name: OutsideText
        message: OutsideLines

    row = Row(name=HOSTILE_STATUS + "y" * 2000, message="one\x1b]0;T\x07\ntwo")
    assert row.name.startswith("PWNEDok") and len(row.name) == 512
    assert row.message == "one\ntwo"


@given(st.text() | st.binary(), st.integers(min_value=1, max_value=300))
def test_output_is_always_printable_and_bounded(text: str | bytes, limit: int) -> None:
    out = sanitize(text, limit=limit)
    assert len(out) <= limit and _safe(out)
    lines = sanitize_lines(text, limit=limit)
    assert len(lines) <= limit and _safe(lines, keep="\n")


@pytest.mark.parametrize("value", [None, 42, 3.5, ValueError("bad\x1b[2J")])
def test_any_object_is_taken_as_its_str(value: object) -> None:
    assert _safe(sanitize(value))


def test_no_printable_character_is_one_control_chars_refuses() -> None:
    """``control_chars`` answers a printable string without walking it: that holds only if
    every character it refuses is non-printable. Checked over all of Unicode, each
    character behind a NUL so the walk runs."""
    printable = (c for c in map(chr, range(0x110000)) if c.isprintable())
    refused = [c for c in printable if control_chars("\x00" + c) != ["\\x00"]]
    assert refused == []
    assert control_chars("plain text, Zoë") == []
    assert control_chars("tab\there") == ["\\x09"]
