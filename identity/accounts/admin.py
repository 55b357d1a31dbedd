"""Account administration: list, look up, lock, unlock, disable (behind identity.admin.requires_admin)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import msgspec
from litestar.exceptions import ClientException, NotFoundException
from sqlalchemy import func, select, update

from identity.accounts import lockout
from identity.accounts.models import Citizen, EkeyAccount
from identity.accounts.registry import CitizenRecord, full_name, to_record

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession


class AccountSummary(msgspec.Struct, frozen=True, kw_only=True):
    account_id: UUID
    cpr: str
    name_en: str
    level: str
    status: str
    origin: str
    failed_attempts: int
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None


class AccountDetail(msgspec.Struct, frozen=True, kw_only=True):
    account: AccountSummary
    citizen: CitizenRecord
    lockouts: int
    # "derived": a synthetic account not yet signed in (keyed-hash check); "argon2id" afterwards.
    password_scheme: Literal["derived", "argon2id", "unset"]
    totp: Literal["derived", "enrolled"]


class AccountPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[AccountSummary]
    total: int
    limit: int
    offset: int


def _summary(citizen: Citizen, account: EkeyAccount) -> AccountSummary:
    return AccountSummary(
        account_id=account.id,
        cpr=citizen.cpr,
        name_en=full_name(citizen.given_name_en, citizen.middle_name_en, citizen.family_name_en),
        level=account.level,
        status=account.status,
        origin=citizen.origin,
        failed_attempts=account.failed_attempts,
        locked_until=account.locked_until,
        last_login_at=account.last_login_at,
    )


async def list_accounts(
    session: AsyncSession, *, status: str | None, level: str | None, origin: str | None, limit: int, offset: int
) -> AccountPage:
    query = select(Citizen, EkeyAccount).join(EkeyAccount, EkeyAccount.id == Citizen.id)
    counter = select(func.count()).select_from(EkeyAccount).join(Citizen, Citizen.id == EkeyAccount.id)
    for column, value in ((EkeyAccount.status, status), (EkeyAccount.level, level), (Citizen.origin, origin)):
        if value is not None:
            query, counter = query.where(column == value), counter.where(column == value)
    rows = (await session.execute(query.order_by(Citizen.cpr).limit(limit).offset(offset))).all()
    total = await session.scalar(counter) or 0
    return AccountPage(items=[_summary(c, a) for c, a in rows], total=total, limit=limit, offset=offset)


async def _load(session: AsyncSession, cpr: str) -> tuple[Citizen, EkeyAccount]:
    row = (
        await session.execute(
            select(Citizen, EkeyAccount).join(EkeyAccount, EkeyAccount.id == Citizen.id).where(Citizen.cpr == cpr)
        )
    ).one_or_none()
    if row is None:
        raise NotFoundException(detail=f"No eKey account for CPR {cpr}.", extra={"problem_type": "account-not-found"})
    return row[0], row[1]


def _detail(citizen: Citizen, account: EkeyAccount) -> AccountDetail:
    scheme = (
        "derived" if account.password_hash is None else "unset" if account.password_hash.startswith("!") else "argon2id"
    )
    return AccountDetail(
        account=_summary(citizen, account),
        citizen=to_record(citizen, True),
        lockouts=account.lockouts,
        password_scheme=scheme,
        totp="derived" if account.totp_secret is None else "enrolled",
    )


async def account_detail(session: AsyncSession, cpr: str) -> AccountDetail:
    return _detail(*await _load(session, cpr))


async def change_status(session: AsyncSession, cpr: str, action: Literal["lock", "unlock", "disable"]) -> AccountDetail:
    citizen, account = await _load(session, cpr)
    if action == "unlock":
        if account.status not in ("locked", "active"):
            raise ClientException(
                status_code=409,
                detail=f"A {account.status} account cannot be unlocked.",
                extra={"problem_type": "account-state-conflict"},
            )
        await lockout.clear(session, account.id)
        new_status = "active"
    else:
        new_status = "locked" if action == "lock" else "disabled"
    await session.execute(update(EkeyAccount).where(EkeyAccount.id == account.id).values(status=new_status))
    await session.refresh(account)
    return _detail(citizen, account)
