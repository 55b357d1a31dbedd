"""A crash right after a certificate is acknowledged loses nothing: the issuing process is SIGKILLed the moment
`service.issue` returns (what precedes the 201), and a fresh connection finds the certificate and its PDF."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from sqlalchemy import select

from identity.certificates.models import Certificate, CertificateRendering
from tests.conftest import PROJECT_ROOT

CHILD = textwrap.dedent(
    """
    import asyncio, os, signal, sys, uuid
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
    from bawaba.db import configure_engine
    from identity.certificates import service
    from identity.certificates.keys import KeyRing

    async def main(url, secret, issuer, cpr):
        engine = configure_engine(create_async_engine(url))
        session_maker = async_sessionmaker(engine, expire_on_commit=False)
        requester = service.Requester(account_id=uuid.uuid4(), cpr=cpr, level="standard")
        async with session_maker() as session:
            certificate = await service.issue(session, KeyRing(secret, issuer), issuer, requester,
                                              "id-card-statement", None, None, "en")
        print(certificate.serial, flush=True)   # the acknowledgement ...
        os.kill(os.getpid(), signal.SIGKILL)     # ... and the crash, before any orderly shutdown

    asyncio.run(main(*sys.argv[1:5]))
    """
)


async def test_acknowledged_certificate_survives_a_kill(settings, session_maker, make_person) -> None:
    person = await make_person(account=False)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, settings.database_url, settings.secret_key, settings.issuer, person.cpr],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == -9, child.stderr  # killed, not exited
    serial = child.stdout.strip()
    assert serial.startswith("IDCS-"), child.stderr
    async with session_maker() as session:
        certificate = (await session.execute(select(Certificate).where(Certificate.serial == serial))).scalar_one()
        rendering = await session.get(CertificateRendering, certificate.id)
    assert certificate.subject_cpr == person.cpr and certificate.status == 0
    assert rendering is not None and rendering.pdf.startswith(b"%PDF")
