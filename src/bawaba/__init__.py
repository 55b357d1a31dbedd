"""Bawaba's composition root: app factory, settings, database, migrations and CLI."""

__version__ = "0.1.0"
