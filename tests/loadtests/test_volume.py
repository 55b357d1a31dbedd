"""The volume model reproduces the iGA H1 2024 totals and the shape assumptions of load-model.md."""

import sys
from datetime import date

import _volume as volume
import pytest


def test_model_imports_nothing_from_locust() -> None:
    assert "locust" not in sys.modules
    assert "gevent" not in sys.modules


def test_calendar_is_the_182_days_of_h1_2024() -> None:
    days = volume.h1_days()
    assert len(days) == 182
    assert (days[0], days[-1]) == (date(2024, 1, 1), date(2024, 6, 30))
    assert len(volume.series()) == 182 * 24


def test_half_year_sums_to_14_million_successful_logins() -> None:
    total = sum(hour.logins for hour in volume.series())
    assert total == pytest.approx(14_000_000, rel=0.001)
    assert sum(volume.daily_logins(d) for d in volume.h1_days()) == pytest.approx(14_000_000, rel=0.001)


@pytest.mark.parametrize(
    ("flow", "report_total"),
    [
        ("login", 14_000_000),
        # 12 % of attempts fail: 14 M successes are 88 % of the attempts.
        ("failed_login", 14_000_000 / 0.88 * 0.12),
        # 11 M bahrain.bh visits in H1 2023, +9 %: one catalog visit each.
        ("catalog_visit", 11_000_000 * 1.09),
        # 20 % of the 4 M e-transactions produce a QR certificate; half of them are scanned once.
        ("certificate", 800_000),
        ("verification", 400_000),
        ("app_transaction", 691_000),
    ],
)
def test_every_flow_sums_to_the_report_total(flow: str, report_total: float) -> None:
    total = sum(hour.flow(flow) for hour in volume.series())
    assert total == pytest.approx(report_total, rel=0.001)
    assert volume.FLOWS[flow].h1_total == pytest.approx(report_total, rel=1e-9)


def test_catalog_requests_match_48_million() -> None:
    visits = sum(hour.flow("catalog_visit") for hour in volume.series())
    assert visits * volume.FLOWS["catalog_visit"].requests == pytest.approx(47_960_000, rel=0.001)


def test_failed_logins_are_12_percent_of_attempts() -> None:
    success = sum(h.logins for h in volume.series())
    failed = sum(h.flow("failed_login") for h in volume.series())
    assert failed / (success + failed) == pytest.approx(0.12, rel=1e-6)


def test_app_traffic_is_weighted_by_monthly_users() -> None:
    weights = volume.app_weights()
    assert sum(weights.values()) == pytest.approx(1.0)
    assert weights["etraffic"] == pytest.approx(230 / 788)
    assert weights["sehati"] == pytest.approx(136 / 788)
    assert max(weights, key=weights.get) == "etraffic"  # "the most used app"
    assert sum(volume.APP_USERS.values()) == pytest.approx(788_000)


@pytest.mark.parametrize("profile", list(volume.HOURLY_PROFILES))
def test_hourly_profiles_are_shares_of_a_day(profile: str) -> None:
    assert len(volume.HOURLY_PROFILES[profile]) == 24
    assert sum(volume.HOURLY_PROFILES[profile]) == pytest.approx(1.0, abs=0.00021)  # rounded to 4 places
    assert sum(volume.hour_shares(profile)) == pytest.approx(1.0, abs=1e-12)


def test_peak_hour_is_a_month_end_sunday_morning_at_2_6_per_second() -> None:
    peak = volume.peak_hour()
    assert (peak.day, peak.hour) == (date(2024, 1, 28), 10)
    assert peak.day.weekday() == 6  # Sunday: first day of Bahrain's working week
    assert peak.logins == pytest.approx(9352, abs=2)
    assert peak.logins_per_second == pytest.approx(2.6, abs=0.01)
    average_hour = 14_000_000 / (182 * 24)
    assert peak.logins / average_hour == pytest.approx(2.92, abs=0.01)


def test_week_runs_sunday_to_thursday() -> None:
    # 14-20 Jan 2024: no month end, no Ramadan, no holiday.
    week = {d.weekday(): volume.daily_logins(d) for d in (date(2024, 1, 14 + i) for i in range(7))}
    assert max(week, key=week.get) == 6  # Sunday busiest
    assert min(week, key=week.get) == 4  # Friday quietest
    assert volume.profile_name(date(2024, 1, 19)) == "weekend"  # Friday
    assert volume.profile_name(date(2024, 1, 14)) == "workday"  # Sunday


def test_month_end_uplift() -> None:
    # Both Thursdays, outside Ramadan: only the pay-cycle factor differs.
    assert volume.daily_logins(date(2024, 1, 25)) / volume.daily_logins(date(2024, 1, 18)) == pytest.approx(1.15)


def test_ramadan_moves_logins_into_the_night() -> None:
    def night_share(day: date) -> float:
        hours = [h for h in volume.series() if h.day == day]
        return sum(h.logins for h in hours if h.hour >= 21 or h.hour == 0) / sum(h.logins for h in hours)

    ramadan_sunday, ordinary_sunday = date(2024, 3, 17), date(2024, 2, 18)
    assert volume.profile_name(ramadan_sunday) == "ramadan_workday"
    assert night_share(ramadan_sunday) == pytest.approx(0.255, abs=0.002)
    assert night_share(ordinary_sunday) == pytest.approx(0.137, abs=0.002)
    # Same weekday, no month end: Ramadan days carry 5 % less.
    assert volume.daily_logins(ramadan_sunday) / volume.daily_logins(ordinary_sunday) == pytest.approx(0.95)


def test_holidays_halve_the_day_and_use_the_weekend_curve() -> None:
    eid = date(2024, 4, 10)  # Wednesday, Eid al-Fitr
    assert volume.profile_name(eid) == "weekend"
    assert volume.daily_logins(eid) / volume.daily_logins(date(2024, 4, 17)) == pytest.approx(0.5)


def test_distribution_of_hours_matches_the_design() -> None:
    logins = sorted(h.logins for h in volume.series())
    assert logins[len(logins) // 2] == pytest.approx(3219, abs=5)
    days = sorted(volume.daily_logins(d) for d in volume.h1_days())
    assert days[0] == pytest.approx(22_100, rel=0.01)
    assert days[-1] == pytest.approx(111_000, rel=0.01)
    assert volume.ordinary_weekday_logins() == pytest.approx(86_200, rel=0.002)


def test_peak_hour_platform_load_is_about_26_requests_per_second() -> None:
    assert volume.requests_per_second(volume.peak_hour().logins_per_second) == pytest.approx(26, abs=0.5)
