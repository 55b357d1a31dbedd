"""Catalog seed steps (placeholder until the data loader lands)."""

from __future__ import annotations


def seed_steps(config: object) -> list:
    return []
