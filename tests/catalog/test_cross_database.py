"""Same answers on PostgreSQL and SQLite: the PostgreSQL run loads the same seed into a SQLite file and compares.

Searches (codes, order and scores), facet counts, every service's detail bytes and the statistics must be
identical: ranking runs in the shared Python analyzer, orders never depend on a database collation, money is
integer fils.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import anyio
import msgspec
import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from bawaba import migrate
from bawaba.db import configure_engine
from catalog import CatalogConfig
from catalog import stats_queries as q
from catalog.listing import ListQuery, run
from catalog.loader import read_catalog
from catalog.seed import seed_steps
from catalog.snapshot import build_snapshot

pytestmark = pytest.mark.skipif(
    not os.environ.get("BAWABA_TEST_DATABASE_URL"), reason="compares the PostgreSQL run with a SQLite copy"
)

QUERIES = [
    {"q": "شهاده الميلاد"},
    {"q": "birth certificate"},
    {"q": "المرور", "facets": "entity,category,channel,ekey,fee"},
    {"q": "renew vehicle registration", "fee": "paid"},
    {"q": "pasport"},
    {"q": "سجل تجاري", "lang": "ar"},
    {"sort": "name", "lang": "ar", "facets": "event,app,system"},
    {"channel": "app", "sort": "-popularity", "facets": "audience,status"},
]


async def test_sqlite_and_postgresql_give_identical_answers(client: Any, settings: Any, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'copy.db'}"
    await anyio.to_thread.run_sync(migrate.upgrade, url)
    engine = configure_engine(create_async_engine(url))
    sqlite = async_sessionmaker(engine, expire_on_commit=False)
    try:
        for step in seed_steps(CatalogConfig(seeds_dir=settings.seeds_dir)):
            await step.run(sqlite)
        snap = build_snapshot(await read_catalog(sqlite))

        for params in QUERIES:
            served = (await client.get("/api/v1/services", params={**params, "limit": 50})).json()
            facets = tuple(params["facets"].split(",")) if "facets" in params else ()
            query = ListQuery(
                q=params.get("q"),
                lang=params.get("lang", "both"),
                filters={k: (v,) for k, v in params.items() if k in ("fee", "channel")},
                sort=params.get("sort", "relevance" if "q" in params else "-popularity"),
                limit=50,
                facets=facets,
            )
            local = run(snap, query)
            assert [(i["code"], i.get("score")) for i in served["data"]] == [(i.code, i.score) for i in local.items], (
                params
            )
            assert served["facets"] == msgspec.to_builtins(local.facets), params

        for rec in snap.services[::7]:
            res = await client.get(f"/api/v1/services/{rec.code}")
            assert res.content == rec.detail_body, rec.code
            assert res.headers["etag"] == rec.detail_etag

        async with sqlite() as session:
            local_stats = [
                await q.summary(session, "2024-01", "2024-06"),
                await q.channel_stats(session, "2024-01", "2024-06"),
                await q.app_stats(session, "2024-01", "2024-06"),
                await q.tawasul_stats(session, "2024-01", "2024-06"),
            ]
        for path, local_value in zip(("summary", "channels", "apps", "tawasul"), local_stats, strict=True):
            served_bytes = (await client.get(f"/api/v1/stats/{path}")).content
            assert served_bytes == msgspec.json.encode(local_value), path
    finally:
        await engine.dispose()
