"""Build the API Structs from loaded rows (pure functions, no I/O)."""

from __future__ import annotations

import datetime
from typing import Any

from catalog import models as m
from catalog import schemas as s
from catalog.loader import CatalogRows


def i18n(en: str | None, ar: str | None) -> s.I18n:
    return s.I18n(en or "", ar or "")


def opt_i18n(en: str | None, ar: str | None) -> s.I18n | None:
    return None if not en and not ar else s.I18n(en or "", ar or "")


def bhd(fils: int) -> str:
    """Integer fils as a BHD decimal string with three decimals (no float ever touches money)."""
    sign = "-" if fils < 0 else ""
    fils = abs(fils)
    return f"{sign}{fils // 1000}.{fils % 1000:03d}"


def money(fils: int) -> s.Money:
    return s.Money(fils=fils, bhd=bhd(fils))


def aware(value: datetime.datetime) -> datetime.datetime:
    # SQLite hands back naive datetimes; every stored timestamp is UTC (advanced-alchemy's DateTimeUTC).
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


class Lookups:
    """id -> row maps of the reference tables, and derived keys used by every builder."""

    def __init__(self, rows: CatalogRows) -> None:
        self.entity = {e.id: e for e in rows.entities}
        self.category = {c.id: c for c in rows.categories}
        self.event = {e.id: e for e in rows.events}
        self.app = {a.id: a for a in rows.apps}
        self.channel = {c.id: c for c in rows.channels}
        self.system = {x.id: x for x in rows.systems}
        self.service = {x.id: x for x in rows.services}
        self.legal = {x.id: x for x in rows.legal}
        self.category_order = {c.id: i for i, c in enumerate(rows.categories)}
        self.event_order = {e.id: i for i, e in enumerate(rows.events)}
        self.channel_order = {c.id: i for i, c in enumerate(rows.channels)}

    def entity_ref(self, entity_id: Any) -> s.Ref:
        e = self.entity[entity_id]
        return s.Ref(key=e.code, name=i18n(e.name_en, e.name_ar))

    def app_slug(self, channel: m.Channel) -> str | None:
        return self.app[channel.app_id].slug if channel.app_id in self.app else None


def sorted_categories(rows: CatalogRows, lk: Lookups, svc: m.Service) -> list[m.ServiceCategory]:
    links = [x for x in rows.service_categories.get(svc.id, []) if x.category_id in lk.category]
    return sorted(links, key=lambda x: (not x.is_primary, lk.category_order[x.category_id]))


def sorted_channels(rows: CatalogRows, lk: Lookups, svc: m.Service) -> list[m.ServiceChannel]:
    links = [x for x in rows.service_channels.get(svc.id, []) if x.channel_id in lk.channel]
    return sorted(links, key=lambda x: lk.channel_order[x.channel_id])


def min_fee(rows: CatalogRows, svc: m.Service) -> int | None:
    amounts = [c.amount_fils for c in rows.costs.get(svc.id, [])]
    return min(amounts) if amounts else None


def summary(rows: CatalogRows, lk: Lookups, svc: m.Service) -> s.ServiceSummary:
    return s.ServiceSummary(
        id=str(svc.id),
        code=svc.code,
        slug=svc.slug,
        name=i18n(svc.name_en, svc.name_ar),
        short_description=i18n(svc.short_description_en, svc.short_description_ar),
        entity=lk.entity_ref(svc.entity_id),
        categories=[lk.category[x.category_id].slug for x in sorted_categories(rows, lk, svc)],
        channels=[lk.channel[x.channel_id].code for x in sorted_channels(rows, lk, svc)],
        ekey_level=svc.ekey_level,
        fee=s.FeeSummary(type=svc.fee_type, min_fils=min_fee(rows, svc)),
        status=svc.status,
        popularity_rank=svc.popularity_rank,
        updated_at=aware(svc.updated_at),
        processing_time=svc.processing_time_iso,
    )


def _named(items: list[Any], lk: Lookups, *, with_mandatory: bool = False) -> list[s.NamedItem]:
    out = []
    for x in items:
        channel_id = getattr(x, "channel_id", None)
        out.append(
            s.NamedItem(
                name=i18n(x.name_en, x.name_ar),
                type=x.type,
                description=opt_i18n(x.description_en, x.description_ar),
                is_mandatory=x.is_mandatory if with_mandatory else None,
                channel=lk.channel[channel_id].code if channel_id in lk.channel else None,
            )
        )
    return out


def _contact(c: m.ContactPoint) -> s.ContactRead:
    return s.ContactRead(
        email=c.email, phone=c.phone, url=c.url, opening_hours=opt_i18n(c.opening_hours_en, c.opening_hours_ar)
    )


