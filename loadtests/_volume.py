"""National eKey volume model: H1 2024 report totals turned into hourly rates for every flow.

Pure standard library on purpose: the unit tests import this module, and nothing that pulls in Locust (gevent
monkey-patching) may be imported into the pytest process. Every figure is either a report total (FACTS.md) or a
named assumption of the load model (shared design load-model.md §3–§4); change the constants, not the code.

Bahrain time (UTC+3) throughout; the working week runs Sunday to Thursday.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

# --- report totals (iGA H1 2024 press release, see seeds FACTS.md) -------------------------------------------------
H1_START = date(2024, 1, 1)
H1_END = date(2024, 6, 30)  # inclusive
SUCCESSFUL_LOGINS_H1 = 14_000_000
E_TRANSACTIONS_H1 = 4_000_000
APP_TRANSACTIONS_H1 = 691_000
APP_MONTHLY_USERS = 788_000
PORTAL_VISITS_H1_2023 = 11_000_000  # bahrain.bh, H1 2023 (load-model.md [B3])

# --- assumptions of the model (load-model.md §3–§4) -----------------------------------------------------------------
FAILED_SHARE_OF_ATTEMPTS = 0.12  # 7 % wrong password + 3 % wrong/expired TOTP + 2 % abandoned
FAILURE_MIX = {"wrong_password": 7 / 12, "wrong_totp": 3 / 12, "abandoned": 2 / 12}
PORTAL_VISIT_GROWTH = 1.09  # H1 2023 → H1 2024
CATALOG_CALLS_PER_VISIT = 4
CERTIFICATE_SHARE_OF_TRANSACTIONS = 0.20
VERIFICATIONS_PER_CERTIFICATE = 0.5

# Monthly users of the named apps; the three apps the report gives no figure for share the rest of the 788 K evenly.
_NAMED_APP_USERS = {"etraffic": 230_000, "sehati": 136_000}
_UNNAMED_APPS = ("tajer", "ishabab", "tawasul")
APP_USERS = _NAMED_APP_USERS | {
    app: (APP_MONTHLY_USERS - sum(_NAMED_APP_USERS.values())) / len(_UNNAMED_APPS) for app in _UNNAMED_APPS
}

WEEKDAY_WEIGHT = {6: 1.20, 0: 1.10, 1: 1.05, 2: 1.05, 3: 0.95, 4: 0.55, 5: 0.75}  # date.weekday(): Monday = 0
WEEKEND = frozenset({4, 5})  # Friday, Saturday
MONTH_END_FACTOR = 1.15  # day >= 25 or <= 2: pay cycle (no Bahrain source)
RAMADAN = (date(2024, 3, 11), date(2024, 4, 9))
RAMADAN_FACTOR = 0.95
HOLIDAY_FACTOR = 0.5
HOLIDAYS = frozenset(
    [date(2024, 1, 1), date(2024, 5, 1)]
    + [date(2024, 4, d) for d in (10, 11, 12)]  # Eid al-Fitr (approximate)
    + [date(2024, 6, d) for d in (15, 16, 17, 18)]  # Arafat day and Eid al-Adha (approximate)
)

# Share of a day's logins per hour 00..23 (load-model.md §3); normalised again below.
HOURLY_PROFILES: dict[str, tuple[float, ...]] = {
    "workday": (
        0.0126, 0.0074, 0.0042, 0.0032, 0.0032, 0.0053, 0.0158, 0.0368, 0.0632, 0.0789, 0.0842, 0.0821,
        0.0737, 0.0653, 0.0526, 0.0442, 0.0421, 0.0442, 0.0474, 0.0526, 0.0568, 0.0547, 0.0421, 0.0274,
    ),
    "weekend": (
        0.0205, 0.0126, 0.0068, 0.0046, 0.0034, 0.0046, 0.0080, 0.0148, 0.0297, 0.0457, 0.0594, 0.0662,
        0.0685, 0.0639, 0.0594, 0.0571, 0.0571, 0.0594, 0.0616, 0.0662, 0.0708, 0.0685, 0.0548, 0.0365,
    ),
    "ramadan_workday": (
        0.0469, 0.0358, 0.0223, 0.0179, 0.0112, 0.0045, 0.0045, 0.0101, 0.0503, 0.0760, 0.0827, 0.0804,
        0.0715, 0.0581, 0.0402, 0.0313, 0.0291, 0.0246, 0.0101, 0.0268, 0.0581, 0.0715, 0.0737, 0.0626,
    ),
    "ramadan_weekend": (
        0.0630, 0.0504, 0.0327, 0.0252, 0.0151, 0.0063, 0.0038, 0.0050, 0.0151, 0.0302, 0.0453, 0.0554,
        0.0579, 0.0554, 0.0504, 0.0453, 0.0403, 0.0327, 0.0126, 0.0353, 0.0705, 0.0856, 0.0882, 0.0781,
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Flow:
    """One kind of traffic, tied to the successful-login series by a per-login multiplier."""

    name: str
    per_login: float  # arrivals of this flow per successful login
    requests: int  # HTTP requests in one arrival (load-model.md §4)
    h1_total: float  # what the report (or a derivation from it) says for H1 2024


def _flows() -> dict[str, Flow]:
    logins = SUCCESSFUL_LOGINS_H1
    failed = logins * FAILED_SHARE_OF_ATTEMPTS / (1 - FAILED_SHARE_OF_ATTEMPTS)
    visits = PORTAL_VISITS_H1_2023 * PORTAL_VISIT_GROWTH
    certificates = E_TRANSACTIONS_H1 * CERTIFICATE_SHARE_OF_TRANSACTIONS
    verifications = certificates * VERIFICATIONS_PER_CERTIFICATE
    flows = [
        Flow("login", 1.0, 6, logins),
        Flow("failed_login", failed / logins, 3, failed),
        # One browsing visit = CATALOG_CALLS_PER_VISIT API calls (search, detail, entity, related).
        Flow("catalog_visit", visits / logins, CATALOG_CALLS_PER_VISIT, visits),
        Flow("certificate", certificates / logins, 3, certificates),
        Flow("verification", verifications / logins, 1, verifications),
        # An app transaction = the relying party's back end refreshing its token and reading userinfo.
        Flow("app_transaction", APP_TRANSACTIONS_H1 / logins, 2, APP_TRANSACTIONS_H1),
    ]
    return {flow.name: flow for flow in flows}


FLOWS: dict[str, Flow] = _flows()


def app_weights() -> dict[str, float]:
    """Share of app transactions per app, weighted by monthly users."""
    total = sum(APP_USERS.values())
    return {app: users / total for app, users in APP_USERS.items()}


# --- calendar -------------------------------------------------------------------------------------------------------
def h1_days() -> list[date]:
    return [H1_START + timedelta(days=i) for i in range((H1_END - H1_START).days + 1)]


def in_ramadan(day: date) -> bool:
    return RAMADAN[0] <= day <= RAMADAN[1]


def is_month_end(day: date) -> bool:
    return day.day >= 25 or day.day <= 2


def day_weight(day: date) -> float:
    weight = WEEKDAY_WEIGHT[day.weekday()]
    if is_month_end(day):
        weight *= MONTH_END_FACTOR
    if in_ramadan(day):
        weight *= RAMADAN_FACTOR
    if day in HOLIDAYS:
        weight *= HOLIDAY_FACTOR
    return weight


def profile_name(day: date) -> str:
    rest = day.weekday() in WEEKEND or day in HOLIDAYS
    kind = "weekend" if rest else "workday"
    return f"ramadan_{kind}" if in_ramadan(day) else kind


@cache
def hour_shares(profile: str) -> tuple[float, ...]:
    weights = HOURLY_PROFILES[profile]
    total = sum(weights)
    return tuple(w / total for w in weights)


@cache
def _daily_logins() -> dict[date, float]:
    days = h1_days()
    total = sum(day_weight(d) for d in days)
    return {d: SUCCESSFUL_LOGINS_H1 * day_weight(d) / total for d in days}


def daily_logins(day: date) -> float:
    """Modelled successful logins on one day of H1 2024."""
    return _daily_logins()[day]


@dataclass(frozen=True, slots=True)
class Hour:
    day: date
    hour: int
    logins: float

    def flow(self, name: str) -> float:
        return self.logins * FLOWS[name].per_login

    @property
    def logins_per_second(self) -> float:
        return self.logins / 3600


def hourly_series() -> Iterator[Hour]:
    """The 4,368 hours of H1 2024 (182 days × 24), logins per hour; other flows via Hour.flow()."""
    for day in h1_days():
        shares = hour_shares(profile_name(day))
        logins = daily_logins(day)
        for hour in range(24):
            yield Hour(day, hour, logins * shares[hour])


@cache
def _series() -> tuple[Hour, ...]:
    return tuple(hourly_series())


def series() -> tuple[Hour, ...]:
    return _series()


def peak_hour() -> Hour:
    return max(_series(), key=lambda h: h.logins)


def plain_workdays() -> list[date]:
    """Sunday-to-Thursday days with no month end, no Ramadan and no holiday."""
    return [d for d in h1_days() if profile_name(d) == "workday" and not is_month_end(d) and d not in HOLIDAYS]


def ordinary_weekday_logins() -> float:
    """Logins on an ordinary workday (the mean over plain workdays, ~86 K): the average-day scenario's volume."""
    days = plain_workdays()
    return sum(daily_logins(d) for d in days) / len(days)


def rates_per_second(logins_per_second: float) -> dict[str, float]:
    """Per-second arrival rate of every flow, given the successful-login rate."""
    return {name: logins_per_second * flow.per_login for name, flow in FLOWS.items()}


def requests_per_second(logins_per_second: float) -> float:
    return sum(rate * FLOWS[name].requests for name, rate in rates_per_second(logins_per_second).items())
