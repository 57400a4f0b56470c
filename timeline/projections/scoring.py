"""How events become a cooperation–conflict score: the constants and the arithmetic.

Pure functions, no storage. docs/relations.md explains every constant; changing one
changes `SCORING_VERSION`, and the read models rebuild themselves on next use.

    weight  w_i = goldstein(type_i) × modality_factor(modality_i)
    decay   d_i = 2 ** (-(D - day_i) / HALF_LIFE_DAYS)        for day_i <= D
    score   S(D) = Σ w_i d_i / (Σ d_i + SHRINKAGE)

Decayed sums at any date come from two stored numbers per edge, `nx = 2 ** ((day - EPOCH) /
HALF_LIFE_DAYS)` and `wx = w × nx`: Σ w_i d_i = Σ wx_i × 2 ** (-(D - EPOCH) / HALF_LIFE_DAYS),
so a plain SQL SUM over the rows up to D gives the score at D without a power function.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from events import DiplomaticEvent

__all__ = [
    "EPOCH",
    "HALF_LIFE_DAYS",
    "MODALITY_FACTOR",
    "SCORING_VERSION",
    "SHRINKAGE",
    "STANCES",
    "TREND_STEP",
    "TREND_WINDOW_DAYS",
    "Edge",
    "decay_factor",
    "edges",
    "growth",
    "score",
    "stance",
    "trend_label",
    "weight",
]

HALF_LIFE_DAYS: Final = 180.0
"""A month-old summit counts 89%, a six-month-old one half, a two-year-old one 6%."""

SHRINKAGE: Final = 2.0
"""Pseudo-events of weight 0 added to every pair: few events pull the score towards neutral."""

TREND_WINDOW_DAYS: Final = 90
"""The trend compares the score at D with the score one window earlier."""

TREND_STEP: Final = 0.5
"""A change smaller than this (in Goldstein points) is reported as steady."""

MODALITY_FACTOR: Final = {"done": 1.0, "ongoing": 1.0, "announced": 0.75, "planned": 0.5}
"""An announced act weighs less than a done one, a planned one less again."""

STANCES: Final = (
    # (label, lowest score that earns it), checked from the top
    ("allied", 3.5),
    ("cooperative", 1.0),
    ("neutral", -1.0),
    ("tense", -3.5),
    ("hostile", float("-inf")),
)
"""Stance thresholds on the score (Goldstein scale, -10..+10); `neutral` is (-1, +1)."""

EPOCH: Final = dt.date(2000, 1, 1).toordinal()

SCORING_VERSION: Final = f"h{HALF_LIFE_DAYS:g}-k{SHRINKAGE:g}-e{EPOCH}-m" + ",".join(
    f"{k}{v:g}" for k, v in sorted(MODALITY_FACTOR.items())
)

Edge = tuple[str, str, str, float]
"""(actor, partner, direction, weight): direction is `out` (actor → partner), `in` or `joint`."""


def _event_type(type_name: str) -> type[DiplomaticEvent] | None:
    # Imported here, not above: a view that only reads the stored sums needs no event class.
    from events import EVENT_TYPES

    return EVENT_TYPES.get(type_name)


def weight(type_name: str, modality: str, joint: bool = False) -> float:
    cls = _event_type(type_name)
    if cls is None:
        return 0.0
    base = cls.between_participants if joint else cls.goldstein
    return float(base or 0.0) * MODALITY_FACTOR.get(modality, 1.0)


def edges(type_name: str, source: Sequence[str], target: Sequence[str], modality: str) -> Iterator[Edge]:
    """Every (actor, partner, direction, weight) an event contributes, from both ends.

    A directed act counts from each source to each target. A symmetric event (a meeting)
    counts once per pair of participants as `joint`, with its `between_participants`
    weight; so does a joint act of several sources when the type says what that
    togetherness weighs (a joint drill is military cooperation among its members).
    """
    cls = _event_type(type_name)
    if cls is None:
        return
    seen: set[tuple[str, str, str]] = set()
    if cls.symmetric or (cls.between_participants is not None and len(source) > 1):
        w = weight(type_name, modality, joint=True)
        for i, a in enumerate(source):
            for b in source[i + 1 :]:
                if a != b and (a, b, "joint") not in seen:
                    seen.add((a, b, "joint"))
                    yield (a, b, "joint", w)
                    yield (b, a, "joint", w)
    if cls.symmetric:
        return
    w = weight(type_name, modality)
    for a in source:
        for b in target:
            if a != b and (a, b, "out") not in seen:
                seen.add((a, b, "out"))
                yield (a, b, "out", w)
                yield (b, a, "in", w)


def growth(day: int) -> float:
    """nx of an edge on `day` (an ordinal): the decay factors' common numerator."""
    return 2.0 ** ((day - EPOCH) / HALF_LIFE_DAYS)


def decay_factor(as_of: int) -> float:
    """What turns Σ nx or Σ wx over rows up to `as_of` into decayed sums at `as_of`."""
    return 2.0 ** (-(as_of - EPOCH) / HALF_LIFE_DAYS)


def score(sum_wx: float, sum_nx: float, as_of: int) -> float:
    """The shrunk, decayed mean weight at `as_of` from the stored sums."""
    f = decay_factor(as_of)
    return (sum_wx * f) / (sum_nx * f + SHRINKAGE)


def stance(value: float) -> str:
    for label, floor in STANCES:
        if value >= floor:
            return label
    return STANCES[-1][0]  # pragma: no cover - -inf catches all


def trend_label(delta: float, had_before: bool) -> str:
    if not had_before:
        return "new"
    if delta >= TREND_STEP:
        return "rising"
    if delta <= -TREND_STEP:
        return "falling"
    return "steady"
