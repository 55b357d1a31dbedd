"""The composition root's own tables: the shared key-value store and the seed ledger."""

from __future__ import annotations

import datetime

from advanced_alchemy.base import UUIDv7Base, orm_registry
from advanced_alchemy.extensions.litestar.store import StoreModelMixin
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

metadata = orm_registry.metadata


class KeyValueEntry(StoreModelMixin):
    """Rows behind the Litestar stores (sessions, rate limits, short-lived state) when Redis is not configured."""

    __tablename__ = "kv_store"

    # The store writes NULL for entries without expiry, so the column is nullable (the mixin declares it required).
    expires_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True, index=True)


class SeedRun(UUIDv7Base):
    """One row per completed seed step: name + digest of what it loaded. Written only after the step finished."""

    __tablename__ = "seed_runs"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    digest: Mapped[str] = mapped_column(String(128))
    rows: Mapped[int]
    completed_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
