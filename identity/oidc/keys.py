"""The provider's signing keys: generated once, sealed in the database, imported once per worker.

authlib would re-import a JWK dict on every ID token (~49 ms for RSA): the ring hands it joserfc key objects.
ES256 is the default; RS256 exists for relying parties that ask for it (`id_token_signed_response_alg`).
"""

from __future__ import annotations

import datetime
import json
import logging
import secrets
import time
from dataclasses import dataclass, field

import anyio
from joserfc.jwk import ECKey, KeySet, RSAKey, import_key
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from identity.oidc.crypto import Sealer, derive_key
from identity.oidc.models import SigningKey

log = logging.getLogger("identity.oidc.keys")
SIGNING_ALGS = ("ES256", "RS256")
# Another worker may rotate keys; re-read the table this often so every worker publishes the same JWKS.
RELOAD_SECONDS = 300


def _generate(alg: str) -> ECKey | RSAKey:
    kid = f"{alg.lower()}-{secrets.token_hex(6)}"
    params = {"kid": kid, "alg": alg, "use": "sig"}
    if alg == "ES256":
        return ECKey.generate_key("P-256", parameters=params, private=True)
    return RSAKey.generate_key(2048, parameters=params, private=True)


@dataclass
class KeyRing:
    secret_key: str
    signing: dict[str, ECKey | RSAKey] = field(default_factory=dict)
    public: KeySet = field(default_factory=lambda: KeySet([]))
    jwks_json: bytes = b'{"keys":[]}'
    loaded_at: float = 0.0
    _lock: anyio.Lock = field(default_factory=anyio.Lock)

    @property
    def sealer(self) -> Sealer:
        return Sealer(derive_key(self.secret_key, "signing-keys"), "signing-key")

    @property
    def fresh(self) -> bool:
        """Loaded recently enough: ``ensure_loaded`` has nothing to do (callers skip opening a session)."""
        return bool(self.signing) and time.monotonic() - self.loaded_at < RELOAD_SECONDS

    async def ensure_loaded(self, session: AsyncSession) -> None:
        if self.fresh:
            return
        async with self._lock:
            if self.fresh:
                return
            await self.load(session)
            if not all(alg in self.signing for alg in SIGNING_ALGS):
                # First start without the seed step: create what is missing (committed by the request).
                await ensure_signing_keys(session, self.secret_key, missing=set(SIGNING_ALGS) - set(self.signing))
                await self.load(session)

    async def load(self, session: AsyncSession) -> None:
        table = SigningKey.__table__
        rows = (await session.execute(select(table).order_by(table.c.created_at, table.c.kid))).all()
        sealer = self.sealer
        signing: dict[str, ECKey | RSAKey] = {}
        public = []
        for row in rows:
            public.append(row.public_jwk)
            if row.status != "active":
                continue
            opened = sealer.open(row.sealed_private_jwk)
            if opened is None:
                # Sealed under another BAWABA_SECRET_KEY: still published (tokens it signed verify), never used.
                log.warning("signing key %s was sealed with another secret key; a new key replaces it", row.kid)
                continue
            # Rows are ordered oldest first, so the newest active key per algorithm wins on every worker.
            signing[row.alg] = import_key(json.loads(opened))  # type: ignore[assignment]
        self.signing = signing
        self.public = KeySet.import_key_set({"keys": public})
        self.jwks_json = json.dumps({"keys": public}, separators=(",", ":")).encode()
        self.loaded_at = time.monotonic()

    def key_for(self, alg: str) -> ECKey | RSAKey:
        return self.signing[alg]

    def kid_for(self, alg: str) -> str:
        return self.signing[alg].kid  # type: ignore[return-value]

    def has_kid(self, kid: str | None) -> bool:
        return any(k.kid == kid for k in self.public.keys)


async def ensure_signing_keys(session: AsyncSession, secret_key: str, missing: set[str] | None = None) -> int:
    """Create an active key for every algorithm that has none (or for ``missing``); returns how many were created."""
    table = SigningKey.__table__
    active = set((await session.execute(select(table.c.alg).where(table.c.status == "active"))).scalars())
    if missing is not None:
        active = set(SIGNING_ALGS) - missing
    sealer = Sealer(derive_key(secret_key, "signing-keys"), "signing-key")
    created = 0
    for alg in SIGNING_ALGS:
        if alg in active:
            continue
        key = await anyio.to_thread.run_sync(_generate, alg)  # RSA generation takes ~50-200 ms
        await session.execute(
            insert(table).values(
                kid=key.kid,
                alg=alg,
                sealed_private_jwk=sealer.seal(json.dumps(key.as_dict(private=True)).encode()),
                public_jwk=key.as_dict(private=False),
                status="active",
                created_at=datetime.datetime.now(datetime.UTC),
            )
        )
        created += 1
    return created


async def rotate_signing_keys(session: AsyncSession, secret_key: str) -> int:
    """Retire the active keys (still published, so issued tokens verify) and create fresh ones."""
    table = SigningKey.__table__
    await session.execute(update(table).where(table.c.status == "active").values(status="retired"))
    return await ensure_signing_keys(session, secret_key)
