"""Deterministic helpers shared by the catalog generator: ids, per-object randomness, exact integer allocation, JSON."""

from __future__ import annotations

import hashlib
import json
import random
import re
import unicodedata
import uuid
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

SEED = 20240630  # the last day of the reporting period (iGA H1 2024)
# Namespace of every catalog UUIDv5: ids are a pure function of the natural key, identical on every machine.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://bawaba.example/catalog")


def uid(kind: str, key: str) -> str:
    """Deterministic UUIDv5 for a row of table `kind` with natural key `key`."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def rng_for(key: str) -> random.Random:
    """A private random stream per object, so adding one service never shifts another's data (never `hash()`)."""
    digest = hashlib.sha256(f"{SEED}:{key}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def li(ar: str) -> str:
    """Attach the Arabic preposition لـ: ل + الـ contracts to لل."""
    return "لل" + ar[2:] if ar.startswith("ال") else "ل" + ar


def allocate(total: int, weights: Sequence[float | int | Fraction]) -> list[int]:
    """Largest-remainder (Hamilton) allocation of an integer total in proportion to weights; exact and deterministic.

    Ties in the remainder go to the lower index, so the result depends only on the order of `weights`.
    """
    if total < 0:
        raise ValueError("total must be non-negative")
    fw = [Fraction(w) for w in weights]
    if any(w < 0 for w in fw):
        raise ValueError("weights must be non-negative")
    s = sum(fw)
    if total == 0:
        return [0] * len(fw)
    if s == 0:
        raise ValueError(f"cannot allocate {total} over zero weights")
    quotas = [w * total / s for w in fw]
    base = [int(q) for q in quotas]  # floor (quotas are non-negative)
    short = total - sum(base)
    order = sorted(range(len(fw)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:short]:
        base[i] += 1
    return base


def dumps(data: Any) -> str:
    """Stable JSON: sorted keys, real UTF-8 Arabic, fixed separators, one trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, separators=(",", ": ")) + "\n"


def dumps_lines(items: list[Any]) -> str:
    """A JSON array with one compact, key-sorted item per line: small and diff-friendly."""
    body = ",\n".join(json.dumps(i, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for i in items)
    return "[\n" + body + "\n]\n"


def dumps_table(columns: list[str], rows: list[list[Any]]) -> str:
    """A compact table: {"columns": [...], "rows": [one row per line]}."""
    body = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    return '{"columns":' + json.dumps(columns) + ',"rows":[\n' + body + "\n]}\n"


def write(path: Path, text: str) -> str:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()
