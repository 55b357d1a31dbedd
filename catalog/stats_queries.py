"""Aggregate queries behind /stats: the iGA report's figures, summed from the statistics tables.

Text keys are ordered in Python (code-point order), never by the database's collation, so both databases give
byte-identical answers.

Plain GROUP BY queries with integer sums (PostgreSQL returns NUMERIC for SUM(bigint): converted with int()),
so SQLite and PostgreSQL give identical totals.
"""

from __future__ import annotations

import datetime
from typing import Any

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from catalog import models as m
from catalog import schemas as s
from catalog.records import i18n, money


def _between(column: Any, start: str, end: str) -> Any:
    return and_(column >= start, column <= end)


def month_bounds(start: str, end: str) -> tuple[datetime.date, datetime.date]:
    first = datetime.date.fromisoformat(start + "-01")
    year, month = map(int, end.split("-"))
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def months_in(start: str, end: str) -> int:
    y1, m1 = map(int, start.split("-"))
    y2, m2 = map(int, end.split("-"))
    return max(0, (y2 - y1) * 12 + m2 - m1 + 1)


async def summary(session: AsyncSession, start: str, end: str) -> s.StatsSummary:
    t = m.StatsServiceMonth
    in_range = _between(t.month, start, end)
    by_month = (
        await session.execute(
            select(t.month, func.sum(t.transactions), func.sum(t.payments_fils))
            .where(in_range)
            .group_by(t.month)
            .order_by(t.month)
        )
    ).all()
    app_tx, app_pay = (
        await session.execute(
            select(func.coalesce(func.sum(t.transactions), 0), func.coalesce(func.sum(t.payments_fils), 0))
            .join(m.Channel, m.Channel.id == t.channel_id)
            .where(in_range, m.Channel.kind == "app")
        )
    ).one()
    with_tx = (
        await session.execute(select(func.count(distinct(t.service_id))).where(in_range, t.transactions > 0))
    ).scalar_one()
    live = (await session.execute(select(func.count(m.Service.id)).where(m.Service.status == "active"))).scalar_one()
    first, last = month_bounds(start, end)
    new = (
        await session.execute(
            select(func.count(m.Service.id)).where(m.Service.launched_on >= first, m.Service.launched_on <= last)
        )
    ).scalar_one()
    months = [s.MonthFigures(month=mo, transactions=int(tx), payments=money(int(pay))) for mo, tx, pay in by_month]
    total_tx = sum(x.transactions for x in months)
    total_pay = sum(x.payments.fils for x in months)
    return s.StatsSummary(
        period_from=start,
        period_to=end,
        months=months_in(start, end),
        transactions=total_tx,
        payments=money(total_pay),
        app_transactions=int(app_tx),
        app_payments=money(int(app_pay)),
        services_with_transactions=int(with_tx),
        live_services=int(live),
        new_services=int(new),
        by_month=months,
    )


async def service_stats(session: AsyncSession, service: m.Service, start: str, end: str) -> s.ServiceStats:
    t = m.StatsServiceMonth
    where = and_(t.service_id == service.id, _between(t.month, start, end))
    by_month = (
        await session.execute(
            select(t.month, func.sum(t.transactions), func.sum(t.payments_fils))
            .where(where)
            .group_by(t.month)
            .order_by(t.month)
        )
    ).all()
    by_channel = (
        await session.execute(
            select(m.Channel.code, m.Channel.kind, func.sum(t.transactions), func.sum(t.payments_fils))
            .join(m.Channel, m.Channel.id == t.channel_id)
            .where(where)
            .group_by(m.Channel.code, m.Channel.kind)
            .order_by(m.Channel.code)
        )
    ).all()
    months = [s.MonthFigures(month=mo, transactions=int(tx), payments=money(int(pay))) for mo, tx, pay in by_month]
    return s.ServiceStats(
        code=service.code,
        name=i18n(service.name_en, service.name_ar),
        period_from=start,
        period_to=end,
        transactions=sum(x.transactions for x in months),
        payments=money(sum(x.payments.fils for x in months)),
        by_month=months,
        by_channel=[
            s.ChannelFigures(channel=code, kind=kind, transactions=int(tx), payments=money(int(pay)))
            for code, kind, tx, pay in sorted(by_channel)
        ],
    )


