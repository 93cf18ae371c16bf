"""erlmcp Recovery Console: the core (CLI, settings, plan model, incident logic).

Nothing here imports Textual except :mod:`console.shell.app`, so the core can be used by
scripts, tests and the headless ``status``/``plan`` commands without a terminal UI.
"""

__version__ = "0.1.0"
