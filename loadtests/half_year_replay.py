"""Half-year replay (S4): the 4,368 modelled hours of H1 2024 (14.0 M logins, Sunday-to-Thursday weeks, month
ends, Ramadan nights, holidays) compressed into --scenario-minutes (default 182: one day per minute) at --rate-scale
times the real rate (default 28.8 = 1,440:1 time at 1:50 volume). The summary states the real volume the run stands
for. Open arrival model.

Run it with `uv run bawaba loadtest half-year-replay --host http://127.0.0.1:8000` (docs/LOADTESTING.md).
"""

import _runtime
from _runtime import ArrivalDispatcher, ScenarioShape

_runtime.setup("half-year-replay")


class HalfYearReplayArrivals(ArrivalDispatcher):
    """Starts every flow's arrivals on the half-year-replay plan."""


class HalfYearReplayShape(ScenarioShape):
    """Runs the dispatchers for the plan's length plus the drain period."""
