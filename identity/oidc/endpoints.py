"""Back-channel and utility endpoints: token, userinfo, revocation, introspection, logout, language switch."""

from __future__ import annotations

from urllib.parse import urlencode

from joserfc import jwt
from joserfc.errors import JoseError
from litestar import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc import ratelimit, store
from identity.oidc.bearer import AccessPrincipal, BearerError, presented_token, principal_of
from identity.oidc.forms import form_fields, is_urlencoded
from identity.oidc.login import RATE_WINDOW_SECONDS, client_ip
from identity.oidc.pages import LANG_COOKIE, LANGS, STRINGS, FastCookie, choose_lang, render
from identity.oidc.responses import FastResponse
from identity.oidc.runtime import SSO_COOKIE, OidcRuntime, keys_ready, request_engine
from identity.oidc.scopes import claims_for_scope
from identity.oidc.server import OAuthResponse, RequestContext, serving
from identity.units import ConnectionUnit, run_unit

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def oauth_error(status: int, error: str, description: str, headers: dict | None = None) -> Response:
    return Response(
        {"error": error, "error_description": description}, status_code=status, headers={**NO_STORE, **(headers or {})}
    )


def _too_many() -> Response:
    return oauth_error(429, "temporarily_unavailable", "Too many requests; slow down.", {"Retry-After": "60"})


async def authlib_endpoint(rt: OidcRuntime, request: Request, path: str, name: str) -> Response:
    """POST /oidc/token, /oidc/token/revocation, /oidc/token/introspection through authlib's engine, run in the
    greenlet of the request's unit of work: the per-IP count, authlib's hooks and the commit share it."""
    key, limit = f"token:{client_ip(request)}", rt.config.token_rate_limit
    engine = request_engine(request)
    if not is_urlencoded(request):
        if await run_unit(engine, lambda unit: ratelimit.count_hit(unit.connection(), key, limit, RATE_WINDOW_SECONDS)):
            return _too_many()
        return oauth_error(400, "invalid_request", "The body must be application/x-www-form-urlencoded.")
    form = await form_fields(request)
    await keys_ready(rt, request)
    req = rt.oauth_request(request, path, {}, form)
    server = rt.server

    def counted_then_answered(unit: ConnectionUnit) -> OAuthResponse | None:
        if ratelimit.count_hit(unit.connection(), key, limit, RATE_WINDOW_SECONDS):
            unit.discard()  # a refusal: as before, the hit past the limit is not kept
            return None
        with serving(RequestContext(unit=unit)):
            result = (
                server.create_token_response(req) if name == "token" else server.create_endpoint_response(name, req)
            )
        if result.status >= 400:
            # The failed request's own changes are undone (a wrong verifier must not burn the code), but the
            # attempt still counts against the rate limit.
            unit.rollback()
            ratelimit.count_hit(unit.connection(), key, limit, RATE_WINDOW_SECONDS)
        return result

    result = await run_unit(engine, counted_then_answered)
    if result is None:
        return _too_many()
    headers = {**dict(result.headers), **NO_STORE}
    headers.pop("Content-Type", None)
    return FastResponse(result.body, status_code=result.status, headers=headers, media_type="application/json")


async def userinfo(rt: OidcRuntime, request: Request) -> Response:
    await keys_ready(rt, request)
    token = presented_token(request)

    def read(unit: ConnectionUnit) -> AccessPrincipal:
        return principal_of(rt, unit.connection(), token, ("openid",))

    try:
        # A read-only unit of work: one SELECT, in autocommit on PostgreSQL, no session and nothing to commit.
        principal = await run_unit(request_engine(request), read, read_only=True)
    except BearerError as error:
        return Response(
            {"error": error.error, "error_description": error.description}, status_code=error.status,
            headers={"WWW-Authenticate": error.www_authenticate, **NO_STORE},
        )  # fmt: skip
    return FastResponse(claims_for_scope(principal.claims, " ".join(principal.scopes)), headers=NO_STORE)


def _id_token_claims(rt: OidcRuntime, hint: str) -> dict | None:
    """Claims of an ID token this provider issued; expiry is not checked (RP-Initiated Logout §2)."""
    try:
        token = jwt.decode(hint, rt.keys.public, algorithms=["ES256", "RS256"])
    except (JoseError, ValueError, TypeError):
        return None
    claims = token.claims
    return claims if claims.get("iss") == rt.issuer and token.header.get("typ") != "at+jwt" else None


async def end_session(rt: OidcRuntime, request: Request, session: AsyncSession, params: dict[str, str]) -> Response:
    lang = choose_lang(request, params.get("ui_locales"))
    await rt.keys.ensure_loaded(session)
    claims = None
    if hint := params.get("id_token_hint"):
        claims = _id_token_claims(rt, hint)
        if claims is None:
            return rt.error_page(
                request, lang, "invalid_request", "id_token_hint is not an ID token from this provider."
            )
    aud = claims.get("aud") if claims else None
    client_id = params.get("client_id") or (aud[0] if isinstance(aud, list) and aud else aud)
    target = params.get("post_logout_redirect_uri")
    if target:
        client = await rt.clients.get(session, client_id) if isinstance(client_id, str) else None
        if client is None or target not in client.post_logout_redirect_uris:
            return rt.error_page(request, lang, "invalid_request", "post_logout_redirect_uri is not registered.")
    cookie = request.cookies.get(SSO_COOKIE)
    if claims is None and request.method == "GET":
        if not cookie:
            return render(request, "ekey/logout.html.j2", lang, {"done": True})
        context = {
            "done": False, "csrf_token": rt.codec.session_csrf_token(cookie),
            "post_logout_redirect_uri": target if client_id else None, "state": params.get("state"),
        }  # fmt: skip
        return render(request, "ekey/logout.html.j2", lang, context)
    if claims is None and not rt.codec.check_session_csrf(cookie, params.get("csrf_token")):
        return rt.error_page(request, lang, "csrf", STRINGS[lang]["csrf"], status=403)
    current = await store.load_sso_session(session, cookie)
    if current is not None:
        await store.end_sso_session(session, id_hash=current.id_hash)
    if claims is not None and isinstance(claims.get("sid"), str) and (current is None or current.sid != claims["sid"]):
        await store.end_sso_session(session, sid=claims["sid"])
    cookies = [rt.sso_cookie("", clear=True)]
    if target and client_id:
        location = target + ("&" if "?" in target else "?") + urlencode({"state": params["state"]}) if params.get(
            "state") else target  # fmt: skip
        return Response(b"", status_code=303, headers={"Location": location, **NO_STORE}, cookies=cookies)
    return render(request, "ekey/logout.html.j2", lang, {"done": True}, cookies=cookies)


def switch_language(lang: str, next_path: str | None) -> Response:

    target = next_path if next_path and next_path.startswith("/") and not next_path.startswith(("//", "/\\")) else "/"
    if lang not in LANGS:
        lang = "ar"
    cookie = FastCookie(key=LANG_COOKIE, value=lang, path="/", max_age=365 * 86400, samesite="lax", httponly=True)
    return Response(b"", status_code=303, headers={"Location": target}, cookies=[cookie])
