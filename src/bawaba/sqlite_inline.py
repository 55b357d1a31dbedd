"""SQLite statements on the event loop's own thread: aiosqlite's interface without its worker thread.

Why: aiosqlite runs every call (cursor, execute, fetch, close, commit) on a private thread and wakes the event loop
for each result. Through SQLAlchemy that is 4-5 thread round trips per statement, ~300 µs of CPU for a statement
SQLite itself answers in ~5 µs; an eKey login round makes 12 statements. SQLite in WAL mode answers the short,
indexed statements of a request in microseconds, so running them on the loop blocks it no longer than the thread
hand-offs did.

Two layers. ``InlineConnection`` keeps aiosqlite's interface (the driver connection SQLAlchemy hands out) with its
calls run at once on the caller's thread. ``InlineDBAPI`` (given to SQLAlchemy as the dialect's DBAPI module)
adapts it for SQLAlchemy's synchronous core: cursors, commits and rollbacks call ``sqlite3`` directly instead of
wrapping each call (cursor, execute, fetch, close) in a coroutine that the greenlet bridge must switch out to
await: a session's select went from ~56 to ~44 µs, a request's session from ~200 to ~176 µs. Only a lock wait
leaves the greenlet, to ``asyncio.sleep``.

What must not block the loop is waiting for a lock. Connections here are opened with ``busy_timeout=0``, so SQLite
answers SQLITE_BUSY at once instead of sleeping in the loop's thread; the statement (which had no effect) is
retried after an ``asyncio.sleep`` with a growing back-off, up to ``BUSY_TIMEOUT_S``. The sleep lets the
coroutine that holds the write lock (in this process, or in another worker) finish and commit. A stale snapshot
(SQLITE_BUSY_SNAPSHOT) is not retried: it surfaces as "database is locked", which the API answers with 503.

WAL checkpoints copy the log back into the database and fsync it; run from a commit they would stall the loop, so
inline connections switch automatic checkpoints off and one daemon thread per process checkpoints every database
it has seen (PASSIVE: it never blocks writers or readers).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import aiosqlite
from greenlet import getcurrent
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_

log = logging.getLogger("bawaba.db")
BUSY_TIMEOUT_S = 10.0
FIRST_BACKOFF_S, MAX_BACKOFF_S = 0.0005, 0.02
RETRIED_CODES = frozenset({5, 261})  # SQLITE_BUSY, SQLITE_BUSY_RECOVERY; not 517, SQLITE_BUSY_SNAPSHOT
CHECKPOINT_EVERY_S = 1.0


def _is_transient_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in RETRIED_CODES


class _RunNow:
    """Stands in for aiosqlite's queue to its thread: runs each call at once and settles its future."""

    @staticmethod
    def put_nowait(item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting coroutine, as aiosqlite does
            if future is not None:
                future.set_exception(error)
            return
        if future is not None:
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run on the caller's thread (no worker thread is ever started)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        return self._connect().__await__()  # type: ignore[return-value]

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or self._connection is None:
            raise ValueError("Connection closed")
        wait = None
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                wait = wait or _BusyWait()
                await asyncio.sleep(wait.next_delay(error))


class _BusyWait:
    """The back-off of one call that found the database locked by another writer, up to BUSY_TIMEOUT_S."""

    __slots__ = ("backoff", "deadline")

    def __init__(self) -> None:
        self.backoff, self.deadline = FIRST_BACKOFF_S, time.monotonic() + BUSY_TIMEOUT_S

    def next_delay(self, error: sqlite3.OperationalError) -> float:
        """How long to sleep before the next try; re-raises ``error`` if it is not a lock wait or time is up."""
        if not _is_transient_busy(error) or time.monotonic() >= self.deadline:
            raise error
        delay, self.backoff = self.backoff, min(self.backoff * 2, MAX_BACKOFF_S)
        return delay


def _run_retrying_busy(fn: Callable[..., Any], *args: Any) -> Any:
    """Run a sqlite3 call; while another writer holds the lock, wait with ``asyncio.sleep`` (through SQLAlchemy's
    greenlet bridge, so the loop keeps running) and retry, up to BUSY_TIMEOUT_S."""
    wait = None
    while True:
        try:
            return fn(*args)
        except sqlite3.OperationalError as error:
            wait = wait or _BusyWait()
            await_(asyncio.sleep(wait.next_delay(error)))


class _Ready:
    """An awaitable that is already complete."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, None]:
        return iter(())  # type: ignore[return-value]


_READY = _Ready()


def _await_once_per_greenlet() -> None:
    """Satisfy AsyncConnection.execute's check that a statement awaited something (its guard against sync
    drivers, which looks for at least one switch per greenlet_spawn) with one switch to an already-complete
    awaitable per greenlet: the first statement of a greenlet pays two switches, the next ones nothing."""
    current = getcurrent()
    if not getattr(current, "_bawaba_awaited", False):
        await_(_READY)
        current._bawaba_awaited = True


class _InlineCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's cursor adapter over a plain sqlite3 cursor: no coroutine per call."""

    __slots__ = ()
    _awaitable_cursor_close = False

    def _make_new_cursor(self, connection: Any) -> Any:
        return connection._conn.cursor()

    def _aenter_cursor(self, cursor: Any) -> Any:
        return cursor

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            cursor = self._cursor
            _run_retrying_busy(cursor.execute, operation, () if parameters is None else parameters)
            if cursor.description:
                self._rows = collections.deque(cursor.fetchall())
            _await_once_per_greenlet()
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            _run_retrying_busy(self._cursor.executemany, operation, seq_of_parameters)
            _await_once_per_greenlet()
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def close(self) -> None:
        self._rows.clear()
        self._cursor.close()


