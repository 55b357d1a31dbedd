"""The sign-in interaction: the validated authorization request and the steps passed so far.

It travels sealed (AES-GCM) in an HttpOnly cookie scoped to ``/login/<iid>``: no database write before the
password is checked, several tabs can sign in at once, and the browser that started the request is the only
one that can continue it. Forms carry a CSRF token bound to the interaction id.
"""

from __future__ import annotations

import time

import msgspec

from identity.oidc.crypto import Sealer, b64url, b64url_decode, constant_time_equal, derive_key, hmac_hex, random_handle

COOKIE_PREFIX = "bawaba_ix"


class Interaction(msgspec.Struct, kw_only=True, omit_defaults=True):
    iid: str
    client_id: str
    params: dict[str, str]
    exp: int
    stage: str = "login"  # login -> otp -> consent
    account_id: str | None = None
    acr: str | None = None
    auth_time: int | None = None
    claims: dict | None = None
    sid: str | None = None

    @property
    def cookie_path(self) -> str:
        return f"/login/{self.iid}"


class InteractionCodec:
    def __init__(self, secret_key: str, ttl: int) -> None:
        self._sealer = Sealer(derive_key(secret_key, "interaction"), "interaction")
        self._csrf_key = derive_key(secret_key, "csrf")
        self.ttl = ttl
        self._decoder = msgspec.json.Decoder(Interaction)

    def start(self, client_id: str, params: dict[str, str]) -> Interaction:
        return Interaction(iid=random_handle(12), client_id=client_id, params=params, exp=int(time.time()) + self.ttl)

    def encode(self, interaction: Interaction) -> str:
        return b64url(self._sealer.seal(msgspec.json.encode(interaction)))

    def decode(self, value: str | None, iid: str) -> Interaction | None:
        if not value or len(value) > 8000:
            return None
        try:
            opened = self._sealer.open(b64url_decode(value))
        except ValueError:
            return None
        if opened is None:
            return None
        try:
            interaction = self._decoder.decode(opened)
        except msgspec.DecodeError:
            return None
        if interaction.iid != iid or interaction.exp < time.time():
            return None
        return interaction

    def csrf_token(self, iid: str) -> str:
        return hmac_hex(self._csrf_key, f"ix:{iid}")[:40]

    def check_csrf(self, iid: str, presented: str | None) -> bool:
        return bool(presented) and constant_time_equal(self.csrf_token(iid), presented or "")

    def session_csrf_token(self, session_cookie: str) -> str:
        return hmac_hex(self._csrf_key, f"sso:{session_cookie}")[:40]

    def check_session_csrf(self, session_cookie: str | None, presented: str | None) -> bool:
        if not session_cookie or not presented:
            return False
        return constant_time_equal(self.session_csrf_token(session_cookie), presented)
