"""Make the pure modules of loadtests/ importable the way Locust imports them (the locustfile directory on sys.path).

Only the `_volume`, `_scenarios` and `_verdict` modules are imported in-process: they import nothing from Locust.
Locust itself monkey-patches with gevent on import, so scenario runs happen in a subprocess (test_scenario_run.py).
"""

import sys
from pathlib import Path

LOADTESTS = Path(__file__).resolve().parents[2] / "loadtests"
if str(LOADTESTS) not in sys.path:
    sys.path.insert(0, str(LOADTESTS))
