"""Alembic, driven from code: upgrade to heads, downgrade, report the current revisions."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bawaba.db import MIGRATIONS_DIR


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url)
    config.set_main_option("path_separator", "os")
    return config


def script_heads(database_url: str) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(database_url)).get_heads())


async def database_heads(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_heads()))


async def is_at_head(engine: AsyncEngine, database_url: str) -> bool:
    return await database_heads(engine) == script_heads(database_url)


def upgrade(database_url: str, target: str = "heads") -> None:
    """Run in a worker thread or outside an event loop: env.py drives its own loop."""
    command.upgrade(alembic_config(database_url), target)


def downgrade(database_url: str, target: str) -> None:
    command.downgrade(alembic_config(database_url), target)


async def current(database_url: str) -> set[str]:
    engine = create_async_engine(database_url)
    try:
        return await database_heads(engine)
    finally:
        await engine.dispose()
