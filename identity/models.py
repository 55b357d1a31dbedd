"""Every identity model module, imported so Alembic's metadata sees all tables."""

# Each feature area adds its models module here.
