"""OIDC provider: relying parties, signing keys, SSO sessions, consents, grants, used assertion ids, rate counters.

Revision ID: 0301oidc
Revises: 0001base
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import op

revision = "0301oidc"
down_revision = "0001base"
branch_labels = ("oidc",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oidc_clients",
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=True),
        sa.Column("auth_method", sa.String(32), nullable=False),
        sa.Column("redirect_uris", sa.JSON(), nullable=False),
        sa.Column("post_logout_redirect_uris", sa.JSON(), nullable=False),
        sa.Column("jwks_uri", sa.String(500), nullable=True),
        sa.Column("jwks", sa.JSON(), nullable=True),
        sa.Column("id_token_alg", sa.String(10), nullable=False),
        sa.Column("skip_consent", sa.Boolean(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
    )
    op.create_table(
        "oidc_signing_keys",
        sa.Column("kid", sa.String(64), primary_key=True),
        sa.Column("alg", sa.String(10), nullable=False),
        sa.Column("sealed_private_jwk", sa.LargeBinary(), nullable=False),
        sa.Column("public_jwk", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
    )
    op.create_table(
        "oidc_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("sid", sa.String(32), nullable=False, unique=True),
        sa.Column("account_id", GUID(length=16), nullable=False),
        sa.Column("acr", sa.String(100), nullable=False),
        sa.Column("auth_time", sa.Integer(), nullable=False),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("ended_at", DateTimeUTC(timezone=True), nullable=True),
    )
    op.create_table(
        "oidc_consents",
        sa.Column("account_id", GUID(length=16), primary_key=True),
        sa.Column("client_id", sa.String(64), primary_key=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
    )
    op.create_table(
        "oidc_grants",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("account_id", GUID(length=16), nullable=False),
        sa.Column("sid", sa.String(32), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=True),
        sa.Column("code_expires_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("code_used_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("redirect_uri", sa.String(500), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("nonce", sa.String(512), nullable=True),
        sa.Column("code_challenge", sa.String(128), nullable=False),
        sa.Column("acr", sa.String(100), nullable=False),
        sa.Column("amr", sa.JSON(), nullable=False),
        sa.Column("auth_time", sa.Integer(), nullable=False),
        sa.Column("claims", sa.JSON(), nullable=False),
        sa.Column("refresh_hash", sa.String(64), nullable=True),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("revoked_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
    )
    op.create_index("ix_oidc_grants_sid", "oidc_grants", ["sid"])
    op.create_index("ix_oidc_grants_account_client", "oidc_grants", ["account_id", "client_id"])
    op.create_table(
        "oidc_used_jti",
        sa.Column("key", sa.String(300), primary_key=True),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=False),
    )
    op.create_index("ix_oidc_used_jti_expires_at", "oidc_used_jti", ["expires_at"])
    op.create_table(
        "oidc_rate_counters",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("window", sa.Integer(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("oidc_rate_counters")
    op.drop_index("ix_oidc_used_jti_expires_at", table_name="oidc_used_jti")
    op.drop_table("oidc_used_jti")
    op.drop_index("ix_oidc_grants_account_client", table_name="oidc_grants")
    op.drop_index("ix_oidc_grants_sid", table_name="oidc_grants")
    op.drop_table("oidc_grants")
    op.drop_table("oidc_consents")
    op.drop_table("oidc_sessions")
    op.drop_table("oidc_signing_keys")
    op.drop_table("oidc_clients")
