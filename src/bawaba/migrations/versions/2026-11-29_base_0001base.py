"""Base: the root's shared key-value store and the seed ledger. Every domain branch starts here.

Revision ID: 0001base
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from advanced_alchemy.types import GUID, DateTimeUTC

revision = "0001base"
down_revision = None
branch_labels = ("base",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kv_store",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("namespace", sa.String(255), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
    )
    op.create_index("ix_kv_store_key_namespace_unique", "kv_store", ["key", "namespace"], unique=True)
    op.create_index("ix_kv_store_expires_at", "kv_store", ["expires_at"])
    op.create_table(
        "seed_runs",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("digest", sa.String(128), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("completed_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("seed_runs")
    op.drop_index("ix_kv_store_expires_at", table_name="kv_store")
    op.drop_index("ix_kv_store_key_namespace_unique", table_name="kv_store")
    op.drop_table("kv_store")
