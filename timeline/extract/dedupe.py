"""Merge the same fact told twice in one article (the lede and the body) into one event.

Two candidates are the same fact when they have the same type, the same source and target
sets, and dates that do not contradict each other: one is a background fact
(`on_or_before`), or both name overlapping intervals. The one kept cites the clearest
sentence: the higher confidence, then the earlier sentence; it takes the more precise
exact date of the two.
"""

from __future__ import annotations

from events import DateRule

from timeline.extract.rules import Candidate

__all__ = ["merge_duplicates"]


def _compatible(a: Candidate, b: Candidate) -> bool:
    wa, wb = a.when, b.when
    if wa.rule is DateRule.ON_OR_BEFORE or wb.rule is DateRule.ON_OR_BEFORE:
        return True
    return wa.start <= wb.end and wb.start <= wa.end


def _key(c: Candidate) -> tuple:
    # an act announced and the act done are two facts ("will hold drills", "held drills")
    return (c.type, frozenset(c.source), frozenset(c.target), c.modality in ("announced", "planned"))


def merge_duplicates(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    by_key: dict[tuple, list[int]] = {}
    for c in candidates:
        slots = by_key.setdefault(_key(c), [])
        for n in slots:
            other = kept[n]
            if _compatible(other, c):
                kept[n] = _better(other, c)
                break
        else:
            slots.append(len(kept))
            kept.append(c)
    return kept


def _better(a: Candidate, b: Candidate) -> Candidate:
    best, other = (b, a) if b.confidence > a.confidence else (a, b)
    if best.when.rule is DateRule.ON_OR_BEFORE and other.when.rule is DateRule.EXACT:
        best = _with_when(best, other)
    return best


def _with_when(c: Candidate, donor: Candidate) -> Candidate:
    return Candidate(c.type, c.source, c.target, donor.when, c.modality, c.confidence, c.people,
                     c.attributed_to, c.sentence_index)
