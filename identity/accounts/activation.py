"""Activation and password reset: CPR + ID card number, then a one-time code sent by (simulated) SMS.

The first step answers the same whether or not the CPR and card match an account (no enumeration): a challenge is
created either way, but only a matching one can ever be confirmed. Codes: 6 digits, 10 minutes (ASVS 6.5.5), 5
tries, single use. In the dev profile the SMS text is kept for the simulated outbox (GET /dev/sms); never in prod.
A reset also needs a current TOTP code, so it never bypasses the second factor (ASVS 6.4.3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING
from uuid import UUID

import msgspec
from litestar.exceptions import ClientException
from sqlalchemy import func, select, update

from identity.accounts import audit, lockout, passwords, totp
from identity.accounts.authn import totp_secret_of, utcnow
from identity.accounts.cpr import is_valid_cpr
from identity.accounts.models import AccountChallenge, Citizen, EkeyAccount

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from identity.config import IdentityConfig

CODE_TTL = dt.timedelta(minutes=10)
MAX_TRIES = 5
MAX_CODES_PER_WINDOW = 3  # per account per TTL window: no SMS bombing through the first step
STATUS_FOR = {"activation": ("pending_activation",), "reset": ("active",)}


class ChallengeStarted(msgspec.Struct, frozen=True, kw_only=True):
    challenge_id: UUID
    expires_in: int
    detail: str = (
        "If the CPR and ID card number match an eKey account, a code was sent by SMS to its registered mobile."
    )


class ActivationDone(msgspec.Struct, frozen=True, kw_only=True):
    cpr: str
    status: str
    totp: totp.TotpEnrolment


def _code_hash(config: IdentityConfig, challenge_id: UUID, code: str) -> str:
    message = f"bawaba/sms-code|{challenge_id}|{code}".encode()
    return hmac.new(config.secret_key.encode(), message, hashlib.sha256).hexdigest()


def _problem(status: int, slug: str, detail: str) -> ClientException:
    return ClientException(status_code=status, detail=detail, extra={"problem_type": slug})


async def start(
    session: AsyncSession, config: IdentityConfig, purpose: str, cpr: str, id_card_number: str
) -> ChallengeStarted:
    now = utcnow()
    row = None
    if is_valid_cpr(cpr):
        row = (
            await session.execute(
                select(EkeyAccount.id, EkeyAccount.status, Citizen.id_card_number, Citizen.mobile)
                .join(Citizen, Citizen.id == EkeyAccount.id)
                .where(Citizen.cpr == cpr)
            )
        ).one_or_none()
    matches = (
        row is not None
        and row.status in STATUS_FOR[purpose]
        and hmac.compare_digest(row.id_card_number.encode(), id_card_number.strip().encode())
    )
    if matches:
        recent = await session.scalar(
            select(func.count())
            .select_from(AccountChallenge)
            .where(AccountChallenge.account_id == row.id, AccountChallenge.created_at > now - CODE_TTL)
        )
        matches = (recent or 0) < MAX_CODES_PER_WINDOW
    code = f"{secrets.randbelow(1_000_000):06d}"
    challenge = AccountChallenge(
        purpose=purpose,
        account_id=row.id if matches else None,
        code_hash="",
        created_at=now,
        expires_at=now + CODE_TTL,
        attempts=0,
    )
    session.add(challenge)
    await session.flush()
    challenge.code_hash = _code_hash(config, challenge.id, code)
    if matches and config.is_dev:
        challenge.mobile_hint = f"{row.mobile[:5]}****{row.mobile[-3:]}"
        word = "activation" if purpose == "activation" else "password reset"
        challenge.dev_message = f"eKey: your {word} code is {code}. It expires in 10 minutes. Never share it."
    return ChallengeStarted(challenge_id=challenge.id, expires_in=int(CODE_TTL.total_seconds()))


async def _consume(session: AsyncSession, config: IdentityConfig, purpose: str, challenge_id: UUID, code: str) -> UUID:
    """Check a challenge's code; returns the account id. A wrong code is committed (tries count) then refused."""
    now = utcnow()
    challenge = await session.get(AccountChallenge, challenge_id)
    if challenge is None or challenge.purpose != purpose or challenge.consumed_at is not None:
        raise _problem(400, "invalid-sms-code", "The code is wrong, used or expired. Ask for a new one.")
    if challenge.expires_at <= now or challenge.attempts >= MAX_TRIES:
        raise _problem(400, "invalid-sms-code", "The code is wrong, used or expired. Ask for a new one.")
    await session.execute(
        update(AccountChallenge)
        .where(AccountChallenge.id == challenge_id)
        .values(attempts=AccountChallenge.attempts + 1)
    )
    good = hmac.compare_digest(challenge.code_hash, _code_hash(config, challenge_id, code.strip()))
    if not good or challenge.account_id is None:
        await session.commit()  # the try must count even though the request fails
        raise _problem(400, "invalid-sms-code", "The code is wrong, used or expired. Ask for a new one.")
    consumed = await session.execute(
        update(AccountChallenge)
        .where(AccountChallenge.id == challenge_id, AccountChallenge.consumed_at.is_(None))
        .values(consumed_at=now)
    )
    if consumed.rowcount != 1:  # a concurrent confirmation won
        raise _problem(400, "invalid-sms-code", "The code is wrong, used or expired. Ask for a new one.")
    return challenge.account_id


