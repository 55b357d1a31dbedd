"""Locust wiring shared by the scenario locustfiles: options, the open-model arrival dispatcher, the shape, the verdict.

Open model (load-model.md §6): a few dispatcher users per process walk the scenario's rate plan and start one
greenlet per arrival, whatever the server's speed, each with a fresh FastHttpUser (new cookies and connections).
With D dispatchers in total, each carries 1/D of every flow's rate, so the total is right however Locust spreads
them over worker processes. A flow is also recorded as one "FLOW <name>" row timed from its *intended* start, so
a generator or server that falls behind shows up as latency instead of hiding as fewer arrivals.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import _scenarios as scenarios
import _volume as volume
import gevent
from _flows import Endpoints, FlowError, NotReady, RelyingParty, Shared
from _personas import CitizenPool, PoolExhausted, WrongPasswordPool, load_csv, shard
from _users import FLOW_USERS
from _verdict import evaluate, render
from _web import loopback_aliases
from gevent.pool import Pool
from locust import LoadTestShape, User, events, task
from locust.runners import MasterRunner, WorkerRunner

log = logging.getLogger("bawaba.loadtest")

# Per-process state. Workers send deltas of ARRIVALS and LAG to the master with every stats report.
STATE: dict[str, Any] = {"plan": None, "t0": None, "shared": None, "cpu_max": 0.0, "cpu_warning": False}
ARRIVALS: dict[str, Counter] = defaultdict(Counter)
LAG_MS: Counter = Counter()
GENERATOR: Counter = Counter()
PHASES: dict[str, Counter] = defaultdict(Counter)  # phase → {rounded ms: requests}; key -1 counts failures
IN_FLIGHT: dict[str, int] = {"local": 0}  # flows running now: this process, and each worker's last report
DRAIN_S = 30  # after the plan ends, flows in flight may finish for at most this long before the run stops


@events.init_command_line_parser.add_listener
def _options(parser) -> None:
    group = parser.add_argument_group("Bawaba scenario")
    group.add_argument("--scenario-minutes", type=float, default=None, help="Run length (default: the scenario's)")
    group.add_argument("--rate-scale", type=float, default=None, help="Multiplier of the real rates")
    group.add_argument("--personas", default="var/load/personas.csv", help="CSV from bawaba seed --load-personas")
    group.add_argument("--clients", default="var/load/clients.json", help="Relying parties for the load users")
    group.add_argument("--arrivals", choices=("regular", "poisson"), default="regular", help="Arrival process")
    group.add_argument("--dispatchers", type=int, default=1, help="Dispatcher users in total (one per process)")
    group.add_argument("--max-in-flight", type=int, default=2000, help="Flows in flight per process before dropping")
    group.add_argument("--persona-shards", type=int, default=1, help="Worker processes sharing the persona CSV")
    group.add_argument("--skip-flows", default="", help="Comma-separated flows to leave out, e.g. certificate")
    group.add_argument("--source-ips", type=int, default=65536, help="Loopback source addresses (0: one address)")
    group.add_argument("--verdict", default=None, help="Write verdict JSON and summary Markdown with this prefix")


def plan_for(environment) -> scenarios.Plan:
    if STATE["plan"] is None:
        options = environment.parsed_options
        STATE["plan"] = scenarios.build(STATE["scenario"], options.scenario_minutes, options.rate_scale)
    return STATE["plan"]


def skipped_flows(environment) -> frozenset[str]:
    names = frozenset(n.strip() for n in (environment.parsed_options.skip_flows or "").split(",") if n.strip())
    unknown = names - set(volume.FLOWS)
    if unknown:
        raise ValueError(f"--skip-flows: unknown flows {sorted(unknown)}; known: {sorted(volume.FLOWS)}")
    return names


def setup(scenario: str) -> None:
    """Called once by each locustfile: which scenario this process runs."""
    if scenario not in scenarios.SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}")
    STATE["scenario"] = scenario


# --- test start: build the shared state the flows need ---------------------------------------------------------------
def _discover(host: str) -> Endpoints:
    import urllib.request
    from urllib.parse import urlsplit

    with urllib.request.urlopen(f"{host.rstrip('/')}/.well-known/openid-configuration", timeout=10) as response:
        config = json.load(response)

    def local(url: str) -> str:
        # The issuer may be a public name; the load goes to --host, so keep only path and query.
        parts = urlsplit(url)
        return f"{host.rstrip('/')}{parts.path}"

    return Endpoints(local(config["authorization_endpoint"]), local(config["token_endpoint"]),
                     local(config["userinfo_endpoint"]))  # fmt: skip


def _relying_parties(path: str) -> tuple[RelyingParty, dict[str, RelyingParty]]:
    data = json.loads(Path(path).read_text())
    portal = RelyingParty(**data["portal"])
    apps = {name: RelyingParty(**rp) for name, rp in data.get("apps", {}).items()}
    return portal, apps


@events.test_start.add_listener
def _on_test_start(environment, **_kwargs) -> None:
    STATE["t0"] = time.time()
    plan_for(environment)
    if isinstance(environment.runner, MasterRunner):
        return
    try:
        _prepare_users(environment)
    except Exception as exc:  # no server, no personas: say so and stop, instead of failing every arrival
        log.error("bawaba: the load users cannot start: %s", exc)
        GENERATOR["setup_failed"] += 1
        STATE["setup_error"] = f"{type(exc).__name__}: {exc}"
        if not isinstance(environment.runner, WorkerRunner):
            gevent.spawn_later(1, environment.runner.quit)


def _prepare_users(environment) -> None:
    options = environment.parsed_options
    index = environment.runner.worker_index if isinstance(environment.runner, WorkerRunner) else 0
    pools = load_csv(options.personas)
    portal, apps = _relying_parties(options.clients)
    weights = {app: w for app, w in volume.app_weights().items() if app in apps}
    STATE["shared"] = Shared(
        endpoints=_discover(environment.host),
        portal=portal,
        apps=apps,
        app_weights=weights,
        citizens=CitizenPool(shard(pools["citizen"], index, options.persona_shards)),
        wrong_password=WrongPasswordPool(shard(pools["wrong_password"], index, options.persona_shards)),
        failure_mix=dict(volume.FAILURE_MIX),
        counters=GENERATOR,  # flow-level counters (lockout resets) travel to the master with the arrivals
    )
    addresses = loopback_aliases(environment.host, options.source_ips)
    for user_class in set(FLOW_USERS.values()):
        user_class.host = environment.host
        user_class.shared = STATE["shared"]
        user_class.source_addresses = addresses
    log.info("bawaba: %s personas (+%s wrong-password) in shard %s/%s", STATE["shared"].citizens.size,
             STATE["shared"].wrong_password.size, index, options.persona_shards)  # fmt: skip


# --- the dispatcher --------------------------------------------------------------------------------------------------
class ArrivalDispatcher(User):
    """Schedules arrivals of every flow at its planned rate / number of dispatchers; never waits for the server."""

    abstract = True

    def on_start(self) -> None:
        self.pool = Pool(max(1, self.environment.parsed_options.max_in_flight))

    @task
    def dispatch(self) -> None:
        plan = plan_for(self.environment)
        share = max(1, self.environment.parsed_options.dispatchers)
        if STATE["shared"] is None:  # setup failed (see the log): schedule nothing
            while True:
                gevent.sleep(3600)
        loops = [gevent.spawn(self._flow_loop, plan, flow, share) for flow in plan.rates(0)
                 if flow not in skipped_flows(self.environment)]  # fmt: skip
        gevent.joinall(loops)
        self.pool.join(timeout=DRAIN_S)
        while True:  # the shape stops the run after the drain period
            gevent.sleep(3600)

    def _flow_loop(self, plan: scenarios.Plan, flow: str, share: int) -> None:
        poisson = self.environment.parsed_options.arrivals == "poisson"
        rng = random.Random()
        t0 = STATE["t0"]
        # A random phase keeps several dispatchers from firing in lockstep.
        t = plan.next_arrival(flow, 0.0, share * rng.random())
        while t is not None:
            delay = t0 + t - time.time()
            if delay > 0:
                gevent.sleep(delay)
            scheduled = t0 + t
            if self.pool.full():
                ARRIVALS[flow]["dropped"] += 1
            else:
                self.pool.spawn(_run_arrival, self.environment, flow, scheduled)
            work = rng.expovariate(1.0) if poisson else 1.0
            t = plan.next_arrival(flow, t, share * work)


def _run_arrival(environment, flow: str, scheduled: float, retry: bool = False) -> None:
    started = time.time()
    LAG_MS[int((started - scheduled) * 1000)] += 1
    ARRIVALS[flow]["retries" if retry else "started"] += 1
    IN_FLIGHT["local"] += 1
    user = FLOW_USERS[flow](environment)
    exception: Exception | None = None
    try:
        user.run_flow(flow)
    except NotReady:
        ARRIVALS[flow]["skipped"] += 1
        return
    except PoolExhausted as exc:
        GENERATOR["pool_exhausted"] += 1
        exception = exc
    except FlowError as exc:
        exception = exc
        if exc.retryable and not retry:
            _maybe_retry(environment, flow, exc)
    except Exception as exc:  # a bug or a transport error: recorded, never kills the dispatcher
        log.exception("flow %s crashed", flow)
        exception = exc
    finally:
        user.close()
        IN_FLIGHT["local"] -= 1
    environment.events.request.fire(
        request_type="FLOW", name=flow, response_time=(time.time() - scheduled) * 1000, response_length=0,
        exception=exception, context={},
    )  # fmt: skip


def _maybe_retry(environment, flow: str, error: FlowError) -> None:
    """Some people try again after a failure: honour Retry-After, else 2-5 s later. Retries are extra arrivals."""
    plan = plan_for(environment)
    if random.random() >= plan.retry_share:
        return
    try:
        delay = min(60.0, float(error.retry_after)) if error.retry_after else random.uniform(2, 5)
    except ValueError:
        delay = random.uniform(2, 5)
    gevent.spawn_later(delay, _run_arrival, environment, flow, time.time() + delay, True)


class ScenarioShape(LoadTestShape):
    """Starts the dispatchers, keeps them for the plan's length plus a drain period, then stops the run."""

    abstract = True

    def tick(self):
        plan = plan_for(self.runner.environment)
        run_time = self.get_run_time()
        if run_time >= plan.duration_s + DRAIN_S:
            return None
        # Once the plan is over, stop as soon as no flow is in flight (workers report every few seconds).
        settled = plan.duration_s + (4 if isinstance(self.runner, MasterRunner) else 1)
        if run_time >= settled and sum(IN_FLIGHT.values()) == 0:
            return None
        dispatchers = max(1, self.runner.environment.parsed_options.dispatchers)
        return dispatchers, dispatchers


