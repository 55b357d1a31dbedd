"""One OidcRuntime per app: the authlib server, keys, client cache, interaction codec and the shared helpers of
the authorization and sign-in handlers (snapshots in, Litestar responses out)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from litestar import Request, Response
from litestar.datastructures import Cookie
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.util import greenlet_spawn

from identity.config import IdentityConfig
from identity.oidc import store
from identity.oidc.clients import ClientCache, ClientRecord
from identity.oidc.discovery import provider_metadata
from identity.oidc.grants import build_server
from identity.oidc.identity_port import AuthenticatedUser
from identity.oidc.interaction import COOKIE_PREFIX, Interaction, InteractionCodec
from identity.oidc.keys import KeyRing
from identity.oidc.pages import PAGE_HEADERS, FastCookie, render
from identity.oidc.responses import FastResponse
from identity.oidc.server import LitestarAuthorizationServer, OAuthResponse, OidcRequest, RequestContext, serving
from identity.oidc.subjects import SubjectMinter
from identity.oidc.tokens import TokenPolicy

T = TypeVar("T")
SSO_COOKIE = "bawaba_sso"
AUTHORIZE_PATH = "/oidc/auth"
# Parameters kept from an authorization request; anything else is dropped before it is sealed into a cookie.
KEPT_PARAMS = (
    "response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
    "code_challenge_method", "prompt", "max_age", "acr_values", "login_hint", "ui_locales", "response_mode",
)  # fmt: skip
MAX_PARAM_LENGTH = 1024
# Printable ASCII (VSCHAR, %x20-7E) by RFC 6749 Appendix A. authlib quotes response_type and redirect_uri in its
# error descriptions and refuses to build one from anything else (a ValueError, so a 500); a bad client_id or
# redirect_uri is never answered with a redirect anyway. Other parameters stay as lenient as authlib is.
ASCII_PARAMS = frozenset({"response_type", "client_id", "redirect_uri"})


class OidcRuntime:
    def __init__(self, config: IdentityConfig) -> None:
        self.config = config
        self.issuer = config.issuer
        self.keys = KeyRing(config.secret_key)
        self.clients = ClientCache()
        self.policy = TokenPolicy(
            issuer=config.issuer, audience=config.issuer, access_ttl=config.access_token_ttl,
            id_token_ttl=config.id_token_ttl,
        )  # fmt: skip
        self.server = build_server(
            LitestarAuthorizationServer(config.issuer, self.clients), self.keys, self.policy,
            code_ttl=config.code_ttl, refresh_ttl=config.refresh_token_ttl,
            subjects=SubjectMinter(config.secret_key),
        )  # fmt: skip
        self.codec = InteractionCodec(config.secret_key, config.interaction_ttl)
        self.metadata = provider_metadata(config.issuer)

    # --- authlib bridge --------------------------------------------------------------------------------------

    def oauth_request(
        self, request: Request, path: str, query: dict[str, list[str]], form: dict[str, list[str]] | None = None
    ) -> OidcRequest:
        headers = {}
        # Stripped: authlib's Basic parser fails (a ValueError, so a 500) on a scheme followed only by spaces.
        if authorization := request.headers.get("authorization", "").strip():
            headers["Authorization"] = authorization
        return OidcRequest(request.method, self.issuer + path, headers, query=query, form=form)

    def inline(self, ctx: RequestContext, func: Callable[..., T], *args: Any) -> T:
        """Run a step of authlib's engine on the event loop: for authorization-request validation and code
        issuance, which take ~0.1 ms of CPU and touch no database (the caller looked the client up and put it in
        ``ctx.client``; it inserts the new grant itself), a worker-thread round trip would cost more than the work."""
        ctx.inline = True
        with serving(ctx):
            return func(*args)

    async def in_greenlet(self, ctx: RequestContext, func: Callable[..., T], *args: Any) -> T:
        """Run authlib's synchronous engine in a greenlet, where its database hooks run on ``ctx.unit``
        (``server.on_unit``): PAR's client authentication, on the sync side of the request session."""
        with serving(ctx):
            return await greenlet_spawn(func, *args)

    # --- responses -------------------------------------------------------------------------------------------

    def to_response(self, result: OAuthResponse, *, after_post: bool, cookies: list[Cookie] | None = None) -> Response:
        headers = dict(result.headers)
        status = result.status
        if status == 302 and after_post:
            status = 303  # RFC 9700 §4.11: never let a browser re-POST credentials to the client
        body = result.body if status >= 400 or result.body else b""
        headers.setdefault("Cache-Control", "no-store")
        return FastResponse(body, status_code=status, headers=headers, cookies=cookies or [])

    def error_redirect(self, req: OidcRequest, error: OAuth2Error, *, after_post: bool) -> Response:
        result = self.server.handle_error_response(req, error)
        if result.location:
            result.location = add_params_to_uri(result.location, {"iss": self.issuer})  # RFC 9207, errors too
        return self.to_response(result, after_post=after_post)

    def error_page(
        self, request: Request, lang: str, code: str, message: str, *, status: int = 400, return_to: str | None = None
    ) -> Response:
        return render(
            request, "ekey/error.html.j2", lang, {"error_code": code, "message": message, "return_to": return_to},
            status=status,
        )  # fmt: skip

    # --- interaction cookie ----------------------------------------------------------------------------------

    def interaction_cookie(self, ix: Interaction, *, clear: bool = False) -> Cookie:
        return FastCookie(
            key=COOKIE_PREFIX, value="" if clear else self.codec.encode(ix), path=ix.cookie_path,
            max_age=0 if clear else self.codec.ttl, httponly=True, secure=self.config.cookie_secure, samesite="lax",
        )  # fmt: skip

    def read_interaction(self, request: Request, iid: str) -> Interaction | None:
        return self.codec.decode(request.cookies.get(COOKIE_PREFIX), iid)

    def sso_cookie(self, value: str, *, clear: bool = False) -> Cookie:
        return FastCookie(
            key=SSO_COOKIE, value="" if clear else value, path="/", max_age=0 if clear else self.config.session_ttl,
            httponly=True, secure=self.config.cookie_secure, samesite="lax",
        )  # fmt: skip

    # --- issuing the authorization response ------------------------------------------------------------------

    def request_from_params(self, request: Request, params: dict[str, str]) -> OidcRequest:
        return self.oauth_request(request, AUTHORIZE_PATH, {k: [v] for k, v in params.items()})

    async def authorization_response(
        self,
        request: Request,
        session: AsyncSession,
        params: dict[str, str],
        user: AuthenticatedUser | None,
        *,
        cookies: list[Cookie] | None = None,
    ) -> Response:
        """Issue a code (or access_denied when ``user`` is None) and redirect back to the relying party."""
        client = await self.clients.get(session, params.get("client_id"))  # no DB access inside authlib
        return await session.run_sync(
            lambda sync: self.issue_code(sync.connection(), request, params, user, client, cookies=cookies)
        )

    def issue_code(
        self,
        conn: Connection,
        request: Request,
        params: dict[str, str],
        user: AuthenticatedUser | None,
        client: ClientRecord | None,
        *,
        cookies: list[Cookie] | None = None,
    ) -> Response:
        """``authorization_response`` on a sync connection (a unit of work, or ``AsyncSession.run_sync``), for the
        client the caller looked up: authlib decides, touching no database, and the new grant is inserted on
        ``conn``."""
        req = self.request_from_params(request, params)
        ctx = RequestContext(client=client)
        server = self.server

        def respond() -> OAuthResponse:
            grant = server.get_consent_grant(req, end_user=user)
            return server.create_authorization_response(req, grant_user=user, grant=grant)

        try:
            result = self.inline(ctx, respond)
        except OAuth2Error as error:
            return self.error_redirect(req, error, after_post=request.method == "POST")
        if ctx.pending_grant is not None:
            store.insert_grant(conn, ctx.pending_grant)
        return self.to_response(result, after_post=request.method == "POST", cookies=cookies)

    def access_denied_url(self, params: dict[str, str], error: str, description: str) -> str:
        query = {"error": error, "error_description": description, "iss": self.issuer}
        if params.get("state"):
            query["state"] = params["state"]
        sep = "&" if "?" in params["redirect_uri"] else "?"
        return params["redirect_uri"] + sep + urlencode(query)


