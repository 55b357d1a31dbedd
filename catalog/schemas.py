"""Wire contract of the catalog API (msgspec Structs). Responses only: the API takes no request bodies.

Bilingual text is always `{"en": ..., "ar": ...}`; money is integer fils plus a decimal-string BHD amount (three
decimals, never a float); dates are ISO 8601.
"""

from __future__ import annotations

import datetime

import msgspec

# ---------------------------------------------------------------- shared pieces


class I18n(msgspec.Struct, frozen=True):
    en: str
    ar: str


class Ref(msgspec.Struct, frozen=True):
    """A reference to another catalog object by its stable key (code or slug) and its name."""

    key: str
    name: I18n


class FeeSummary(msgspec.Struct, frozen=True):
    type: str
    min_fils: int | None = None


# ---------------------------------------------------------------- services


class ServiceSummary(msgspec.Struct, frozen=True, omit_defaults=True):
    id: str
    code: str
    slug: str
    name: I18n
    short_description: I18n
    entity: Ref
    categories: list[str]
    channels: list[str]
    ekey_level: str
    fee: FeeSummary
    status: str
    popularity_rank: int
    updated_at: datetime.datetime
    processing_time: str | None = None
    score: float | None = None


class ListMeta(msgspec.Struct, frozen=True):
    total: int
    limit: int
    next_cursor: str | None
    catalog_version: str


class FacetValue(msgspec.Struct, frozen=True):
    value: str
    label: I18n
    count: int


class Links(msgspec.Struct, frozen=True, omit_defaults=True):
    self: str
    next: str | None = None


class ServiceList(msgspec.Struct, frozen=True):
    data: list[ServiceSummary]
    meta: ListMeta
    facets: dict[str, list[FacetValue]]
    links: Links


class CategoryLink(msgspec.Struct, frozen=True):
    slug: str
    name: I18n
    is_primary: bool


class ServiceChannelRead(msgspec.Struct, frozen=True):
    code: str
    kind: str
    name: I18n
    url: str | None
    app: str | None
    processing_time_iso: str | None
    ekey_level: str
    notes: I18n | None


class CostRead(msgspec.Struct, frozen=True):
    amount_fils: int
    amount_bhd: str
    currency: str
    channel: str | None
    description: I18n | None
    defined_by: str | None


class NamedItem(msgspec.Struct, frozen=True):
    """Requirement, evidence or output: a named, typed item with an optional description."""

    name: I18n
    type: str
    description: I18n | None = None
    is_mandatory: bool | None = None
    channel: str | None = None


class StepRead(msgspec.Struct, frozen=True):
    n: int
    text: I18n


class LegalRead(msgspec.Struct, frozen=True):
    slug: str
    title: I18n
    url: str | None
    number: str | None
    year: int | None


class ContactRead(msgspec.Struct, frozen=True):
    email: str | None
    phone: str | None
    url: str | None
    opening_hours: I18n | None


class RelatedRead(msgspec.Struct, frozen=True):
    code: str
    slug: str
    name: I18n
    kind: str


class ProcessingTime(msgspec.Struct, frozen=True):
    iso: str | None
    text: I18n | None


class ServiceDetail(msgspec.Struct, frozen=True):
    id: str
    code: str
    slug: str
    version: int
    name: I18n
    short_description: I18n
    description: I18n
    status: str
    is_digital: bool
    ekey_level: str
    fee_type: str
    processing_time: ProcessingTime
    launched_on: datetime.date | None
    updated_at: datetime.datetime
    popularity_rank: int
    entity: Ref
    national_system: Ref | None
    categories: list[CategoryLink]
    events: list[Ref]
    audience: list[str]
    channels: list[ServiceChannelRead]
    costs: list[CostRead]
    requirements: list[NamedItem]
    evidence: list[NamedItem]
    outputs: list[NamedItem]
    steps: list[StepRead]
    legal: list[LegalRead]
    contacts: list[ContactRead]
    related: list[RelatedRead]


# ---------------------------------------------------------------- reference lists


class EntityRead(msgspec.Struct, frozen=True):
    code: str
    slug: str
    name: I18n
    short_name: I18n
    type: str
    parent: str | None
    website: str | None
    email: str | None
    phone: str | None
    services: int


class CategoryRead(msgspec.Struct, frozen=True):
    slug: str
    name: I18n
    description: I18n | None
    parent: str | None
    cofog_code: str | None
    services: int


class EventRead(msgspec.Struct, frozen=True):
    slug: str
    kind: str
    name: I18n
    description: I18n | None
    eu_code: str | None
    services: int