# --- latency per phase -------------------------------------------------------------------------------------------
def _bucket(ms: float) -> int:
    # Locust's own rounding (two significant digits above 100 ms): keeps the histograms small.
    return round(ms) if ms < 100 else round(ms, -1) if ms < 1000 else round(ms, -2)


@events.request.add_listener
def _per_phase(request_type, response_time, exception=None, start_time=None, **_kwargs) -> None:
    plan, t0 = STATE["plan"], STATE["t0"]
    if request_type == "FLOW" or plan is None or not plan.phases or t0 is None:
        return
    t = (start_time or time.time()) - t0
    names = [plan.phase_at(t)]
    if plan.recovered_from is not None and t >= plan.recovered_from:
        names.append("recovered")
    for name in names:
        PHASES[name][_bucket(response_time or 0)] += 1
        if exception:
            PHASES[name][-1] += 1  # -1 counts failures


# --- distributed counters ------------------------------------------------------------------------------------------
@events.report_to_master.add_listener
def _report(client_id, data, **_kwargs) -> None:
    data["bawaba"] = {
        "arrivals": {flow: dict(c) for flow, c in ARRIVALS.items()},
        "lag": dict(LAG_MS),
        "generator": dict(GENERATOR),
        "in_flight": IN_FLIGHT["local"],
        "phases": {name: dict(hist) for name, hist in PHASES.items()},
    }
    PHASES.clear()
    ARRIVALS.clear()
    LAG_MS.clear()
    GENERATOR.clear()


