"""Builds each domain's Config from the settings and hands it to the domain's plugin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from catalog import CatalogConfig, CatalogPlugin
from identity import IdentityConfig, IdentityPlugin

if TYPE_CHECKING:
    from bawaba.settings import Settings


def catalog_config(settings: Settings) -> CatalogConfig:
    return CatalogConfig(seeds_dir=settings.seeds_dir)


def identity_config(settings: Settings) -> IdentityConfig:
    return IdentityConfig(
        issuer=settings.issuer,
        profile=settings.profile,
        dev_features=settings.dev_features,
        secret_key=settings.secret_key,
        admin_token=settings.admin_token,
        keys_dir=settings.keys_dir,
        seeds_dir=settings.seeds_dir,
        cookie_secure=settings.is_prod or settings.issuer.startswith("https://"),
        hash_workers=settings.hash_workers,
        login_rate_limit=settings.login_rate_limit,
        token_rate_limit=settings.token_rate_limit,
    )


def catalog_plugin(settings: Settings) -> CatalogPlugin:
    return CatalogPlugin(catalog_config(settings))


def identity_plugin(settings: Settings) -> IdentityPlugin:
    return IdentityPlugin(identity_config(settings))


def seed_steps(settings: Settings) -> list:
    from catalog.seed import seed_steps as catalog_steps
    from identity.seed import seed_steps as identity_steps

    return [*catalog_steps(catalog_config(settings)), *identity_steps(identity_config(settings))]
