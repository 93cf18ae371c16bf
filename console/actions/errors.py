"""Turning an exception from an action into the one line the journal keeps."""

from __future__ import annotations

from console.actions.model import ActionError
from console.live.poller import describe_error
from services.sanitize import sanitize_lines
from services.sources import ReadOnlyRefused


def text(exc: BaseException) -> str:
    """The exception's operator text (see :func:`_words`), sanitised: it quotes servers,
    scripts and libraries, and goes to the journal, the screen and reports."""
    return sanitize_lines(_words(exc), limit=2500)


def _words(exc: BaseException) -> str:
    """``unreachable: the dr site does not answer``, ``refused: ...``, or the action's own words.

    ValueError is what an adapter raises for a request that makes no sense *now* (promote
    an existing primary, scale a deployment that is not there): the operator needs its
    message, not a traceback.
    """
    if isinstance(exc, ActionError):
        return str(exc)
    if isinstance(exc, ReadOnlyRefused):
        return f"refused: {exc}"
    if isinstance(exc, ValueError):
        return f"rejected: {exc}"
    return describe_error(exc)
