"""OpenAPI response documentation: one example per endpoint, plus the 304 and 400/404 problem answers.

Examples are built from the response Structs themselves (then converted to JSON-ready values), so an example can
never drift from the wire contract without failing at import.
"""

from __future__ import annotations

import datetime
from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from catalog import schemas as s

_T = datetime.datetime(2024, 6, 30, 9, 0, tzinfo=datetime.UTC)
_NAME = s.I18n("Issue Birth Certificate", "إصدار شهادة الميلاد")
_IGA = s.Ref("IGA", s.I18n("Information & eGovernment Authority", "هيئة المعلومات والحكومة الإلكترونية"))
_MONEY = s.Money(fils=500, bhd="0.500")

SUMMARY = s.ServiceSummary(
    id="0b1c4a8e-3c71-5c3e-9d0e-5b7f0e5a1a01",
    code="BH-SVC-0321",
    slug="issue-birth-certificate",
    name=_NAME,
    short_description=s.I18n("Get a birth certificate online.", "احصل على شهادة الميلاد إلكترونياً."),
    entity=_IGA,
    categories=["identity-civil-records"],
    channels=["portal", "kiosk"],
    ekey_level="standard",
    fee=s.FeeSummary(type="fixed", min_fils=500),
    status="active",
    popularity_rank=12,
    updated_at=_T,
    processing_time="PT1H",
    score=17.4512,
)
DETAIL = s.ServiceDetail(
    id=SUMMARY.id,
    code=SUMMARY.code,
    slug=SUMMARY.slug,
    version=3,
    name=_NAME,
    short_description=SUMMARY.short_description,
    description=s.I18n("Request a certified copy of a birth certificate.", "طلب نسخة معتمدة من شهادة الميلاد."),
    status="active",
    is_digital=True,
    ekey_level="standard",
    fee_type="fixed",
    processing_time=s.ProcessingTime(iso="PT1H", text=s.I18n("1 hour", "ساعة واحدة")),
    launched_on=None,
    updated_at=_T,
    popularity_rank=12,
    entity=_IGA,
    national_system=None,
    categories=[
        s.CategoryLink("identity-civil-records", s.I18n("Identity and civil records", "الهوية والسجل المدني"), True)
    ],
    events=[s.Ref("having-a-baby", s.I18n("Having a baby", "إنجاب طفل"))],
    audience=["citizen", "resident"],
    channels=[
        s.ServiceChannelRead(
            "portal", "portal", s.I18n("bahrain.bh", "البوابة الوطنية"), None, None, "PT1H", "standard", None
        )
    ],
    costs=[s.CostRead(500, "0.500", "BHD", "portal", s.I18n("Service fee", "رسوم الخدمة"), "IGA")],
    requirements=[s.NamedItem(s.I18n("Valid identity card (CPR)", "بطاقة هوية سارية"), "eligibility")],
    evidence=[s.NamedItem(s.I18n("Hospital birth notification", "إشعار الولادة"), "document", None, True, None)],
    outputs=[s.NamedItem(s.I18n("Certificate", "الشهادة"), "certificate")],
    steps=[s.StepRead(1, s.I18n("Log in with eKey", "سجّل الدخول بالمفتاح الإلكتروني"))],
    legal=[],
    contacts=[s.ContactRead("info@iga.gov.bh", "80008001", None, None)],
    related=[],
)
_META = s.RefListMeta(total=1, catalog_version="catalog-2024h1-20240630")
ENTITY = s.EntityRead(
    "IGA", "iga", _IGA.name, s.I18n("iGA", "الهيئة"), "authority", None, "https://www.iga.gov.bh", None, "80008001", 64
)

