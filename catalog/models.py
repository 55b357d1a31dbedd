"""Catalog tables (design catalog.md §1): CPSV-AP 3.2.0 public services plus what bahrain.bh shows and CPSV lacks.

Conventions:
- Bilingual text is a pair of columns `<field>_en` / `<field>_ar`.
- Money is integer fils (1 BHD = 1,000 fils); `Decimal` only at the API edge.
- Primary keys of seeded rows are deterministic UUIDv5 values computed by the generator (`seeds/catalog`), so the
  loader upserts by id without lookups and every machine gets the same ids.
- Join and statistics tables use natural composite keys (no surrogate id) so that a reload is an idempotent upsert.
"""

from __future__ import annotations

import datetime
import uuid

from advanced_alchemy.base import DefaultBase, UUIDAuditBase, UUIDBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Allowed values (validated by the seed Structs and the API; kept as plain strings so the DDL is identical on both DBs).
ENTITY_TYPES = ("ministry", "authority", "council", "municipality", "governorate", "directorate", "bank")
EVENT_KINDS = ("life", "business")
CHANNEL_KINDS = ("portal", "app", "kiosk", "centre", "contact_centre", "entity_site", "sms")
# Channels whose transactions count as e-transactions (the report's "national portal, smart apps and other e-channels").
ELECTRONIC_CHANNEL_KINDS = ("portal", "app", "kiosk", "entity_site", "sms")
SERVICE_STATUSES = ("active", "inactive", "planned")
EKEY_LEVELS = ("none", "standard", "advanced")
FEE_TYPES = ("free", "fixed", "variable", "per_unit")
AUDIENCES = ("citizen", "resident", "business", "visitor", "government")
OUTPUT_TYPES = ("certificate", "licence", "permit", "e-document", "receipt", "registration", "appointment", "response")
TAWASUL_TYPES = ("complaint", "suggestion", "enquiry")

_ON_DELETE = "CASCADE"


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Mapped:
    return mapped_column(ForeignKey(target, ondelete=_ON_DELETE), nullable=nullable, index=index)


