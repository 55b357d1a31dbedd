"""Seeding is idempotent and survives being killed midway; a second start seeds nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from bawaba.cli.core import prepare_database
from bawaba.domains import seed_steps
from bawaba.models import metadata
from tests.conftest import PROJECT_ROOT, fresh_database, make_settings, server_env

LEDGER_AND_VOLATILE = {"alembic_version", "seed_runs", "kv_store"}


async def table_counts(database_url: str) -> dict[str, int]:
    engine = create_async_engine(database_url)
    counts = {}
    try:
        async with engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name not in LEDGER_AND_VOLATILE:
                    counts[table.name] = (await conn.execute(select(func.count()).select_from(table))).scalar_one()
    finally:
        await engine.dispose()
    return counts


async def ledger_rows(database_url: str) -> int:
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text("SELECT count(*) FROM seed_runs"))).scalar_one()
    except Exception:  # the table does not exist before the first migration
        return 0
    finally:
        await engine.dispose()


def test_second_start_seeds_nothing(settings) -> None:
    before = asyncio.run(table_counts(settings.database_url))
    assert prepare_database(settings, echo=False) == {}
    assert asyncio.run(table_counts(settings.database_url)) == before


def test_seed_killed_midway_resumes_into_a_complete_seed(settings, tmp_path: Path) -> None:
    steps = seed_steps(settings)
    if len(steps) < 2:
        pytest.skip("needs at least two seed steps to interrupt between them")
    # The session database holds what other tests added: compare with a clean, uninterrupted seed instead.
    with fresh_database(tmp_path, "reference") as clean_url:
        prepare_database(make_settings(clean_url, tmp_path / "clean-var"), echo=False)
        reference = asyncio.run(table_counts(clean_url))
    with fresh_database(tmp_path, "interrupted") as url:
        env = server_env(make_settings(url, tmp_path / "var"))
        process = subprocess.Popen(
            [sys.executable, "-m", "bawaba", "seed"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        interrupted = False
        while process.poll() is None and time.monotonic() < deadline:
            done = asyncio.run(ledger_rows(url))
            if 1 <= done < len(steps):
                os.killpg(process.pid, signal.SIGKILL)  # no chance to clean up, like a power cut
                interrupted = True
                break
            time.sleep(0.02)
        process.wait(timeout=30)
        assert interrupted, "the seed finished before it could be interrupted"
        assert asyncio.run(ledger_rows(url)) < len(steps)

        resumed = subprocess.run(
            [sys.executable, "-m", "bawaba", "seed"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert resumed.returncode == 0, resumed.stderr
        assert asyncio.run(ledger_rows(url)) == len(steps)
        assert asyncio.run(table_counts(url)) == reference
