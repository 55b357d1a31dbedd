"""The dependencies every identity handler may ask for, by name (Litestar 3 injects only parameters marked so).

``db_session`` is the request's session (the composition root's SQLAlchemy plugin); ``identity_config`` comes from
``identity.plugin``.
"""

from __future__ import annotations

from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from identity.config import IdentityConfig

DbSession = NamedDependency[AsyncSession]
ConfigDep = NamedDependency[IdentityConfig]