class Entity(UUIDAuditBase):
    """A competent authority (CPSV `PublicOrganisation`)."""

    __tablename__ = "entity"

    code: Mapped[str] = mapped_column(String(16), unique=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    short_name_en: Mapped[str] = mapped_column(String(60))
    short_name_ar: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("entity.id", ondelete="SET NULL"), nullable=True)
    website: Mapped[str | None] = mapped_column(String(200), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    spatial: Mapped[str] = mapped_column(String(8), default="BH")
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Category(UUIDBase):
    """Thematic area (CPSV `thematicArea`) with its COFOG code."""

    __tablename__ = "category"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("category.id", ondelete="SET NULL"), nullable=True)
    cofog_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Event(UUIDBase):
    """Life event or business event (CPSV `isGroupedBy`)."""

    __tablename__ = "event"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    eu_code: Mapped[str | None] = mapped_column(String(60), nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class App(UUIDBase):
    """A smart-phone app of the eGovernment app store (bahrain.bh/apps)."""

    __tablename__ = "app"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_ar: Mapped[str] = mapped_column(String(120))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    entity_id: Mapped[uuid.UUID] = _fk("entity.id")
    store_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    launched_on: Mapped[datetime.date | None] = mapped_column(Date, nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Channel(UUIDBase):
    """A delivery channel (CPSV `Channel`). `code` is unique (`portal`, `app:etraffic`, ...); `kind` groups them."""

    __tablename__ = "channel"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    europass_type: Mapped[str | None] = mapped_column(String(60), nullable=True)
    app_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("app.id", ondelete="SET NULL"), nullable=True)
    url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    is_electronic: Mapped[bool] = mapped_column(Boolean, default=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class NationalSystem(UUIDBase):
    """A national system behind services (Sijilat 3.0, Benayat, Tawasul, GIS, Aqari, ...)."""

    __tablename__ = "national_system"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    entity_id: Mapped[uuid.UUID] = _fk("entity.id")
    launched_on: Mapped[datetime.date | None] = mapped_column(Date, nullable=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Service(UUIDAuditBase):
    """A public service (CPSV `PublicService`). `version` drives the detail ETag; `updated_at` the change feed."""

    __tablename__ = "service"
    __table_args__ = (Index("ix_service_status_updated_at", "status", "updated_at"),)

    code: Mapped[str] = mapped_column(String(20), unique=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    entity_id: Mapped[uuid.UUID] = _fk("entity.id")
    national_system_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("national_system.id", ondelete="SET NULL"), nullable=True, index=True
    )
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    short_description_en: Mapped[str] = mapped_column(Text)
    short_description_ar: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    description_ar: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="active")
    # True when at least one electronic channel delivers the service end to end (the 89 % digitalisation ratio).
    is_digital: Mapped[bool] = mapped_column(Boolean, default=True)
    ekey_level: Mapped[str] = mapped_column(String(10), default="none")
    processing_time_iso: Mapped[str | None] = mapped_column(String(20), nullable=True)
    processing_time_text_en: Mapped[str | None] = mapped_column(String(200), nullable=True)
    processing_time_text_ar: Mapped[str | None] = mapped_column(String(200), nullable=True)
    fee_type: Mapped[str] = mapped_column(String(10), default="free")
    launched_on: Mapped[datetime.date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Where the service comes from: "report" (named by the iGA H1 2024 report or its Sijilat / Benayat sets),
    # "synthetic" (filler for a count the report gives), "template" (generated from the verb × object grammar).
    provenance: Mapped[str] = mapped_column(String(12), default="template")
    # 1 = most used in H1 2024 (by e-transactions); services without statistics rank after all others.
    popularity_rank: Mapped[int] = mapped_column(Integer, default=0, index=True)
    # Normalized, analyzed text written by catalog.search_index (never by hand).
    search_doc_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    search_doc_ar: Mapped[str | None] = mapped_column(Text, nullable=True)

    entity: Mapped[Entity] = relationship(lazy="raise")
    national_system: Mapped[NationalSystem | None] = relationship(lazy="raise")


class ServiceCategory(DefaultBase):
    __tablename__ = "service_category"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    category_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("category.id", ondelete=_ON_DELETE), primary_key=True, index=True
    )
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class ServiceEvent(DefaultBase):
    __tablename__ = "service_event"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("event.id", ondelete=_ON_DELETE), primary_key=True, index=True
    )


class ServiceAudience(DefaultBase):
    """Target audience as a join table (filterable on both databases); values from AUDIENCES."""

    __tablename__ = "service_audience"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    audience: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class ServiceRelated(DefaultBase):
    """`kind` = requires (CPSV `requires`) or related (CPSV `related`)."""

    __tablename__ = "service_related"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    related_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(10), default="related")


class ServiceChannel(DefaultBase):
    __tablename__ = "service_channel"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channel.id", ondelete=_ON_DELETE), primary_key=True, index=True
    )
    url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    processing_time_iso: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ekey_level_override: Mapped[str | None] = mapped_column(String(10), nullable=True)
    notes_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    notes_ar: Mapped[str | None] = mapped_column(Text, nullable=True)


