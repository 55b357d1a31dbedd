"""The pure helpers of the Locust users: form parsing, PKCE, persona pools (TOTP steps, lockout safety), verdicts."""

import base64
import hashlib
import sys

import _personas as personas
import _scenarios as scenarios
import _verdict as verdict
import _web as web
import pyotp
import pytest

LOGIN_PAGE = """<html><body>
<form method="post" action="/login?i=abc">
  <input type="hidden" name="csrf_token" value="tok&amp;1">
  <input name="cpr" autocomplete="username"><input type="password" name="password">
  <input type="checkbox" name="remember"><button type="submit">Sign in</button>
</form>
<form action="/lang" method="post"><input type="hidden" name="lang" value="ar"></form>
</body></html>"""
CONSENT_PAGE = """<form method="post"><input type="hidden" name="_csrf" value="x">
<button name="decision" value="approve">Allow</button><button name="decision" value="deny">Deny</button></form>"""


def test_helpers_import_nothing_from_locust() -> None:
    assert "locust" not in sys.modules
    assert "gevent" not in sys.modules


def test_login_form_is_found_with_its_hidden_csrf_token() -> None:
    forms = web.parse_forms(LOGIN_PAGE)
    assert [f.kind() for f in forms] == ["login", "unknown"]
    login = forms[0]
    assert login.method == "post"
    assert login.fields == {"csrf_token": "tok&1", "cpr": "", "password": ""}  # unchecked boxes are not sent
    assert web.resolve("http://h:1/login?i=abc", login.action) == "http://h:1/login?i=abc"


def test_consent_form_offers_approve_and_deny_and_posts_back_to_itself() -> None:
    (form,) = web.parse_forms(CONSENT_PAGE)
    assert form.kind() == "consent"
    assert form.buttons == {"decision": ["approve", "deny"]}
    assert web.resolve("http://h:1/consent?i=9", form.action) == "http://h:1/consent?i=9"


def test_totp_form() -> None:
    (form,) = web.parse_forms('<form method="post" action="/login/totp"><input name="otp" inputmode="numeric"></form>')
    assert form.kind() == "totp"


def test_pkce_is_s256_of_the_verifier() -> None:
    pair = web.pkce_pair()
    assert 43 <= len(pair.verifier) <= 128
    digest = base64.urlsafe_b64encode(hashlib.sha256(pair.verifier.encode()).digest()).rstrip(b"=").decode()
    assert pair.challenge == digest
    assert web.pkce_pair().verifier != pair.verifier


def test_basic_auth_form_encodes_both_parts() -> None:
    header = web.basic_auth("load-portal", "a:b c")
    assert base64.b64decode(header.removeprefix("Basic ")) == b"load-portal:a%3Ab%20c"


def test_paths_name_hops_without_query_strings() -> None:
    assert web.path_of("http://127.0.0.1:8000/oidc/auth?client_id=x&state=y") == "/oidc/auth"
    assert web.query_of("http://127.0.0.1/cb?code=c&state=s") == {"code": "c", "state": "s"}


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _people(n: int) -> list[personas.Persona]:
    return [personas.Persona(f"0{i:08d}", f"pw{i}", pyotp.random_base32()) for i in range(n)]


def test_a_persona_never_logs_in_twice_within_two_totp_steps() -> None:
    clock = Clock(1_000_000 * 30.0)
    pool = personas.CitizenPool(_people(2), clock=clock)
    first = pool.take()
    code = pool.totp(first)
    assert code == pyotp.TOTP(first.totp_secret).at(clock.now)
    with pytest.raises(personas.PoolExhausted):
        pool.totp(first)  # same step again: the server would reject it as a replay
    pool.give_back(first)
    second = pool.take()
    assert second is not first  # least recently used first; the other one is in flight
    pool.totp(second)
    pool.give_back(second)
    with pytest.raises(personas.PoolExhausted):
        pool.take()  # both used in this step: too few personas for the rate
    clock.now += 2 * personas.STEP_SECONDS
    again = pool.take()
    assert again is first and pool.totp(again) != code


def test_an_empty_pool_is_a_generator_problem() -> None:
    pool = personas.CitizenPool(_people(1))
    pool.take()
    with pytest.raises(personas.PoolExhausted):
        pool.take()


