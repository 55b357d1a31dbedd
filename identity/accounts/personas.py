"""The demo personas of the dev profile (seeds/identity/personas.json, documented in docs/personas.md).

The OIDC persona picker and load tools read them from here; the seed step creates them (dev profile only: their
passwords are public).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

from identity.accounts.provisioning import PersonFields, cpr_taken, insert_person

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from identity.config import IdentityConfig

REPOSITORY_SEEDS = Path(__file__).resolve().parents[2] / "seeds"


class Persona(PersonFields, frozen=True, kw_only=True, forbid_unknown_fields=True):
    key: str
    label_en: str
    label_ar: str
    purpose: str
    level: Literal["standard", "advanced"]
    status: Literal["active", "locked", "disabled", "pending_activation"]
    password: str
    totp_secret: str

    @property
    def label(self) -> str:
        return self.label_en


class PersonaFile(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    schema_version: int
    note: str
    personas: tuple[Persona, ...]


def personas_path(seeds_dir: str | Path = REPOSITORY_SEEDS) -> Path:
    path = Path(seeds_dir) / "identity" / "personas.json"
    return path if path.exists() else REPOSITORY_SEEDS / "identity" / "personas.json"


@lru_cache(maxsize=4)
def load_personas(seeds_dir: str | Path = REPOSITORY_SEEDS) -> tuple[Persona, ...]:
    return msgspec.json.decode(personas_path(seeds_dir).read_bytes(), type=PersonaFile).personas


def persona(key: str, seeds_dir: str | Path = REPOSITORY_SEEDS) -> Persona:
    for candidate in load_personas(seeds_dir):
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def __getattr__(name: str) -> tuple[Persona, ...]:
    # `PERSONAS`, loaded on first use: importing this module never reads files (installed wheels keep seeds elsewhere).
    if name == "PERSONAS":
        return load_personas()
    raise AttributeError(name)


def personas_digest(seeds_dir: str | Path) -> str:
    return hashlib.sha256(personas_path(seeds_dir).read_bytes()).hexdigest()


async def seed_personas(session_maker: async_sessionmaker[AsyncSession], config: IdentityConfig) -> int:
    """Insert each persona whose CPR is missing (idempotent); returns how many were created."""
    created = 0
    async with session_maker() as session:
        for person in load_personas(config.seeds_dir):
            if await cpr_taken(session, person.cpr):
                continue
            fields = PersonFields(**{f: getattr(person, f) for f in PersonFields.__struct_fields__})
            await insert_person(
                session,
                config,
                fields,
                level=person.level,
                status=person.status,
                password=person.password,
                totp_secret=person.totp_secret,
                origin="persona",
            )
            created += 1
        await session.commit()
    return created
