"""Certificates benchmark: CPU per issuance end to end and per verification, and the QR writers compared.

In-process, on a freshly migrated and seeded database (SQLite by default, PostgreSQL with --postgres):

- issuance: `service.issue` exactly as POST /api/v1/certificates runs it after authentication: register
  lookup, status-slot allocation, CWT -> COSE_Sign1 (ES256) -> zlib -> base45, zxing-cpp QR, PNG, SVG, A4 PDF
  (reportlab, vector QR, shaped Arabic), INSERT + COMMIT; a new session per certificate;
- verification: the pure pipeline (`verifier.verify_text` with a status list, what an offline verifier does)
  and `service.verify_online` (the same plus the register query, what POST .../verify does);
- the parts: sign+encode, QR symbol, PNG, SVG, PDF; and the pure-Python QR writers with and without their
  mask search.

CPU = time.process_time() (all threads of this process: the render thread included) / n; medians of --repeats.
Per-core rates are 1 / CPU per operation.

    uv run python -m loadtests.bench.certificates_bench
    uv run python -m loadtests.bench.certificates_bench --issue 300 --verify 5000 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import os
import secrets
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from loadtests.bench._harness import drop_postgres, fresh_postgres_database, postgres_cpu_seconds

SECRET = "bench-secret-key-0123456789abcdef0123456789"
ISSUER = "https://ekey.bawaba.bh"


def cpu_ms(fn: Callable[[], object], n: int, repeats: int) -> float:
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(n):
            fn()
        runs.append((time.process_time() - start) * 1000 / n)
    return statistics.median(runs)


async def acpu_ms(fn, n: int, repeats: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(n):
            await fn()
        runs.append((time.process_time() - start) * 1000 / n)
    return statistics.median(runs)


async def make_people(session_maker, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import insert

    from identity.accounts.cpr import make_cpr
    from identity.accounts.models import Citizen

    now = dt.datetime.now(dt.UTC)
    cprs = []
    async with session_maker() as session:
        for i in range(n):
            cpr = make_cpr(dt.date(1960, 1, 1) + dt.timedelta(days=i * 7), 1000 + i)
            cprs.append(cpr)
            await session.execute(insert(Citizen.__table__).values(
                id=uuid.uuid4(), cpr=cpr, given_name_en="Mohammed", middle_name_en="Abdulrahman Khalifa",
                family_name_en="Abdullah Al-Dossary", given_name_ar="محمد", middle_name_ar="عبدالرحمن خليفة",
                family_name_ar="عبدالله الدوسري", birthdate=dt.date(1960, 1, 1), gender="M", nationality="BHR",
                governorate="capital", block="301", road="1234", building="56", mobile="+97333000000",
                id_card_number=f"{i:09d}", id_card_expiry=dt.date(2031, 1, 1), origin="created", created_at=now,
                updated_at=now,
            ))  # fmt: skip
        await session.commit()
    return cprs


def http_verify(database_url: str, texts: list[str], n: int) -> list[tuple[str, float, str]]:
    """Server CPU per POST /api/v1/certificates/verify on a real `bawaba serve` (granian, 1 worker)."""
    import httpx

    from loadtests.bench._harness import ServerUnderTest

    rows = []
    env = {"BAWABA_ISSUER": ISSUER, "BAWABA_SECRET_KEY": SECRET}
    with ServerUnderTest(workers=1, database_url=database_url, env=env) as server, httpx.Client() as http:
        for text in texts[:20]:  # warm-up: key ring, connections
            http.post(f"{server.url}/api/v1/certificates/verify", json={"qr": text})
        n = min(n, 500)  # the endpoint is rate limited (600/min per address)
        with server.measure("verify over HTTP", n) as m:
            for i in range(n):
                response = http.post(f"{server.url}/api/v1/certificates/verify", json={"qr": texts[i % len(texts)]})
                assert response.json()["status"] == "valid", response.text
        rows.append(("verify over HTTP, server CPU (granian, 1 worker; DB server CPU excluded)", m.cpu_ms_per_op, "ms"))
        with server.measure("status list", 50) as m:
            for _ in range(50):
                http.get(f"{server.url}/sl/1").raise_for_status()
        rows.append(("GET /sl/1 (build 2^20-entry list from the table, zlib, sign), server CPU", m.cpu_ms_per_op, "ms"))
    return rows


async def run(database_url: str, n_issue: int, n_verify: int, repeats: int) -> list[tuple[str, float, str]]:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from bawaba.cli.core import prepare_database
    from bawaba.db import create_engine
    from bawaba.settings import load_settings
    from identity.certificates import service, statuslist, verifier
    from identity.certificates.keys import KeyRing

    var = Path(tempfile.mkdtemp(prefix="certbench-"))
    settings = load_settings(environ={}, database_url=database_url, var_dir=str(var), issuer=ISSUER,
                             secret_key=SECRET, profile="dev", log_level="WARNING")  # fmt: skip
    await asyncio.to_thread(prepare_database, settings, echo=False)
    engine = create_engine(database_url)
    session_maker = async_sessionmaker(engine, expire_on_commit=False)
    rows: list[tuple[str, float, str]] = []
    try:
        cprs = await make_people(session_maker, n_issue * repeats + 5)
        ring = KeyRing(SECRET, ISSUER)
        async with session_maker() as session:
            await ring.ensure_loaded(session)
        people = iter(cprs)

        async def issue_one() -> None:
            cpr = next(people)
            requester = service.Requester(account_id=uuid.uuid4(), cpr=cpr, level="standard")
            async with session_maker() as session:
                await service.issue(session, ring, ISSUER, requester, "id-card-statement", None,
                                    "Opening a bank account", "en")  # fmt: skip

        await issue_one()  # warm-up: font registration, first connection
        on_postgres = database_url.startswith("postgresql")
        db_cpu0 = postgres_cpu_seconds() if on_postgres else 0.0
        issue_ms = await acpu_ms(issue_one, n_issue, repeats)
        rows.append(("issue end to end (register lookup, slot, sign, QR, PDF, commit)", issue_ms, "ms"))
        if on_postgres:  # the database server's share, measured from /proc over all its processes
            db_ms = (postgres_cpu_seconds() - db_cpu0) * 1000 / (n_issue * repeats)
            rows.append(("  + PostgreSQL server CPU per issuance", db_ms, "ms"))

        async with session_maker() as session:
            from sqlalchemy import select

            from identity.certificates.models import Certificate

            texts = list((await session.execute(select(Certificate.qr_text).limit(200))).scalars())
        cycle = itertools.cycle(texts)
        lists = {}
        async with session_maker() as session:
            for list_id in (1,):
                token = await service.status_list_token(session, ring, ISSUER, list_id, "cwt")
                parsed = statuslist.parse_token(token, ring.trust.anchor_keys)
                lists[parsed.uri] = parsed
        now = int(time.time())
        lookup = verifier.status_from_lists(lists, now, 86_400)
        verify_ms = cpu_ms(lambda: verifier.verify_text(next(cycle), ring.trust, lookup, now), n_verify, repeats)
        rows.append(("verify, offline pipeline (decode, COSE, ES256, claims, status list)", verify_ms, "ms"))

        async def verify_online_one() -> None:
            async with session_maker() as session:
                await service.verify_online(session, ring, next(cycle))

        online_n = max(100, n_verify // 5)
        online_ms = await acpu_ms(verify_online_one, online_n, repeats)
        rows.append(("verify online (pipeline + register query, new session)", online_ms, "ms"))

        rows += parts(ring, repeats)
        rows.append(("__texts__", 0.0, "\n".join(texts)))
    finally:
        await engine.dispose()
    return rows


def parts(ring, repeats: int) -> list[tuple[str, float, str]]:  # type: ignore[no-untyped-def]
    """The steps of one issuance, and the pure-Python QR writers with and without their mask search."""
    import qrcode
    import segno

    from identity.certificates import documents, pdf, qr, service

    subject = documents.Subject(
        "850101234", "Mohammed Abdulrahman Khalifa Abdullah Al-Dossary", "محمد عبدالرحمن خليفة عبدالله الدوسري",
        "BHR", dt.date(1985, 1, 1), "123456789", dt.date(2031, 1, 1), None,
    )  # fmt: skip
    serial = documents.new_serial("id-card-statement")
    uri = service.status_list_uri(ISSUER, 1)
    now = dt.datetime.now(dt.UTC)
    sample = documents.build_claims(
        "id-card-statement", subject, serial, now, uri, secrets.randbelow(1 << 20), "Opening a bank account"
    )
    signer = ring.signer
    text = documents.sign_claims(sample, signer)
    symbol = qr.encode(text)

    def qrcode_make(mask: int | None) -> None:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, mask_pattern=mask)
        code.add_data(text)
        code.make(fit=True)

    steps: list[tuple[str, Callable[[], object], int]] = [
        ("  sign + encode (CWT, COSE_Sign1 ES256, zlib, base45)", lambda: documents.sign_claims(sample, signer), 300),
        (f"  QR symbol, zxing-cpp (V{symbol.version}, level Q, {len(text)} chars)", lambda: qr.encode(text), 100),
        ("  PNG (1-bit, 8 px/module)", lambda: qr.to_png(symbol), 100),
        ("  SVG", lambda: qr.to_svg(symbol), 100),
        ("  A4 PDF (reportlab + rl_accel, vector QR, shaped Arabic)",
         lambda: pdf.render_pdf(sample, symbol, ISSUER + "/verify"), 50),
        ("  segno, automatic mask (pure Python)", lambda: segno.make_qr(text, error="q"), 10),
        ("  segno, fixed mask", lambda: segno.make_qr(text, error="q", mask=0), 10),
        ("  qrcode, automatic mask (pure Python)", lambda: qrcode_make(None), 10),
        ("  qrcode, fixed mask", lambda: qrcode_make(0), 10),
    ]  # fmt: skip
    return [(name, cpu_ms(fn, n, repeats), "ms") for name, fn, n in steps]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--issue", type=int, default=200, help="certificates issued per repeat")
    parser.add_argument("--verify", type=int, default=3000, help="offline verifications per repeat")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database instead of SQLite")
    parser.add_argument("--pin", action="store_true", help="pin this process to CPU 0")
    parser.add_argument("--http", action="store_true", help="also measure POST .../verify on a real server")
    args = parser.parse_args()
    if args.pin:
        os.sched_setaffinity(0, {0})
    pg_name = None
    if args.postgres:
        url, pg_name = fresh_postgres_database()
    else:
        url = f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='certbench-db-')}/bench.db"
    try:
        rows = asyncio.run(run(url, args.issue, args.verify, args.repeats))
        texts = next(row[2] for row in rows if row[0] == "__texts__").split("\n")
        rows = [row for row in rows if row[0] != "__texts__"]
        if args.http:
            rows += http_verify(url, texts, 500)
    finally:
        if pg_name is not None:
            drop_postgres(pg_name)
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"\n| operation ({backend}) | CPU ms/op | per second per core |\n|---|---:|---:|")
    for name, ms, _ in rows:
        print(f"| {name} | {ms:.2f} | {1000 / ms:,.0f} |")


if __name__ == "__main__":
    main()