RUNTIME_STATE_KEY = "oidc_runtime"


def provide_runtime(request: Request) -> OidcRuntime:
    """One runtime per app (its key ring, client cache and authlib server), created on first use."""
    state = request.app.state
    runtime = state.get(RUNTIME_STATE_KEY)
    if runtime is None:
        runtime = OidcRuntime(state["identity_config"])
        state[RUNTIME_STATE_KEY] = runtime
    return runtime


def request_session(request: Request) -> AsyncSession:
    """The request's database session, from the app's ``db_session`` provider (registered by the composition root),
    called directly: resolving it through Litestar's dependency injection, with the signature model it needs,
    cost ~0.1 ms per request. The provider stores the session in the scope, so the root's commit-or-rollback
    sees it as usual."""
    provide = request.app.dependencies["db_session"]
    return provide.dependency(state=request.app.state, scope=request.scope)  # type: ignore[no-any-return]


def request_engine(request: Request) -> AsyncEngine:
    """The app's engine, from the composition root's ``db_engine`` provider: the sign-in steps, the token
    endpoint and userinfo run their work as one unit on it (``identity.units``) instead of a request session."""
    return request.app.dependencies["db_engine"].dependency(state=request.app.state)  # type: ignore[no-any-return]


async def keys_ready(rt: OidcRuntime, request: Request) -> None:
    """Signing keys loaded; a request session is opened only when they must be (re)read, which is rare."""
    if not rt.keys.fresh:
        await rt.keys.ensure_loaded(request_session(request))


def clean_params(query: dict[str, list[str]]) -> dict[str, str] | None:
    """Single-valued, bounded copy of the parameters Bawaba uses; None when one is oversized, or when one the
    specifications define as printable ASCII holds anything else."""
    params: dict[str, str] = {}
    for key in KEPT_PARAMS:
        values = query.get(key)
        if values:
            value = values[0]
            if len(value) > MAX_PARAM_LENGTH or (key in ASCII_PARAMS and not _printable_ascii(value)):
                return None
            params[key] = value
    return params


def _printable_ascii(value: str) -> bool:
    return value.isascii() and value.isprintable()


__all__ = ("PAGE_HEADERS", "OidcRuntime", "clean_params")
