"""Relying-party registry: registration rules, the frozen client snapshot authlib sees, and a short-lived cache.

Clients are read on every authorize and token request. Each worker keeps a snapshot for CLIENT_CACHE_SECONDS:
a new client is found at once (a miss goes to the database); a changed or deleted one is seen within that time.
"""

from __future__ import annotations

import datetime
import re
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import msgspec
from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.crypto import constant_time_equal, sha256_hex
from identity.oidc.models import OAuthClient
from identity.oidc.scopes import allowed_scope
from identity.oidc.subjects import SUBJECT_TYPES, sectors
from identity.prepared import Prepared

AUTH_METHODS = ("client_secret_basic", "client_secret_post", "private_key_jwt", "none")
ID_TOKEN_ALGS = ("ES256", "RS256")
CLIENT_CACHE_SECONDS = 10.0
# eKey 2.0 client ids look like 21-character nanoids (identity.md §2).
_NANOID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
# Ids pinned by seeds and the CLI may use the other unreserved URI characters too (RFC 3986 §2.3). A presented id
# outside this set names no client and is never sent to the database (PostgreSQL refuses a NUL in text: a 500).
_CLIENT_ID = re.compile(r"[A-Za-z0-9._~-]{1,64}")


def is_client_id(value: str) -> bool:
    return _CLIENT_ID.fullmatch(value) is not None


class ClientRegistrationError(ValueError):
    """A registration request that breaks a rule; the message names the field."""


