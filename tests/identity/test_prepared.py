"""``Prepared`` statements against the real database: the same values, types, row counts, errors and transaction
behaviour as ``Connection.execute`` of the same Core statement."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    exc,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from identity.prepared import Prepared

METADATA = MetaData()
PROBE = Table(
    f"prepared_probe_{secrets.token_hex(4)}",
    METADATA,
    Column("id", GUID(length=16), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("at", DateTimeUTC(timezone=True), nullable=True),
    Column("doc", JSON, nullable=True),
    Column("count", Integer, nullable=True),
    Column("flag", Boolean, nullable=False),
    Column("touched_at", DateTimeUTC(timezone=True), nullable=True, onupdate=lambda: dt.datetime.now(dt.UTC)),
)
KEYS = ("id", "name", "at", "doc", "count", "flag")
INSERT = Prepared(insert(PROBE), column_keys=KEYS)
BY_ID = Prepared(select(*(PROBE.c[key] for key in KEYS)).where(PROBE.c.id == bindparam("p_id")))
BUMP = Prepared(
    update(PROBE)
    .where(PROBE.c.name == bindparam("p_name"))
    .values(count=PROBE.c.count + 1, touched_at=bindparam("p_now"))
    .returning(PROBE.c.id, PROBE.c.count)
)


@pytest.fixture(scope="module")
async def probe(session_maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with session_maker() as session:
        await session.run_sync(lambda sync: METADATA.create_all(sync.connection()))
        await session.commit()
    yield session_maker
    async with session_maker() as session:
        await session.run_sync(lambda sync: METADATA.drop_all(sync.connection()))
        await session.commit()


def a_row(**changes: Any) -> dict[str, Any]:
    row = {
        "id": uuid.uuid4(), "name": secrets.token_hex(6), "count": 0, "flag": True,
        "at": dt.datetime(2024, 6, 30, 23, 59, 1, 5000, tzinfo=dt.UTC), "doc": {"amr": ["pwd", "otp"], "ar": "محمد"},
    }  # fmt: skip
    return {**row, **changes}


async def in_session(maker: async_sessionmaker[AsyncSession], work: Callable[[Session], Any], commit: bool) -> Any:
    async with maker() as session:
        result = await session.run_sync(work)
        await (session.commit() if commit else session.rollback())
    return result


async def test_values_and_types_match_sqlalchemys_own_execution(probe) -> None:
    rows = [a_row(), a_row(at=None, doc=None, count=None, flag=False)]
    await in_session(probe, lambda s: [INSERT.execute(s.connection(), row) for row in rows], commit=True)
    for row in rows:
        fast = await in_session(probe, lambda s, r=row: BY_ID.execute(s.connection(), {"p_id": r["id"]}).first(), False)
        stock = await in_session(
            probe, lambda s, r=row: s.connection().execute(BY_ID.statement, {"p_id": r["id"]}).first(), False
        )
        assert tuple(fast) == tuple(stock) == tuple(row[key] for key in KEYS)
        assert [type(value) for value in fast] == [type(value) for value in stock]
        assert fast.id == row["id"] and fast.doc == row["doc"] and fast._asdict() == stock._asdict()
    missing = await in_session(probe, lambda s: BY_ID.execute(s.connection(), {"p_id": uuid.uuid4()}), False)
    assert missing.first() is None and missing.rows == []


async def test_update_returning_and_rowcount(probe) -> None:
    row = a_row()
    await in_session(probe, lambda s: INSERT.execute(s.connection(), row), commit=True)
    now = dt.datetime.now(dt.UTC)
    bumped = await in_session(
        probe, lambda s: BUMP.execute(s.connection(), {"p_name": row["name"], "p_now": now}), True
    )
    assert bumped.rowcount == 1 and bumped.rows == [(row["id"], 1)] and bumped.scalar_one() == row["id"]
    nothing = await in_session(probe, lambda s: BUMP.execute(s.connection(), {"p_name": "nobody", "p_now": now}), True)
    assert nothing.rowcount == 0 and nothing.first() is None
    with pytest.raises(exc.NoResultFound):
        nothing.scalar_one()
    stored = await in_session(
        probe,
        lambda s: s.connection().execute(select(PROBE.c.touched_at).where(PROBE.c.id == row["id"])).scalar(),
        False,
    )
    assert stored == now  # the explicit value, not the column's onupdate


async def test_a_statement_is_part_of_the_sessions_transaction(probe) -> None:
    kept, dropped = a_row(), a_row()
    await in_session(probe, lambda s: INSERT.execute(s.connection(), kept), commit=True)
    await in_session(probe, lambda s: INSERT.execute(s.connection(), dropped), commit=False)
    found = await in_session(
        probe, lambda s: [BY_ID.execute(s.connection(), {"p_id": r["id"]}).first() for r in (kept, dropped)], False
    )
    assert found[0] is not None and found[0].name == kept["name"] and found[1] is None


async def test_a_fresh_connection_begins_a_transaction_the_caller_commits(probe) -> None:
    """Like ``Connection.execute`` (autobegin): a bare connection's commit covers the statement."""
    row = a_row()
    async with probe() as session:
        engine = session.bind
    async with engine.connect() as conn:  # type: ignore[union-attr]
        assert not conn.in_transaction()
        await conn.run_sync(lambda sync: INSERT.execute(sync, row))
        assert conn.in_transaction()
        await conn.commit()
    found = await in_session(probe, lambda s: BY_ID.execute(s.connection(), {"p_id": row["id"]}).first(), False)
    assert found is not None and found.name == row["name"]


