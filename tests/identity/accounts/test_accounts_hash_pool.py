"""The password-hash pool: bounded to the configured workers (CPU and 19 MiB per verify), and it reports its CPU."""

from __future__ import annotations

import asyncio
import threading
import time

from identity.accounts import passwords


async def test_no_more_hashes_run_at_once_than_the_pool_has_workers() -> None:
    active, peak, lock = 0, 0, threading.Lock()

    def work(_: int) -> str:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.05)
        with lock:
            active -= 1
        return threading.current_thread().name

    names = await asyncio.gather(*(passwords.in_hash_pool(2, work, i) for i in range(8)))
    assert peak == 2
    assert all(name.startswith("argon2") for name in names) and threading.current_thread().name not in names


async def test_the_pool_counts_the_cpu_it_spends_hashing() -> None:
    before_cpu, before_n = passwords.HASH_CPU._value.get(), passwords.HASHES._value.get()
    assert await passwords.verify_hash_async(1, passwords.hash_password("correct horse 42"), "correct horse 42")
    assert passwords.HASHES._value.get() == before_n + 1
    assert passwords.HASH_CPU._value.get() - before_cpu > 0.001  # one argon2id verify is ~20 ms of CPU
