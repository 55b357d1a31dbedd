"""Settings are validated once; a bad value names its variable; prod refuses development conveniences."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bawaba.settings import DEV_SECRET_KEY, SettingsError, load_settings

PROD_OK = {
    "BAWABA_PROFILE": "prod",
    "BAWABA_ISSUER": "https://ekey.example.bh",
    "BAWABA_SECRET_KEY": "k" * 48,
    "BAWABA_ADMIN_TOKEN": "a" * 32,
    "BAWABA_DEV_FEATURES": "false",
    "BAWABA_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:5432/bawaba",
}


def test_defaults_are_a_dev_server_on_embedded_sqlite() -> None:
    settings = load_settings(environ={})
    assert settings.profile == "dev"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.database_url.endswith("var/bawaba.db")


def test_prod_with_real_secrets_starts() -> None:
    settings = load_settings(environ=PROD_OK)
    assert settings.is_prod and not settings.dev_features


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("BAWABA_PROFILE", "staging", "BAWABA_PROFILE"),
        ("BAWABA_DATABASE_URL", "mysql://x", "BAWABA_DATABASE_URL"),
        ("BAWABA_ISSUER", "not a url", "BAWABA_ISSUER"),
        ("BAWABA_ISSUER", "https://x.bh/", "BAWABA_ISSUER"),
        ("BAWABA_MAX_BODY_BYTES", "lots", "BAWABA_MAX_BODY_BYTES"),
        ("BAWABA_DEV_FEATURES", "maybe", "BAWABA_DEV_FEATURES"),
        ("BAWABA_REDIS_URL", "http://127.0.0.1:6379", "BAWABA_REDIS_URL"),
        ("BAWABA_SECRET_KEY", "short", "BAWABA_SECRET_KEY"),
    ],
)
def test_a_bad_value_names_its_variable(variable: str, value: str, named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        load_settings(environ={variable: value})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BAWABA_SECRET_KEY", DEV_SECRET_KEY),
        ("BAWABA_ADMIN_TOKEN", "dev-admin-token"),
        ("BAWABA_DEV_FEATURES", "true"),
        ("BAWABA_ISSUER", "http://ekey.example.bh"),
    ],
)
def test_prod_refuses_development_conveniences(variable: str, value: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings(environ={**PROD_OK, variable: value})


def test_prod_refuses_the_default_secret_when_unset() -> None:
    env = {k: v for k, v in PROD_OK.items() if k != "BAWABA_SECRET_KEY"}
    with pytest.raises(SettingsError, match="BAWABA_SECRET_KEY"):
        load_settings(environ=env)


def test_cli_stops_with_one_clear_line(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bawaba", "db", "current"],
        env={"PATH": "/usr/bin:/bin", "BAWABA_PROFILE": "prod", "BAWABA_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "BAWABA_" in lines[0]


def test_domain_settings_are_overridable_and_validated() -> None:
    from bawaba.domains import identity_config

    settings = load_settings(environ={"BAWABA_IDENTITY_LOCKOUT_THRESHOLD": "9"})
    assert identity_config(settings).lockout_threshold == 9
    with pytest.raises(SettingsError, match="BAWABA_IDENTITY_LOCKOUT_THRESHOLD"):
        load_settings(environ={"BAWABA_IDENTITY_LOCKOUT_THRESHOLD": "nine"})
    with pytest.raises(SettingsError, match="BAWABA_IDENTITY_NO_SUCH_THING"):
        load_settings(environ={"BAWABA_IDENTITY_NO_SUCH_THING": "1"})
    # What the root derives from its own settings cannot be set behind its back.
    with pytest.raises(SettingsError, match="BAWABA_IDENTITY_SECRET_KEY"):
        load_settings(environ={"BAWABA_IDENTITY_SECRET_KEY": "x" * 40})
