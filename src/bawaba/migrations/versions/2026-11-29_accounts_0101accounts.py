"""Accounts: citizen register, eKey accounts, append-only login audit, SMS challenges.

Revision ID: 0101accounts
Revises: 0001base
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import op

revision = "0101accounts"
down_revision = "0001base"
branch_labels = ("accounts",)
depends_on = None


def _audit_columns() -> list[sa.Column]:
    return [
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "citizens",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("cpr", sa.String(9), nullable=False),
        sa.Column("given_name_en", sa.String(64), nullable=False),
        sa.Column("middle_name_en", sa.String(64), nullable=False),
        sa.Column("family_name_en", sa.String(64), nullable=False),
        sa.Column("given_name_ar", sa.String(64), nullable=False),
        sa.Column("middle_name_ar", sa.String(64), nullable=False),
        sa.Column("family_name_ar", sa.String(64), nullable=False),
        sa.Column("birthdate", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(1), nullable=False),
        sa.Column("nationality", sa.String(3), nullable=False),
        sa.Column("governorate", sa.String(16), nullable=False),
        sa.Column("block", sa.String(4), nullable=False),
        sa.Column("road", sa.String(5), nullable=False),
        sa.Column("building", sa.String(5), nullable=False),
        sa.Column("mobile", sa.String(16), nullable=False),
        sa.Column("id_card_number", sa.String(12), nullable=False),
        sa.Column("id_card_expiry", sa.Date(), nullable=False),
        sa.Column("deceased_on", sa.Date(), nullable=True),
        sa.Column("father_cpr", sa.String(9), nullable=True),
        sa.Column("mother_cpr", sa.String(9), nullable=True),
        sa.Column("spouse_cpr", sa.String(9), nullable=True),
        sa.Column("cr_number", sa.String(16), nullable=True),
        sa.Column("origin", sa.String(12), nullable=False),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        *_audit_columns(),
        sa.UniqueConstraint("cpr", name="uq_citizens_cpr"),
    )
    op.create_table(
        "ekey_accounts",
        sa.Column("id", GUID(length=16), sa.ForeignKey("citizens.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(160), nullable=True),
        sa.Column("totp_secret", sa.String(64), nullable=True),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("lockouts", sa.Integer(), nullable=False),
        sa.Column("locked_until", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("last_failure_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("last_login_at", DateTimeUTC(timezone=True), nullable=True),
        *_audit_columns(),
    )
    op.create_table(
        "ekey_login_audit",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("occurred_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("cpr_hash", sa.String(32), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=True),
        sa.Column("ip", sa.String(45), nullable=True),
        sa.Column("step", sa.String(12), nullable=False),
        sa.Column("outcome", sa.String(8), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
    )
    op.create_index("ix_ekey_login_audit_occurred_at", "ekey_login_audit", ["occurred_at"])
    op.create_table(
        "ekey_challenges",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("purpose", sa.String(12), nullable=False),
        sa.Column("account_id", GUID(length=16), sa.ForeignKey("ekey_accounts.id", ondelete="CASCADE"), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("consumed_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("dev_message", sa.String(200), nullable=True),
        sa.Column("mobile_hint", sa.String(16), nullable=True),
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
    )
    _append_only_audit()


def _append_only_audit() -> None:
    """The login audit refuses UPDATE and DELETE at the database, not only in application code."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION ekey_login_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'ekey_login_audit is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER ekey_login_audit_no_change BEFORE UPDATE OR DELETE ON ekey_login_audit "
            "FOR EACH ROW EXECUTE FUNCTION ekey_login_audit_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER ekey_login_audit_no_{action.lower()} BEFORE {action} ON ekey_login_audit "
                "BEGIN SELECT RAISE(ABORT, 'ekey_login_audit is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ekey_login_audit_no_change ON ekey_login_audit")
        op.execute("DROP FUNCTION IF EXISTS ekey_login_audit_append_only()")
    op.drop_table("ekey_challenges")
    op.drop_index("ix_ekey_login_audit_occurred_at", table_name="ekey_login_audit")
    op.drop_table("ekey_login_audit")
    op.drop_table("ekey_accounts")
    op.drop_table("citizens")
