"""The synthetic population: who member i is, and the credentials derived for them.

Everything here is a pure function of (server secret, i), so load tools can enumerate people and their credentials
without the database, and the same secret always yields the same people. How it works (docs/personas.md):

* A schedule of 10,000 slots assigns each slot a birth month, drawn once from an age pyramid by an RNG seeded from
  the secret. Member i uses slot i % 10,000 in cycle i // 10,000. Its CPR serial is cycle * K + (rank of the slot
  among the schedule's slots with the same month), K being the most slots any month has: (month, serial) pairs are
  therefore unique, and population_cpr(i) is O(1).
* Every other attribute comes from a keyed BLAKE2b digest of i.
* Credentials are never stored for population accounts: password and TOTP secret are HMACs of the CPR under a key
  derived from the server secret (derived_credentials). The password is checked by recomputing that keyed hash and
  comparing in constant time, then replaced by an argon2id hash at the first successful login (identity.accounts.authn).
"""

from __future__ import annotations

import base64
import calendar
import datetime as dt
import hashlib
import hmac
import random
from bisect import bisect
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from identity.accounts._names import GOVERNORATES, NATIONALITY_WEIGHTS, POOLS
from identity.accounts.cpr import POPULATION_SERIALS, luhn_digit

# Fixed so the population does not change with the day it is generated ("the same secret gives the same people").
REFERENCE_DATE = dt.date(2025, 1, 1)
SCHEDULE_SLOTS = 10_000
# Relative weight of each age band among eKey holders (a simulator assumption, not an iGA figure).
AGE_BANDS = ((0, 14, 0.5), (15, 29, 1.2), (30, 44, 1.5), (45, 59, 1.0), (60, 74, 0.5), (75, 95, 0.12))
ADVANCED_SHARE_OF_256 = 90  # about 35 % of accounts verified in person


