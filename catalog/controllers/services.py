"""Service list/search, detail (JSON or CPSV-AP JSON-LD) and type-ahead suggestions."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.spec import Example
from litestar.params import Parameter

from catalog import schemas as s
from catalog.http import JSONLD, conditional, not_modified_fast_path, wants_jsonld
from catalog.jsonld import service_document
from catalog.listing import DEFAULT_LIMIT, FILTER_FIELDS, MAX_LIMIT, ListQuery, run
from catalog.openapi import responses
from catalog.params import (
    AUDIENCE_VALUES,
    EKEY_VALUES,
    FEE_VALUES,
    LANG_VALUES,
    SORT_VALUES,
    STATUS_VALUES,
    check_enum,
    parse_date,
    parse_instant,
    reject_unknown,
    split_values,
)
from catalog.snapshot import FACET_FIELDS, Snapshot, strong_etag

TAGS = ["Services"]
LIST_PARAMS = frozenset(
    {
        "q",
        "lang",
        *FILTER_FIELDS,
        "launched_after",
        "launched_before",
        "updated_since",
        "sort",
        "limit",
        "cursor",
        "facets",
    }
)
_encoder = msgspec.json.Encoder()
MAX_QUERY = 200  # characters; a search is linear in its words, so bound what one request can ask for


def _ex(value: Any, summary: str = "") -> list[Example]:
    return [Example(summary=summary or str(value), value=value)]


def _multi(description: str, example: str) -> Any:
    return Parameter(
        description=description + " Repeat the parameter (or separate with commas) to OR values.",
        examples=_ex([example]),
        required=False,
    )


@get(
    "/services",
    responses=responses("services"),
    tags=TAGS,
    summary="List and search services",
    description=(
        "Bilingual full-text search (Arabic normalized and light-stemmed, English stemmed, one typo tolerated), "
        "filters (repeated values ORed, different filters ANDed), facet counts, keyset pagination. Unknown "
        "parameters are a 400 problem document."
    ),
)
async def list_services(
    request: Request[Any, Any, Any],
    snap: NamedDependency[Snapshot],
    q: Annotated[
        str | None,
        Parameter(
            description="Search text, Arabic or English (at most 200 characters).",
            examples=_ex("شهادة ميلاد") + _ex("birth certificate"),
            max_length=MAX_QUERY,
        ),
    ] = None,
    lang: Annotated[
        str, Parameter(description="Language fields to search: en, ar or both.", examples=_ex("both"))
    ] = "both",
    entity: Annotated[list[str] | None, _multi("Competent entity code.", "GDT")] = None,
    category: Annotated[list[str] | None, _multi("Category slug.", "traffic-and-vehicles")] = None,
    event: Annotated[list[str] | None, _multi("Life or business event slug.", "having-a-baby")] = None,
    channel: Annotated[
        list[str] | None, _multi("Channel code (app:etraffic) or kind (portal, app, kiosk).", "portal")
    ] = None,
    app: Annotated[list[str] | None, _multi("App slug.", "etraffic")] = None,
    audience: Annotated[
        list[str] | None, _multi("citizen, resident, business, visitor, government.", "citizen")
    ] = None,
    ekey: Annotated[list[str] | None, _multi("eKey level: none, standard (alias basic), advanced.", "advanced")] = None,
    fee: Annotated[list[str] | None, _multi("free or paid (or a fee type: fixed, variable, per_unit).", "free")] = None,
    status: Annotated[list[str] | None, _multi("active, inactive or planned.", "active")] = None,
    system: Annotated[list[str] | None, _multi("National system slug.", "sijilat")] = None,
    launched_after: Annotated[
        str | None, Parameter(description="Launched on or after (YYYY-MM-DD).", examples=_ex("2024-01-01"))
    ] = None,
    launched_before: Annotated[
        str | None, Parameter(description="Launched on or before (YYYY-MM-DD).", examples=_ex("2024-06-30"))
    ] = None,
    updated_since: Annotated[
        str | None, Parameter(description="Updated at or after (ISO 8601).", examples=_ex("2024-06-01T00:00:00Z"))
    ] = None,
    sort: Annotated[
        str | None,
        Parameter(
            description="relevance (default with q), name, -popularity (default without q), -updated.",
            examples=_ex("-popularity"),
        ),
    ] = None,
    limit: Annotated[
        int, Parameter(ge=1, le=MAX_LIMIT, description="Page size, at most 100.", examples=_ex(20))
    ] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Parameter(description="Opaque cursor from meta.next_cursor.", max_length=512)] = None,
    facets: Annotated[
        str | None,
        Parameter(
            description="Comma-separated fields to count: " + ", ".join(FACET_FIELDS),
            examples=_ex("entity,channel,fee"),
        ),
    ] = None,
) -> Response[s.ServiceList]:
    reject_unknown(request, LIST_PARAMS)
    raw = {
        "entity": entity,
        "category": category,
        "event": event,
        "channel": channel,
        "app": app,
        "audience": audience,
        "ekey": ekey,
        "fee": fee,
        "status": status,
        "system": system,
    }
    filters = {k: split_values(v) for k, v in raw.items() if v}
    for name, allowed in (
        ("ekey", EKEY_VALUES),
        ("fee", FEE_VALUES),
        ("status", STATUS_VALUES),
        ("audience", AUDIENCE_VALUES),
    ):
        check_enum(name, filters.get(name, ()), allowed)
    check_enum("lang", (lang,), LANG_VALUES)
    facet_fields = split_values([facets] if facets else None)
    check_enum("facets", facet_fields, FACET_FIELDS)
    sort = sort or ("relevance" if q and q.strip() else "-popularity")
    check_enum("sort", (sort,), SORT_VALUES)
    query = ListQuery(
        q=q,
        lang=lang,
        filters=filters,
        launched_after=parse_date("launched_after", launched_after),
        launched_before=parse_date("launched_before", launched_before),
        updated_since=parse_instant("updated_since", updated_since),
        sort=sort,
        limit=limit,
        cursor=cursor,
        facets=facet_fields,
    )
    # The body (its links included) is a function of the catalog version and the sorted parameters, so that is
    # what the strong ETag hashes: the same parameters in another order share the representation and its tag.
    items = sorted(request.query_params.multi_items())
    etag = strong_etag(snap.digest, urlencode(items))
    if request.headers.get("if-none-match"):
        early = conditional(request, etag, b"")
        if early.status_code == 304:
            return early
    result = run(snap, query)
    self_link = request.url.path + ("?" + urlencode(items) if items else "")
    next_link = None
    if result.next_cursor:
        params = [(k, v) for k, v in items if k != "cursor"]
        next_link = request.url.path + "?" + urlencode([*params, ("cursor", result.next_cursor)])
    body = _encoder.encode(
        s.ServiceList(
            data=result.items,
            meta=s.ListMeta(
                total=result.total, limit=limit, next_cursor=result.next_cursor, catalog_version=snap.version
            ),
            facets=result.facets,
            links=s.Links(self=self_link, next=next_link),
        )
    )
    return conditional(request, etag, body)


@get(
    "/services/{key:str}",
    responses=responses("service", not_found=True),
    tags=TAGS,
    summary="One service, by code or slug",
    description="The full record. `Accept: application/ld+json` or `?format=jsonld` gives CPSV-AP 3.2.0 JSON-LD.",
    middleware=[not_modified_fast_path],
)
async def get_service(
    request: Request[Any, Any, Any],
    snap: NamedDependency[Snapshot],
    key: Annotated[str, Parameter(description="Service code (BH-SVC-0001) or slug.", examples=_ex("BH-SVC-0001"))],
    format: Annotated[str | None, Parameter(description="json or jsonld.", examples=_ex("jsonld"))] = None,
) -> Response[s.ServiceDetail]:
    reject_unknown(request, frozenset({"format"}))
    if format is not None:
        check_enum("format", (format,), ("json", "jsonld"))
    rec = snap.get(key)
    if rec is None:
        raise NotFoundException(detail=f"No service with code or slug {key!r}.")
    if not wants_jsonld(request, format):
        return conditional(request, rec.detail_etag, rec.detail_body)
    base = str(request.base_url).rstrip("/") + "/api/v1"
    if len(snap.jsonld) > 2 * len(snap.services):
        # IRIs embed the requested host, so the cache is keyed by it: bound it against arbitrary Host headers.
        snap.jsonld.clear()
    body, etag = snap.cached(snap.jsonld, f"{rec.idx}|{base}", lambda: service_document(rec.detail, base))
    return conditional(request, etag, body, media_type=JSONLD)


@get(
    "/search/suggest",
    responses=responses("suggest"),
    tags=["Search"],
    summary="Type-ahead suggestions",
    description="Up to 8 service names whose words start with the typed text (Arabic or English).",
)
async def suggest(
    request: Request[Any, Any, Any],
    snap: NamedDependency[Snapshot],
    q: Annotated[str, Parameter(description="Typed prefix.", examples=_ex("شهاد") + _ex("pass"), max_length=MAX_QUERY)],
    lang: Annotated[str, Parameter(description="en, ar or both.", examples=_ex("both"))] = "both",
) -> Response[s.SuggestList]:
    reject_unknown(request, frozenset({"q", "lang"}))
    check_enum("lang", (lang,), LANG_VALUES)
    etag = strong_etag(snap.digest, "suggest", lang, q)
    if request.headers.get("if-none-match"):
        early = conditional(request, etag, b"")
        if early.status_code == 304:
            return early
    index = snap.index(lang)
    keys = index.suggest(q, lambda i: snap.services[i].name_key_en)
    items = [
        s.Suggestion(code=snap.services[i].code, slug=snap.services[i].slug, name=snap.services[i].summary.name)
        for i in keys
    ]
    return conditional(request, etag, _encoder.encode(s.SuggestList(data=items)))
