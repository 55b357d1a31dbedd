"""The on-disk snapshot cache: a second process loads what the first built, with identical answers, and any change
to a catalog row (even one the per-second version check cannot see) or to the building code means a rebuild."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import async_sessionmaker

from catalog import models as m
from catalog import snapshot_cache
from catalog.listing import ListQuery, run
from catalog.loader import read_catalog, read_version_key
from catalog.snapshot import CatalogState, Snapshot

QUERIES = ("شهاده الميلاد", "birth certificate", "renewal licence", "سجل تجاري", "pasport")


def answers(snap: Snapshot) -> dict[str, Any]:
    """What clients can observe of a snapshot: ETags, bodies, rankings, facets, list orders, labels."""
    return {
        "digest": snap.digest,
        "version": snap.version,
        "details": [(rec.code, rec.detail_etag, rec.detail_body) for rec in snap.services],
        "search": {q: [(i.code, i.score) for i in run(snap, ListQuery(q=q, limit=25)).items] for q in QUERIES},
        "facets": {f: [(v, sorted(ids)) for v, ids in p] for f, p in snap.facet_postings.items()},
        "orders": snap.static_orders,
        "labels": snap.labels,
        "entities": [e.code for e in snap.rows.entities],
    }


async def test_a_second_process_loads_the_cached_snapshot(
    session_maker: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = CatalogState(refresh_interval=60.0, cache_dir=tmp_path)
    first.session_maker = session_maker
    built = await first.current()
    files = list(tmp_path.glob("catalog-snapshot-*.pickle"))
    assert len(files) == 1

    second = CatalogState(refresh_interval=60.0, cache_dir=tmp_path)  # a new process: nothing in memory
    second.session_maker = session_maker
    with caplog.at_level(logging.INFO, logger="catalog.snapshot"):
        loaded = await second.current()
    assert "loaded from the cache" in caplog.text
    assert loaded is not built
    assert answers(loaded) == answers(built)
    # Encoded on first use, per process: a loaded snapshot starts with none of them.
    assert loaded.reference == {} and loaded.jsonld == {} and loaded.export_lines is None


def test_without_a_cache_directory_nothing_is_written(tmp_path: Path) -> None:
    state = CatalogState(refresh_interval=1.0)
    assert state.cache_dir is None and state._cache_file() is None


@pytest.fixture
async def edit_in_rollback(session_maker: Any) -> AsyncIterator[tuple[Any, async_sessionmaker[Any]]]:
    """A connection inside a transaction that is rolled back afterwards, and sessions that see its edits."""
    engine = session_maker.kw["bind"]
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn, async_sessionmaker(bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint")
        finally:
            await transaction.rollback()


@pytest.mark.parametrize(
    ("table", "column"),
    [(m.Entity.__table__, "name_en"), (m.Service.__table__, "description_en"), (m.Step.__table__, "text_en")],
)
async def test_an_edit_the_version_check_cannot_see_still_changes_the_key(
    session_maker: Any, edit_in_rollback: Any, tmp_path: Path, table: Any, column: str
) -> None:
    path = tmp_path / "snapshot.pickle"
    before = await read_catalog(session_maker)
    original, cached = snapshot_cache.load_or_build(before, path)
    assert not cached and snapshot_cache.load(path, before) is not None

    conn, edited_sessions = edit_in_rollback
    target = (await conn.execute(select(table).limit(1))).one()
    where = [c == getattr(target, c.name) for c in table.primary_key.columns]
    values = {column: "Edited by hand " + str(getattr(target, column))}
    if "updated_at" in table.c:  # as psql would: SQLAlchemy's onupdate default does not run there
        values["updated_at"] = target.updated_at
    await conn.execute(update(table).where(*where).values(values))
    after = await read_catalog(edited_sessions)

    # A hand edit in SQL moves no version, updated_at or count: the running servers' cheap check misses it ...
    async with edited_sessions() as session:
        assert await read_version_key(session) == before.version_key
    # ... but the cache key covers every row, so the stale snapshot is not used and the rebuilt one shows the edit.
    assert after.content_digest != before.content_digest
    assert snapshot_cache.load(path, after) is None
    rebuilt, cached = snapshot_cache.load_or_build(after, path)
    assert not cached
    bodies = b"".join(rec.detail_body for rec in rebuilt.services)
    if table.name != "entity":
        assert b"Edited by hand" in bodies
        assert b"Edited by hand" not in b"".join(rec.detail_body for rec in original.services)
    else:
        assert any(e.name_en.startswith("Edited by hand") for e in rebuilt.rows.entities)
        assert any(label.en.startswith("Edited by hand") for label in rebuilt.labels["entity"].values())
    # The file now holds the edited catalog: the original rows no longer match it.
    assert snapshot_cache.load(path, before) is None
    assert snapshot_cache.load(path, after) is not None


async def test_a_change_of_the_building_code_invalidates(
    session_maker: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "snapshot.pickle"
    rows = await read_catalog(session_maker)
    snapshot_cache.load_or_build(rows, path)
    assert snapshot_cache.load(path, rows) is not None
    monkeypatch.setattr(snapshot_cache, "code_fingerprint", lambda: "another version of catalog/")
    assert snapshot_cache.load(path, rows) is None


async def test_an_unreadable_file_is_rebuilt_and_overwritten(session_maker: Any, tmp_path: Path) -> None:
    path = tmp_path / "snapshot.pickle"
    rows = await read_catalog(session_maker)
    path.write_bytes(b"\x80\x05 truncated")
    snap, cached = snapshot_cache.load_or_build(rows, path)
    assert not cached and len(snap.services) >= 700
    again = snapshot_cache.load(path, rows)
    assert again is not None and answers(again) == answers(snap)


def test_one_file_per_database(tmp_path: Path) -> None:
    a = snapshot_cache.cache_path(tmp_path, "sqlite+aiosqlite:///a.db")
    b = snapshot_cache.cache_path(tmp_path, "postgresql+asyncpg://postgres:***@127.0.0.1/b")
    assert a != b and a.parent == b.parent == tmp_path


def test_the_cache_lives_in_the_var_dir_and_can_be_turned_off(tmp_path: Path) -> None:
    from bawaba.domains import catalog_plugin
    from tests.conftest import make_settings

    url = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    assert catalog_plugin(make_settings(url, tmp_path)).state.cache_dir == str(tmp_path / "cache")
    off = make_settings(url, tmp_path, catalog_overrides={"snapshot_cache_dir": ""})
    assert catalog_plugin(off).state.cache_dir is None
