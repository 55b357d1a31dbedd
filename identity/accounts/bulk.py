"""Bulk creation of the synthetic population: plain tuples, batched Core executemany (SQLite) or COPY (PostgreSQL).

No ORM objects and no password hashing (population credentials are derived, see population.py): 768 K people are a
few tens of seconds of inserts. Batches commit one at a time and CPRs already present are skipped, so an interrupted
seed resumes where it stopped and a repeated one adds nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from advanced_alchemy.mixins.uuid import uuid7
from sqlalchemy import select
from uuid_utils import uuid7 as fast_uuid7

from identity.accounts.models import Citizen
from identity.accounts.population import population_cpr, population_people

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

BATCH = 10_000
CITIZEN_COLUMNS = (
    "id",
    "cpr",
    "given_name_en",
    "middle_name_en",
    "family_name_en",
    "given_name_ar",
    "middle_name_ar",
    "family_name_ar",
    "birthdate",
    "gender",
    "nationality",
    "governorate",
    "block",
    "road",
    "building",
    "mobile",
    "id_card_number",
    "id_card_expiry",
    "origin",
    "created_at",
    "updated_at",
)
ACCOUNT_COLUMNS = ("id", "level", "status", "failed_attempts", "lockouts", "created_at", "updated_at")


async def _population_cprs(session_maker: async_sessionmaker[AsyncSession]) -> tuple[set[str], bool]:
    """(CPRs of the population already present, is PostgreSQL). One read instead of a lookup per batch."""
    async with session_maker() as session:
        present = set((await session.execute(select(Citizen.cpr).where(Citizen.origin == "population"))).scalars())
        return present, session.bind.dialect.name == "postgresql"


async def _copy(conn: AsyncConnection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    raw = await conn.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(table, records=rows, columns=list(columns))


async def _insert_many(conn: AsyncConnection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    placeholders = ", ".join("?" for _ in columns)
    await conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)


def _rows(secret_key: str, start: int, stop: int, present: set[str], postgres: bool) -> tuple[list, list, int]:
    """(citizen rows, account rows, members looked at) of population members start..stop-1 not yet present."""
    if present and all(population_cpr(secret_key, i) in present for i in range(start, stop)):
        return [], [], stop - start  # a re-run: CPRs alone are cheap, whole people are not
    now = dt.datetime.now(dt.UTC)
    citizens: list[tuple] = []
    accounts: list[tuple] = []
    if postgres:  # asyncpg's COPY takes Python values
        for person in population_people(secret_key, start, stop):
            if person.cpr not in present:
                person_id = uuid7()
                citizens.append((person_id, *person[:17], "population", now, now))
                accounts.append((person_id, person.level, "active", 0, 0, now, now))
        return citizens, accounts, stop - start
    # Plain DB-API executemany on SQLite: SQLAlchemy's per-value bind processing would double the seed's time, so
    # values are given in the forms SQLAlchemy itself stores (UUID bytes, ISO dates, "Y-m-d H:M:S.f" UTC times).
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    for person in population_people(secret_key, start, stop):
        if person.cpr not in present:
            person_id = fast_uuid7().bytes
            birth, expiry = person.birthdate.isoformat(), person.id_card_expiry.isoformat()
            citizens.append((person_id, *person[:7], birth, *person[8:16], expiry, "population", stamp, stamp))
            accounts.append((person_id, person.level, "active", 0, 0, stamp, stamp))
    return citizens, accounts, stop - start


async def seed_population(
    session_maker: async_sessionmaker[AsyncSession],
    secret_key: str,
    count: int,
    *,
    batch: int = BATCH,
    progress: Callable[[int], None] = lambda _done: None,
) -> int:
    """Ensure population members 0..count-1 exist; returns how many were created. `progress(n)` after each batch.

    The next batch is generated in a worker thread while the current one is written: SQLite and the PostgreSQL
    server work outside the GIL, so on two cores generation and insertion overlap.
    """
    created = 0
    present, postgres = await _population_cprs(session_maker)
    starts = list(range(0, count, batch))

    def build(start: int) -> asyncio.Future:
        return asyncio.ensure_future(
            asyncio.to_thread(_rows, secret_key, start, min(start + batch, count), present, postgres)
        )

    pending = build(starts[0]) if starts else None
    for index in range(len(starts)):
        citizens, accounts, looked_at = await pending
        pending = build(starts[index + 1]) if index + 1 < len(starts) else None
        if citizens:
            async with session_maker() as session:
                conn = await session.connection()
                if postgres:
                    await _copy(conn, "citizens", CITIZEN_COLUMNS, citizens)
                    await _copy(conn, "ekey_accounts", ACCOUNT_COLUMNS, accounts)
                else:
                    await _insert_many(conn, "citizens", CITIZEN_COLUMNS, citizens)
                    await _insert_many(conn, "ekey_accounts", ACCOUNT_COLUMNS, accounts)
                await session.commit()
            created += len(citizens)
        progress(looked_at)
    return created
