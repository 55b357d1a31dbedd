"""A log handler that keeps formatting and writing off the request path, without a thread wake-up per line.

Litestar's default queue handler hands every record to a listener thread through a condition variable: one
futex wake-up and one GIL hand-over per access-log line, ~17 % of the event loop's time during sign-in rounds.
Here the request path only appends the record to a deque; a daemon thread formats and writes what has piled up
every ``FLUSH_INTERVAL_S``. Warnings and errors are written at once (with whatever was pending before them), so
nothing important waits, and what is pending at a normal exit is flushed by ``atexit``.
"""

from __future__ import annotations

import atexit
import collections
import logging
import os
import sys
import threading
import time
import weakref
from typing import TextIO

FLUSH_INTERVAL_S = 0.05
# One writer thread per process serves every handler (tests and app rebuilds configure logging many times).
_handlers: weakref.WeakSet[BufferedStreamHandler] = weakref.WeakSet()
_writer_pid: int | None = None
_writer_lock = threading.Lock()


def _flush_all() -> None:
    for handler in list(_handlers):
        handler.flush_pending()


def _write_periodically() -> None:
    while True:
        time.sleep(FLUSH_INTERVAL_S)
        _flush_all()


def _ensure_writer() -> None:
    global _writer_pid
    with _writer_lock:
        if _writer_pid != os.getpid():  # first record, or a forked worker: threads do not survive fork
            _writer_pid = os.getpid()
            threading.Thread(target=_write_periodically, name="log-writer", daemon=True).start()


atexit.register(_flush_all)


class BufferedStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream or sys.stderr)
        self._pending: collections.deque[logging.LogRecord] = collections.deque()
        _handlers.add(self)

    def handle(self, record: logging.LogRecord) -> logging.LogRecord | bool:
        if not self.filter(record):
            return False
        if record.levelno >= logging.WARNING:
            self.flush_pending(also=record)
            return record
        # Messages are rendered now, as QueueHandler does, so later changes to their arguments cannot leak in.
        record.msg, record.args = record.getMessage(), None
        self._pending.append(record)
        if _writer_pid != os.getpid():
            _ensure_writer()
        return record

    def flush_pending(self, also: logging.LogRecord | None = None) -> None:
        lines = []
        while self._pending:
            record = self._pending.popleft()
            try:
                lines.append(self.format(record))
            except Exception:
                self.handleError(record)
        if also is not None:
            try:
                lines.append(self.format(also))
            except Exception:
                self.handleError(also)
        if not lines:
            return
        with self.lock:  # type: ignore[union-attr]
            try:
                self.stream.write("\n".join(lines) + self.terminator)
                self.stream.flush()
            except Exception:  # a closed stream at shutdown: nothing left to tell
                pass
