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

import msgspec
from sqlalchemy import Table, delete, select, tuple_

from catalog import models as m
from catalog import seed_records as r

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

BATCH = 1000
# created_at of reference rows: fixed, so a reload never changes a row (the import time lives in catalog_version).
EPOCH = datetime.datetime(2024, 6, 30, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class SeedStep:
    name: str
    digest: str
    run: Callable[[async_sessionmaker[AsyncSession]], Awaitable[int]]


def data_dir(config: Any) -> Path:
    return Path(config.seeds_dir) / "catalog"


def data_digest(directory: Path) -> str:
    """The manifest lists every file's SHA-256, so its own hash identifies the whole data set."""
    return hashlib.sha256((directory / "manifest.json").read_bytes()).hexdigest()


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


def _decode(directory: Path, name: str, kind: Any) -> Any:
    return msgspec.json.decode((directory / name).read_bytes(), type=kind)


def _table(directory: Path, name: str, columns: list[str]) -> list[list[Any]]:
    table = _decode(directory, name, r.Table)
    if table.columns != columns:
        raise ValueError(f"{name}: columns {table.columns} != expected {columns}")
    return table.rows


def _u(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


class CatalogData:
    """Every row of the seed as {table: [row dict]}, with natural references resolved to ids."""

    def __init__(self, directory: Path) -> None:
        self.digest = data_digest(directory)
        manifest = _decode(directory, "manifest.json", r.Manifest)
        if manifest.schema_version != 1:
            raise ValueError(f"unsupported catalog seed schema {manifest.schema_version}")
        for name, sha in manifest.files.items():
            if hashlib.sha256((directory / name).read_bytes()).hexdigest() != sha:
                raise ValueError(f"{name} does not match manifest.json (regenerate: python -m seeds.catalog.generate)")
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self._reference(directory)
        self._services(_decode(directory, "services.json", list[r.ServiceRec]))
        self._stats(directory)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(row)

    def _reference(self, d: Path) -> None:
        entities = _decode(d, "entities.json", list[r.EntityRec])
        self.entity = {e.code: uuid.UUID(e.id) for e in entities}
        for e in entities:
            cp = e.contact_point
            self.add(
                "entity",
                {
                    **_plain(e, "contact_point", "parent"),
                    "id": self.entity[e.code],
                    "parent_id": self.entity[e.parent] if e.parent else None,
                    "created_at": EPOCH,
                    "updated_at": EPOCH,
                },
            )
            self.add(
                "contact_point",
                {**_plain(cp), "id": uuid.UUID(cp.id), "entity_id": self.entity[e.code], "service_id": None},
            )
        cats = _decode(d, "categories.json", list[r.CategoryRec])
        self.category = {c.slug: uuid.UUID(c.id) for c in cats}
        for c in cats:
            self.add(
                "category",
                {
                    **_plain(c, "parent"),
                    "id": self.category[c.slug],
                    "parent_id": self.category[c.parent] if c.parent else None,
                },
            )
        events = _decode(d, "events.json", list[r.EventRec])
        self.event = {e.slug: uuid.UUID(e.id) for e in events}
        for e in events:
            self.add("event", {**_plain(e), "id": self.event[e.slug]})
        apps = _decode(d, "apps.json", list[r.AppRec])
        self.app = {a.slug: uuid.UUID(a.id) for a in apps}
        for a in apps:
            self.add("app", {**_plain(a, "entity"), "id": self.app[a.slug], "entity_id": self.entity[a.entity]})
        channels = _decode(d, "channels.json", list[r.ChannelRec])
        self.channel = {c.code: uuid.UUID(c.id) for c in channels}
        for c in channels:
            self.add(
                "channel",
                {**_plain(c, "app"), "id": self.channel[c.code], "app_id": self.app[c.app] if c.app else None},
            )
        systems = _decode(d, "national_systems.json", list[r.NationalSystemRec])
        self.system = {s.slug: uuid.UUID(s.id) for s in systems}
        for s in systems:
            self.add(
                "national_system",
                {**_plain(s, "entity"), "id": self.system[s.slug], "entity_id": self.entity[s.entity]},
            )
        legal = _decode(d, "legal_resources.json", list[r.LegalRec])
        self.legal = {x.slug: uuid.UUID(x.id) for x in legal}
        for x in legal:
            self.add("legal_resource", {**_plain(x), "id": self.legal[x.slug]})

    def _services(self, services: list[r.ServiceRec]) -> None:
        self.service = {s.code: uuid.UUID(s.id) for s in services}
        nested = (
            "entity",
            "national_system",
            "categories",
            "events",
            "audience",
            "related",
            "channels",
            "costs",
            "requirements",
            "evidence",
            "outputs",
            "steps",
            "legal",
        )
        for s in services:
            sid = self.service[s.code]
            self.add(
                "service",
                {
                    **_plain(s, *nested),
                    "id": sid,
                    "entity_id": self.entity[s.entity],
                    "national_system_id": self.system[s.national_system] if s.national_system else None,
                    "created_at": EPOCH,
                },
            )
            for i, slug in enumerate(s.categories):
                self.add(
                    "service_category", {"service_id": sid, "category_id": self.category[slug], "is_primary": i == 0}
                )
            for slug in s.events:
                self.add("service_event", {"service_id": sid, "event_id": self.event[slug]})
            for aud in s.audience:
                self.add("service_audience", {"service_id": sid, "audience": aud})
            for rel in s.related:
                self.add("service_related", {"service_id": sid, "related_id": self.service[rel.code], "kind": rel.kind})
            for ch in s.channels:
                self.add(
                    "service_channel",
                    {**_plain(ch, "channel"), "service_id": sid, "channel_id": self.channel[ch.channel]},
                )
            for c in s.costs:
                self.add(
                    "cost",
                    {
                        **_plain(c, "channel", "defined_by"),
                        "id": uuid.UUID(c.id),
                        "service_id": sid,
                        "channel_id": self.channel[c.channel] if c.channel else None,
                        "defined_by_entity_id": self.entity[c.defined_by] if c.defined_by else None,
                    },
                )
            for kind, items in (("requirement", s.requirements), ("output", s.outputs)):
                for it in items:
                    self.add(kind, {**_plain(it), "id": uuid.UUID(it.id), "service_id": sid})
            for ev in s.evidence:
                self.add(
                    "evidence",
                    {
                        **_plain(ev, "channel"),
                        "id": uuid.UUID(ev.id),
                        "service_id": sid,
                        "channel_id": self.channel[ev.channel] if ev.channel else None,
                    },
                )
            for st in s.steps:
                self.add("step", {**_plain(st), "service_id": sid})
            for slug in s.legal:
                self.add("service_legal", {"service_id": sid, "legal_resource_id": self.legal[slug]})

    def _stats(self, d: Path) -> None:
        cols = ["service", "channel", "month", "transactions", "payments_fils"]
        for code, chan, month, n, fils in _table(d, "stats_service_month.json", cols):
            self.add(
                "stats_service_month",
                {
                    "service_id": self.service[code],
                    "channel_id": self.channel[chan],
                    "month": month,
                    "transactions": n,
                    "payments_fils": fils,
                },
            )
        for slug, month, users, downloads in _table(d, "stats_app_month.json", ["app", "month", "users", "downloads"]):
            self.add(
                "stats_app_month", {"app_id": self.app[slug], "month": month, "users": users, "downloads": downloads}
            )
        cols = [
            "entity",
            "month",
            "case_type",
            "cases",
            "within_sla",
            "sla_hours",
            "mean_close_hours",
            "rated",
            "satisfied",
        ]
        for e, month, *rest in _table(d, "tawasul_stats_month.json", cols):
            self.add(
                "tawasul_stats_month",
                {"entity_id": self.entity[e], "month": month, **dict(zip(cols[2:], rest, strict=True))},
            )


def _plain(rec: msgspec.Struct, *skip: str) -> dict[str, Any]:
    return {f: getattr(rec, f) for f in rec.__struct_fields__ if f not in skip and f != "id"}


# Load order respects foreign keys; `prune` tables lose rows of seeded services that the data no longer has.
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
