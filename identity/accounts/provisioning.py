"""Creating people and accounts one at a time: demo personas, `bawaba citizens create`, POST /dev/personas."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import msgspec
from sqlalchemy import select

from identity.accounts import passwords, totp
from identity.accounts._names import GOVERNORATES, POOLS
from identity.accounts.cpr import random_created_cpr
from identity.accounts.models import Citizen, EkeyAccount

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from identity.config import IdentityConfig

Level = Literal["standard", "advanced"]


class PersonFields(msgspec.Struct, frozen=True, kw_only=True):
    """Register attributes of a person to create (everything a Citizen row needs except id and origin)."""

    cpr: str
    given_name_en: str
    middle_name_en: str
    family_name_en: str
    given_name_ar: str
    middle_name_ar: str
    family_name_ar: str
    birthdate: dt.date
    gender: Literal["M", "F"]
    nationality: str
    governorate: str
    block: str
    road: str
    building: str
    mobile: str
    id_card_number: str
    id_card_expiry: dt.date
    deceased_on: dt.date | None = None
    father_cpr: str | None = None
    mother_cpr: str | None = None
    spouse_cpr: str | None = None
    cr_number: str | None = None


class CreatedAccount(msgspec.Struct, frozen=True, kw_only=True):
    account_id: UUID
    cpr: str
    password: str
    totp_secret: str
    level: Level
    name_en: str
    name_ar: str


def random_person(today: dt.date | None = None) -> PersonFields:
    """A random adult Bahraini (18-60) with a CPR in the on-demand serial range."""
    rng = secrets.SystemRandom()
    today = today or dt.datetime.now(dt.UTC).date()
    birthdate = today - dt.timedelta(days=rng.randint(18 * 366, 60 * 365))
    male, female, family = POOLS["BHR"]
    gender: Literal["M", "F"] = rng.choice(("M", "F"))
    given = rng.choice(male if gender == "M" else female)
    middle, surname = rng.choice(male), rng.choice(family)
    governorate, first_block, last_block = rng.choice(GOVERNORATES)
    block = rng.randint(first_block, last_block)
    return PersonFields(
        cpr=random_created_cpr(birthdate),
        given_name_en=given[0],
        middle_name_en=middle[0],
        family_name_en=surname[0],
        given_name_ar=given[1],
        middle_name_ar=middle[1],
        family_name_ar=surname[1],
        birthdate=birthdate,
        gender=gender,
        nationality="BHR",
        governorate=governorate,
        block=str(block),
        road=str(block * 10 + rng.randint(0, 9)),
        building=str(rng.randint(1, 2999)),
        mobile=f"+9733{rng.randrange(10_000_000):07d}",
        id_card_number=f"{rng.randrange(100_000_000):08d}",
        id_card_expiry=today + dt.timedelta(days=rng.randint(365, 5 * 365)),
    )


async def cpr_taken(session: AsyncSession, cpr: str) -> bool:
    return (await session.execute(select(Citizen.id).where(Citizen.cpr == cpr))).first() is not None


async def insert_person(
    session: AsyncSession,
    config: IdentityConfig,
    person: PersonFields,
    *,
    level: Level,
    status: str = "active",
    password: str | None = None,
    totp_secret: str | None = None,
    origin: str = "created",
) -> CreatedAccount:
    """Add a citizen and their eKey account to the session (flushed, not committed).

    password/totp_secret default to fresh random ones; the password is hashed with argon2id in the hash pool.
    """
    password = password or secrets.token_urlsafe(12)
    totp_secret = totp_secret or totp.new_secret()
    password_hash = await passwords.hash_password_async(config.hash_workers, password)
    citizen = Citizen(**msgspec.structs.asdict(person), origin=origin)
    session.add(citizen)
    await session.flush()
    session.add(
        EkeyAccount(
            id=citizen.id,
            level=level,
            status=status,
            password_hash=password_hash,
            totp_secret=totp_secret,
            failed_attempts=0,
            lockouts=0,
        )
    )
    await session.flush()
    return CreatedAccount(
        account_id=citizen.id,
        cpr=person.cpr,
        password=password,
        totp_secret=totp_secret,
        level=level,
        name_en=f"{person.given_name_en} {person.middle_name_en} {person.family_name_en}",
        name_ar=f"{person.given_name_ar} {person.middle_name_ar} {person.family_name_ar}",
    )


async def create_random_account(
    session: AsyncSession, config: IdentityConfig, *, level: Level = "standard"
) -> CreatedAccount:
    """An active account for a new random person (CLI `citizens create`, POST /dev/personas)."""
    for _ in range(20):  # 1,000 serials per birth month: a collision is rare, twenty in a row is not happening
        person = random_person()
        if not await cpr_taken(session, person.cpr):
            return await insert_person(session, config, person, level=level)
    raise RuntimeError("could not find a free CPR in the on-demand range")
