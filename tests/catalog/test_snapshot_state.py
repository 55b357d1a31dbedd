"""The per-process snapshot: refresh on version change, and the last good data kept when the database fails."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from catalog.snapshot import CatalogState


async def test_version_check_failure_keeps_serving_the_last_snapshot(session_maker: Any, tmp_path: Path) -> None:
    state = CatalogState(refresh_interval=0.0)
    state.session_maker = session_maker
    first = await state.current()
    assert len(first.services) >= 700
    # Point the state at a database without the catalog tables: every version check now raises.
    broken = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    state.session_maker = async_sessionmaker(broken)
    try:
        assert await state.current() is first
        assert await state.current() is first
    finally:
        await broken.dispose()


async def test_unchanged_version_keeps_the_same_snapshot(session_maker: Any) -> None:
    state = CatalogState(refresh_interval=0.0)
    state.session_maker = session_maker
    first = await state.current()
    assert await state.current() is first  # version checked again, nothing changed: no rebuild


async def test_concurrent_requests_share_one_load(session_maker: Any) -> None:
    state = CatalogState(refresh_interval=60.0)
    state.session_maker = session_maker
    snapshots = await asyncio.gather(*(state.current() for _ in range(5)))
    assert all(s is snapshots[0] for s in snapshots)
    assert state.fresh() is snapshots[0]
