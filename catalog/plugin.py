"""CatalogPlugin: mounts the catalog API under /api/v1 and keeps the per-process catalog snapshot."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from litestar import Router
from litestar.di import Provide
from litestar.openapi.spec import Tag
from litestar.plugins import InitPluginProtocol

from catalog.config import CatalogConfig
from catalog.controllers import feed, reference, services, stats
from catalog.snapshot import CatalogState, Snapshot

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.config.app import AppConfig

log = logging.getLogger("catalog")

OPENAPI_TAGS = [
    Tag(name="Services", description="The e-service catalog: search, filters, facets, details, JSON-LD."),
    Tag(name="Search", description="Type-ahead suggestions."),
    Tag(name="Reference", description="Entities, categories, events, channels, apps, national systems."),
    Tag(name="Feeds", description="Change feed and bulk export."),
    Tag(name="Statistics", description="Usage figures of H1 2024 (iGA report), from the statistics tables."),
]


def _session_maker(app: Litestar) -> Any:
    """The application's async session factory (the SQLAlchemy plugin registered by the composition root)."""
    from advanced_alchemy.extensions.litestar import SQLAlchemyInitPlugin

    plugin = app.plugins.get(SQLAlchemyInitPlugin)
    return plugin.config[0].create_session_maker()


class CatalogPlugin(InitPluginProtocol):
    def __init__(self, config: CatalogConfig) -> None:
        self.config = config
        self.state = CatalogState(refresh_interval=config.refresh_interval, cache_dir=config.snapshot_cache_dir)

    async def warm(self, session_maker: Any) -> None:
        """Build the in-memory catalog ahead of serving (see CatalogState.warm)."""
        await self.state.warm(session_maker)

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        state = self.state

        async def provide_snapshot() -> Snapshot:
            return await state.current()

        async def bind_database(app: Litestar) -> None:
            state.session_maker = _session_maker(app)
            try:
                await state.current()
            except Exception as exc:  # a database not migrated yet: the first request loads it instead
                log.warning("catalog snapshot not loaded at start (%s); it will load on first use", type(exc).__name__)

        router = Router(
            path="/api/v1",
            route_handlers=[
                services.list_services,
                services.get_service,
                services.suggest,
                reference.list_entities,
                reference.get_entity,
                reference.list_categories,
                reference.list_events,
                reference.list_channels,
                reference.list_apps,
                reference.list_systems,
                feed.changes,
                feed.export_jsonl,
                stats.stats_summary,
                stats.stats_service,
                stats.stats_channels,
                stats.stats_apps,
                stats.stats_tawasul,
            ],
            dependencies={"snap": Provide(provide_snapshot)},
            signature_namespace={"Snapshot": Snapshot},
        )
        app_config.route_handlers.append(router)
        app_config.on_startup.append(bind_database)
        app_config.state["catalog_config"] = self.config
        app_config.state["catalog_state"] = state
        if app_config.openapi_config is not None:
            existing = {t.name for t in app_config.openapi_config.tags or []}
            app_config.openapi_config.tags = [
                *(app_config.openapi_config.tags or []),
                *(t for t in OPENAPI_TAGS if t.name not in existing),
            ]
        return app_config
