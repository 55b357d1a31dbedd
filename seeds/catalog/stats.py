"""H1 2024 statistics raked so every report total is hit exactly (design §7.3-§7.8).

Transactions and payments: iterative proportional fitting on the (service, electronic channel) × month cube with
two marginals — month totals and the app / non-app split — then exact integerisation: the 2 × 6 group-by-month
table is rounded with the largest-remainder method along the app row (the non-app row is the month total minus
it), and each of the 12 cells is then shared among its pairs, again by largest remainder. Every sum is therefore
exact by construction, with integer arithmetic only at the rounding steps.
"""

from __future__ import annotations

import datetime

from seeds.catalog._util import allocate, rng_for
from seeds.catalog.named import ANCHORS, CATEGORY_PRIOR, PAYMENT_PRIOR

MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
DAYS = [31, 29, 31, 30, 31, 30]  # 182 days
TOTAL_TRANSACTIONS = 4_000_000
APP_TRANSACTIONS = 691_000
# Month profile of e-transactions: Q1 follows the Q1 financial-transaction shape (213.5 K / 208.4 K / 189.4 K,
# Ramadan in March), Q2 carries the rest of the 4 M.
MONTH_TRANSACTIONS = [690_000, 672_000, 612_000, 640_000, 700_000, 686_000]
FILS_PER_BHD = 1000
TOTAL_PAYMENTS_FILS = 374_000_000 * FILS_PER_BHD
APP_PAYMENTS_FILS = 32_000_000 * FILS_PER_BHD
# Q1 payments by month as published (BHD 59.7 M / 49.6 M / 49.7 M = 159 M); Q2 holds the remaining BHD 215 M.
MONTH_PAYMENTS_FILS = [
    v * FILS_PER_BHD for v in (59_700_000, 49_600_000, 49_700_000, 68_000_000, 75_000_000, 72_000_000)
]
# Paid ("financial") e-transactions: Q1 as published (213.5 K / 208.4 K / 189.4 K, total 611,431; the split within
# the rounding is ours); Q2 keeps Q1's paid share of all e-transactions (31 %), the design's "about 30 % are paid".
Q1_PAID = [213_549, 208_442, 189_440]
PAID_TRANSACTIONS = Q1_PAID + [MONTH_TRANSACTIONS[m] * sum(Q1_PAID) // sum(MONTH_TRANSACTIONS[:3]) for m in range(3, 6)]
CHANNEL_SHARE = {"portal": 1.0, "app": 1.3, "kiosk": 0.25, "entity_site": 0.12, "sms": 0.05}
VERB_FACTOR = {"pay": 2.5, "renew": 2.0, "inquire": 1.4, "issue": 1.2, "book": 1.2, "-": 1.0, "track": 0.7}

assert sum(MONTH_TRANSACTIONS) == TOTAL_TRANSACTIONS
assert sum(Q1_PAID) == 611_431
assert sum(MONTH_PAYMENTS_FILS) == TOTAL_PAYMENTS_FILS


def popularity_order(services: list[dict]) -> list[dict]:
    """Anchors first (design §7.3), then by category prior × verb factor × a lognormal draw per service."""
    anchor_rank = {key: i for i, key in enumerate(ANCHORS)}

    def score(s: dict) -> float:
        # Rounded so a last-bit difference between C maths libraries can never reorder services.
        draw = round(rng_for(f"pop:{s['code']}").lognormvariate(0.0, 1.0), 9)
        return CATEGORY_PRIOR[s["category"]] * VERB_FACTOR.get(s["verb"], 0.5) * draw

    anchors = sorted(
        (s for s in services if (s["entity"], s["name_en"]) in anchor_rank),
        key=lambda s: anchor_rank[(s["entity"], s["name_en"])],
    )
    rest = sorted(
        (s for s in services if (s["entity"], s["name_en"]) not in anchor_rank), key=lambda s: (-score(s), s["code"])
    )
    return anchors + rest


def _availability(launched_on: str | None) -> list[float]:
    """Share of each month the service was live: 0 before its launch month, partial in it."""
    if not launched_on:
        return [1.0] * 6
    day = datetime.date.fromisoformat(launched_on)
    out = []
    for i, month in enumerate(MONTHS):
        y, m = map(int, month.split("-"))
        if (day.year, day.month) < (y, m):
            out.append(1.0)
        elif (day.year, day.month) == (y, m):
            out.append((DAYS[i] - day.day + 1) / DAYS[i])
        else:
            out.append(0.0)
    return out


Key = tuple[int, int]  # (pair index, month index)


def _rake(cells: dict[Key, float], constraints: list[tuple[list[Key], int]], rounds: int = 80) -> dict[Key, float]:
    """Iterative proportional fitting: scale each constraint's cells to its target in turn, `rounds` times."""
    x = dict(cells)
    for _ in range(rounds):
        for keys, target in constraints:
            f = target / sum(x[k] for k in keys)
            for k in keys:
                x[k] *= f
    return x


def _share(x: dict[Key, float], keys: list[Key], target: int, out: dict[Key, int]) -> None:
    keys = sorted(keys)
    for k, v in zip(keys, allocate(target, [x[k] for k in keys]), strict=True):
        out[k] = v


def _integerise(
    x: dict[Key, float],
    app_of: dict[int, int],
    month_targets: list[int],
    app_total: int,
    paid_of: dict[int, int] | None = None,
    paid_targets: list[int] | None = None,
) -> dict[Key, int]:
    """Exact integers: the app row by largest remainder, then (when paid targets are given) each month's 2 × 2
    app/paid table from its rounded app-and-paid corner, then every cell among its pairs."""
    app_int = allocate(app_total, [sum(v for (p, m), v in x.items() if m == mm and app_of[p]) for mm in range(6)])
    out: dict[Key, int] = {}
    for m in range(6):
        in_month = [k for k in x if k[1] == m]
        a, total = app_int[m], month_targets[m]
        if paid_of is None or paid_targets is None:
            _share(x, [k for k in in_month if app_of[k[0]]], a, out)
            _share(x, [k for k in in_month if not app_of[k[0]]], total - a, out)
            continue
        paid, free = paid_targets[m], total - paid_targets[m]
        corner = sum(x[k] for k in in_month if app_of[k[0]] and paid_of[k[0]])
        ap = min(max(round(corner), a - free, 0), a, paid)
        for is_app, is_paid, target in ((1, 1, ap), (1, 0, a - ap), (0, 1, paid - ap), (0, 0, free - a + ap)):
            _share(x, [k for k in in_month if app_of[k[0]] == is_app and paid_of[k[0]] == is_paid], target, out)
    return out


def service_month_stats(services: list[dict], channel_kind: dict[str, str]) -> list[list]:
    """Rows [service code, channel code, month, transactions, payments_fils] for the active digital services."""
    ordered = popularity_order(services)
    pairs: list[tuple[dict, str]] = []
    weights: dict[int, float] = {}
    for rank, s in enumerate(ordered, start=1):
        elec = [c for c in s["channels"] if channel_kind[c] in CHANNEL_SHARE]
        total_share = sum(CHANNEL_SHARE[channel_kind[c]] for c in elec)
        for c in elec:
            weights[len(pairs)] = (1.0 / rank) * CHANNEL_SHARE[channel_kind[c]] / total_share
            pairs.append((s, c))
    app_of = {i: int(channel_kind[c] == "app") for i, (_s, c) in enumerate(pairs)}
    paid_of = {i: int(s["fee_type"] != "free") for i, (s, _c) in enumerate(pairs)}
    cells = {}
    for i, (s, _c) in enumerate(pairs):
        for m, a in enumerate(_availability(s["launched_on"])):
            if a > 0:
                cells[(i, m)] = weights[i] * a
    constraints = [
        ([k for k in cells if k[1] == m and paid_of[k[0]] == f], t)
        for m in range(6)
        for f, t in ((1, PAID_TRANSACTIONS[m]), (0, MONTH_TRANSACTIONS[m] - PAID_TRANSACTIONS[m]))
    ]
    constraints += [
        ([k for k in cells if app_of[k[0]] == g], t)
        for g, t in ((0, TOTAL_TRANSACTIONS - APP_TRANSACTIONS), (1, APP_TRANSACTIONS))
    ]
    tx = _integerise(
        _rake(cells, constraints), app_of, MONTH_TRANSACTIONS, APP_TRANSACTIONS, paid_of, PAID_TRANSACTIONS
    )
    # Money: only paid services; seed = transactions × a typical amount, then rake to the money marginals.
    money_cells = {}
    for (i, m), n in tx.items():
        s = pairs[i][0]
        if s["fee_type"] != "free" and n > 0:
            per_txn = s["fee_fils"] / FILS_PER_BHD if s["fee_type"] == "fixed" else PAYMENT_PRIOR[s["category"]]
            money_cells[(i, m)] = n * max(per_txn, 1.0)
    constraints = [([k for k in money_cells if k[1] == m], MONTH_PAYMENTS_FILS[m]) for m in range(6)]
    constraints += [
        ([k for k in money_cells if app_of[k[0]] == g], t)
        for g, t in ((0, TOTAL_PAYMENTS_FILS - APP_PAYMENTS_FILS), (1, APP_PAYMENTS_FILS))
    ]
    pay = _integerise(_rake(money_cells, constraints), app_of, MONTH_PAYMENTS_FILS, APP_PAYMENTS_FILS)
    rows = []
    for (i, m), n in tx.items():
        fils = pay.get((i, m), 0)
        if n or fils:
            s, c = pairs[i]
            rows.append([s["code"], c, MONTHS[m], n, fils])
    rows.sort()
    return rows


# --- Apps: average monthly users (report: eTraffic > 230 K, Sehati > 136 K, 788 K across apps), downloads 902 K ---
APP_AVG_USERS = {
    "etraffic": 230_000,
    "sehati": 136_000,
    "tajer": 120_000,
    "mawaeed": 110_000,
    "tawasul": 70_000,
    "beaware": 62_000,
    "ishabab": 60_000,
}
APP_DOWNLOADS = 902_000
APP_DOWNLOAD_SHARE = {
    "etraffic": 24,
    "sehati": 20,
    "tajer": 12,
    "mawaeed": 14,
    "tawasul": 10,
    "beaware": 6,
    "ishabab": 14,
}
assert sum(APP_AVG_USERS.values()) == 788_000


def app_month_stats() -> list[list]:
    """Rows [app slug, month, users, downloads]; users sum to 6 × the average exactly, per app."""
    rows = []
    downloads = allocate(APP_DOWNLOADS, [APP_DOWNLOAD_SHARE[a] for a in sorted(APP_DOWNLOAD_SHARE)])
    for slug, dl_total in zip(sorted(APP_DOWNLOAD_SHARE), downloads, strict=True):
        rng = rng_for(f"app:{slug}")
        growth = [1.0 + 0.02 * m + rng.uniform(-0.03, 0.03) for m in range(6)]
        users = allocate(APP_AVG_USERS[slug] * 6, growth)
        dls = allocate(dl_total, [g * d for g, d in zip(growth, DAYS, strict=True)])
        rows.extend([slug, MONTHS[m], users[m], dls[m]] for m in range(6))
    return rows
