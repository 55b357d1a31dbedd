"""``run_unit`` against the real database: what a unit of work commits, rolls back and gives back to the pool."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from identity.prepared import Prepared
from identity.units import ConnectionUnit, run_unit

METADATA = MetaData()
ROWS = Table(
    f"unit_probe_{secrets.token_hex(4)}",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("note", String(32), nullable=False),
)
PUT = Prepared(insert(ROWS).values(id=bindparam("p_id"), note=bindparam("p_note")))
GET = Prepared(select(ROWS.c.note).where(ROWS.c.id == bindparam("p_id")))


class Refused(Exception):
    pass


@pytest.fixture(scope="module")
async def engine(session_maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncEngine]:
    engine = session_maker.kw["bind"]
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.create_all)
    yield engine
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.drop_all)


def put(unit: ConnectionUnit, row_id: int, note: str = "x") -> None:
    PUT.execute(unit.connection(), {"p_id": row_id, "p_note": note})


async def stored(engine: AsyncEngine, row_id: int) -> str | None:
    return await run_unit(engine, lambda unit: GET.execute(unit.connection(), {"p_id": row_id}).scalar())


def new_id() -> int:
    return secrets.randbelow(2**31)


async def test_a_unit_that_returns_is_committed_and_its_connection_returned(engine: AsyncEngine) -> None:
    row_id, checked_out = new_id(), engine.pool.checkedout()  # type: ignore[attr-defined]
    assert await run_unit(engine, lambda unit: put(unit, row_id, "kept") or "answer") == "answer"
    assert await stored(engine, row_id) == "kept"
    assert engine.pool.checkedout() == checked_out  # type: ignore[attr-defined]


async def test_a_unit_that_raises_is_rolled_back_except_what_it_committed(engine: AsyncEngine) -> None:
    """A failed sign-in commits its audit row and lockout count before answering: that part must survive."""
    committed, dropped, checked_out = new_id(), new_id(), engine.pool.checkedout()  # type: ignore[attr-defined]

    def work(unit: ConnectionUnit) -> None:
        put(unit, committed)
        unit.commit()
        put(unit, dropped)
        raise Refused

    with pytest.raises(Refused):
        await run_unit(engine, work)
    assert await stored(engine, committed) == "x" and await stored(engine, dropped) is None
    assert engine.pool.checkedout() == checked_out  # type: ignore[attr-defined]


async def test_a_discarded_unit_keeps_nothing_it_wrote_before_or_after(engine: AsyncEngine) -> None:
    before, after = new_id(), new_id()

    def work(unit: ConnectionUnit) -> str:
        put(unit, before)
        unit.discard()
        put(unit, after)
        return "refused"

    assert await run_unit(engine, work) == "refused"
    assert await stored(engine, before) is None and await stored(engine, after) is None


async def test_a_read_only_unit_runs_in_autocommit_on_postgresql_and_leaves_the_pool_as_it_was(
    engine: AsyncEngine,
) -> None:
    def autocommit(unit: ConnectionUnit) -> bool:
        return bool(getattr(unit.connection().connection.dbapi_connection, "autocommit", False))

    read_only = await run_unit(engine, autocommit, read_only=True)
    assert read_only is (engine.dialect.name == "postgresql")
    assert not await run_unit(engine, autocommit)  # the next unit on a pooled connection is transactional again
