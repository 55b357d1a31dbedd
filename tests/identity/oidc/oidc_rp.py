"""RelyingParty: drives the provider like a relying party and its user's browser (all flows over HTTP)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet
from litestar import Litestar
from litestar.testing import AsyncTestClient

TOKEN_URL = "/oidc/token"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTION_RE = re.compile(r'<form method="post" action="([^"]+)"')


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


@dataclass
class Citizen_:
    account_id: uuid.UUID
    cpr: str
    password: str
    totp_secret: str
    level: str

    def otp(self, offset_steps: int = 0) -> str:
        return pyotp.TOTP(self.totp_secret).at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * offset_steps))


@dataclass
class RegisteredClient:
    client_id: str
    client_secret: str | None
    auth_method: str
    redirect_uri: str
    private_key: ECKey | None = None


@dataclass
class Page:
    status: int
    text: str
    headers: object

    @property
    def csrf(self) -> str:
        match = CSRF_RE.search(self.text)
        assert match, f"no CSRF token in page: {self.text[:500]}"
        return match.group(1)

    @property
    def action(self) -> str:
        match = ACTION_RE.search(self.text)
        assert match, "no form on page"
        return match.group(1)


@dataclass
class Callback:
    status: int
    location: str
    params: dict[str, str]


@dataclass
class RelyingParty:
    """Drives the provider like a relying party plus its user's browser (the test client keeps cookies)."""

    http: AsyncTestClient[Litestar]
    client: RegisteredClient
    issuer: str
    scope: str = "openid profile"
    state: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    verifier: str = ""
    challenge: str = ""
    # The browser's own cookie jar, swapped into the shared test client for each request (one app lifespan).
    jar: httpx.Cookies = field(default_factory=httpx.Cookies)

    def __post_init__(self) -> None:
        self.verifier, self.challenge = pkce_pair()

    def auth_params(self, **overrides: str | None) -> dict[str, str]:
        params: dict[str, str | None] = {
            "response_type": "code", "client_id": self.client.client_id, "redirect_uri": self.client.redirect_uri,
            "scope": self.scope, "state": self.state, "nonce": self.nonce, "code_challenge": self.challenge,
            "code_challenge_method": "S256",
        }  # fmt: skip
        params.update(overrides)
        return {k: v for k, v in params.items() if v is not None}

    async def get(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        self.http.cookies = self.jar  # httpx copies the jar in; take the updated copy back after the call
        try:
            return await self.http.get(url, follow_redirects=False, **kwargs)
        finally:
            self.jar = self.http.cookies

    async def post(self, url: str, **kwargs):  # type: ignore[no-untyped-def]
        self.http.cookies = self.jar  # httpx copies the jar in; take the updated copy back after the call
        try:
            return await self.http.post(url, follow_redirects=False, **kwargs)
        finally:
            self.jar = self.http.cookies

    async def authorize(self, **overrides: str | None) -> Page | Callback:
        response = await self.get("/oidc/auth", params=self.auth_params(**overrides))
        return self._page_or_callback(response)

    def _page_or_callback(self, response) -> Page | Callback:  # type: ignore[no-untyped-def]
        if response.status_code in (302, 303):
            location = response.headers["location"]
            return Callback(
                response.status_code, location, {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
            )
        return Page(response.status_code, response.text, response.headers)

    async def submit(self, page: Page, **fields: str) -> Page | Callback:
        data = {"csrf_token": page.csrf, **fields}
        response = await self.post(page.action, data=data)
        return self._page_or_callback(response)

    async def login(self, citizen: Citizen_, *, approve: bool = True, **overrides: str | None) -> Callback:
        """Full front channel: authorize -> password -> TOTP -> (consent) -> redirect with code."""
        page = await self.authorize(**overrides)
        assert isinstance(page, Page) and page.status == 200, page
        page = await self.submit(page, cpr=citizen.cpr, password=citizen.password)
        assert isinstance(page, Page) and 'name="otp"' in page.text, page.text[page.text.find("<main>") :][:900]
        result = await self.submit(page, otp=citizen.otp())
        if isinstance(result, Page) and 'name="decision"' in result.text:
            result = await self.submit(result, decision="approve" if approve else "deny")
        assert isinstance(result, Callback), result.text[:800] if isinstance(result, Page) else result
        return result

    def client_auth(self, data: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        headers: dict[str, str] = {}
        c = self.client
        if c.auth_method == "client_secret_basic":
            headers["Authorization"] = "Basic " + base64.b64encode(f"{c.client_id}:{c.client_secret}".encode()).decode()
        elif c.auth_method == "client_secret_post":
            data = {**data, "client_id": c.client_id, "client_secret": c.client_secret or ""}
        elif c.auth_method == "private_key_jwt":
            data = {**data, "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion": self.client_assertion()}  # fmt: skip
        else:
            data = {**data, "client_id": c.client_id}
        return data, headers

    def client_assertion(self, jti: str | None = None) -> str:
        assert self.client.private_key is not None
        now = int(time.time())
        claims = {"iss": self.client.client_id, "sub": self.client.client_id, "aud": self.issuer + TOKEN_URL,
                  "iat": now, "exp": now + 60, "jti": jti or secrets.token_urlsafe(12)}  # fmt: skip
        return jwt.encode({"alg": "ES256", "kid": self.client.private_key.kid}, claims, self.client.private_key)

    async def token(self, code: str, **overrides: str | None):  # type: ignore[no-untyped-def]
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.client.redirect_uri,
                "code_verifier": self.verifier}  # fmt: skip
        data.update({k: v for k, v in overrides.items() if v is not None})
        data = {k: v for k, v in data.items() if overrides.get(k, "") is not None}
        body, headers = self.client_auth(data)
        return await self.post(TOKEN_URL, data=body, headers=headers)

    async def refresh(self, refresh_token: str):  # type: ignore[no-untyped-def]
        body, headers = self.client_auth({"grant_type": "refresh_token", "refresh_token": refresh_token})
        return await self.post(TOKEN_URL, data=body, headers=headers)

    async def revoke(self, token: str):  # type: ignore[no-untyped-def]
        body, headers = self.client_auth({"token": token})
        return await self.post("/oidc/token/revocation", data=body, headers=headers)

    async def introspect(self, token: str):  # type: ignore[no-untyped-def]
        body, headers = self.client_auth({"token": token})
        return await self.post("/oidc/token/introspection", data=body, headers=headers)

    async def userinfo(self, access_token: str):  # type: ignore[no-untyped-def]
        return await self.get("/oidc/me", headers={"Authorization": f"Bearer {access_token}"})

    async def verify_id_token(self, id_token: str) -> dict:
        jwks = (await self.get("/oidc/jwks")).json()
        token = jwt.decode(id_token, KeySet.import_key_set(jwks), algorithms=["ES256", "RS256"])
        registry = jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": self.issuer}, aud={"essential": True, "value": self.client.client_id},
            exp={"essential": True}, nonce={"essential": True, "value": self.nonce},
        )  # fmt: skip
        registry.validate(token.claims)
        return {"header": token.header, **token.claims}

    async def full_flow(self, citizen: Citizen_) -> dict:
        callback = await self.login(citizen)
        assert callback.params.get("code"), callback
        response = await self.token(callback.params["code"])
        assert response.status_code == 200, response.text
        return response.json()
