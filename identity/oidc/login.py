"""Sign-in steps behind the authorization endpoint: password, TOTP, consent (each a POST with a CSRF token)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from uuid import UUID

from litestar import Request, Response
from litestar.datastructures import Cookie
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc import consents, ratelimit, store
from identity.oidc.authorize import consent_page, login_page, otp_page
from identity.oidc.clients import ClientRecord
from identity.oidc.crypto import random_handle
from identity.oidc.forms import form_fields
from identity.oidc.identity_port import (
    AuthenticatedUser,
    PasswordOutcome,
    TotpOutcome,
    check_password,
    check_totp,
    with_acr,
)
from identity.oidc.interaction import Interaction
from identity.oidc.pages import STRINGS, choose_lang
from identity.oidc.runtime import OidcRuntime, request_engine
from identity.oidc.scopes import acr_satisfies, requested_minimum_acr
from identity.units import ConnectionUnit, run_unit

RATE_WINDOW_SECONDS = 60


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def new_sso_session(
    conn: Connection, rt: OidcRuntime, account_id: UUID, acr: str, claims: dict
) -> tuple[AuthenticatedUser, str]:
    """(the signed-in user, the SSO cookie's value) of a new SSO session, on a sync connection."""
    cookie_value, sid, auth_time = random_handle(32), random_handle(12), int(time.time())
    store.insert_sso_session(conn, cookie_value, sid, account_id, acr, auth_time, rt.config.session_ttl)
    return AuthenticatedUser(account_id, sid, acr, auth_time, claims), cookie_value


async def start_sso_session(
    rt: OidcRuntime, session: AsyncSession, account_id: UUID, acr: str, claims: dict
) -> tuple[AuthenticatedUser, Cookie]:
    user, cookie_value = await session.run_sync(
        lambda sync: new_sso_session(sync.connection(), rt, account_id, acr, claims)
    )
    return user, rt.sso_cookie(cookie_value)


class Step:
    """What every step handler starts with: the sealed interaction, its language and a checked CSRF token."""

    def __init__(self, rt: OidcRuntime, request: Request, iid: str) -> None:
        self.rt, self.request, self.iid = rt, request, iid
        self.ix: Interaction | None = rt.read_interaction(request, iid)
        self.lang = choose_lang(request, self.ix.params.get("ui_locales") if self.ix else None)
        self.t = STRINGS[self.lang]
        self.form: dict[str, str] = {}

    async def check(self, stage: str) -> Response | None:
        if self.ix is None:
            return self.rt.error_page(self.request, self.lang, "interaction_expired", self.t["expired"])
        self.form = {k: values[-1] for k, values in (await form_fields(self.request)).items() if values}
        if not self.rt.codec.check_csrf(self.iid, self.form.get("csrf_token")):
            return self.rt.error_page(self.request, self.lang, "csrf", self.t["csrf"], status=403)
        if self.ix.stage != stage:
            return self.rt.error_page(self.request, self.lang, "interaction_expired", self.t["expired"])
        return None


async def show_step(rt: OidcRuntime, request: Request, session: AsyncSession, iid: str) -> Response:
    """GET /login/<iid>: the current step again (language switch, reload)."""
    step = Step(rt, request, iid)
    ix = step.ix
    if ix is None:
        return rt.error_page(request, step.lang, "interaction_expired", step.t["expired"])
    client = await rt.clients.get(session, ix.client_id)
    if client is None:
        return rt.error_page(request, step.lang, "invalid_client", "The client is no longer registered.")
    if ix.stage == "otp":
        return otp_page(rt, request, step.lang, ix)
    if ix.stage == "consent":
        return consent_page(rt, request, step.lang, ix, client)
    return login_page(rt, request, step.lang, ix, client)


# The database work of the password and TOTP steps is one unit of work (``identity.units.run_unit``): a pooled
# connection, its 4-5 statements, the commit and the return to the pool in one greenlet, without a request session.


@dataclass(slots=True)
class PasswordRound:
    client: ClientRecord | None
    limited: bool = False  # over the per-IP limit: nothing was checked
    outcome: PasswordOutcome | None = None
    acr: str = ""
    claims: dict = field(default_factory=dict)
    level_unmet: bool = False  # the right password, but the client asked for a higher level of assurance


def _password_round(
    unit: ConnectionUnit, rt: OidcRuntime, ix: Interaction, ip: str, cpr: str, password: str
) -> PasswordRound:
    client = rt.clients.get_on(unit.connection(), ix.client_id)
    if client is None:
        return PasswordRound(client)
    key, limit = f"login:{ip}", rt.config.login_rate_limit
    # Check before the hash (a read: SQLite's write lock is not taken across the ~40 ms verify), count after.
    if ratelimit.is_over(unit.connection(), key, limit, RATE_WINDOW_SECONDS):
        return PasswordRound(client, limited=True)
    outcome = check_password(unit, cpr, password, config=rt.config, client_id=ix.client_id, ip=ip)
    # Counted in the request's transaction: a failed check has already committed its own audit and lockout.
    ratelimit.count_hit(unit.connection(), key, limit, RATE_WINDOW_SECONDS)
    if not outcome.ok or outcome.claims is None:
        return PasswordRound(client, outcome=outcome)
    acr, claims = with_acr(outcome.claims)
    if not acr_satisfies(acr, requested_minimum_acr(ix.params.get("acr_values"))):
        unit.discard()  # a refusal: this request's writes are undone, as for any answer that is not a success
        return PasswordRound(client, outcome=outcome, acr=acr, level_unmet=True)
    return PasswordRound(client, outcome=outcome, acr=acr, claims=claims)


async def submit_password(rt: OidcRuntime, request: Request, iid: str) -> Response:
    step = Step(rt, request, iid)
    if (problem := await step.check("login")) is not None:
        return problem
    ix, t = step.ix, step.t
    assert ix is not None
    cpr, password = step.form.get("cpr", "")[:32], step.form.get("password", "")[:1024]
    ip = client_ip(request)
    done = await run_unit(request_engine(request), lambda unit: _password_round(unit, rt, ix, ip, cpr, password))
    client, outcome = done.client, done.outcome
    if client is None:
        return rt.error_page(request, step.lang, "invalid_client", "The client is no longer registered.")
    if done.limited:
        return login_page(rt, request, step.lang, ix, client, error=t["try_later"], status=429)
    assert outcome is not None
    if not outcome.ok or outcome.account_id is None:
        # One message for unknown CPR, wrong password and a locked account: nothing tells which CPRs exist.
        message = t["bad_credentials"]
        if outcome.reason in ("disabled", "pending_activation"):  # only reachable with the right password
            message = t["error_title"]
        return login_page(rt, request, step.lang, ix, client, error=message)
    if done.level_unmet:
        return_to = rt.access_denied_url(
            ix.params, "unmet_authentication_requirements",
            "The service requires eKey Advanced; this account is eKey Standard.",
        )  # fmt: skip
        return rt.error_page(request, step.lang, "level_required", t["level_required"], status=403, return_to=return_to)
    ix.stage, ix.account_id, ix.acr, ix.claims = "otp", str(outcome.account_id), done.acr, done.claims
    return otp_page(rt, request, step.lang, ix)


@dataclass(slots=True)
class OtpRound:
    client: ClientRecord | None
    outcome: TotpOutcome | None = None
    user: AuthenticatedUser | None = None
    cookie_value: str = ""
    redirect: Response | None = None  # to the client, when it needs no consent


def _otp_round(unit: ConnectionUnit, rt: OidcRuntime, request: Request, ix: Interaction, code: str) -> OtpRound:
    assert ix.account_id is not None and ix.acr is not None and ix.claims is not None
    conn = unit.connection()
    client = rt.clients.get_on(conn, ix.client_id)
    if client is None:
        return OtpRound(client)
    account_id = UUID(ix.account_id)
    outcome = check_totp(unit, account_id, code, config=rt.config, client_id=ix.client_id, ip=client_ip(request))
    if not outcome.ok:
        return OtpRound(client, outcome)
    user, cookie_value = new_sso_session(conn, rt, account_id, ix.acr, ix.claims)
    scope = ix.params.get("scope", "")
    if "consent" in ix.params.get("prompt", "").split() or not (
        client.skip_consent or consents.consent_covers(conn, account_id, client.client_id, scope)
    ):
        return OtpRound(client, outcome, user, cookie_value)
    cookies = [rt.sso_cookie(cookie_value), rt.interaction_cookie(ix, clear=True)]
    redirect = rt.issue_code(conn, request, ix.params, user, client, cookies=cookies)
    return OtpRound(client, outcome, user, cookie_value, redirect)


async def submit_otp(rt: OidcRuntime, request: Request, iid: str) -> Response:
    step = Step(rt, request, iid)
    if (problem := await step.check("otp")) is not None:
        return problem
    ix, t = step.ix, step.t
    assert ix is not None and ix.account_id is not None and ix.acr is not None and ix.claims is not None
    # No per-IP count here: only a browser past the password step gets this far, and the account's lockout
    # (password and OTP failures together) bounds OTP guessing.
    code = step.form.get("otp", "").strip()[:16]
    done = await run_unit(request_engine(request), lambda unit: _otp_round(unit, rt, request, ix, code))
    client, outcome, user = done.client, done.outcome, done.user
    if client is None:
        return rt.error_page(request, step.lang, "invalid_client", "The client is no longer registered.")
    if user is None:
        assert outcome is not None
        return otp_page(
            rt, request, step.lang, ix, error=t["try_later"] if outcome.reason == "locked" else t["bad_otp"]
        )
    if done.redirect is not None:
        return done.redirect
    ix.stage, ix.sid, ix.auth_time = "consent", user.sid, user.auth_time
    return consent_page(rt, request, step.lang, ix, client, extra_cookies=[rt.sso_cookie(done.cookie_value)])


async def submit_consent(rt: OidcRuntime, request: Request, session: AsyncSession, iid: str) -> Response:
    step = Step(rt, request, iid)
    if (problem := await step.check("consent")) is not None:
        return problem
    ix = step.ix
    assert ix is not None and ix.account_id is not None
    decision = step.form.get("decision")
    if decision not in ("approve", "deny"):
        return rt.error_page(request, step.lang, "invalid_request", "decision must be approve or deny.")
    clear = [rt.interaction_cookie(ix, clear=True)]
    if decision == "deny":
        return await rt.authorization_response(request, session, ix.params, None, cookies=clear)
    account_id = UUID(ix.account_id)
    await consents.save_consent(session, account_id, ix.client_id, ix.params.get("scope", ""))
    user = AuthenticatedUser(account_id, ix.sid, ix.acr or "", ix.auth_time or int(time.time()), ix.claims or {})
    return await rt.authorization_response(request, session, ix.params, user, cookies=clear)
