"""Fixtures for the OIDC provider tests: citizens with real credentials, registered clients, relying parties."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

import pyotp
import pytest
from joserfc.jwk import ECKey
from litestar import Litestar
from oidc_rp import Citizen_, RegisteredClient, RelyingParty
from sqlalchemy import insert

from identity.accounts.cpr import make_cpr
from identity.accounts.models import Citizen, EkeyAccount
from identity.accounts.passwords import hash_password
from identity.config import IdentityConfig
from identity.oidc.clients import ClientCreate, create_client
from tests.conftest import TEST_BASE_URL


@pytest.fixture(scope="session")
def identity_config(app: Litestar) -> IdentityConfig:
    return app.state["identity_config"]


_serial = iter(range(9000, 9999))


@pytest.fixture
async def make_citizen(session_maker):  # type: ignore[no-untyped-def]
    async def make(level: str = "standard", password: str | None = None) -> Citizen_:
        account_id = uuid.uuid4()
        birthdate = dt.date(1990, 1, 1) + dt.timedelta(days=secrets.randbelow(9000))
        cpr = make_cpr(birthdate, 1000 + secrets.randbelow(6999))
        password = password or f"pw-{secrets.token_urlsafe(12)}"
        secret = pyotp.random_base32()
        now = dt.datetime.now(dt.UTC)
        async with session_maker() as session:
            await session.execute(insert(Citizen.__table__).values(
                id=account_id, cpr=cpr, given_name_en="Test", middle_name_en="", family_name_en="Citizen",
                given_name_ar="اختبار", middle_name_ar="", family_name_ar="مواطن", birthdate=birthdate, gender="F",
                nationality="BHR", governorate="capital", block="301", road="1234", building="56",
                mobile="+97333000000", id_card_number="123456789", id_card_expiry=dt.date(2030, 1, 1),
                origin="created", created_at=now, updated_at=now,
            ))  # fmt: skip
            await session.execute(insert(EkeyAccount.__table__).values(
                id=account_id, level=level, status="active", password_hash=hash_password(password),
                totp_secret=secret, failed_attempts=0, lockouts=0, created_at=now, updated_at=now,
            ))  # fmt: skip
            await session.commit()
        return Citizen_(account_id, cpr, password, secret, level)

    return make


@pytest.fixture
async def make_client(session_maker):  # type: ignore[no-untyped-def]
    async def make(auth_method: str = "client_secret_basic", **extra: object) -> RegisteredClient:
        redirect_uri = f"https://rp-{secrets.token_hex(4)}.example.bh/callback"
        private_key = None
        if auth_method == "private_key_jwt":
            private_key = ECKey.generate_key("P-256", parameters={"kid": "rp-key-1"}, private=True)
            extra.setdefault("jwks", {"keys": [private_key.as_dict(private=False)]})
        data = ClientCreate(name=f"RP {secrets.token_hex(3)}", redirect_uris=[redirect_uri], auth_method=auth_method,
                            **extra)  # type: ignore[arg-type]  # fmt: skip
        async with session_maker() as session:
            created = await create_client(session, data)
            await session.commit()
        return RegisteredClient(created.client_id, created.client_secret, auth_method, redirect_uri, private_key)

    return make


@pytest.fixture
async def rp_factory(client, make_client):  # type: ignore[no-untyped-def]
    """A fresh browser (own cookie jar) and, unless given, a freshly registered client per call."""

    async def make(
        auth_method: str = "client_secret_basic", registered: RegisteredClient | None = None, **extra: object
    ):  # type: ignore[no-untyped-def]
        return RelyingParty(client, registered or await make_client(auth_method, **extra), TEST_BASE_URL)

    return make
