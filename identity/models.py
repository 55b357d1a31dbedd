"""Every identity model module, imported so Alembic's metadata sees all tables."""

# Each feature area adds its models module here.
from identity.accounts import models as _accounts_models  # noqa: F401
from identity.certificates import models as _certificates_models  # noqa: F401
from identity.oidc import models as _oidc_models  # noqa: F401
