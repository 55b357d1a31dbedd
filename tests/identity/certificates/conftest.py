"""Fixtures for the certificates tests: register entries with chosen life facts, and citizens' access tokens
obtained through the real OpenID Connect flow (the OIDC tests' RelyingParty helper)."""

from __future__ import annotations

import datetime as dt
import io
import secrets
import uuid
from dataclasses import dataclass

import pyotp
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import insert

from identity.accounts.cpr import make_cpr
from identity.accounts.models import Citizen, EkeyAccount
from identity.accounts.passwords import hash_password
from identity.config import IdentityConfig
from identity.oidc.clients import ClientCreate, create_client
from tests.conftest import TEST_BASE_URL
from tests.identity.oidc.oidc_rp import Citizen_, RegisteredClient, RelyingParty

SCOPE = "openid certificates"
# Long four-part names in both scripts: the realistic worst case for the QR size budget.
LONG_EN = ("Mohammed", "Abdulrahman Khalifa", "Abdullah Al-Dossary")
LONG_AR = ("محمد", "عبدالرحمن خليفة", "عبدالله الدوسري")


@dataclass
class Person:
    cpr: str
    account_id: uuid.UUID
    citizen: Citizen_ | None  # None: in the register but without an eKey account


@pytest.fixture
async def make_person(session_maker):  # type: ignore[no-untyped-def]
    async def make(
        *,
        account: bool = True,
        level: str = "standard",
        deceased_on: dt.date | None = None,
        card_expiry: dt.date = dt.date(2031, 6, 30),
        father_cpr: str | None = None,
        mother_cpr: str | None = None,
        long_names: bool = False,
    ) -> Person:
        person_id = uuid.uuid4()
        birthdate = dt.date(1950, 1, 1) + dt.timedelta(days=secrets.randbelow(20000))
        cpr = make_cpr(birthdate, 1000 + secrets.randbelow(8999))
        en = LONG_EN if long_names else ("Fatima", "Ali", "Al-Mahmood")
        ar = LONG_AR if long_names else ("فاطمة", "علي", "المحمود")
        password, secret = f"pw-{secrets.token_urlsafe(12)}", pyotp.random_base32()
        now = dt.datetime.now(dt.UTC)
        async with session_maker() as session:
            await session.execute(
                insert(Citizen.__table__).values(
                    id=person_id, cpr=cpr, given_name_en=en[0], middle_name_en=en[1], family_name_en=en[2],
                    given_name_ar=ar[0], middle_name_ar=ar[1], family_name_ar=ar[2], birthdate=birthdate, gender="F",
                    nationality="BHR", governorate="capital", block="301", road="1234", building="56",
                    mobile="+97333000000", id_card_number=f"{secrets.randbelow(10**9):09d}", id_card_expiry=card_expiry,
                    deceased_on=deceased_on, father_cpr=father_cpr, mother_cpr=mother_cpr, origin="created",
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip
            if account:
                await session.execute(
                    insert(EkeyAccount.__table__).values(
                        id=person_id, level=level, status="active", password_hash=hash_password(password),
                        totp_secret=secret, failed_attempts=0, lockouts=0, created_at=now, updated_at=now,
                    )
                )  # fmt: skip
            await session.commit()
        citizen = Citizen_(person_id, cpr, password, secret, level) if account else None
        return Person(cpr, person_id, citizen)

    return make


@pytest.fixture(scope="session")
def identity_config(app) -> IdentityConfig:  # type: ignore[no-untyped-def]
    return app.state["identity_config"]


@pytest.fixture(scope="session")
async def relying_party_client(session_maker) -> RegisteredClient:  # type: ignore[no-untyped-def]
    """A confidential client of the real provider (one per test session)."""
    redirect_uri = f"https://bank-{secrets.token_hex(4)}.example.bh/callback"
    data = ClientCreate(name="Certificates test RP", redirect_uris=[redirect_uri], skip_consent=True)
    async with session_maker() as session:
        created = await create_client(session, data)
        await session.commit()
    return RegisteredClient(created.client_id, created.client_secret, "client_secret_basic", redirect_uri, None)


@pytest.fixture
async def token_for(client, relying_party_client):  # type: ignore[no-untyped-def]
    """An access token with scope `certificates`, through authorize -> password -> TOTP -> token.

    Uses the session's test client (one event loop, one connection pool: a second AsyncTestClient on the same app
    would run it on another loop, which asyncpg refuses) with its cookie jar emptied, so every sign-in is fresh.
    """

    async def get(person: Person, scope: str = SCOPE) -> str:
        assert person.citizen is not None
        client.cookies.clear()
        rp = RelyingParty(client, relying_party_client, TEST_BASE_URL, scope=scope)
        tokens = await rp.full_flow(person.citizen)
        client.cookies.clear()
        return tokens["access_token"]

    return get


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def decode_qr_image(image: Image.Image) -> list[str]:
    """The independent decoder (zxing-cpp's reader)."""
    return [r.text for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def png_image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
