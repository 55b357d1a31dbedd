"""Bilingual (Arabic / English) text analyzer shared by indexing and querying.

One analyzer, applied to documents when the index is built and to the query when it is searched, is what makes
the ranking identical on SQLite and PostgreSQL: neither database's tokenizer is trusted with Arabic (catalog.md §3:
FTS5 splits words on harakat, PostgreSQL's `arabic` config does not fold ى/ي and sends English through the Arabic
stemmer). Everything here is a pure function of its input.

Normalization order follows Lucene's ArabicNormalizer: NFKC, casefold, tatweel, harakat, alef/hamza forms, alef
maqsura, taa marbuta, Arabic-Indic digits. Stemming is Larkey's Light10 for Arabic (Lucene's ArabicStemmer) and
Snowball for English.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from snowballstemmer.english_stemmer import EnglishStemmer

__all__ = [
    "QueryTerm",
    "analyze",
    "arabic_light_stem",
    "english_stem",
    "index_terms",
    "is_arabic",
    "normalize",
    "query_terms",
    "stem",
    "tokenize",
]

# Harakat and other combining marks that carry no meaning for search: tanween, fatha..sukun (U+064B-U+0652),
# maddah/hamza above/below and the rest of the block (U+0653-U+065F), superscript alef (U+0670), Quranic
# annotation marks (U+0610-U+061A, U+06D6-U+06ED), and tatweel (U+0640), which only stretches a word.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

_ARABIC_FOLD = str.maketrans(
    {
        "\u0622": "\u0627",  # آ alef with madda -> ا
        "\u0623": "\u0627",  # أ alef with hamza above -> ا
        "\u0625": "\u0627",  # إ alef with hamza below -> ا
        "\u0671": "\u0627",  # ٱ alef wasla -> ا
        "\u0649": "\u064a",  # ى alef maqsura -> ي (not to ا: pyarabic#39)
        "\u0629": "\u0647",  # ة taa marbuta -> ه (users type either)
        "\u0624": "\u0648",  # ؤ -> و
        "\u0626": "\u064a",  # ئ -> ي
        "\u06cc": "\u064a",  # Farsi yeh -> ي
        "\u06a9": "\u0643",  # keheh -> ك
        # Arabic-Indic and Persian digits -> ASCII so ٢٠٢٤ matches 2024.
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        # Arabic punctuation becomes a separator.
        "\u060c": " ",  # ،
        "\u061b": " ",  # ؛
        "\u061f": " ",  # ؟
    }
)

_ARABIC_CHAR = re.compile("[\u0600-\u06ff]")
# Tokens are runs of letters and digits; `_` is a separator, not a word character.
_TOKEN = re.compile(r"[^\W_]+")

_english = EnglishStemmer()  # the one language needed; the package entry point imports ~30

# English words too common in service names to help ranking; Arabic function words are handled by the stemmer's
# prefix rules or are short enough to be dropped by the minimum length.
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "this",
        "to",
        "with",
        "your",
        "you",
    ]
)
_AR_STOP = frozenset(["في", "من", "الي", "علي", "عن", "او", "و", "مع", "ثم", "هذا", "هذه", "التي", "الذي"])

# Light10 affixes (Larkey, Ballesteros & Connell 2007), after normalization (ة is already ه).
_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def _combining_marks_pattern() -> re.Pattern[str]:
    """A character class of every code point with a non-zero canonical combining class (BMP and plane 1)."""
    ranges: list[list[int]] = []
    for cp in range(0x300, 0x20000):
        if unicodedata.combining(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


_COMBINING_MARKS = _combining_marks_pattern()


def is_arabic(text: str) -> bool:
    return _ARABIC_CHAR.search(text) is not None


def normalize(text: str) -> str:
    """Fold a string so that spellings users treat as equal compare equal.

    Arabic: NFKC first (it composes presentation forms without splitting hamza from alef), then the folds.
    Latin: NFKD and drop combining marks, so "café" matches "cafe". Doing the Latin decomposition only after the
    Arabic folds avoids MoroccoAPI#2 (NFD splits أ into ا + hamza mark before the alef mapping could see it).
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ARABIC_MARKS.sub("", text)
    text = text.translate(_ARABIC_FOLD)
    if not text.isascii():
        # NFKD re-splits nothing Arabic that matters here (hamza forms are already folded); drop Latin accents.
        # One regex over every combining mark instead of a Python loop per character: indexing analyzes ~700K
        # characters at every start.
        text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text