class Cost(UUIDBase):
    """Price of a service; `channel_id` NULL means every channel (CPSV `ifAccessedThrough`)."""

    __tablename__ = "cost"

    service_id: Mapped[uuid.UUID] = _fk("service.id")
    channel_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("channel.id", ondelete=_ON_DELETE), nullable=True)
    amount_fils: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="BHD")
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    defined_by_entity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("entity.id", ondelete="SET NULL"), nullable=True
    )
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Requirement(UUIDBase):
    """CPSV `Criterion`: who may use the service and under which conditions."""

    __tablename__ = "requirement"

    service_id: Mapped[uuid.UUID] = _fk("service.id")
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    type: Mapped[str] = mapped_column(String(30), default="eligibility")
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Evidence(UUIDBase):
    """CPSV `Evidence`: a document the applicant supplies (per channel when `channel_id` is set)."""

    __tablename__ = "evidence"

    service_id: Mapped[uuid.UUID] = _fk("service.id")
    channel_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("channel.id", ondelete=_ON_DELETE), nullable=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    type: Mapped[str] = mapped_column(String(30), default="document")
    is_mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Output(UUIDBase):
    """CPSV `Output`: what the applicant receives (certificate, licence, permit, e-document, receipt, ...)."""

    __tablename__ = "output"

    service_id: Mapped[uuid.UUID] = _fk("service.id")
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    description_en: Mapped[str | None] = mapped_column(Text, nullable=True)
    description_ar: Mapped[str | None] = mapped_column(Text, nullable=True)
    type: Mapped[str] = mapped_column(String(20))
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Step(DefaultBase):
    """Procedure step n (EU SDG Regulation 2018/1724 Art. 10(a)); no CPSV home."""

    __tablename__ = "step"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_en: Mapped[str] = mapped_column(Text)
    text_ar: Mapped[str] = mapped_column(Text)


class LegalResource(UUIDBase):
    __tablename__ = "legal_resource"

    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_ar: Mapped[str] = mapped_column(String(300))
    eli_or_url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    number: Mapped[str | None] = mapped_column(String(20), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ServiceLegal(DefaultBase):
    __tablename__ = "service_legal"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    legal_resource_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("legal_resource.id", ondelete=_ON_DELETE), primary_key=True, index=True
    )


class ContactPoint(UUIDBase):
    """Contact of an entity (entity_id) or of one service (service_id)."""

    __tablename__ = "contact_point"

    entity_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("entity.id", ondelete=_ON_DELETE), nullable=True, index=True
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service.id", ondelete=_ON_DELETE), nullable=True, index=True
    )
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    url: Mapped[str | None] = mapped_column(String(300), nullable=True)
    opening_hours_en: Mapped[str | None] = mapped_column(String(200), nullable=True)
    opening_hours_ar: Mapped[str | None] = mapped_column(String(200), nullable=True)


class StatsServiceMonth(DefaultBase):
    """E-transactions and payments per service, electronic channel and month ('YYYY-MM'); raked to the iGA report."""

    __tablename__ = "stats_service_month"

    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete=_ON_DELETE), primary_key=True)
    channel_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("channel.id", ondelete=_ON_DELETE), primary_key=True, index=True
    )
    month: Mapped[str] = mapped_column(String(7), primary_key=True, index=True)
    transactions: Mapped[int] = mapped_column(BigInteger)
    payments_fils: Mapped[int] = mapped_column(BigInteger)


class StatsAppMonth(DefaultBase):
    """Monthly active users and downloads per app (a different unit from transactions, hence its own table)."""

    __tablename__ = "stats_app_month"

    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app.id", ondelete=_ON_DELETE), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    users: Mapped[int] = mapped_column(BigInteger)
    downloads: Mapped[int] = mapped_column(BigInteger)


class TawasulStatsMonth(DefaultBase):
    """Tawasul cases aggregated per entity, month and case type (85 K cases would be 85 K rows otherwise)."""

    __tablename__ = "tawasul_stats_month"

    entity_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entity.id", ondelete=_ON_DELETE), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    case_type: Mapped[str] = mapped_column(String(12), primary_key=True)
    cases: Mapped[int] = mapped_column(Integer)
    within_sla: Mapped[int] = mapped_column(Integer)
    sla_hours: Mapped[int] = mapped_column(Integer)
    # Mean hours from opening to closure, rounded; satisfaction = satisfied / rated.
    mean_close_hours: Mapped[int] = mapped_column(Integer)
    rated: Mapped[int] = mapped_column(Integer)
    satisfied: Mapped[int] = mapped_column(Integer)


class CatalogVersion(DefaultBase):
    """One row per import; list ETags derive from the newest `etag`."""

    __tablename__ = "catalog_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    etag: Mapped[str] = mapped_column(String(80), unique=True)
    source_digest: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    services: Mapped[int] = mapped_column(Integer, default=0)
