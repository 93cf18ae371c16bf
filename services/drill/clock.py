"""The drill's clock: warped time that a console can move to where a journaled drill is.

A console that starts on a drill and is then asked to resume an open drill incident of the
same scenario must carry on at the incident's simulated time, not at its own T+0: the
clock is set there and runs on at the same speed.
"""

from __future__ import annotations

import time
from datetime import datetime

from services.clock import WarpedClock


class DrillClock(WarpedClock):
    """A :class:`~services.clock.WarpedClock` that can be set to a moment."""

    def set(self, moment: datetime) -> None:
        """From now on, simulated time runs on from ``moment``."""
        self.start = moment
        self._origin = time.monotonic()
