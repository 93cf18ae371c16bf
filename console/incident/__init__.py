"""The incident: an append-only journal of events, and the state folded from it."""
