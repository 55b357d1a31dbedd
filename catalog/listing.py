"""`GET /services`: filters, bilingual search, facets, sorting and keyset pagination over the snapshot.

Semantics (catalog.md §2): repeated values of one filter are ORed, different filters ANDed. Facet counts use
GOV.UK's `exclude_field_filter` scope: the counts for a field apply every filter except that field's own, so a
client can show "how many would I get if I also ticked X". Keyset pagination: the cursor carries the sort key of
the last item returned; the next page starts strictly after it, so pages never overlap or skip, even if the
client changes nothing but the cursor.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections import Counter
from typing import Any

import msgspec

from catalog import schemas as s
from catalog.params import ParamError, bad_request, decode_cursor, encode_cursor
from catalog.snapshot import EKEY_ALIASES, FACET_FIELDS, Snapshot

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
FILTER_FIELDS = FACET_FIELDS


class ListQuery(msgspec.Struct, frozen=True, kw_only=True):
    q: str | None = None
    lang: str = "both"
    filters: dict[str, tuple[str, ...]] = {}
    launched_after: datetime.date | None = None
    launched_before: datetime.date | None = None
    updated_since: datetime.datetime | None = None
    sort: str = "relevance"
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    facets: tuple[str, ...] = ()


def _filter_values(snap: Snapshot, field: str, values: tuple[str, ...]) -> list[str]:
    """Map API values onto posting keys (eKey alias, channel kinds, fee types)."""
    out = []
    for v in values:
        if field == "ekey":
            out.append(EKEY_ALIASES.get(v, v))
        elif field == "channel" and v not in snap.labels["channel"]:
            out.append(f"kind:{v}")
        elif field == "fee" and v not in ("free", "paid"):
            out.append(f"type:{v}")
        elif field == "entity":
            out.append(v.upper())
        else:
            out.append(v)
    return out


def _filter_sets(snap: Snapshot, query: ListQuery) -> dict[str, set[int]]:
    sets: dict[str, set[int]] = {}
    for field, values in query.filters.items():
        if not values:
            continue
        postings = snap.postings[field]
        matched: set[int] = set()
        for v in _filter_values(snap, field, values):
            matched |= postings.get(v, set())
        sets[field] = matched
    dates = _date_set(snap, query)
    if dates is not None:
        sets["_dates"] = dates
    return sets


def _date_set(snap: Snapshot, query: ListQuery) -> set[int] | None:
    if query.launched_after is None and query.launched_before is None and query.updated_since is None:
        return None
    out = set()
    for rec in snap.services:
        d = rec.detail
        if query.launched_after is not None and (d.launched_on is None or d.launched_on < query.launched_after):
            continue
        if query.launched_before is not None and (d.launched_on is None or d.launched_on > query.launched_before):
            continue
        if query.updated_since is not None and d.updated_at < query.updated_since:
            continue
        out.add(rec.idx)
    return out


def _intersect(base: set[int] | frozenset[int], sets: list[set[int]]) -> set[int] | frozenset[int]:
    if not sets:
        return base  # read-only below: no copy needed
    result = set(base)
    for other in sorted(sets, key=len):
        result &= other
        if not result:
            break
    return result


def ordered(snap: Snapshot, query: ListQuery, scores: dict[int, float] | None, ids: set[int]) -> list[tuple[Any, ...]]:
    """(sort key..., index) tuples of the matching services in page order.

    Static orders (name, popularity, update time) are precomputed per snapshot, so they only need filtering;
    relevance sorts plain tuples (C comparisons, no key function). Relevance scores are rounded to integers so a
    cursor round-trips exactly through JSON.
    """
    if query.sort == "relevance" and scores is not None:
        pop, codes = snap.pop_keys, snap.codes
        return sorted([(-round(scores[i] * 1_000_000), pop[i], codes[i], i) for i in ids])
    name = static_order_name(query.sort, query.lang)
    keyed = snap.static_orders[name]
    if len(ids) == len(keyed):
        return keyed  # everything matches: the precomputed order as is (callers only slice it)
    if len(ids) * 8 < len(keyed):
        by_index = snap.static_keys[name]
        return sorted([by_index[i] for i in ids])
    return [k for k in keyed if k[-1] in ids]


def static_order_name(sort: str, lang: str) -> str:
    if sort == "name":
        return "name_ar" if lang == "ar" else "name_en"
    return "-updated" if sort == "-updated" else "-popularity"  # relevance without a query: by popularity


class ListResult(msgspec.Struct, frozen=True):
    items: list[s.ServiceSummary]
    total: int
    next_cursor: str | None
    facets: dict[str, list[s.FacetValue]]


def _facet_counts(snap: Snapshot, field: str, ids: set[int]) -> list[s.FacetValue]:
    labels = snap.labels[field]
    if len(ids) < 300:
        # Few matches: walk them (each record keeps its facet values as a tuple).
        values = snap.facet_lists[field]
        counts = list(Counter([v for i in ids for v in values[i]]).items())
    else:
        # Many matches: one C-level set intersection per value (a few dozen values per field).
        counts = [(v, len(posting & ids)) for v, posting in snap.facet_postings[field]]
    counts = sorted(((v, n) for v, n in counts if n), key=lambda kv: (-kv[1], kv[0]))
    return [s.FacetValue(value=v, label=labels.get(v, s.I18n(v, v)), count=n) for v, n in counts]


def run(snap: Snapshot, query: ListQuery) -> ListResult:
    scores: dict[int, float] | None = None
    base: set[int] | frozenset[int] = snap.all_ids
    if query.q and query.q.strip():
        scores = snap.index(query.lang).search(query.q)
        base = set(scores)
    sets = _filter_sets(snap, query)
    ids = _intersect(base, list(sets.values()))
    facets = {}
    for field in query.facets:
        others = [v for k, v in sets.items() if k != field]
        facets[field] = _facet_counts(snap, field, _intersect(base, others))

    keyed = ordered(snap, query, scores, ids)
    start = 0
    if query.cursor:
        after = decode_cursor(query.cursor, query.sort)
        if keyed and not _same_shape(after, keyed[0][:-1]):
            raise bad_request("invalid-cursor", [ParamError("cursor", "not a cursor of this sort order")])
        start = bisect_right(keyed, (*after, 1 << 62))  # past every entry whose key equals the cursor's
    page = keyed[start : start + query.limit]
    next_cursor = None
    if start + query.limit < len(keyed) and page:
        next_cursor = encode_cursor(query.sort, page[-1][:-1])
    services = snap.services
    items = [
        msgspec.structs.replace(services[k[-1]].summary, score=round(scores[k[-1]], 4))
        if scores is not None
        else services[k[-1]].summary
        for k in page
    ]
    return ListResult(items=items, total=len(keyed), next_cursor=next_cursor, facets=facets)


def _same_shape(after: tuple[Any, ...], sample: tuple[Any, ...]) -> bool:
    """A cursor's key must have the sort key's arity and types (a forged or foreign cursor is a 400)."""
    return len(after) == len(sample) and all(type(a) is type(b) for a, b in zip(after, sample, strict=True))
