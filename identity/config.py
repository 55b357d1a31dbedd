"""The identity domain's settings, built once by the composition root from BAWABA_* variables."""

from __future__ import annotations

import msgspec


class IdentityConfig(msgspec.Struct, frozen=True, kw_only=True):
    # The public base URL; the OIDC issuer identifier and the base of every absolute link.
    issuer: str = "http://127.0.0.1:8000"
    # "dev" enables the documented conveniences (personas, visible SMS codes, silent login); "prod" refuses them.
    profile: str = "dev"
    dev_features: bool = True
    # Server secret: derives synthetic population credentials, keys HMACs (audit CPR hashes, CSRF), encrypts key files.
    secret_key: str = "dev-insecure-secret-key-change-me-0000000000"
    # Bearer token for the admin API (Authorization: Bearer ...).
    admin_token: str = "dev-admin-token"
    # Directory for key material that must survive restarts (signing keys are also kept in the database).
    keys_dir: str = "var/keys"
    # Where seeds/identity/*.json live.
    seeds_dir: str = "seeds"
    # Session cookie: Secure outside the dev profile.
    cookie_secure: bool = False
    # Worker threads for argon2 verification: bounded to the cores.
    hash_workers: int = 2
    # Public certificate verification (API and /verify page): requests per client address and minute.
    verify_rate_per_minute: int = 600
    # OpenID Connect lifetimes (seconds). Codes: 60 s like panva's oidc-provider; access tokens short-lived JWTs;
    # the SSO session and a grant's refresh tokens end with NIST's 12 h re-authentication bound.
    code_ttl: int = 60
    access_token_ttl: int = 300
    id_token_ttl: int = 600
    refresh_token_ttl: int = 43_200
    session_ttl: int = 43_200
    interaction_ttl: int = 900
    # Per client IP and minute: sign-in form posts (password and TOTP) and token-endpoint calls.
    login_rate_limit: int = 300
    token_rate_limit: int = 1200
    # eKey lockout (accounts area): after `lockout_threshold` consecutive failures (password or OTP) the account
    # locks for lockout_step_seconds x (number of lockouts), at most lockout_max_seconds; the count is forgotten
    # after lockout_forget_seconds without failures. Simulator choices (identity.md §4), not iGA facts.
    lockout_threshold: int = 5
    lockout_step_seconds: int = 60
    lockout_max_seconds: int = 900
    lockout_forget_seconds: int = 12 * 3600
    # Issuer label shown by authenticator apps for eKey TOTP credentials.
    totp_issuer: str = "eKey (Bawaba)"

    @property
    def is_dev(self) -> bool:
        return self.profile == "dev" and self.dev_features