class Schedule(NamedTuple):
    yymm: tuple[str, ...]
    year_month: tuple[tuple[int, int], ...]
    rank: tuple[int, ...]
    per_cycle: int  # K: the largest number of slots sharing one birth month

    @property
    def capacity(self) -> int:
        return (len(POPULATION_SERIALS) // self.per_cycle) * SCHEDULE_SLOTS


class PopulationPerson(NamedTuple):
    cpr: str
    given_name_en: str
    middle_name_en: str
    family_name_en: str
    given_name_ar: str
    middle_name_ar: str
    family_name_ar: str
    birthdate: dt.date
    gender: str
    nationality: str
    governorate: str
    block: str
    road: str
    building: str
    mobile: str
    id_card_number: str
    id_card_expiry: dt.date
    level: str


@lru_cache(maxsize=32)
def _key(secret_key: str, purpose: str) -> bytes:
    return hmac.new(secret_key.encode(), f"bawaba/population/{purpose}/v1".encode(), hashlib.sha256).digest()


@lru_cache(maxsize=8)
def schedule(secret_key: str) -> Schedule:
    rng = random.Random(_key(secret_key, "schedule"))
    months: list[tuple[int, int]] = []
    weights: list[float] = []
    for low, high, weight in AGE_BANDS:
        for age in range(low, high + 1):
            for month in range(1, 13):
                months.append((REFERENCE_DATE.year - 1 - age, month))
                weights.append(weight)
    drawn = rng.choices(months, weights=weights, k=SCHEDULE_SLOTS)
    seen: dict[tuple[int, int], int] = {}
    rank = []
    for year_month in drawn:
        rank.append(seen.get(year_month, 0))
        seen[year_month] = rank[-1] + 1
    yymm = tuple(f"{y % 100:02d}{m:02d}" for y, m in drawn)
    return Schedule(yymm, tuple(drawn), tuple(rank), max(seen.values()))


def population_cpr(secret_key: str, i: int) -> str:
    """The CPR of population member i (0-based), without touching the database."""
    plan = schedule(secret_key)
    cycle, slot = divmod(i, SCHEDULE_SLOTS)
    if i < 0 or i >= plan.capacity:
        raise ValueError(f"population member {i} is outside 0..{plan.capacity - 1}")
    body = f"{plan.yymm[slot]}{cycle * plan.per_cycle + plan.rank[slot]:04d}"
    return body + luhn_digit(body)


_NATIONALITY_CODES = tuple(code for code, _ in NATIONALITY_WEIGHTS)
_NATIONALITY_CUMULATIVE = tuple(
    sum(weight for _, weight in NATIONALITY_WEIGHTS[: n + 1]) for n in range(len(NATIONALITY_WEIGHTS))
)


def population_person(secret_key: str, i: int) -> PopulationPerson:
    """Every register attribute of population member i."""
    return next(population_people(secret_key, i, i + 1))


def population_people(secret_key: str, start: int, stop: int) -> Iterator[PopulationPerson]:
    """Members start..stop-1, with the per-call lookups hoisted out of the loop (the 768 K seed's hot path)."""
    plan = schedule(secret_key)
    if start < 0 or stop > plan.capacity:
        raise ValueError(f"population members must lie in 0..{plan.capacity - 1}")
    person_key = _key(secret_key, "person")
    blake2b, from_bytes, monthrange, timedelta = hashlib.blake2b, int.from_bytes, calendar.monthrange, dt.timedelta
    for i in range(start, stop):
        cycle, slot = divmod(i, SCHEDULE_SLOTS)
        body = f"{plan.yymm[slot]}{cycle * plan.per_cycle + plan.rank[slot]:04d}"
        year, month = plan.year_month[slot]
        d = blake2b(i.to_bytes(8, "big"), key=person_key, digest_size=32).digest()
        gender = "M" if d[1] & 1 else "F"
        nationality = _NATIONALITY_CODES[bisect(_NATIONALITY_CUMULATIVE, d[2] % _NATIONALITY_CUMULATIVE[-1])]
        male, female, family = POOLS[nationality]
        givens = male if gender == "M" else female
        given = givens[from_bytes(d[3:5]) % len(givens)]
        middle = male[from_bytes(d[5:7]) % len(male)]  # the father's first name, as on Bahraini cards
        surname = family[from_bytes(d[7:9]) % len(family)]
        governorate, first_block, last_block = GOVERNORATES[d[9] % len(GOVERNORATES)]
        block = first_block + from_bytes(d[10:12]) % (last_block - first_block + 1)
        yield PopulationPerson(
            cpr=body + luhn_digit(body),
            given_name_en=given[0],
            middle_name_en=middle[0],
            family_name_en=surname[0],
            given_name_ar=given[1],
            middle_name_ar=middle[1],
            family_name_ar=surname[1],
            birthdate=dt.date(year, month, d[0] % monthrange(year, month)[1] + 1),
            gender=gender,
            nationality=nationality,
            governorate=governorate,
            block=str(block),
            road=str(block * 10 + d[12] % 10),
            building=str(1 + from_bytes(d[15:17]) % 2999),
            mobile=f"+9733{from_bytes(d[17:21]) % 10_000_000:07d}",
            id_card_number=f"{from_bytes(d[21:25]) % 100_000_000:08d}",
            id_card_expiry=REFERENCE_DATE + timedelta(days=from_bytes(d[13:15]) % (5 * 365 + 60) - 60),
            level="advanced" if d[25] < ADVANCED_SHARE_OF_256 else "standard",
        )


def derived_credentials(secret_key: str, cpr: str) -> tuple[str, str]:
    """(password, TOTP secret) of a synthetic account: keyed hashes of the CPR, so nothing needs storing.

    The password is 16 base64url characters (96 bits); the TOTP secret 32 base32 characters (160 bits).
    """
    key = _key(secret_key, "credentials")
    password_mac = hmac.new(key, b"password|" + cpr.encode(), hashlib.sha256).digest()
    totp_mac = hmac.new(key, b"totp|" + cpr.encode(), hashlib.sha256).digest()
    password = base64.urlsafe_b64encode(password_mac[:12]).decode()
    return password, base64.b32encode(totp_mac[:20]).decode()


def derived_password_matches(secret_key: str, cpr: str, candidate: str) -> bool:
    """The keyed-hash check of a synthetic account's password (constant-time comparison)."""
    expected, _ = derived_credentials(secret_key, cpr)
    return hmac.compare_digest(expected.encode(), candidate.encode())
