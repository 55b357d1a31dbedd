"""Builds each domain's Config from the settings and hands it to the domain's plugin."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from catalog import CatalogConfig, CatalogPlugin
from identity import IdentityConfig, IdentityPlugin

if TYPE_CHECKING:
    from bawaba.settings import Settings


ConfigT = TypeVar("ConfigT", CatalogConfig, IdentityConfig)
# Fields the root derives from its own settings: not overridable per domain.
_DERIVED = {
    "identity": {"issuer", "profile", "dev_features", "secret_key", "admin_token", "keys_dir", "seeds_dir"},
    "catalog": {"seeds_dir"},
}


def _with_overrides(config: ConfigT, domain: str, overrides: dict[str, str]) -> ConfigT:
    """Apply BAWABA_<DOMAIN>_<FIELD> values, converted to the field's type; errors name the variable."""
    from bawaba.settings import SettingsError

    fields = {f.name: f for f in msgspec.structs.fields(type(config))}
    changes: dict[str, Any] = {}
    for name, raw in sorted(overrides.items()):
        variable = f"BAWABA_{domain.upper()}_{name.upper()}"
        if name not in fields or name in _DERIVED[domain]:
            raise SettingsError(f"{variable} is not a setting of the {domain} domain")
        try:
            changes[name] = msgspec.convert(raw, fields[name].type, strict=False)
        except msgspec.ValidationError as exc:
            raise SettingsError(f"{variable}={raw!r}: {exc}") from None
    return msgspec.structs.replace(config, **changes) if changes else config


def check_domain_overrides(settings: Settings) -> None:
    catalog_config(settings)
    identity_config(settings)


def catalog_config(settings: Settings) -> CatalogConfig:
    base = CatalogConfig(seeds_dir=settings.seeds_dir, snapshot_cache_dir=str(Path(settings.var_dir) / "cache"))
    return _with_overrides(base, "catalog", settings.catalog_overrides)


def identity_config(settings: Settings) -> IdentityConfig:
    return _with_overrides(_identity_base(settings), "identity", settings.identity_overrides)


def _identity_base(settings: Settings) -> IdentityConfig:
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
