"""Reference lists: entities, categories, events, channels, apps, national systems (all ETagged, cacheable)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.spec import Example
from litestar.params import Parameter

from catalog import records as r
from catalog import schemas as s
from catalog.http import conditional
from catalog.openapi import responses
from catalog.params import reject_unknown
from catalog.snapshot import Snapshot

TAGS = ["Reference"]
NO_PARAMS: frozenset[str] = frozenset()


def _count(snap: NamedDependency[Snapshot], field: str, value: str) -> int:
    return len(snap.postings[field].get(value, ()))


def _meta(snap: NamedDependency[Snapshot], n: int) -> s.RefListMeta:
    return s.RefListMeta(total=n, catalog_version=snap.version)


def _entities(snap: NamedDependency[Snapshot]) -> s.EntityList:
    lk = snap.lookups
    data = [r.entity_read(e, lk, _count(snap, "entity", e.code)) for e in snap.rows.entities]
    return s.EntityList(data=data, meta=_meta(snap, len(data)))


def _categories(snap: NamedDependency[Snapshot]) -> s.CategoryList:
    lk = snap.lookups
    data = [
        s.CategoryRead(
            slug=c.slug,
            name=r.i18n(c.name_en, c.name_ar),
            description=r.opt_i18n(c.description_en, c.description_ar),
            parent=lk.category[c.parent_id].slug if c.parent_id in lk.category else None,
            cofog_code=c.cofog_code,
            services=_count(snap, "category", c.slug),
        )
        for c in snap.rows.categories
    ]
    return s.CategoryList(data=data, meta=_meta(snap, len(data)))


def _events(snap: NamedDependency[Snapshot]) -> s.EventList:
    data = [
        s.EventRead(
            slug=e.slug,
            kind=e.kind,
            name=r.i18n(e.name_en, e.name_ar),
            description=r.opt_i18n(e.description_en, e.description_ar),
            eu_code=e.eu_code,
            services=_count(snap, "event", e.slug),
        )
        for e in snap.rows.events
    ]
    return s.EventList(data=data, meta=_meta(snap, len(data)))


def _channels(snap: NamedDependency[Snapshot]) -> s.ChannelList:
    lk = snap.lookups
    data = [
        s.ChannelRead(
            code=c.code,
            kind=c.kind,
            name=r.i18n(c.name_en, c.name_ar),
            app=lk.app_slug(c),
            url=c.url,
            is_electronic=c.is_electronic,
            services=_count(snap, "channel", c.code),
        )
        for c in snap.rows.channels
    ]
    return s.ChannelList(data=data, meta=_meta(snap, len(data)))


def _apps(snap: NamedDependency[Snapshot]) -> s.AppList:
    lk = snap.lookups
    data = [
        s.AppRead(
            slug=a.slug,
            name=r.i18n(a.name_en, a.name_ar),
            description=r.opt_i18n(a.description_en, a.description_ar),
            entity=lk.entity[a.entity_id].code,
            store_url=a.store_url,
            launched_on=a.launched_on,
            services=_count(snap, "app", a.slug),
        )
        for a in snap.rows.apps
    ]
    return s.AppList(data=data, meta=_meta(snap, len(data)))


def _systems(snap: NamedDependency[Snapshot]) -> s.SystemList:
    lk = snap.lookups
    data = [
        s.SystemRead(
            slug=x.slug,
            name=r.i18n(x.name_en, x.name_ar),
            description=r.opt_i18n(x.description_en, x.description_ar),
            entity=lk.entity[x.entity_id].code,
            launched_on=x.launched_on,
            services=_count(snap, "system", x.slug),
        )
        for x in snap.rows.systems
    ]
    return s.SystemList(data=data, meta=_meta(snap, len(data)))


def _reference(
    request: Request[Any, Any, Any], snap: NamedDependency[Snapshot], name: str, build: Any
) -> Response[Any]:
    reject_unknown(request, NO_PARAMS)
    body, etag = snap.cached(snap.reference, name, lambda: build(snap))
    return conditional(request, etag, body)


@get("/entities", responses=responses("entities"), tags=TAGS, summary="Government entities (competent authorities)")
async def list_entities(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[s.EntityList]:
    return _reference(request, snap, "entities", _entities)


@get(
    "/entities/{code:str}",
    responses=responses("entity", not_found=True),
    tags=TAGS,
    summary="One entity with its contacts and services",
)
async def get_entity(
    request: Request[Any, Any, Any],
    snap: NamedDependency[Snapshot],
    code: Annotated[str, Parameter(description="Entity code.", examples=[Example(value="GDT")])],
) -> Response[s.EntityDetail]:
    reject_unknown(request, NO_PARAMS)
    entity = next((e for e in snap.rows.entities if e.code == code.upper()), None)
    if entity is None:
        raise NotFoundException(detail=f"No entity with code {code!r}.")

    def build() -> s.EntityDetail:
        ids = sorted(snap.postings["entity"].get(entity.code, ()), key=lambda i: snap.services[i].pop_key)
        services = [s.Ref(key=snap.services[i].code, name=snap.services[i].summary.name) for i in ids]
        return s.EntityDetail(
            entity=r.entity_read(entity, snap.lookups, len(services)),
            contacts=r.entity_contacts(snap.rows, entity),
            services=services,
        )

    body, etag = snap.cached(snap.entity_details, entity.code, build)
    return conditional(request, etag, body)


@get(
    "/categories",
    responses=responses("categories"),
    tags=TAGS,
    summary="Categories (CPSV thematic areas, with COFOG codes)",
)
async def list_categories(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[s.CategoryList]:
    return _reference(request, snap, "categories", _categories)


@get("/events", responses=responses("events"), tags=TAGS, summary="Life and business events")
async def list_events(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[s.EventList]:
    return _reference(request, snap, "events", _events)


@get("/channels", responses=responses("channels"), tags=TAGS, summary="Delivery channels")
async def list_channels(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[s.ChannelList]:
    return _reference(request, snap, "channels", _channels)


@get("/apps", responses=responses("apps"), tags=TAGS, summary="Smart-phone apps of the eGovernment app store")
async def list_apps(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[s.AppList]:
    return _reference(request, snap, "apps", _apps)


@get("/systems", responses=responses("systems"), tags=TAGS, summary="National systems (Sijilat, Benayat, Tawasul, ...)")
async def list_systems(request: Request[Any, Any, Any], snap: NamedDependency[Snapshot]) -> Response[s.SystemList]:
    return _reference(request, snap, "systems", _systems)