def _check_password(password: str) -> None:
    problem = passwords.policy_problem(password)
    if problem:
        raise ClientException(status_code=400, detail=problem, extra={"problem_type": "weak-password"})


async def confirm_activation(
    session: AsyncSession, config: IdentityConfig, challenge_id: UUID, code: str, password: str
) -> ActivationDone:
    """Activate: choose a password, enrol a new TOTP secret (returned once, with its otpauth URI and QR code)."""
    _check_password(password)
    account_id = await _consume(session, config, "activation", challenge_id, code)
    account = await session.get(EkeyAccount, account_id)
    citizen = await session.get(Citizen, account_id)
    if account is None or citizen is None or account.status != "pending_activation":
        raise _problem(409, "not-pending-activation", "This account is not waiting for activation.")
    secret = totp.new_secret()
    account.password_hash = await passwords.hash_password_async(config.hash_workers, password)
    account.totp_secret, account.totp_last_step, account.status = secret, None, "active"
    await audit.record(
        session, config, cpr=citizen.cpr, step="activation", reason="ok", now=utcnow(), client_id=None, ip=None
    )
    return ActivationDone(
        cpr=citizen.cpr, status="active", totp=totp.enrolment(secret, citizen.cpr, config.totp_issuer)
    )


async def confirm_reset(
    session: AsyncSession, config: IdentityConfig, challenge_id: UUID, code: str, totp_code: str, new_password: str
) -> None:
    """Set a new password after the SMS code *and* a current TOTP code; forgets failures and back-off."""
    _check_password(new_password)
    account_id = await _consume(session, config, "reset", challenge_id, code)
    account = await session.get(EkeyAccount, account_id)
    citizen = await session.get(Citizen, account_id)
    assert account is not None and citizen is not None  # the challenge's foreign key guarantees both
    now = utcnow()
    step = totp.matching_step(totp_secret_of(config, citizen.cpr, account.totp_secret), totp_code, now)
    if step is None or not await totp.accept_step(session, account_id, step):
        await lockout.register_failure(session, account_id, now, config)
        await audit.record(
            session, config, cpr=citizen.cpr, step="reset", reason="wrong_otp", now=now, client_id=None, ip=None
        )
        await session.commit()  # the failure counts; the SMS code stays consumed, ask for a new one
        raise _problem(400, "invalid-otp", "The authenticator code is wrong. Ask for a new SMS code and try again.")
    new_hash = await passwords.hash_password_async(config.hash_workers, new_password)
    await session.execute(update(EkeyAccount).where(EkeyAccount.id == account_id).values(password_hash=new_hash))
    await lockout.clear(session, account_id)
    await audit.record(session, config, cpr=citizen.cpr, step="reset", reason="ok", now=now, client_id=None, ip=None)