class ChannelRead(msgspec.Struct, frozen=True):
    code: str
    kind: str
    name: I18n
    app: str | None
    url: str | None
    is_electronic: bool
    services: int


class AppRead(msgspec.Struct, frozen=True):
    slug: str
    name: I18n
    description: I18n | None
    entity: str
    store_url: str | None
    launched_on: datetime.date | None
    services: int


class SystemRead(msgspec.Struct, frozen=True):
    slug: str
    name: I18n
    description: I18n | None
    entity: str
    launched_on: datetime.date | None
    services: int


class RefListMeta(msgspec.Struct, frozen=True):
    total: int
    catalog_version: str


class EntityList(msgspec.Struct, frozen=True):
    data: list[EntityRead]
    meta: RefListMeta


class EntityDetail(msgspec.Struct, frozen=True):
    entity: EntityRead
    contacts: list[ContactRead]
    services: list[Ref]


class CategoryList(msgspec.Struct, frozen=True):
    data: list[CategoryRead]
    meta: RefListMeta


class EventList(msgspec.Struct, frozen=True):
    data: list[EventRead]
    meta: RefListMeta


class ChannelList(msgspec.Struct, frozen=True):
    data: list[ChannelRead]
    meta: RefListMeta


class AppList(msgspec.Struct, frozen=True):
    data: list[AppRead]
    meta: RefListMeta


class SystemList(msgspec.Struct, frozen=True):
    data: list[SystemRead]
    meta: RefListMeta


class Suggestion(msgspec.Struct, frozen=True):
    code: str
    slug: str
    name: I18n


class SuggestList(msgspec.Struct, frozen=True):
    data: list[Suggestion]


class Change(msgspec.Struct, frozen=True):
    id: str
    code: str
    op: str
    version: int
    updated_at: datetime.datetime


class ChangeMeta(msgspec.Struct, frozen=True):
    since: datetime.datetime
    next_since: datetime.datetime | None
    catalog_version: str


class ChangeList(msgspec.Struct, frozen=True):
    data: list[Change]
    meta: ChangeMeta


# ---------------------------------------------------------------- statistics


class Money(msgspec.Struct, frozen=True):
    fils: int
    bhd: str


class MonthFigures(msgspec.Struct, frozen=True):
    month: str
    transactions: int
    payments: Money


class ChannelFigures(msgspec.Struct, frozen=True):
    channel: str
    kind: str
    transactions: int
    payments: Money


class StatsSummary(msgspec.Struct, frozen=True):
    period_from: str = msgspec.field(name="from")
    period_to: str = msgspec.field(name="to")
    months: int = 0
    transactions: int = 0
    payments: Money = Money(0, "0.000")
    app_transactions: int = 0
    app_payments: Money = Money(0, "0.000")
    services_with_transactions: int = 0
    live_services: int = 0
    new_services: int = 0
    by_month: list[MonthFigures] = []


class ServiceStats(msgspec.Struct, frozen=True):
    code: str
    name: I18n
    period_from: str = msgspec.field(name="from")
    period_to: str = msgspec.field(name="to")
    transactions: int = 0
    payments: Money = Money(0, "0.000")
    by_month: list[MonthFigures] = []
    by_channel: list[ChannelFigures] = []


class ChannelStatsList(msgspec.Struct, frozen=True):
    period_from: str = msgspec.field(name="from")
    period_to: str = msgspec.field(name="to")
    data: list[ChannelFigures] = []


class AppFigures(msgspec.Struct, frozen=True):
    app: str
    name: I18n
    transactions: int
    payments: Money
    average_monthly_users: int
    downloads: int


class AppStatsList(msgspec.Struct, frozen=True):
    period_from: str = msgspec.field(name="from")
    period_to: str = msgspec.field(name="to")
    transactions: int = 0
    payments: Money = Money(0, "0.000")
    average_monthly_users: int = 0
    downloads: int = 0
    data: list[AppFigures] = []


class TawasulByType(msgspec.Struct, frozen=True):
    type: str
    cases: int
    within_sla: int


class TawasulStats(msgspec.Struct, frozen=True):
    period_from: str = msgspec.field(name="from")
    period_to: str = msgspec.field(name="to")
    cases: int = 0
    within_sla: int = 0
    sla_compliance: str = "0.000"
    rated: int = 0
    satisfied: int = 0
    satisfaction: str = "0.000"
    by_type: list[TawasulByType] = []
    by_entity: dict[str, int] = {}
