"""Route handlers of the provider: glue only; each calls one step function.

The handlers take nothing but the request: the runtime is read from the app state, the interaction id from the
path, and the database from the app's providers: the password and TOTP steps, the token, revocation and
introspection endpoints and userinfo run one unit of work on the engine (``identity.units``), the others use the
request session (``request_session``). Litestar's dependency injection and parameter parsing cost ~10 % of a
sign-in round's CPU (with two injected dependencies it opened an anyio task group per request)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post, route
from litestar.params import FromPath, FromQuery
from litestar.status_codes import HTTP_200_OK

from identity.config import IdentityConfig
from identity.oidc import authorize as authorize_step
from identity.oidc import endpoints, login, par
from identity.oidc.admin import admin_router
from identity.oidc.forms import form_fields
from identity.oidc.runtime import provide_runtime, request_session

OIDC_OPT: dict[str, Any] = {"exclude_from_csrf": True}


def _query(request: Request) -> dict[str, list[str]]:
    return {k: [v for v in vals if isinstance(v, str)] for k, vals in request.query_params.dict().items()}


@get("/oidc/auth", include_in_schema=False)
async def authorization_endpoint(request: Request) -> Response:
    return await authorize_step.authorize(
        provide_runtime(request), request, lambda: request_session(request), _query(request)
    )


@post("/oidc/auth", include_in_schema=False, status_code=HTTP_200_OK)
async def authorization_endpoint_post(request: Request) -> Response:
    # OIDC Core §3.1.2.1: the authorization endpoint accepts form-encoded POST as well as GET.
    form = await form_fields(request)
    return await authorize_step.authorize(provide_runtime(request), request, lambda: request_session(request), form)


@get("/login/{iid:str}", include_in_schema=False)
async def current_step(request: Request) -> Response:
    oidc, db_session, iid = provide_runtime(request), request_session(request), request.path_params["iid"]
    return await login.show_step(oidc, request, db_session, iid)


@post("/login/{iid:str}", include_in_schema=False, status_code=HTTP_200_OK)
async def password_step(request: Request) -> Response:
    return await login.submit_password(provide_runtime(request), request, request.path_params["iid"])


@post("/login/{iid:str}/otp", include_in_schema=False, status_code=HTTP_200_OK)
async def otp_step(request: Request) -> Response:
    return await login.submit_otp(provide_runtime(request), request, request.path_params["iid"])


@post("/login/{iid:str}/consent", include_in_schema=False, status_code=HTTP_200_OK)
async def consent_step(request: Request) -> Response:
    oidc, db_session, iid = provide_runtime(request), request_session(request), request.path_params["iid"]
    return await login.submit_consent(oidc, request, db_session, iid)


@post("/oidc/token", include_in_schema=False, status_code=HTTP_200_OK)
async def token_endpoint(request: Request) -> Response:
    return await endpoints.authlib_endpoint(provide_runtime(request), request, "/oidc/token", "token")


@post("/oidc/par", include_in_schema=False, status_code=HTTP_200_OK)
async def par_endpoint(request: Request) -> Response:
    oidc, db_session = provide_runtime(request), request_session(request)
    return await par.push(oidc, request, db_session)


@post("/oidc/token/revocation", include_in_schema=False, status_code=HTTP_200_OK)
async def revocation_endpoint(request: Request) -> Response:
    return await endpoints.authlib_endpoint(provide_runtime(request), request, "/oidc/token/revocation", "revocation")


@post("/oidc/token/introspection", include_in_schema=False, status_code=HTTP_200_OK)
async def introspection_endpoint(request: Request) -> Response:
    return await endpoints.authlib_endpoint(
        provide_runtime(request), request, "/oidc/token/introspection", "introspection"
    )


@route("/oidc/me", http_method=["GET", "POST"], include_in_schema=False, status_code=HTTP_200_OK)
async def userinfo_endpoint(request: Request) -> Response:
    return await endpoints.userinfo(provide_runtime(request), request)


@get("/oidc/jwks", include_in_schema=False)
async def jwks_endpoint(request: Request) -> Response:
    oidc, db_session = provide_runtime(request), request_session(request)
    await oidc.keys.ensure_loaded(db_session)
    return Response(
        oidc.keys.jwks_json, media_type="application/jwk-set+json", headers={"Cache-Control": "public, max-age=300"}
    )


@get("/.well-known/openid-configuration", include_in_schema=False)
async def discovery_endpoint(request: Request) -> Response:
    metadata = provide_runtime(request).metadata
    return Response(metadata, media_type="application/json", headers={"Cache-Control": "public, max-age=3600"})


@get("/oidc/session/end", include_in_schema=False)
async def end_session_endpoint(request: Request) -> Response:
    oidc, db_session = provide_runtime(request), request_session(request)
    params = {k: v[0] for k, v in _query(request).items() if v}
    return await endpoints.end_session(oidc, request, db_session, params)


@post("/oidc/session/end/confirm", include_in_schema=False, status_code=HTTP_200_OK)
async def end_session_confirm(request: Request) -> Response:
    oidc, db_session = provide_runtime(request), request_session(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    return await endpoints.end_session(oidc, request, db_session, form)


@get("/lang/{lang:str}", include_in_schema=False)
async def language_switch(lang: FromPath[str], next: FromQuery[str | None] = None) -> Response:
    return endpoints.switch_language(lang, next)


def oidc_router(config: IdentityConfig) -> Router:
    return Router(
        path="/",
        route_handlers=[
            authorization_endpoint, authorization_endpoint_post, current_step, password_step, otp_step, consent_step,
            token_endpoint, revocation_endpoint, introspection_endpoint, par_endpoint, userinfo_endpoint, jwks_endpoint,
            discovery_endpoint, end_session_endpoint, end_session_confirm, language_switch, admin_router(),
        ],
        opt=OIDC_OPT,
    )  # fmt: skip
