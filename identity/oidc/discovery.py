"""The OpenID Provider metadata document (OIDC Discovery 1.0, RFC 8414), built once per app."""

from __future__ import annotations

import msgspec

from identity.oidc.clients import AUTH_METHODS, ID_TOKEN_ALGS
from identity.oidc.scopes import ACR_ADVANCED, ACR_STANDARD, CLAIMS_SUPPORTED, SCOPES_SUPPORTED

ENDPOINTS = {
    "authorization_endpoint": "/oidc/auth",
    "token_endpoint": "/oidc/token",
    "userinfo_endpoint": "/oidc/me",
    "jwks_uri": "/oidc/jwks",
    "revocation_endpoint": "/oidc/token/revocation",
    "introspection_endpoint": "/oidc/token/introspection",
    "end_session_endpoint": "/oidc/session/end",
    "pushed_authorization_request_endpoint": "/oidc/par",
}


def provider_metadata(issuer: str) -> bytes:
    doc = {
        "issuer": issuer,
        **{name: issuer + path for name, path in ENDPOINTS.items()},
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "subject_types_supported": ["public", "pairwise"],
        "id_token_signing_alg_values_supported": list(ID_TOKEN_ALGS),
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256", "PS256", "EdDSA"],
        "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "introspection_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": list(SCOPES_SUPPORTED),
        "claims_supported": CLAIMS_SUPPORTED,
        "acr_values_supported": [ACR_STANDARD, ACR_ADVANCED],
        "prompt_values_supported": ["none", "login", "consent"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "require_pushed_authorization_requests": False,
        "authorization_response_iss_parameter_supported": True,
        "ui_locales_supported": ["ar", "en"],
        "claims_locales_supported": ["en", "ar"],
    }
    return msgspec.json.encode(doc)
