"""Soak (S5): flat at the peak-hour rate for --scenario-minutes (default 480: 8 h), to see latency drift, memory
growth and unbounded tables (login sessions, codes, nonces). Open arrival model.

Run it with `uv run bawaba loadtest soak --host http://127.0.0.1:8000` (docs/LOADTESTING.md).
"""

import _runtime
from _runtime import ArrivalDispatcher, ScenarioShape

_runtime.setup("soak")


class SoakArrivals(ArrivalDispatcher):
    """Starts every flow's arrivals on the soak plan."""


class SoakShape(ScenarioShape):
    """Runs the dispatchers for the plan's length plus the drain period."""
