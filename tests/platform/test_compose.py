"""No Docker engine runs here, so compose.yaml is checked against the app itself: service names, the variables
the settings understand, the commands the CLI accepts, and ports bound to 127.0.0.1 only."""

from __future__ import annotations

import re
from pathlib import Path

import click
import msgspec
import pytest
import yaml

from bawaba.cli import main
from bawaba.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
SETTING_VARIABLES = {f"BAWABA_{f.name.upper()}" for f in msgspec.structs.fields(Settings)}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def expand(value: str) -> str:
    """Compose's ${VAR:-default} with the defaults (what a plain `docker compose up` runs)."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def test_the_services_are_there(compose: dict) -> None:
    assert set(compose["services"]) == {"postgres", "redis", "app", "locust-master", "locust-worker"}


def test_the_app_points_at_postgres_and_redis_with_valid_settings(compose: dict) -> None:
    env = {k: expand(str(v)) for k, v in compose["services"]["app"]["environment"].items()}
    assert set(env) <= SETTING_VARIABLES, set(env) - SETTING_VARIABLES
    assert "@postgres:5432/" in env["BAWABA_DATABASE_URL"]
    assert env["BAWABA_REDIS_URL"].startswith("redis://redis:6379")
    settings = load_settings(environ=env)  # the app would start with these
    assert settings.database_url.startswith("postgresql+asyncpg://")


def parse(argv: list[str]) -> click.Context:
    """Resolve and validate a `bawaba ...` command line without running it."""
    assert argv[0] == "bawaba"
    ctx = main.make_context("bawaba", list(argv[1:]), resilient_parsing=False)
    name, command, rest = main.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
    assert command is not None, f"unknown command {name}"
    return command.make_context(name, rest, parent=ctx)


def test_the_app_command_serves_with_two_workers(compose: dict) -> None:
    argv = [expand(a) for a in compose["services"]["app"]["command"]]
    ctx = parse(argv)
    assert ctx.command.name == "serve"
    assert ctx.params["workers"] == 2


@pytest.mark.parametrize("service", ["locust-master", "locust-worker"])
def test_the_locust_commands_are_valid_loadtest_invocations(compose: dict, service: str) -> None:
    argv = [expand(a) for a in compose["services"][service]["command"]]
    ctx = parse(argv)
    assert ctx.command.name == "loadtest"
    assert ctx.params["host"] == "http://app:8000"
    assert ctx.params["role"] == ("master" if service == "locust-master" else "worker")
    env = compose["services"][service]["environment"]
    assert set(env) <= SETTING_VARIABLES


def test_published_ports_are_bound_to_loopback(compose: dict) -> None:
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


def test_the_dockerfile_runs_the_same_command(compose: dict) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD \[(.*)\]$", dockerfile, re.MULTILINE)
    assert cmd is not None
    argv = [part.strip().strip('"') for part in cmd.group(1).split(",")]
    assert argv == compose["services"]["app"]["command"]
