"""Platform benchmark: server CPU per request of the cheapest routes (the framework's floor), on 1 worker.

uv run python -m loadtests.bench.platform_bench [--n 3000]
"""

from __future__ import annotations

import argparse

import httpx

from loadtests.bench._harness import ServerUnderTest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    with ServerUnderTest(workers=1) as server, httpx.Client(base_url=server.url) as http:
        for path in ("/health", "/ready", "/"):
            for _ in range(50):
                http.get(path)
            with server.measure(f"GET {path}", args.n) as measurement:
                for _ in range(args.n):
                    assert http.get(path).status_code == 200
            print(measurement.report())


if __name__ == "__main__":
    main()
