"""Seed steps of the provider: signing keys (every profile) and demo relying parties (dev profile only)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from identity.oidc.clients import ClientCreate, client_exists, create_client
from identity.oidc.keys import ensure_signing_keys

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from identity.config import IdentityConfig


class ClientSeedFile(msgspec.Struct, forbid_unknown_fields=True):
    schema: int
    clients: list[ClientCreate]
    note: str = ""


def clients_file(config: IdentityConfig) -> Path:
    return Path(config.seeds_dir) / "identity" / "clients.json"


def load_client_seeds(config: IdentityConfig) -> ClientSeedFile:
    return msgspec.json.decode(clients_file(config).read_bytes(), type=ClientSeedFile)


def seed_steps(config: IdentityConfig) -> list:
    from identity.seed import SeedStep

    async def signing_keys(session_maker: async_sessionmaker[AsyncSession]) -> int:
        async with session_maker() as session:
            created = await ensure_signing_keys(session, config.secret_key)
            await session.commit()
        return created

    async def demo_clients(session_maker: async_sessionmaker[AsyncSession]) -> int:
        created = 0
        async with session_maker() as session:
            for client in load_client_seeds(config).clients:
                if client.client_id and not await client_exists(session, client.client_id):
                    await create_client(session, client)
                    created += 1
            await session.commit()
        return created

    # The key step's digest names the secret's fingerprint: a new BAWABA_SECRET_KEY means keys must be checked again.
    key_digest = hashlib.sha256(b"oidc-keys-v1:" + hashlib.sha256(config.secret_key.encode()).digest()).hexdigest()
    steps = [SeedStep("oidc-signing-keys", key_digest, signing_keys)]
    if config.is_dev and clients_file(config).exists():
        digest = hashlib.sha256(clients_file(config).read_bytes()).hexdigest()
        steps.append(SeedStep("oidc-demo-clients", digest, demo_clients))
    return steps


__all__ = ("load_client_seeds", "seed_steps")
