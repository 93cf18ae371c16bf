"""Reading a file someone else chose: only a regular file, never blocking, never unbounded.

A config, a plan, a ``*_file`` secret or a journal path may name a FIFO (``open`` waits
for a writer forever), a device (``/dev/zero`` never ends, ``/dev/tty`` reads the
operator's keys) or a socket. The file is opened non-blocking, checked with ``fstat`` on
the open descriptor (no race between checking and opening), and read up to a byte limit;
anything else is a :class:`FileRefused` with a short reason the caller puts in its
one-line error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a directory"))


class FileRefused(Exception):
    """The path is not a readable regular file within the limit; ``str()`` says why."""


def size_words(limit: int) -> str:
    """``64 KiB``, ``1 MiB``: a byte limit as the operator reads it."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit} bytes"


def _kind(mode: int) -> str:
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path | str) -> None:
    """:class:`FileRefused` unless ``path`` is a regular file (symlinks followed), without
    opening it: for paths handed to a library that opens them itself."""
    try:
        mode = Path(path).stat().st_mode
    except OSError as exc:
        raise FileRefused(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        raise FileRefused(f"not a regular file ({_kind(mode)})")


def _open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(exc.strerror or str(exc)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FileRefused(f"not a regular file ({_kind(info.st_mode)})")
    return fd, info


def read_slice(path: Path | str, offset: int, most: int) -> bytes:
    """Up to ``most`` bytes of regular file ``path`` from ``offset`` (for following a file
    that grows); :class:`FileRefused` as :func:`read_regular`."""
    fd, _info = _open_regular(path)
    try:
        return os.pread(fd, most, offset)
    except OSError as exc:
        raise FileRefused(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def read_regular(path: Path | str, *, limit: int) -> bytes:
    """The bytes of regular file ``path``, at most ``limit`` of them.

    Raises :class:`FileRefused` for a missing or unreadable file, anything that is not a
    regular file, and a file over ``limit`` bytes (checked again while reading: a file
    growing under us is cut off, not read on).
    """
    fd, info = _open_regular(path)
    try:
        if info.st_size > limit:
            raise FileRefused(f"file over {size_words(limit)}")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileRefused(f"file over {size_words(limit)}")
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
