"""The event store: the only module that knows eventsourcing's persistence.

One aggregate (stream) per article, its id a uuid5 of the normalised text's SHA-256. The
stream opens with the article (`ArticleIngested`, full text included) and holds one stored
event per extracted diplomatic event, then any retractions and corrections. An article and
all its events are saved in one transaction: it is in the store whole or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import math
import os
import sqlite3
import typing
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _string  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    IntegrityError,
    JSONTranscoder,
    PersistenceError,
    StoredEvent,
    Transcoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic

from events import (
    EVENT_TYPES,
    ArticleIngested,
    DiplomaticEvent,
    EventCorrected,
    EventRetracted,
    Evidence,
    ExtractorInfo,
    PersonRef,
    When,
)
from timeline.errors import StoreError
from timeline.location import (  # re-exported: they were defined here first
    check_sqlite_file,
    default_db_location,
    is_postgres_url,
    redact_url,
    resolve_db,
    sqlite_env,
    store_error,
    use_wal,
)

__all__ = [
    "ARTICLE_NAMESPACE",
    "Article",
    "EncodedArticle",
    "IngestOutcome",
    "StoredFact",
    "TimelineStore",
    "article_id_for",
    "default_db_location",
    "encode_facts",
    "normalise_text",
    "open_store",
    "redact_url",
]

ARTICLE_NAMESPACE = uuid.UUID("6f1c2a8e-3d4b-5e6f-8a9b-0c1d2e3f4a5b")


# ---------------------------------------------------------------- identity


def normalise_text(text: str) -> str:
    """The text as identity sees it: NFC, one space for any run of white space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id_for(text: str) -> uuid.UUID:
    """The article's stream id: ingesting the same text again finds the same stream."""
    digest = hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
    return uuid.uuid5(ARTICLE_NAMESPACE, digest)


# ---------------------------------------------------------------- the stream


class Article(Aggregate):
    """One article's stream: the article, its events, and later corrections."""

    TOPIC = "timeline:Article"

    class Event(Aggregate.Event):
        TOPIC = "timeline:Article.Event"

    class Ingested(Aggregate.Created):
        TOPIC = "timeline:Article.Ingested"
        fact: ArticleIngested

    class Recorded(Event):
        TOPIC = "timeline:Article.Recorded"
        fact: DiplomaticEvent

        def apply(self, aggregate: Any) -> None:
            aggregate.event_ids.append(self.fact.id)

    class Retracted(Event):
        TOPIC = "timeline:Article.Retracted"
        fact: EventRetracted

        def apply(self, aggregate: Any) -> None:
            aggregate.retracted.add(self.fact.event_id)

    class Corrected(Event):
        TOPIC = "timeline:Article.Corrected"
        fact: EventCorrected

        def apply(self, aggregate: Any) -> None:
            aggregate.retracted.add(self.fact.event_id)
            aggregate.event_ids.append(self.fact.replacement.id)

    def __init__(self, fact: ArticleIngested) -> None:
        self.fact = fact
        self.event_ids: list[uuid.UUID] = []
        self.retracted: set[uuid.UUID] = set()

    @classmethod
    def create_id(cls, fact: ArticleIngested) -> uuid.UUID:  # type: ignore[override]
        return fact.article_id

    def record(self, fact: DiplomaticEvent) -> None:
        self.trigger_event(self.Recorded, fact=fact)

    def retract(self, fact: EventRetracted) -> None:
        self._check_current(fact.event_id)
        self.trigger_event(self.Retracted, fact=fact)

    def correct(self, fact: EventCorrected) -> None:
        self._check_current(fact.event_id)
        self.trigger_event(self.Corrected, fact=fact)

    def current(self, event_id: uuid.UUID) -> bool:
        return event_id in self.event_ids and event_id not in self.retracted

    def _check_current(self, event_id: uuid.UUID) -> None:
        if event_id not in self.event_ids:
            raise StoreError(f"event {event_id} is not in article {self.id}")
        if event_id in self.retracted:
            raise StoreError(f"event {event_id} was already retracted or corrected")


FACT_TOPICS = {
    "ingested": Article.Ingested.TOPIC,
    "recorded": Article.Recorded.TOPIC,
    "retracted": Article.Retracted.TOPIC,
    "corrected": Article.Corrected.TOPIC,
}