@events.worker_report.add_listener
def _merge(client_id, data, **_kwargs) -> None:
    report = data.get("bawaba") or {}
    for flow, counts in report.get("arrivals", {}).items():
        ARRIVALS[flow].update(counts)
    LAG_MS.update({int(k): v for k, v in report.get("lag", {}).items()})
    GENERATOR.update(report.get("generator", {}))
    IN_FLIGHT[client_id] = report.get("in_flight", 0)
    for name, hist in report.get("phases", {}).items():
        PHASES[name].update({int(k): v for k, v in hist.items()})


@events.cpu_warning.add_listener
def _cpu_warning(environment, cpu_usage, **_kwargs) -> None:
    STATE["cpu_warning"] = True


@events.usage_monitor.add_listener
def _usage(environment, cpu_usage, **_kwargs) -> None:
    # Locust samples its own CPU every 5 s; a master also holds each worker's last reported figure.
    usages = [cpu_usage]
    if isinstance(environment.runner, MasterRunner):
        usages += [worker.cpu_usage for worker in environment.runner.clients.values()]
    STATE["cpu_max"] = max(STATE["cpu_max"], *usages)


# --- the verdict ---------------------------------------------------------------------------------------------------
def _percentiles(entry) -> dict[str, Any]:
    pct = entry.get_response_time_percentile
    return {"p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99), "max": entry.max_response_time}


@events.quitting.add_listener
def _on_quitting(environment, **_kwargs) -> None:
    if isinstance(environment.runner, WorkerRunner) or STATE["t0"] is None:
        return
    plan = plan_for(environment)
    hops, flows = [], {}
    for (name, method), entry in sorted(environment.stats.entries.items()):
        if method == "FLOW":
            flows[name] = {"count": entry.num_requests, "failures": entry.num_failures, **_percentiles(entry)}
        elif entry.num_requests:
            hops.append({"method": method, "name": name, "count": entry.num_requests,
                         "failures": entry.num_failures, **_percentiles(entry)})  # fmt: skip
    runner = environment.runner
    missing = 0
    if isinstance(runner, MasterRunner):
        missing = max(0, environment.parsed_options.expect_workers - len(runner.clients)) if runner.clients else 0
    generator = {
        "setup_error": STATE.get("setup_error"),
        "cpu_max": round(STATE["cpu_max"], 1),
        "cpu_warning": bool(STATE["cpu_warning"] or runner.cpu_warning_emitted
                            or getattr(runner, "worker_cpu_warning_emitted", False)),
        "missing_workers": missing,
        **dict(GENERATOR),
    }  # fmt: skip
    verdict = evaluate(
        plan,
        elapsed_s=time.time() - STATE["t0"],
        hops=hops,
        flows=flows,
        arrivals={flow: dict(c) for flow, c in ARRIVALS.items()},
        lag_ms=dict(LAG_MS),
        generator=generator,
        phases={name: dict(hist) for name, hist in PHASES.items()},
        skipped_flows=skipped_flows(environment),
    )
    verdict["host"] = environment.host
    summary = render(verdict)
    prefix = environment.parsed_options.verdict
    if prefix:  # `bawaba loadtest` prints the summary itself, after Locust's own tables
        Path(f"{prefix}_verdict.json").write_text(json.dumps(verdict, indent=2, default=str))
        Path(f"{prefix}_summary.md").write_text(summary)
    else:
        print(summary, flush=True)
    environment.process_exit_code = verdict["exit_code"]
