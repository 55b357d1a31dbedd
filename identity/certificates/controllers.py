"""HTTP glue of the certificates API: issue, read, render, revoke, verify, trust list, status lists."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import anyio
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, Parameter
from sqlalchemy import select

from identity.certificates import qr, service, verifier
from identity.certificates.auth import Caller, certificate_caller, certificate_requester
from identity.certificates.keys import KeyRing
from identity.certificates.models import Certificate, CertificateRendering
from identity.certificates.schemas import CertificateLinks, CertificateRead, IssueRequest, VerifyRequest, VerifyResult
from identity.certificates.trustlist import kid_text
from identity.config import IdentityConfig
from identity.deps import ConfigDep, DbSession

API = "/api/v1/certificates"
RequesterDep = NamedDependency[service.Requester]
PRIVATE = {"Cache-Control": "private, no-store"}


def keyring(request: Request) -> KeyRing:
    """The worker's key ring, created on first use (no await in between, so one per worker)."""
    ring = request.app.state.get("certificate_keyring")
    if ring is None:
        config: IdentityConfig = request.app.state["identity_config"]
        ring = request.app.state["certificate_keyring"] = KeyRing(config.secret_key, config.issuer)
    return ring


def to_read(certificate: Certificate, issuer: str) -> CertificateRead:
    base = f"{issuer.rstrip('/')}{API}/{certificate.id}"
    return CertificateRead(
        id=certificate.id,
        serial=certificate.serial,
        type=certificate.doc_type,  # type: ignore[arg-type]
        status="valid" if certificate.status == 0 else "revoked",
        subject_cpr=certificate.subject_cpr,
        issued_at=certificate.issued_at,
        expires_at=certificate.expires_at,
        qr=certificate.qr_text,
        qr_version=certificate.qr_version,
        revoked_at=certificate.revoked_at,
        links=CertificateLinks(
            self=base,
            pdf=f"{base}/pdf",
            png=f"{base}/qr.png",
            svg=f"{base}/qr.svg",
            revoke=f"{base}/revoke",
            verify=f"{issuer.rstrip('/')}/verify",
        ),
    )


def to_result(verification: verifier.Verification) -> VerifyResult:
    return VerifyResult(
        status=verification.status,  # type: ignore[arg-type]
        detail=verification.detail,
        claims=verification.claims,
        kid=None if verification.kid is None else kid_text(verification.kid),
    )


class CertificateController(Controller):
    path = API
    tags = ["certificates"]
    dependencies = {"requester": Provide(certificate_requester)}

    @post("/", status_code=201, summary="Issue a QR-stamped certificate for the signed-in citizen")
    async def issue(
        self,
        data: JSONBody[IssueRequest],
        request: Request,
        requester: RequesterDep,
        db_session: DbSession,
        identity_config: ConfigDep,
    ) -> Response[CertificateRead]:
        certificate = await service.issue(
            db_session,
            keyring(request),
            identity_config.issuer,
            requester,
            data.type,
            data.subject_cpr,
            data.purpose,
            data.lang,
        )
        read = to_read(certificate, identity_config.issuer)
        return Response(read, status_code=201, headers={"Location": read.links.self})

    @get("/", summary="The signed-in citizen's certificates, newest first")
    async def list_mine(
        self, requester: RequesterDep, db_session: DbSession, identity_config: ConfigDep
    ) -> list[CertificateRead]:
        rows = await db_session.execute(
            select(Certificate)
            .where(Certificate.owner_account_id == requester.account_id)
            .order_by(Certificate.issued_at.desc())
            .limit(100)
        )
        return [to_read(c, identity_config.issuer) for c in rows.scalars()]

    @get("/{certificate_id:uuid}", summary="One of the signed-in citizen's certificates")
    async def read(
        self,
        certificate_id: FromPath[UUID],
        requester: RequesterDep,
        db_session: DbSession,
        identity_config: ConfigDep,
    ) -> CertificateRead:
        certificate = await service.owned_certificate(db_session, certificate_id, requester.account_id)
        return to_read(certificate, identity_config.issuer)

    @get("/{certificate_id:uuid}/pdf", summary="The printable A4 certificate (PDF)")
    async def pdf(
        self, certificate_id: FromPath[UUID], requester: RequesterDep, db_session: DbSession
    ) -> Response[bytes]:
        await service.owned_certificate(db_session, certificate_id, requester.account_id)
        rendering = await db_session.get(CertificateRendering, certificate_id)
        if rendering is None:
            raise NotFoundException(detail="This certificate has no stored PDF.")
        return Response(rendering.pdf, media_type="application/pdf", headers=PRIVATE)

    @get("/{certificate_id:uuid}/qr.png", summary="The QR code alone (PNG)")
    async def png(
        self, certificate_id: FromPath[UUID], requester: RequesterDep, db_session: DbSession
    ) -> Response[bytes]:
        certificate = await service.owned_certificate(db_session, certificate_id, requester.account_id)
        image = await anyio.to_thread.run_sync(lambda: qr.to_png(qr.encode(certificate.qr_text)))
        return Response(image, media_type="image/png", headers=PRIVATE)

    @get("/{certificate_id:uuid}/qr.svg", summary="The QR code alone (SVG)")
    async def svg(
        self, certificate_id: FromPath[UUID], requester: RequesterDep, db_session: DbSession
    ) -> Response[str]:
        certificate = await service.owned_certificate(db_session, certificate_id, requester.account_id)
        image = await anyio.to_thread.run_sync(lambda: qr.to_svg(qr.encode(certificate.qr_text)))
        return Response(image, media_type="image/svg+xml", headers=PRIVATE)


