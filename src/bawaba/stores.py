"""Litestar stores shared by every worker: the database by default, Redis when BAWABA_REDIS_URL is set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advanced_alchemy.extensions.litestar.store import SQLAlchemyStore

from bawaba.models import KeyValueEntry

if TYPE_CHECKING:
    from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
    from litestar.stores.base import Store

    from bawaba.settings import Settings

# Names the domains rely on (docs/CONTRIBUTING.md "Shared state").
STORE_NAMES = ("sessions", "rate_limit", "state")


def shared_stores(settings: Settings, db: SQLAlchemyAsyncConfig) -> dict[str, Store]:
    if settings.redis_url:
        from litestar.stores.redis import RedisStore  # imported only when used: the redis client is slow to import

        root = RedisStore.with_client(url=settings.redis_url, namespace="bawaba")
        return {name: root.with_namespace(name) for name in STORE_NAMES}
    database_store = SQLAlchemyStore(config=db, model=KeyValueEntry, namespace="bawaba")
    return {name: database_store.with_namespace(name) for name in STORE_NAMES}
