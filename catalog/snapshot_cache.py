"""The built catalog snapshot, cached on disk and keyed by the exact contents of the catalog tables.

Building a snapshot (summaries, encoded details, ETags, postings, page orders, the search index) is the largest
part of a server's start. Its inputs are the catalog tables and the code that builds it, so the cache key is
the SHA-256 of both: `CatalogRows.content_digest` (every row of every catalog table, folded in while reading)
and the source of this package, plus the Python, msgspec and SQLAlchemy versions the pickle depends on. Any
change to a catalog row, by an import, a migration or a hand edit in SQL, changes the key; a stale file is
never used, only overwritten.

The rows themselves are not cached (they were just read to compute the key): the cached state is everything
the snapshot derived from them, and `Snapshot.restore` re-attaches the rows read now. One file per database
(`catalog-snapshot-<hash of the URL>.pickle`) in the cache directory, written atomically. The directory is
the server's own (`BAWABA_VAR_DIR/cache` by default): anyone able to write there could equally edit the
database, and pickle is only ever read from it, never from a request.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import sqlalchemy

if TYPE_CHECKING:
    from catalog.loader import CatalogRows
    from catalog.snapshot import Snapshot

log = logging.getLogger("catalog.snapshot")
FORMAT = 1


@cache
def code_fingerprint() -> str:
    """Digest of the catalog package's source and the library versions a pickled snapshot depends on."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{msgspec.__version__}|{sqlalchemy.__version__}".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(rows: CatalogRows) -> str:
    return hashlib.sha256(f"{code_fingerprint()}|{rows.content_digest}".encode()).hexdigest()


def cache_path(directory: str | Path, database_url: str) -> Path:
    return Path(directory) / f"catalog-snapshot-{hashlib.sha256(database_url.encode()).hexdigest()[:16]}.pickle"


def load(path: Path, rows: CatalogRows) -> Snapshot | None:
    """The cached snapshot for exactly these rows, or None (no file, another key, an unreadable file)."""
    from catalog.snapshot import Snapshot

    try:
        with path.open("rb") as f:
            key = pickle.load(f)
            if key != cache_key(rows):
                return None
            # ~300 K small objects: without the collector running mid-load, this is several times faster.
            enabled = gc.isenabled()
            gc.disable()
            try:
                state = pickle.load(f)
            finally:
                if enabled:
                    gc.enable()
        return Snapshot.restore(state, rows)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or incompatible file: rebuild (and overwrite it)
        log.warning("catalog snapshot cache %s unreadable; rebuilding", path, exc_info=True)
        return None


def save(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot's derived state under its rows' key; a failure only costs the next start a rebuild."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-snapshot-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(cache_key(snapshot.rows), f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(snapshot.cache_state(), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:  # a full disk, a read-only directory: serve anyway
        log.warning("catalog snapshot cache %s not written", path, exc_info=True)


def load_or_build(rows: CatalogRows, path: Path | None) -> tuple[Snapshot, bool]:
    """(snapshot, True when it came from the cache). Without a path, always builds."""
    from catalog.snapshot import Snapshot

    if path is not None:
        cached = load(path, rows)
        if cached is not None:
            return cached, True
    snapshot = Snapshot(rows)
    if path is not None:
        save(path, snapshot)
    return snapshot, False


__all__ = ("cache_key", "cache_path", "code_fingerprint", "load", "load_or_build", "save")
