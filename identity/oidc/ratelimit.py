"""Fixed-window rate counters in the database (shared by every worker): per IP for sign-in posts and the token
endpoint. The sync forms take a ``Connection`` and run inside ``AsyncSession.run_sync`` with the rest of a step."""

from __future__ import annotations

import datetime

from sqlalchemy import bindparam, case, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from identity.oidc.models import RateCounter
from identity.prepared import Prepared

RATES = RateCounter.__table__
_RATE_HITS = Prepared(
    select(RATES.c.hits).where(RATES.c.key == bindparam("p_key"), RATES.c.window == bindparam("p_window"))
)


def _rate_upsert(dialect_insert):  # type: ignore[no-untyped-def]
    """One statement counts the hit: a new key starts at 1, a new window restarts at 1, else hits + 1."""
    ins = dialect_insert(RATES).values(key=bindparam("p_key"), window=bindparam("p_window"), hits=1)
    return ins.on_conflict_do_update(
        index_elements=[RATES.c.key],
        set_={
            "hits": case((RATES.c.window == bindparam("p_window"), RATES.c.hits + 1), else_=1),
            "window": bindparam("p_window"),
        },
    ).returning(RATES.c.hits)


_RATE_UPSERT = Prepared({"postgresql": _rate_upsert(postgresql.insert), "sqlite": _rate_upsert(sqlite.insert)})


def _params(key: str, window_seconds: int) -> dict:
    window = int(datetime.datetime.now(datetime.UTC).timestamp()) // window_seconds
    return {"p_key": key[:200], "p_window": window}


def is_over(conn: Connection, key: str, limit: int, window_seconds: int) -> bool:
    """Read-only check of the current window (no write lock), for steps that count after the expensive part."""
    hits = _RATE_HITS.execute(conn, _params(key, window_seconds)).scalar()
    return hits is not None and hits >= limit


def count_hit(conn: Connection, key: str, limit: int, window_seconds: int) -> bool:
    """Count one request in the current fixed window; True when the limit is exceeded."""
    return _RATE_UPSERT.execute(conn, _params(key, window_seconds)).scalar_one() > limit