async def channel_stats(session: AsyncSession, start: str, end: str) -> s.ChannelStatsList:
    t = m.StatsServiceMonth
    rows = (
        await session.execute(
            select(m.Channel.code, m.Channel.kind, func.sum(t.transactions), func.sum(t.payments_fils))
            .join(m.Channel, m.Channel.id == t.channel_id)
            .where(_between(t.month, start, end))
            .group_by(m.Channel.code, m.Channel.kind)
            .order_by(m.Channel.code)
        )
    ).all()
    return s.ChannelStatsList(
        period_from=start,
        period_to=end,
        data=[
            s.ChannelFigures(channel=code, kind=kind, transactions=int(tx), payments=money(int(pay)))
            for code, kind, tx, pay in sorted(rows)
        ],
    )


async def app_stats(session: AsyncSession, start: str, end: str) -> s.AppStatsList:
    t = m.StatsServiceMonth
    u = m.StatsAppMonth
    tx_rows = dict(
        (app_id, (int(tx), int(pay)))
        for app_id, tx, pay in (
            await session.execute(
                select(m.Channel.app_id, func.sum(t.transactions), func.sum(t.payments_fils))
                .join(m.Channel, m.Channel.id == t.channel_id)
                .where(_between(t.month, start, end), m.Channel.app_id.is_not(None))
                .group_by(m.Channel.app_id)
            )
        ).all()
    )
    user_rows = {
        app_id: (int(users), int(downloads), int(n))
        for app_id, users, downloads, n in (
            await session.execute(
                select(u.app_id, func.sum(u.users), func.sum(u.downloads), func.count(u.month))
                .where(_between(u.month, start, end))
                .group_by(u.app_id)
            )
        ).all()
    }
    apps = sorted((await session.scalars(select(m.App))).all(), key=lambda a: (a.sort, a.slug))
    months = (
        await session.execute(select(func.count(distinct(u.month))).where(_between(u.month, start, end)))
    ).scalar_one()
    data = []
    for app in apps:
        tx, pay = tx_rows.get(app.id, (0, 0))
        users, downloads, n = user_rows.get(app.id, (0, 0, 0))
        data.append(
            s.AppFigures(
                app=app.slug,
                name=i18n(app.name_en, app.name_ar),
                transactions=tx,
                payments=money(pay),
                # Average over the months that have figures, rounded half up (integers only).
                average_monthly_users=(2 * users + n) // (2 * n) if n else 0,
                downloads=downloads,
            )
        )
    total_users = sum(v[0] for v in user_rows.values())
    return s.AppStatsList(
        period_from=start,
        period_to=end,
        transactions=sum(x.transactions for x in data),
        payments=money(sum(x.payments.fils for x in data)),
        average_monthly_users=(2 * total_users + months) // (2 * months) if months else 0,
        downloads=sum(x.downloads for x in data),
        data=data,
    )


def ratio(numerator: int, denominator: int) -> str:
    """A ratio as a 3-decimal string (0.985), rounded half up in integer arithmetic."""
    if denominator == 0:
        return "0.000"
    thousandths = (2000 * numerator + denominator) // (2 * denominator)
    return f"{thousandths // 1000}.{thousandths % 1000:03d}"


async def tawasul_stats(session: AsyncSession, start: str, end: str) -> s.TawasulStats:
    t = m.TawasulStatsMonth
    in_range = _between(t.month, start, end)
    by_type = (
        await session.execute(
            select(t.case_type, func.sum(t.cases), func.sum(t.within_sla))
            .where(in_range)
            .group_by(t.case_type)
            .order_by(t.case_type)
        )
    ).all()
    rated, satisfied = (
        await session.execute(
            select(func.coalesce(func.sum(t.rated), 0), func.coalesce(func.sum(t.satisfied), 0)).where(in_range)
        )
    ).one()
    by_entity = (
        await session.execute(
            select(m.Entity.code, func.sum(t.cases))
            .join(m.Entity, m.Entity.id == t.entity_id)
            .where(in_range)
            .group_by(m.Entity.code)
            .order_by(m.Entity.code)
        )
    ).all()
    cases = sum(int(x[1]) for x in by_type)
    within = sum(int(x[2]) for x in by_type)
    return s.TawasulStats(
        period_from=start,
        period_to=end,
        cases=cases,
        within_sla=within,
        sla_compliance=ratio(within, cases),
        rated=int(rated),
        satisfied=int(satisfied),
        satisfaction=ratio(int(satisfied), int(rated)),
        by_type=[s.TawasulByType(type=k, cases=int(c), within_sla=int(w)) for k, c, w in sorted(by_type)],
        by_entity={code: int(c) for code, c in sorted(by_entity)},
    )
