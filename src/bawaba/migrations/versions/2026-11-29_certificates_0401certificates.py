"""Certificates: signer and anchor keys, status lists, issued certificates and their renderings, birth
registration applications.

Revision ID: 0401certificates
Revises: 0001base
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from advanced_alchemy.types import GUID, DateTimeUTC
from alembic import op

revision = "0401certificates"
down_revision = "0001base"
branch_labels = ("certificates",)
depends_on = None


def _audit() -> list[sa.Column]:
    return [
        sa.Column("sa_orm_sentinel", sa.Integer(), nullable=True),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("updated_at", DateTimeUTC(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "certificate_keys",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("kid", sa.LargeBinary(8), nullable=False),
        sa.Column("purpose", sa.String(8), nullable=False),
        sa.Column("alg", sa.String(8), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sealed_private_key", sa.LargeBinary(), nullable=False),
        sa.Column("not_before", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("issuing_until", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("withdrawn_at", DateTimeUTC(timezone=True), nullable=True),
        *_audit(),
    )
    op.create_index("ix_certificate_keys_kid", "certificate_keys", ["kid"])
    op.create_table(
        "certificate_status_lists",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("doc_type", sa.String(24), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", DateTimeUTC(timezone=True), nullable=False),
    )
    op.create_table(
        "certificates",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("serial", sa.String(32), nullable=False),
        sa.Column("doc_type", sa.String(24), nullable=False),
        sa.Column("subject_cpr", sa.String(9), nullable=False),
        sa.Column("owner_account_id", GUID(length=16), nullable=False),
        sa.Column("issued_at", DateTimeUTC(timezone=True), nullable=False),
        sa.Column("expires_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column(
            "status_list_id",
            sa.Integer(),
            sa.ForeignKey("certificate_status_lists.id", name="fk_certificates_status_list_id_certificate_status_lists"),
            nullable=False,
        ),
        sa.Column("status_idx", sa.Integer(), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("revoked_at", DateTimeUTC(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.Column("kid", sa.LargeBinary(8), nullable=False),
        sa.Column("qr_text", sa.Text(), nullable=False),
        sa.Column("qr_version", sa.SmallInteger(), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("purpose", sa.String(80), nullable=True),
        *_audit(),
        sa.UniqueConstraint("serial", name="uq_certificates_serial"),
        sa.UniqueConstraint("status_list_id", "status_idx", name="uq_certificates_status_slot"),
    )
    op.create_index("ix_certificates_subject_cpr", "certificates", ["subject_cpr"])
    op.create_index("ix_certificates_owner_account_id", "certificates", ["owner_account_id"])
    op.create_table(
        "certificate_renderings",
        sa.Column(
            "certificate_id",
            GUID(length=16),
            sa.ForeignKey(
                "certificates.id", ondelete="CASCADE", name="fk_certificate_renderings_certificate_id_certificates"
            ),
            primary_key=True,
        ),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "birth_registrations",
        sa.Column("id", GUID(length=16), primary_key=True),
        sa.Column("application_no", sa.String(20), nullable=False),
        sa.Column("child_name_en", sa.String(128), nullable=False),
        sa.Column("child_name_ar", sa.String(128), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(1), nullable=False),
        sa.Column("place_of_birth_en", sa.String(128), nullable=False),
        sa.Column("place_of_birth_ar", sa.String(128), nullable=False),
        sa.Column("mother_cpr", sa.String(9), nullable=True),
        sa.Column("father_cpr", sa.String(9), nullable=True),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("status_note_en", sa.String(255), nullable=False),
        sa.Column("status_note_ar", sa.String(255), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("status_changed_on", sa.Date(), nullable=False),
        sa.Column("child_cpr", sa.String(9), nullable=True),
        *_audit(),
        sa.UniqueConstraint("application_no", name="uq_birth_registrations_application_no"),
    )
    op.create_index("ix_birth_registrations_mother_cpr", "birth_registrations", ["mother_cpr"])
    op.create_index("ix_birth_registrations_father_cpr", "birth_registrations", ["father_cpr"])


def downgrade() -> None:
    op.drop_table("birth_registrations")
    op.drop_table("certificate_renderings")
    op.drop_table("certificates")
    op.drop_table("certificate_status_lists")
    op.drop_index("ix_certificate_keys_kid", table_name="certificate_keys")
    op.drop_table("certificate_keys")
