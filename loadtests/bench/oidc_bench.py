"""eKey sign-in benchmark: server CPU per complete login round, split into the password hash and the rest.

A round is what a citizen and a relying party do once, all validated: GET /oidc/auth (login page), POST the
password (TOTP page), POST the TOTP code (303 to the relying party with code, state and iss), POST /oidc/token
(client_secret_basic + PKCE; ID token checked against the JWKS: signature, iss, aud, nonce), GET /oidc/me. Every
round uses a fresh browser (no SSO) and a different account, so no TOTP step is replayed. Accounts are created
directly with one shared argon2id hash (m=19 MiB, t=2, p=1, the production parameters), so the first-login
upgrade of the synthetic population does not pollute the figures. The hash's share is what the server's own hash
pool reports (`bawaba_password_hash_cpu_seconds_total` on /metrics, CPU time measured on the hashing threads),
subtracted from the server CPU per round; an in-process median of the same verify is printed beside it.

    uv run python -m loadtests.bench.oidc_bench                          # SQLite and PostgreSQL, 1 and 2 workers
    uv run python -m loadtests.bench.oidc_bench --backends sqlite --rounds 300 --concurrency 8
    uv run python -m loadtests.bench.oidc_bench --workers 1 --rounds 300 --concurrency 4 --repeat 3   # medians
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import hashlib
import json
import re
import secrets
import statistics
import time
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import httpx
import pyotp
from joserfc import jwt
from joserfc.jwk import KeySet

from loadtests.bench._harness import ServerUnderTest, drop_postgres, fresh_postgres_database

SECRET = "oidc-bench-secret-key-0123456789abcdef0123"
CLIENT_ID, CLIENT_SECRET = "oidc-bench-client-0001", "oidc-bench-secret-0001-not-for-production"
REDIRECT_URI = "http://127.0.0.1:9/callback"
PASSWORD = "correct horse battery staple 42"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTION_RE = re.compile(r'<form method="post" action="([^"]+)"')


async def prepare(database_url: str, n: int) -> list[tuple[str, str]]:
    """Create n accounts (CPR, TOTP secret) and the benchmark's relying party (consent pre-approved)."""
    from sqlalchemy import insert

    from bawaba.db import create_engine
    from identity.accounts.cpr import make_cpr
    from identity.accounts.models import Citizen, EkeyAccount
    from identity.accounts.passwords import hash_password
    from identity.oidc.clients import ClientCreate, create_client

    engine = create_engine(database_url)
    shared_hash, now, people, citizens, accounts = hash_password(PASSWORD), dt.datetime.now(dt.UTC), [], [], []
    for i in range(n):
        account_id, secret = uuid.uuid4(), pyotp.random_base32()
        cpr = make_cpr(dt.date(1960 + i // 72000, 1 + (i // 6000) % 12, 1), 1000 + i % 6000)  # unique up to 3.6 M
        people.append((cpr, secret))
        citizens.append({
            "id": account_id, "cpr": cpr, "given_name_en": "Bench", "middle_name_en": "", "family_name_en": f"P{i}",
            "given_name_ar": "اختبار", "middle_name_ar": "", "family_name_ar": "أداء", "birthdate": dt.date(1980, 1, 1),
            "gender": "M", "nationality": "BHR", "governorate": "capital", "block": "1", "road": "1", "building": "1",
            "mobile": "+97333000000", "id_card_number": "1", "id_card_expiry": dt.date(2030, 1, 1),
            "origin": "created", "created_at": now, "updated_at": now,
        })  # fmt: skip
        accounts.append({
            "id": account_id, "level": "standard", "status": "active", "password_hash": shared_hash,
            "totp_secret": secret, "failed_attempts": 0, "lockouts": 0, "created_at": now, "updated_at": now,
        })  # fmt: skip
    async with engine.begin() as conn:
        await conn.execute(insert(Citizen.__table__), citizens)
        await conn.execute(insert(EkeyAccount.__table__), accounts)
    from sqlalchemy.ext.asyncio import AsyncSession

    async with AsyncSession(engine) as session:
        await create_client(session, ClientCreate(
            name="Benchmark RP", redirect_uris=[REDIRECT_URI], auth_method="client_secret_basic", skip_consent=True,
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET))  # fmt: skip
        await session.commit()
    await engine.dispose()
    return people


HASH_CPU_METRIC = re.compile(r"^bawaba_password_hash_cpu_seconds_total(?:\{[^}]*\})? ([0-9.e+-]+)$", re.M)


def server_hash_cpu_s(base_url: str) -> float:
    """CPU seconds the server's hash pool has spent so far (all workers, from /metrics)."""
    text = httpx.get(base_url + "/metrics", timeout=30).text
    return sum(float(v) for v in HASH_CPU_METRIC.findall(text))


def hash_cpu_ms(samples: int = 30) -> float:
    from identity.accounts.passwords import hash_password, verify_hash

    encoded, costs = hash_password(PASSWORD), []
    for _ in range(samples):
        t0 = time.process_time()
        verify_hash(encoded, PASSWORD)
        costs.append(time.process_time() - t0)
    return 1000 * statistics.median(costs)


class Driver:
    def __init__(self, base: str, people: list[tuple[str, str]]) -> None:
        self.base, self.people, self.next = base, people, 0
        self.basic = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        self.jwks: KeySet | None = None
        self.errors = 0

    def person(self) -> tuple[str, str]:
        person = self.people[self.next % len(self.people)]
        self.next += 1
        return person

    async def round(self, rp: aiohttp.ClientSession, browser: aiohttp.ClientSession) -> None:
        cpr, secret = self.person()
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
        browser.cookie_jar.clear()  # a fresh browser: no SSO session, no interaction cookie
        params = {
            "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
            "scope": "openid profile", "state": state, "nonce": nonce, "code_challenge": challenge,
            "code_challenge_method": "S256",
        }  # fmt: skip
        status, text, _ = await _call(browser.get("/oidc/auth", params=params, allow_redirects=False))
        assert status == 200 and 'name="password"' in text, text[:300]
        csrf, action = CSRF_RE.search(text).group(1), ACTION_RE.search(text).group(1)  # type: ignore[union-attr]
        credentials = {"csrf_token": csrf, "cpr": cpr, "password": PASSWORD}
        status, text, _ = await _call(browser.post(action, data=credentials, allow_redirects=False))
        assert status == 200 and 'name="otp"' in text, text[-600:]
        code = pyotp.TOTP(secret).now()
        otp = {"csrf_token": csrf, "otp": code}
        status, text, headers = await _call(browser.post(f"{action}/otp", data=otp, allow_redirects=False))
        assert status == 303, text[-600:]
        params = dict(parse_qsl(urlsplit(headers["location"]).query))
        assert params["state"] == state and params["iss"] == self.base
        form = {"grant_type": "authorization_code", "code": params["code"], "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier}  # fmt: skip
        status, text, _ = await _call(rp.post("/oidc/token", headers={"Authorization": self.basic}, data=form))
        assert status == 200, text
        body = json.loads(text)
        claims = jwt.decode(body["id_token"], self.jwks, algorithms=["ES256"]).claims
        assert claims["iss"] == self.base and claims["aud"] == [CLIENT_ID] and claims["nonce"] == nonce
        bearer = {"Authorization": f"Bearer {body['access_token']}"}
        status, text, _ = await _call(rp.get("/oidc/me", headers=bearer))
        assert status == 200 and json.loads(text)["sub"] == claims["sub"]

    async def run(self, rounds: int, concurrency: int) -> float:
        async with _session(self.base) as rp:
            self.jwks = KeySet.import_key_set(json.loads((await _call(rp.get("/oidc/jwks")))[1]))
            remaining = iter(range(rounds))

            async def worker() -> None:
                # One client per simulated browser, cookies cleared each round (building a client per round cost
                # the load generator more CPU than the server spent on the round). aiohttp, not httpx: on the
                # same two cores as the server, httpx's ~1.3 ms of CPU per request (aiohttp: ~0.2 ms) took CPU
                # the server would otherwise have had, and capped the wall-clock rate.
                async with _session(self.base) as browser:
                    for _ in remaining:
                        try:
                            await self.round(rp, browser)
                        except (AssertionError, aiohttp.ClientError, KeyError, ValueError):
                            self.errors += 1

            t0 = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return time.perf_counter() - t0


def _session(base: str) -> aiohttp.ClientSession:
    # unsafe=True: the server is 127.0.0.1, and aiohttp's jar otherwise keeps no cookies for an IP address.
    return aiohttp.ClientSession(
        base_url=base, cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=60)
    )


async def _call(request: Any) -> tuple[int, str, Any]:
    """(status, body, headers) of one request; redirects are answers here, never followed."""
    async with request as response:
        return response.status, await response.text(), response.headers


def bench(backend: str, workers: int, rounds: int, concurrency: int, accounts: int, hash_ms: float) -> dict:
    pg_name = None
    database_url = None
    if backend == "postgresql":
        database_url, pg_name = fresh_postgres_database()
    env = {"BAWABA_SECRET_KEY": SECRET, "BAWABA_LOGIN_RATE_LIMIT": "100000000", "BAWABA_TOKEN_RATE_LIMIT": "100000000"}
    try:
        with ServerUnderTest(workers=workers, database_url=database_url, env=env) as server:
            url = (
                server.env.get("BAWABA_DATABASE_URL") or f"sqlite+aiosqlite:///{server.env['BAWABA_VAR_DIR']}/bawaba.db"
            )
            people = asyncio.run(prepare(url, accounts))
            driver = Driver(server.url, people)
            asyncio.run(driver.run(min(20, rounds), concurrency))  # warm-up: keys, caches, connection pools
            # Calibration: server CPU of a trivial request (discovery, no database) in the same conditions; a quiet
            # machine gives ~0.2 ms (performance.md §5), a busy shared one several times that.
            with server.measure("discovery GET", n=500) as base, httpx.Client(base_url=server.url) as plain:
                for _ in range(500):
                    plain.get("/.well-known/openid-configuration").raise_for_status()
            hashed_before = server_hash_cpu_s(server.url)
            client_cpu = time.process_time()
            with server.measure(f"{backend} workers={workers}", n=rounds) as m:
                m.wall_s = asyncio.run(driver.run(rounds, concurrency))
            client_cpu = time.process_time() - client_cpu
            per_round = m.cpu_ms_per_op
            in_server_hash_ms = 1000 * (server_hash_cpu_s(server.url) - hashed_before) / rounds
            return {
                "backend": backend,
                "workers": workers,
                "rounds": rounds,
                "errors": driver.errors,
                "server_cpu_ms_per_round": round(per_round, 2),
                "hash_ms": round(in_server_hash_ms, 2),
                "other_ms": round(per_round - in_server_hash_ms, 2),
                "hash_ms_in_process": round(hash_ms, 2),
                "postgres_ms_per_round": round(m.db_cpu_ms_per_op, 2),
                "logins_per_s_wall": round(rounds / m.wall_s, 1),
                "load_generator_cpu_ms_per_round": round(1000 * client_cpu / rounds, 2),
                "trivial_request_ms": round(base.cpu_ms_per_op, 3),
                "cpu_bound_logins_per_s_2_cores": round(2000 / per_round, 1),
            }
    finally:
        if pg_name:
            drop_postgres(pg_name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument(
        "--repeat", type=int, default=1, help="run every configuration this many times, interleaved; then medians"
    )
    args = parser.parse_args()
    hash_ms = hash_cpu_ms()
    print(f"argon2id verify (m=19 MiB, t=2, p=1), in-process median: {hash_ms:.1f} ms CPU")
    configurations = [(b, int(w)) for b in args.backends.split(",") for w in args.workers.split(",")]
    runs: dict[tuple[str, int], list[dict]] = {c: [] for c in configurations}
    # Interleaved (A B A B ...), so that a drift of the machine's speed during the repeats touches every
    # configuration alike; a single run moved by a third within an hour here.
    for _ in range(args.repeat):
        for backend, workers in configurations:
            result = bench(backend, workers, args.rounds, args.concurrency, args.rounds + 100, hash_ms)
            runs[(backend, workers)].append(result)
            print(result, flush=True)
    if args.repeat > 1:
        for (backend, workers), results in runs.items():
            other = sorted(r["other_ms"] for r in results)
            rate = statistics.median(r["logins_per_s_wall"] for r in results)
            print(
                f"{backend}, {workers} worker(s), {len(results)} runs: everything but the hash median "
                f"{statistics.median(other):.2f} ms (min {other[0]:.2f}, max {other[-1]:.2f}), {rate:.1f} logins/s"
            )


if __name__ == "__main__":
    main()
