"""In-memory BM25F ranking over the catalog, and the seed step that writes the analyzed text to the database.

Why in memory: the catalog is ~700-1,000 read-only documents, so a per-process index built from the database at
start (and rebuilt when `catalog_version` changes) answers a query in well under a millisecond, and ranks the same
on SQLite and PostgreSQL because the same Python analyzer and scorer run on both (catalog.md §3 "MemoryBM25").

Scoring: BM25F (k1 = 1.2, b = 0.75, field weights name 3 : keywords 2 : body 1) with the per-(term, document)
contribution precomputed at build time, so a query is a handful of dict lookups. Both the stem and the normalized
surface form are indexed; an exact surface match adds a bonus. The final score is multiplied by a popularity boost.
Query semantics: every word must match (AND); below 3 hits the query falls back to OR. The last word also matches
as a prefix (type-ahead); a word with no match anywhere is corrected to a vocabulary stem one edit away. Synonym,
prefix and typo matches only add documents the word itself did not match, at a reduced weight.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select, update

from catalog.search import analyze, query_terms

__all__ = ["SearchDocument", "SearchIndex", "rebuild_search_index", "search_doc_text"]

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (3.0, 2.0, 1.0)  # name, keywords, body
SURFACE_BONUS = 0.3  # share of an exact (unstemmed) match added on top of the stem match
SYNONYM_FACTOR = 0.8
PREFIX_FACTOR = 0.7
TYPO_FACTOR = 0.6
POPULARITY_BOOST = 0.5  # the most popular service scores up to 1.5x an unused one with the same text score
MIN_AND_HITS = 3
MAX_PREFIX_EXPANSIONS = 40


class SearchDocument:
    """What the ranker sees of one service: three text fields and a popularity in [0, 1]."""

    __slots__ = ("body", "key", "keywords", "name", "popularity")

    def __init__(self, key: int, name: str, keywords: str, body: str, popularity: float) -> None:
        self.key = key
        self.name = name
        self.keywords = keywords
        self.body = body
        self.popularity = popularity


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance <= 1 (one insertion, deletion, substitution or adjacent swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    # b is one longer: deleting one letter of b must give a.
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


class SearchIndex:
    """BM25F postings: term -> {document key: precomputed score contribution}."""

    def __init__(self, documents: Iterable[SearchDocument]) -> None:
        docs = list(documents)
        self.size = len(docs)
        # Multiplier applied to a document's text score: up to 1 + POPULARITY_BOOST for the most used service.
        self.boost = {d.key: 1.0 + POPULARITY_BOOST * d.popularity for d in docs}
        field_lengths: list[list[int]] = [[], [], []]
        # Per term: {doc: weighted, length-normalized tf}; stems and "=surface" forms share one table.
        tf: dict[str, dict[int, float]] = defaultdict(dict)
        analyzed = []
        for d in docs:
            fields = [analyze(d.name), analyze(d.keywords), analyze(d.body)]
            analyzed.append(fields)
            for i, toks in enumerate(fields):
                field_lengths[i].append(len(toks))
        avg = [max(1.0, sum(lens) / max(1, len(lens))) for lens in field_lengths]
        surfaces: set[str] = set()
        for d, fields in zip(docs, analyzed, strict=True):
            for i, toks in enumerate(fields):
                if not toks:
                    continue
                norm = FIELD_WEIGHTS[i] / (1 - B + B * len(toks) / avg[i])
                for surface, stem in toks:
                    row = tf[stem]
                    row[d.key] = row.get(d.key, 0.0) + norm
                    srow = tf["=" + surface]
                    srow[d.key] = srow.get(d.key, 0.0) + norm
                    surfaces.add(surface)
        self.postings: dict[str, dict[int, float]] = {}
        n = max(1, self.size)
        for term, row in tf.items():
            idf = math.log(1 + (n - len(row) + 0.5) / (len(row) + 0.5))
            self.postings[term] = {key: idf * (w * (K1 + 1)) / (w + K1) for key, w in row.items()}
        self.surfaces = sorted(surfaces)
        self.surface_stem = {s: stem for fields in analyzed for toks in fields for s, stem in toks}
        self.deletes: dict[str, list[str]] = defaultdict(list)
        for term in self.postings:
            if not term.startswith("=") and len(term) >= 4:
                for variant in _deletes(term):
                    self.deletes[variant].append(term)

    # -- query side -------------------------------------------------------------------------------------------

    def _typo_candidates(self, stem: str) -> list[str]:
        if len(stem) < 4:
            return []
        found: set[str] = set()
        for variant in (stem, *_deletes(stem)):
            for term in self.deletes.get(variant, ()):
                if within_one_edit(stem, term):
                    found.add(term)
        # A vocabulary term equal to one of the deletes (the query has an extra letter) also qualifies.
        found.update(v for v in _deletes(stem) if v in self.postings and len(v) >= 3)
        return sorted(found)

    def _prefix_stems(self, surface: str) -> list[str]:
        start = bisect_left(self.surfaces, surface)
        stems: list[str] = []
        for s in self.surfaces[start : start + MAX_PREFIX_EXPANSIONS]:
            if not s.startswith(surface):
                break
            stems.append(self.surface_stem[s])
        return stems

    def _clause(self, term: Any, prefix: bool) -> dict[int, float]:
        """Score of every document for one query word: best of stem, synonyms, prefix and typo matches."""
        primary = self.postings.get(term.stem)
        # The common case (a plain word) copies the posting row at C speed; alternatives merge by maximum.
        scores: dict[int, float] = dict(primary) if primary else {}
        alternatives: list[tuple[dict[int, float], float]] = []
        for synonym in sorted(term.synonyms):
            row = self.postings.get(synonym)
            if row:
                alternatives.append((row, SYNONYM_FACTOR))
        if prefix and len(term.surface) >= 2:
            for stem in self._prefix_stems(term.surface):
                row = self.postings.get(stem)
                if row is not None and row is not primary:
                    alternatives.append((row, PREFIX_FACTOR))
        if not scores and not alternatives:
            for candidate in self._typo_candidates(term.stem):
                alternatives.append((self.postings[candidate], TYPO_FACTOR))
        # Alternatives add recall: they score only documents the word itself did not match (a set difference
        # at C speed, instead of a Python max() over every posting of a frequent synonym).
        for row, factor in alternatives:
            for key in row.keys() - scores.keys():
                scores[key] = row[key] * factor
        exact = self.postings.get("=" + term.surface)
        if exact:
            for key, value in exact.items():
                if key in scores:
                    scores[key] += SURFACE_BONUS * value
        return scores

    def search(self, query: str, *, prefix_last: bool = True) -> dict[int, float]:
        """Scores of matching documents (empty for a query with no searchable word)."""
        terms = query_terms(query)
        if not terms:
            return {}
        clauses = [self._clause(t, prefix_last and t.is_last) for t in terms]
        boost = self.boost
        if len(clauses) == 1:
            return {key: value * boost[key] for key, value in clauses[0].items()}
        ordered = sorted(clauses, key=len)
        hits = set(ordered[0])
        for clause in ordered[1:]:
            hits.intersection_update(clause)
            if not hits:
                break
        if len(hits) < MIN_AND_HITS:
            hits = set().union(*clauses)
        total = dict.fromkeys(hits, 0.0)
        for clause in clauses:
            for key in total.keys() & clause.keys():
                total[key] += clause[key]
        return {key: value * boost[key] for key, value in total.items()}

    def suggest(self, prefix: str, names: Callable[[int], str], limit: int = 8) -> list[int]:
        """Keys whose name has a word starting with the (normalized) prefix, best first."""
        scores = self.search(prefix)
        ranked = sorted(scores, key=lambda k: (-scores[k], names(k)))
        return ranked[:limit]


def search_doc_text(texts: Sequence[str | None]) -> str:
    """Analyzed form of some texts as stored in `service.search_doc_*`: normalized surface and stem, deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for surface, stem in analyze(text or ""):
            for term in (surface, stem):
                if term not in seen:
                    seen.add(term)
                    out.append(term)
    return " ".join(out)


