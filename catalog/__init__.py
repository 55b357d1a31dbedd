"""The e-service catalog: 700+ bilingual services, search, statistics."""

from catalog.config import CatalogConfig
from catalog.plugin import CatalogPlugin

__all__ = ("CatalogConfig", "CatalogPlugin")