EXAMPLES: dict[str, Any] = {
    "services": s.ServiceList(
        data=[SUMMARY],
        meta=s.ListMeta(
            total=7,
            limit=1,
            next_cursor="WyJyZWxldmFuY2UiLC0xNzQ1MTIwMCwxMiwiQkgtU1ZDLTAzMjEiXQ",
            catalog_version=_META.catalog_version,
        ),
        facets={"entity": [s.FacetValue("IGA", _IGA.name, 7)]},
        links=s.Links(
            self="/api/v1/services?q=birth+certificate&limit=1&facets=entity",
            next="/api/v1/services?q=birth+certificate&limit=1&facets=entity&cursor=WyJyZWxl...",
        ),
    ),
    "service": DETAIL,
    "suggest": s.SuggestList([s.Suggestion(SUMMARY.code, SUMMARY.slug, _NAME)]),
    "entities": s.EntityList([ENTITY], _META),
    "entity": s.EntityDetail(ENTITY, [], [s.Ref(SUMMARY.code, _NAME)]),
    "categories": s.CategoryList(
        [
            s.CategoryRead(
                "identity-civil-records",
                s.I18n("Identity and civil records", "الهوية والسجل المدني"),
                None,
                None,
                "01.3",
                58,
            )
        ],
        _META,
    ),
    "events": s.EventList(
        [s.EventRead("having-a-baby", "life", s.I18n("Having a baby", "إنجاب طفل"), None, "having-a-baby", 9)], _META
    ),
    "channels": s.ChannelList(
        [s.ChannelRead("app:etraffic", "app", s.I18n("eTraffic app", "تطبيق المرور"), "etraffic", None, True, 41)],
        _META,
    ),
    "apps": s.AppList([s.AppRead("etraffic", s.I18n("eTraffic", "المرور"), None, "GDT", None, None, 41)], _META),
    "systems": s.SystemList(
        [s.SystemRead("sijilat", s.I18n("Sijilat 3.0", "سجلات 3.0"), None, "MOIC", datetime.date(2024, 3, 1), 29)],
        _META,
    ),
    "changes": s.ChangeList(
        [s.Change(SUMMARY.id, SUMMARY.code, "upsert", 3, _T)],
        s.ChangeMeta(
            since=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
            next_since=None,
            catalog_version=_META.catalog_version,
        ),
    ),
    "summary": s.StatsSummary(
        period_from="2024-01",
        period_to="2024-06",
        months=6,
        transactions=4_000_000,
        payments=s.Money(374_000_000_000, "374000000.000"),
        app_transactions=691_000,
        app_payments=s.Money(32_000_000_000, "32000000.000"),
        services_with_transactions=780,
        live_services=760,
        new_services=35,
        by_month=[s.MonthFigures("2024-01", 690_000, s.Money(59_700_000_000, "59700000.000"))],
    ),
    "service_stats": s.ServiceStats(
        code=SUMMARY.code,
        name=_NAME,
        period_from="2024-01",
        period_to="2024-06",
        transactions=1_200,
        payments=_MONEY,
        by_month=[s.MonthFigures("2024-01", 200, _MONEY)],
        by_channel=[s.ChannelFigures("portal", "portal", 1_200, _MONEY)],
    ),
    "channel_stats": s.ChannelStatsList(
        period_from="2024-01",
        period_to="2024-06",
        data=[s.ChannelFigures("app:etraffic", "app", 300_000, s.Money(12_000_000_000, "12000000.000"))],
    ),
    "app_stats": s.AppStatsList(
        period_from="2024-01",
        period_to="2024-06",
        transactions=691_000,
        payments=s.Money(32_000_000_000, "32000000.000"),
        average_monthly_users=788_000,
        downloads=902_000,
        data=[
            s.AppFigures(
                "etraffic",
                s.I18n("eTraffic", "المرور"),
                300_000,
                s.Money(12_000_000_000, "12000000.000"),
                230_000,
                216_480,
            )
        ],
    ),
    "tawasul": s.TawasulStats(
        period_from="2024-01",
        period_to="2024-06",
        cases=85_000,
        within_sla=83_725,
        sla_compliance="0.985",
        rated=40_000,
        satisfied=34_000,
        satisfaction="0.850",
        by_type=[s.TawasulByType("complaint", 38_250, 37_500)],
        by_entity={"GDT": 9_100},
    ),
}

_PROBLEM = {
    "type": "/problems/unknown-parameter",
    "title": "Bad Request",
    "status": 400,
    "detail": "Unknown query parameter(s): colour.",
    "instance": "/api/v1/services",
    "errors": [{"name": "colour", "reason": "unknown parameter", "location": "query"}],
}


class CatalogProblem(msgspec.Struct):
    """RFC 9457 problem document (see docs/CONTRIBUTING.md "Errors")."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


def responses(name: str, *, media_type: str = "application/json", not_found: bool = False) -> dict[int, ResponseSpec]:
    """200 with its example, 304 for a revalidation, 400 (and 404) as problem documents."""
    example = EXAMPLES[name]
    out = {
        200: ResponseSpec(
            data_container=type(example),
            description="OK (strong ETag, Cache-Control public)",
            media_type=media_type,
            examples=[Example(summary=name, value=msgspec.to_builtins(example))],
            generate_examples=False,
        ),
        304: ResponseSpec(data_container=None, description="Not Modified: If-None-Match matched the current ETag"),
        400: ResponseSpec(
            data_container=CatalogProblem,
            description="Unknown parameter or bad value (RFC 9457 problem document)",
            media_type="application/problem+json",
            examples=[Example(summary="unknown parameter", value=_PROBLEM)],
            generate_examples=False,
        ),
    }
    if not_found:
        out[404] = ResponseSpec(
            data_container=CatalogProblem,
            description="No such object (RFC 9457 problem document)",
            media_type="application/problem+json",
            examples=[
                Example(
                    summary="not found",
                    value={
                        **_PROBLEM,
                        "type": "/problems/not-found",
                        "status": 404,
                        "title": "Not Found",
                        "errors": None,
                    },
                )
            ],
            generate_examples=False,
        )
    return out
