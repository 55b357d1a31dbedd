"""create_app(): the composition root lists plugins, stores and operations endpoints; nothing domain-specific."""

from __future__ import annotations

import asyncio
import logging

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar
from litestar.datastructures import State
from litestar.logging.config import LoggingConfig
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin

import bawaba
from bawaba.db import create_engine, database_config
from bawaba.domains import catalog_plugin, identity_plugin
from bawaba.home import home
from bawaba.ops import ops_handlers, request_context_middleware
from bawaba.problems import exception_handlers
from bawaba.settings import Settings, load_settings
from bawaba.stores import shared_stores


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or load_settings()
    db = database_config(settings)
    app = Litestar(
        route_handlers=[home, *ops_handlers()],
        plugins=[SQLAlchemyPlugin(config=db), catalog_plugin(settings), identity_plugin(settings)],
        stores=shared_stores(settings, db),
        exception_handlers=exception_handlers,
        openapi_config=OpenAPIConfig(
            title="Bawaba",
            version=bawaba.__version__,
            description="Bahrain e-government simulation: e-service catalog, eKey, certificates.",
            path="/schema",
            render_plugins=[ScalarRenderPlugin()],
        ),
        logging_config=logging_config(settings),
        request_max_body_size=settings.max_body_bytes,
        state=State({"settings": settings, "database_url": settings.database_url, "db_config": db}),
        debug=False,
    )
    # Outermost wrapper (not route middleware) so unmatched routes and framework errors are logged and carry the
    # request id too.
    app.asgi_handler = request_context_middleware(app.asgi_handler)
    return app


_prebuilt: Litestar | None = None


def prebuild(settings: Settings) -> Litestar:
    """Build the app, and warm the domains' read-only caches, in the serving parent so that forked workers
    inherit both (see bawaba.cli.core.serve). The parent's engine is disposed: workers open their own."""
    global _prebuilt
    _prebuilt = create_app(settings)
    asyncio.run(_warm(_prebuilt, settings))
    return _prebuilt


async def _warm(app: Litestar, settings: Settings) -> None:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from catalog import CatalogPlugin

    engine = create_engine(settings.database_url)
    try:
        await app.plugins.get(CatalogPlugin).warm(async_sessionmaker(engine, expire_on_commit=False))
    except Exception:  # not fatal: each worker loads it on first use
        logging.getLogger("bawaba.app").warning("catalog not warmed before fork", exc_info=True)
    finally:
        await engine.dispose()


def worker_app() -> Litestar:
    """granian's factory: the app the parent prebuilt, or a new one (spawned workers, other servers)."""
    return _prebuilt if _prebuilt is not None else create_app()


BUFFERED_HANDLER = "bawaba.logbuffer.BufferedStreamHandler"


def logging_config(settings: Settings) -> LoggingConfig:
    level = settings.log_level.upper()
    access_level = "INFO" if settings.access_log else "WARNING"
    return LoggingConfig(
        root={"level": level, "handlers": ["buffered"]},
        # Records are formatted and written by a thread that wakes every 50 ms (bawaba.logbuffer), not per line.
        handlers={"buffered": {"()": BUFFERED_HANDLER, "level": "DEBUG", "formatter": "standard"}},
        formatters={"standard": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        loggers={
            "litestar": {"level": "INFO", "handlers": ["buffered"], "propagate": False},
            "bawaba.access": {"level": access_level, "propagate": True},
            "sqlalchemy.engine": {"level": "WARNING", "propagate": True},
        },
        log_exceptions="never",
        configure_root_logger=True,
    )


__all__ = ("create_app", "prebuild", "worker_app")
