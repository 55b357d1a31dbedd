"""Catalog seed steps (docs/CONTRIBUTING.md "Seeding"): load seeds/catalog/*.json, then rebuild the search columns.

The load is an idempotent upsert keyed by the generator's deterministic ids (UUIDv5 of the natural key) and the
natural composite keys of join and statistics tables, one table at a time in executemany batches, so the whole
catalog (~25 K rows) loads in about a second and a second run changes nothing. Child rows of seeded services that
the new data no longer has are deleted; services themselves are never deleted (tests and admins may add their own).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, select, tuple_

from catalog import models as m
from catalog.seed_files import EPOCH, CatalogData, data_digest

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

BATCH = 1000


@dataclass(frozen=True)
class SeedStep:
    name: str
    digest: str
    run: Callable[[async_sessionmaker[AsyncSession]], Awaitable[int]]


def data_dir(config: Any) -> Path:
    return Path(config.seeds_dir) / "catalog"


def _source_digest(*modules: str) -> str:
    h = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec and spec.origin:
            h.update(Path(spec.origin).read_bytes())
    return h.hexdigest()


def seed_steps(config: Any) -> list[SeedStep]:
    directory = data_dir(config)
    digest = data_digest(directory)
    # The search columns depend on the data and on the analyzer's code: rerun when either changes.
    search_digest = hashlib.sha256(
        (digest + _source_digest("catalog.search", "catalog.search_index")).encode()
    ).hexdigest()
    return [
        SeedStep("catalog.data", digest, partial(load_catalog, directory)),
        SeedStep("catalog.search_index", search_digest, _rebuild_search_index),
    ]


async def _rebuild_search_index(session_maker: async_sessionmaker[AsyncSession]) -> int:
    # Imported lazily: the search index module belongs to the catalog API and is optional for the data load.
    from catalog.search_index import rebuild_search_index

    return await rebuild_search_index(session_maker)


# ---------------------------------------------------------------------------------------------------------------


ORDER = [
    "entity",
    "contact_point",
    "category",
    "event",
    "app",
    "channel",
    "national_system",
    "legal_resource",
    "service",
    "service_category",
    "service_event",
    "service_audience",
    "service_channel",
    "cost",
    "requirement",
    "evidence",
    "output",
    "step",
    "service_legal",
    "service_related",
    "stats_service_month",
    "stats_app_month",
    "tawasul_stats_month",
]
PRUNE = {
    "service_category",
    "service_event",
    "service_audience",
    "service_channel",
    "cost",
    "requirement",
    "evidence",
    "output",
    "step",
    "service_legal",
    "service_related",
    "stats_service_month",
}
# Columns another step owns: never overwritten by the data load.
KEEP = {"service": {"search_doc_en", "search_doc_ar"}}


def _insert(table: Table, dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


async def _upsert(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> None:
    """One INSERT ... ON CONFLICT statement compiled once and executed for many rows (executemany) per batch."""
    stmt = _insert(table, session.bind.dialect.name)
    pk = [c.name for c in table.primary_key.columns]
    update_cols = [k for k in rows[0] if k not in pk and k != "created_at"]
    if update_cols:
        stmt = stmt.on_conflict_do_update(index_elements=pk, set_={k: stmt.excluded[k] for k in update_cols})
    else:  # pure join rows: nothing to update
        stmt = stmt.on_conflict_do_nothing(index_elements=pk)
    for start in range(0, len(rows), BATCH):
        await session.execute(stmt, rows[start : start + BATCH])


async def _prune(session: AsyncSession, table: Table, rows: list[dict[str, Any]], services: set[uuid.UUID]) -> int:
    pk = [c.name for c in table.primary_key.columns]
    cols = [table.c[name] for name in pk]
    wanted = {tuple(row[name] for name in pk) for row in rows}
    existing = (await session.execute(select(*cols, table.c.service_id))).all()
    stale = [tuple(row[: len(pk)]) for row in existing if row[-1] in services and tuple(row[: len(pk)]) not in wanted]
    for start in range(0, len(stale), BATCH):
        chunk = stale[start : start + BATCH]
        await session.execute(
            delete(table).where(tuple_(*cols).in_(chunk) if len(cols) > 1 else cols[0].in_([k[0] for k in chunk]))
        )
    return len(stale)


def _complete(table: Table, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill every remaining column with its Python default so all rows share one executemany statement."""
    skip = KEEP.get(table.name, set()) | {"sa_orm_sentinel"}
    out = []
    for row in rows:
        full = dict(row)
        for col in table.columns:
            if col.name in full or col.name in skip:
                continue
            default = col.default.arg if col.default is not None and not callable(col.default.arg) else None
            full[col.name] = EPOCH if col.name in ("created_at", "updated_at") else default
        out.append(full)
    return out


async def load_catalog(directory: Path, session_maker: async_sessionmaker[AsyncSession]) -> int:
    """Upsert the whole catalog from `directory`; returns the number of rows written."""
    import anyio.to_thread

    data = await anyio.to_thread.run_sync(CatalogData, directory)  # parsing + validation is CPU work
    tables = m.Service.metadata.tables
    seeded = set(data.service.values())
    async with session_maker() as session:
        loaded = set((await session.scalars(select(m.CatalogVersion.source_digest))).all())
    # Stale child rows can only exist when a different data set was loaded before; skip the scan otherwise.
    prune = bool(loaded - {data.digest})
    written = 0
    for name in ORDER:
        rows = _complete(tables[name], data.rows.get(name, []))
        async with session_maker() as session, session.begin():
            if prune and name in PRUNE:
                await _prune(session, tables[name], rows, seeded)
            if rows:
                await _upsert(session, tables[name], rows)
        written += len(rows)
    async with session_maker() as session, session.begin():
        etag = f"catalog-{data.digest[:16]}"
        if (await session.execute(select(m.CatalogVersion.id).where(m.CatalogVersion.etag == etag))).first() is None:
            session.add(
                m.CatalogVersion(
                    etag=etag,
                    source_digest=data.digest,
                    services=len(seeded),
                    published_at=datetime.datetime.now(datetime.UTC),
                )
            )
            written += 1
    return written
