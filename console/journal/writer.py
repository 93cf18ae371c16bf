"""Is a console writing this journal right now? The writer holds an exclusive ``flock``.

A watcher uses it to tell an action in flight (its console is alive, the result will
come) from one cut off by a console that died between confirmation and result (nobody
will ever write its outcome: it is shown as interrupted, outcome unknown).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def writer_active(path: Path) -> bool:
    """True while some process holds the journal's writer lock (False if unreadable)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing drops our shared lock, if we got it
    return False
