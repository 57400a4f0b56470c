"""Views of the relations read model: each is `to_json()` for scripts and `__rich__()` for people.

A view holds a projection result and the display names of the actors it mentions; it never
queries anything. Everything from an article (evidence, titles) goes through `safe()`, and
into Rich only as `Text` (never parsed as markup). Layouts fit 80 columns.

`show` (with and without `--with`), `log` and `diff` also have `__plain__(width)`: the same
lines as Rich prints them where it prints no styles (a pipe, a file), laid out by
`views.plain` without loading Rich's console. Both are built from the same pieces: each helper below gives (text, style) spans,
which `_text()` makes a Rich `Text` and `_plain()` joins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from timeline.output import safe
from timeline.projections import (
    ActorRelations,
    CatchUp,
    DiffRow,
    EventPage,
    EventRecord,
    PairHistory,
    RelationsDiff,
    RelationState,
    SidePoint,
)
from timeline.projections import scoring

if TYPE_CHECKING:  # Rich loads when a view is rendered with it, not for `__plain__` or JSON
    from rich.console import RenderableType
    from rich.text import Text

    from timeline.views.plain import Column

__all__ = [
    "ActorView",
    "DiffView",
    "LogView",
    "PairView",
    "RebuildView",
    "sparkline",
]

TREND_MARK = {"rising": "↑", "falling": "↓", "steady": "→", "new": "new"}
BLOCKS = "▁▂▃▄▅▆▇█"
SHORT_TYPE = {
    "MeetingHeld": "meeting",
    "VisitMade": "visit",
    "AgreementReached": "agreement",
    "CooperationPledged": "pledge",
    "MilitaryCooperation": "mil-coop",
    "AidProvided": "aid",
    "PraiseIssued": "praise",
    "StatementIssued": "statement",
    "DenialIssued": "denial",
    "AccusationMade": "accusation",
    "CondemnationIssued": "condemnation",
    "DemandMade": "demand",
    "WarningIssued": "warning",
    "ThreatIssued": "threat",
    "RelationsReduced": "ties cut",
    "SanctionsImposed": "sanctions",
    "DrillAnnounced": "drill",
    "MissileLaunched": "missile",
    "TroopsDeployed": "troops",
    "MilitaryAttack": "attack",
}


# ---------------------------------------------------------------- pieces


def label(code: str, names: Mapping[str, str]) -> str:
    name = names.get(code)
    return f"{name} ({code})" if name and name != code else code


def _signed(value: float) -> str:
    return f"{value:+.2f}"


Span = tuple[str, str]
"""Some text and its style name (in `output.THEME`); "" for none."""


def _text(*spans: Span) -> Text:
    """A Rich Text of the spans (never parsed as markup)."""
    from rich.text import Text

    text = Text()
    for value, style in spans:
        text.append(value, style=style or None)
    return text


def _plain(spans: Sequence[Span]) -> str:
    return "".join(value for value, _style in spans)


def _cell_chars(cell: Span | list[Span]) -> str:
    """A table cell's characters: one span, or a list of them."""
    return _plain(cell) if isinstance(cell, list) else cell[0]


def _rich_table(columns: Sequence[Column], **options: Any) -> Any:
    """A Rich Table with these columns (the specs `views.plain.table` lays out the same way)."""
    from rich.table import Table

    table = Table(**options)
    for c in columns:
        table.add_column(c.header, justify=c.justify, no_wrap=c.no_wrap, overflow=c.overflow,
                         min_width=c.min_width, max_width=c.max_width)  # fmt: skip
    return table


def _score(value: float) -> Span:
    return (_signed(value), f"stance.{scoring.stance(value)}")


def _stance(stance: str) -> Span:
    return (stance, f"stance.{stance}")


def _trend(state: RelationState) -> Span:
    mark = TREND_MARK.get(state.trend, state.trend)
    if state.trend == "new":
        return ("new", "score.up")
    style = "score.up" if state.trend == "rising" else "score.down" if state.trend == "falling" else "muted"
    return (f"{mark} {state.trend_delta:+.1f}", style)


