"""The app's base classes (the live feed, the incident, verify backups): Textual code, so it
lives with the screens; :mod:`console.shell.app` assembles them."""
