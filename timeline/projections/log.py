"""Reading the store's notification log for the read models, as plain entries.

Two readers give the same entries:

- `LibraryLog` decodes each row through the store (`TimelineStore.facts()`): the reference,
  and the fallback for rows the fast reader does not recognise.
- `FastLog` selects the rows itself and decodes their JSON with `json.loads` alone,
  reading the transcoder's `{"_type_": ..., "_data_": ...}` wrappers by hand; the
  library's per-object decoding hook costs ten times the parse, and a rebuild reads every
  row. It is used only when the store neither compresses nor encrypts, and any row it
  cannot read (an unknown type, an upcast schema) goes through the library instead.
  `tests/unit/test_projection_log.py` holds the two to the same output.

An entry is one of:
    ("article", position, recorded_at, ArticleRow)
    ("event",   position, recorded_at, EventRow)
    ("retract", position, recorded_at, (event_id, replaced_by or None))
A correction is a "retract" and an "event" at the same position.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from events import ArticleIngested, DiplomaticEvent, EventCorrected, EventRetracted, When
from eventsourcing.persistence import Notification
from timeline.projections.database import Database
from timeline.projections.projector import micros  # re-exported: it was defined here first
from timeline.store import FACT_TOPICS, StoredFact, TimelineStore

__all__ = ["ArticleRow", "Entry", "EventRow", "FastLog", "LibraryLog", "event_rows", "log_reader", "saved_entries"]

_TOPIC_KIND = {topic: kind for kind, topic in FACT_TOPICS.items()}


class ArticleRow(NamedTuple):
    article_id: str
    title: str
    source: str
    url: str
    path: str
    published: str


class EventRow(NamedTuple):
    event_id: str
    article_id: str
    type: str
    day: int  # the ordinal of the interval's last day (`When.key`): what as-of compares
    date: str  # `When.iso`
    date_end: str | None  # `When.iso_end`
    date_rule: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    attributed_to: tuple[str, ...]
    people: tuple[tuple[str, str, str], ...]
    evidence: str
    evidence_start: int
    evidence_end: int
    confidence: float
    extractor: str
    modality: str


Entry = tuple[str, int, int, Any]


# ---------------------------------------------------------------- from decoded facts


@functools.lru_cache(maxsize=65536)
def when_fields(start: str, end: str, precision: str, rule: str) -> tuple[int, str, str | None, str]:
    """(day ordinal, iso, iso_end, rule) of a stored `When`; dates repeat, so it is cached."""
    when = When(dt.date.fromisoformat(start), dt.date.fromisoformat(end), precision, rule)  # type: ignore[arg-type]
    return when.key.toordinal(), when.iso, when.iso_end, when.rule.value


def _event_row(article: uuid.UUID, e: DiplomaticEvent) -> EventRow:
    w = e.when
    return EventRow(
        str(e.id), str(article), type(e).__name__, w.key.toordinal(), w.iso, w.iso_end, w.rule.value, tuple(e.source), tuple(e.target), tuple(e.attributed_to),
        tuple((p.name, p.role, p.actor) for p in e.people), e.evidence.text, e.evidence.start, e.evidence.end,
        float(e.confidence), str(e.extractor), e.modality,
    )


def _article_row(fact: ArticleIngested) -> ArticleRow:
    return ArticleRow(str(fact.article_id), fact.title, fact.source, fact.url, fact.path, fact.published.isoformat())


def event_rows(article: uuid.UUID, events: Sequence[DiplomaticEvent]) -> tuple[EventRow, ...]:
    """The rows of an article's events, for `saved_entries` (the ingest workers make them)."""
    return tuple(_event_row(article, e) for e in events)


def saved_entries(fact: ArticleIngested, saved: Sequence[tuple[int, dt.datetime]], rows: Sequence[EventRow]) -> list[Entry]:
    """The entries of an article just appended: `saved` is the (position, record time) of its
    stored events (`IngestOutcome.saved`, the article first), `rows` its events' `event_rows`.
    The same entries the readers give for those rows."""
    (pos, at), *recorded = saved
    out: list[Entry] = [("article", pos, micros(at), _article_row(fact))]
    out.extend(("event", p, micros(t), row) for (p, t), row in zip(recorded, rows, strict=True))
    return out


def entries_of(stored: StoredFact) -> list[Entry]:
    fact, pos, at = stored.fact, stored.position, micros(stored.recorded_at)
    if isinstance(fact, DiplomaticEvent):
        return [("event", pos, at, _event_row(stored.stream, fact))]
    if isinstance(fact, ArticleIngested):
        return [("article", pos, at, _article_row(fact))]
    if isinstance(fact, EventRetracted):
        return [("retract", pos, at, (str(fact.event_id), None))]
    if isinstance(fact, EventCorrected):
        return [
            ("retract", pos, at, (str(fact.event_id), str(fact.replacement.id))),
            ("event", pos, at, _event_row(stored.stream, fact.replacement)),
        ]
    return []  # pragma: no cover - the store records nothing else


class LibraryLog:
    """Entries from `TimelineStore.facts()`: every row decoded by the library."""

    def __init__(self, store: TimelineStore) -> None:
        self.store = store

    def read(self, start: int, limit: int) -> tuple[list[Entry], int]:
        """Entries from position `start` on, from at most `limit` rows; and the last row's position."""
        out: list[Entry] = []
        last = start - 1
        for stored in itertools.islice(self.store.facts(start=start, batch=limit), limit):
            out.extend(entries_of(stored))
            last = stored.position
        return out, last


