"""Average day (S1): the 24-hour curve of an ordinary weekday (~86 K logins, 10:00 peak 2.0/s) compressed into
--scenario-minutes (default 24: one test minute per real hour), at --rate-scale times the real rate (60 replays a
whole day's volume). Every flow mixed in the report's ratios; open arrival model.

Run it with `uv run bawaba loadtest average-day --host http://127.0.0.1:8000` (docs/LOADTESTING.md).
"""

import _runtime
from _runtime import ArrivalDispatcher, ScenarioShape

_runtime.setup("average-day")


class AverageDayArrivals(ArrivalDispatcher):
    """Starts every flow's arrivals on the average-day plan."""


class AverageDayShape(ScenarioShape):
    """Runs the dispatchers for the plan's length plus the drain period."""
