"""Seed steps of the certificates area: the trust anchor and first signer, the status lists, and the invented
birth registration applications behind the status inquiry."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from identity.certificates import keys, statuslist
from identity.certificates.models import BirthRegistration, StatusList
from identity.certificates.payload import DOC_TYPES

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from identity.config import IdentityConfig

BIRTH_REGISTRATIONS = Path(__file__).parent / "data" / "birth_registrations.json"


async def seed_keys(session_maker: async_sessionmaker[AsyncSession], secret_key: str) -> int:
    async with session_maker() as session:
        created = await keys.ensure_keys(session, secret_key)
        existing = set((await session.execute(select(StatusList.doc_type))).scalars())
        now = dt.datetime.now(dt.UTC)
        for list_id, doc_type in enumerate(DOC_TYPES, start=1):  # one list per type: 1 IDCS, 2 DC, 3 BC
            if doc_type not in existing and await session.get(StatusList, list_id) is None:
                session.add(StatusList(id=list_id, doc_type=doc_type, size=statuslist.DEFAULT_SIZE, created_at=now))
                created += 1
        await session.commit()
        return created


async def seed_birth_registrations(session_maker: async_sessionmaker[AsyncSession]) -> int:
    applications = json.loads(BIRTH_REGISTRATIONS.read_text(encoding="utf-8"))["applications"]
    async with session_maker() as session:
        existing = set((await session.execute(select(BirthRegistration.application_no))).scalars())
        added = 0
        for app in applications:
            if app["application_no"] in existing:
                continue
            for field in ("birth_date", "submitted_on", "status_changed_on"):
                app[field] = dt.date.fromisoformat(app[field])
            session.add(BirthRegistration(**app))
            added += 1
        await session.commit()
        return added


def certificate_seed_steps(config: IdentityConfig, step_type: type) -> list:
    digest = hashlib.sha256(BIRTH_REGISTRATIONS.read_bytes()).hexdigest()[:16]
    return [
        step_type("certificates-keys", "v1", lambda sm: seed_keys(sm, config.secret_key)),
        step_type("certificates-birth-registrations", digest, seed_birth_registrations),
    ]