# ---------------------------------------------------------------- transcodings


class DateAsISO(Transcoding):
    type = dt.date
    name = "date_iso"

    def encode(self, obj: dt.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> dt.date:
        return dt.date.fromisoformat(data)


def _tuple_fields(cls: type) -> frozenset[str]:
    hints = typing.get_type_hints(cls)
    return frozenset(
        f.name for f in dataclasses.fields(cls) if typing.get_origin(hints[f.name]) is tuple
    )


def dataclass_transcoding(cls: type) -> Transcoding:
    """A transcoding for a frozen dataclass of the vocabulary, named by its class name.

    Names, not module paths, are stored, so classes can move without breaking old stores.
    Tuples come back from JSON as lists: they are turned back into tuples here.
    """
    names = tuple(f.name for f in dataclasses.fields(cls))
    tuples = _tuple_fields(cls)

    class _Transcoding(Transcoding):
        type = cls
        name = cls.__name__

        def encode(self, obj: Any) -> dict[str, Any]:
            return {n: getattr(obj, n) for n in names}

        def decode(self, data: dict[str, Any]) -> Any:
            for n in tuples:
                if n in data:
                    data[n] = tuple(data[n])
            return cls(**data)

    return _Transcoding()


VALUE_TYPES: tuple[type, ...] = (
    When,
    Evidence,
    PersonRef,
    ExtractorInfo,
    ArticleIngested,
    EventRetracted,
    EventCorrected,
    *EVENT_TYPES.values(),
)


@functools.cache
def _fact_transcoder() -> JSONTranscoder:
    return value_transcoder()


def value_transcoder() -> JSONTranscoder:
    """The store's transcoder: the library's JSON with the vocabulary's value types."""
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    for cls in VALUE_TYPES:
        transcoder.register(dataclass_transcoding(cls))
    return transcoder


def encode_facts(events: Iterable[DiplomaticEvent]) -> tuple[bytes, ...]:
    """Each event's fact as the store writes it inside its stored event (JSON, UTF-8).

    Encoding is most of the cost of an append; a bulk ingest does it in its extraction
    workers and hands the bytes to `TimelineStore.append_encoded`.
    """
    encode = _fact_transcoder().encode
    out = []
    for event in events:
        text = _event_json(event)
        out.append(encode(event) if text is None else text.encode("utf8"))
    return tuple(out)


_EVENT_FIELDS = ("id", "when", "source", "target", "people", "attributed_to", "evidence",
                 "confidence", "extractor", "modality")
_PERSON_FIELDS = ("name", "role", "actor")


def _event_json(e: DiplomaticEvent) -> str | None:
    """The transcoder's JSON for a diplomatic event, written directly (five times faster than
    through the encoder's callbacks), or None for the transcoder to write: an event whose
    class has other fields, or a value of an unexpected type."""
    if _DATACLASS_FIELDS.get(type(e)) != _EVENT_FIELDS:
        return None
    w, ev, ex = e.when, e.evidence, e.extractor
    conf = e.confidence
    if (type(e.id) is not uuid.UUID or type(w) is not When or type(w.start) is not dt.date
            or type(w.end) is not dt.date or type(ev) is not Evidence or type(ev.text) is not str
            or type(ev.start) is not int or type(ev.end) is not int or type(ex) is not ExtractorInfo
            or type(ex.name) is not str or type(ex.version) is not str or type(e.modality) is not str
            or not isinstance(w.precision, str) or not isinstance(w.rule, str)
            or type(conf) is not float or conf != conf or conf in (math.inf, -math.inf)):
        return None
    codes = [_codes_json(e.source), _codes_json(e.target), _codes_json(e.attributed_to)]
    people = []
    for p in e.people:
        if type(p) is not PersonRef or not all(type(getattr(p, n)) is str for n in _PERSON_FIELDS):
            return None
        people.append('{"_type_":"PersonRef","_data_":{"name":%s,"role":%s,"actor":%s}}' % (
            _string(p.name), _string(p.role), _string(p.actor)))
    if None in codes:
        return None
    return (
        '{"_type_":%s,"_data_":{"id":{"_type_":"uuid_hex","_data_":"%s"},'
        '"when":{"_type_":"When","_data_":{"start":{"_type_":"date_iso","_data_":"%s"},'
        '"end":{"_type_":"date_iso","_data_":"%s"},"precision":%s,"rule":%s}},'
        '"source":%s,"target":%s,"people":[%s],"attributed_to":%s,'
        '"evidence":{"_type_":"Evidence","_data_":{"text":%s,"start":%d,"end":%d}},'
        '"confidence":%s,"extractor":{"_type_":"ExtractorInfo","_data_":{"name":%s,"version":%s}},'
        '"modality":%s}}'
    ) % (
        _string(type(e).__name__), e.id.hex, w.start.isoformat(), w.end.isoformat(),
        _string(w.precision), _string(w.rule), codes[0], codes[1], ",".join(people), codes[2],
        _string(ev.text), ev.start, ev.end, float.__repr__(conf), _string(ex.name),
        _string(ex.version), _string(e.modality),
    )


def _codes_json(codes: tuple[str, ...]) -> str | None:
    if type(codes) is not tuple:
        return None
    if not codes:
        return "[]"
    try:
        return "[" + ",".join(map(_string, codes)) + "]"
    except TypeError:  # not a string
        return None


_DATACLASS_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in EVENT_TYPES.values()}


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class IngestOutcome:
    article_id: uuid.UUID
    new: bool
    events: int
    saved: tuple[tuple[int, dt.datetime], ...] = ()
    """Of an article `append_encoded` has just saved: the position and record time of each of
    its stored events, the article's own first (empty if the recorder gave no positions)."""


