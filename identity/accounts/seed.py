"""The accounts area's seed steps: the demo personas (dev profile only; their passwords are public)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from identity.accounts.personas import personas_digest, seed_personas

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from identity.config import IdentityConfig


def accounts_seed_steps(config: IdentityConfig, step_type: Any) -> list[Any]:
    if not config.is_dev:
        return []

    async def run(session_maker: async_sessionmaker[AsyncSession]) -> int:
        return await seed_personas(session_maker, config)

    return [step_type(name="accounts.personas", digest=personas_digest(config.seeds_dir), run=run)]
