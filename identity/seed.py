"""The identity domain's seed steps (see docs/CONTRIBUTING.md "Seeding")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from identity.config import IdentityConfig


@dataclass(frozen=True)
class SeedStep:
    name: str
    digest: str
    run: Callable[[async_sessionmaker[AsyncSession]], Awaitable[int]]


def seed_steps(config: IdentityConfig) -> list[SeedStep]:
    steps: list[SeedStep] = []
    from identity.accounts.seed import accounts_seed_steps

    steps.extend(accounts_seed_steps(config, SeedStep))
    from identity.certificates.seed import certificate_seed_steps

    steps.extend(certificate_seed_steps(config, SeedStep))
    from identity.oidc.seed import seed_steps as oidc_seed_steps

    steps.extend(oidc_seed_steps(config))
    # Each feature area appends its steps here (accounts: personas; oidc: signing keys, demo clients;
    # certificates: signer keys, birth registrations).
    return steps
