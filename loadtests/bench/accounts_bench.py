"""eKey accounts benchmark: seeding the 768 K population, and the CPU cost of one credential check.

Seeding runs `identity.accounts.bulk.seed_population` (what `bawaba seed --citizens N` runs after the base seed) in
a child process on a freshly migrated database, and reports its wall time, its CPU, its peak RSS and, on
PostgreSQL, the database server's CPU; then it checks that the last member can sign in. Credential checks run
in-process on a small SQLite population: CPU per `authenticate_password` (process CPU: argon2 worker threads
included) before the argon2id upgrade (derived credentials, keyed hash + the upgrade's hash), after it, and for
failures (wrong password, unknown CPR).

    uv run python -m loadtests.bench.accounts_bench                    # 768,000 people on SQLite and PostgreSQL
    uv run python -m loadtests.bench.accounts_bench --n 100000 --backends sqlite
    uv run python -m loadtests.bench.accounts_bench --skip-seed       # credential checks only
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from loadtests.bench._harness import PROJECT_ROOT, drop_postgres, fresh_postgres_database, postgres_cpu_seconds

SECRET = "bench-secret-key-0123456789abcdef0123456789"


def _engine(url: str):
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bawaba.db import create_engine

    engine = create_engine(url)
    return engine, async_sessionmaker(engine, expire_on_commit=False)


async def _child_seed(url: str, n: int) -> dict:
    from identity.accounts.bulk import seed_population

    engine, session_maker = _engine(url)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    created = await seed_population(session_maker, SECRET, n)
    result = {
        "created": created,
        "wall_s": time.perf_counter() - wall0,
        "cpu_s": time.process_time() - cpu0,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if url.startswith("postgresql"):
        # The pooled connection's backend exits with this process, taking its CPU counters along: read them now.
        from sqlalchemy import text

        from loadtests.bench._harness import _proc_stat

        async with engine.connect() as conn:
            backend = await conn.scalar(text("SELECT pg_backend_pid()"))
        stat = _proc_stat(backend)
        result["postgres_backend_cpu_s"] = stat[1] if stat else None
    await engine.dispose()
    return result


async def _last_member_signs_in(url: str, n: int) -> bool:
    from identity.accounts.authn import authenticate_password
    from identity.accounts.population import derived_credentials, population_cpr
    from identity.config import IdentityConfig

    engine, session_maker = _engine(url)
    cpr = population_cpr(SECRET, n - 1)
    async with session_maker() as session:
        outcome = await authenticate_password(
            session, cpr, derived_credentials(SECRET, cpr)[0], config=IdentityConfig(secret_key=SECRET)
        )
    await engine.dispose()
    return outcome.ok


def seed_benchmark(backend: str, n: int) -> dict:
    from bawaba import migrate

    with tempfile.TemporaryDirectory() as tmp:
        name = None
        if backend == "postgresql":
            url, name = fresh_postgres_database()
        else:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        try:
            migrate.upgrade(url)
            db0 = postgres_cpu_seconds() if name else 0.0
            child = subprocess.run(
                [sys.executable, "-m", "loadtests.bench.accounts_bench", "--child-seed", url, "--n", str(n)],
                cwd=PROJECT_ROOT, capture_output=True, text=True, check=True,
            )  # fmt: skip
            result = json.loads(child.stdout.strip().splitlines()[-1])
            if name:
                result["postgres_cpu_s"] = postgres_cpu_seconds() - db0
            result["last_member_signs_in"] = asyncio.run(_last_member_signs_in(url, n))
            return {"backend": backend, "n": n, **result}
        finally:
            if name:
                drop_postgres(name)


async def credential_checks(samples: int) -> dict[str, float]:
    """Median CPU milliseconds per check, and the raw keyed-hash and argon2id primitives."""
    from bawaba import migrate
    from identity.accounts import passwords
    from identity.accounts.authn import authenticate_password
    from identity.accounts.bulk import seed_population
    from identity.accounts.cpr import make_cpr
    from identity.accounts.population import derived_credentials, derived_password_matches, population_cpr
    from identity.config import IdentityConfig

    config = IdentityConfig(secret_key=SECRET, hash_workers=1)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'checks.db'}"
        await asyncio.to_thread(migrate.upgrade, url)
        engine, session_maker = _engine(url)
        await seed_population(session_maker, SECRET, 2 * samples)
        members = [population_cpr(SECRET, i) for i in range(2 * samples)]

        async def cpu_ms(cpr: str, password: str) -> float:
            async with session_maker() as session:
                cpu0 = time.process_time()
                await authenticate_password(session, cpr, password, config=config)
                await session.commit()
                return (time.process_time() - cpu0) * 1000

        first = [await cpu_ms(c, derived_credentials(SECRET, c)[0]) for c in members[:samples]]
        after = [await cpu_ms(c, derived_credentials(SECRET, c)[0]) for c in members[:samples]]
        wrong_derived = [await cpu_ms(c, "wrong-password") for c in members[samples:]]
        unknown = [await cpu_ms(make_cpr(__import__("datetime").date(2001, 1, 1), 9990 + i % 10), "x" * 12)
                   for i in range(samples)]  # fmt: skip
        await engine.dispose()

    cpr, password = members[0], derived_credentials(SECRET, members[0])[0]
    cpu0 = time.process_time()
    for _ in range(20_000):
        derived_password_matches(SECRET, cpr, password)
    keyed_us = (time.process_time() - cpu0) / 20_000 * 1e6
    encoded = passwords.hash_password(password)
    verify = []
    for _ in range(samples):
        cpu0 = time.process_time()
        passwords.verify_hash(encoded, password)
        verify.append((time.process_time() - cpu0) * 1000)
    return {
        "keyed_hash_check_us": keyed_us,
        "argon2id_verify_ms": statistics.median(verify),
        "login_before_upgrade_ms": statistics.median(first),
        "login_after_upgrade_ms": statistics.median(after),
        "wrong_password_derived_ms": statistics.median(wrong_derived),
        "unknown_cpr_ms": statistics.median(unknown),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=768_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--child-seed", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_seed:
        print(json.dumps(asyncio.run(_child_seed(args.child_seed, args.n))))
        return
    if not args.skip_seed:
        for backend in args.backends.split(","):
            r = seed_benchmark(backend, args.n)
            db = (
                f", PostgreSQL CPU {r['postgres_backend_cpu_s'] or 0:.1f} s (backend)"
                f" + {r['postgres_cpu_s']:.1f} s (background processes)"
                if "postgres_cpu_s" in r
                else ""
            )
            print(
                f"seed {r['n']:,} people on {backend}: {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU{db}, "
                f"peak RSS {r['peak_rss_mib']:.0f} MiB, created {r['created']:,}, "
                f"last member signs in: {r['last_member_signs_in']}"
            )
    checks = asyncio.run(credential_checks(args.samples))
    print(f"credential checks (median CPU, {args.samples} samples each):")
    for key, value in checks.items():
        print(f"  {key:28s} {value:8.2f}")


if __name__ == "__main__":
    main()
