"""Alembic, driven from code: upgrade to heads, downgrade, report the current revisions."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bawaba.db import MIGRATIONS_DIR

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic's command and script machinery is imported only to migrate; start-up and /ready need just the heads.
_REVISION = re.compile(r"^revision(?:: str)? = [\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision[^=]*= (.+)$", re.MULTILINE)


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url)
    config.set_main_option("path_separator", "os")
    return config


@functools.cache
def script_heads(database_url: str = "") -> frozenset[str]:
    """The revisions no other revision names as its down_revision (what `alembic heads` prints)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text()
        revision = _REVISION.search(source)
        if revision is None:
            continue
        revisions.add(revision.group(1))
        down = _DOWN_REVISION.search(source)
        if down:
            parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    return frozenset(revisions - parents)


async def database_heads(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        try:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
        except Exception:  # no version table yet: an empty database
            return set()
        return {row[0] for row in rows}


async def is_at_head(engine: AsyncEngine, database_url: str) -> bool:
    return await database_heads(engine) == script_heads(database_url)


def upgrade(database_url: str, target: str = "heads") -> None:
    """Run in a worker thread or outside an event loop: env.py drives its own loop."""
    from alembic import command

    command.upgrade(alembic_config(database_url), target)


def downgrade(database_url: str, target: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), target)


async def current(database_url: str) -> set[str]:
    engine = create_async_engine(database_url)
    try:
        return await database_heads(engine)
    finally:
        await engine.dispose()
