"""Surge ×10 (S3): peak hour, then a ramp to ten times it (~26 logins/s, ~260 requests/s), then back to watch the
recovery (10 : 2 : 15 : 10 of the run length). Open arrival model: a slow server gets the same arrivals, so
overload shows up as latency, errors and dropped arrivals instead of a politely slower generator.

Run it with `uv run bawaba loadtest surge-x10 --host http://127.0.0.1:8000` (docs/LOADTESTING.md).
"""

import _runtime
from _runtime import ArrivalDispatcher, ScenarioShape

_runtime.setup("surge-x10")


class SurgeX10Arrivals(ArrivalDispatcher):
    """Starts every flow's arrivals on the surge-x10 plan."""


class SurgeX10Shape(ScenarioShape):
    """Runs the dispatchers for the plan's length plus the drain period."""
