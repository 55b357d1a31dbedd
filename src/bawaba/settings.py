"""Settings: read once from BAWABA_* environment variables, validated, frozen.

A bad value stops the start with one line naming the variable (``SettingsError``). The prod profile refuses
development secrets and dev-only features.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import msgspec

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-0000000000"
DEV_ADMIN_TOKEN = "dev-admin-token"
PROFILES = ("dev", "prod")


class SettingsError(ValueError):
    """A configuration problem, phrased as one line for the operator."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    database_url: str
    issuer: str = "http://127.0.0.1:8000"
    profile: str = "dev"
    redis_url: str | None = None
    secret_key: str = DEV_SECRET_KEY
    admin_token: str = DEV_ADMIN_TOKEN
    dev_features: bool = True
    var_dir: str = "var"
    keys_dir: str = "var/keys"
    seeds_dir: str = str(PROJECT_ROOT / "seeds")
    max_body_bytes: int = 1_048_576
    log_level: str = "INFO"
    access_log: bool = True
    hash_workers: int = max(1, min(os.cpu_count() or 1, 4))
    # eKey sign-in rate limits per client IP and minute (form posts; token endpoint). Raise them for load tests.
    login_rate_limit: int = 300
    token_rate_limit: int = 1200
    # Seeding at start: serve seeds whatever is missing unless this is false.
    seed_on_start: bool = True
    # Any field of a domain's Config can be set with BAWABA_IDENTITY_<FIELD> or BAWABA_CATALOG_<FIELD>
    # (for example BAWABA_IDENTITY_LOCKOUT_THRESHOLD=10); bawaba.domains validates them at start.
    identity_overrides: dict[str, str] = msgspec.field(default_factory=dict)
    catalog_overrides: dict[str, str] = msgspec.field(default_factory=dict)

    @property
    def is_prod(self) -> bool:
        return self.profile == "prod"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _default_database_url(var_dir: str) -> str:
    return f"sqlite+aiosqlite:///{Path(var_dir).resolve() / 'bawaba.db'}"


_BOOL = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _field_value(name: str, raw: str, kind: type) -> object:
    env = f"BAWABA_{name.upper()}"
    if kind is bool:
        if raw.strip().lower() not in _BOOL:
            raise SettingsError(f"{env}={raw!r} is not a boolean (use true or false)")
        return _BOOL[raw.strip().lower()]
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{env}={raw!r} is not an integer") from None
    return raw


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build the settings from ``environ`` (default: the process environment) plus explicit overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for domain in ("identity", "catalog"):
        prefix = f"BAWABA_{domain.upper()}_"
        values[f"{domain}_overrides"] = {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix)}
    for field in msgspec.structs.fields(Settings):
        if field.name.endswith("_overrides"):
            continue
        raw = env.get(f"BAWABA_{field.name.upper()}")
        if raw is None or raw == "":
            continue
        kind = field.type if isinstance(field.type, type) else str
        values[field.name] = _field_value(field.name, raw, kind)
    values.update(overrides)
    values.setdefault("database_url", _default_database_url(str(values.get("var_dir", "var"))))
    if "keys_dir" not in values and "var_dir" in values:
        values["keys_dir"] = str(Path(str(values["var_dir"])) / "keys")
    settings = Settings(**values)  # type: ignore[arg-type]
    validate(settings)
    return settings


def validate(settings: Settings) -> None:
    """Every check names its variable; the first failure stops the start."""
    if settings.profile not in PROFILES:
        raise SettingsError(f"BAWABA_PROFILE={settings.profile!r} must be one of: {', '.join(PROFILES)}")
    scheme = settings.database_url.split("://", 1)[0]
    if scheme not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise SettingsError(
            f"BAWABA_DATABASE_URL must start with sqlite+aiosqlite:// or postgresql+asyncpg:// (got {scheme}://)"
        )
    issuer = urlsplit(settings.issuer)
    if issuer.scheme not in ("http", "https") or not issuer.netloc or issuer.query or issuer.fragment:
        raise SettingsError(f"BAWABA_ISSUER={settings.issuer!r} must be an absolute http(s) URL without query")
    if settings.issuer.endswith("/"):
        raise SettingsError(f"BAWABA_ISSUER={settings.issuer!r} must not end with a slash")
    if settings.redis_url is not None and not settings.redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(f"BAWABA_REDIS_URL={settings.redis_url!r} must be a redis:// URL")
    if settings.max_body_bytes < 1024:
        raise SettingsError("BAWABA_MAX_BODY_BYTES must be at least 1024")
    if settings.hash_workers < 1:
        raise SettingsError("BAWABA_HASH_WORKERS must be at least 1")
    if settings.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError(f"BAWABA_LOG_LEVEL={settings.log_level!r} must be DEBUG, INFO, WARNING or ERROR")
    if len(settings.secret_key) < 32:
        raise SettingsError("BAWABA_SECRET_KEY must be at least 32 characters")
    if settings.is_prod:
        _refuse_dev_conveniences(settings)
    from bawaba.domains import check_domain_overrides  # the root knows its domains; they never know it

    check_domain_overrides(settings)


def _refuse_dev_conveniences(settings: Settings) -> None:
    if settings.secret_key == DEV_SECRET_KEY:
        raise SettingsError("BAWABA_SECRET_KEY still holds the development secret; the prod profile refuses it")
    if settings.admin_token == DEV_ADMIN_TOKEN or len(settings.admin_token) < 24:
        raise SettingsError("BAWABA_ADMIN_TOKEN must be set to a random value of 24+ characters in the prod profile")
    if settings.dev_features:
        raise SettingsError("BAWABA_DEV_FEATURES must be false in the prod profile (set BAWABA_DEV_FEATURES=false)")
    if urlsplit(settings.issuer).scheme != "https":
        raise SettingsError(f"BAWABA_ISSUER={settings.issuer!r} must be https in the prod profile")
