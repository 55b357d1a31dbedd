"""The shape of seeds/catalog/*.json as msgspec Structs: decoding validates every file (unknown keys are errors).

Written by `seeds.catalog.generate`; documented in seeds/catalog/README.md.
"""

from __future__ import annotations

import datetime
from typing import Literal

import msgspec

EkeyLevel = Literal["none", "standard", "advanced"]
FeeType = Literal["free", "fixed", "variable", "per_unit"]
Status = Literal["active", "inactive", "planned"]
Audience = Literal["citizen", "resident", "business", "visitor", "government"]


class _Rec(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    pass


class ContactPointRec(_Rec):
    id: str
    phone: str | None
    email: str | None
    url: str | None
    opening_hours_en: str | None
    opening_hours_ar: str | None


class EntityRec(_Rec):
    id: str
    code: str
    slug: str
    name_en: str
    name_ar: str
    short_name_en: str
    short_name_ar: str
    type: str
    parent: str | None
    website: str | None
    email: str | None
    phone: str | None
    spatial: str
    sort: int
    contact_point: ContactPointRec


class CategoryRec(_Rec):
    id: str
    slug: str
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    parent: str | None
    cofog_code: str | None
    sort: int


class EventRec(_Rec):
    id: str
    slug: str
    kind: Literal["life", "business"]
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    eu_code: str | None
    sort: int


class AppRec(_Rec):
    id: str
    slug: str
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    entity: str
    store_url: str | None
    launched_on: datetime.date | None
    sort: int


class ChannelRec(_Rec):
    id: str
    code: str
    kind: Literal["portal", "app", "kiosk", "centre", "contact_centre", "entity_site", "sms"]
    name_en: str
    name_ar: str
    europass_type: str | None
    app: str | None
    url: str | None
    is_electronic: bool
    sort: int


class NationalSystemRec(_Rec):
    id: str
    slug: str
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    entity: str
    launched_on: datetime.date | None
    sort: int


class LegalRec(_Rec):
    id: str
    slug: str
    title_en: str
    title_ar: str
    eli_or_url: str | None
    number: str | None
    year: int | None


class RelatedRec(_Rec):
    code: str
    kind: Literal["requires", "related"]


class ServiceChannelRec(_Rec):
    channel: str
    url: str | None
    processing_time_iso: str | None
    ekey_level_override: EkeyLevel | None
    notes_en: str | None
    notes_ar: str | None


class CostRec(_Rec):
    id: str
    channel: str | None
    amount_fils: int
    currency: str
    description_en: str | None
    description_ar: str | None
    defined_by: str | None
    sort: int


class RequirementRec(_Rec):
    id: str
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    type: str
    sort: int


class EvidenceRec(_Rec):
    id: str
    channel: str | None
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    type: str
    is_mandatory: bool
    sort: int


class OutputRec(_Rec):
    id: str
    name_en: str
    name_ar: str
    description_en: str | None
    description_ar: str | None
    type: str
    sort: int


class StepRec(_Rec):
    n: int
    text_en: str
    text_ar: str


class ServiceRec(_Rec):
    id: str
    code: str
    slug: str
    entity: str
    national_system: str | None
    name_en: str
    name_ar: str
    short_description_en: str
    short_description_ar: str
    description_en: str
    description_ar: str
    status: Status
    is_digital: bool
    ekey_level: EkeyLevel
    processing_time_iso: str | None
    processing_time_text_en: str | None
    processing_time_text_ar: str | None
    fee_type: FeeType
    launched_on: datetime.date | None
    updated_at: datetime.datetime
    version: int
    popularity_rank: int
    provenance: Literal["report", "synthetic", "template"]
    categories: list[str]  # the first is the primary category
    events: list[str]
    audience: list[Audience]
    related: list[RelatedRec]
    channels: list[ServiceChannelRec]
    costs: list[CostRec]
    requirements: list[RequirementRec]
    evidence: list[EvidenceRec]
    outputs: list[OutputRec]
    steps: list[StepRec]
    legal: list[str]


class Table(_Rec):
    """Statistics files: column names and one list per row."""

    columns: list[str]
    rows: list[list[str | int]]


class Manifest(_Rec):
    schema_version: int
    seed: int
    generator: str
    files: dict[str, str]
