"""SQLite statements run inline on the event loop: lock waits must not block it, and nothing may deadlock."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bawaba import sqlite_inline
from bawaba.db import create_engine
from bawaba.sqlite_inline import InlineConnection


@pytest.fixture
async def engine(tmp_path) -> AsyncEngine:  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    yield engine
    await engine.dispose()


async def test_statements_run_on_the_loop_thread_with_lock_waits_left_to_the_loop(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        assert isinstance(raw.driver_connection, InlineConnection)
        assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one() == 0
        assert (await conn.execute(text("PRAGMA journal_mode"))).scalar_one() == "wal"
        seen: list[int] = []
        raw.driver_connection._conn.create_function("whoami", 0, lambda: seen.append(threading.get_ident()) or 1)
        await conn.execute(text("SELECT whoami()"))
    assert seen == [threading.get_ident()]


async def test_a_writer_waits_for_another_without_blocking_the_loop(engine: AsyncEngine) -> None:
    """Writer A holds the write lock across an await; writer B (same loop) must wait asynchronously, not
    sleep in SQLite's busy handler (which would freeze the loop and deadlock A)."""
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.005)
            ticks += 1

    async def writer_a() -> None:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
            await asyncio.sleep(0.3)  # holds the write lock, yielding to the loop

    async def writer_b() -> float:
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (v) VALUES ('b')"))
        return time.perf_counter() - started

    tick_task = asyncio.create_task(ticker())
    _, waited = await asyncio.wait_for(asyncio.gather(writer_a(), writer_b()), timeout=8)
    stop.set()
    await tick_task
    assert waited >= 0.2, "B wrote while A held the lock"
    assert ticks >= 30, f"the loop was blocked while B waited ({ticks} ticks in ~0.3 s)"
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT group_concat(v, '') FROM t ORDER BY id"))).scalar_one() == "ab"


async def test_a_lock_held_too_long_fails_cleanly(engine: AsyncEngine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sqlite_inline, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's writer that never finishes
    try:
        started = time.perf_counter()
        with pytest.raises(Exception, match="database is locked"):
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t (v) VALUES ('late')"))
        assert 0.15 < time.perf_counter() - started < 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_checkpointer_moves_the_log_into_the_database(engine: AsyncEngine, tmp_path) -> None:
    path = str(tmp_path / "inline.db")
    sqlite_inline._checkpointer._paths.discard(os.path.abspath(path))  # this test runs the checkpoint itself
    async with engine.begin() as conn:
        for i in range(200):
            await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": "x" * 500 + str(i)})
    async with engine.connect() as conn:  # automatic checkpoints are off on inline connections
        assert (await conn.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one() == 0
    before = os.path.getsize(path)  # the rows are still only in the -wal file
    sqlite_inline._Checkpointer.checkpoint(path)
    assert os.path.getsize(path) > before + 100_000


def test_a_fork_waits_for_a_running_checkpoint() -> None:
    """A worker forked while the parent's checkpointer is inside SQLite would inherit SQLite's mutexes locked and
    hang at its first connection: a fork waits until the round of checkpoints is over."""
    checkpointer = sqlite_inline._checkpointer
    started, release = threading.Event(), threading.Event()

    def long_checkpoint() -> None:
        with checkpointer._working:  # what the checkpointer thread holds while it checkpoints
            started.set()
            release.wait(5)

    holder = threading.Thread(target=long_checkpoint)
    holder.start()
    started.wait(5)
    threading.Timer(0.3, release.set).start()
    began = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: its copy of the lock is free again
        os._exit(0 if checkpointer._working.acquire(timeout=1) else 1)
    waited = time.perf_counter() - began
    _, status = os.waitpid(pid, 0)
    holder.join()
    assert waited >= 0.25, f"the fork did not wait for the checkpoint ({waited:.3f} s)"
    assert os.waitstatus_to_exitcode(status) == 0
    assert checkpointer._working.acquire(timeout=1)  # and the parent's is free too
    checkpointer._working.release()
