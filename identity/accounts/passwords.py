"""Password hashing: argon2id (m=19 MiB, t=2, p=1, the OWASP minimum), verified off the event loop.

argon2-cffi releases the GIL, so verifies run in worker threads: a thread pool of `IdentityConfig.hash_workers`
threads (the cores) caps both CPU and memory (19 MiB per verify in flight). A plain executor, not anyio's
`to_thread` with a CapacityLimiter: anyio's per-call machinery cost ~0.4 ms of event-loop CPU per sign-in.
"""

from __future__ import annotations

import asyncio
import os
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from prometheus_client import Counter

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
MIN_LENGTH = 8
MAX_LENGTH = 128  # ASVS asks to allow at least 64; the cap keeps hashing cost bounded
MAX_INPUT_LENGTH = 1024  # longer sign-in input is refused unhashed (NFKC can expand text up to 18x)

# Verified against for unknown CPRs and locked accounts, so every path costs one argon2 verify.
DUMMY_HASH = HASHER.hash("bawaba-dummy-password-for-constant-time")

T = TypeVar("T")
# The CPU the hash pool spends, measured on the hashing thread itself: benchmarks split a login's server CPU into
# the password hash and everything else from these, instead of guessing the hash's cost from another process.
HASH_CPU = Counter("bawaba_password_hash_cpu_seconds", "CPU time spent hashing and verifying passwords (argon2id)")
HASHES = Counter("bawaba_password_hashes", "Password hashes and verifications run (argon2id)")
_pools: dict[tuple[int, int], ThreadPoolExecutor] = {}


def _pool(workers: int) -> ThreadPoolExecutor:
    # Keyed by process too: a forked worker inherits the dict but not the parent's threads.
    key = (os.getpid(), max(1, workers))
    pool = _pools.get(key)
    if pool is None:
        pool = _pools[key] = ThreadPoolExecutor(max_workers=key[1], thread_name_prefix="argon2")
    return pool


def _measured(func: Callable[..., T], *args: object) -> T:
    started = time.thread_time()
    try:
        return func(*args)
    finally:
        HASH_CPU.inc(time.thread_time() - started)
        HASHES.inc()


async def in_hash_pool(workers: int, func: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_pool(workers), _measured, func, *args)


def normalize(password: str) -> str:
    """NFKC, as NIST 800-63B §5.1.1.2 asks, so the same password typed on two keyboards matches."""
    return unicodedata.normalize("NFKC", password)


def policy_problem(password: str) -> str | None:
    """Why a new password is refused, or None. Length only: no composition rules (ASVS 6.2.5)."""
    length = len(normalize(password))
    if length < MIN_LENGTH:
        return f"The password must have at least {MIN_LENGTH} characters."
    if length > MAX_LENGTH:
        return f"The password must have at most {MAX_LENGTH} characters."
    return None


def hash_password(password: str) -> str:
    return HASHER.hash(normalize(password))


def verify_hash(encoded: str, password: str) -> bool:
    try:
        return HASHER.verify(encoded, normalize(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def burn_dummy_verify(_: str = "") -> bool:
    verify_hash(DUMMY_HASH, "not-the-password")
    return False


async def hash_password_async(workers: int, password: str) -> str:
    return await in_hash_pool(workers, hash_password, password)


async def verify_hash_async(workers: int, encoded: str, password: str) -> bool:
    return await in_hash_pool(workers, verify_hash, encoded, password)