class RevocationController(Controller):
    """Separate from CertificateController: an admin token is accepted here, not only a citizen's access token."""

    path = API
    tags = ["certificates"]
    dependencies = {"caller": Provide(certificate_caller)}

    @post("/{certificate_id:uuid}/revoke", status_code=200, summary="Revoke a certificate (owner or admin)")
    async def revoke(
        self,
        certificate_id: FromPath[UUID],
        caller: NamedDependency[Caller],
        db_session: DbSession,
        identity_config: ConfigDep,
    ) -> CertificateRead:
        owner = None if caller.is_admin else caller.account_id
        certificate = await service.owned_certificate(db_session, certificate_id, owner)
        certificate = await service.revoke(db_session, certificate, "admin" if caller.is_admin else "owner")
        return to_read(certificate, identity_config.issuer)


@post(f"{API}/verify", status_code=200, tags=["certificates"], summary="Verify the text of a certificate QR code")
async def verify_certificate(
    data: JSONBody[VerifyRequest], request: Request, db_session: DbSession
) -> Response[VerifyResult]:
    verification = await service.verify_online(db_session, keyring(request), data.qr)
    # A malformed code is a bad request (4xx); every other verdict is a successful answer about a real code.
    status_code = 400 if verification.status == verifier.MALFORMED else 200
    return Response(to_result(verification), status_code=status_code, headers={"Cache-Control": "no-store"})


@get("/.well-known/bawaba-trust-list", tags=["certificates"], summary="Signed list of trusted certificate signers")
async def trust_list(request: Request, db_session: DbSession) -> Response[bytes]:
    ring = await service.ready(db_session, keyring(request))
    return Response(
        ring.trust_list.encode(), media_type="application/jose", headers={"Cache-Control": "public, max-age=3600"}
    )


@get("/sl/{list_id:int}", tags=["certificates"], summary="A Token Status List (JWT, or CWT by Accept)")
async def status_list(
    list_id: Annotated[int, Parameter(ge=1, le=1_000_000)],
    request: Request,
    db_session: DbSession,
    identity_config: ConfigDep,
) -> Response[bytes]:
    form = "cwt" if "application/statuslist+cwt" in request.headers.get("accept", "") else "jwt"
    token = await service.status_list_token(db_session, keyring(request), identity_config.issuer, list_id, form)
    return Response(
        token,
        media_type=f"application/statuslist+{form}",
        headers={"Cache-Control": f"public, max-age={service.STATUS_LIST_TTL}", "Vary": "Accept"},
    )