# ---------------------------------------------------------------- straight from the rows


_parse = json.JSONDecoder().raw_decode
"""`json.loads` without its encoding sniffing and trailing-whitespace check: the rows are UTF-8 JSON
the store wrote (anything else raises ValueError, and the row goes to the library)."""


@functools.lru_cache(maxsize=4096)
def _article_id(originator: str) -> str:
    return _dashed(originator)


def _d(value: dict[str, Any]) -> Any:
    return value["_data_"]


def _dashed(h: str) -> str:
    """A uuid's 32 hex digits as `str(uuid)` writes them (no UUID object: a rebuild makes millions)."""
    if len(h) != 32:
        return str(uuid.UUID(h))
    h = h.lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuid(value: dict[str, Any]) -> str:
    return _dashed(value["_data_"])


def _micros_iso(text: str) -> int:
    return micros(dt.datetime.fromisoformat(text))


def _fast_event(article: str, wrapped: dict[str, Any]) -> EventRow:
    type_name = wrapped["_type_"]
    f = wrapped["_data_"]
    w = f["when"]["_data_"]
    day, iso, iso_end, rule = when_fields(w["start"]["_data_"], w["end"]["_data_"], w["precision"], w["rule"])
    ev = f["evidence"]["_data_"]
    ex = f["extractor"]["_data_"]
    people = tuple((p["_data_"]["name"], p["_data_"]["role"], p["_data_"]["actor"]) for p in f["people"]) if f["people"] else ()
    return EventRow(
        _uuid(f["id"]), article, type_name, day, iso, iso_end, rule, tuple(f["source"]), tuple(f["target"]), tuple(f["attributed_to"]),
        people, ev["text"], int(ev["start"]), int(ev["end"]), float(f["confidence"]), f"{ex['name']}/{ex['version']}",
        f["modality"],
    )


class FastLog:
    """Entries from the stored rows, decoded with `json.loads` (see the module docstring)."""

    def __init__(self, store: TimelineStore, db: Database) -> None:
        from events import EVENT_TYPES

        self.store = store
        self.db = db
        self.types = frozenset(EVENT_TYPES)
        table = store.recorder.events_table_name  # type: ignore[attr-defined]
        if db.kind == "sqlite":
            self.sql = f'SELECT rowid, originator_id, originator_version, topic, state FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT ?'
        else:
            self.sql = (
                f'SELECT notification_id, originator_id, originator_version, topic, state FROM "{table}" '
                "WHERE notification_id >= ? ORDER BY notification_id LIMIT ?"
            )

    def read(self, start: int, limit: int) -> tuple[list[Entry], int]:
        with self.db.read() as tx:
            rows = tx.execute(self.sql, (start, limit))
        out: list[Entry] = []
        for row in rows:
            pos, originator, version, topic, state = row
            kind = _TOPIC_KIND.get(topic)
            if kind is None:
                continue
            try:
                out.extend(self._decode(kind, int(pos), originator, state))
            except (KeyError, TypeError, ValueError):
                out.extend(self._by_library(int(pos), originator, int(version), topic, state))
        return out, int(rows[-1][0]) if rows else start - 1

    def _decode(self, kind: str, pos: int, originator: Any, state: Any) -> list[Entry]:
        data = _parse(state.decode() if isinstance(state, bytes) else bytes(state).decode())[0]
        at = _micros_iso(data["timestamp"]["_data_"])
        fact = data["fact"]
        article = str(originator) if isinstance(originator, uuid.UUID) else _article_id(str(originator))
        if kind == "recorded":
            if fact["_type_"] not in self.types:
                raise KeyError(fact["_type_"])
            return [("event", pos, at, _fast_event(article, fact))]
        f = _d(fact)
        if kind == "ingested":
            published = _d(f["published"])
            row = ArticleRow(_uuid(f["article_id"]), f["title"], f["source"], f["url"], f["path"], published)
            return [("article", pos, at, row)]
        if kind == "retracted":
            return [("retract", pos, at, (_uuid(f["event_id"]), None))]
        replacement = f["replacement"]
        if replacement["_type_"] not in self.types:
            raise KeyError(replacement["_type_"])
        event = _fast_event(article, replacement)
        return [("retract", pos, at, (_uuid(f["event_id"]), event.event_id)), ("event", pos, at, event)]

    def _by_library(self, pos: int, originator: Any, version: int, topic: str, state: Any) -> list[Entry]:
        if not isinstance(originator, uuid.UUID):
            originator = uuid.UUID(str(originator))
        n = Notification(id=pos, originator_id=originator, originator_version=version, topic=topic, state=bytes(state))
        e = self.store.mapper.to_domain_event(n)
        return entries_of(StoredFact(pos, e.originator_id, e.originator_version, e.timestamp, e.fact))  # type: ignore[attr-defined]


def log_reader(store: TimelineStore, db: Database) -> FastLog | LibraryLog:
    """The fast reader when the rows are plain JSON in a table it knows; else the library's."""
    mapper = store.mapper
    if getattr(mapper, "cipher", None) or getattr(mapper, "compressor", None):
        return LibraryLog(store)
    if not hasattr(store.recorder, "events_table_name"):
        return LibraryLog(store)
    return FastLog(store, db)


def iter_entries(reader: FastLog | LibraryLog, start: int = 1, batch: int = 5000) -> Iterator[Entry]:
    while True:
        entries, last = reader.read(start, batch)
        yield from entries
        if last < start:
            return
        start = last + 1
