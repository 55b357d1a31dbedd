"""The per-process, read-only catalog snapshot and the state that keeps it in step with the database.

A snapshot holds every service's summary, its pre-encoded detail body and strong ETag, the filter postings, the
facet labels, the pre-encoded reference lists and the search index. It is rebuilt (off the event loop) when the
database's catalog version changes; the version is checked at most once per `refresh_interval` seconds, so a
detail or 304 answer never touches the database. This is a cache of seeded, read-only data: every worker
converges on the same snapshot after an import, and nothing written by requests lives here.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import msgspec

from catalog import records as r
from catalog import schemas as s
from catalog import snapshot_cache
from catalog.loader import CatalogRows, read_catalog, read_version_key
from catalog.search import normalize
from catalog.search_index import SearchDocument, SearchIndex

log = logging.getLogger("catalog.snapshot")
_encoder = msgspec.json.Encoder()

# Facets a client may ask for, and the filters they mirror.
FACET_FIELDS = ("entity", "category", "event", "channel", "app", "audience", "ekey", "fee", "status", "system")
EKEY_ALIASES = {"basic": "standard"}


def strong_etag(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:20]
    return f'"{digest}"'


class ServiceRecord:
    """One service as the list/search code sees it: filter keys, sort keys and its encoded representations."""

    __slots__ = (
        "code",
        "detail",
        "detail_body",
        "detail_etag",
        "facet_values",
        "idx",
        "jsonld_body",
        "name_key_ar",
        "name_key_en",
        "pop_key",
        "slug",
        "summary",
        "updated_key",
        "values",
    )

    def __init__(self, idx: int, summary: s.ServiceSummary, detail: s.ServiceDetail, values: dict[str, set[str]]):
        self.idx = idx
        self.code = summary.code
        self.slug = summary.slug
        self.summary = summary
        self.detail = detail
        self.values = values
        self.facet_values = {
            f: tuple(v for v in sorted(vals) if not v.startswith(("kind:", "type:"))) for f, vals in values.items()
        }
        self.detail_body = _encoder.encode(detail)
        # Strong ETag: code and version for people reading logs, plus a digest of the exact bytes so that any
        # change (an entity renamed, a channel added) changes the tag even when `version` did not move.
        self.detail_etag = f'"{summary.code}-{detail.version}-{hashlib.sha256(self.detail_body).hexdigest()[:12]}"'
        self.jsonld_body: bytes | None = None
        self.name_key_en = normalize(summary.name.en)
        self.name_key_ar = normalize(summary.name.ar)
        rank = summary.popularity_rank
        self.pop_key = rank if rank > 0 else 1 << 30
        self.updated_key = -int(summary.updated_at.timestamp() * 1_000_000)


class Snapshot:
    # Filled on first use while serving; never cached on disk (see cache_state).
    _PER_PROCESS = ("reference", "entity_details", "jsonld", "export_lines")

    def __init__(self, rows: CatalogRows) -> None:
        self._attach(rows)
        lk = self.lookups
        self.services: list[ServiceRecord] = []
        self.by_key: dict[str, int] = {}
        self.postings: dict[str, dict[str, set[int]]] = {f: defaultdict(set) for f in FACET_FIELDS}
        self.labels: dict[str, dict[str, s.I18n]] = {f: {} for f in FACET_FIELDS}
        self._fill_labels(rows)
        for idx, svc in enumerate(rows.services):
            values = self._values(rows, lk, svc)
            rec = ServiceRecord(idx, r.summary(rows, lk, svc), r.detail(rows, lk, svc), values)
            self.services.append(rec)
            self.by_key[rec.code] = idx
            self.by_key[rec.slug] = idx
            for field, vals in values.items():
                for v in vals:
                    self.postings[field][v].add(idx)
        self.all_ids = frozenset(range(len(self.services)))
        self.facet_postings = {
            f: [(v, ids) for v, ids in sorted(p.items()) if not v.startswith(("kind:", "type:"))]
            for f, p in self.postings.items()
        }
        self.facet_lists = {f: [rec.facet_values[f] for rec in self.services] for f in FACET_FIELDS}
        self.pop_keys = [rec.pop_key for rec in self.services]
        self.codes = [rec.code for rec in self.services]
        # Precomputed page orders: (sort key..., index) tuples; the key part is what a cursor carries.
        self.static_orders = {
            name: sorted((*key(rec), rec.idx) for rec in self.services)
            for name, key in (
                ("name_en", lambda r: (r.name_key_en, r.code)),
                ("name_ar", lambda r: (r.name_key_ar, r.code)),
                ("-popularity", lambda r: (r.pop_key, r.code)),
                ("-updated", lambda r: (r.updated_key, r.code)),
            )
        }
        self.static_keys = {name: {k[-1]: k for k in keyed} for name, keyed in self.static_orders.items()}
        self._indexes: dict[str, SearchIndex] = {}
        self.index("both")
        self._reset_encoded()

    def _attach(self, rows: CatalogRows) -> None:
        self.version = rows.version_label
        self.digest = strong_etag(*rows.version_key, rows.version_label).strip('"')
        self.rows = rows
        self.lookups = r.Lookups(rows)

    def _reset_encoded(self) -> None:
        self.reference: dict[str, tuple[bytes, str]] = {}
        self.entity_details: dict[str, tuple[bytes, str]] = {}
        self.jsonld: dict[str, tuple[bytes, str]] = {}
        self.export_lines: list[bytes] | None = None

    # -- the on-disk cache (catalog.snapshot_cache) -------------------------------------------------------------

    def cache_state(self) -> dict[str, Any]:
        """Everything derived from the rows, without the rows (the cache is keyed by their contents)."""
        skip = {"rows", "lookups", "version", "digest", *self._PER_PROCESS}
        return {k: v for k, v in self.__dict__.items() if k not in skip}

    @classmethod
    def restore(cls, state: dict[str, Any], rows: CatalogRows) -> Snapshot:
        """A snapshot from `cache_state()` of one built from rows with the same content digest as `rows`."""
        snap = cls.__new__(cls)
        snap.__dict__.update(state)
        snap._attach(rows)
        snap._reset_encoded()
        return snap

    # -- building ---------------------------------------------------------------------------------------------

    def _fill_labels(self, rows: CatalogRows) -> None:
        lb = self.labels
        for e in rows.entities:
            lb["entity"][e.code] = r.i18n(e.name_en, e.name_ar)
        for c in rows.categories:
            lb["category"][c.slug] = r.i18n(c.name_en, c.name_ar)
        for ev in rows.events:
            lb["event"][ev.slug] = r.i18n(ev.name_en, ev.name_ar)
        for ch in rows.channels:
            lb["channel"][ch.code] = r.i18n(ch.name_en, ch.name_ar)
        for a in rows.apps:
            lb["app"][a.slug] = r.i18n(a.name_en, a.name_ar)
        for x in rows.systems:
            lb["system"][x.slug] = r.i18n(x.name_en, x.name_ar)
        for key, en, ar in (
            ("ekey", "none", "بدون"),
            ("ekey", "standard", "أساسي"),
            ("ekey", "advanced", "متقدم"),
            ("fee", "free", "مجانية"),
            ("fee", "paid", "برسوم"),
            ("status", "active", "متاحة"),
            ("status", "inactive", "غير متاحة"),
            ("status", "planned", "مخطط لها"),
            ("audience", "citizen", "المواطنون"),
            ("audience", "resident", "المقيمون"),
            ("audience", "business", "الأعمال"),
            ("audience", "visitor", "الزوار"),
            ("audience", "government", "الجهات الحكومية"),
        ):
            lb[key][en] = s.I18n(en.capitalize(), ar)

    def _values(self, rows: CatalogRows, lk: r.Lookups, svc: Any) -> dict[str, set[str]]:
        channels = [lk.channel[x.channel_id] for x in r.sorted_channels(rows, lk, svc)]
        costs = rows.costs.get(svc.id, [])
        # Paid when any channel charges; without cost rows, trust the declared fee type.
        paid = any(c.amount_fils > 0 for c in costs) if costs else svc.fee_type != "free"
        system = lk.system.get(svc.national_system_id)
        return {
            "entity": {lk.entity[svc.entity_id].code},
            "category": {lk.category[x.category_id].slug for x in r.sorted_categories(rows, lk, svc)},
            "event": {lk.event[x.event_id].slug for x in rows.service_events.get(svc.id, []) if x.event_id in lk.event},
            # A channel filter value may be a channel code (app:etraffic) or a kind (app, kiosk).
            "channel": {c.code for c in channels} | {f"kind:{c.kind}" for c in channels},
            "app": {slug for c in channels if (slug := lk.app_slug(c))},
            "audience": set(rows.service_audience.get(svc.id, [])),
            "ekey": {svc.ekey_level},
            "fee": {"paid" if paid else "free", f"type:{svc.fee_type}"},
            "status": {svc.status},
            "system": {system.slug} if system else set(),
        }

    def index(self, lang: str) -> SearchIndex:
        """Search index over both languages (default) or one; the single-language ones are built on first use."""
        found = self._indexes.get(lang)
        if found is None:
            found = SearchIndex(self._documents(lang))
            self._indexes[lang] = found
        return found

    def _documents(self, lang: str) -> list[SearchDocument]:
        n = len(self.services)
        docs = []
        for rec in self.services:
            d = rec.detail
            langs = ("en", "ar") if lang == "both" else (lang,)
            name = " ".join(getattr(d.name, x) for x in langs)
            keywords = " ".join(
                getattr(part, x)
                for x in langs
                for part in (d.entity.name, *(c.name for c in d.categories), *(e.name for e in d.events))
            )
            body = " ".join(
                getattr(part, x)
                for x in langs
                for part in (d.short_description, d.description, *(o.name for o in d.outputs))
            )
            if d.national_system is not None:
                keywords += " " + " ".join(getattr(d.national_system.name, x) for x in langs)
            rank = rec.summary.popularity_rank
            popularity = 0.0 if rank <= 0 else 1.0 - math.log(rank) / math.log(n + 1)
            docs.append(SearchDocument(rec.idx, name, keywords, body, popularity))
        return docs

    # -- reading ----------------------------------------------------------------------------------------------

    def get(self, key: str) -> ServiceRecord | None:
        idx = self.by_key.get(key)
        if idx is None:
            idx = self.by_key.get(key.upper())
        return None if idx is None else self.services[idx]

    def cached(self, table: dict[str, tuple[bytes, str]], key: str, build: Callable[[], Any]) -> tuple[bytes, str]:
        """Encode a representation once per snapshot; its strong ETag is a digest of the bytes."""
        hit = table.get(key)
        if hit is None:
            body = _encoder.encode(build())
            hit = (body, f'"{hashlib.sha256(body).hexdigest()[:24]}"')
            table[key] = hit
        return hit


_froze_before = False


def _freeze_long_lived_objects() -> None:
    """Move the snapshot's ~400 K objects out of the cyclic garbage collector's reach.

    A snapshot is immutable and lives until the next import; left in the collected generations, every full
    collection (triggered by ordinary request garbage) re-traverses it, which measured as 25-40 % of a search
    request's CPU. `gc.freeze()` parks everything alive now in the permanent generation; `unfreeze()` first lets
    the collection free the previous snapshot's reference cycles. The first freeze of a process has nothing of
    ours to free: a young-generation collection suffices, where a full one would traverse every object of the
    imported stack (~0.15 s of a start).
    """
    global _froze_before
    if _froze_before:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()
    _froze_before = True


def build_snapshot(rows: CatalogRows) -> Snapshot:
    return Snapshot(rows)


class CatalogState:
    """Holds the current snapshot; refreshes it when the database's catalog version changes.

    With a `cache_dir`, a (re)load first looks for a snapshot built from identical rows on disk
    (`catalog.snapshot_cache`) and writes the one it builds there.
    """

    def __init__(self, refresh_interval: float, cache_dir: str | Path | None = None) -> None:
        self.refresh_interval = refresh_interval
        self.cache_dir = cache_dir or None
        self.session_maker: Callable[[], Any] | None = None
        self._snapshot: Snapshot | None = None
        self._checked_at = -math.inf
        self._lock = asyncio.Lock()

    async def warm(self, session_maker: Callable[[], Any]) -> None:
        """Load the snapshot outside the app's lifespan, in a process about to fork its workers: they inherit it
        (copy-on-write) and, at their start, only confirm the catalog version instead of rebuilding."""
        self.session_maker = session_maker
        try:
            await self.current()
        finally:
            self.session_maker = None
            # A lock is bound to the first loop that waits on it; the workers run loops of their own.
            self._lock = asyncio.Lock()
            self._checked_at = -math.inf

    def fresh(self) -> Snapshot | None:
        """The snapshot if its version was confirmed within `refresh_interval`, else None (no I/O)."""
        snap = self._snapshot
        if snap is not None and time.monotonic() - self._checked_at < self.refresh_interval:
            return snap
        return None

    async def current(self) -> Snapshot:
        snap = self._snapshot
        if snap is not None and time.monotonic() - self._checked_at < self.refresh_interval:
            return snap
        if snap is not None and self._lock.locked():
            return snap  # another request is checking or rebuilding: serve the current data meanwhile
        async with self._lock:
            if self._snapshot is not None and time.monotonic() - self._checked_at < self.refresh_interval:
                return self._snapshot
            try:
                await self._refresh()
            except Exception:
                if self._snapshot is None:
                    raise
                # The database is unreachable: keep serving the last good snapshot (read-only data) and retry
                # after the next interval instead of turning every catalog read into an error.
                log.warning("catalog version check failed; serving snapshot %s", self._snapshot.version, exc_info=True)
                self._checked_at = time.monotonic()
        assert self._snapshot is not None
        return self._snapshot

    async def _refresh(self) -> None:
        if self.session_maker is None:
            raise RuntimeError("CatalogState used before the application started")
        if self._snapshot is not None:
            async with self.session_maker() as session:
                key = await read_version_key(session)
            if key == self._snapshot.rows.version_key:
                self._checked_at = time.monotonic()
                return
        rows = await read_catalog(self.session_maker)
        # Building encodes ~1,000 details and the search index (loading a cached one unpickles ~300 K objects):
        # CPU work, kept off the event loop.
        snapshot, cached = await anyio.to_thread.run_sync(snapshot_cache.load_or_build, rows, self._cache_file())
        self._snapshot = snapshot
        self._checked_at = time.monotonic()
        await anyio.to_thread.run_sync(_freeze_long_lived_objects)
        log.info(
            "catalog snapshot %s %s: %d services",
            snapshot.version,
            "loaded from the cache" if cached else "built",
            len(snapshot.services),
        )

    def _cache_file(self) -> Path | None:
        """One cache file per database, named after its URL (password hidden) in `cache_dir`."""
        bind = getattr(self.session_maker, "kw", {}).get("bind")
        if self.cache_dir is None or bind is None:
            return None
        return snapshot_cache.cache_path(self.cache_dir, bind.url.render_as_string(hide_password=True))
