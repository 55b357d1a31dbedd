"""The catalog domain's settings, built once by the composition root."""

from __future__ import annotations

import msgspec


class CatalogConfig(msgspec.Struct, frozen=True, kw_only=True):
    # Where seeds/catalog/*.json live.
    seeds_dir: str = "seeds"
    # Seconds between two checks of the database's catalog version by one process. The in-memory snapshot (search
    # index, encoded details, ETags) is rebuilt when the version moved; between checks no request touches the
    # database, which is what keeps a detail or 304 answer under half a millisecond of CPU.
    refresh_interval: float = 1.0
    # Cache-Control max-age for public catalog data.
    max_age: int = 300
    # Directory of the on-disk snapshot cache (catalog.snapshot_cache), keyed by the catalog tables' contents;
    # empty: no cache, every process builds its snapshot from the rows.
    snapshot_cache_dir: str = ""
