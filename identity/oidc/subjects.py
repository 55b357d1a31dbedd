"""Subject identifiers (OpenID Connect Core §8): public (the account id, the same for every client) or pairwise
(different for each sector, so two relying parties cannot join their records of a citizen by `sub`).

The sector is the host shared by a pairwise client's redirect URIs (§8.1: registration refuses pairwise clients
whose redirect URIs span hosts, since Bawaba takes no sector_identifier_uri). A pairwise `sub` is
HMAC-SHA256(sector | account id) under a key derived from BAWABA_SECRET_KEY: stable across logins and workers,
unlinkable between sectors without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from identity.oidc.crypto import b64url, derive_key

SUBJECT_TYPES = ("public", "pairwise")


def sector_of(redirect_uri: str) -> str:
    """The host of a redirect URI; an app's private-use scheme (bh.gov.app:/cb) stands for its host."""
    parts = urlsplit(redirect_uri)
    return (parts.hostname or parts.scheme).lower()


def sectors(redirect_uris: list[str] | tuple[str, ...]) -> set[str]:
    return {sector_of(uri) for uri in redirect_uris}


class SubjectMinter:
    def __init__(self, secret_key: str) -> None:
        self._key = derive_key(secret_key, "pairwise-sub")

    def pairwise(self, sector: str, account_id: str) -> str:
        return b64url(hmac.new(self._key, f"{sector}|{account_id}".encode(), hashlib.sha256).digest())

    def claims_for(self, claims: dict, subject_type: str, redirect_uris: tuple[str, ...]) -> dict:
        """The claims snapshot a client's grant stores: with its pairwise `sub` when the client asked for one."""
        if subject_type != "pairwise":
            return claims
        return {**claims, "sub": self.pairwise(sector_of(redirect_uris[0]), claims["sub"])}