@dataclass(frozen=True)
class EncodedArticle:
    """An article and its events, the events already encoded by `encode_facts`."""

    fact: ArticleIngested
    events: tuple[bytes, ...]


@dataclass(frozen=True)
class StoredFact:
    """A stored event as the read side sees it: its position, record time and fact."""

    position: int
    stream: uuid.UUID
    version: int
    recorded_at: dt.datetime
    fact: ArticleIngested | DiplomaticEvent | EventRetracted | EventCorrected

    @property
    def kind(self) -> str:
        return {
            ArticleIngested: "ingested",
            EventRetracted: "retracted",
            EventCorrected: "corrected",
        }.get(type(self.fact), "recorded")


# ---------------------------------------------------------------- the application


_ARTICLE_TOPIC = get_topic(Article)
_INGESTED_TOPIC = get_topic(Article.Ingested)
_RECORDED_TOPIC = get_topic(Article.Recorded)


def _with_fact(head: bytes, fact: bytes) -> bytes:
    """The JSON object `head` with a last key "fact" whose value is the JSON `fact`."""
    return head[:-1] + b',"fact":' + fact + b"}"


class TimelineStore(Application[uuid.UUID]):
    """The event store: append articles and corrections, read streams and the log."""

    name = "TimelineStore"

    def construct_transcoder(self) -> Transcoder:
        return value_transcoder()

    # -- writing

    def ingest(self, fact: ArticleIngested, events: Sequence[DiplomaticEvent]) -> IngestOutcome:
        """Save the article and its events in one transaction, unless it is already stored."""
        return self.ingest_many([(fact, events)])[0]

    def ingest_many(
        self, batch: Sequence[tuple[ArticleIngested, Sequence[DiplomaticEvent]]]
    ) -> list[IngestOutcome]:
        """Save several articles in one transaction (each whole), skipping those already stored.

        One commit for many articles is what makes bulk ingest fast; if another writer saved
        one of them meanwhile, the batch is rolled back and each article is saved on its own.
        """
        for fact, events in batch:
            for event in events:
                event.evidence.check_in(fact.text)
        return self.append_encoded([EncodedArticle(fact, encode_facts(events)) for fact, events in batch])

    def append_encoded(self, batch: Sequence[EncodedArticle], *, unseen: bool = False) -> list[IngestOutcome]:
        """`ingest_many` for events already encoded (and checked against their article).

        `unseen`: the caller has just found none of the articles in the store, so they are
        not looked up again one by one (a look-up costs a transaction); one that another
        writer saved meanwhile still comes back as already present.

        The stored events are the ones `Article(fact)`, `record(event)` and `save()` would
        write, byte for byte but for the record times: the same topics, versions and state
        (the library's JSON, with each event's fact spliced in as `encode_facts` wrote it).
        """
        outcomes: dict[int, IngestOutcome] = {}
        pending: list[tuple[int, list[StoredEvent], list[dt.datetime]]] = []
        seen: set[uuid.UUID] = set()
        for i, article in enumerate(batch):
            article_id = article.fact.article_id
            if article_id in seen or (not unseen and self.has_article(article_id)):
                outcomes[i] = IngestOutcome(article_id, new=False, events=0)
                continue
            seen.add(article_id)
            pending.append((i, *self._stored_stream(article)))
        if pending:
            positions: Sequence[int] | None = None
            try:
                positions = self.recorder.insert_events([e for _, stream, _ in pending for e in stream])
            except IntegrityError:
                if len(pending) == 1:
                    # Another writer saved the same article first.
                    i = pending[0][0]
                    outcomes[i] = IngestOutcome(batch[i].fact.article_id, new=False, events=0)
                else:
                    for i, _, _ in pending:
                        outcomes[i] = self.append_encoded([batch[i]])[0]
                pending = []
            at = iter(positions or ())
            for i, stream, times in pending:
                saved = tuple(zip(itertools.islice(at, len(times)), times)) if positions else ()
                outcomes[i] = IngestOutcome(batch[i].fact.article_id, new=True, events=len(stream) - 1, saved=saved)
        return [outcomes[i] for i in range(len(batch))]

    def _stored_stream(self, article: EncodedArticle) -> tuple[list[StoredEvent], list[dt.datetime]]:
        """The article's stored events, and their record times."""
        mapper = self.mapper
        if mapper.compressor is not None or mapper.cipher is not None:
            # Spliced JSON is only right for plain JSON state: let the library write it.
            aggregate = Article(article.fact)
            for state in article.events:
                aggregate.record(mapper.transcoder.decode(state))
            pending = aggregate.collect_events()
            return [mapper.to_stored_event(e) for e in pending], [e.timestamp for e in pending]
        encode = mapper.transcoder.encode
        article_id = article.fact.article_id
        created = Article.Ingested.create_timestamp()
        times = [created]
        head = encode({"timestamp": created, "originator_topic": _ARTICLE_TOPIC})
        out = [StoredEvent(article_id, 1, _INGESTED_TOPIC, _with_fact(head, encode(article.fact)))]
        stamp = self._timestamp_writer()
        for version, fact in enumerate(article.events, start=2):
            recorded = Article.Recorded.create_timestamp()
            times.append(recorded)
            out.append(StoredEvent(article_id, version, _RECORDED_TOPIC, _with_fact(stamp(recorded), fact)))
        return out, times

    def _timestamp_writer(self) -> Callable[[dt.datetime], bytes]:
        """`{"timestamp": t}` as the transcoder writes it, without its encoder's callback when
        the datetime transcoding gives a string (the library's does: its ISO form)."""
        transcoding = self.mapper.transcoder.types.get(dt.datetime)  # type: ignore[attr-defined]
        encode = self.mapper.transcoder.encode
        if transcoding is None:
            return lambda t: encode({"timestamp": t})
        start = '{"timestamp":{"_type_":%s,"_data_":' % _string(transcoding.name)

        def write(t: dt.datetime) -> bytes:
            data = transcoding.encode(t)
            if type(data) is not str:
                return encode({"timestamp": t})
            return (start + _string(data) + "}}").encode("utf8")

        return write

    def retract(self, article_id: uuid.UUID, fact: EventRetracted) -> None:
        article = self.article(article_id)
        article.retract(fact)
        self.save(article)

    def correct(self, article_id: uuid.UUID, fact: EventCorrected) -> None:
        fact.replacement.evidence.check_in(self.article(article_id).fact.text)
        article = self.article(article_id)
        article.correct(fact)
        self.save(article)

    def add(self, article_id: uuid.UUID, events: Iterable[DiplomaticEvent]) -> int:
        """Append events (an analyst's, or a newer extractor's) to an article's stream."""
        article = self.article(article_id)
        count = 0
        for event in events:
            event.evidence.check_in(article.fact.text)
            article.record(event)
            count += 1
        self.save(article)
        return count

    # -- reading

    def has_article(self, article_id: uuid.UUID) -> bool:
        return bool(self.recorder.select_events(article_id, limit=1))

    def stored_articles(self, article_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these articles the store holds: one query on SQLite and PostgreSQL (an
        ingest asks this of every article; a query each cost a transaction, or a round trip)."""
        if not article_ids:
            return set()
        recorder, datastore = self.recorder, self.recorder.datastore  # type: ignore[attr-defined]
        table = recorder.events_table_name  # type: ignore[attr-defined]
        kind = type(datastore).__name__
        if kind == "SQLiteDatastore":
            marks = ", ".join("?" for _ in article_ids)
            with datastore.transaction(commit=False) as c:
                c.execute(
                    f"SELECT originator_id FROM {table} WHERE originator_version = 1 AND originator_id IN ({marks})",
                    [i.hex for i in article_ids],
                )
                return {uuid.UUID(row["originator_id"]) for row in c.fetchall()}
        if kind == "PostgresDatastore":
            from psycopg.sql import SQL, Identifier

            query = SQL("SELECT originator_id FROM {}.{} WHERE originator_version = 1 AND originator_id = ANY(%s)").format(
                Identifier(datastore.schema), Identifier(table)
            )
            with datastore.get_connection() as conn:
                return {row["originator_id"] for row in conn.execute(query, (list(article_ids),)).fetchall()}
        return {i for i in article_ids if self.has_article(i)}

    def article(self, article_id: uuid.UUID) -> Article:
        return typing.cast(Article, self.repository.get(article_id))

    def stream(self, article_id: uuid.UUID) -> list[StoredFact]:
        """Every stored event of one article, in order, with its record time."""
        return [
            StoredFact(0, e.originator_id, e.originator_version, e.timestamp, e.fact)
            for e in self.events.get(article_id)
        ]

    def max_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def facts(
        self, start: int = 1, kinds: Iterable[str] = (), batch: int = 1000, stop: int | None = None
    ) -> Iterator[StoredFact]:
        """Every stored fact from position `start` on, in the order it was recorded."""
        topics = [FACT_TOPICS[k] for k in kinds]
        to_domain_event = self.mapper.to_domain_event
        while True:
            notifications = self.recorder.select_notifications(
                start, batch, stop=stop, topics=topics
            )
            for n in notifications:
                e = to_domain_event(n)
                yield StoredFact(n.id, e.originator_id, e.originator_version, e.timestamp, e.fact)  # type: ignore[attr-defined]
            if len(notifications) < batch:
                return
            start = notifications[-1].id + 1

    def current_events(self, known_at: dt.datetime | None = None) -> list[tuple[StoredFact, ArticleIngested]]:
        """The events that stand (not retracted, corrections applied), with their article.

        With `known_at`, only what the store held at that record time.
        """
        articles: dict[uuid.UUID, ArticleIngested] = {}
        standing: dict[uuid.UUID, tuple[StoredFact, uuid.UUID]] = {}
        for stored in self.facts():
            if known_at is not None and stored.recorded_at > known_at:
                break
            fact = stored.fact
            if isinstance(fact, ArticleIngested):
                articles[stored.stream] = fact
            elif isinstance(fact, DiplomaticEvent):
                standing[fact.id] = (stored, stored.stream)
            elif isinstance(fact, EventRetracted):
                standing.pop(fact.event_id, None)
            elif isinstance(fact, EventCorrected):
                standing.pop(fact.event_id, None)
                replacement = dataclasses.replace(stored, fact=fact.replacement)
                standing[fact.replacement.id] = (replacement, stored.stream)
        return [(s, articles[a]) for s, a in standing.values()]


# ---------------------------------------------------------------- opening a store


def open_store(db: str | os.PathLike[str] | None = None) -> TimelineStore:
    """Open (creating if needed) the store at `db`: a SQLite path or a postgresql:// URL."""
    where = resolve_db(db)
    if is_postgres_url(where):
        from timeline.postgres import postgres_env  # the backend loads only when asked for

        env = postgres_env(where)
    else:
        path = Path(where)
        check_sqlite_file(path)
        use_wal(path)
        env = sqlite_env(path)
    try:
        return TimelineStore(env=env)
    except (PersistenceError, sqlite3.Error) as e:
        raise store_error(where, e) from None