async def rebuild_search_index(session_maker: Callable[[], Any]) -> int:
    """Write the analyzer's output into `service.search_doc_en` / `search_doc_ar`; returns the services updated.

    Called by the catalog seed step after loading. The in-memory index of each server process is rebuilt from
    the database itself whenever `catalog_version` changes, so this column is what a database-side full-text
    backend (FTS5 / tsvector) would index, already normalized by the same analyzer.
    """
    from catalog.models import Service

    async with session_maker() as session:
        rows = (
            await session.execute(
                select(
                    Service.id,
                    Service.name_en,
                    Service.short_description_en,
                    Service.description_en,
                    Service.name_ar,
                    Service.short_description_ar,
                    Service.description_ar,
                    Service.search_doc_en,
                    Service.search_doc_ar,
                ).order_by(Service.code)
            )
        ).all()
        changed = 0
        for row in rows:
            doc_en = search_doc_text(row[1:4])
            doc_ar = search_doc_text(row[4:7])
            if doc_en != row.search_doc_en or doc_ar != row.search_doc_ar:
                # updated_at is set to itself: its `onupdate` default would otherwise move it, and the change
                # feed would report every service as modified whenever the analyzer runs.
                await session.execute(
                    update(Service)
                    .where(Service.id == row.id)
                    .values(search_doc_en=doc_en, search_doc_ar=doc_ar, updated_at=Service.updated_at)
                )
                changed += 1
        await session.commit()
    return len(rows)
