"""Questions to the relations read model, answered with frozen results (see `model`).

Every question takes a `Scope`: world time up to `as_of` (by the event's last day,
`When.key`), record time up to `known_at` (what the store held then, corrections included).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from timeline.projections import scoring
from timeline.projections.database import Tx
from timeline.projections.model import (
    ActorRelations,
    ArticleRef,
    Component,
    DiffRow,
    EventPage,
    EventRecord,
    PairHistory,
    RelationsDiff,
    RelationState,
    Scope,
    SidePoint,
)
from timeline.projections.projector import from_micros, micros

__all__ = [
    "GroupRow",
    "actor_relations",
    "diff",
    "event_page",
    "latest_day",
    "pair_history",
    "states_from_rows",
]

_NEVER = 2**62  # a record time later than any: "known at" the end of time
_KNOWN = "recorded_at <= ? AND (retracted_at IS NULL OR retracted_at > ?)"
_KNOWN_E = "e.recorded_at <= ? AND (e.retracted_at IS NULL OR e.retracted_at > ?)"
DIRECTIONS = ("out", "in", "joint")

GroupRow = tuple[str, str, str, int, float, float, float, float, int, int, float]
"""(partner, dir, type, n, Σwx, Σnx, Σwx before the trend window, Σnx before, n before, last day, Σ|wx|)."""


def _known(scope: Scope) -> tuple[int, int]:
    t = micros(scope.known_at) if scope.known_at is not None else _NEVER
    return (t, t)


def latest_day(tx: Tx, scope: Scope, today: dt.date | None = None) -> dt.date | None:
    """The day a view without --as-of is as of: the latest event's (never after today)."""
    if scope.as_of is not None:
        return scope.as_of
    rows = tx.execute(f"SELECT day FROM rel_event e WHERE {_KNOWN_E} ORDER BY day DESC LIMIT 1", _known(scope))
    if not rows:
        return None
    today = today or dt.date.today()
    return min(dt.date.fromordinal(int(rows[0][0])), today)


# ---------------------------------------------------------------- states from sums


def states_from_rows(actor: str, rows: Iterable[GroupRow], as_of: dt.date) -> list[RelationState]:
    """Relation states from grouped sums (the SQL's or the pure fold's), most intense first."""
    day = as_of.toordinal()
    previous = day - scoring.TREND_WINDOW_DAYS
    f = scoring.decay_factor(day)
    by_partner: dict[str, list[GroupRow]] = defaultdict(list)
    for row in rows:
        by_partner[row[0]].append(row)
    states = []
    for partner, group in by_partner.items():
        wx = sum(r[4] for r in group)
        nx = sum(r[5] for r in group)
        wx_before = sum(r[6] for r in group)
        nx_before = sum(r[7] for r in group)
        n_before = sum(r[8] for r in group)
        value = scoring.score(wx, nx, day)
        before = scoring.score(wx_before, nx_before, previous)
        counts: dict[str, int] = defaultdict(int)
        components = []
        for direction in DIRECTIONS:
            part = [r for r in group if r[1] == direction]
            if not part:
                continue
            dcounts: dict[str, int] = defaultdict(int)
            for r in part:
                dcounts[r[2]] += r[3]
                counts[r[2]] += r[3]
            components.append(
                Component(
                    direction,
                    sum(r[3] for r in part),
                    scoring.score(sum(r[4] for r in part), sum(r[5] for r in part), day),
                    _sorted_counts(dcounts),
                )
            )
        states.append(
            RelationState(
                actor=actor,
                partner=partner,
                as_of=as_of,
                score=value,
                stance=scoring.stance(value),
                previous_score=before,
                trend=scoring.trend_label(value - before, n_before > 0),
                events=sum(r[3] for r in group),
                intensity=sum(r[10] for r in group) * f,
                counts=_sorted_counts(counts),
                components=tuple(components),
                last_day=dt.date.fromordinal(max(int(r[9]) for r in group)),
            )
        )
    states.sort(key=lambda s: (-round(s.intensity, 9), -s.events, s.partner))
    return states


