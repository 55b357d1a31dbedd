"""Sign-in checks for the OIDC login pages: password, then TOTP. Both record the audit and the lockout.

Transactions: these functions work in the caller's session (one transaction per request) and do not commit a
success. A *failure* is committed before returning, on purpose: the caller usually answers a failure with a 4xx,
which rolls its transaction back, and a rollback must not erase a lockout count or an audit row.

Each check is a synchronous function of a ``Unit`` (``check_password``, ``check_totp``): a sync ``Session``, or a
bare connection (``identity.units``), in one greenlet. Its 2-4 Core statements then run on the unit's connection
without a greenlet hand-off and an async result per statement (~100-250 µs each through ``AsyncSession.execute``
inside a request); the hash, in its thread pool, is awaited with ``await_``. The OIDC provider's login steps call
them in their own unit of work; ``authenticate_password`` and ``authenticate_totp`` are the async forms (in an
``AsyncSession``) for everyone else.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

import msgspec
from sqlalchemy import bindparam, select, update
from sqlalchemy.util import await_

from identity.accounts import audit, lockout, passwords, totp
from identity.accounts.cpr import is_valid_cpr
from identity.accounts.models import Citizen, EkeyAccount
from identity.accounts.population import derived_credentials, derived_password_matches
from identity.accounts.registry import CLAIM_COLUMNS, IdentityClaims, claims_from_row
from identity.prepared import Prepared
from identity.units import Unit

if TYPE_CHECKING:
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
    claims: IdentityClaims | None = None  # on success: what the OIDC provider may assert, read with the account


class TotpOutcome(msgspec.Struct, frozen=True, kw_only=True):
    ok: bool
    reason: TotpReason
    retry_after: int | None = None


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# With the claims' columns (status, cpr and deceased_on among them): a successful check hands its caller the claims
# without another query.
_COLUMNS = (
    EkeyAccount.id,
    EkeyAccount.password_hash,
    EkeyAccount.totp_secret,
    EkeyAccount.locked_until,
    *CLAIM_COLUMNS,
)


# Hot-path statements are built once: constructing a select() per request cost more CPU than running it.
_BY_CPR = Prepared(
    select(*_COLUMNS).join(Citizen, Citizen.id == EkeyAccount.id).where(Citizen.cpr == bindparam("p_cpr"))
)
# The TOTP step needs only what it checks.
_BY_ID = Prepared(
    select(
        EkeyAccount.id, EkeyAccount.status, EkeyAccount.totp_secret, EkeyAccount.locked_until, Citizen.cpr,
        Citizen.deceased_on,
    )
    .join(Citizen, Citizen.id == EkeyAccount.id)
    .where(EkeyAccount.id == bindparam("p_id"))
)  # fmt: skip
_SET_HASH = (
    update(EkeyAccount.__table__)
    .where(EkeyAccount.__table__.c.id == bindparam("p_id"))
    .values(password_hash=bindparam("p_hash"))
)


def _account_by_cpr(unit: Unit, cpr: str) -> Any | None:
    return _BY_CPR.execute(unit.connection(), {"p_cpr": cpr}).one_or_none()


def _account_by_id(unit: Unit, account_id: UUID) -> Any | None:
    return _BY_ID.execute(unit.connection(), {"p_id": account_id}).one_or_none()


def _burn_dummy_verify(config: IdentityConfig) -> None:
    await_(passwords.in_hash_pool(config.hash_workers, passwords.burn_dummy_verify))


def _check_password(config: IdentityConfig, row: Any, password: str) -> tuple[bool, bool]:
    """(matches, is a synthetic account's derived password). Every branch costs about one argon2 verify."""
    if row.password_hash is None:
        if derived_password_matches(config.secret_key, row.cpr, passwords.normalize(password)):
            return True, True  # the argon2id upgrade that follows costs one hash
        _burn_dummy_verify(config)
        return False, True
    if row.password_hash.startswith("!"):
        _burn_dummy_verify(config)
        return False, False
    return await_(passwords.verify_hash_async(config.hash_workers, row.password_hash, password)), False


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
    """Check CPR + password (``check_password`` in one greenlet)."""
    return await session.run_sync(check_password, cpr, password, config=config, client_id=client_id, ip=ip, now=now)


def check_password(
    unit: Unit,
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
    row = _account_by_cpr(unit, cpr) if is_valid_cpr(cpr) else None

    def fail(reason: PasswordReason, audit_reason: str, retry: int | None = None) -> PasswordOutcome:
        audit.write(
            unit.connection(), config, cpr=cpr, step="password", reason=audit_reason, now=now,
            client_id=client_id, ip=ip,
        )  # fmt: skip
        unit.commit()
        return PasswordOutcome(ok=False, account_id=None, reason=reason, retry_after=retry)

    if row is None:
        _burn_dummy_verify(config)
        return fail("invalid_credentials", "unknown_cpr")
    locked, retry = lockout.retry_after(row.status, row.locked_until, now)
    if locked:
        # No verify while locked (guesses must not progress), but the same cost, so timing tells nothing more.
        _burn_dummy_verify(config)
        return fail("locked", "locked", retry)
    if len(password) > passwords.MAX_INPUT_LENGTH:
        # No account can have such a password; refuse before normalising or hashing megabytes of input.
        _burn_dummy_verify(config)
        wait = lockout.count_failure(unit.connection(), row.id, now, config)
        return fail("locked" if wait else "invalid_credentials", "wrong_password", wait)
    matches, derived = _check_password(config, row, password)
    if not matches:
        wait = lockout.count_failure(unit.connection(), row.id, now, config)
        return fail("locked" if wait else "invalid_credentials", "wrong_password", wait)
    # Status is revealed only to someone who knows the password (no enumeration of disabled accounts).
    if row.status == "disabled" or row.deceased_on is not None:
        return fail("disabled", "disabled")
    if row.status == "pending_activation":
        return fail("pending_activation", "pending_activation")
    conn = unit.connection()
    if derived:
        new_hash = await_(passwords.hash_password_async(config.hash_workers, password))
        conn.execute(_SET_HASH, {"p_id": row.id, "p_hash": new_hash})
    audit.write(conn, config, cpr=cpr, step="password", reason="ok", now=now, client_id=client_id, ip=ip)
    return PasswordOutcome(ok=True, account_id=row.id, reason="ok", claims=claims_from_row(row, row.id))


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
    """Second factor, after a successful password step (``check_totp`` in one greenlet)."""
    return await session.run_sync(check_totp, account_id, code, config=config, client_id=client_id, ip=ip, now=now)


def check_totp(
    unit: Unit,
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
    row = _account_by_id(unit, account_id)
    if row is None:
        return TotpOutcome(ok=False, reason="invalid_code")

    def fail(reason: TotpReason, audit_reason: str, retry: int | None = None) -> TotpOutcome:
        audit.write(
            unit.connection(), config, cpr=row.cpr, step="totp", reason=audit_reason, now=now,
            client_id=client_id, ip=ip,
        )  # fmt: skip
        unit.commit()
        return TotpOutcome(ok=False, reason=reason, retry_after=retry)

    locked, retry = lockout.retry_after(row.status, row.locked_until, now)
    if locked:
        return fail("locked", "locked", retry)
    if row.status != "active" or row.deceased_on is not None:
        return fail("invalid_code", "not_active")
    step = totp.matching_step(totp_secret_of(config, row.cpr, row.totp_secret), code, now)
    if step is None:
        wait = lockout.count_failure(unit.connection(), row.id, now, config)
        return fail("locked" if wait else "invalid_code", "wrong_otp", wait)
    # One UPDATE both takes the step (the replay guard) and resets the lockout counters of the completed sign-in.
    conn = unit.connection()
    if not totp.take_step(conn, row.id, step, login_at=now):
        wait = lockout.count_failure(conn, row.id, now, config)
        return fail("locked" if wait else "replayed", "replayed_otp", wait)
    audit.write(conn, config, cpr=row.cpr, step="totp", reason="ok", now=now, client_id=client_id, ip=ip)
    return TotpOutcome(ok=True, reason="ok")
