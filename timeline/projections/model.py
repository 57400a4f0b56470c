"""The frozen results the relations read model answers with. They never print."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "ActorRelations",
    "ArticleRef",
    "Component",
    "DiffRow",
    "EventRecord",
    "EventPage",
    "PairHistory",
    "RelationState",
    "RelationsDiff",
    "Scope",
    "SidePoint",
]


@dataclass(frozen=True)
class Scope:
    """Which slice of the store a view replays: world time up to `as_of`, record time up to `known_at`.

    `as_of` None means the latest event date the store holds (capped at today).
    """

    as_of: dt.date | None = None
    known_at: dt.datetime | None = None


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str
    published: str
    source: str = ""
    url: str = ""
    path: str = ""


@dataclass(frozen=True)
class EventRecord:
    """One current event as the views show it: what, when, who, on which sentence of which article."""

    id: str
    position: int
    type: str
    day: dt.date
    date: str
    date_end: str | None
    date_rule: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    attributed_to: tuple[str, ...]
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    extractor: str
    modality: str
    weight: float
    recorded_at: dt.datetime
    article: ArticleRef


@dataclass(frozen=True)
class Component:
    """One direction of a pair: what `actor` did to `partner` (out), the reverse (in), or together (joint)."""

    direction: str
    events: int
    score: float
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RelationState:
    """How things stand between two actors at a date."""

    actor: str
    partner: str
    as_of: dt.date
    score: float
    stance: str
    previous_score: float
    trend: str
    events: int
    intensity: float
    counts: tuple[tuple[str, int], ...]
    components: tuple[Component, ...]
    last_day: dt.date | None
    last_event: EventRecord | None = None

    @property
    def trend_delta(self) -> float:
        return self.score - self.previous_score


@dataclass(frozen=True)
class ActorRelations:
    actor: str
    scope: Scope
    as_of: dt.date
    relations: tuple[RelationState, ...]
    recent: tuple[EventRecord, ...]
    partners_total: int = 0  # before any limit


@dataclass(frozen=True)
class SidePoint:
    day: dt.date
    score: float


@dataclass(frozen=True)
class PairHistory:
    actor: str
    partner: str
    scope: Scope
    as_of: dt.date
    state: RelationState
    series: tuple[SidePoint, ...]
    events: tuple[EventRecord, ...]
    total_events: int


@dataclass(frozen=True)
class EventPage:
    events: tuple[EventRecord, ...]
    total: int
    offset: int = 0


@dataclass(frozen=True)
class DiffRow:
    actor: str
    partner: str
    before_score: float
    before_stance: str
    before_events: int
    after_score: float
    after_stance: str
    after_events: int
    status: str  # changed, appeared, quiet
    window_events: int
    drivers: tuple[EventRecord, ...] = field(default=())

    @property
    def delta(self) -> float:
        return self.after_score - self.before_score


@dataclass(frozen=True)
class RelationsDiff:
    actor: str | None
    start: dt.date
    end: dt.date
    scope: Scope
    rows: tuple[DiffRow, ...]
