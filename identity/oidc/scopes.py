"""Scopes, the claims each releases, and Bawaba's acr values.

The acr URIs are Bawaba's own (iGA publishes none): Standard = CPR + password (+ Bawaba's TOTP step),
Advanced = identity verified in person (fingerprint at a kiosk or service centre).
"""

from __future__ import annotations

ACR_STANDARD = "urn:bawaba:ekey:acr:standard"
ACR_ADVANCED = "urn:bawaba:ekey:acr:advanced"
ACR_BY_LEVEL = {"standard": ACR_STANDARD, "advanced": ACR_ADVANCED}
ACR_RANK = {ACR_STANDARD: 1, ACR_ADVANCED: 2}
AMR = ("pwd", "otp")

NAME_CLAIMS = (
    "name", "given_name", "middle_name", "family_name",
    "name#ar", "given_name#ar", "middle_name#ar", "family_name#ar",
)  # fmt: skip
PROFILE_CLAIMS = (*NAME_CLAIMS, "birthdate", "gender", "nationality")

# Standard OIDC scopes plus the eKYC scope names of eKey 2.0 that map onto the register's data (identity.md §2).
SCOPE_CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "profile": PROFILE_CLAIMS,
    "cpr": ("cpr",),
    "address": ("address",),
    "phone": ("phone_number",),
    "ekyc-bhr-name": NAME_CLAIMS,
    "ekyc-bhr-birth": ("birthdate",),
    "ekyc-bhr-nationality": ("nationality",),
    "ekyc-bhr-address": ("address",),
    "ekyc-bhr-contact": ("phone_number",),
}
# Scopes of Bawaba's own service APIs: they release no claims, they authorize API calls (bearer access tokens).
API_SCOPES = ("certificates",)
SCOPES_SUPPORTED = (
    "openid", "profile", "cpr", "address", "phone", "offline_access", *list(SCOPE_CLAIMS)[5:], *API_SCOPES,
)  # fmt: skip
CLAIMS_SUPPORTED = sorted(
    {c for claims in SCOPE_CLAIMS.values() for c in claims} | {"acr", "amr", "auth_time", "sid", "nonce"}
)


def allowed_scope(scope: str | None) -> str:
    """Keep the scopes Bawaba understands, in request order; unknown ones are ignored (OIDC Core §3.1.2.1)."""
    seen: list[str] = []
    for item in (scope or "").split():
        if item in SCOPES_SUPPORTED and item not in seen:
            seen.append(item)
    return " ".join(seen)


def claims_for_scope(snapshot: dict, scope: str) -> dict:
    released: dict = {"sub": snapshot["sub"]}
    for item in scope.split():
        for claim in SCOPE_CLAIMS.get(item, ()):
            value = snapshot.get(claim)
            if value not in (None, ""):
                released[claim] = value
    return released


def requested_minimum_acr(acr_values: str | None) -> str | None:
    """The weakest level the relying party accepts; unknown values are ignored (acr_values is voluntary)."""
    known = [value for value in (acr_values or "").split() if value in ACR_RANK]
    return min(known, key=ACR_RANK.__getitem__) if known else None


def acr_satisfies(acr: str, minimum: str | None) -> bool:
    return minimum is None or ACR_RANK.get(acr, 0) >= ACR_RANK[minimum]