def detail(rows: CatalogRows, lk: Lookups, svc: m.Service) -> s.ServiceDetail:
    channels = []
    for link in sorted_channels(rows, lk, svc):
        ch = lk.channel[link.channel_id]
        channels.append(
            s.ServiceChannelRead(
                code=ch.code,
                kind=ch.kind,
                name=i18n(ch.name_en, ch.name_ar),
                url=link.url or ch.url,
                app=lk.app_slug(ch),
                processing_time_iso=link.processing_time_iso or svc.processing_time_iso,
                ekey_level=link.ekey_level_override or svc.ekey_level,
                notes=opt_i18n(link.notes_en, link.notes_ar),
            )
        )
    costs = [
        s.CostRead(
            amount_fils=c.amount_fils,
            amount_bhd=bhd(c.amount_fils),
            currency=c.currency,
            channel=lk.channel[c.channel_id].code if c.channel_id in lk.channel else None,
            description=opt_i18n(c.description_en, c.description_ar),
            defined_by=lk.entity[c.defined_by_entity_id].code if c.defined_by_entity_id in lk.entity else None,
        )
        for c in rows.costs.get(svc.id, [])
    ]
    legal = sorted(
        (lk.legal[x.legal_resource_id] for x in rows.service_legal.get(svc.id, []) if x.legal_resource_id in lk.legal),
        key=lambda r: r.slug,
    )
    related = sorted(
        (x for x in rows.service_related.get(svc.id, []) if x.related_id in lk.service),
        key=lambda x: (x.kind, lk.service[x.related_id].code),
    )
    events = sorted(
        (x.event_id for x in rows.service_events.get(svc.id, []) if x.event_id in lk.event),
        key=lambda i: lk.event_order[i],
    )
    system = lk.system.get(svc.national_system_id)
    return s.ServiceDetail(
        id=str(svc.id),
        code=svc.code,
        slug=svc.slug,
        version=svc.version,
        name=i18n(svc.name_en, svc.name_ar),
        short_description=i18n(svc.short_description_en, svc.short_description_ar),
        description=i18n(svc.description_en, svc.description_ar),
        status=svc.status,
        is_digital=svc.is_digital,
        ekey_level=svc.ekey_level,
        fee_type=svc.fee_type,
        processing_time=s.ProcessingTime(
            iso=svc.processing_time_iso, text=opt_i18n(svc.processing_time_text_en, svc.processing_time_text_ar)
        ),
        launched_on=svc.launched_on,
        updated_at=aware(svc.updated_at),
        popularity_rank=svc.popularity_rank,
        entity=lk.entity_ref(svc.entity_id),
        national_system=s.Ref(key=system.slug, name=i18n(system.name_en, system.name_ar)) if system else None,
        categories=[
            s.CategoryLink(
                slug=lk.category[x.category_id].slug,
                name=i18n(lk.category[x.category_id].name_en, lk.category[x.category_id].name_ar),
                is_primary=x.is_primary,
            )
            for x in sorted_categories(rows, lk, svc)
        ],
        events=[s.Ref(key=lk.event[i].slug, name=i18n(lk.event[i].name_en, lk.event[i].name_ar)) for i in events],
        audience=rows.service_audience.get(svc.id, []),
        channels=channels,
        costs=costs,
        requirements=_named(rows.requirements.get(svc.id, []), lk),
        evidence=_named(rows.evidence.get(svc.id, []), lk, with_mandatory=True),
        outputs=_named(rows.outputs.get(svc.id, []), lk),
        steps=[s.StepRead(n=x.n, text=i18n(x.text_en, x.text_ar)) for x in rows.steps.get(svc.id, [])],
        legal=[
            s.LegalRead(slug=r.slug, title=i18n(r.title_en, r.title_ar), url=r.eli_or_url, number=r.number, year=r.year)
            for r in legal
        ],
        contacts=[_contact(c) for c in rows.service_contacts.get(svc.id, [])],
        related=[
            s.RelatedRead(
                code=lk.service[x.related_id].code,
                slug=lk.service[x.related_id].slug,
                name=i18n(lk.service[x.related_id].name_en, lk.service[x.related_id].name_ar),
                kind=x.kind,
            )
            for x in related
        ],
    )


def entity_read(e: m.Entity, lk: Lookups, services: int) -> s.EntityRead:
    parent = lk.entity.get(e.parent_id)
    return s.EntityRead(
        code=e.code,
        slug=e.slug,
        name=i18n(e.name_en, e.name_ar),
        short_name=i18n(e.short_name_en, e.short_name_ar),
        type=e.type,
        parent=parent.code if parent else None,
        website=e.website,
        email=e.email,
        phone=e.phone,
        services=services,
    )


def entity_contacts(rows: CatalogRows, e: m.Entity) -> list[s.ContactRead]:
    return [_contact(c) for c in rows.entity_contacts.get(e.id, [])]
