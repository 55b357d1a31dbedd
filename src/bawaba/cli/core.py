"""serve, db and seed: the commands of the composition root."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import click

from bawaba.settings import Settings, SettingsError, load_settings


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        click.echo(f"bawaba: configuration error: {exc}", err=True)
        sys.exit(2)


def _session_maker(settings: Settings):
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bawaba.db import create_engine

    engine = create_engine(settings.database_url)
    return engine, async_sessionmaker(engine, expire_on_commit=False)


def prepare_database(settings: Settings, *, seed: bool = True, echo: bool = True) -> dict[str, int]:
    """Create the SQLite file when missing, migrate to heads, seed what is missing. Safe to run repeatedly."""
    from bawaba.db import sqlite_path

    path = sqlite_path(settings.database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_prepare(settings, seed=seed, echo=echo))


async def _prepare(settings: Settings, *, seed: bool, echo: bool) -> dict[str, int]:
    from bawaba import migrate

    engine, session_maker = _session_maker(settings)
    try:
        if not await migrate.is_at_head(engine, settings.database_url):
            # Alembic's env.py runs its own event loop: give it a thread of its own.
            await asyncio.to_thread(migrate.upgrade, settings.database_url)
        if not seed:
            return {}
        return await _seed(settings, session_maker, echo=echo)
    finally:
        await engine.dispose()


async def _seed(settings: Settings, session_maker: Any, *, echo: bool) -> dict[str, int]:
    from bawaba.domains import seed_steps
    from bawaba.seeding import run_seed_steps

    report = (lambda line: click.echo(f"  {line}")) if echo else (lambda _line: None)
    return await run_seed_steps(session_maker, seed_steps(settings), report=report)


def _banner(settings: Settings, host: str, port: int, workers: int) -> str:
    base = f"http://{host}:{port}"
    return "\n".join(
        [
            f"Bawaba is serving on {base} ({workers} worker{'s' if workers > 1 else ''}, profile {settings.profile})",
            f"  API docs        {base}/schema",
            f"  Catalog API     {base}/api/v1/services",
            f"  Demo portal     {base}/",
            f"  eKey login      {base}/oidc/auth  (discovery: {settings.issuer}/.well-known/openid-configuration)",
            f"  Certificates    {base}/verify",
            f"  Health          {base}/health  ·  {base}/ready  ·  {base}/metrics",
            "  Demo credentials: docs/personas.md (CPR, password and TOTP secret of each persona)",
        ]
    )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--no-seed", is_flag=True, help="Migrate but do not seed.")
def serve(host: str, port: int, workers: int, no_seed: bool) -> None:
    """Migrate, seed what is missing, and serve the platform (granian, uvloop)."""
    from granian.constants import Interfaces, Loops
    from granian.server import Server

    if not os.environ.get("BAWABA_ISSUER"):
        # Without an explicit public URL, the issuer is where this server listens (workers read it from the env).
        os.environ["BAWABA_ISSUER"] = f"http://{host}:{port}"
    settings = settings_or_exit()
    if workers > 1:
        # Metrics of every worker are aggregated through files (prometheus_client multiprocess mode). Set before
        # anything is imported: a metric created earlier (seeding imports the domains) would stay process-local.
        metrics_dir = Path(settings.var_dir) / "prometheus"
        metrics_dir.mkdir(parents=True, exist_ok=True)
        for stale in metrics_dir.glob("*.db"):
            stale.unlink()
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir.resolve())
    click.echo(f"Preparing the database ({_redacted(settings.database_url)}) ...")
    prepare_database(settings, seed=settings.seed_on_start and not no_seed)
    # Build the application once here: granian forks its workers, which inherit it instead of importing and
    # building it again (the engine holds no connection yet, so nothing is shared across the fork).
    from bawaba.app import prebuild

    prebuild(settings)
    click.echo(_banner(settings, host, port, workers))
    Server(
        "bawaba.app:worker_app",
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        loop=Loops.uvloop if sys.platform != "win32" else Loops.asyncio,
        factory=True,
        log_access=False,
        respawn_failed_workers=True,
    ).serve()


def _redacted(url: str) -> str:
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://***@{rest.split('@', 1)[1]}"


@click.group()
def db() -> None:
    """Database migrations (Alembic)."""


@db.command("upgrade")
@click.argument("target", default="heads")
def db_upgrade(target: str) -> None:
    """Upgrade the schema (default: every branch head)."""
    from bawaba import migrate

    settings = settings_or_exit()
    prepare_database(settings, seed=False) if target == "heads" else migrate.upgrade(settings.database_url, target)
    click.echo(f"database at {sorted(asyncio.run(migrate.current(settings.database_url)))}")


@db.command("downgrade")
@click.argument("target")
def db_downgrade(target: str) -> None:
    """Downgrade the schema to TARGET (a revision, 'base', or -N)."""
    from bawaba import migrate

    settings = settings_or_exit()
    migrate.downgrade(settings.database_url, target)
    click.echo(f"database at {sorted(asyncio.run(migrate.current(settings.database_url)))}")


@db.command("current")
def db_current() -> None:
    """Print the database's revisions and whether they are the heads."""
    from bawaba import migrate

    settings = settings_or_exit()
    current = asyncio.run(migrate.current(settings.database_url))
    heads = migrate.script_heads(settings.database_url)
    click.echo(f"current: {', '.join(sorted(current)) or '(empty)'}")
    click.echo(f"heads:   {', '.join(sorted(heads))}")
    click.echo("at head" if current == heads else "behind head: run 'bawaba db upgrade'")


@click.command()
@click.option(
    "--citizens",
    type=click.IntRange(0, 5_000_000),
    default=None,
    help="Also create a synthetic population of N people (all able to log in).",
)
@click.option(
    "--load-personas",
    type=click.IntRange(0, 5_000_000),
    default=None,
    help="Create N load-test personas and export what the Locust users need.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --load-personas: where to write the persona CSV.",
)
def seed(citizens: int | None, load_personas: int | None, out: Path | None) -> None:
    """Migrate and load whatever seed data is missing (idempotent); optionally a population or load personas."""
    settings = settings_or_exit()
    written = prepare_database(settings)
    click.echo("base seed: nothing missing" if not written else f"base seed: {sum(written.values())} rows")
    if citizens is not None:
        from bawaba.cli.citizens import seed_population  # the accounts area owns the population

        seed_population(settings, citizens)
    if load_personas is not None:
        from bawaba.cli.loadtest import seed_load_personas  # the load-test area owns the persona export

        seed_load_personas(settings, load_personas, out)
