"""CatalogPlugin: mounts the catalog API under /api/v1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.plugins import InitPluginProtocol

from catalog.config import CatalogConfig

if TYPE_CHECKING:
    from litestar.config.app import AppConfig


class CatalogPlugin(InitPluginProtocol):
    def __init__(self, config: CatalogConfig) -> None:
        self.config = config

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        app_config.state["catalog_config"] = self.config
        return app_config