class ClientCreate(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: str
    redirect_uris: list[str]
    auth_method: str = "client_secret_basic"
    jwks_uri: str | None = None
    jwks: dict | None = None
    id_token_alg: str = "ES256"
    post_logout_redirect_uris: list[str] = msgspec.field(default_factory=list)
    skip_consent: bool = False
    subject_type: str = "public"  # or "pairwise" (OIDC Core §8): a different sub for each sector
    # Seeds pin their ids (and dev secrets) so demo relying parties survive a reseed; the API leaves both unset.
    client_id: str | None = None
    client_secret: str | None = None


class ClientCreated(msgspec.Struct, kw_only=True):
    client_id: str
    client_secret: str | None
    name: str
    auth_method: str
    redirect_uris: list[str]
    id_token_alg: str
    subject_type: str = "public"


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """Everything authlib asks of a client (authlib's ClientMixin), with nothing to lazy-load in a worker thread."""

    client_id: str
    name: str
    secret_hash: str | None
    auth_method: str
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...]
    jwks_uri: str | None
    jwks: dict | None
    id_token_signed_response_alg: str
    skip_consent: bool
    subject_type: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        # Never guess: OpenID Connect requires redirect_uri in every authorization request.
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        return allowed_scope(scope)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        # Exact string comparison (RFC 9700 §4.1.3): no prefix, no normalisation.
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret_hash is not None and constant_time_equal(sha256_hex(client_secret), self.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")

    @property
    def is_public(self) -> bool:
        return self.auth_method == "none"


def _record(row: object) -> ClientRecord:
    return ClientRecord(
        client_id=row.client_id,  # type: ignore[attr-defined]
        name=row.name,  # type: ignore[attr-defined]
        secret_hash=row.secret_hash,  # type: ignore[attr-defined]
        auth_method=row.auth_method,  # type: ignore[attr-defined]
        redirect_uris=tuple(row.redirect_uris),  # type: ignore[attr-defined]
        post_logout_redirect_uris=tuple(row.post_logout_redirect_uris or ()),  # type: ignore[attr-defined]
        jwks_uri=row.jwks_uri,  # type: ignore[attr-defined]
        jwks=row.jwks,  # type: ignore[attr-defined]
        id_token_signed_response_alg=row.id_token_alg,  # type: ignore[attr-defined]
        skip_consent=row.skip_consent,  # type: ignore[attr-defined]
        subject_type=row.subject_type,  # type: ignore[attr-defined]
    )


_CLIENTS = OAuthClient.__table__
_CLIENT_BY_ID = Prepared(select(_CLIENTS).where(_CLIENTS.c.client_id == bindparam("p_client_id")))


class ClientCache:
    def __init__(self, ttl: float = CLIENT_CACHE_SECONDS) -> None:
        self.ttl = ttl  # seconds a looked-up client is reused before it is read again
        self._entries: dict[str, tuple[float, ClientRecord]] = {}

    def peek(self, client_id: str) -> ClientRecord | None:
        entry = self._entries.get(client_id)
        if entry is not None and time.monotonic() - entry[0] < self.ttl:
            return entry[1]
        return None

    async def get(self, session: AsyncSession, client_id: str | None) -> ClientRecord | None:
        """``get_on`` in the request's session; a cached client needs no greenlet."""
        cached = self.peek(client_id) if client_id else None
        if cached is not None or not client_id or not is_client_id(client_id):
            return cached
        return await session.run_sync(lambda sync: self.get_on(sync.connection(), client_id))

    def get_on(self, conn: Connection, client_id: str | None) -> ClientRecord | None:
        """``get`` on a sync connection (inside a unit of work or ``AsyncSession.run_sync``)."""
        if not client_id or not is_client_id(client_id):
            return None
        cached = self.peek(client_id)
        if cached is not None:
            return cached
        row = _CLIENT_BY_ID.execute(conn, {"p_client_id": client_id}).first()
        if row is None:
            return None
        record = _record(row)
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[client_id] = (time.monotonic(), record)
        return record


def check_redirect_uri_registration(uri: str) -> None:
    parts = urlsplit(uri)
    if parts.fragment or "#" in uri:
        raise ClientRegistrationError(f"redirect_uri {uri!r} must not contain a fragment")
    if parts.scheme == "https" and parts.netloc:
        return
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"):
        return
    # Private-use schemes of native apps (RFC 8252 §7.1): reverse-domain names such as bh.gov.app:/callback.
    if parts.scheme and "." in parts.scheme and parts.scheme not in ("http", "https"):
        return
    raise ClientRegistrationError(
        f"redirect_uri {uri!r} must be https, http on a loopback address, or an app scheme like bh.gov.app:/cb"
    )


def validate_registration(data: ClientCreate) -> None:
    if data.client_id is not None and not is_client_id(data.client_id):
        raise ClientRegistrationError("client_id must be 1-64 letters, digits and . _ ~ -")
    if not data.name.strip() or len(data.name) > 200 or not data.name.isprintable():
        raise ClientRegistrationError("name must be 1-200 printable characters")
    if not data.redirect_uris:
        raise ClientRegistrationError("at least one redirect_uri is required")
    for uri in [*data.redirect_uris, *data.post_logout_redirect_uris]:
        if len(uri) > 500:
            raise ClientRegistrationError("redirect URIs are limited to 500 characters")
        if not (uri.isascii() and uri.isprintable()):
            raise ClientRegistrationError("redirect URIs must be printable ASCII (percent-encode anything else)")
        check_redirect_uri_registration(uri)
    if data.auth_method not in AUTH_METHODS:
        raise ClientRegistrationError(f"auth_method must be one of {', '.join(AUTH_METHODS)}")
    if data.id_token_alg not in ID_TOKEN_ALGS:
        raise ClientRegistrationError(f"id_token_alg must be one of {', '.join(ID_TOKEN_ALGS)}")
    if data.auth_method == "private_key_jwt" and not (data.jwks_uri or data.jwks):
        raise ClientRegistrationError("private_key_jwt needs jwks_uri (or an inline jwks)")
    if data.jwks_uri is not None and urlsplit(data.jwks_uri).scheme not in ("https", "http"):
        raise ClientRegistrationError("jwks_uri must be an http(s) URL")
    if data.jwks is not None and not isinstance(data.jwks.get("keys"), list):
        raise ClientRegistrationError('jwks must be a JWK set: {"keys": [...]}')
    if data.subject_type not in SUBJECT_TYPES:
        raise ClientRegistrationError(f"subject_type must be one of {', '.join(SUBJECT_TYPES)}")
    if data.subject_type == "pairwise" and len(sectors(data.redirect_uris)) > 1:
        raise ClientRegistrationError(
            "a pairwise client's redirect_uris must share one host (its sector identifier, OIDC Core §8.1)"
        )


def new_client_id() -> str:
    return "".join(secrets.choice(_NANOID_ALPHABET) for _ in range(21))


async def create_client(session: AsyncSession, data: ClientCreate) -> ClientCreated:
    """Register a relying party; the plain secret is returned once and only its hash is stored."""
    validate_registration(data)
    client_id = data.client_id or new_client_id()
    secret = (
        None if data.auth_method in ("none", "private_key_jwt") else (data.client_secret or secrets.token_urlsafe(32))
    )
    await session.execute(
        insert(OAuthClient.__table__).values(
            client_id=client_id,
            name=data.name.strip(),
            secret_hash=sha256_hex(secret) if secret else None,
            auth_method=data.auth_method,
            redirect_uris=list(data.redirect_uris),
            post_logout_redirect_uris=list(data.post_logout_redirect_uris),
            jwks_uri=data.jwks_uri,
            jwks=data.jwks,
            id_token_alg=data.id_token_alg,
            skip_consent=data.skip_consent,
            subject_type=data.subject_type,
            created_at=datetime.datetime.now(datetime.UTC),
        )
    )
    return ClientCreated(
        client_id=client_id,
        client_secret=secret,
        name=data.name.strip(),
        auth_method=data.auth_method,
        redirect_uris=list(data.redirect_uris),
        id_token_alg=data.id_token_alg,
        subject_type=data.subject_type,
    )


async def client_exists(session: AsyncSession, client_id: str) -> bool:
    table = OAuthClient.__table__
    return (await session.execute(select(table.c.client_id).where(table.c.client_id == client_id))).first() is not None
