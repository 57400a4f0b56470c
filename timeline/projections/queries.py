"""Questions to the relations read model, answered with frozen results (see `model`).

Every question takes a `Scope`: world time up to `as_of` (by the event's last day,
`When.key`), record time up to `known_at` (what the store held then, corrections included).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
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
from timeline.projections.projector import from_micros, micros, split_codes

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
        if sum(r[3] for r in group) <= 0:
            continue  # only retracted events, or none up to the date
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
                if r[2]:
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
                last_day=_day_or_none(max(int(r[9]) for r in group)),
            )
        )
    states.sort(key=lambda s: (-round(s.intensity, 9), -s.events, s.partner))
    return states


def _day_or_none(ordinal: int) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal > 0 else None


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


# ---------------------------------------------------------------- sums from the buckets


def _month_start(day: int) -> tuple[int, int]:
    """The month index of a day ordinal, and the ordinal of that month's first day."""
    d = dt.date.fromordinal(day)
    return d.year * 12 + d.month - 1, d.replace(day=1).toordinal()


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


DELTA_LIMIT = 20000
"""Above this many events recorded or retracted since --known-at, views read the rows instead."""

Delta = Sequence[tuple[int, int, str, tuple[str, ...], tuple[str, ...], str]]
"""(sign, day, type, source, target, modality) of the events that separate now from --known-at."""


def _known_delta(tx: Tx, scope: Scope, last_day: int) -> Delta | None:
    """What to take from and give back to the standing events to get those held at `known_at`.

    Take the events recorded after it that still stand; give back those recorded by then
    and retracted or corrected since. None when that is more than `DELTA_LIMIT` events
    (a --known-at long ago): the rows answer that faster.
    """
    if scope.known_at is None:
        return []
    t = micros(scope.known_at)
    columns = "day, type, source, target, modality"
    later = tx.execute(
        # Unary + keeps the planner on the one index that makes these small (SQLite and PostgreSQL alike).
        f"SELECT {columns} FROM rel_event WHERE recorded_at > ? AND +retracted_at IS NULL AND +day <= ? LIMIT ?",
        [t, last_day, DELTA_LIMIT + 1],
    )
    undone = tx.execute(
        f"SELECT {columns} FROM rel_event WHERE retracted_at > ? AND +recorded_at <= ? AND +day <= ? LIMIT ?",
        [t, t, last_day, DELTA_LIMIT + 1],
    )
    if len(later) + len(undone) > DELTA_LIMIT:
        return None

    return [
        (sign, int(day), type_name, split_codes(source), split_codes(target), modality)
        for sign, rows in ((-1, later), (1, undone))
        for day, type_name, source, target, modality in rows
    ]


def _delta_edges(delta: Delta, actor: str, partner: str | None) -> Iterable[tuple[int, int, str, str, str, float, float]]:
    """(sign, day, partner, direction, type, w, nx) of the delta's edges from `actor`."""
    for sign, day, type_name, source, target, modality in delta:
        nx = scoring.growth(day)
        for a, b, direction, w in scoring.edges(type_name, source, target, modality):
            if a == actor and (partner is None or b == partner):
                yield sign, day, b, direction, type_name, w, nx


def _sums_at(
    tx: Tx, actor: str, partner: str | None, days: Sequence[int], delta: Delta = ()
) -> dict[tuple[str, str], list[list[float]]]:
    """Per (partner, direction), for each day: [n, Σwx, Σnx, Σ|wx|] over the standing events up to it.

    Whole months come from `rel_month`; the days of each date's own month from `rel_edge`,
    so an actor with half a million edges costs a few thousand rows per view.
    """
    months = [_month_start(d) for d in days]
    cases = []
    params: list[Any] = []
    for month, _first in months:
        for column in ("n", "wx", "nx", "absx"):
            cases.append(f"SUM(CASE WHEN month < ? THEN {column} ELSE 0 END)")
            params.append(month)
    where, where_params = ("actor = ? AND partner = ?", [actor, partner]) if partner else ("actor = ?", [actor])
    rows = tx.execute(
        f"SELECT partner, dir, {', '.join(cases)} FROM rel_month WHERE {where} AND month <= ? GROUP BY partner, dir",
        [*params, *where_params, max(m for m, _f in months)],
    )
    sums: dict[tuple[str, str], list[list[float]]] = {}
    for r in rows:
        values = [float(v or 0) for v in r[2:]]
        sums[(r[0], r[1])] = [values[i * 4 : i * 4 + 4] for i in range(len(days))]
    partners = sorted({p for p, _d in sums})
    for i, (day, (_month, first)) in enumerate(zip(days, months)):
        if not partners:
            break
        if day < first:
            continue
        for r in tx.execute(
            "SELECT partner, dir, COUNT(*), SUM(wx), SUM(nx), SUM(ABS(wx)) FROM rel_edge "
            f"WHERE actor = ? AND partner IN ({_marks(partners)}) AND day >= ? AND day <= ? AND retracted_at IS NULL "
            "GROUP BY partner, dir",
            [actor, *partners, first, day],
        ):
            entry = sums[(r[0], r[1])][i]
            for k, v in enumerate(r[2:]):
                entry[k] += float(v or 0)
    for sign, day, b, direction, _type, w, nx in _delta_edges(delta, actor, partner):
        per_day = sums.setdefault((b, direction), [[0.0] * 4 for _ in days])
        for i, until in enumerate(days):
            if day <= until:
                entry = per_day[i]
                entry[0] += sign
                entry[1] += sign * w * nx
                entry[2] += sign * nx
                entry[3] += sign * abs(w * nx)
    return sums


