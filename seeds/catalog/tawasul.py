"""Tawasul (national suggestions and complaints system), H1 2024: 85,000 cases, 98.5 % within the service level,
85 % satisfaction (iGA report), aggregated per entity, month and case type.

Entities share the cases in proportion to (their e-transactions + 1,000)^0.7 (design §7.8); exactly
round(85,000 × 1.5 %) = 1,275 cases breach their service level, allocated by largest remainder with complaints
weighted heaviest.
"""

from __future__ import annotations

from seeds.catalog._util import allocate, rng_for
from seeds.catalog.stats import DAYS, MONTHS

TAWASUL_CASES = 85_000
TAWASUL_BREACHES = 1_275  # 85,000 × (100 % − 98.5 %)
TAWASUL_RATED = 40_000
TAWASUL_SATISFIED = 34_000  # 85 % of the rated cases
# type: (share of cases, service level in hours, breach weight)
TYPES = {"complaint": (45, 120, 1.6), "enquiry": (38, 72, 0.7), "suggestion": (17, 240, 0.4)}

assert TAWASUL_SATISFIED * 100 == TAWASUL_RATED * 85
assert TAWASUL_BREACHES * 1000 == TAWASUL_CASES * 15


def tawasul_month_stats(entity_transactions: dict[str, int]) -> list[list]:
    """Rows [entity, month, type, cases, within_sla, sla_hours, mean_close_hours, rated, satisfied]."""
    entities = sorted(entity_transactions)
    ent_w = {e: round((entity_transactions[e] + 1000) ** 0.7, 6) for e in entities}
    keys = [(e, m, t) for e in entities for m in range(6) for t in sorted(TYPES)]
    weights = [ent_w[e] * DAYS[m] * TYPES[t][0] for e, m, t in keys]
    cases = allocate(TAWASUL_CASES, weights)
    breaches = allocate(TAWASUL_BREACHES, [c * TYPES[t][2] for c, (_e, _m, t) in zip(cases, keys, strict=True)])
    rated = allocate(TAWASUL_RATED, cases)
    sat_w = {e: round(rng_for(f"tawasul-sat:{e}").uniform(0.80, 0.90), 6) for e in entities}
    satisfied = allocate(TAWASUL_SATISFIED, [r * sat_w[e] for r, (e, _m, _t) in zip(rated, keys, strict=True)])
    rows = []
    for (e, m, t), c, b, r, s in zip(keys, cases, breaches, rated, satisfied, strict=True):
        if c == 0:
            continue
        if b > c or s > r:
            raise ValueError(f"inconsistent Tawasul cell {e} {MONTHS[m]} {t}")
        sla = TYPES[t][1]
        mean_close = max(1, round(sla * rng_for(f"tawasul-close:{e}:{m}:{t}").uniform(0.25, 0.6)))
        rows.append([e, MONTHS[m], t, c, c - b, sla, mean_close, r, s])
    return rows
