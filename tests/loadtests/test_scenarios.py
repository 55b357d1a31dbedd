"""Scenario plans: the rates each scenario asks of the generator, and the arrival schedule derived from them."""

import math
import random

import _scenarios as scenarios
import _volume as volume
import pytest

PEAK = volume.peak_hour().logins_per_second


def test_every_scenario_builds_with_its_defaults() -> None:
    durations = {name: scenarios.build(name).duration_s for name in scenarios.SCENARIOS}
    assert durations == {
        "average-day": 24 * 60,
        "peak-hour": 60 * 60,
        "surge-x10": 37 * 60,
        "half-year-replay": 182 * 60,
        "soak": 8 * 3600,
    }


def test_peak_hour_runs_at_the_real_peak_rate_after_the_ramp() -> None:
    plan = scenarios.build("peak-hour", minutes=60)
    assert plan.rate("login", 400) == pytest.approx(PEAK)
    spikes = [t for t in range(plan.duration_s) if plan.rate("login", t) > 10]
    assert spikes == [750, 1650, 2550, 3450]  # the peak second: 7.5 min after the 5-minute ramp, then every 15 min
    assert plan.rate("login", 750) == pytest.approx(18.0)
    assert plan.rate("catalog_visit", 750) == pytest.approx(PEAK * volume.FLOWS["catalog_visit"].per_login)
    assert plan.rate("catalog_visit", 330) == pytest.approx(PEAK * 1.35 * volume.FLOWS["catalog_visit"].per_login)
    assert max(scenarios.build("peak-hour", minutes=5).rate("login", t) for t in range(300)) < 4  # no spike yet
    assert plan.rate("login", 300 + 600 + 59) == pytest.approx(PEAK * 1.35)  # busiest minute, every 10 min
    assert plan.rate("login", 300 + 600 + 60) == pytest.approx(PEAK)
    # ~9.35 K logins: the busiest real hour (the ramp removes some, the busy minutes and spikes add some back).
    assert plan.expected("login") == pytest.approx(9352, rel=0.01)


def test_surge_is_ten_times_the_peak_hour() -> None:
    plan = scenarios.build("surge-x10", minutes=37)
    assert plan.rate("login", 5 * 60) == pytest.approx(PEAK)
    assert plan.rate("login", 20 * 60) == pytest.approx(10 * PEAK)
    assert plan.rate("login", 20 * 60) == pytest.approx(26.0, abs=0.1)
    assert plan.rate("certificate", 20 * 60) == pytest.approx(10 * PEAK * volume.FLOWS["certificate"].per_login)
    assert plan.rate("login", 30 * 60) == pytest.approx(PEAK)  # recovery


def test_half_year_replay_stands_for_14_million_logins() -> None:
    plan = scenarios.build("half-year-replay", minutes=182)
    assert plan.notes["time_compression"] == pytest.approx(1440)
    # Default 1:50 volume at 1,440:1 time: 280 K logins in 182 min, peak 74.8/s (load-model.md S4).
    assert plan.expected("login") == pytest.approx(14_000_000 / 50, rel=0.001)
    assert max(plan.rate("login", t) for t in range(plan.duration_s)) == pytest.approx(74.8, abs=0.1)
    # At any length and scale, the run is the whole half-year times rate_scale / compression.
    short = scenarios.build("half-year-replay", minutes=6, rate_scale=2)
    assert short.expected("login") == pytest.approx(14_000_000 * 2 / short.notes["time_compression"], rel=0.001)
    assert "14.0 M real logins over 182 days" in short.describe(short.expected("login"))


def test_average_day_at_60x_is_one_full_weekday() -> None:
    plan = scenarios.build("average-day", minutes=24, rate_scale=60)
    assert plan.expected("login") == pytest.approx(volume.ordinary_weekday_logins(), rel=0.001)
    assert max(plan.rate("login", t) for t in range(plan.duration_s)) == pytest.approx(121, abs=1)


def test_soak_is_flat_at_the_peak_rate() -> None:
    plan = scenarios.build("soak", minutes=480)
    assert {round(plan.rate("login", t), 6) for t in range(600, plan.duration_s, 97)} == {round(PEAK, 6)}


def test_no_arrivals_outside_the_run() -> None:
    plan = scenarios.build("peak-hour", minutes=2)
    assert plan.rate("login", -1) == 0
    assert plan.rate("login", 120) == 0
    assert plan.next_arrival("login", 119.9, 100.0) is None


@pytest.mark.parametrize("scenario", list(scenarios.SCENARIOS))
def test_evenly_spaced_arrivals_deliver_exactly_the_planned_count(scenario: str) -> None:
    plan = scenarios.build(scenario, minutes=3)
    for flow in ("login", "certificate"):
        t, count = 0.0, 0
        while (t := plan.next_arrival(flow, t, 1.0)) is not None:
            count += 1
        assert count == math.floor(plan.expected(flow) + 1e-9)


def test_poisson_arrivals_follow_the_rate() -> None:
    plan = scenarios.build("surge-x10", minutes=6)
    rng = random.Random(7)
    t, arrivals = 0.0, []
    while (t := plan.next_arrival("login", t, rng.expovariate(1.0))) is not None:
        arrivals.append(t)
    expected = plan.expected("login")
    assert len(arrivals) == pytest.approx(expected, rel=4 / math.sqrt(expected))
    surge_start, surge_end = plan.notes["surge_start_s"], plan.notes["surge_end_s"]
    in_surge = sum(surge_start <= a < surge_end for a in arrivals) / (surge_end - surge_start)
    assert in_surge == pytest.approx(10 * PEAK, rel=0.15)


def test_only_the_surge_models_retries() -> None:
    shares = {name: scenarios.build(name, minutes=1).retry_share for name in scenarios.SCENARIOS}
    assert shares == {"average-day": 0, "peak-hour": 0, "surge-x10": 0.3, "half-year-replay": 0, "soak": 0}
