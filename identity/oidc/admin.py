"""Admin API for relying parties: POST/GET /api/admin/oidc/clients (guard: identity.admin.requires_admin)."""

from __future__ import annotations

import msgspec
from litestar import Router, get, post
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy import select

from identity.admin import requires_admin
from identity.deps import DbSession
from identity.oidc.clients import ClientCreate, ClientCreated, ClientRegistrationError, create_client, is_client_id
from identity.oidc.models import OAuthClient


class ClientRegistration(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    name: str
    redirect_uris: list[str]
    auth_method: str = "client_secret_basic"
    jwks_uri: str | None = None
    jwks: dict | None = None
    id_token_alg: str = "ES256"
    post_logout_redirect_uris: list[str] = msgspec.field(default_factory=list)
    skip_consent: bool = False
    subject_type: str = "public"


class ClientRead(msgspec.Struct, kw_only=True):
    client_id: str
    name: str
    auth_method: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    jwks_uri: str | None
    id_token_alg: str
    skip_consent: bool
    subject_type: str


def _read(row: object) -> ClientRead:
    r = row._mapping  # type: ignore[attr-defined]
    return ClientRead(
        client_id=r["client_id"], name=r["name"], auth_method=r["auth_method"], redirect_uris=list(r["redirect_uris"]),
        post_logout_redirect_uris=list(r["post_logout_redirect_uris"] or []), jwks_uri=r["jwks_uri"],
        id_token_alg=r["id_token_alg"], skip_consent=r["skip_consent"], subject_type=r["subject_type"],
    )  # fmt: skip


@post("/", status_code=201)
async def register_client(data: JSONBody[ClientRegistration], db_session: DbSession) -> ClientCreated:
    try:
        return await create_client(db_session, msgspec.convert(msgspec.to_builtins(data), ClientCreate))
    except ClientRegistrationError as error:
        raise ClientException(detail=str(error), extra={"problem_type": "invalid-client-registration"}) from None


@get("/")
async def list_clients(db_session: DbSession) -> list[ClientRead]:
    table = OAuthClient.__table__
    return [_read(row) for row in (await db_session.execute(select(table).order_by(table.c.name))).all()]


@get("/{client_id:str}")
async def read_client(client_id: FromPath[str], db_session: DbSession) -> ClientRead:
    table = OAuthClient.__table__
    row = None
    if is_client_id(client_id):  # anything else names no client (and a NUL would fail PostgreSQL's query)
        row = (await db_session.execute(select(table).where(table.c.client_id == client_id))).first()
    if row is None:
        raise NotFoundException(detail=f"No client {client_id!r}.")
    return _read(row)


def admin_router() -> Router:
    return Router(
        path="/api/admin/oidc/clients",
        route_handlers=[register_client, list_clients, read_client],
        guards=[requires_admin],
        tags=["admin"],
    )
