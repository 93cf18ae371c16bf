"""Bad input as one readable line: which file, which field, what is wrong.

At 3 a.m. a traceback is noise. Every loader turns its failures into an
:class:`InputError`, and the CLI prints ``str(error)`` and exits with code 2.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from services.files import FileRefused, read_regular
from services.sanitize import control_chars, sanitize

if TYPE_CHECKING:  # no pydantic to import for a one-line error (or the TUI's first frame)
    from pydantic import ValidationError

EXIT_BAD_INPUT = 2
MAX_SOURCE, MAX_FIELD, MAX_MESSAGE = 120, 80, 160
"""An error line's parts are cut (with an ellipsis) past these, each on its own, so a
long path or field never pushes the problem off the line (~370 characters at most)."""
TOML_LIMIT_BYTES = 4 * 1024 * 1024
"""A config or plan file is a few KB; 4 MiB is far past any real one."""
MAX_DEPTH = 32
"""Nesting of ``[``/``{`` a file may use (plans need ~6): checked before parsing, since
tomllib recurses per level and a 5000-deep array is a RecursionError, not an error line."""
MAX_INT = 2**53
"""Integers beyond this (and durations beyond 100 years) are no sane setting; they would
overflow a timedelta or a C long further on."""


class InputError(Exception):
    """A config or plan file that cannot be used, located as precisely as we can."""

    def __init__(
        self, source: str | Path, message: str, *, field: str = "", line: int | None = None
    ) -> None:
        super().__init__(message)
        self.source = str(source)
        self.field = field
        self.message = message
        self.line = line

    def __str__(self) -> str:
        """One short line: file, field and problem, sanitised (a field or message may quote
        the file's own text), each cut with an ellipsis (a path keeps its end)."""
        source = sanitize(self.source, limit=len(self.source) + 1)
        if len(source) > MAX_SOURCE:
            source = "…" + source[-(MAX_SOURCE - 1):]
        where = source if self.line is None else f"{source}:{self.line}"
        parts = [where, sanitize(self.field, limit=MAX_FIELD)] if self.field else [where]
        return ": ".join([*parts, sanitize(self.message, limit=MAX_MESSAGE)])


class FieldError(ValueError):
    """Raised inside a validator that knows the exact field path it is about.

    Pydantic reports errors of a whole-model validator at the model; this keeps the path
    (``runbook.phases[2].steps[0].owner``) so the one-line message can name it.
    """

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def read_toml(path: Path) -> dict[str, Any]:
    """Read and parse a TOML file, turning every failure into an InputError.

    Only a regular file up to :data:`TOML_LIMIT_BYTES` is read (a FIFO or a device is
    refused without blocking); nesting is bounded before parsing; every value is checked
    by :func:`check_values` (no control characters, no absurd numbers).
    """
    try:
        raw = read_regular(path, limit=TOML_LIMIT_BYTES)
    except FileRefused as exc:
        reason = str(exc)
        if reason == "No such file or directory":
            reason = "file not found"
        elif "a directory" in reason:
            reason = "is a directory, expected a TOML file"
        raise InputError(path, reason[:1].lower() + reason[1:]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    depth, line = nesting_depth(text)
    if depth > MAX_DEPTH:
        raise InputError(path, f"nested deeper than {MAX_DEPTH} levels", line=line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise InputError(path, f"invalid TOML: {exc}", line=line) from None
    except RecursionError:  # nesting_depth should have caught it; never a traceback
        raise InputError(path, "nested too deeply") from None
    problem = check_values(data)
    if problem is not None:
        raise InputError(path, problem[1], field=problem[0])
    return data


_TOML_TOKENS = re.compile(
    r'''"""(?:\\.|[^\\])*?"""|\'\'\'.*?\'\'\'|"(?:\\.|[^"\\\n])*"|'[^'\n]*'|#[^\n]*|([\[\]{}])''',
    re.DOTALL)


def nesting_depth(text: str) -> tuple[int, int | None]:
    """The deepest ``[``/``{`` nesting of TOML ``text`` outside strings and comments, and
    the line where it first passes :data:`MAX_DEPTH` (None when it never does)."""
    depth = deepest = 0
    for match in _TOML_TOKENS.finditer(text):
        bracket = match.group(1)
        if bracket is None:
            continue
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                return deepest, text.count("\n", 0, match.start()) + 1
    return deepest, None


def check_values(data: object, location: tuple[int | str, ...] = ()) -> tuple[str, str] | None:
    """The first value of parsed input that no field may hold, as (field path, problem):
    control characters in a string or key (newlines and tabs allowed in text), NaN or
    infinity, an integer beyond :data:`MAX_INT`. None when every value is acceptable."""
    if isinstance(data, dict):
        for key, value in data.items():
            found = _bad_string(str(key), location) or check_values(value, (*location, key))
            if found:
                return found
        return None
    if isinstance(data, list | tuple):
        for index, value in enumerate(data):
            if found := check_values(value, (*location, index)):
                return found
        return None
    return _bad_scalar(data, location)


def _bad_string(text: str, location: tuple[int | str, ...]) -> tuple[str, str] | None:
    bad = control_chars(text.replace("\r\n", "\n").replace("\n", "").replace("\t", ""))
    if not bad:
        return None
    return format_location(location), f"control character {bad[0]} not allowed"


def _bad_scalar(value: object, location: tuple[int | str, ...]) -> tuple[str, str] | None:
    if isinstance(value, str):
        return _bad_string(value, location)
    if isinstance(value, float) and math.isnan(value):
        return format_location(location), "not a number (nan) is not allowed"
    if isinstance(value, float) and math.isinf(value):
        return format_location(location), "infinity is not allowed: give a finite number"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        return format_location(location), f"integer out of range (over {MAX_INT:,})"
    return None


def from_validation_error(source: str | Path, exc: ValidationError) -> InputError:
    """The first problem of a pydantic ValidationError, as one line naming the field."""
    errors = _root_causes(exc.errors(include_url=False))
    first = errors[0]
    field, message = _located(first)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return InputError(source, message, field=field)


def _root_causes(errors: list[Any]) -> list[Any]:
    """Drop errors that only echo a deeper one (a list left empty because its item failed)."""
    locs = [tuple(e["loc"]) for e in errors]
    return [e for e, loc in zip(errors, locs, strict=True)
            if not any(other[: len(loc)] == loc and other != loc for other in locs)]


_ECHO_INPUT = {"enum", "literal_error", "string_pattern_mismatch",
               "int_parsing", "float_parsing", "bool_parsing", "int_type", "float_type"}
_SECRET_WORDS = ("dsn", "url", "key", "secret", "password", "token", "connection")


def _with_input(error: Any, message: str) -> str:
    """Say what was given, unless the field could hold a credential."""
    value = error.get("input")
    path = ".".join(str(p) for p in error["loc"]).lower()
    if (error["type"] not in _ECHO_INPUT or not isinstance(value, str | int | float)
            or any(word in path for word in _SECRET_WORDS)):
        return message
    return f"{message}, got {value!r}"


def _located(error: Any) -> tuple[str, str]:
    """Field path and message of one pydantic error, preferring a reference error's own."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        return cause.location, cause.message
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown field (check its spelling)"
    elif error["type"] == "missing":
        message = "required field is missing"
    else:
        message = _with_input(error, message)
    return format_location(error["loc"]), message


def format_location(loc: tuple[int | str, ...]) -> str:
    """``('runbook', 'phases', 2, 'action', 'scale-deployment', 'replicas')`` ->
    ``runbook.phases[2].action(scale-deployment).replicas``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "-" in part or not part.isidentifier():
            text += f"({part})"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"
