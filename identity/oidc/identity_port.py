"""The accounts area seen from the provider: sign-in checks and the claims snapshot stored with each grant."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from identity.accounts.authn import PasswordOutcome, TotpOutcome, check_password, check_totp
from identity.accounts.registry import IdentityClaims, identity_claims
from identity.oidc.scopes import ACR_BY_LEVEL

__all__ = (
    "AuthenticatedUser",
    "PasswordOutcome",
    "TotpOutcome",
    "check_password",
    "check_totp",
    "load_claims",
    "with_acr",
)

_GENDER = {"M": "male", "F": "female"}


@dataclass(frozen=True, slots=True)
class AuthenticatedUser:
    """The end user handed to authlib when a code is issued."""

    account_id: UUID
    sid: str | None
    acr: str
    auth_time: int
    claims: dict


def snapshot(ic: IdentityClaims) -> dict:
    """OpenID Connect claim names (language-tagged for Arabic, OIDC Core §5.2) for everything a scope may release."""
    return {
        "sub": str(ic.account_id),
        "cpr": ic.cpr,
        "name": ic.name_en,
        "given_name": ic.given_name_en,
        "family_name": ic.family_name_en,
        "name#ar": ic.name_ar,
        "given_name#ar": ic.given_name_ar,
        "family_name#ar": ic.family_name_ar,
        "birthdate": ic.birthdate.isoformat(),
        "gender": _GENDER.get(ic.gender, ic.gender),
        "nationality": ic.nationality,
        "phone_number": ic.mobile,
        "address": {
            "street_address": f"Building {ic.building}, Road {ic.road}, Block {ic.block}",
            "region": ic.governorate_en,
            "region#ar": ic.governorate_ar,
            "country": "BH",
        },
    }


async def load_claims(session: AsyncSession, account_id: UUID) -> tuple[str, dict]:
    """(acr, claims snapshot) of an account."""
    return with_acr(await identity_claims(session, account_id))


def with_acr(ic: IdentityClaims) -> tuple[str, dict]:
    """(acr, claims snapshot) of the claims an account's check returned."""
    return ACR_BY_LEVEL.get(ic.level, ACR_BY_LEVEL["standard"]), snapshot(ic)