def _counts_text(counts: Sequence[tuple[str, int]], limit: int = 6) -> str:
    shown = [f"{n} {SHORT_TYPE.get(t, t)}" for t, n in counts[:limit]]
    if len(counts) > limit:
        shown.append(f"+{len(counts) - limit} more")
    return " · ".join(shown)


def _who(event: EventRecord) -> str:
    if event.target:
        return f"{', '.join(event.source)} → {', '.join(event.target)}"
    if len(event.source) > 1:
        return " ↔ ".join(event.source)
    return event.source[0] if event.source else ""


def _date(event: EventRecord) -> str:
    text = event.date
    if event.date_end:
        text += f"…{event.date_end}"
    if event.date_rule == "on_or_before":
        text = f"≤{text}"
    return text


def _event_head(event: EventRecord) -> list[Span]:
    head = [(_date(event), "date"), ("  ", ""), (event.type, "type"), ("  ", ""), (safe(_who(event)), "actor")]
    if event.modality not in ("done", "ongoing"):
        head.append((f"  ({event.modality})", "muted"))
    if event.attributed_to:
        head.append((safe(f"  claimed by {', '.join(event.attributed_to)}"), "muted"))
    return head


def _event_source(event: EventRecord) -> str:
    article = event.article
    details = [d for d in (article.source, article.published) if d]
    details.append(f"article {article.id[:8]}")
    return safe(article.title or "(untitled article)") + safe(" · " + " · ".join(details))


def event_block(event: EventRecord) -> RenderableType:
    """An event in three lines or so: date, type and actors; the sentence; the article."""
    from rich.console import Group
    from rich.padding import Padding

    sentence = Padding(_text((safe(event.evidence), "evidence")), (0, 0, 0, 4))
    source = Padding(_text((_event_source(event), "muted")), (0, 0, 0, 4))
    return Group(_text(*_event_head(event)), sentence, source)


def _event_lines(event: EventRecord, width: int) -> list[str]:
    """`event_block` as `views.plain` lays it out."""
    from timeline.views import plain as layout

    return [
        *layout.text(_plain(_event_head(event)), width),
        *layout.indented(safe(event.evidence), width, 4),
        *layout.indented(_event_source(event), width, 4),
    ]


def _event_json(event: EventRecord) -> dict[str, Any]:
    data = dataclasses.asdict(event)
    data["evidence"] = {"text": event.evidence, "start": event.evidence_start, "end": event.evidence_end}
    del data["evidence_start"], data["evidence_end"], data["day"], data["position"]
    return data


def _scope_json(view: Any) -> dict[str, Any]:
    scope = view.scope
    return {"as_of": view.as_of, "as_of_given": scope.as_of is not None, "known_at": scope.known_at}


def _state_json(state: RelationState, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "actor": state.actor,
        "partner": state.partner,
        "partner_name": names.get(state.partner, state.partner),
        "score": round(state.score, 4),
        "stance": state.stance,
        "trend": state.trend,
        "trend_delta": round(state.trend_delta, 4),
        "previous_score": round(state.previous_score, 4),
        "events": state.events,
        "intensity": round(state.intensity, 4),
        "counts": dict(state.counts),
        "components": [
            {"direction": c.direction, "events": c.events, "score": round(c.score, 4), "counts": dict(c.counts)}
            for c in state.components
        ],
        "last_day": state.last_day,
        "last_event": _event_json(state.last_event) if state.last_event else None,
    }


def _scope(as_of: Any, scope: Any) -> list[Span]:
    line = [("as of ", "muted"), (str(as_of), "date")]
    if scope.as_of is None:
        line.append((" (latest event)", "muted"))
    if scope.known_at is not None:
        line.append((" · as known at ", "muted"))
        line.append((scope.known_at.strftime("%Y-%m-%d %H:%M:%S UTC"), "date"))
    return line


def _scope_line(as_of: Any, scope: Any) -> Text:
    return _text(*_scope(as_of, scope))