def tokenize(text: str) -> list[str]:
    """Normalized tokens of `text`, in order (stopwords and one-letter tokens removed)."""
    return [token for chunk in text.split() for token in _chunk_tokens(chunk)]


@lru_cache(maxsize=131072)
def _chunk_tokens(chunk: str) -> tuple[str, ...]:
    """Tokens of one whitespace-delimited chunk. Normalization never joins across white space, so analyzing
    chunk by chunk gives the same tokens as analyzing the whole text, and the cache makes re-indexing the
    catalog's repetitive vocabulary cheap (start-up builds the index from ~700K characters)."""
    return tuple(
        token
        for token in _TOKEN.findall(normalize(chunk))
        if (len(token) >= 2 or token.isdigit()) and token not in _EN_STOP and token not in _AR_STOP
    )


@lru_cache(maxsize=65536)
def arabic_light_stem(word: str) -> str:
    """Light10: strip one definite-article/conjunction prefix, then suffixes, keeping a stem of 2-3+ letters.

    Operates on normalized text. A lone leading و (and) is stripped only when at least 3 letters remain, as in
    Light10; prefixes need 2 letters left after them and each suffix leaves at least 2.
    """
    if len(word) > 3 and word.startswith("و"):
        word = word[1:]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            word = word[len(prefix) :]
            break
    for suffix in _AR_SUFFIXES:
        if len(word) - len(suffix) >= 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    return _english.stemWord(word)


@lru_cache(maxsize=131072)
def stem(token: str) -> str:
    """Stem one normalized token with the stemmer of its script (digits and mixed tokens stay as they are)."""
    if token.isdigit():
        return token
    if is_arabic(token):
        return arabic_light_stem(token)
    if token.isascii() and token.isalpha():
        return english_stem(token)
    return token


def analyze(text: str) -> list[tuple[str, str]]:
    """(surface, stem) pairs of a text: the normalized word and its stem, both indexed."""
    return [(token, stem(token)) for token in tokenize(text)]


def index_terms(text: str) -> list[str]:
    """The stems of a text in order, as stored in `search_doc_*` columns and counted by the ranker."""
    return [s for _, s in analyze(text)]


# Query-time synonyms, by stem (both sides analyzed with the same functions). Each group is a set of words users
# use for one idea; a query word in a group also matches the others (catalog.md §3).
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("cr", "sijilat", "سجلات", "سجل"),
    ("سياقه", "قياده"),
    ("driving", "driver", "licence", "license"),
    ("id", "identity", "هويه", "بطاقه"),
    ("ekey", "مفتاح"),
    ("passport", "جواز"),
    ("visa", "تاشيره"),
    ("traffic", "مرور"),
    ("electricity", "كهرباء"),
    ("water", "ماء", "مياه"),
    ("birth", "ميلاد", "مواليد"),
    ("death", "وفاه"),
    ("fine", "fines", "مخالفه", "مخالفات"),
    ("vehicle", "car", "مركبه", "سياره"),
    ("certificate", "شهاده"),
    ("renew", "renewal", "تجديد"),
)


def _build_synonyms() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in _SYNONYM_GROUPS:
        stems = {stem(normalize(word)) for word in group}
        for s in stems:
            table.setdefault(s, set()).update(stems)
    return {key: frozenset(value - {key}) for key, value in table.items()}


SYNONYMS: dict[str, frozenset[str]] = _build_synonyms()


MAX_QUERY_TERMS = 12


class QueryTerm:
    """One word of a query: its normalized surface, its stem, and the stems of its synonyms."""

    __slots__ = ("is_last", "stem", "surface", "synonyms")

    def __init__(self, surface: str, stem_: str, synonyms: frozenset[str], is_last: bool) -> None:
        self.surface = surface
        self.stem = stem_
        self.synonyms = synonyms
        self.is_last = is_last

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"QueryTerm({self.surface!r}, {self.stem!r})"


def query_terms(query: str) -> list[QueryTerm]:
    """Analyze a query with the same normalizer and stemmers as the documents, plus synonym expansion."""
    pairs = analyze(query)
    # Deduplicate on the stem: "شهادة الشهادة" is one constraint, not two.
    seen: set[str] = set()
    terms: list[QueryTerm] = []
    for surface, s in pairs:
        if s in seen:
            continue
        seen.add(s)
        terms.append(QueryTerm(surface, s, SYNONYMS.get(s, frozenset()), False))
        if len(terms) == MAX_QUERY_TERMS:
            break  # later words add little to a ranking and would only add work
    if terms:
        terms[-1].is_last = True
    return terms