def test_wrong_password_personas_stay_below_the_lockout_threshold() -> None:
    pool = personas.WrongPasswordPool(_people(1), lockout_threshold=5)
    persona = pool.take()
    server_counter = 2  # an earlier run may have left failures behind
    for _ in range(10):
        if pool.needs_reset(persona):
            pool.record_reset(persona)
            server_counter = 0
        else:
            pool.record_failure(persona)
            server_counter += 1
        assert server_counter < 5
    assert personas.wrong_password_for(persona) != persona.password


def test_personas_csv_pools_and_shards(tmp_path) -> None:
    path = tmp_path / "personas.csv"
    rows = ["cpr,password,totp_secret,pool"] + [f"{i:09d},p{i},{'A' * 32},citizen" for i in range(5)]
    path.write_text("\n".join([*rows, "999999999,w,BBBB,wrong_password"]) + "\n")
    pools = personas.load_csv(path)
    assert all(p.card_valid for p in pools["citizen"])  # no expiry column: assume a valid card
    dated = tmp_path / "dated.csv"
    dated.write_text(
        "cpr,password,totp_secret,pool,id_card_expiry\n1,p,A,citizen,2001-01-01\n2,p,A,citizen,2999-01-01\n"
    )
    assert [p.card_valid for p in personas.load_csv(dated)["citizen"]] == [False, True]
    assert [p.cpr for p in pools["citizen"]] == [f"{i:09d}" for i in range(5)]
    assert [p.cpr for p in pools["wrong_password"]] == ["999999999"]
    shards = [personas.shard(pools["citizen"], i, 2) for i in range(2)]
    assert {p.cpr for p in shards[0]}.isdisjoint({p.cpr for p in shards[1]})
    assert sum(len(s) for s in shards) == 5


def _hop(name: str, p95: float, p99: float, count: int = 100, failures: int = 0, method: str = "GET") -> dict:
    return {"method": method, "name": name, "count": count, "failures": failures, "p50": p95 / 2, "p95": p95,
            "p99": p99, "max": p99}  # fmt: skip


def _evaluate(plan, hops, *, started_ratio=1.0, lag=None, generator=None) -> dict:
    arrivals = {f: {"started": round(plan.expected(f) * started_ratio)} for f in plan.rates(0)}
    flows = {f: {"count": a["started"], "failures": 0, "p50": 100, "p95": 300, "p99": 600} for f, a in arrivals.items()}
    return verdict.evaluate(plan, elapsed_s=plan.duration_s, hops=hops, flows=flows, arrivals=arrivals,
                            lag_ms=lag or {3: 100}, generator=generator or {"cpu_max": 40})  # fmt: skip


def test_a_run_within_its_slos_passes() -> None:
    plan = scenarios.build("peak-hour", minutes=2)
    result = _evaluate(plan, [_hop("/oidc/auth", 120, 400), _hop("/token", 80, 300, method="POST")])
    assert (result["result"], result["exit_code"], result["breaches"]) == ("pass", 0, [])
    assert result["flows"]["login"]["target"] == pytest.approx(plan.expected("login"), abs=0.1)
    assert "busiest hour of H1 2024" in result["equivalent"]
    assert "| login |" in verdict.render(result)


def test_slow_hops_errors_and_missing_arrivals_breach() -> None:
    plan = scenarios.build("peak-hour", minutes=2)
    result = _evaluate(plan, [_hop("/login", 700, 900, method="POST"), _hop("/token", 80, 1500, failures=1)],
                       started_ratio=0.8)  # fmt: skip
    assert result["exit_code"] == verdict.EXIT_BREACH
    text = "\n".join(result["breaches"])
    assert "POST /login: p95 700 ms > 500 ms" in text
    assert "GET /token: p99 1500 ms > 1000 ms" in text
    assert "error ratio" in text
    assert "login:" in text and "planned" in text


def test_generator_overload_makes_the_run_invalid() -> None:
    plan = scenarios.build("surge-x10", minutes=2)
    hops = [_hop("/oidc/auth", 700, 900)]
    assert _evaluate(plan, hops, generator={"cpu_warning": True, "cpu_max": 97})["exit_code"] == verdict.EXIT_INVALID
    assert _evaluate(plan, [], lag={500: 10})["exit_code"] == verdict.EXIT_INVALID
    assert verdict.histogram_percentile({1: 98, 500: 2}, 0.99) == 500


