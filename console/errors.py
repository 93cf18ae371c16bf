"""Bad input as one readable line: which file, which field, what is wrong.

At 3 a.m. a traceback is noise. Every loader turns its failures into an
:class:`InputError`, and the CLI prints ``str(error)`` and exits with code 2.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

EXIT_BAD_INPUT = 2


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
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        parts = [where, self.field, self.message] if self.field else [where, self.message]
        return ": ".join(parts)


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
    """Read and parse a TOML file, turning every failure into an InputError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, expected a TOML file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise InputError(path, f"invalid TOML: {exc}", line=line) from None


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
