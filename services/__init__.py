"""Async adapters to the outside world, and the simulated drill environment.

Knows nothing of Textual or of ``console``: import-linter enforces it.
"""
