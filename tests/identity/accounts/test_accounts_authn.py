"""Password and TOTP verification against the real database: outcomes, upgrade of derived credentials, replay, drift."""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from identity.accounts.authn import authenticate_password, authenticate_totp
from identity.accounts.bulk import seed_population
from identity.accounts.cpr import make_cpr
from identity.accounts.models import EkeyAccount
from identity.accounts.population import derived_credentials, population_cpr
from identity.config import IdentityConfig
from tests.identity.accounts.conftest import NewAccount, code_at, step_start


async def test_correct_password_signs_in(session_maker: async_sessionmaker[AsyncSession], config, new_account) -> None:
    account = await new_account(level="advanced")
    async with session_maker() as session:
        outcome = await authenticate_password(
            session, account.cpr, account.password, config=config, client_id="rp", ip="127.0.0.1"
        )
        await session.commit()
    assert outcome.ok and outcome.reason == "ok" and outcome.account_id == account.account_id
    assert outcome.retry_after is None


async def test_wrong_password_and_unknown_cpr_look_the_same(
    session_maker, config: IdentityConfig, new_account: NewAccount
) -> None:
    account = await new_account()
    async with session_maker() as session:
        wrong = await authenticate_password(session, account.cpr, account.password + "x", config=config)
        started = time.perf_counter()
        unknown = await authenticate_password(session, make_cpr(dt.date(2000, 1, 1), 9999), "whatever1", config=config)
        unknown_seconds = time.perf_counter() - started
        malformed = await authenticate_password(session, "not-a-cpr", "whatever1", config=config)
    for outcome in (wrong, unknown, malformed):
        assert (outcome.ok, outcome.account_id, outcome.reason) == (False, None, "invalid_credentials")
    # An unknown CPR still pays for one argon2id verify (19 MiB, t=2: tens of milliseconds), like a wrong password.
    assert unknown_seconds > 0.01


async def test_password_is_nfkc_normalised(session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        # Fullwidth digits/letters normalise to ASCII under NFKC, so the same password typed differently matches.
        fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in account.password)
        outcome = await authenticate_password(session, account.cpr, fullwidth, config=config)
    assert outcome.ok


async def test_status_is_told_only_after_the_right_password(session_maker, config, new_account) -> None:
    disabled = await new_account(status="disabled")
    pending = await new_account(status="pending_activation")
    locked = await new_account(status="locked")
    async with session_maker() as session:
        assert (
            await authenticate_password(session, disabled.cpr, disabled.password, config=config)
        ).reason == "disabled"
        assert (await authenticate_password(session, disabled.cpr, "wrong-password", config=config)).reason == (
            "invalid_credentials"
        )
        assert (await authenticate_password(session, pending.cpr, pending.password, config=config)).reason == (
            "pending_activation"
        )
        outcome = await authenticate_password(session, locked.cpr, locked.password, config=config)
    assert (outcome.ok, outcome.reason, outcome.retry_after) == (False, "locked", None)


async def test_population_member_logs_in_with_derived_credentials_then_argon2id(session_maker, config) -> None:
    await seed_population(session_maker, config.secret_key, 40)
    cpr = population_cpr(config.secret_key, 37)
    password, totp_secret = derived_credentials(config.secret_key, cpr)
    async with session_maker() as session:
        first = await authenticate_password(session, cpr, password, config=config)
        await session.commit()
        stored = await session.scalar(select(EkeyAccount.password_hash).where(EkeyAccount.id == first.account_id))
    assert first.ok
    assert stored is not None and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    async with session_maker() as session:
        again = await authenticate_password(session, cpr, password, config=config)
        wrong = await authenticate_password(session, cpr, password[:-1], config=config)
        totp = await authenticate_totp(
            session, first.account_id, code_at(totp_secret, dt.datetime.now(dt.UTC)), config=config
        )
        await session.commit()
    assert again.ok and again.account_id == first.account_id
    assert wrong.reason == "invalid_credentials"
    assert totp.ok or totp.reason == "replayed"  # another test may have used this member's current step


async def test_wrong_derived_password_keeps_the_account_unupgraded(session_maker, config) -> None:
    await seed_population(session_maker, config.secret_key, 40)
    cpr = population_cpr(config.secret_key, 38)
    password, _ = derived_credentials(config.secret_key, cpr)
    async with session_maker() as session:
        outcome = await authenticate_password(
            session, cpr, password.swapcase(), config=config, now=dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
        )
    assert outcome.reason == "invalid_credentials"


async def test_totp_accepts_one_step_of_drift_and_rejects_two(session_maker, config, new_account) -> None:
    account = await new_account()
    now = step_start()
    async with session_maker() as session:
        too_old = await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, now - dt.timedelta(seconds=60)),
            config=config,
            now=now,
        )
        behind = await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, now - dt.timedelta(seconds=30)),
            config=config,
            now=now,
        )
        ahead = await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, now + dt.timedelta(seconds=30)),
            config=config,
            now=now,
        )
        too_new = await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, now + dt.timedelta(seconds=90)),
            config=config,
            now=now,
        )
        await session.commit()
    assert (too_old.ok, too_old.reason) == (False, "invalid_code")
    assert behind.ok and ahead.ok
    assert (too_new.ok, too_new.reason) == (False, "invalid_code")


async def test_totp_code_is_accepted_once(session_maker, config, new_account) -> None:
    account = await new_account()
    now = step_start()
    code = code_at(account.totp_secret, now)
    async with session_maker() as session:
        first = await authenticate_totp(session, account.account_id, code, config=config, now=now)
        await session.commit()
        replay = await authenticate_totp(
            session, account.account_id, code, config=config, now=now + dt.timedelta(seconds=5)
        )
        # An earlier step that is still inside the drift window is refused too: steps must strictly increase.
        earlier = await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, now - dt.timedelta(seconds=30)),
            config=config,
            now=now,
        )
        later = await authenticate_totp(
            session,
            account.account_id,
            code_at(account.totp_secret, now + dt.timedelta(seconds=30)),
            config=config,
            now=now + dt.timedelta(seconds=30),
        )
        await session.commit()
    assert first.ok
    assert (replay.ok, replay.reason) == (False, "replayed")
    assert (earlier.ok, earlier.reason) == (False, "replayed")
    assert later.ok


async def test_totp_rejects_malformed_codes(session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        for code in ("12345", "1234567", "abcdef", "١٢٣٤٥٦"):  # four: a fifth failure would lock the account
            outcome = await authenticate_totp(session, account.account_id, code, config=config)
            assert (outcome.ok, outcome.reason) == (False, "invalid_code"), code


async def test_oversized_password_is_refused_and_counted(session_maker, config, new_account) -> None:
    account = await new_account()
    async with session_maker() as session:
        outcome = await authenticate_password(session, account.cpr, "x" * 100_000, config=config)
    assert (outcome.ok, outcome.reason) == (False, "invalid_credentials")
