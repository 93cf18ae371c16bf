"""The maintenance calendar screen (key ``u``)."""