async def test_driver_errors_arrive_as_sqlalchemy_errors_and_the_session_recovers(probe) -> None:
    row = a_row()
    await in_session(probe, lambda s: INSERT.execute(s.connection(), row), commit=True)
    async with probe() as session:
        with pytest.raises(exc.IntegrityError) as raised:
            await session.run_sync(lambda s: INSERT.execute(s.connection(), a_row(id=row["id"])))
        assert raised.value.orig is not None and "INSERT INTO" in str(raised.value.statement)
        await session.rollback()
        again = await session.run_sync(lambda s: BY_ID.execute(s.connection(), {"p_id": row["id"]}).first())
        assert again is not None and again.name == row["name"]


async def test_a_missing_parameter_is_refused_before_the_database(probe) -> None:
    with pytest.raises(exc.ArgumentError, match="p_id"):
        await in_session(probe, lambda s: BY_ID.execute(s.connection(), {}), False)
    incomplete = {key: value for key, value in a_row().items() if key != "count"}  # a listed column left out
    with pytest.raises(exc.ArgumentError, match="count"):
        await in_session(probe, lambda s: INSERT.execute(s.connection(), incomplete), False)


async def test_statements_prepared_cannot_take_are_refused_when_compiled(probe) -> None:
    async with probe() as session:
        dialect = session.bind.dialect  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="touched_at"):  # the column's onupdate is computed per execution
        Prepared(update(PROBE).values(count=1)).form(dialect)
    with pytest.raises(ValueError, match="expanding"):
        Prepared(select(PROBE.c.id).where(PROBE.c.name.in_(bindparam("p_names", expanding=True)))).form(dialect)
    with pytest.raises(ValueError, match="distinct column keys"):
        Prepared(select(PROBE.c.id, PROBE.c.id.label("id"))).form(dialect)


async def test_a_connection_the_server_dropped_is_invalidated(probe) -> None:
    """PostgreSQL only: a backend killed under a session makes the statement fail as a disconnect, and the pool
    never hands that connection out again."""
    async with probe() as session:
        if session.bind.dialect.name != "postgresql":  # type: ignore[union-attr]
            pytest.skip("a disconnect needs a database server")
        pid = await session.run_sync(lambda s: s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar())
        async with probe() as killer:
            await killer.run_sync(lambda s: s.connection().exec_driver_sql(f"SELECT pg_terminate_backend({pid})"))
        with pytest.raises(exc.DBAPIError) as raised:
            await session.run_sync(lambda s: BY_ID.execute(s.connection(), {"p_id": uuid.uuid4()}))
        assert raised.value.connection_invalidated
    async with probe() as session:
        fresh = await session.run_sync(lambda s: s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar())
        assert fresh != pid
