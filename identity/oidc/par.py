"""Pushed authorization requests (RFC 9126): the relying party posts its parameters first, authenticated.

The returned request_uri carries the validated parameters sealed (AES-GCM, 60 s) rather than a database key: no
write, and every worker can open it. RFC 9126 §4 allows a request_uri to be used more than once (a reload).
"""

from __future__ import annotations

import time

import msgspec
from authlib.oauth2 import OAuth2Error
from litestar import Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.crypto import Sealer, b64url, b64url_decode, derive_key
from identity.oidc.forms import form_fields
from identity.oidc.grants import CLIENT_AUTH_METHODS
from identity.oidc.runtime import AUTHORIZE_PATH, OidcRuntime, clean_params
from identity.oidc.server import RequestContext

PREFIX = "urn:ietf:params:oauth:request_uri:"
PAR_TTL = 60


class Pushed(msgspec.Struct):
    client_id: str
    params: dict[str, str]
    exp: int


def _sealer(rt: OidcRuntime) -> Sealer:
    return Sealer(derive_key(rt.config.secret_key, "par"), "par")


async def push(rt: OidcRuntime, request: Request, session: AsyncSession) -> Response:
    from identity.oidc.endpoints import NO_STORE, oauth_error

    form = await form_fields(request)
    req = rt.oauth_request(request, "/oidc/par", {}, form)
    ctx = RequestContext(unit=session.sync_session)
    try:
        client = await rt.in_greenlet(ctx, rt.server.authenticate_client, req, CLIENT_AUTH_METHODS, "par")
    except OAuth2Error as error:
        return oauth_error(error.status_code or 401, error.error, error.description or "client authentication failed")
    params = clean_params(form)
    if params is None or "request_uri" in form:
        message = "A parameter is too long or not printable ASCII, or a request_uri was pushed."
        return oauth_error(400, "invalid_request", message)
    if params.get("client_id", client.client_id) != client.client_id:
        return oauth_error(400, "invalid_request", "client_id differs from the authenticated client.")
    params["client_id"] = client.client_id
    check = rt.oauth_request(request, AUTHORIZE_PATH, {k: [v] for k, v in params.items()})
    try:
        rt.inline(RequestContext(client=client), rt.server.get_consent_grant, check, None)
    except OAuth2Error as error:
        if error.error != "login_required":  # prompt=none is judged when the browser arrives
            return oauth_error(400, error.error, error.description or error.error)
    sealed = _sealer(rt).seal(msgspec.json.encode(Pushed(client.client_id, params, int(time.time()) + PAR_TTL)))
    return Response({"request_uri": PREFIX + b64url(sealed), "expires_in": PAR_TTL}, status_code=201, headers=NO_STORE)


def unpack(rt: OidcRuntime, query: dict[str, list[str]]) -> dict[str, list[str]] | None:
    """The pushed parameters behind request_uri, or None when it is not ours, expired, or for another client."""
    uri = (query.get("request_uri") or [""])[0]
    if not uri.startswith(PREFIX) or len(uri) > 8000:
        return None
    try:
        opened = _sealer(rt).open(b64url_decode(uri[len(PREFIX) :]))
        pushed = msgspec.json.decode(opened, type=Pushed) if opened else None
    except (ValueError, msgspec.DecodeError):
        return None
    if pushed is None or pushed.exp < time.time() or (query.get("client_id") or [""])[0] != pushed.client_id:
        return None
    return {k: [v] for k, v in pushed.params.items()}
