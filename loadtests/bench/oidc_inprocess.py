"""eKey sign-in, in process: the ASGI app called directly, one round at a time, main-thread CPU per hop.

No HTTP server and no concurrency, so the figure is steadier than oidc_bench's on a shared machine and says where a
round's CPU goes: each hop is timed with ``time.thread_time()`` on the event loop's thread (the argon2id verify
runs in the hash pool's threads and is not counted; waiting for it is). The round is oidc_bench's: login page,
password, TOTP (303 with the code), token (client_secret_basic + PKCE), userinfo, every answer checked.

    uv run python -m loadtests.bench.oidc_inprocess                     # SQLite, 300 rounds
    uv run python -m loadtests.bench.oidc_inprocess --backend postgresql --statements
"""

from __future__ import annotations

import argparse
import asyncio
import base64
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


class InProcess:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.basic = "Basic " + base64.b64encode(f"{ob.CLIENT_ID}:{ob.CLIENT_SECRET}".encode()).decode()
        self.cpu: Counter[str] = Counter()

    async def call(
        self, method: str, path: str, query: str = "", headers: dict | None = None, form: dict | None = None
    ) -> dict:
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

        await self.app(scope, receive, send)
        return answer

    async def hop(self, name: str, *args: Any, **kwargs: Any) -> dict:
        started = time.thread_time()
        answer = await self.call(*args, **kwargs)
        self.cpu[name] += time.thread_time() - started
        return answer

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


def run(backend: str, rounds: int, show_statements: bool) -> None:
    from bawaba.app import prebuild
    from bawaba.cli.core import prepare_database
    from bawaba.settings import load_settings

    var, pg_name = tempfile.mkdtemp(prefix="bawaba-inprocess-"), None
    url = f"sqlite+aiosqlite:///{var}/bawaba.db"
    if backend == "postgresql":
        url, pg_name = fresh_postgres_database()
    try:
        settings = load_settings(environ={
            "BAWABA_DATABASE_URL": url, "BAWABA_VAR_DIR": var, "BAWABA_ISSUER": ISSUER, "BAWABA_SECRET_KEY": ob.SECRET,
            "BAWABA_LOGIN_RATE_LIMIT": "100000000", "BAWABA_TOKEN_RATE_LIMIT": "100000000",
            "BAWABA_ACCESS_LOG": "false", "BAWABA_LOG_LEVEL": "WARNING",
        })  # fmt: skip
        prepare_database(settings, echo=False)
        people = asyncio.run(ob.prepare(url, rounds + 31))
        driver = InProcess(prebuild(settings))
        statements: list[str] = []
        if show_statements:
            from sqlalchemy import event
            from sqlalchemy.engine import Engine

            event.listen(Engine, "before_cursor_execute", lambda *a: statements.append(" ".join(a[2].split())[:120]))
            event.listen(Engine, "commit", lambda *a: statements.append("COMMIT"))

        async def main() -> None:
            async with driver.app.lifespan():
                for cpr, secret in people[rounds:]:  # warm-up: caches, keys, connections
                    await driver.round(cpr, secret)
                driver.cpu.clear()
                statements.clear()
                for cpr, secret in people[:rounds]:
                    await driver.round(cpr, secret)

        uvloop.run(main())
        print(f"{backend}, {rounds} rounds, main-thread CPU per hop (ms):")
        for hop in HOPS:
            print(f"  {hop:9s} {1000 * driver.cpu[hop] / rounds:6.2f}")
        print(f"  {'round':9s} {1000 * sum(driver.cpu.values()) / rounds:6.2f}")
        if show_statements:
            print(f"statements per round: {len([s for s in statements if s != 'COMMIT']) / rounds:.1f}, "
                  f"commits: {statements.count('COMMIT') / rounds:.1f}; one round:")  # fmt: skip
            print("\n".join("  " + s for s in statements[: len(statements) // rounds]))
    finally:
        if pg_name:
            drop_postgres(pg_name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--statements", action="store_true", help="list the SQL statements of one round")
    args = parser.parse_args()
    run(args.backend, args.rounds, args.statements)


if __name__ == "__main__":
    main()
