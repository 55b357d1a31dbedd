"""The authorization endpoint's steps: validate with authlib, then reuse the SSO session, ask for consent, or
start a sign-in interaction (check_request -> check_session -> check_consent -> respond)."""

from __future__ import annotations

import time
from collections.abc import Callable

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oidc.core.errors import ConsentRequiredError
from litestar import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc import consents, store
from identity.oidc.clients import ClientRecord
from identity.oidc.identity_port import AuthenticatedUser, load_claims
from identity.oidc.interaction import Interaction
from identity.oidc.pages import choose_lang, render
from identity.oidc.runtime import AUTHORIZE_PATH, SSO_COOKIE, OidcRuntime, clean_params
from identity.oidc.scopes import acr_satisfies, requested_minimum_acr
from identity.oidc.server import OidcRequest, RequestContext


class RequestNotSupported(OAuth2Error):
    error = "request_not_supported"


def _max_age(params: dict[str, str]) -> int | str | None:
    raw = params.get("max_age")
    if raw is None:
        return None
    return int(raw) if raw.isdigit() and len(raw) < 10 else "invalid"


def _extra_checks(params: dict[str, str], query: dict[str, list[str]]) -> OAuth2Error | None:
    """Checks authlib leaves to the provider; run after the client and redirect_uri are known to be good."""
    redirect = {"redirect_uri": params["redirect_uri"], "state": params.get("state")}
    if params.get("response_mode", "query") != "query":
        return InvalidRequestError("response_mode must be query.", **redirect)
    if "request" in query or "request_uri" in query:
        return RequestNotSupported("Request objects are not supported; send plain parameters.", **redirect)
    if _max_age(params) == "invalid":
        return InvalidRequestError("max_age must be a non-negative integer.", **redirect)
    return None


async def authorize(
    rt: OidcRuntime, request: Request, session_of: Callable[[], AsyncSession], query: dict[str, list[str]]
) -> Response:
    """``session_of`` opens the request session on first call: a fresh browser with a cached client and loaded keys
    (the common case) needs none, and an unused session still costs its creation and its close."""
    if "request_uri" in query:
        from identity.oidc.par import unpack

        pushed = unpack(rt, query)
        if pushed is None:
            lang = choose_lang(request, None)
            return rt.error_page(
                request, lang, "invalid_request_uri", "The request_uri is unknown, expired or foreign."
            )
        query = pushed
    params = clean_params(query)
    lang = choose_lang(request, (params or {}).get("ui_locales"))
    if params is None:
        message = "A request parameter is too long, or not printable ASCII."
        return rt.error_page(request, lang, "invalid_request", message)
    if not rt.keys.fresh:
        await rt.keys.ensure_loaded(session_of())
    client_id = params.get("client_id")  # authlib, inline below, is given this record
    client = (rt.clients.peek(client_id) if client_id else None) or await rt.clients.get(session_of(), client_id)
    cookie = request.cookies.get(SSO_COOKIE)
    sso = await store.load_sso_session(session_of(), cookie) if cookie else None
    prompts = set(params.get("prompt", "").split())
    max_age = _max_age(params)
    min_acr = requested_minimum_acr(params.get("acr_values"))
    usable = (
        sso is not None
        and "login" not in prompts
        and (not isinstance(max_age, int) or (max_age > 0 and int(time.time()) - sso.auth_time <= max_age))
        and acr_satisfies(sso.acr, min_acr)
    )
    req = rt.oauth_request(request, AUTHORIZE_PATH, query)
    try:
        rt.inline(RequestContext(client=client), rt.server.get_consent_grant, req, sso if usable else None)
    except OAuth2Error as error:
        if error.redirect_uri:
            return rt.error_redirect(req, error, after_post=request.method == "POST")
        # Unknown client or unregistered redirect_uri: never redirect (RFC 6749 §4.1.2.1), explain on a page.
        return rt.error_page(request, lang, error.error, error.description or error.error)
    assert client is not None  # authlib rejected unknown clients above
    if (problem := _extra_checks(params, query)) is not None:
        return rt.error_redirect(req, problem, after_post=request.method == "POST")
    params["scope"] = client.get_allowed_scope(params.get("scope"))

    if usable and sso is not None:
        session = session_of()
        _, claims = await load_claims(session, sso.account_id)  # the session's acr is what was proven
        user = AuthenticatedUser(sso.account_id, sso.sid, sso.acr, sso.auth_time, claims)
        if "consent" not in prompts and await consented(session, client, sso.account_id, params["scope"]):
            return await rt.authorization_response(request, session, params, user)
        if "none" in prompts:
            error = ConsentRequiredError(redirect_uri=params["redirect_uri"], state=params.get("state"))
            return rt.error_redirect(req, error, after_post=request.method == "POST")
        ix = rt.codec.start(client.client_id, params)
        ix.stage, ix.account_id, ix.acr, ix.auth_time = "consent", str(sso.account_id), sso.acr, sso.auth_time
        ix.claims, ix.sid = claims, sso.sid
        return consent_page(rt, request, lang, ix, client)

    if rt.config.is_dev and params.get("login_hint"):
        silent = await silent_login(rt, request, session_of(), params, client, req)
        if silent is not None:
            return silent
    ix = rt.codec.start(client.client_id, params)
    return login_page(rt, request, lang, ix, client)


