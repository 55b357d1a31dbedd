"""Peak hour (S2): the busiest hour of H1 2024 (Sun 28 Jan 10:00, 9,352 logins = 2.6/s) at the real rate, with
the busiest minute (×1.35) every 10 minutes and an 18-logins second every 15 minutes, plus the other flows
(catalog, failed logins, certificates, verifications, app back ends): ~26 requests/s. Open arrival model.

Run it with `uv run bawaba loadtest peak-hour --host http://127.0.0.1:8000` (docs/LOADTESTING.md).
"""

import _runtime
from _runtime import ArrivalDispatcher, ScenarioShape

_runtime.setup("peak-hour")


class PeakHourArrivals(ArrivalDispatcher):
    """Starts every flow's arrivals on the peak-hour plan."""


class PeakHourShape(ScenarioShape):
    """Runs the dispatchers for the plan's length plus the drain period."""
