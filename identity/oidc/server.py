"""authlib's AuthorizationServer adapted to Litestar (style.md §3).

authlib is synchronous and Litestar's request body is async, so a handler first reads method, URL, headers,
query and form into an ``OidcRequest`` snapshot, then runs the grant engine. Validation and code issuance run
inline (~0.1 ms, no database); the token, revocation and introspection endpoints run the engine in the greenlet
of their unit of work (``identity.units``) on the event loop, whose database hooks run synchronous statements on
the unit's connection (``on_unit``; a context variable carries the unit). A worker thread was tried first
(style.md §3): its hand-offs (to_thread, then from_thread per query) cost more CPU than the ~0.3 ms of ES256
signing they would keep off the loop.
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.requests import OAuth2Payload
from authlib.oauth2.rfc9207 import IssuerParameter
from sqlalchemy.util.concurrency import in_greenlet

from identity.oidc.clients import ClientCache, ClientRecord
from identity.units import Unit

T = TypeVar("T")


@dataclass
class RequestContext:
    """What authlib's hooks may use while they serve one request (``serving``): where its database work runs and
    per-request extras."""

    # Where authlib's storage hooks run (``on_unit``): the request's unit of work, or the sync side of its session
    # (PAR). None for inline validation and code issuance, which touch no database.
    unit: Unit | None = None
    ip: str = ""
    pending_grant: dict | None = None
    # True while authlib runs inline on the event loop: the handler has already looked the client up, and
    # ``client`` is what it found (None: unknown). authlib is answered with that record, not with a second cache
    # look-up: the cache entry may have expired in between, and a sign-in would fail with invalid_client.
    inline: bool = False
    client: ClientRecord | None = None
    extras: dict[str, Any] = field(default_factory=dict)


CURRENT: contextvars.ContextVar[RequestContext] = contextvars.ContextVar("bawaba_oidc_request")


@contextmanager
def serving(ctx: RequestContext) -> Iterator[RequestContext]:
    """``ctx`` is what authlib's hooks see (``CURRENT``) until the block ends."""
    token = CURRENT.set(ctx)
    try:
        yield ctx
    finally:
        CURRENT.reset(token)


def on_unit(func: Callable[..., T], *args: Any) -> T:
    """Run a synchronous storage function on the request's unit of work from inside authlib's engine.

    The engine runs in a greenlet on the event loop (the token endpoint's ``run_unit``, or
    ``OidcRuntime.in_greenlet`` with the sync side of a request session as the unit): its statements run on the
    unit's connection without any further hand-off.
    """
    if not in_greenlet():
        raise RuntimeError("a database hook was reached outside a greenlet")
    unit = CURRENT.get().unit
    if unit is None:
        raise RuntimeError("a database hook was reached in a context without a database")
    return func(unit, *args)


class OidcPayload(OAuth2Payload):
    def __init__(self, datalist: Mapping[str, list[str]]) -> None:
        self._datalist: defaultdict[str, list] = defaultdict(list, {k: list(v) for k, v in datalist.items()})
        self._data = {k: v[0] for k, v in datalist.items() if v}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list]:
        return self._datalist


class OidcRequest(OAuth2Request):
    """An immutable snapshot of the HTTP request, built on the event loop before authlib sees it."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        query: Mapping[str, list[str]] | None = None,
        form: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(method, uri, headers=dict(headers))
        self._args = {k: v[0] for k, v in (query or {}).items() if v}
        self._form = {k: v[0] for k, v in (form or {}).items() if v}
        merged: dict[str, list[str]] = {}
        for source in (query or {}, form or {}):
            for key, values in source.items():
                merged.setdefault(key, []).extend(values)
        self.payload = OidcPayload(merged)

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass
class OAuthResponse:
    """authlib's (status, body, headers), with a mutable location so the RFC 9207 extension can add `iss`."""

    status: int
    body: Any
    headers: list[tuple[str, str]]

    @property
    def location(self) -> str | None:
        return next((v for k, v in self.headers if k.lower() == "location"), None)

    @location.setter
    def location(self, value: str) -> None:
        self.headers = [(k, v) for k, v in self.headers if k.lower() != "location"] + [("Location", value)]


class Issuer(IssuerParameter):
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def get_issuer(self) -> str:
        return self.issuer


class LitestarAuthorizationServer(AuthorizationServer):
    def __init__(self, issuer: str, clients: ClientCache) -> None:
        super().__init__(scopes_supported=None)
        self.issuer = issuer
        self.clients = clients
        self.register_extension(Issuer(issuer))

    def query_client(self, client_id: str) -> ClientRecord | None:
        if not client_id or not isinstance(client_id, str):
            return None
        ctx = CURRENT.get()
        if ctx.inline:
            pinned = ctx.client
            return pinned if pinned is not None and pinned.client_id == client_id else None
        cached = self.clients.peek(client_id)
        if cached is not None:
            return cached
        return on_unit(lambda unit: self.clients.get_on(unit.connection(), client_id))

    def save_token(self, token: dict, request: OAuth2Request) -> None:
        # Nothing to write: the refresh token was stored by the same UPDATE that consumed the code or rotated the
        # previous refresh token, and access tokens are self-contained JWTs checked against their grant.
        return None

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
        return request

    def handle_response(self, status: int, body: Any, headers: list) -> OAuthResponse:
        return OAuthResponse(status, body, list(headers))
