"""Fixtures of the accounts tests: the identity config of the test app, and a factory of fresh accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pyotp
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bawaba.domains import identity_config
from bawaba.settings import Settings
from identity.accounts.provisioning import CreatedAccount, insert_person, random_person
from identity.config import IdentityConfig

ADMIN = "/api/admin/ekey"


@pytest.fixture(scope="session")
def config(settings: Settings) -> IdentityConfig:
    return identity_config(settings)


@pytest.fixture(scope="session")
def admin_headers(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {settings.admin_token}"}


NewAccount = Callable[..., Awaitable[CreatedAccount]]


@pytest.fixture
def new_account(session_maker: async_sessionmaker[AsyncSession], config: IdentityConfig) -> NewAccount:
    """Create a fresh person + account (committed); tests never share accounts, so lockout and replay stay local."""

    async def make(*, level: str = "standard", status: str = "active", **person: object) -> CreatedAccount:
        async with session_maker() as session:
            fields = random_person()
            if person:
                import msgspec

                fields = msgspec.structs.replace(fields, **person)
            created = await insert_person(session, config, fields, level=level, status=status)
            await session.commit()
            return created

    return make


def code_at(secret: str, when: dt.datetime) -> str:
    return pyotp.TOTP(secret).at(when)


def step_start(now: dt.datetime | None = None) -> dt.datetime:
    """The start of the current 30 s TOTP step plus 10 s, so ±1 step arithmetic never straddles a boundary."""
    now = now or dt.datetime.now(dt.UTC)
    return dt.datetime.fromtimestamp((int(now.timestamp()) // 30) * 30 + 10, dt.UTC)
