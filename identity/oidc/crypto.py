"""Small symmetric helpers: keys derived from BAWABA_SECRET_KEY, AES-GCM sealing, hashes, random handles."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def derive_key(secret_key: str, purpose: str) -> bytes:
    """One 256-bit key per purpose, so a leak of one use (say CSRF) says nothing about another (key sealing)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"bawaba/oidc/{purpose}".encode()).derive(
        secret_key.encode()
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def random_handle(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


class Sealer:
    """AES-GCM with associated data naming the use, so a blob sealed for one purpose never opens as another."""

    def __init__(self, key: bytes, purpose: str) -> None:
        self._aead = AESGCM(key)
        self._aad = purpose.encode()

    def seal(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext, self._aad)

    def open(self, blob: bytes) -> bytes | None:
        if len(blob) < 28:
            return None
        try:
            return self._aead.decrypt(blob[:12], blob[12:], self._aad)
        except Exception:  # InvalidTag: tampered, truncated or sealed with another key
            return None


def hmac_hex(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
