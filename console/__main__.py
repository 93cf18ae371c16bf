"""Allows ``python -m console`` as an alias of the ``recovery-console`` script."""

from console.cli import main

raise SystemExit(main())
