"""IdentityPlugin: mounts eKey's routers, templates and exception handlers on the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from litestar.plugins import InitPluginProtocol

from identity.config import IdentityConfig

if TYPE_CHECKING:
    from litestar.config.app import AppConfig
    from litestar.types import ControllerRouterHandler

TEMPLATES_DIR = Path(__file__).parent / "templates"


def feature_handlers(config: IdentityConfig) -> list[ControllerRouterHandler]:
    """Route handlers of every identity feature area; each area adds its routers here."""
    handlers: list[ControllerRouterHandler] = []
    from identity.accounts.routes import accounts_handlers

    handlers.extend(accounts_handlers(config))
    from identity.certificates.routes import certificate_handlers

    handlers.extend(certificate_handlers(config))
    from identity.oidc.controllers import oidc_router

    handlers.append(oidc_router(config))
    return handlers


class IdentityPlugin(InitPluginProtocol):
    def __init__(self, config: IdentityConfig) -> None:
        self.config = config

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        from litestar.di import Provide
        from litestar.plugins.jinja import JinjaTemplateEngine
        from litestar.template import TemplateConfig

        app_config.route_handlers.extend(feature_handlers(self.config))
        app_config.dependencies["identity_config"] = Provide(lambda: self.config, use_cache=True, sync_to_thread=False)
        if app_config.template_config is None:
            app_config.template_config = TemplateConfig(directory=TEMPLATES_DIR, engine=JinjaTemplateEngine)
        app_config.state["identity_config"] = self.config
        return app_config
