"""PostgreSQL pool liveness without a ping per checkout: a connection the server closed is never handed out."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bawaba import db
from bawaba.db import create_engine
from bawaba.problems import _is_overload


def _admin_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg", "postgresql")


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (set BAWABA_TEST_DATABASE_URL)")
    return database_url


async def _backend_pid(engine) -> int:  # type: ignore[no-untyped-def]
    async with engine.connect() as conn:
        return (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()


async def _terminate(url: str, pid: int) -> None:
    admin = await asyncpg.connect(_admin_dsn(url))
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await admin.close()


async def test_a_connection_closed_by_the_server_is_replaced_on_checkout(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        first = await _backend_pid(engine)
        assert await _backend_pid(engine) == first  # pooled: the same backend while it lives
        await _terminate(postgres_url, first)
        await asyncio.sleep(0.3)  # the loop reads the server's goodbye and asyncpg marks the connection closed
        second = await _backend_pid(engine)  # no error: the pool replaced the dead connection before use
        assert second != first
    finally:
        await engine.dispose()


async def test_an_idle_connection_is_pinged_and_replaced_when_the_ping_fails(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(postgres_url, pool_size=1, max_overflow=0)
    pings: list[bool] = []
    try:
        first = await _backend_pid(engine)
        monkeypatch.setattr(db, "PING_AFTER_IDLE_S", 0.0)
        async with engine.connect() as conn:  # idle "long enough": pinged on checkout, and alive
            raw = await conn.get_raw_connection()
            adapted = raw.dbapi_connection
            original_ping = type(adapted).ping
            assert (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one() == first

        def failing_ping(self) -> None:  # type: ignore[no-untyped-def]
            pings.append(True)
            raise ConnectionResetError("cut silently by the network")

        monkeypatch.setattr(type(adapted), "ping", failing_ping)
        async with engine.connect() as conn:  # the ping fails: the pool connects anew
            monkeypatch.setattr(type(adapted), "ping", original_ping)
            assert (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one() != first
        assert pings == [True]
    finally:
        await engine.dispose()


def test_a_connection_lost_mid_request_is_a_retryable_503_not_a_500() -> None:
    lost = DBAPIError("SELECT 1", {}, ConnectionResetError("gone"), connection_invalidated=True)
    assert _is_overload(lost)
    assert not _is_overload(DBAPIError("SELECT 1", {}, ValueError("bad value"), connection_invalidated=False))
