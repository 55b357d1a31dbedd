"""OIDC provider: a client's subject type (public or pairwise identifiers, OIDC Core §8).

Revision ID: 0302pairwise
Revises: 0301oidc
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0302pairwise"
down_revision = "0301oidc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing clients keep the account id as their sub.
    op.add_column("oidc_clients", sa.Column("subject_type", sa.String(16), nullable=False, server_default="public"))


def downgrade() -> None:
    with op.batch_alter_table("oidc_clients") as batch:
        batch.drop_column("subject_type")
