"""Usage statistics: the iGA H1 2024 report's figures, summed from the statistics tables."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.openapi.spec import Example
from litestar.params import Parameter, QueryParameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog import models as m
from catalog import schemas as s
from catalog import stats_queries as q
from catalog.http import conditional
from catalog.openapi import responses
from catalog.params import ParamError, bad_request, parse_month, reject_unknown
from catalog.snapshot import strong_etag

TAGS = ["Statistics"]
PERIOD = frozenset({"from", "to"})
DEFAULT_FROM = "2024-01"
DEFAULT_TO = "2024-06"
_encoder = msgspec.json.Encoder()

FromParam = Annotated[
    str | None, QueryParameter(name="from", description="First month, YYYY-MM.", examples=[Example(value="2024-01")])
]
ToParam = Annotated[
    str | None, QueryParameter(name="to", description="Last month, YYYY-MM.", examples=[Example(value="2024-06")])
]


def period(request: Request[Any, Any, Any], start: str | None, end: str | None) -> tuple[str, str]:
    reject_unknown(request, PERIOD)
    first = parse_month("from", start, DEFAULT_FROM)
    last = parse_month("to", end, DEFAULT_TO)
    if first > last:
        raise bad_request("invalid-parameter", [ParamError("from", f"{first} is after to={last}")])
    return first, last


def answer(request: Request[Any, Any, Any], value: msgspec.Struct) -> Response[Any]:
    body = _encoder.encode(value)
    return conditional(request, strong_etag(body.decode()), body)


@get(
    "/stats/summary",
    responses=responses("summary"),
    tags=TAGS,
    summary="Totals for a period: e-transactions, payments, app share, services",
)
async def stats_summary(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    start: FromParam = None,
    end: ToParam = None,
) -> Response[s.StatsSummary]:
    first, last = period(request, start, end)
    return answer(request, await q.summary(db_session, first, last))


@get(
    "/stats/services/{code:str}",
    responses=responses("service_stats", not_found=True),
    tags=TAGS,
    summary="One service's transactions and payments by month and channel",
)
async def stats_service(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    code: Annotated[str, Parameter(description="Service code or slug.", examples=[Example(value="BH-SVC-0001")])],
    start: FromParam = None,
    end: ToParam = None,
) -> Response[s.ServiceStats]:
    first, last = period(request, start, end)
    service = (
        await db_session.execute(select(m.Service).where((m.Service.code == code) | (m.Service.slug == code)))
    ).scalar_one_or_none()
    if service is None:
        raise NotFoundException(detail=f"No service with code or slug {code!r}.")
    return answer(request, await q.service_stats(db_session, service, first, last))


@get(
    "/stats/channels", responses=responses("channel_stats"), tags=TAGS, summary="Transactions and payments per channel"
)
async def stats_channels(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    start: FromParam = None,
    end: ToParam = None,
) -> Response[s.ChannelStatsList]:
    first, last = period(request, start, end)
    return answer(request, await q.channel_stats(db_session, first, last))


@get(
    "/stats/apps",
    responses=responses("app_stats"),
    tags=TAGS,
    summary="Per app: transactions, payments, average monthly users, downloads",
)
async def stats_apps(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    start: FromParam = None,
    end: ToParam = None,
) -> Response[s.AppStatsList]:
    first, last = period(request, start, end)
    return answer(request, await q.app_stats(db_session, first, last))


@get(
    "/stats/tawasul",
    responses=responses("tawasul"),
    tags=TAGS,
    summary="Tawasul cases, SLA compliance and satisfaction",
)
async def stats_tawasul(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    start: FromParam = None,
    end: ToParam = None,
) -> Response[s.TawasulStats]:
    first, last = period(request, start, end)
    return answer(request, await q.tawasul_stats(db_session, first, last))
