"""Layout thresholds the dashboard and the console's first frame share (no Textual here:
the first frame imports it before anything heavy)."""

WIDE_COLUMNS = 150
"""From this width the dashboard's panes sit in a two-column grid instead of one scrolling
column."""
