"""The citizen register as seen by the other identity areas: records, OIDC claims, family links."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import msgspec
from sqlalchemy import bindparam, select

from identity.accounts.cpr import is_valid_cpr
from identity.accounts.models import Citizen, EkeyAccount

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncSession

GOVERNORATE_NAMES = {
    "capital": ("Capital Governorate", "محافظة العاصمة"),
    "muharraq": ("Muharraq Governorate", "محافظة المحرق"),
    "northern": ("Northern Governorate", "المحافظة الشمالية"),
    "southern": ("Southern Governorate", "المحافظة الجنوبية"),
}


class CitizenRecord(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    cpr: str
    name_en: str
    name_ar: str
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
    deceased: bool
    deceased_on: dt.date | None
    father_cpr: str | None
    mother_cpr: str | None
    spouse_cpr: str | None
    cr_number: str | None
    has_account: bool


class IdentityClaims(msgspec.Struct, frozen=True, kw_only=True):
    account_id: UUID
    cpr: str
    level: Literal["standard", "advanced"]
    status: str
    name_en: str
    name_ar: str
    given_name_en: str
    family_name_en: str
    given_name_ar: str
    family_name_ar: str
    birthdate: dt.date
    gender: Literal["M", "F"]
    nationality: str
    governorate: str
    governorate_en: str
    governorate_ar: str
    block: str
    road: str
    building: str
    id_card_number: str
    id_card_expiry: dt.date
    id_card_expired: bool
    deceased: bool
    mobile: str


def full_name(given: str, middle: str, family: str) -> str:
    return " ".join(part for part in (given, middle, family) if part)


def to_record(citizen: Citizen, has_account: bool) -> CitizenRecord:
    return CitizenRecord(
        id=citizen.id,
        cpr=citizen.cpr,
        name_en=full_name(citizen.given_name_en, citizen.middle_name_en, citizen.family_name_en),
        name_ar=full_name(citizen.given_name_ar, citizen.middle_name_ar, citizen.family_name_ar),
        given_name_en=citizen.given_name_en,
        middle_name_en=citizen.middle_name_en,
        family_name_en=citizen.family_name_en,
        given_name_ar=citizen.given_name_ar,
        middle_name_ar=citizen.middle_name_ar,
        family_name_ar=citizen.family_name_ar,
        birthdate=citizen.birthdate,
        gender=citizen.gender,  # type: ignore[arg-type]
        nationality=citizen.nationality,
        governorate=citizen.governorate,
        block=citizen.block,
        road=citizen.road,
        building=citizen.building,
        mobile=citizen.mobile,
        id_card_number=citizen.id_card_number,
        id_card_expiry=citizen.id_card_expiry,
        deceased=citizen.deceased_on is not None,
        deceased_on=citizen.deceased_on,
        father_cpr=citizen.father_cpr,
        mother_cpr=citizen.mother_cpr,
        spouse_cpr=citizen.spouse_cpr,
        cr_number=citizen.cr_number,
        has_account=has_account,
    )


async def citizen_by_cpr(session: AsyncSession, cpr: str) -> CitizenRecord | None:
    if not is_valid_cpr(cpr):
        return None
    row = (
        await session.execute(
            select(Citizen, EkeyAccount.id)
            .outerjoin(EkeyAccount, EkeyAccount.id == Citizen.id)
            .where(Citizen.cpr == cpr)
        )
    ).one_or_none()
    return None if row is None else to_record(row[0], row[1] is not None)


def _related(a: CitizenRecord, b: CitizenRecord) -> bool:
    if b.cpr in (a.father_cpr, a.mother_cpr) or a.cpr in (b.father_cpr, b.mother_cpr):
        return True  # parent and child
    if a.spouse_cpr == b.cpr or b.spouse_cpr == a.cpr:
        return True
    parents_a = {p for p in (a.father_cpr, a.mother_cpr) if p}
    return bool(parents_a & {p for p in (b.father_cpr, b.mother_cpr) if p})  # siblings, half-siblings included


async def are_relatives(session: AsyncSession, cpr_a: str, cpr_b: str) -> bool:
    """Parent/child, spouses, or siblings through a shared parent. A person is not their own relative."""
    if cpr_a == cpr_b:
        return False
    a, b = await citizen_by_cpr(session, cpr_a), await citizen_by_cpr(session, cpr_b)
    return a is not None and b is not None and _related(a, b)


_CLAIM_COLUMNS = (
    "cpr", "given_name_en", "middle_name_en", "family_name_en", "given_name_ar", "middle_name_ar", "family_name_ar",
    "birthdate", "gender", "nationality", "governorate", "block", "road", "building", "id_card_number",
    "id_card_expiry", "deceased_on", "mobile",
)  # fmt: skip
# What a row must hold for claims_from_row: read column-wise (a plain row instead of an ORM Citizen object costs
# far less), by this module and by the password check, which selects them with the account it checks.
CLAIM_COLUMNS = (*(Citizen.__table__.c[name] for name in _CLAIM_COLUMNS), EkeyAccount.level, EkeyAccount.status)
_CLAIMS = (
    select(*CLAIM_COLUMNS).join(EkeyAccount, EkeyAccount.id == Citizen.id).where(EkeyAccount.id == bindparam("p_id"))
)


async def identity_claims(session: AsyncSession, account_id: UUID, *, today: dt.date | None = None) -> IdentityClaims:
    """What the OIDC provider may assert about an account; raises LookupError for an unknown account."""
    row = (await session.execute(_CLAIMS, {"p_id": account_id})).one_or_none()
    if row is None:
        raise LookupError(f"no eKey account {account_id}")
    return claims_from_row(row, account_id, today=today)


def claims_from_row(row: Row, account_id: UUID, *, today: dt.date | None = None) -> IdentityClaims:
    """IdentityClaims from a row holding CLAIM_COLUMNS."""
    citizen, level, status = row, row.level, row.status
    governorate_en, governorate_ar = GOVERNORATE_NAMES.get(citizen.governorate, (citizen.governorate, ""))
    today = today or dt.datetime.now(dt.UTC).date()
    return IdentityClaims(
        account_id=account_id,
        cpr=citizen.cpr,
        level=level,
        status=status,
        name_en=full_name(citizen.given_name_en, citizen.middle_name_en, citizen.family_name_en),
        name_ar=full_name(citizen.given_name_ar, citizen.middle_name_ar, citizen.family_name_ar),
        given_name_en=citizen.given_name_en,
        family_name_en=citizen.family_name_en,
        given_name_ar=citizen.given_name_ar,
        family_name_ar=citizen.family_name_ar,
        birthdate=citizen.birthdate,
        gender=citizen.gender,
        nationality=citizen.nationality,
        governorate=citizen.governorate,
        governorate_en=governorate_en,
        governorate_ar=governorate_ar,
        block=citizen.block,
        road=citizen.road,
        building=citizen.building,
        id_card_number=citizen.id_card_number,
        id_card_expiry=citizen.id_card_expiry,
        id_card_expired=citizen.id_card_expiry < today,
        deceased=citizen.deceased_on is not None,
        mobile=citizen.mobile,
    )