def _title(text: str) -> Text:
    return _text((text, "bold"))


# ---------------------------------------------------------------- show --actor


NO_RELATIONS = "No relations with other actors in this scope."


def _actor_columns() -> tuple[Column, ...]:
    from timeline.views.plain import Column

    return (
        Column("Partner", max_width=18, overflow="ellipsis", no_wrap=True),
        Column("Stance", no_wrap=True, min_width=11),
        Column("Score", justify="right", no_wrap=True, min_width=5),
        Column("Trend", no_wrap=True, min_width=6),
        Column("Events", justify="right", no_wrap=True, min_width=6),
        Column("Last event", no_wrap=True, overflow="ellipsis", max_width=23),
    )


def _count_columns() -> tuple[Column, ...]:
    from timeline.views.plain import Column

    return (Column(no_wrap=True, min_width=4), Column(overflow="fold"))


@dataclass(frozen=True)
class _ResultView:
    """A view of one query result, with display names for actor codes."""

    result: Any
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def as_of(self) -> Any:
        return self.result.as_of

    @property
    def scope(self) -> Any:
        return self.result.scope


@dataclass(frozen=True)
class ActorView(_ResultView):
    result: ActorRelations

    def to_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "actor": r.actor,
            "actor_name": self.names.get(r.actor, r.actor),
            **_scope_json(self),
            "partners_total": r.partners_total,
            "relations": [_state_json(s, self.names) for s in r.relations],
            "recent_events": [_event_json(e) for e in r.recent],
        }

    def _relation_cells(self) -> list[tuple[Span, Span, Span, Span, Span, list[Span]]]:
        cells = []
        for s in self.result.relations:
            last: list[Span] = []
            if s.last_event is not None:
                short = SHORT_TYPE.get(s.last_event.type, s.last_event.type)
                last = [(s.last_event.day.isoformat(), "date"), (" " + short, "type")]
            elif s.last_day is not None:
                last = [(s.last_day.isoformat(), "date")]
            partner = (safe(label(s.partner, self.names)), "actor")
            cells.append((partner, _stance(s.stance), _score(s.score), _trend(s), (str(s.events), ""), last))
        return cells

    def _more(self) -> str:
        r = self.result
        return f"{r.partners_total - len(r.relations)} more partners; --limit 0 shows all"

    def __rich__(self) -> RenderableType:
        from rich import box
        from rich.console import Group
        from rich.text import Text

        r = self.result
        parts: list[RenderableType] = [_title(safe(f"Relations of {label(r.actor, self.names)}")), _scope_line(r.as_of, r.scope)]
        if not r.relations:
            parts.append(Text(NO_RELATIONS, style="muted"))
        else:
            table = _rich_table(_actor_columns(), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                                padding=(0, 1, 0, 0), header_style="bold")  # fmt: skip
            for partner, stance, score, trend, events, last in self._relation_cells():
                table.add_row(_text(partner), _text(stance), _text(score), _text(trend), events[0], _text(*last))
            counts = _rich_table(_count_columns(), box=None, show_header=False, pad_edge=False, padding=(0, 1))
            for s in r.relations:
                counts.add_row(_text((safe(s.partner), "actor")), Text(_counts_text(s.counts), style="muted"))
            parts += [table, _title("Events by type"), counts]
            if r.partners_total > len(r.relations):
                parts.append(Text(self._more(), style="muted"))
        if r.recent:
            parts.append(Text(""))
            parts.append(_title("Recent events"))
            for e in r.recent:
                parts.append(event_block(e))
        return Group(*parts)

    def __plain__(self, width: int) -> str:
        """`__rich__` as Rich prints it without styles (see `views.plain`)."""
        from timeline.views import plain as layout

        r = self.result
        lines = layout.text(safe(f"Relations of {label(r.actor, self.names)}"), width)
        lines += layout.text(_plain(_scope(r.as_of, r.scope)), width)
        if not r.relations:
            lines += layout.text(NO_RELATIONS, width)
        else:
            rows = [[_cell_chars(cell) for cell in row] for row in self._relation_cells()]
            lines += layout.table(_actor_columns(), rows, width, padding=(0, 1), simple_head=True)
            lines += layout.text("Events by type", width)
            counts = [[safe(s.partner), _counts_text(s.counts)] for s in r.relations]
            lines += layout.table(_count_columns(), counts, width, padding=(1, 1), simple_head=False, show_header=False)
            if r.partners_total > len(r.relations):
                lines += layout.text(self._more(), width)
        if r.recent:
            lines += ["", *layout.text("Recent events", width)]
            for e in r.recent:
                lines += _event_lines(e, width)
        return layout.joined(lines)