class _InlineAdaptedConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _InlineCursor

    def commit(self) -> None:
        if self._connection._connection:
            try:
                _run_retrying_busy(self._connection._conn.commit)
            except Exception as error:
                self._handle_exception(error)

    def rollback(self) -> None:
        if self._connection._connection:
            try:
                self._connection._conn.rollback()
            except Exception as error:
                self._handle_exception(error)


class InlineDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect uses for inline connections (``create_engine(module=...)``)."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        kw.pop("async_creator_fn", None)
        return _InlineAdaptedConnection(self, await_(inline_connect(*arg, **kw)))


def inline_connect(database: str, **kwargs: Any) -> InlineConnection:
    """SQLAlchemy's ``async_creator_fn`` for the aiosqlite dialect: same arguments as ``sqlite3.connect``."""
    # Used on one loop's thread, but SQLAlchemy may close a pooled connection from another (dispose, finalizers).
    kwargs["check_same_thread"] = False
    if database not in ("", ":memory:") and not kwargs.get("uri"):
        _checkpointer.watch(database)
    return InlineConnection(lambda: sqlite3.connect(database, **kwargs))


def on_inline_connect(cursor: Any) -> None:
    """Per-connection settings of inline connections (run by the engine's connect listener)."""
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.execute("PRAGMA wal_autocheckpoint=0")


class _Checkpointer:
    """One daemon thread per process running PASSIVE WAL checkpoints for every inline database it watches.

    Fork-safe: ``bawaba serve`` forks its workers from a parent whose checkpointer may be inside SQLite at that
    moment, and a child inheriting SQLite's process-wide mutexes locked hangs at its first connection. A fork
    therefore waits for the running checkpoint (``os.register_at_fork``), and no checkpoint starts during one.
    """

    def __init__(self) -> None:
        self._paths: set[str] = set()
        self._lock = threading.Lock()  # the watched paths
        self._working = threading.Lock()  # held for each round of checkpoints, and across a fork
        self._pid = 0
        os.register_at_fork(
            before=self._hold_for_fork, after_in_parent=self._release_after_fork,
            after_in_child=self._release_after_fork,
        )  # fmt: skip

    def _hold_for_fork(self) -> None:
        self._working.acquire()
        self._lock.acquire()

    def _release_after_fork(self) -> None:
        self._lock.release()
        self._working.release()

    def watch(self, database: str) -> None:
        with self._lock:
            self._paths.add(os.path.abspath(database))
            if self._pid != os.getpid():  # first use, or a forked worker: threads do not survive fork
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="sqlite-checkpointer", daemon=True).start()

    def _run(self) -> None:
        wakeup = threading.Event()
        while not wakeup.wait(CHECKPOINT_EVERY_S):
            with self._working:
                self._checkpoint_all()

    def _checkpoint_all(self) -> None:
        with self._lock:
            paths = list(self._paths)
        for path in paths:
            if not Path(path).exists():
                with self._lock:
                    self._paths.discard(path)
                continue
            self.checkpoint(path)

    @staticmethod
    def checkpoint(path: str) -> None:
        if not Path(path + "-wal").exists():
            return
        with contextlib.suppress(sqlite3.Error), contextlib.closing(sqlite3.connect(path, timeout=0)) as conn:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


_checkpointer = _Checkpointer()
