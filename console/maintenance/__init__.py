"""Upkeep: the maintenance journal (verifications, test restores, tasks marked done) and
the calendar of maintenance and test tasks folded from it."""
