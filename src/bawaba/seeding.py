"""Runs the domains' seed steps once each: a step is skipped when the ledger holds its name and digest.

Steps are idempotent (upserts), and the ledger row is written only after a step completes, so a seed killed in the
middle starts again into a complete seed with no duplicates, and a second start does no work.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import delete, select

from bawaba.models import SeedRun

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger("bawaba.seed")


class SeedStepLike(Protocol):
    name: str
    digest: str
    run: Callable[[async_sessionmaker[AsyncSession]], Awaitable[int]]


async def pending_steps(
    session_maker: async_sessionmaker[AsyncSession], steps: Sequence[SeedStepLike]
) -> list[SeedStepLike]:
    async with session_maker() as session:
        done = dict((await session.execute(select(SeedRun.name, SeedRun.digest))).all())
    return [step for step in steps if done.get(step.name) != step.digest]


async def run_seed_steps(
    session_maker: async_sessionmaker[AsyncSession],
    steps: Sequence[SeedStepLike],
    *,
    report: Callable[[str], None] = lambda line: log.info(line),
) -> dict[str, int]:
    """Run every step whose name+digest is not in the ledger; return rows written per step run."""
    written: dict[str, int] = {}
    for step in await pending_steps(session_maker, steps):
        started = time.perf_counter()
        rows = await step.run(session_maker)
        async with session_maker() as session, session.begin():
            await session.execute(delete(SeedRun).where(SeedRun.name == step.name))
            session.add(
                SeedRun(name=step.name, digest=step.digest, rows=rows, completed_at=datetime.datetime.now(datetime.UTC))
            )
        written[step.name] = rows
        report(f"seeded {step.name}: {rows} rows in {time.perf_counter() - started:.1f}s")
    return written