def test_hop_names_fold_interaction_ids_but_keep_endpoints_and_slugs() -> None:
    assert web.hop_name("http://h/login/R4rDl9fHNXQCHRzb/otp?x=1") == "/login/[id]/otp"
    assert web.hop_name("http://h/login/GvQdllsztsZYlOzc") == "/login/[id]"
    assert web.hop_name("http://h/oidc/token/introspection") == "/oidc/token/introspection"
    slug = "/api/v1/services/renew-bahraini-passport"
    assert web.hop_name(f"http://h{slug}") == slug


def test_a_surge_must_recover_to_its_calm_latency() -> None:
    plan = scenarios.build("surge-x10", minutes=4)
    assert plan.phase_at(0) == "calm" and plan.phase_at(plan.notes["surge_start_s"] + 1) == "surge"
    assert plan.recovered_from == pytest.approx(plan.notes["surge_end_s"] + (240 - plan.notes["surge_end_s"]) / 2)
    calm = {40: 95, 60: 5}  # p95 40 ms
    hops = [_hop("/oidc/auth", 100, 200)]
    arrivals = {f: {"started": round(plan.expected(f))} for f in plan.rates(0)}

    def run(recovered: dict[int, int]) -> dict:
        return verdict.evaluate(plan, elapsed_s=240, hops=hops, flows={}, arrivals=arrivals, lag_ms={1: 1},
                                generator={}, phases={"calm": calm, "recovered": recovered})  # fmt: skip

    assert run({50: 100})["breaches"] == []  # within 40 ms + 20 ms of slack
    slow = run({300: 90, 500: 10, -1: 3})
    assert any("no recovery" in b for b in slow["breaches"])
    assert slow["phases"]["recovered"] == {"requests": 100, "failures": 3, "p50": 300, "p95": 500, "p99": 500}


def test_flows_left_out_are_not_planned() -> None:
    plan = scenarios.build("peak-hour", minutes=2)
    left_out = frozenset({"certificate", "verification"})
    arrivals = {f: {"started": round(plan.expected(f))} for f in plan.rates(0) if f not in left_out}
    result = verdict.evaluate(plan, elapsed_s=120, hops=[_hop("/oidc/auth", 10, 20)], flows={}, arrivals=arrivals,
                              lag_ms={1: 1}, generator={}, skipped_flows=left_out)  # fmt: skip
    assert result["breaches"] == []
    assert not left_out & set(result["flows"])
    assert "flows left out: certificate, verification" in verdict.render(result)


def test_each_visitor_gets_its_own_loopback_address_only_on_loopback() -> None:
    addresses = web.loopback_aliases("http://127.0.0.1:8000", 70_000)
    assert len(set(addresses)) == 70_000
    assert all(a.startswith("127.") and a != "127.0.0.1" for a in addresses)
    assert all(0 <= int(part) <= 255 for a in addresses[::997] for part in a.split("."))
    assert web.loopback_aliases("http://127.0.0.1:8000", 0) == []
    assert web.loopback_aliases("http://10.0.0.5:8000", 10) == []  # a remote server sees the generator's address
    assert web.loopback_aliases("https://ekey.example", 10) == []


def test_first_ekey_form_is_the_one_a_person_fills_in() -> None:
    shortcut = ('<form method="post" action="/login/x"><input type="hidden" name="cpr" value="840390017">'
                '<input type="hidden" name="password" value="Demo-2025"><button>Persona</button></form>')  # fmt: skip
    form = web.first_ekey_form(LOGIN_PAGE + shortcut)
    assert form is not None and form.kind() == "login"
    assert form.fields["cpr"] == ""  # not the persona shortcut
    assert web.first_ekey_form(CONSENT_PAGE).buttons == {"decision": ["approve", "deny"]}
    assert web.first_ekey_form("<p>Too many attempts</p>") is None
    assert web.first_ekey_form('<form><input name="otp">') is not None  # an unclosed form still counts