# ---------------------------------------------------------------- show --actor --with


def sparkline(points: Sequence[SidePoint], plain: bool = False) -> Any:
    """The score over time in block characters, scaled between its lowest and highest value (and 0).

    A Rich Text, each block green or red by its sign; with `plain`, the characters alone.
    """
    spans: list[Span] = []
    if points:
        low = min(0.0, *(p.score for p in points))
        high = max(0.0, *(p.score for p in points))
        span = (high - low) or 1.0
        for p in points:
            level = int(round((p.score - low) / span * (len(BLOCKS) - 1)))
            spans.append((BLOCKS[max(0, min(level, len(BLOCKS) - 1))], "score.up" if p.score >= 0 else "score.down"))
    return _plain(spans) if plain else _text(*spans)


@dataclass(frozen=True)
class PairView(_ResultView):
    result: PairHistory

    def to_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "actor": r.actor,
            "actor_name": self.names.get(r.actor, r.actor),
            "partner": r.partner,
            "partner_name": self.names.get(r.partner, r.partner),
            **_scope_json(self),
            "state": _state_json(r.state, self.names),
            "series": [{"date": p.day, "score": round(p.score, 4)} for p in r.series],
            "events_total": r.total_events,
            "events": [_event_json(e) for e in r.events],
        }

    def _head(self) -> list[Span]:
        s = self.result.state
        return [
            _stance(s.stance), ("  score ", ""), _score(s.score), ("  trend ", ""), _trend(s), (f"  {s.events} events", "muted"),
        ]

    def _heading(self) -> str:
        r = self.result
        return safe(f"{label(r.actor, self.names)} and {label(r.partner, self.names)}")

    def _cells(self) -> list[tuple[Span, str, Span, Span]]:
        r = self.result
        a, b = r.actor, r.partner
        direction_name = {"out": f"{a} → {b}", "in": f"{b} → {a}", "joint": "together"}
        return [
            (
                (safe(direction_name.get(c.direction, c.direction)), "actor"),
                str(c.events),
                _score(c.score),
                (_counts_text(c.counts), "muted"),
            )
            for c in r.state.components
        ]

    def _range(self) -> str:
        series = self.result.series
        low, high = min(p.score for p in series), max(p.score for p in series)
        return f"  {series[0].day} … {series[-1].day}   lowest {_signed(low)}, highest {_signed(high)}"

    def _events_title(self) -> str:
        r = self.result
        shown = len(r.events)
        more = f" (latest {shown} of {r.total_events}; --limit 0 shows all)" if shown < r.total_events else ""
        return f"Events, newest first{more}"

    def __rich__(self) -> RenderableType:
        from rich import box
        from rich.console import Group
        from rich.text import Text

        r = self.result
        parts: list[RenderableType] = [_title(self._heading()), _scope_line(r.as_of, r.scope), _text(*self._head())]
        table = _rich_table(_pair_columns(), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                            padding=(0, 1, 0, 0), header_style="bold")  # fmt: skip
        for direction, events, score, counts in self._cells():
            table.add_row(_text(direction), events, _text(score), _text(counts))
        parts.append(table)
        if r.series:
            parts.append(_title("Score over time"))
            parts.append(Text.assemble("  ", sparkline(r.series)))
            parts.append(Text(self._range(), style="muted"))
        parts.append(Text(""))
        parts.append(_title(self._events_title()))
        for e in r.events:
            parts.append(event_block(e))
        return Group(*parts)

    def __plain__(self, width: int) -> str:
        """`__rich__` as Rich prints it without styles (see `views.plain`)."""
        from timeline.views import plain as layout

        r = self.result
        lines = [*layout.text(self._heading(), width), *layout.text(_plain(_scope(r.as_of, r.scope)), width)]
        lines += layout.text(_plain(self._head()), width)
        rows = [[direction[0], events, score[0], counts[0]] for direction, events, score, counts in self._cells()]
        lines += layout.table(_pair_columns(), rows, width, padding=(0, 1), simple_head=True)
        if r.series:
            lines += layout.text("Score over time", width)
            lines += layout.text("  " + sparkline(r.series, plain=True), width)
            lines += layout.text(self._range(), width)
        lines += ["", *layout.text(self._events_title(), width)]
        for e in r.events:
            lines += _event_lines(e, width)
        return layout.joined(lines)


