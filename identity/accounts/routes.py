"""HTTP surface of the accounts area: activation and reset, the admin API, and dev-profile conveniences."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

import msgspec
from litestar import Router, get, post
from litestar.exceptions import ClientException
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy import select

from identity.accounts import activation, admin
from identity.accounts.activation import ActivationDone, ChallengeStarted
from identity.accounts.admin import AccountDetail, AccountPage
from identity.accounts.audit import LoginStatistics, login_statistics
from identity.accounts.models import AccountChallenge
from identity.accounts.personas import Persona, load_personas
from identity.accounts.provisioning import CreatedAccount, create_random_account
from identity.accounts.schemas import ActivationConfirm, ChallengeRequest, NewPersona, ResetConfirm, SmsMessage
from identity.admin import requires_admin
from identity.config import IdentityConfig
from identity.deps import ConfigDep, DbSession

TAGS = ["eKey accounts"]


class PasswordChanged(msgspec.Struct, frozen=True):
    status: str = "password_changed"


@post("/activation", status_code=202, tags=TAGS, summary="Start activation: CPR + ID card number → SMS code")
async def start_activation(
    data: JSONBody[ChallengeRequest], db_session: DbSession, identity_config: ConfigDep
) -> ChallengeStarted:
    return await activation.start(db_session, identity_config, "activation", data.cpr.strip(), data.id_card_number)


@post("/activation/confirm", status_code=200, tags=TAGS, summary="Confirm activation, choose a password, enrol TOTP")
async def confirm_activation(
    data: JSONBody[ActivationConfirm], db_session: DbSession, identity_config: ConfigDep
) -> ActivationDone:
    return await activation.confirm_activation(db_session, identity_config, data.challenge_id, data.code, data.password)


@post("/password-reset", status_code=202, tags=TAGS, summary="Start a password reset: CPR + ID card number")
async def start_reset(
    data: JSONBody[ChallengeRequest], db_session: DbSession, identity_config: ConfigDep
) -> ChallengeStarted:
    return await activation.start(db_session, identity_config, "reset", data.cpr.strip(), data.id_card_number)


@post("/password-reset/confirm", status_code=200, tags=TAGS, summary="SMS code + TOTP code → new password")
async def confirm_reset(
    data: JSONBody[ResetConfirm], db_session: DbSession, identity_config: ConfigDep
) -> PasswordChanged:
    await activation.confirm_reset(
        db_session, identity_config, data.challenge_id, data.code, data.totp_code, data.new_password
    )
    return PasswordChanged()


AccountStatus = Literal["pending_activation", "active", "locked", "disabled"]


@get("/accounts", tags=TAGS, summary="List eKey accounts")
async def list_accounts(
    db_session: DbSession,
    status: FromQuery[AccountStatus | None] = None,
    level: FromQuery[Literal["standard", "advanced"] | None] = None,
    origin: FromQuery[Literal["population", "persona", "created"] | None] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    offset: Annotated[int, QueryParameter(ge=0, le=10_000_000)] = 0,
) -> AccountPage:
    return await admin.list_accounts(db_session, status=status, level=level, origin=origin, limit=limit, offset=offset)


@get("/accounts/{cpr:str}", tags=TAGS, summary="Look up an account by CPR")
async def get_account(db_session: DbSession, cpr: FromPath[str]) -> AccountDetail:
    return await admin.account_detail(db_session, cpr)


@post("/accounts/{cpr:str}/lock", status_code=200, tags=TAGS, summary="Lock an account until unlocked")
async def lock_account(db_session: DbSession, cpr: FromPath[str]) -> AccountDetail:
    return await admin.change_status(db_session, cpr, "lock")


@post("/accounts/{cpr:str}/unlock", status_code=200, tags=TAGS, summary="Unlock; forget failures and back-off")
async def unlock_account(db_session: DbSession, cpr: FromPath[str]) -> AccountDetail:
    return await admin.change_status(db_session, cpr, "unlock")


@post("/accounts/{cpr:str}/disable", status_code=200, tags=TAGS, summary="Disable an account")
async def disable_account(db_session: DbSession, cpr: FromPath[str]) -> AccountDetail:
    return await admin.change_status(db_session, cpr, "disable")


@get("/login-stats", tags=TAGS, summary="Login statistics from the audit (default: the last 24 hours)")
async def login_stats(
    db_session: DbSession, since: FromQuery[dt.datetime | None] = None, until: FromQuery[dt.datetime | None] = None
) -> LoginStatistics:
    until = _aware(until) if until else dt.datetime.now(dt.UTC)
    since = _aware(since) if since else until - dt.timedelta(days=1)
    if since >= until:
        raise ClientException(detail="'since' must be before 'until'.", extra={"problem_type": "invalid-interval"})
    return await login_statistics(db_session, since, until)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@get("/personas", tags=TAGS, summary="The demo personas (dev profile only)")
async def list_personas(identity_config: ConfigDep) -> list[Persona]:
    return list(load_personas(identity_config.seeds_dir))


@post("/personas", status_code=201, tags=TAGS, summary="Create an active account with fresh credentials (dev only)")
async def create_persona(
    db_session: DbSession, identity_config: ConfigDep, data: JSONBody[NewPersona | None] = None
) -> CreatedAccount:
    return await create_random_account(db_session, identity_config, level=(data or NewPersona()).level)


@get("/sms", tags=TAGS, summary="The simulated SMS outbox: the latest 20 codes sent (dev profile only)")
async def sms_outbox(db_session: DbSession) -> list[SmsMessage]:
    rows = (
        await db_session.execute(
            select(AccountChallenge)
            .where(AccountChallenge.dev_message.is_not(None))
            .order_by(AccountChallenge.created_at.desc())
            .limit(20)
        )
    ).scalars()
    return [
        SmsMessage(
            challenge_id=r.id, to=r.mobile_hint or "", text=r.dev_message or "", sent_at=r.created_at.isoformat()
        )
        for r in rows
    ]


def accounts_handlers(config: IdentityConfig) -> list[Router]:
    # Each start sends an SMS and each confirm guesses a code: rate limited per client address, in the shared
    # "rate_limit" store so the limit holds across workers (codes also die after 5 tries).
    limit = RateLimitConfig(rate_limit=("minute", 120), store="rate_limit")
    routers = [
        Router(
            path="/api/v1/ekey",
            route_handlers=[start_activation, confirm_activation, start_reset, confirm_reset],
            middleware=[limit.middleware],
        ),
        Router(
            path="/api/admin/ekey",
            guards=[requires_admin],
            route_handlers=[list_accounts, get_account, lock_account, unlock_account, disable_account, login_stats],
        ),
    ]
    if config.is_dev:  # absent, hence 404, in the prod profile
        routers.append(Router(path="/dev", route_handlers=[list_personas, create_persona, sms_outbox]))
    return routers