def _counts_at(
    tx: Tx, actor: str, partner: str | None, day: int, delta: Delta = ()
) -> dict[tuple[str, str, str], int]:
    """Per (partner, direction, type), the standing events up to `day`: whole years plus part of one."""
    counts = _counts_standing(tx, actor, partner, day)
    for sign, event_day, b, direction, type_name, _w, _nx in _delta_edges(delta, actor, partner):
        if event_day <= day:
            counts[(b, direction, type_name)] = counts.get((b, direction, type_name), 0) + sign
    return {k: v for k, v in counts.items() if v}


def _counts_standing(tx: Tx, actor: str, partner: str | None, day: int) -> dict[tuple[str, str, str], int]:
    d = dt.date.fromordinal(day)
    year_start, year_end = dt.date(d.year, 1, 1).toordinal(), dt.date(d.year, 12, 31).toordinal()
    # Count the shorter part of the year from the rows: add its start, or take away its end.
    add_start = day - year_start < year_end - day
    upto = d.year - 1 if add_start else d.year
    where, where_params = ("actor = ? AND partner = ?", [actor, partner]) if partner else ("actor = ?", [actor])
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in tx.execute(
        f"SELECT partner, dir, type, SUM(n) FROM rel_count WHERE {where} AND year <= ? GROUP BY partner, dir, type",
        [*where_params, upto],
    ):
        counts[(r[0], r[1], r[2])] += int(r[3])
    lo, hi, sign = (year_start, day, 1) if add_start else (day + 1, year_end, -1)
    if lo > hi:
        return counts
    if partner:
        partners = [partner]
    else:  # the partners with events in that year
        partners = [
            r[0]
            for r in tx.execute(
                "SELECT DISTINCT partner FROM rel_month WHERE actor = ? AND month >= ? AND month <= ?",
                [actor, d.year * 12, d.year * 12 + 11],
            )
        ]
    if partners:
        for r in tx.execute(
            "SELECT partner, dir, type, COUNT(*) FROM rel_edge "
            f"WHERE actor = ? AND partner IN ({_marks(partners)}) AND day >= ? AND day <= ? AND retracted_at IS NULL "
            "GROUP BY partner, dir, type",
            [actor, *partners, lo, hi],
        ):
            counts[(r[0], r[1], r[2])] += sign * int(r[3])
    return counts


def _bucket_rows(
    tx: Tx, actor: str, as_of: dt.date, partner: str | None = None, delta: Delta = ()
) -> list[GroupRow]:
    """The grouped rows of `_group_rows`, from the buckets (and the delta to --known-at)."""
    day = as_of.toordinal()
    previous = day - scoring.TREND_WINDOW_DAYS
    sums = _sums_at(tx, actor, partner, [day, previous], delta)
    rows: list[GroupRow] = []
    for (p, direction), (now, before) in sums.items():
        if now[0] > 0:
            rows.append((p, direction, "", 0, now[1], now[2], before[1], before[2], int(before[0]), 0, now[3]))
    for (p, direction, type_name), n in _counts_at(tx, actor, partner, day, delta).items():
        rows.append((p, direction, type_name, n, 0.0, 0.0, 0.0, 0.0, 0, 0, 0.0))
    return rows


# ---------------------------------------------------------------- events