def _pair_columns() -> tuple[Column, ...]:
    from timeline.views.plain import Column

    return (
        Column("Direction", no_wrap=True),
        Column("Events", justify="right", no_wrap=True),
        Column("Score", justify="right", no_wrap=True),
        Column("By type", overflow="fold"),
    )


# ---------------------------------------------------------------- log


@dataclass(frozen=True)
class LogView:
    page: EventPage
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "filters": self.description,
            "total": self.page.total,
            "offset": self.page.offset,
            "events": [_event_json(e) for e in self.page.events],
        }

    def _empty(self) -> str:  # the description names what was typed: no control sequences either
        return safe(f"No events{' ' + self.description if self.description else ''}.")

    def _head(self) -> str:
        p = self.page
        head = f"Events {p.offset + 1}–{p.offset + len(p.events)} of {p.total}, oldest first"
        return safe(head + (f" ({self.description})" if self.description else ""))

    def _more(self) -> str:
        return f"{self.page.offset} earlier events not shown; --limit 0 shows all"

    def __rich__(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text

        p = self.page
        if not p.events:
            return Text(self._empty(), style="muted")
        parts: list[RenderableType] = [_title(self._head())]
        for e in p.events:
            parts.append(event_block(e))
        if p.offset:
            parts.append(Text(self._more(), style="muted"))
        return Group(*parts)

    def __plain__(self, width: int) -> str:
        """`__rich__` as Rich prints it without styles (see `views.plain`)."""
        from timeline.views import plain as layout

        p = self.page
        if not p.events:
            return layout.joined(layout.text(self._empty(), width))
        lines = layout.text(self._head(), width)
        for e in p.events:
            lines += _event_lines(e, width)
        if p.offset:
            lines += layout.text(self._more(), width)
        return layout.joined(lines)


# ---------------------------------------------------------------- diff


NOTHING_CHANGED = "Nothing changed: no events in between and no stance moved."


def _change(row: DiffRow) -> Span:
    delta = row.delta
    if abs(delta) < 0.005:
        return ("= 0.00", "muted")
    if delta > 0:
        return (f"↑ {delta:+.2f}", "score.up")
    return (f"↓ {delta:+.2f}", "score.down")


def _side(stance: str, score: float, events: int) -> list[Span]:
    if events == 0:
        return [("—", "muted")]
    return [_stance(stance), (" ", ""), (_signed(score), f"stance.{stance}")]


def _diff_columns(r: RelationsDiff) -> tuple[Column, ...]:
    from timeline.views.plain import Column

    return (
        Column("Partner" if r.actor else "Pair", max_width=17, no_wrap=True, overflow="ellipsis"),
        Column(str(r.start), no_wrap=True, min_width=10),
        Column(str(r.end), no_wrap=True, min_width=10),
        Column("Change", no_wrap=True, justify="right", min_width=7),
        Column("Evts", justify="right", no_wrap=True, min_width=4),
        Column("Note", no_wrap=True, min_width=8),
    )


@dataclass(frozen=True)
class DiffView:
    result: RelationsDiff
    names: Mapping[str, str] = field(default_factory=dict)

    def _pair(self, row: DiffRow) -> str:
        if self.result.actor:
            return label(row.partner, self.names)
        return f"{row.actor}–{row.partner}"

    def to_json(self) -> dict[str, Any]:
        r = self.result
        return {
            "actor": r.actor,
            "actor_name": self.names.get(r.actor, r.actor) if r.actor else None,
            "from": r.start,
            "to": r.end,
            "known_at": r.scope.known_at,
            "pairs": [
                {
                    "actor": row.actor,
                    "partner": row.partner,
                    "partner_name": self.names.get(row.partner, row.partner),
                    "status": row.status,
                    "before": {"score": round(row.before_score, 4), "stance": row.before_stance, "events": row.before_events},
                    "after": {"score": round(row.after_score, 4), "stance": row.after_stance, "events": row.after_events},
                    "change": round(row.delta, 4),
                    "events_between": row.window_events,
                    "drivers": [_event_json(e) for e in row.drivers],
                }
                for row in r.rows
            ],
        }

    def _heading(self) -> str:
        r = self.result
        who = f" for {label(r.actor, self.names)}" if r.actor else ""
        return safe(f"What changed between {r.start} and {r.end}{who}")

    def _cells(self, row: DiffRow) -> tuple[Span, list[Span], list[Span], Span, Span, Span]:
        return (
            (safe(self._pair(row)), "actor"),
            _side(row.before_stance, row.before_score, row.before_events),
            _side(row.after_stance, row.after_score, row.after_events),
            _change(row),
            (str(row.window_events), ""),
            (row.status if row.status != "changed" else "", "muted"),
        )

    def __rich__(self) -> RenderableType:
        from rich import box
        from rich.console import Group
        from rich.text import Text

        r = self.result
        parts: list[RenderableType] = [_title(self._heading())]
        if r.scope.known_at is not None:
            parts.append(_scope_line(r.end, r.scope))
        if not r.rows:
            parts.append(Text(NOTHING_CHANGED, style="muted"))
            return Group(*parts)
        table = _rich_table(_diff_columns(r), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                            padding=(0, 1, 0, 0), header_style="bold")  # fmt: skip
        for row in r.rows:
            pair, before, after, change, events, note = self._cells(row)
            table.add_row(_text(pair), _text(*before), _text(*after), _text(change), events[0], _text(note))
        parts.append(table)
        for row in r.rows:
            if not row.drivers:
                continue
            parts.append(Text(""))
            parts.append(_title(f"What moved {row.actor}–{row.partner}"))
            for e in row.drivers:
                parts.append(event_block(e))
        return Group(*parts)

    def __plain__(self, width: int) -> str:
        """`__rich__` as Rich prints it without styles (see `views.plain`)."""
        from timeline.views import plain as layout

        r = self.result
        lines = layout.text(self._heading(), width)
        if r.scope.known_at is not None:
            lines += layout.text(_plain(_scope(r.end, r.scope)), width)
        if not r.rows:
            return layout.joined(lines + layout.text(NOTHING_CHANGED, width))
        rows = [[_cell_chars(c) for c in self._cells(row)] for row in r.rows]
        lines += layout.table(_diff_columns(r), rows, width, padding=(0, 1), simple_head=True)
        for row in r.rows:
            if not row.drivers:
                continue
            lines += ["", *layout.text(f"What moved {row.actor}–{row.partner}", width)]
            for e in row.drivers:
                lines += _event_lines(e, width)
        return layout.joined(lines)


# ---------------------------------------------------------------- rebuild


@dataclass(frozen=True)
class RebuildView:
    result: CatchUp

    def to_json(self) -> dict[str, Any]:
        return {"rows_applied": self.result.applied, "position": self.result.position, "seconds": round(self.result.seconds, 3)}

    def __rich__(self) -> RenderableType:
        from rich.text import Text

        r = self.result
        return Text(f"Rebuilt the relations read model: {r.applied:,} stored events read, up to position {r.position}, in {r.seconds:.1f} s.")
