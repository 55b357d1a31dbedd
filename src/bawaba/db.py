"""Database configuration: one async engine (aiosqlite or asyncpg), one session and transaction per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
from advanced_alchemy.extensions.litestar import (
    AlembicAsyncConfig,
    AsyncSessionConfig,
    EngineConfig,
    SQLAlchemyAsyncConfig,
)
from advanced_alchemy.extensions.litestar._utils import delete_aa_scope_state, get_aa_scope_state
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bawaba.sqlite_inline import InlineConnection, InlineDBAPI, on_inline_connect

if TYPE_CHECKING:
    from litestar.types import Message, Scope

    from bawaba.settings import Settings

log = logging.getLogger("bawaba.db")
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_COMMIT_FAILED = "_bawaba_commit_failed"


def sqlite_path(database_url: str) -> Path | None:
    if not database_url.startswith("sqlite"):
        return None
    path = database_url.split(":///", 1)[1]
    return None if path in ("", ":memory:") else Path(path)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers proceed during a write; busy_timeout makes concurrent workers wait instead of failing;
    # synchronous=NORMAL in WAL mode still never loses a committed transaction on process crash.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    if isinstance(getattr(dbapi_connection, "driver_connection", None), InlineConnection):
        on_inline_connect(cursor)  # lock waits and checkpoints happen off the loop (bawaba.sqlite_inline)
    cursor.close()


# A pooled PostgreSQL connection that sat unused this long is pinged before use (see _check_on_checkout).
PING_AFTER_IDLE_S = 30.0
_IDLE_SINCE = "bawaba_idle_since"


def _stamp_on_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _check_on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """Hand out only live PostgreSQL connections, without a round trip per checkout.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout; with asyncpg a ping is BEGIN, ``;``, ROLLBACK: three
    round trips, ~0.7 ms of server CPU per sign-in round. A restart or a terminated backend closes the socket,
    which asyncpg notices as soon as the loop reads it, so ``is_closed()`` answers for free; a connection idle
    long enough to have been cut silently (a firewall, a NAT) still gets a real ping. Raising
    ``DisconnectionError`` makes the pool replace the connection and retry the checkout.
    """
    idle_since = record.info.get(_IDLE_SINCE)
    try:
        if record.driver_connection.is_closed():
            raise DisconnectionError("the server closed this connection")
        if idle_since is not None and time.monotonic() - idle_since > PING_AFTER_IDLE_S:
            dbapi_connection.ping()
    except DisconnectionError:
        raise
    except Exception as error:
        raise DisconnectionError(f"a pooled connection failed its ping: {error}") from error


def configure_engine(engine: AsyncEngine) -> AsyncEngine:
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    elif engine.dialect.driver == "asyncpg":
        event.listen(engine.sync_engine, "checkin", _stamp_on_checkin)
        event.listen(engine.sync_engine, "checkout", _check_on_checkout)
    return engine


def engine_options(database_url: str) -> dict[str, Any]:
    """Options every engine on this database gets: SQLite files run their statements inline on the loop."""
    if database_url.startswith("sqlite"):
        return {"module": InlineDBAPI()}
    return {}


def create_engine(database_url: str, **options: Any) -> AsyncEngine:
    """The engine for CLI commands, warm-up and benchmarks: same driver setup as the app's."""
    return configure_engine(create_async_engine(database_url, **engine_options(database_url), **options))


def _commit_failure_problem(status: int) -> bytes:
    return msgspec.json.encode(
        {
            "type": "/problems/not-committed",
            "title": "Service Unavailable",
            "status": status,
            "detail": "The change could not be saved; nothing was recorded. Try again.",
        }
    )


def commit_or_rollback(session_scope_key: str) -> Callable[[Message, Scope], Awaitable[None]]:
    """Commit on 2xx/3xx, roll back otherwise; never acknowledge a transaction that failed to commit.

    advanced-alchemy's stock handler logs a failed commit at debug level and lets the success response through;
    here a failed commit turns the response into a 503 problem document instead. The scope key is the config's
    own: advanced-alchemy renames it when several apps live in one process (tests).
    """

    async def handler(message: Message, scope: Scope) -> None:
        session = get_aa_scope_state(scope, session_scope_key)
        if message["type"] == "http.response.start" and session is not None and session.in_transaction():
            # (A session that ran no statement has nothing to commit: skipping it saves ~100 µs per request.)
            if 200 <= message["status"] < 400:
                try:
                    await session.commit()
                except Exception:
                    log.exception("commit failed; answering 503 instead of the handler's response")
                    await session.rollback()
                    body = _commit_failure_problem(503)
                    scope[_COMMIT_FAILED] = body  # type: ignore[literal-required]
                    message["status"] = 503
                    message["headers"] = [
                        (b"content-type", b"application/problem+json"),
                        (b"content-length", str(len(body)).encode()),
                    ]
            else:
                await session.rollback()
        elif message["type"] == "http.response.body" and _COMMIT_FAILED in scope:
            message["body"] = scope.pop(_COMMIT_FAILED)  # type: ignore[misc]
            message["more_body"] = False
        finished = message["type"] in ("http.response.body", "http.disconnect") and not message.get("more_body", False)
        if finished and session is not None:
            await session.close()
            delete_aa_scope_state(scope, session_scope_key)

    return handler


def database_config(settings: Settings) -> SQLAlchemyAsyncConfig:
    sqlite_file = sqlite_path(settings.database_url)
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    engine_config = EngineConfig(pool_pre_ping=False, **engine_options(settings.database_url))
    if not settings.is_sqlite:
        # Liveness is checked on checkout by configure_engine's listener, not by a ping per checkout.
        engine_config = EngineConfig(pool_size=10, max_overflow=10, pool_pre_ping=False)
    config = SQLAlchemyAsyncConfig(
        connection_string=settings.database_url,
        engine_config=engine_config,
        # advanced-alchemy's cache-invalidation listener runs on every commit and, unless the session says
        # otherwise, builds a new option engine per call to read a flag (~35 % of a commit's CPU). Bawaba uses
        # neither its dogpile cache nor FileObject columns.
        session_config=AsyncSessionConfig(expire_on_commit=False, info={"enable_cache_listener": False}),
        enable_file_object_listener=False,
        before_send_handler=None,
        create_all=False,
        alembic_config=AlembicAsyncConfig(script_location=str(MIGRATIONS_DIR), version_table_name="alembic_version"),
    )
    config.before_send_handler = commit_or_rollback(config.session_scope_key)
    configure_engine(config.get_engine())
    return config
