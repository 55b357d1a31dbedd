"""Benchmark harness: start a real `bawaba serve`, read its CPU time from /proc, report per-operation costs.

Server CPU per operation (user + system time of the server's whole process tree, workers included) is the
robust figure on a shared, noisy machine: it does not depend on how fast the load generator or the other
tenants are. Wall-clock throughput is reported beside it for context.

Usage from a benchmark module::

    with ServerUnderTest(workers=1) as server:
        with server.measure("search", n=2000) as m:
            for _ in range(2000):
                client.get(server.url + "/api/v1/services?q=birth")
        print(m.report())
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, user+system CPU seconds) of one process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _process_names() -> dict[int, str]:
    names = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                names[int(entry.name)] = (entry / "comm").read_text().strip()
    return names


def tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds of a process and all its live descendants (granian workers, argon2 threads included)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for pid in _process_names():
        stat = _proc_stat(pid)
        if stat is not None:
            parents[pid], cpu[pid] = stat
    total, stack = 0.0, [root_pid]
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return total


def postgres_cpu_seconds() -> float:
    """CPU seconds of every PostgreSQL server process on this machine (its share of a benchmark's work)."""
    return sum(
        stat[1]
        for pid, name in _process_names().items()
        if name.startswith("postgres") and (stat := _proc_stat(pid)) is not None
    )


@dataclass
class Measurement:
    name: str
    operations: int
    server_cpu_s: float = 0.0
    database_cpu_s: float = 0.0
    wall_s: float = 0.0

    @property
    def cpu_ms_per_op(self) -> float:
        return 1000 * self.server_cpu_s / max(self.operations, 1)

    @property
    def db_cpu_ms_per_op(self) -> float:
        return 1000 * self.database_cpu_s / max(self.operations, 1)

    @property
    def ops_per_s(self) -> float:
        return self.operations / self.wall_s if self.wall_s else 0.0

    def report(self) -> str:
        db = f", PostgreSQL server {self.db_cpu_ms_per_op:.3f} ms" if self.database_cpu_s else ""
        return (
            f"{self.name}: {self.operations} ops, server CPU {self.cpu_ms_per_op:.3f} ms/op{db}, "
            f"{self.ops_per_s:.1f} ops/s wall"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerUnderTest:
    """A `bawaba serve` subprocess on 127.0.0.1; a fresh SQLite database unless database_url is given."""

    workers: int = 1
    database_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    ready_timeout_s: float = 180.0
    poll_interval_s: float = 0.25  # between two /ready probes while starting
    url: str = ""
    process: subprocess.Popen[bytes] | None = None
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> ServerUnderTest:
        self._tmp = tempfile.TemporaryDirectory(prefix="bawaba-bench-")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("BAWABA_")}
        env.update(
            BAWABA_VAR_DIR=self._tmp.name,
            BAWABA_ISSUER=self.url,
            BAWABA_LOG_LEVEL="WARNING",
            BAWABA_ACCESS_LOG="false",
        )
        if self.database_url:
            env["BAWABA_DATABASE_URL"] = self.database_url
        env.update(self.env)
        self.env = env
        self._log = Path(self._tmp.name) / "server.log"
        with self._log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bawaba", "serve", "--port", str(port), "--workers", str(self.workers)],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + self.ready_timeout_s
        while not self._ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self._log.read_text(errors="replace")[-4000:]  # before __exit__ deletes it
                self.__exit__(None, None, None)
                raise RuntimeError(f"server did not become ready:\n{log}")
            time.sleep(self.poll_interval_s)
        return self

    def _ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def cpu_seconds(self) -> float:
        assert self.process is not None
        return tree_cpu_seconds(self.process.pid)

    @contextlib.contextmanager
    def measure(self, name: str, n: int, *, include_postgres: bool | None = None) -> Iterator[Measurement]:
        """Measure the server's CPU while the body performs ``n`` operations."""
        if include_postgres is None:
            include_postgres = (self.database_url or "").startswith("postgresql")
        measurement = Measurement(name=name, operations=n)
        cpu0, db0, wall0 = self.cpu_seconds(), postgres_cpu_seconds() if include_postgres else 0.0, time.perf_counter()
        yield measurement
        measurement.wall_s = time.perf_counter() - wall0
        measurement.server_cpu_s = self.cpu_seconds() - cpu0
        if include_postgres:
            measurement.database_cpu_s = postgres_cpu_seconds() - db0

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def fresh_postgres_database(admin_url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> tuple[str, str]:
    """Create an empty PostgreSQL database for a benchmark; returns (asyncpg URL, name). Drop it with drop_postgres."""
    name = f"bawaba_bench_{secrets.token_hex(4)}"
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    return f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}", name


def drop_postgres(name: str, admin_url: str = "postgresql://postgres@127.0.0.1:5432/postgres") -> None:
    subprocess.run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
