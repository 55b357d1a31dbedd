"""Start-up benchmark: first start on an empty database (migrate + full seed) and second start (nothing to seed),
measured from process launch to the first 200 from /ready (probed every 50 ms), with the CPU seconds the server's
process tree (the serving parent and its granian worker) had used by then.

    uv run python -m loadtests.bench.startup_bench [--postgres] [--repeat 3]

The servers share one BAWABA_VAR_DIR, so the second starts find the catalog snapshot cache the first one wrote.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from loadtests.bench._harness import ServerUnderTest, drop_postgres, fresh_postgres_database


def time_to_ready(database_url: str, var_dir: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from launch to ready."""
    started = time.perf_counter()
    with ServerUnderTest(database_url=database_url, env={"BAWABA_VAR_DIR": var_dir}, poll_interval_s=0.05) as server:
        return time.perf_counter() - started, server.cpu_seconds()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="Use a fresh PostgreSQL database on 127.0.0.1.")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        if args.postgres:
            url, name = fresh_postgres_database()
        else:
            url, name = f"sqlite+aiosqlite:///{var_dir}/bench.db", None
        try:
            first = time_to_ready(url, var_dir)
            again = [time_to_ready(url, var_dir) for _ in range(args.repeat)]
        finally:
            if name:
                drop_postgres(name)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    walls = [wall for wall, _ in again]
    print(
        f"{backend}: first start (migrate + seed) {first[0]:.2f} s to ready ({first[1]:.2f} s CPU); "
        f"second start median {statistics.median(walls):.2f} s (runs: {', '.join(f'{t:.2f}' for t in walls)}), "
        f"median {statistics.median(cpu for _, cpu in again):.2f} s CPU"
    )


if __name__ == "__main__":
    main()
