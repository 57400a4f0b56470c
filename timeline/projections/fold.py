"""The relations arithmetic as a pure fold over stored facts, in memory.

The reference the read model is held to: the tables answer the same questions faster, and
the property tests check that they answer them the same. Also handy for small stores and
for reading the formula in one place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from timeline.projections import scoring
from timeline.projections.log import Entry, EventRow, entries_of, micros
from timeline.projections.model import RelationState, Scope
from timeline.projections.queries import GroupRow, states_from_rows
from timeline.store import StoredFact

__all__ = ["current_events", "fold_relations", "latest_day"]


def current_events(facts: Iterable[StoredFact], known_at: dt.datetime | None = None) -> list[EventRow]:
    """The events that stood at record time `known_at` (all of them if None), in log order."""
    limit = micros(known_at) if known_at is not None else None
    standing: dict[str, tuple[int, EventRow]] = {}
    entries: list[Entry] = []
    for stored in facts:
        entries.extend(entries_of(stored))
    for kind, pos, at, row in entries:
        if limit is not None and at > limit:
            break
        if kind == "event":
            standing[row.event_id] = (pos, row)
        elif kind == "retract":
            standing.pop(row[0], None)
    return [row for _pos, row in sorted(standing.values(), key=lambda pr: pr[0])]


def latest_day(events: Iterable[EventRow], today: dt.date | None = None) -> dt.date | None:
    days = [e.day for e in events]
    if not days:
        return None
    return min(dt.date.fromordinal(max(days)), today or dt.date.today())


def fold_relations(facts: Iterable[StoredFact], actor: str, scope: Scope = Scope()) -> list[RelationState]:
    """An actor's relation states, computed from the facts alone (no last event attached)."""
    events = current_events(facts, scope.known_at)
    as_of = scope.as_of or latest_day(events)
    if as_of is None:
        return []
    day = as_of.toordinal()
    previous = day - scoring.TREND_WINDOW_DAYS
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0.0])
    for e in events:
        if e.day > day:
            continue
        nx = scoring.growth(e.day)
        for a, b, direction, w in scoring.edges(e.type, e.source, e.target, e.modality):
            if a != actor:
                continue
            s = sums[(b, direction, e.type)]
            s[0] += 1
            s[1] += w * nx
            s[2] += nx
            if e.day <= previous:
                s[3] += w * nx
                s[4] += nx
                s[5] += 1
            s[6] = max(s[6], e.day)
            s[7] += abs(w * nx)
    rows: list[GroupRow] = [
        (b, d, t, int(s[0]), s[1], s[2], s[3], s[4], int(s[5]), int(s[6]), s[7]) for (b, d, t), s in sums.items()
    ]
    return states_from_rows(actor, rows, as_of)
