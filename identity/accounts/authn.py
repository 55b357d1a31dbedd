"""Sign-in checks for the OIDC login pages: password, then TOTP. Both record the audit and the lockout.

Transactions: these functions work in the caller's AsyncSession (one transaction per request) and do not commit a
success. A *failure* is committed before returning, on purpose: the caller usually answers a failure with a 4xx,
which rolls its transaction back, and a rollback must not erase a lockout count or an audit row.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal
from uuid import UUID

import msgspec
from sqlalchemy import bindparam, select, update

from identity.accounts import audit, lockout, passwords, totp
from identity.accounts.cpr import is_valid_cpr
from identity.accounts.models import Citizen, EkeyAccount
from identity.accounts.population import derived_credentials, derived_password_matches

if TYPE_CHECKING:
    from sqlalchemy.engine import Row
    from sqlalchemy.ext.asyncio import AsyncSession

    from identity.config import IdentityConfig

PasswordReason = Literal["ok", "invalid_credentials", "locked", "disabled", "pending_activation"]
TotpReason = Literal["ok", "invalid_code", "replayed", "locked"]
# password_hash values starting with "!" can never verify (pending activation: no password chosen yet).
UNUSABLE_PASSWORD = "!pending-activation"


class PasswordOutcome(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool
    account_id: UUID | None
    reason: PasswordReason
    retry_after: int | None = None


class TotpOutcome(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool
    reason: TotpReason
    retry_after: int | None = None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_COLUMNS = (
    EkeyAccount.id,
    EkeyAccount.status,
    EkeyAccount.password_hash,
    EkeyAccount.totp_secret,
    EkeyAccount.locked_until,
    Citizen.cpr,
    Citizen.deceased_on,
)


# Hot-path statements are built once: constructing a select() per request cost more CPU than running it.
_JOINED = select(*_COLUMNS).join(Citizen, Citizen.id == EkeyAccount.id)
_BY_CPR = _JOINED.where(Citizen.cpr == bindparam("p_cpr"))
_BY_ID = _JOINED.where(EkeyAccount.id == bindparam("p_id"))
_SET_HASH = (
    update(EkeyAccount.__table__)
    .where(EkeyAccount.__table__.c.id == bindparam("p_id"))
    .values(password_hash=bindparam("p_hash"))
)


async def _account_by_cpr(session: AsyncSession, cpr: str) -> Row | None:
    return (await session.execute(_BY_CPR, {"p_cpr": cpr})).one_or_none()


async def _account_by_id(session: AsyncSession, account_id: UUID) -> Row | None:
    return (await session.execute(_BY_ID, {"p_id": account_id})).one_or_none()


async def _check_password(config: IdentityConfig, row: Row, password: str) -> tuple[bool, bool]:
    """(matches, is a synthetic account's derived password). Every branch costs about one argon2 verify."""
    workers = config.hash_workers
    if row.password_hash is None:
        if derived_password_matches(config.secret_key, row.cpr, passwords.normalize(password)):
            return True, True  # the argon2id upgrade that follows costs one hash
        await passwords.in_hash_pool(workers, passwords.burn_dummy_verify)
        return False, True
    if row.password_hash.startswith("!"):
        await passwords.in_hash_pool(workers, passwords.burn_dummy_verify)
        return False, False
    return await passwords.verify_hash_async(workers, row.password_hash, password), False


async def authenticate_password(
    session: AsyncSession,
    cpr: str,
    password: str,
    *,
    config: IdentityConfig,
    client_id: str | None = None,
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> PasswordOutcome:
    """Check CPR + password. Unknown CPR and wrong password cost the same and answer "invalid_credentials"."""
    now = now or utcnow()
    cpr = cpr.strip()
    row = await _account_by_cpr(session, cpr) if is_valid_cpr(cpr) else None

    async def fail(reason: PasswordReason, audit_reason: str, retry: int | None = None) -> PasswordOutcome:
        await audit.record(
            session, config, cpr=cpr, step="password", reason=audit_reason, now=now, client_id=client_id, ip=ip
        )
        await session.commit()
        return PasswordOutcome(ok=False, account_id=None, reason=reason, retry_after=retry)

    if row is None:
        await passwords.in_hash_pool(config.hash_workers, passwords.burn_dummy_verify)
        return await fail("invalid_credentials", "unknown_cpr")
    locked, retry = lockout.retry_after(row.status, row.locked_until, now)
    if locked:
        # No verify while locked (guesses must not progress), but the same cost, so timing tells nothing more.
        await passwords.in_hash_pool(config.hash_workers, passwords.burn_dummy_verify)
        return await fail("locked", "locked", retry)
    if len(password) > passwords.MAX_INPUT_LENGTH:
        # No account can have such a password; refuse before normalising or hashing megabytes of input.
        await passwords.in_hash_pool(config.hash_workers, passwords.burn_dummy_verify)
        wait = await lockout.register_failure(session, row.id, now, config)
        return await fail("locked" if wait else "invalid_credentials", "wrong_password", wait)
    matches, derived = await _check_password(config, row, password)
    if not matches:
        wait = await lockout.register_failure(session, row.id, now, config)
        return await fail("locked" if wait else "invalid_credentials", "wrong_password", wait)
    # Status is revealed only to someone who knows the password (no enumeration of disabled accounts).
    if row.status == "disabled" or row.deceased_on is not None:
        return await fail("disabled", "disabled")
    if row.status == "pending_activation":
        return await fail("pending_activation", "pending_activation")
    if derived:
        new_hash = await passwords.hash_password_async(config.hash_workers, password)
        await session.execute(_SET_HASH, {"p_id": row.id, "p_hash": new_hash})
    await audit.record(session, config, cpr=cpr, step="password", reason="ok", now=now, client_id=client_id, ip=ip)
    return PasswordOutcome(ok=True, account_id=row.id, reason="ok")


def totp_secret_of(config: IdentityConfig, cpr: str, stored: str | None) -> str:
    return stored if stored is not None else derived_credentials(config.secret_key, cpr)[1]


async def authenticate_totp(
    session: AsyncSession,
    account_id: UUID,
    code: str,
    *,
    config: IdentityConfig,
    client_id: str | None = None,
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> TotpOutcome:
    """Second factor, after a successful password step. ±1 step of drift; each step is accepted once."""
    now = now or utcnow()
    row = await _account_by_id(session, account_id)
    if row is None:
        return TotpOutcome(ok=False, reason="invalid_code")

    async def fail(reason: TotpReason, audit_reason: str, retry: int | None = None) -> TotpOutcome:
        await audit.record(
            session, config, cpr=row.cpr, step="totp", reason=audit_reason, now=now, client_id=client_id, ip=ip
        )
        await session.commit()
        return TotpOutcome(ok=False, reason=reason, retry_after=retry)

    locked, retry = lockout.retry_after(row.status, row.locked_until, now)
    if locked:
        return await fail("locked", "locked", retry)
    if row.status != "active" or row.deceased_on is not None:
        return await fail("invalid_code", "not_active")
    step = totp.matching_step(totp_secret_of(config, row.cpr, row.totp_secret), code, now)
    if step is None:
        wait = await lockout.register_failure(session, row.id, now, config)
        return await fail("locked" if wait else "invalid_code", "wrong_otp", wait)
    # One UPDATE both takes the step (the replay guard) and resets the lockout counters of the completed sign-in.
    if not await totp.accept_step(session, row.id, step, login_at=now):
        wait = await lockout.register_failure(session, row.id, now, config)
        return await fail("locked" if wait else "replayed", "replayed_otp", wait)
    await audit.record(session, config, cpr=row.cpr, step="totp", reason="ok", now=now, client_id=client_id, ip=ip)
    return TotpOutcome(ok=True, reason="ok")
