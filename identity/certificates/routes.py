"""Every route of the certificates area, as handed to IdentityPlugin.feature_handlers."""

from __future__ import annotations

from litestar.middleware.rate_limit import RateLimitConfig
from litestar.router import Router

from identity.certificates.civil import birth_registration_status
from identity.certificates.controllers import (
    CertificateController,
    RevocationController,
    status_list,
    trust_list,
    verify_certificate,
)
from identity.certificates.pages import verify_page, verify_submit
from identity.config import IdentityConfig


def certificate_handlers(config: IdentityConfig) -> list:
    # Verification is public and costs a signature check, a query and maybe an image decode: rate limited per
    # client address through the shared "rate_limit" store, so the limit holds across workers.
    limit = RateLimitConfig(rate_limit=("minute", config.verify_rate_per_minute), store="rate_limit")
    verification = Router(path="/", route_handlers=[verify_certificate, verify_submit], middleware=[limit.middleware])
    return [
        CertificateController,
        RevocationController,
        verification,
        verify_page,
        trust_list,
        status_list,
        birth_registration_status,
    ]
