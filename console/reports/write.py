"""Writing a report file: private (0600, it names people and systems), all or nothing."""

from __future__ import annotations

import os
from pathlib import Path

from console.errors import InputError


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file renamed into place; InputError
    naming the file when it cannot be written."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InputError(path, f"cannot write the report: {exc.strerror or exc}") from None
