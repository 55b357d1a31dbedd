"""eKey sign-in, in process: the ASGI app called directly, one round at a time, main-thread CPU per hop.

No HTTP server and no concurrency, so the figure is steadier than oidc_bench's on a shared machine and says where a
round's CPU goes: each hop is timed with ``time.thread_time()`` on the event loop's thread (the argon2id verify
runs in the hash pool's threads and is not counted; waiting for it is). The round is oidc_bench's: login page,
password, TOTP (303 with the code), token (client_secret_basic + PKCE), userinfo, every answer checked.

    uv run python -m loadtests.bench.oidc_inprocess                     # SQLite, 300 rounds
    uv run python -m loadtests.bench.oidc_inprocess --backend postgresql --statements
    uv run python -m loadtests.bench.oidc_inprocess --backend sqlite,postgresql      # rounds interleaved
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import secrets
import tempfile
import time
import urllib.parse
from collections import Counter
from typing import Any

import pyotp
import uvloop

from loadtests.bench import oidc_bench as ob
from loadtests.bench._harness import drop_postgres, fresh_postgres_database

ISSUER = "http://127.0.0.1:8000"
HOPS = ("authorize", "password", "otp", "token", "userinfo")
DISCOVERY, CALIBRATION = "/.well-known/openid-configuration", "discovery"
WARM_UP = 31  # rounds before the measured ones: caches, keys, connections


class InProcess:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.basic = "Basic " + base64.b64encode(f"{ob.CLIENT_ID}:{ob.CLIENT_SECRET}".encode()).decode()
        self.cpu: Counter[str] = Counter()

    async def call(
        self,
        method: str,
        path: str,
        query: str = "",
        headers: dict | None = None,
        form: dict | None = None,
        *,
        timed: str | None = None,
    ) -> dict:
        """One request through the app; with ``timed``, the app's CPU is added to that hop (the request is built
        before the clock starts: the client's own work is not the server's)."""
        body = urllib.parse.urlencode(form).encode() if form else b""
        raw = [(b"host", b"127.0.0.1:8000"), *((k.encode(), v.encode()) for k, v in (headers or {}).items())]
        if body:
            raw += [(b"content-type", b"application/x-www-form-urlencoded"), (b"content-length", b"%d" % len(body))]
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "", "headers": raw,
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {},
        }  # fmt: skip
        messages = iter([{"type": "http.request", "body": body, "more_body": False}])
        answer: dict[str, Any] = {"body": b""}

        async def receive() -> dict:
            return next(messages, {"type": "http.disconnect"})

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                answer["status"], answer["headers"] = message["status"], message["headers"]
            else:
                answer["body"] += message.get("body", b"")

        started = time.thread_time()
        await self.app(scope, receive, send)
        if timed:
            self.cpu[timed] += time.thread_time() - started
        return answer

    def round_cpu(self) -> float:
        return sum(self.cpu[hop] for hop in HOPS)

    async def hop(self, name: str, *args: Any, **kwargs: Any) -> dict:
        return await self.call(*args, **kwargs, timed=name)

    async def round(self, cpr: str, secret: str) -> None:
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        query = urllib.parse.urlencode({
            "response_type": "code", "client_id": ob.CLIENT_ID, "redirect_uri": ob.REDIRECT_URI,
            "scope": "openid profile", "state": secrets.token_urlsafe(16), "nonce": secrets.token_urlsafe(16),
            "code_challenge": challenge, "code_challenge_method": "S256",
        })  # fmt: skip
        jar: dict[str, str] = {}

        def cookies(answer: dict) -> dict:
            for name, value in answer["headers"]:
                if name == b"set-cookie":
                    key, _, val = value.decode().split(";")[0].partition("=")
                    jar[key] = val
            return {"cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}

        page = await self.hop("authorize", "GET", "/oidc/auth", query)
        text = page["body"].decode()
        csrf, action = ob.CSRF_RE.search(text).group(1), ob.ACTION_RE.search(text).group(1)  # type: ignore[union-attr]
        form = {"csrf_token": csrf, "cpr": cpr, "password": ob.PASSWORD}
        page = await self.hop("password", "POST", action, headers=cookies(page), form=form)
        assert page["status"] == 200 and b'name="otp"' in page["body"], page["body"][-300:]
        form = {"csrf_token": csrf, "otp": pyotp.TOTP(secret).now()}
        done = await self.hop("otp", "POST", f"{action}/otp", headers=cookies(page), form=form)
        assert done["status"] == 303, done
        location = dict(done["headers"])[b"location"].decode()
        code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))["code"]
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": ob.REDIRECT_URI}
        form["code_verifier"] = verifier
        tokens = await self.hop("token", "POST", "/oidc/token", headers={"authorization": self.basic}, form=form)
        assert tokens["status"] == 200, tokens
        bearer = {"authorization": "Bearer " + json.loads(tokens["body"])["access_token"]}
        assert (await self.hop("userinfo", "GET", "/oidc/me", headers=bearer))["status"] == 200


def _app(backend: str, rounds: int, cleanup: list) -> tuple[InProcess, list[tuple[str, str]]]:
    from bawaba.app import prebuild
    from bawaba.cli.core import prepare_database
    from bawaba.settings import load_settings

    var = tempfile.mkdtemp(prefix="bawaba-inprocess-")
    url = f"sqlite+aiosqlite:///{var}/bawaba.db"
    if backend == "postgresql":
        url, pg_name = fresh_postgres_database()
        cleanup.append(pg_name)
    settings = load_settings(environ={
        "BAWABA_DATABASE_URL": url, "BAWABA_VAR_DIR": var, "BAWABA_ISSUER": ISSUER, "BAWABA_SECRET_KEY": ob.SECRET,
        "BAWABA_LOGIN_RATE_LIMIT": "100000000", "BAWABA_TOKEN_RATE_LIMIT": "100000000",
        "BAWABA_ACCESS_LOG": "false", "BAWABA_LOG_LEVEL": "WARNING",
    })  # fmt: skip
    prepare_database(settings, echo=False)
    people = asyncio.run(ob.prepare(url, rounds + WARM_UP))
    return InProcess(prebuild(settings)), people


def run(backends: list[str], rounds: int, show_statements: bool) -> None:
    """The backends' rounds interleaved (one round of each in turn): a machine whose speed drifts during the run
    shifts every backend's figure alike, so their difference stays meaningful."""
    cleanup: list[str] = []
    try:
        runs = [(backend, *_app(backend, rounds, cleanup)) for backend in backends]
        statements: list[str] = []
        if show_statements:
            from sqlalchemy import event
            from sqlalchemy.engine import Engine

            from identity.prepared import Prepared

            def shown(sql: str) -> str:
                return " ".join(sql.split())[:120]

            event.listen(Engine, "before_cursor_execute", lambda *a: statements.append(shown(a[2])))
            event.listen(Engine, "commit", lambda *a: statements.append("COMMIT"))
            # The hot statements bypass the engine's events (identity.prepared): listed from their compiled SQL.
            execute = Prepared.execute

            def listed(self: Prepared, conn: Any, params: Any) -> Any:
                statements.append(shown(self.form(conn.dialect).sql))
                return execute(self, conn, params)

            Prepared.execute = listed  # type: ignore[method-assign]

        async def main() -> None:
            async with contextlib.AsyncExitStack() as stack:
                for _, driver, _ in runs:
                    await stack.enter_async_context(driver.app.lifespan())
                for i in range(rounds, rounds + WARM_UP):  # warm-up: caches, keys, connections
                    for _, driver, people in runs:
                        await driver.round(*people[i])
                for _, driver, _ in runs:
                    driver.cpu.clear()
                statements.clear()
                for i in range(rounds):
                    for _, driver, people in runs:
                        await driver.round(*people[i])
                        # Calibration, interleaved with the rounds: the app's cheapest request (no database).
                        await driver.call("GET", DISCOVERY, timed=CALIBRATION)

        uvloop.run(main())
        print(f"{rounds} rounds, main-thread CPU per hop (ms):")
        print(f"  {'':9s}" + "".join(f"{backend:>11s}" for backend, _, _ in runs))
        for hop in HOPS:
            print(f"  {hop:9s}" + "".join(f"{1000 * d.cpu[hop] / rounds:11.2f}" for _, d, _ in runs))
        print(f"  {'round':9s}" + "".join(f"{1000 * d.round_cpu() / rounds:11.2f}" for _, d, _ in runs))
        # The machine's speed drifts (by a third within an hour here); the round in units of the app's cheapest
        # request, measured alongside, is the figure to compare across runs.
        print(f"  {'discovery':9s}" + "".join(f"{1000 * d.cpu[CALIBRATION] / rounds:11.3f}" for _, d, _ in runs))
        print(f"  {'ratio':9s}" + "".join(f"{d.round_cpu() / d.cpu[CALIBRATION]:11.0f}" for _, d, _ in runs))
        if show_statements:
            count = rounds * len(runs)
            executed = len([s for s in statements if s != "COMMIT"])
            print(f"statements per round: {executed / count:.1f}, commits: {statements.count('COMMIT') / count:.1f}")
            print("one round (of each backend):")
            print("\n".join("  " + s for s in statements[: len(statements) // rounds]))
    finally:
        for name in cleanup:
            drop_postgres(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite", help="sqlite, postgresql, or sqlite,postgresql (interleaved)")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--statements", action="store_true", help="list the SQL statements of one round")
    args = parser.parse_args()
    backends = args.backend.split(",")
    if any(backend not in ("sqlite", "postgresql") for backend in backends):
        parser.error("--backend takes sqlite, postgresql or sqlite,postgresql")
    run(backends, args.rounds, args.statements)


if __name__ == "__main__":
    main()
