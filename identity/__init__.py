"""eKey: the national digital identity provider (accounts, OpenID Connect sign-in, certificates)."""

from identity.config import IdentityConfig
from identity.plugin import IdentityPlugin

__all__ = ("IdentityConfig", "IdentityPlugin")