async def consented(session: AsyncSession, client: ClientRecord, account_id: object, scope: str) -> bool:
    return client.skip_consent or await consents.has_consent(session, account_id, client.client_id, scope)  # type: ignore[arg-type]


def login_page(
    rt: OidcRuntime, request: Request, lang: str, ix: Interaction, client: ClientRecord, *,
    error: str | None = None, status: int = 200,
) -> Response:  # fmt: skip
    from identity.oidc.dev import persona_buttons

    context = {
        "iid": ix.iid, "csrf_token": rt.codec.csrf_token(ix.iid), "client_name": client.name, "error": error,
        "personas": persona_buttons(rt.config.seeds_dir) if rt.config.is_dev else [], "switch_next": None,
    }  # fmt: skip
    return render(request, "ekey/login.html.j2", lang, context, status=status, cookies=[rt.interaction_cookie(ix)])


def otp_page(
    rt: OidcRuntime, request: Request, lang: str, ix: Interaction, *, error: str | None = None, status: int = 200,
    extra_cookies: list | None = None,
) -> Response:  # fmt: skip
    from identity.oidc.dev import dev_totp_code

    context = {
        "iid": ix.iid, "csrf_token": rt.codec.csrf_token(ix.iid), "error": error, "switch_next": ix.cookie_path,
        "dev_code": dev_totp_code(rt.config.seeds_dir, (ix.claims or {}).get("cpr")) if rt.config.is_dev else None,
    }  # fmt: skip
    cookies = [rt.interaction_cookie(ix), *(extra_cookies or [])]
    return render(request, "ekey/otp.html.j2", lang, context, status=status, cookies=cookies)


def consent_page(
    rt: OidcRuntime, request: Request, lang: str, ix: Interaction, client: ClientRecord, *,
    extra_cookies: list | None = None,
) -> Response:  # fmt: skip
    context = {
        "iid": ix.iid, "csrf_token": rt.codec.csrf_token(ix.iid), "client_name": client.name,
        "scopes": ix.params.get("scope", "").split(), "switch_next": ix.cookie_path,
    }  # fmt: skip
    cookies = [rt.interaction_cookie(ix), *(extra_cookies or [])]
    return render(request, "ekey/consent.html.j2", lang, context, cookies=cookies)


async def silent_login(
    rt: OidcRuntime, request: Request, session: AsyncSession, params: dict[str, str], client: ClientRecord,
    req: OidcRequest,
) -> Response | None:  # fmt: skip
    """Dev profile only: `login_hint=<CPR>` signs that account in without pages (MockPass-style, for CI)."""
    from identity.oidc.dev import account_for_login_hint
    from identity.oidc.login import start_sso_session

    account_id = await account_for_login_hint(session, params["login_hint"])
    if account_id is None:
        return None
    acr, claims = await load_claims(session, account_id)
    if not acr_satisfies(acr, requested_minimum_acr(params.get("acr_values"))):
        return None  # fall back to the pages, which explain the level problem
    user, cookie = await start_sso_session(rt, session, account_id, acr, claims)
    return await rt.authorization_response(request, session, params, user, cookies=[cookie])
