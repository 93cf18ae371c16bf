"""Allows ``python -m console`` as an alias of the ``recovery-console`` script."""

from console.shell.cli import main

raise SystemExit(main())
