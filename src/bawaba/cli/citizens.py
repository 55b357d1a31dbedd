"""`bawaba citizens create` and the population behind `bawaba seed --citizens N` (the accounts area)."""

from __future__ import annotations

import asyncio
import time

import click
import msgspec

from bawaba.cli.core import _session_maker, prepare_database, settings_or_exit
from bawaba.domains import identity_config
from bawaba.settings import Settings


def seed_population(settings: Settings, count: int) -> int:
    """Create population members 0..count-1 that are missing, with a progress bar; returns how many were created."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from identity.accounts.bulk import seed_population as bulk_seed

    async def run(progress: Progress) -> int:
        task = progress.add_task("citizens", total=count)
        engine, session_maker = _session_maker(settings)
        try:
            return await bulk_seed(
                session_maker, settings.secret_key, count, progress=lambda n: progress.advance(task, n)
            )
        finally:
            await engine.dispose()

    started = time.perf_counter()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, transient=False) as progress:
        created = asyncio.run(run(progress))
    elapsed = time.perf_counter() - started
    click.echo(f"population: {count} people ({created} created, {count - created} already present) in {elapsed:.1f}s")
    return created


@click.group()
def citizens() -> None:
    """eKey accounts: create citizens with known credentials."""


@citizens.command("create")
@click.option("--level", type=click.Choice(["standard", "advanced"]), default="standard", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the new account as one JSON object.")
def create(level: str, as_json: bool) -> None:
    """Create an active eKey account for a new random person; prints its CPR, password and TOTP secret."""
    from identity.accounts.provisioning import create_random_account

    settings = settings_or_exit()
    prepare_database(settings, seed=False)

    async def run():
        engine, session_maker = _session_maker(settings)
        try:
            async with session_maker() as session:
                created = await create_random_account(session, identity_config(settings), level=level)
                await session.commit()
                return created
        finally:
            await engine.dispose()

    created = asyncio.run(run())
    if as_json:
        click.echo(msgspec.json.encode(created).decode())
        return
    click.echo(f"CPR          {created.cpr}")
    click.echo(f"Name         {created.name_en} / {created.name_ar}")
    click.echo(f"Level        {created.level}")
    click.echo(f"Password     {created.password}")
    click.echo(f"TOTP secret  {created.totp_secret}")
