"""The one sanitiser for text that comes from outside: backends, files, other consoles.

A health endpoint, a pod name, a server's error or a journal line written by someone else
can carry terminal escape sequences (clear the screen, retitle the terminal, write the
operator's clipboard through OSC 52), bidi overrides that make a command read differently
than it runs, or megabytes of text. Every such string passes :func:`sanitize` once, where
it enters the console (the adapters building snapshots, the journal reader, the plan and
config loaders), so nothing later can forget it:

- whole escape sequences (CSI, OSC, DCS, SOS, PM, APC, in their 7-bit ``ESC x`` and 8-bit
  C1 forms) are removed, payload included: a title or clipboard payload is not text;
- any other control character (C0, DEL, C1), bidi control, other invisible format
  character, lone surrogate or line/paragraph separator is shown escaped (``\\x07``,
  ``\\u202e``), so the trick stays visible without working;
- the result is cut to ``limit`` characters, ending with an ellipsis when cut.

Rich/Textual markup is *not* escaped here (stdout and JSON must read as sent); screens
render outside text as ``Content``/``Text`` objects, never as markup. Services know nothing
of Rich, hence :func:`escape_markup` for the rare caller that must build markup. The
pydantic field types that apply it are in :mod:`services.outside` (importing this module
loads no pydantic: the TUI's first frame and every error line use it).
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"
DEFAULT_LIMIT = 512
KEY_LIMIT = 1024
LONG_LIMIT = 4096
"""For multi-line outside text: an event message, a script's output excerpt."""

_SEQUENCES = re.compile(
    r"""
      (?:\x1b\[|\x9b) [\x20-\x3f]* [\x40-\x7e]?           # CSI ... final byte
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])             # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?               # ... up to BEL or ST
    | \x1b [\x20-\x2f]* [\x30-\x7e]?                       # any other ESC sequence
    """,
    re.VERBOSE,
)
_KEEP_ZWJ = "\u200d"
"""Zero-width joiner: part of ordinary emoji, harmless on a terminal."""
_RAW_FACTOR = 8
"""Only ``limit * 8`` characters of the input are looked at: a 1 GB string costs no more
than a short one, and escape sequences removed before the cut cannot make it longer."""


def _unsafe(char: str, keep: str) -> bool:
    if char in keep:
        return False
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return True
    if code < 0xA0:
        return False
    category = unicodedata.category(char)
    return (category in ("Cf", "Cs", "Zl", "Zp", "Cc")) and char != _KEEP_ZWJ


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def sanitize(text: object, *, limit: int = DEFAULT_LIMIT, keep: str = "") -> str:
    """``text`` made safe to print on a terminal, in a TUI, a journal or a report.

    ``text`` may be anything (``str(x)`` is taken; bytes are decoded as UTF-8 with
    invalid bytes shown as ``\\xNN``). ``keep`` names the control characters the caller
    allows through, ``"\\n"`` or ``"\\n\\t"`` for multi-line text (see
    :func:`sanitize_lines`); tabs otherwise become ``\\x09``. At most ``limit`` characters
    come back, the last of them an ellipsis when the text was cut.
    """
    if isinstance(text, str) and len(text) <= limit and text.isprintable():
        return text  # the common case, and ESC, C1 and bidi controls are not printable
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text[: limit * _RAW_FACTOR]).decode("utf-8", "backslashreplace")
    else:
        raw = text if isinstance(text, str) else str(text)
    cut = len(raw) > limit * _RAW_FACTOR
    raw = raw[: limit * _RAW_FACTOR]
    if "\r\n" in raw and "\r" not in keep:
        raw = raw.replace("\r\n", "\n")
    stripped = _SEQUENCES.sub("", raw)
    if stripped.isprintable():
        out = stripped
    else:
        out = "".join(_shown(c) if _unsafe(c, keep) else c for c in stripped)
    if cut and len(out) <= limit:
        out = out[: max(limit - 1, 0)] + ELLIPSIS
    return _clip(out, limit)


def sanitize_lines(text: object, *, limit: int = LONG_LIMIT, max_lines: int = 40) -> str:
    """Multi-line outside text: newlines kept (tabs become spaces), every line sanitised,
    at most ``max_lines`` lines (an ellipsis line when more) and ``limit`` characters."""
    clean = sanitize(text, limit=limit, keep="\n\t").replace("\t", "    ")
    lines = clean.split("\n")
    if len(lines) > max_lines:
        lines = [*lines[:max_lines], ELLIPSIS]
    return _clip("\n".join(lines), limit)


def control_chars(text: str) -> list[str]:
    """The control, bidi and other invisible characters in ``text``, shown escaped (empty
    when it is clean): for the validators that refuse rather than clean (config, plan).

    A printable string holds none of them (``str.isprintable`` is false for every control,
    format, surrogate and line/paragraph separator character): that check, in C, spares
    the character-by-character walk for nearly every string of a plan or a config, which
    is most of the time loading the built-in plan took."""
    if text.isprintable():
        return []
    found = [_shown(c) for c in text if c == "\x1b" or _unsafe(c, "")]
    return list(dict.fromkeys(found))


def escape_markup(text: str) -> str:
    """``text`` with Rich/Textual markup tags made literal (``[bold]`` -> ``\\[bold]``).

    Prefer ``Content``/``Text`` objects, which are never parsed; this is for the caller
    that must embed outside text in a markup string.
    """
    return re.sub(r"(\\*)(\[[a-zA-Z#/@$!][^\[\]]*\])", lambda m: m[1] * 2 + "\\" + m[2], text)
