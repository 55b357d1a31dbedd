"""The verdict of a run: target against achieved arrivals, per-hop percentiles, errors, SLOs, validity, exit code.

Pure Python (unit-tested in pytest): `_runtime` extracts plain rows from Locust's statistics and calls `evaluate`.
Exit codes: 0 pass, 2 SLO breach, 3 invalid run (the generator, not the server, was the bottleneck, so the numbers
say nothing about the server). Locust's own 1 (crash, bad arguments) is left as is.
"""

from __future__ import annotations

from typing import Any

from _scenarios import Plan

EXIT_PASS, EXIT_BREACH, EXIT_INVALID = 0, 2, 3


def histogram_percentile(histogram: dict[int, int], q: float) -> float:
    total = sum(histogram.values())
    if total == 0:
        return 0.0
    rank, seen = q * total, 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return float(value)
    return float(max(histogram))


def evaluate(
    plan: Plan,
    *,
    elapsed_s: float,
    hops: list[dict[str, Any]],
    flows: dict[str, dict[str, Any]],
    arrivals: dict[str, dict[str, int]],
    lag_ms: dict[int, int],
    generator: dict[str, Any],
    phases: dict[str, dict[int, int]] | None = None,
    skipped_flows: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    slo = plan.slo
    breaches: list[str] = []
    invalid: list[str] = []
    span = min(elapsed_s, plan.duration_s)

    flow_rows: dict[str, dict[str, Any]] = {}
    planned = [n for n in _planned_flows(plan) if n not in skipped_flows]
    for name in sorted(set(arrivals) | set(flows) | set(planned)):
        counts = arrivals.get(name, {})
        target = plan.expected(name, span) if name in planned else 0.0
        started, skipped = counts.get("started", 0), counts.get("skipped", 0)
        row = {
            "target": round(target, 1),
            "target_rate_s": round(target / span, 4) if span else 0.0,
            "started": started,
            "achieved_rate_s": round(started / span, 4) if span else 0.0,
            "ratio": round(started / target, 4) if target else None,
            "dropped": counts.get("dropped", 0),
            "skipped": skipped,
            "retries": counts.get("retries", 0),
            "completed": flows.get(name, {}).get("count", 0),  # finished, retries included
            "failed": flows.get(name, {}).get("failures", 0),
            **{k: flows.get(name, {}).get(k) for k in ("p50", "p95", "p99")},
        }
        flow_rows[name] = row
        # Evenly spaced arrivals can fall one short of a fractional target: allow that one.
        if target >= 1 and started < slo.min_arrival_ratio * target - 1:
            breaches.append(f"{name}: {started} arrivals started, {target:.0f} planned (< {slo.min_arrival_ratio:.0%})")
        # A skipped arrival (no token or QR code yet from an earlier flow) never reached the server: a few happen
        # while a run warms up; more mean the flows that feed it are failing.
        if skipped > max(2, 0.1 * target):
            breaches.append(f"{name}: {skipped} of {started} arrivals skipped for want of a token or QR code")
        if row["p95"] is not None and row["p95"] > slo.flow_p95_ms:
            breaches.append(f"flow {name}: p95 {row['p95']:.0f} ms > {slo.flow_p95_ms:.0f} ms")
        if row["p99"] is not None and row["p99"] > slo.flow_p99_ms:
            breaches.append(f"flow {name}: p99 {row['p99']:.0f} ms > {slo.flow_p99_ms:.0f} ms")

    for hop in hops:
        label = f"{hop['method']} {hop['name']}"
        if hop["count"] and hop["p95"] > slo.hop_p95_ms:
            breaches.append(f"{label}: p95 {hop['p95']:.0f} ms > {slo.hop_p95_ms:.0f} ms")
        if hop["count"] and hop["p99"] > slo.hop_p99_ms:
            breaches.append(f"{label}: p99 {hop['p99']:.0f} ms > {slo.hop_p99_ms:.0f} ms")

    requests = sum(h["count"] for h in hops)
    failures = sum(h["failures"] for h in hops)
    error_ratio = failures / requests if requests else 0.0
    if requests == 0:
        breaches.append("no request was sent")
    if error_ratio > slo.max_error_ratio:
        breaches.append(f"error ratio {error_ratio:.3%} > {slo.max_error_ratio:.3%} ({failures}/{requests} requests)")

    started_total = sum(r["started"] for r in flow_rows.values())
    dropped_total = sum(r["dropped"] for r in flow_rows.values())
    scheduled = started_total + dropped_total
    dropped_ratio = dropped_total / scheduled if scheduled else 0.0
    if dropped_ratio > slo.max_dropped_ratio:
        breaches.append(f"{dropped_total} arrivals dropped ({dropped_ratio:.2%}): too many flows in flight")

    phase_rows = {name: _phase_row(hist) for name, hist in (phases or {}).items()}
    calm, recovered = phase_rows.get("calm"), phase_rows.get("recovered")
    if calm and recovered and calm["requests"] and recovered["requests"]:
        # After a surge, latency must come back: p95 within 1.2 × the calm phase's (20 ms of slack for tiny baselines).
        limit = max(1.2 * calm["p95"], calm["p95"] + 20)
        if recovered["p95"] > limit:
            breaches.append(f"no recovery: p95 {recovered['p95']:.0f} ms after the surge > {limit:.0f} ms")

    lag_p99 = histogram_percentile(lag_ms, 0.99)
    if lag_p99 > slo.max_lag_p99_ms:
        invalid.append(f"schedule lag p99 {lag_p99:.0f} ms > {slo.max_lag_p99_ms:.0f} ms: the generator fell behind")
    if generator.get("cpu_warning"):
        invalid.append(f"Locust warned of CPU overload (peak {generator.get('cpu_max', 0):.0f} %)")
    if generator.get("pool_exhausted"):
        invalid.append(f"persona pool exhausted {generator['pool_exhausted']} times: seed more load personas")
    if generator.get("setup_failed"):
        invalid.append(f"the load users could not start: {generator.get('setup_error') or 'see the Locust log'}")
    if generator.get("missing_workers"):
        invalid.append(f"workers missing: {generator['missing_workers']}")

    planned_logins = plan.expected("login", span)
    exit_code = EXIT_INVALID if invalid else EXIT_BREACH if breaches else EXIT_PASS
    return {
        "scenario": plan.scenario,
        "result": {EXIT_PASS: "pass", EXIT_BREACH: "fail", EXIT_INVALID: "invalid"}[exit_code],
        "exit_code": exit_code,
        "duration_s": round(span, 1),
        "rate_scale": plan.rate_scale,
        "equivalent": plan.describe(planned_logins),
        "flows_left_out": sorted(skipped_flows),
        "slo": {k: getattr(slo, k) for k in slo.__slots__},
        "breaches": breaches,
        "invalid": invalid,
        "requests": requests,
        "failures": failures,
        "error_ratio": round(error_ratio, 6),
        "dropped_ratio": round(dropped_ratio, 6),
        "target_requests_s": round(sum(_planned_requests(plan, n, span) for n in flow_rows) / span, 2) if span else 0,
        "achieved_requests_s": round(requests / span, 2) if span else 0,
        "lag_p99_ms": lag_p99,
        "generator": generator,
        "flows": flow_rows,
        "hops": hops,
        "phases": phase_rows,
    }


def _phase_row(hist: dict[int, int]) -> dict[str, float]:
    times = {ms: n for ms, n in hist.items() if ms >= 0}
    return {"requests": sum(times.values()), "failures": hist.get(-1, 0),
            **{f"p{q}": histogram_percentile(times, q / 100) for q in (50, 95, 99)}}  # fmt: skip


def _planned_flows(plan: Plan) -> list[str]:
    return list(plan.rates(0))


def _planned_requests(plan: Plan, flow: str, span: float) -> float:
    from _volume import FLOWS

    return plan.expected(flow, span) * FLOWS[flow].requests if flow in FLOWS else 0.0


def render(verdict: dict[str, Any]) -> str:
    """The run summary as Markdown (printed at the end of the run and written beside the CSV and HTML reports)."""
    lines = [
        f"## {verdict['scenario']}: {verdict['result'].upper()} (exit {verdict['exit_code']})",
        "",
        verdict["equivalent"]
        + (f" (flows left out: {', '.join(verdict['flows_left_out'])})" if verdict.get("flows_left_out") else ""),
        "",
        f"{verdict['duration_s']:g} s, {verdict['requests']:,} requests "
        f"({verdict['achieved_requests_s']:.1f}/s, planned ~{verdict['target_requests_s']:.1f}/s), "
        f"errors {verdict['error_ratio']:.3%}, schedule lag p99 {verdict['lag_p99_ms']:.0f} ms, "
        f"generator CPU peak {verdict['generator'].get('cpu_max', 0):.0f} %",
        "",
        "| flow | target | target/s | started | achieved/s | ratio | dropped | skipped | retries | failed | p50 | p95 "
        "| p99 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in verdict["flows"].items():
        ratio = "–" if r["ratio"] is None else f"{r['ratio']:.1%}"
        lines.append(
            f"| {name} | {r['target']:,.0f} | {r['target_rate_s']:.3f} | {r['started']:,} | {r['achieved_rate_s']:.3f} "
            f"| {ratio} | {r['dropped']} | {r['skipped']} | {r.get('retries', 0)} | {r['failed']} | {_ms(r['p50'])} "
            f"| {_ms(r['p95'])} "
            f"| {_ms(r['p99'])} |"
        )
    lines += ["", "| hop | requests | failures | p50 ms | p95 ms | p99 ms | max ms |"]
    lines += ["|---|---:|---:|---:|---:|---:|---:|"]
    for h in verdict["hops"]:
        lines.append(
            f"| {h['method']} {h['name']} | {h['count']:,} | {h['failures']} | {_ms(h['p50'])} | {_ms(h['p95'])} "
            f"| {_ms(h['p99'])} | {_ms(h['max'])} |"
        )
    if verdict.get("phases"):
        lines += ["", "| phase | requests | failures | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|"]
        for name, p in verdict["phases"].items():
            lines.append(f"| {name} | {p['requests']:,} | {p['failures']} | {_ms(p['p50'])} | {_ms(p['p95'])} "
                         f"| {_ms(p['p99'])} |")  # fmt: skip
    slo = verdict["slo"]
    lines += [
        "",
        f"SLO: every hop p95 ≤ {slo['hop_p95_ms']:g} ms and p99 ≤ {slo['hop_p99_ms']:g} ms; flows p95 ≤ "
        f"{slo['flow_p95_ms']:g} ms, p99 ≤ {slo['flow_p99_ms']:g} ms (from the intended start); errors ≤ "
        f"{slo['max_error_ratio']:.1%}; arrivals ≥ {slo['min_arrival_ratio']:.0%} of plan.",
    ]
    lines += [f"- BREACH: {b}" for b in verdict["breaches"]] + [f"- INVALID: {i}" for i in verdict["invalid"]]
    return "\n".join(lines) + "\n"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"
