"""An RDB file on disk: how many keys it says it holds, and putting it where Redis loads it.

The key count comes from the RDB's own header (``RESIZEDB`` after ``SELECTDB``): the file
was checked against its manifest's SHA-256 first, so its header is as trustworthy as the
manifest, and it is what a restarted server must report loading. Only the first database's
count is read (skipping past values would mean parsing every encoding); the applications
this console serves use database 0.

Placement never destroys what was there: the server's old ``dump.rdb`` and its AOF
directory are renamed aside (``.before-restore-<stamp>``). A server with append-only files
on loads the AOF, not ``dump.rdb``, at start-up, so then a fresh AOF directory is written
whose *base* is the RDB (Redis 7's multi-part AOF: a manifest naming one ``type b`` file),
which the server loads and appends to. Files take the owner of the directory they land in
(the server's user) when the console runs as root.
"""

from __future__ import annotations

import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from services.sources import BadAnswer

AUX, SELECTDB, RESIZEDB, EOF, FUNCTION2 = 0xFA, 0xFE, 0xFB, 0xFF, 0xF5
DEFAULT_AOF_DIR = "appendonlydir"
DEFAULT_AOF_FILE = "appendonly.aof"


@dataclass(frozen=True)
class RdbHeader:
    version: int
    db: int | None
    """The first database the file holds keys for (None: it holds none)."""
    keys: int | None
    """Keys in that database, as the file says; None when the header could not tell."""


def _length(f: BinaryIO) -> tuple[int, bool]:
    """A length-encoded number; True when it is a special (integer/LZF) string encoding."""
    first = _byte(f)
    kind = first >> 6
    if kind == 0:
        return first & 0x3F, False
    if kind == 1:
        return ((first & 0x3F) << 8) | _byte(f), False
    if kind == 3:
        return first & 0x3F, True
    if first == 0x80:
        return int(struct.unpack(">I", _read(f, 4))[0]), False
    if first == 0x81:
        return int(struct.unpack(">Q", _read(f, 8))[0]), False
    raise BadAnswer(f"RDB: unknown length encoding 0x{first:02x}")


def _skip_string(f: BinaryIO) -> None:
    size, special = _length(f)
    if not special:
        _read(f, size)
    elif size in (0, 1, 2):
        _read(f, 1 << size)  # 8-, 16- or 32-bit integer
    elif size == 3:  # LZF: compressed length, plain length, data
        compressed, _ = _length(f)
        _length(f)
        _read(f, compressed)
    else:
        raise BadAnswer(f"RDB: unknown string encoding {size}")


def _byte(f: BinaryIO) -> int:
    return _read(f, 1)[0]


def _read(f: BinaryIO, n: int) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise BadAnswer("RDB: the file ends inside its header")
    return data


def read_header(path: Path) -> RdbHeader:
    """The RDB's version and its first database's key count; :class:`BadAnswer` when the
    file is not an RDB."""
    with path.open("rb") as f:
        magic = f.read(9)
        if len(magic) != 9 or not magic.startswith(b"REDIS") or not magic[5:].isdigit():
            raise BadAnswer(f"{path.name} is not an RDB file (no REDIS header)")
        version = int(magic[5:])
        db: int | None = None
        while True:
            op = _byte(f)
            if op == AUX:
                _skip_string(f)
                _skip_string(f)
            elif op == FUNCTION2:
                _skip_string(f)
            elif op == SELECTDB:
                db = _length(f)[0]
            elif op == RESIZEDB and db is not None:
                return RdbHeader(version, db, _length(f)[0])
            elif op == EOF:
                return RdbHeader(version, None, 0)
            else:  # keys without a RESIZEDB (very old files), module data: cannot tell
                return RdbHeader(version, db, None)


def _owned_like(path: Path, folder: Path) -> None:
    """Give ``path`` the owner of ``folder`` (root only: others cannot, nor need to)."""
    if os.geteuid() == 0:
        info = folder.stat()
        os.chown(path, info.st_uid, info.st_gid)


def _aside(path: Path, stamp: str) -> Path | None:
    if not path.exists():
        return None
    kept = path.with_name(f"{path.name}.before-restore-{stamp}")
    path.rename(kept)
    return kept


def _copy_in(rdb: Path, dest: Path) -> None:
    """Copy to a temporary name in the same directory, then rename: never half a file."""
    tmp = dest.with_name(f".{dest.name}.restoring")
    shutil.copyfile(rdb, tmp)
    tmp.chmod(0o640)
    _owned_like(tmp, dest.parent)
    tmp.replace(dest)


def place(rdb: Path, rdb_path: Path, stamp: str, aof_dir: str | None = None,
          aof_file: str = DEFAULT_AOF_FILE) -> list[str]:
    """Put ``rdb`` where the server loads it; what was done, line by line. Blocking.

    ``aof_dir``: the server's ``appenddirname`` when it runs with ``appendonly yes``; an
    AOF directory already beside ``rdb_path`` is replaced too (the server may turn it on
    again at start-up).
    """
    folder = rdb_path.parent
    if not folder.is_dir():
        raise BadAnswer(f"{folder}: no such directory (restore rdb_path)")
    done = []
    if (kept := _aside(rdb_path, stamp)) is not None:
        done.append(f"kept the old {rdb_path.name} as {kept.name}")
    _copy_in(rdb, rdb_path)
    done.append(f"placed {rdb_path}")
    aof = folder / (aof_dir or DEFAULT_AOF_DIR)
    if aof_dir is not None or aof.exists():
        if (kept := _aside(aof, stamp)) is not None:
            done.append(f"kept the old AOF directory as {kept.name}")
        aof.mkdir(mode=0o750)
        _owned_like(aof, folder)
        base = f"{aof_file}.1.base.rdb"
        _copy_in(rdb, aof / base)
        manifest = aof / f"{aof_file}.manifest"
        manifest.write_text(f"file {base} seq 1 type b\n", encoding="ascii")
        _owned_like(manifest, folder)
        done.append(f"wrote {aof.name}/ with the RDB as its base (the server loads the AOF)")
    return done