_EVENT_COLUMNS = (
    "e.pos, e.event_id, e.type, e.day, e.date_iso, e.date_end, e.date_rule, e.source, e.target, "
    "e.attributed, e.evidence, e.ev_start, e.ev_end, e.confidence, e.extractor, e.modality, e.weight, "
    "e.recorded_at, e.article_id, a.title, a.published, a.source, a.url, a.path"
)


def _record(r: Sequence[Any]) -> EventRecord:
    return EventRecord(
        id=r[1],
        position=int(r[0]),
        type=r[2],
        day=dt.date.fromordinal(int(r[3])),
        date=r[4],
        date_end=r[5],
        date_rule=r[6],
        source=split_codes(r[7]),
        target=split_codes(r[8]),
        attributed_to=split_codes(r[9]),
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
        f"SELECT pos FROM rel_involvement WHERE actor = ? AND day <= ? AND {_KNOWN} ORDER BY day DESC, pos DESC LIMIT ?",
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
    states = states_from_rows(actor, _rows(tx, actor, scope, as_of), as_of)
    total = len(states)
    if limit is not None:
        states = states[:limit]
    last = _last_positions(tx, actor, [s.partner for s in states], scope, as_of)
    records = {r.position: r for r in _events_at(tx, list(last.values()))}
    states = [_with_last(s, records.get(last.get(s.partner, -1))) for s in states]
    return ActorRelations(actor, scope, as_of, tuple(states), tuple(_recent(tx, actor, scope, as_of, recent)), total)


def _rows(tx: Tx, actor: str, scope: Scope, as_of: dt.date, partner: str | None = None) -> list[GroupRow]:
    delta = _known_delta(tx, scope, as_of.toordinal())
    if delta is None:
        return _group_rows(tx, actor, scope, as_of, partner)
    return _bucket_rows(tx, actor, as_of, partner, delta)


def _with_last(state: RelationState, record: EventRecord | None) -> RelationState:
    if record is None:
        return replace(state, last_event=None)
    return replace(state, last_event=record, last_day=record.day)


def pair_history(
    tx: Tx, actor: str, partner: str, scope: Scope, *, limit: int = 50, points: int = 60
) -> PairHistory | None:
    """A pair in depth: its state, its score over time, and its events (newest first)."""
    as_of = latest_day(tx, scope)
    if as_of is None:
        return None
    day = as_of.toordinal()
    states = states_from_rows(actor, _rows(tx, actor, scope, as_of, partner), as_of)
    if not states:
        return None
    known = _known(scope)
    if scope.known_at is None:
        series = _monthly_series(tx, actor, partner, as_of, points)
    else:
        daily = tx.execute(
            f"SELECT day, SUM(wx), SUM(nx) FROM rel_edge WHERE actor = ? AND partner = ? AND day <= ? AND {_KNOWN} "
            "GROUP BY day ORDER BY day",
            [actor, partner, day, *known],
        )
        series = _series([(int(d), float(w), float(n)) for d, w, n in daily], day, points)
    total = states[0].events
    rows = tx.execute(
        f"SELECT DISTINCT day, pos FROM rel_edge WHERE actor = ? AND partner = ? AND day <= ? AND {_KNOWN} "
        "ORDER BY day DESC, pos DESC LIMIT ?",
        [actor, partner, day, *known, limit],
    )
    events = _events_at(tx, [int(r[1]) for r in rows])
    state = _with_last(states[0], events[0] if events else None)
    return PairHistory(actor, partner, scope, as_of, state, tuple(series), tuple(events), int(total))


def _monthly_series(tx: Tx, actor: str, partner: str, as_of: dt.date, points: int) -> list[SidePoint]:
    """The score at the end of evenly spaced months from the pair's first, and at `as_of` itself."""
    end_month, _first = _month_start(as_of.toordinal())
    rows = tx.execute(
        "SELECT month, SUM(n), SUM(wx), SUM(nx) FROM rel_month WHERE actor = ? AND partner = ? AND month < ? "
        "GROUP BY month ORDER BY month",
        [actor, partner, end_month],
    )
    monthly = [(int(m), float(w), float(x)) for m, n, w, x in rows if int(n) > 0 or float(x) != 0.0]
    out: list[SidePoint] = []
    if monthly:
        first = monthly[0][0]
        span = end_month - 1 - first
        steps = max(min(points - 1, span + 1), 1)
        samples = sorted({first + round(span * i / max(steps - 1, 1)) for i in range(steps)})
        wx = nx = 0.0
        i = 0
        for sample in samples:
            while i < len(monthly) and monthly[i][0] <= sample:
                wx += monthly[i][1]
                nx += monthly[i][2]
                i += 1
            year, month = divmod(sample + 1, 12)  # the first day of the next month, less one day
            last_day = dt.date(year, month + 1, 1).toordinal() - 1
            out.append(SidePoint(dt.date.fromordinal(last_day), scoring.score(wx, nx, last_day)))
    sums = _sums_at(tx, actor, partner, [as_of.toordinal()])
    wx_now = sum(v[0][1] for v in sums.values())
    nx_now = sum(v[0][2] for v in sums.values())
    out.append(SidePoint(as_of, scoring.score(wx_now, nx_now, as_of.toordinal())))
    return out


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
    known = _known(scope)
    # Each filter has one table whose key order serves it: a pair's edges, an actor's
    # involvements, or the events by day. Count there, and read the page backwards.
    if actor and partner:
        table, where, params = "rel_edge", "actor = ? AND partner = ? AND day >= ? AND day <= ?", [actor, partner, lo, hi]
    elif actor:
        table, where, params = "rel_involvement", "actor = ? AND day >= ? AND day <= ?", [actor, lo, hi]
    else:
        table, where, params = "rel_event", "day >= ? AND day <= ?", [lo, hi]
    where += f" AND {_KNOWN}"
    params += known
    if types:
        where += f" AND type IN ({_marks(types)})"
        params += list(types)
    distinct = "DISTINCT " if table == "rel_edge" else ""  # an event is one edge per direction
    total = int(tx.execute(f"SELECT COUNT({distinct}pos) FROM {table} WHERE {where}", params)[0][0])
    page = f"SELECT {distinct}day, pos FROM {table} WHERE {where} ORDER BY day DESC, pos DESC"
    rows = tx.execute(f"{page} LIMIT ?", [*params, limit]) if limit else tx.execute(page, params)
    events = _events_at(tx, [int(r[1]) for r in rows])
    events.reverse()
    return EventPage(tuple(events), total, offset=total - len(events))


def diff(
    tx: Tx, start: dt.date, end: dt.date, scope: Scope, *, actor: str | None = None, drivers: int = 3, limit: int | None = None
) -> RelationsDiff:
    """Per pair, the score and stance at `start` and at `end`, and the events in between that moved it."""
    f_day, e_day = start.toordinal(), end.toordinal()
    window = scoring.TREND_WINDOW_DAYS
    delta = _known_delta(tx, scope, e_day)
    if actor and delta is not None:
        rows = _diff_rows_from_buckets(tx, actor, f_day, e_day, delta)
    elif delta is not None:
        rows = _diff_rows_of_all_pairs(tx, f_day, e_day, delta)
    else:
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
        out = _with_drivers(tx, out, f_day, e_day, scope, drivers)
    return RelationsDiff(actor, start, end, scope, tuple(out))


def _diff_rows_from_buckets(tx: Tx, actor: str, f_day: int, e_day: int, delta: Delta) -> list[tuple[Any, ...]]:
    """The rows of the diff query, from the buckets: sums at FROM, TO, and 90 days before each."""
    window = scoring.TREND_WINDOW_DAYS
    sums = _sums_at(tx, actor, None, [f_day, e_day, f_day - window, e_day - window], delta)
    per_partner: dict[str, list[list[float]]] = {}
    for (partner, _direction), at in sums.items():
        total = per_partner.setdefault(partner, [[0.0] * 4 for _ in range(4)])
        for i in range(4):
            for k in range(4):
                total[i][k] += at[i][k]
    rows = []
    for partner, (f, e, f_back, e_back) in sorted(per_partner.items()):
        n_f, n_e = int(round(f[0])), int(round(e[0]))
        if n_e <= 0:
            continue
        rows.append(
            (actor, partner, f[1], f[2], n_f, e[1], e[2], n_e, n_e - n_f, n_f - int(round(f_back[0])), n_e - int(round(e_back[0])))
        )
    return rows


def _diff_rows_of_all_pairs(tx: Tx, f_day: int, e_day: int, delta: Delta) -> list[tuple[Any, ...]]:
    """The rows of the diff query for every pair (each once, actor < partner), from the buckets.

    Whole months from `rel_month`; the days of each date's own month from the events of
    those days (`rel_event` by its day index: `rel_edge` has none across actors), turned
    into edges as the projector does; then the delta to --known-at.
    """
    from timeline.projections.projector import _edges_of

    window = scoring.TREND_WINDOW_DAYS
    days = [f_day, e_day, f_day - window, e_day - window]
    months = [_month_start(d) for d in days]
    cases, params = [], []
    for month, _first in months:
        for column in ("n", "wx", "nx"):
            cases.append(f"SUM(CASE WHEN month < ? THEN {column} ELSE 0 END)")
            params.append(month)
    sums: dict[tuple[str, str], list[float]] = {}
    for r in tx.execute(
        f"SELECT actor, partner, {', '.join(cases)} FROM rel_month WHERE actor < partner AND month < ? GROUP BY actor, partner",
        [*params, max(m for m, _f in months)],
    ):
        sums[(r[0], r[1])] = [float(v or 0) for v in r[2:]]

    def add(day: int, edges: Iterable[scoring.Edge], sign: int, dates: list[int]) -> None:
        """Count an event's edges (each pair once) at each of `dates` (indexes into `days`)."""
        if not dates:
            return
        nx = scoring.growth(day)
        for a, b, _direction, w in edges:
            if a < b:
                entry = sums.setdefault((a, b), [0.0] * 12)
                for i in dates:
                    entry[i * 3] += sign
                    entry[i * 3 + 1] += sign * w * nx
                    entry[i * 3 + 2] += sign * nx

    # The days of each date's own month, up to it (the months before are in rel_month).
    spans: list[list[int]] = []
    for lo, hi in sorted((first, day) for (_month, first), day in zip(months, days) if first <= day):
        if spans and lo <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    for lo, hi in spans:
        for day, type_name, source, target, modality in tx.execute(
            # Unary + keeps the planner on the day index (retracted_at IS NULL matches nearly every row).
            "SELECT day, type, source, target, modality FROM rel_event WHERE day >= ? AND day <= ? AND +retracted_at IS NULL",
            [lo, hi],
        ):
            d = int(day)
            dates = [i for i, ((_m, first), until) in enumerate(zip(months, days)) if first <= d <= until]
            add(d, _edges_of(type_name, split_codes(source), split_codes(target), modality), 1, dates)
    # What the store held at --known-at, against what stands now: every event up to each date.
    for sign, day, type_name, source, target, modality in delta:
        add(day, _edges_of(type_name, source, target, modality), sign, [i for i, until in enumerate(days) if day <= until])
    rows = []
    for (a, b), v in sorted(sums.items()):
        n_f, n_e, n_fb, n_eb = (int(round(v[i * 3])) for i in range(4))
        if n_e <= 0:
            continue
        rows.append((a, b, v[1], v[2], n_f, v[4], v[5], n_e, n_e - n_f, n_f - n_fb, n_e - n_eb))
    return rows


def _with_drivers(tx: Tx, rows: Sequence[DiffRow], f_day: int, e_day: int, scope: Scope, limit: int) -> list[DiffRow]:
    """The rows with the events in (FROM, TO] that weighed most for each pair, heaviest first.

    One statement for every pair (each pair's own `ORDER BY … LIMIT` over its key range, put
    together by UNION ALL) and one for their events: a statement per pair was 60 round trips
    for a 30-pair diff. (A window function over all the pairs' edges sorts them all: slower.)
    """
    pairs = [(row.actor, row.partner) for row in rows if row.window_events]
    positions: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(0, len(pairs), 200):  # well within SQLite's and PostgreSQL's limits on parameters
        chunk = pairs[i : i + 200]
        heaviest = (
            "SELECT * FROM (SELECT actor, partner, pos, ABS(wx) AS w, day FROM rel_edge "
            f"WHERE actor = ? AND partner = ? AND day > ? AND day <= ? AND {_KNOWN} "
            "ORDER BY ABS(wx) DESC, day DESC, pos DESC LIMIT ?) AS pair_{n}"
        )
        sql = " UNION ALL ".join(heaviest.format(n=n) for n in range(len(chunk)))
        params = [v for a, b in chunk for v in (a, b, f_day, e_day, *_known(scope), limit)]
        for a, b, pos, _w, _day in tx.execute(f"{sql} ORDER BY 1, 2, 4 DESC, 5 DESC, 3 DESC", params):
            positions[(a, b)].append(int(pos))
    events = {e.position: e for e in _events_at(tx, [p for ps in positions.values() for p in ps])}
    return [
        replace(row, drivers=tuple(events[p] for p in dict.fromkeys(positions[(row.actor, row.partner)]) if p in events))
        if row.window_events
        else row
        for row in rows
    ]