def _sorted_counts(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _group_rows(tx: Tx, actor: str, scope: Scope, as_of: dt.date, partner: str | None = None) -> list[GroupRow]:
    day = as_of.toordinal()
    previous = day - scoring.TREND_WINDOW_DAYS
    where = "actor = ? AND day <= ?"
    params: list[Any] = [previous, previous, previous, actor, day]
    if partner is not None:
        where = "actor = ? AND partner = ? AND day <= ?"
        params = [previous, previous, previous, actor, partner, day]
    rows = tx.execute(
        "SELECT partner, dir, type, COUNT(*), SUM(wx), SUM(nx), "
        "SUM(CASE WHEN day <= ? THEN wx ELSE 0 END), SUM(CASE WHEN day <= ? THEN nx ELSE 0 END), "
        "SUM(CASE WHEN day <= ? THEN 1 ELSE 0 END), MAX(day), SUM(ABS(wx)) "
        f"FROM rel_edge WHERE {where} AND {_KNOWN} GROUP BY partner, dir, type",
        [*params, *_known(scope)],
    )
    return [
        (r[0], r[1], r[2], int(r[3]), float(r[4]), float(r[5]), float(r[6]), float(r[7]), int(r[8]), int(r[9]), float(r[10]))
        for r in rows
    ]


# ---------------------------------------------------------------- events


_EVENT_COLUMNS = (
    "e.pos, e.event_id, e.type, e.day, e.date_iso, e.date_end, e.date_rule, e.source, e.target, "
    "e.attributed, e.evidence, e.ev_start, e.ev_end, e.confidence, e.extractor, e.modality, e.weight, "
    "e.recorded_at, e.article_id, a.title, a.published, a.source, a.url, a.path"
)


def _record(r: Sequence[Any]) -> EventRecord:
    def codes(v: str | None) -> tuple[str, ...]:
        return tuple(v.split()) if v else ()

    return EventRecord(
        id=r[1],
        position=int(r[0]),
        type=r[2],
        day=dt.date.fromordinal(int(r[3])),
        date=r[4],
        date_end=r[5],
        date_rule=r[6],
        source=codes(r[7]),
        target=codes(r[8]),
        attributed_to=codes(r[9]),
        evidence=r[10],
        evidence_start=int(r[11]),
        evidence_end=int(r[12]),
        confidence=float(r[13]),
        extractor=r[14],
        modality=r[15],
        weight=float(r[16]),
        recorded_at=from_micros(int(r[17])),
        article=ArticleRef(r[18], r[19] or "", r[20] or "", r[21] or "", r[22] or "", r[23] or ""),
    )


def _events_at(tx: Tx, positions: Sequence[int]) -> list[EventRecord]:
    """The events at these log positions, in the order given."""
    found: dict[int, EventRecord] = {}
    unique = list(dict.fromkeys(positions))
    for i in range(0, len(unique), 500):
        chunk = unique[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        for r in tx.execute(
            f"SELECT {_EVENT_COLUMNS} FROM rel_event e LEFT JOIN rel_article a ON a.article_id = e.article_id "
            f"WHERE e.pos IN ({marks})",
            chunk,
        ):
            found[int(r[0])] = _record(r)
    return [found[p] for p in unique if p in found]


def _recent(tx: Tx, actor: str, scope: Scope, as_of: dt.date, limit: int) -> list[EventRecord]:
    rows = tx.execute(
        "SELECT i.pos FROM rel_involvement i JOIN rel_event e ON e.pos = i.pos "
        f"WHERE i.actor = ? AND i.day <= ? AND {_KNOWN_E} ORDER BY i.day DESC, i.pos DESC LIMIT ?",
        [actor, as_of.toordinal(), *_known(scope), limit],
    )
    return _events_at(tx, [int(r[0]) for r in rows])


def _last_positions(tx: Tx, actor: str, partners: Sequence[str], scope: Scope, as_of: dt.date) -> dict[str, int]:
    last = {}
    for partner in partners:
        rows = tx.execute(
            f"SELECT pos FROM rel_edge WHERE actor = ? AND partner = ? AND day <= ? AND {_KNOWN} "
            "ORDER BY day DESC, pos DESC LIMIT 1",
            [actor, partner, as_of.toordinal(), *_known(scope)],
        )
        if rows:
            last[partner] = int(rows[0][0])
    return last


# ---------------------------------------------------------------- the questions


def actor_relations(tx: Tx, actor: str, scope: Scope, *, limit: int | None = None, recent: int = 8) -> ActorRelations | None:
    """An actor's relations at the scope's date, most intense first, and its latest events."""
    as_of = latest_day(tx, scope)
    if as_of is None:
        return None
    states = states_from_rows(actor, _group_rows(tx, actor, scope, as_of), as_of)
    if limit is not None:
        states = states[:limit]
    last = _last_positions(tx, actor, [s.partner for s in states], scope, as_of)
    records = {r.position: r for r in _events_at(tx, list(last.values()))}
    states = [_with_last(s, records.get(last.get(s.partner, -1))) for s in states]
    return ActorRelations(actor, scope, as_of, tuple(states), tuple(_recent(tx, actor, scope, as_of, recent)))


def _with_last(state: RelationState, record: EventRecord | None) -> RelationState:
    from dataclasses import replace

    return replace(state, last_event=record)


def pair_history(
    tx: Tx, actor: str, partner: str, scope: Scope, *, limit: int = 50, points: int = 60
) -> PairHistory | None:
    """A pair in depth: its state, its score over time, and its events (newest first)."""
    as_of = latest_day(tx, scope)
    if as_of is None:
        return None
    day = as_of.toordinal()
    states = states_from_rows(actor, _group_rows(tx, actor, scope, as_of, partner), as_of)
    if not states:
        return None
    daily = tx.execute(
        f"SELECT day, SUM(wx), SUM(nx) FROM rel_edge WHERE actor = ? AND partner = ? AND day <= ? AND {_KNOWN} "
        "GROUP BY day ORDER BY day",
        [actor, partner, day, *_known(scope)],
    )
    series = _series([(int(d), float(w), float(n)) for d, w, n in daily], day, points)
    known = _known(scope)
    total = tx.execute(
        f"SELECT COUNT(DISTINCT pos) FROM rel_edge WHERE actor = ? AND partner = ? AND day <= ? AND {_KNOWN}",
        [actor, partner, day, *known],
    )[0][0]
    rows = tx.execute(
        f"SELECT DISTINCT day, pos FROM rel_edge WHERE actor = ? AND partner = ? AND day <= ? AND {_KNOWN} "
        "ORDER BY day DESC, pos DESC LIMIT ?",
        [actor, partner, day, *known, limit],
    )
    events = _events_at(tx, [int(r[1]) for r in rows])
    state = _with_last(states[0], events[0] if events else None)
    return PairHistory(actor, partner, scope, as_of, state, tuple(series), tuple(events), int(total))


def _series(daily: list[tuple[int, float, float]], end: int, points: int) -> list[SidePoint]:
    """The score at `points` evenly spaced days from the pair's first event to `end`."""
    if not daily:
        return []
    first = daily[0][0]
    span = max(end - first, 0)
    steps = max(min(points, span + 1), 1)
    samples = sorted({first + round(span * i / max(steps - 1, 1)) for i in range(steps)})
    out, wx, nx, i = [], 0.0, 0.0, 0
    for sample in samples:
        while i < len(daily) and daily[i][0] <= sample:
            wx += daily[i][1]
            nx += daily[i][2]
            i += 1
        out.append(SidePoint(dt.date.fromordinal(sample), scoring.score(wx, nx, sample)))
    return out


def event_page(
    tx: Tx,
    scope: Scope,
    *,
    actor: str | None = None,
    partner: str | None = None,
    types: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = 100,
) -> EventPage:
    """Events in date order, filtered; with a limit, the latest `limit` of them."""
    last = until
    if scope.as_of is not None:
        last = min(last, scope.as_of) if last else scope.as_of
    lo = since.toordinal() if since else -(2**31)
    hi = last.toordinal() if last else 2**31
    where = [f"e.day >= ? AND e.day <= ? AND {_KNOWN_E}"]
    params: list[Any] = [lo, hi, *_known(scope)]
    if actor and partner:
        where.append("e.pos IN (SELECT pos FROM rel_edge WHERE actor = ? AND partner = ? AND day >= ? AND day <= ?)")
        params += [actor, partner, lo, hi]
    elif actor:
        where.append("e.pos IN (SELECT pos FROM rel_involvement WHERE actor = ? AND day >= ? AND day <= ?)")
        params += [actor, lo, hi]
    if types:
        where.append(f"e.type IN ({', '.join('?' * len(types))})")
        params += list(types)
    condition = " AND ".join(where)
    total = int(tx.execute(f"SELECT COUNT(*) FROM rel_event e WHERE {condition}", params)[0][0])
    order = "ORDER BY e.day DESC, e.pos DESC"
    if limit:
        rows = tx.execute(f"SELECT e.pos FROM rel_event e WHERE {condition} {order} LIMIT ?", [*params, limit])
    else:
        rows = tx.execute(f"SELECT e.pos FROM rel_event e WHERE {condition} {order}", params)
    events = _events_at(tx, [int(r[0]) for r in rows])
    events.reverse()
    return EventPage(tuple(events), total, offset=total - len(events))


def diff(
    tx: Tx, start: dt.date, end: dt.date, scope: Scope, *, actor: str | None = None, drivers: int = 3, limit: int | None = None
) -> RelationsDiff:
    """Per pair, the score and stance at `start` and at `end`, and the events in between that moved it."""
    f_day, e_day = start.toordinal(), end.toordinal()
    window = scoring.TREND_WINDOW_DAYS
    who = "actor = ?" if actor else "actor < partner"
    params: list[Any] = [f_day, f_day, f_day, f_day, f_day - window, f_day, e_day - window]
    rows = tx.execute(
        "SELECT actor, partner, "
        "SUM(CASE WHEN day <= ? THEN wx ELSE 0 END), SUM(CASE WHEN day <= ? THEN nx ELSE 0 END), "
        "SUM(CASE WHEN day <= ? THEN 1 ELSE 0 END), SUM(wx), SUM(nx), COUNT(*), "
        "SUM(CASE WHEN day > ? THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN day > ? AND day <= ? THEN 1 ELSE 0 END), SUM(CASE WHEN day > ? THEN 1 ELSE 0 END) "
        f"FROM rel_edge WHERE {who} AND day <= ? AND {_KNOWN} GROUP BY actor, partner",
        [*params, *([actor] if actor else []), e_day, *_known(scope)],
    )
    out = []
    for a, b, wx_f, nx_f, n_f, wx_e, nx_e, n_e, n_window, active_f, active_e in rows:
        before = scoring.score(float(wx_f), float(nx_f), f_day)
        after = scoring.score(float(wx_e), float(nx_e), e_day)
        stance_before, stance_after = scoring.stance(before), scoring.stance(after)
        if int(n_f) == 0 and int(n_e) > 0:
            status = "appeared"
        elif int(active_f) > 0 and int(active_e) == 0:
            status = "quiet"
        elif int(n_window) > 0 or stance_before != stance_after:
            status = "changed"
        else:
            continue
        out.append(
            DiffRow(a, b, before, stance_before, int(n_f), after, stance_after, int(n_e), status, int(n_window))
        )
    out.sort(key=lambda r: (-abs(round(r.delta, 9)), -r.window_events, r.actor, r.partner))
    if limit is not None:
        out = out[:limit]
    if drivers:
        out = [_with_drivers(tx, row, f_day, e_day, scope, drivers) for row in out]
    return RelationsDiff(actor, start, end, scope, tuple(out))


def _with_drivers(tx: Tx, row: DiffRow, f_day: int, e_day: int, scope: Scope, limit: int) -> DiffRow:
    from dataclasses import replace

    if row.window_events == 0:
        return row
    rows = tx.execute(
        f"SELECT pos FROM rel_edge WHERE actor = ? AND partner = ? AND day > ? AND day <= ? AND {_KNOWN} "
        "ORDER BY ABS(wx) DESC, day DESC, pos DESC LIMIT ?",
        [row.actor, row.partner, f_day, e_day, *_known(scope), limit],
    )
    return replace(row, drivers=tuple(_events_at(tx, [int(r[0]) for r in rows])))
