"""Shared fixtures: a migrated, seeded database per test session (SQLite, or PostgreSQL when
BAWABA_TEST_DATABASE_URL is set), the app, an HTTPS test client, and a real server subprocess."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from bawaba.app import create_app
from bawaba.cli.core import prepare_database
from bawaba.db import configure_engine
from bawaba.settings import Settings, load_settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEST_BASE_URL = "https://testserver.local"


async def _create_postgres_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def _drop_postgres_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@contextlib.contextmanager
def fresh_database(tmp_dir: Path, label: str = "bawaba") -> Iterator[str]:
    """A brand-new empty database URL: a SQLite file, or a PostgreSQL database dropped afterwards."""
    admin_url = os.environ.get("BAWABA_TEST_DATABASE_URL")
    if not admin_url:
        yield f"sqlite+aiosqlite:///{tmp_dir / f'{label}.db'}"
        return
    name = f"{label}_test_{secrets.token_hex(4)}"
    asyncio.run(_create_postgres_database(admin_url, name))
    try:
        yield _with_database(admin_url, name)
    finally:
        asyncio.run(_drop_postgres_database(admin_url, name))


def make_settings(database_url: str, var_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "var_dir": str(var_dir),
        "issuer": TEST_BASE_URL,
        "profile": "dev",
        "access_log": False,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return load_settings(environ={}, **values)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(database_url, tmp_path_factory.mktemp("var"))
    prepare_database(settings, echo=False)  # migrate to heads and run the default seed, once per session
    return settings


@pytest.fixture(scope="session")
async def session_maker(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = configure_engine(create_async_engine(settings.database_url))
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


@pytest.fixture(scope="session")
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture(scope="session")
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app, base_url=TEST_BASE_URL) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def server_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BAWABA_")}
    env.update(
        BAWABA_DATABASE_URL=settings.database_url,
        BAWABA_VAR_DIR=settings.var_dir,
        BAWABA_PROFILE=settings.profile,
        BAWABA_SECRET_KEY=settings.secret_key,
        BAWABA_ADMIN_TOKEN=settings.admin_token,
        BAWABA_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@contextlib.contextmanager
def run_server(env: dict[str, str], log_path: Path, *, workers: int = 1, timeout: float = 60) -> Iterator[LiveServer]:
    port = free_port()
    env = {**env, "BAWABA_ISSUER": env.get("BAWABA_ISSUER") or f"http://127.0.0.1:{port}"}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bawaba", "serve", "--port", str(port), "--workers", str(workers)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{server.log()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{server.url}/ready", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after {timeout}s:\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real `bawaba serve` subprocess (granian) on a free 127.0.0.1 port, sharing the test database."""
    log_path = tmp_path_factory.mktemp("live") / "server.log"
    with run_server(server_env(settings), log_path) as server:
        yield server
