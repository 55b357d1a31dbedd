"""Persona pools that never replay a TOTP time step and never lock an account by accident.

eKey accepts each TOTP time step once per account (the last accepted step is stored and must increase), and locks an
account after 5 consecutive failures (identity.config lockout_threshold), forgetting them only after 12 h. So:

* the citizen pool hands out the least recently used persona only once its last step is two steps behind the clock,
  and never to two flows at once; an empty pool is a generator problem (seed more personas), not a server error;
* the wrong-password pool is a separate slice of personas. Each absorbs at most `max_failures` failures, then logs
  in successfully once, which resets the server's counter. No state survives a run, so an earlier run may have
  left up to `max_failures` behind: with max_failures = (threshold - 1) // 2 = 2 the server never counts more
  than 4 consecutive failures, one below the lockout threshold of 5.

Distributed runs split the CSV by worker index so two processes never share a persona. Pure Python + pyotp.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyotp

STEP_SECONDS = 30
MIN_STEP_GAP = 2  # steps between two logins of one persona: one for the ±1 window, one for clock skew


@dataclass(slots=True)
class Persona:
    cpr: str
    password: str
    totp_secret: str
    last_step: int = -(10**9)
    failures: int = 0  # consecutive failures caused by this process since its last successful login
    card_valid: bool = True  # identity card not expired: an ID card statement can be issued


class PoolExhausted(RuntimeError):
    """Every persona is in flight or used a TOTP step too recently: seed more (about 120 × peak logins/s)."""


def load_csv(path: Path | str) -> dict[str, list[Persona]]:
    """Personas by pool ("citizen", "wrong_password") from `bawaba seed --load-personas` output.

    An ID card statement needs an unexpired card (the register holds some expired ones, as in life): the
    `id_card_expiry` column lets the certificate holders be people who can actually get one."""
    pools: dict[str, list[Persona]] = {"citizen": [], "wrong_password": []}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            expiry = row.get("id_card_expiry")
            card_valid = not expiry or dt.date.fromisoformat(expiry) >= dt.date.today()
            pools.setdefault(row.get("pool") or "citizen", []).append(
                Persona(row["cpr"], row["password"], row["totp_secret"], card_valid=card_valid)
            )
    return pools


def shard(personas: list[Persona], index: int, count: int) -> list[Persona]:
    """The slice of a pool that worker `index` of `count` owns."""
    if count <= 1:
        return list(personas)
    return personas[index::count]


class CitizenPool:
    def __init__(self, personas: Iterable[Persona], clock: Callable[[], float] = time.time) -> None:
        self._ready: deque[Persona] = deque(personas)
        self._clock = clock
        self.size = len(self._ready)

    def step(self) -> int:
        return int(self._clock() // STEP_SECONDS)

    def take(self) -> Persona:
        if not self._ready:
            raise PoolExhausted(f"all {self.size} personas are in flight")
        persona = self._ready[0]
        if persona.last_step > self.step() - MIN_STEP_GAP:
            raise PoolExhausted(f"{self.size} personas are too few for this rate: TOTP steps would repeat")
        return self._ready.popleft()

    def give_back(self, persona: Persona) -> None:
        self._ready.append(persona)

    def totp(self, persona: Persona) -> str:
        """The code of the current step; refuses a step this persona already used (the server would reject it)."""
        step = self.step()
        if step <= persona.last_step:
            raise PoolExhausted(f"persona reused within TOTP step {step}")
        persona.last_step = step
        return pyotp.TOTP(persona.totp_secret).at(step * STEP_SECONDS)


class WrongPasswordPool(CitizenPool):
    """Personas for failed attempts; `needs_reset` says when a successful login must come before the next failure."""

    def __init__(self, personas: Iterable[Persona], lockout_threshold: int = 5, **kwargs) -> None:
        super().__init__(personas, **kwargs)
        self.max_failures = (lockout_threshold - 1) // 2

    def needs_reset(self, persona: Persona) -> bool:
        return persona.failures >= self.max_failures

    def record_failure(self, persona: Persona) -> None:
        persona.failures += 1

    def record_reset(self, persona: Persona) -> None:
        persona.failures = 0


def wrong_password_for(persona: Persona) -> str:
    """A password that is certainly wrong for this persona, but looks like a typo of a real one."""
    return persona.password[::-1] + "x"
