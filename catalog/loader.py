"""Read the whole catalog from the database into plain structures (one query per table).

The catalog is small and read-only between imports, so each server process holds one snapshot in memory and
serves lists, details and search from it (see `catalog.snapshot`). One SELECT per table, assembled in Python,
is identical on SQLite and PostgreSQL and avoids N+1 relationship loads.

Rows are read with Core statements into one named tuple class per table (fields named after the columns, which
are also the models' attribute names), not as ORM objects: the snapshot only reads columns, and building ~13 K
ORM instances cost four times the read itself. While reading, every row is folded into `content_digest`, a
SHA-256 of the catalog tables' exact contents: the key of the on-disk snapshot cache (`catalog.snapshot_cache`).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict, namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from catalog import models as m


@dataclass
class CatalogRows:
    """Every catalog table as lists of rows (named tuples, see the module docstring), plus the version key they
    were read at and the digest of their contents."""

    version_key: tuple[Any, ...]
    version_label: str
    content_digest: str
    entities: list[m.Entity]
    categories: list[m.Category]
    events: list[m.Event]
    apps: list[m.App]
    channels: list[m.Channel]
    systems: list[m.NationalSystem]
    services: list[m.Service]
    legal: list[m.LegalResource]
    service_categories: dict[Any, list[m.ServiceCategory]] = field(default_factory=dict)
    service_events: dict[Any, list[Any]] = field(default_factory=dict)
    service_audience: dict[Any, list[str]] = field(default_factory=dict)
    service_related: dict[Any, list[m.ServiceRelated]] = field(default_factory=dict)
    service_channels: dict[Any, list[m.ServiceChannel]] = field(default_factory=dict)
    costs: dict[Any, list[m.Cost]] = field(default_factory=dict)
    requirements: dict[Any, list[m.Requirement]] = field(default_factory=dict)
    evidence: dict[Any, list[m.Evidence]] = field(default_factory=dict)
    outputs: dict[Any, list[m.Output]] = field(default_factory=dict)
    steps: dict[Any, list[m.Step]] = field(default_factory=dict)
    service_legal: dict[Any, list[Any]] = field(default_factory=dict)
    service_contacts: dict[Any, list[m.ContactPoint]] = field(default_factory=dict)
    entity_contacts: dict[Any, list[m.ContactPoint]] = field(default_factory=dict)


def _group(rows: list[Any], attr: str, sort: Callable[[Any], Any] | None = None) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attr)].append(row)
    if sort is not None:
        for items in grouped.values():
            items.sort(key=sort)
    return dict(grouped)


def version_query() -> Any:
    """One cheap query whose result changes whenever the catalog does.

    The newest `catalog_version` row covers imports; the service count, newest `updated_at` and the sum of
    `version` also catch edits made without a new import (an admin fix, a test). Checked at most once per
    `refresh_interval` per process.
    """
    return select(
        select(func.max(m.CatalogVersion.id)).scalar_subquery(),
        select(func.count(m.Service.id)).scalar_subquery(),
        select(func.max(m.Service.updated_at)).scalar_subquery(),
        select(func.coalesce(func.sum(m.Service.version), 0)).scalar_subquery(),
    )


def _key(row: Any) -> tuple[Any, ...]:
    newest, count, updated, versions = row
    if isinstance(updated, datetime.datetime):
        # SQLite returns a naive string or datetime, PostgreSQL an aware one: compare as text of the UTC instant.
        updated = updated.replace(tzinfo=None).isoformat()
    return (newest, int(count or 0), str(updated), int(versions or 0))


async def read_version_key(session: Any) -> tuple[Any, ...]:
    return _key((await session.execute(version_query())).one())


async def read_catalog(session_maker: Callable[[], Any]) -> CatalogRows:
    digest = hashlib.sha256()
    async with session_maker() as session:
        key = await read_version_key(session)
        label = (
            await session.execute(select(m.CatalogVersion.etag).order_by(m.CatalogVersion.id.desc()).limit(1))
        ).scalar_one_or_none()

        async def all_of(model: Any, order: Callable[[Any], Any] | None = None) -> list[Any]:
            # Sorted in Python, not with ORDER BY: PostgreSQL's linguistic collation orders "a-b" and "ab"
            # differently from SQLite's binary one, and every order here must be identical on both databases.
            table = model.__table__
            result = await session.execute(select(table))
            columns = tuple(result.keys())
            row_type = namedtuple(model.__name__, columns)  # type: ignore[misc]
            found = [row_type._make(row) for row in result]
            _fold(digest, table.name, columns, found)
            return sorted(found, key=order) if order else found

        rows = CatalogRows(
            version_key=key,
            version_label=label or "unversioned",
            content_digest="",
            entities=await all_of(m.Entity, lambda x: x.code),
            categories=await all_of(m.Category, lambda x: (x.sort, x.slug)),
            events=await all_of(m.Event, lambda x: (x.sort, x.slug)),
            apps=await all_of(m.App, lambda x: (x.sort, x.slug)),
            channels=await all_of(m.Channel, lambda x: (x.sort, x.code)),
            systems=await all_of(m.NationalSystem, lambda x: (x.sort, x.slug)),
            services=await all_of(m.Service, lambda x: x.code),
            legal=await all_of(m.LegalResource, lambda x: x.slug),
        )
        rows.service_categories = _group(await all_of(m.ServiceCategory), "service_id", lambda x: str(x.category_id))
        rows.service_events = _group(await all_of(m.ServiceEvent), "service_id", lambda x: str(x.event_id))
        rows.service_audience = {
            k: sorted(a.audience for a in v) for k, v in _group(await all_of(m.ServiceAudience), "service_id").items()
        }
        rows.service_related = _group(await all_of(m.ServiceRelated), "service_id", lambda x: str(x.related_id))
        rows.service_channels = _group(await all_of(m.ServiceChannel), "service_id", lambda x: str(x.channel_id))
        rows.costs = _group(await all_of(m.Cost), "service_id", lambda c: (c.sort, c.amount_fils, str(c.id)))
        rows.requirements = _group(await all_of(m.Requirement), "service_id", lambda r: (r.sort, r.name_en))
        rows.evidence = _group(await all_of(m.Evidence), "service_id", lambda r: (r.sort, r.name_en))
        rows.outputs = _group(await all_of(m.Output), "service_id", lambda r: (r.sort, r.name_en))
        rows.steps = _group(await all_of(m.Step), "service_id", lambda r: r.n)
        rows.service_legal = _group(await all_of(m.ServiceLegal), "service_id", lambda x: str(x.legal_resource_id))
        contacts = await all_of(m.ContactPoint)
        rows.service_contacts = _group(
            [c for c in contacts if c.service_id is not None], "service_id", lambda c: str(c.id)
        )
        rows.entity_contacts = _group(
            [c for c in contacts if c.entity_id is not None], "entity_id", lambda c: str(c.id)
        )
        _fold(digest, "catalog_version", *await _versions(session))
    rows.content_digest = digest.hexdigest()
    return rows


async def _versions(session: Any) -> tuple[tuple[str, ...], list[Any]]:
    result = await session.execute(select(m.CatalogVersion.__table__))
    return tuple(result.keys()), list(result)


def _fold(digest: Any, table: str, columns: tuple[str, ...], rows: list[Any]) -> None:
    """Add one table's contents to the digest, independent of the order the database returned the rows in."""
    digest.update(f"\x1e{table}\x1f{columns!r}\x1f{len(rows)}".encode())
    for line in sorted(repr(tuple(row)) for row in rows):
        digest.update(line.encode())
        digest.update(b"\x1f")
