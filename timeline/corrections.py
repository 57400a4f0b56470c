"""Corrections: nothing stored is changed; a retraction or a corrected version is a new event.

An analyst retracts an event, corrects one (a new version replaces it), or re-runs a newer
extractor over stored articles, which appends the new events and retracts the superseded
ones, naming the extractor version. Each article's change is saved in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from events import (
    ArticleIngested,
    DateRule,
    DiplomaticEvent,
    EventCorrected,
    EventRetracted,
    ExtractorInfo,
    InvalidEvent,
    When,
    event_type,
)
from timeline.errors import UsageError
from timeline.store import Article, TimelineStore

__all__ = [
    "Located",
    "ReextractSummary",
    "analyst",
    "correct_event",
    "locate",
    "reextract",
    "retract_event",
]


def analyst(name: str | None = None) -> ExtractorInfo:
    """The analyst making a change, named in the event (default: the login name)."""
    try:
        who = name or getpass.getuser()
    except Exception:  # no login name in some containers
        who = "unknown"
    return ExtractorInfo("analyst", who)


@dataclass(frozen=True)
class Located:
    article_id: uuid.UUID
    event_id: uuid.UUID | None


def locate(store: TimelineStore, ident: str) -> Located:
    """The article, or the event and its article, that an id or unique id prefix names.

    Looked up in the relations read model's indexes (brought up to date first), so it costs
    the same on a store of ten articles or of a million events.
    """
    from timeline.projections import Relations

    ident = ident.strip().lower()
    if len(ident) < 4:
        raise UsageError("give at least 4 characters of an article or event id")
    high = ident + "~"  # after every character of a uuid's text
    relations = Relations(store)
    try:
        with relations.db.read() as tx:
            articles = tx.execute(
                "SELECT article_id FROM rel_article WHERE article_id >= ? AND article_id < ? LIMIT 2", (ident, high)
            )
            found = tx.execute(
                "SELECT event_id, article_id FROM rel_event WHERE event_id >= ? AND event_id < ? LIMIT 2", (ident, high)
            )
    finally:
        relations.close()
    matches = len(articles) + len(found)
    if matches == 0:
        raise UsageError(f"no article or event has the id {ident!r}; `timeline articles` and `timeline export` list them")
    if matches > 1:
        raise UsageError(f"{ident!r} names more than one article or event; give more of the id")
    if articles:
        return Located(uuid.UUID(articles[0][0]), None)
    return Located(uuid.UUID(found[0][1]), uuid.UUID(found[0][0]))


def _locate_event(store: TimelineStore, ident: str) -> tuple[Article, DiplomaticEvent]:
    where = locate(store, ident)
    if where.event_id is None:
        raise UsageError(f"{ident!r} is an article; give an event id (`timeline export` lists them)")
    article = store.article(where.article_id)
    if not article.current(where.event_id):
        raise UsageError(f"event {where.event_id} was already retracted or corrected; see `timeline history {where.event_id}`")
    for stored in store.stream(where.article_id):
        fact = stored.fact
        if isinstance(fact, DiplomaticEvent) and fact.id == where.event_id:
            return article, fact
        if isinstance(fact, EventCorrected) and fact.replacement.id == where.event_id:
            return article, fact.replacement
    raise AssertionError("located event not in its stream")  # pragma: no cover


def retract_event(store: TimelineStore, ident: str, reason: str, by: ExtractorInfo) -> EventRetracted:
    article, event = _locate_event(store, ident)
    try:
        fact = EventRetracted(event_id=event.id, reason=reason, by=by)
    except InvalidEvent as e:
        raise UsageError(str(e)) from None
    store.retract(article.id, fact)
    return fact


def correct_event(
    store: TimelineStore,
    ident: str,
    reason: str,
    by: ExtractorInfo,
    *,
    type_name: str | None = None,
    source: tuple[str, ...] | None = None,
    target: tuple[str, ...] | None = None,
    when: When | None = None,
    rule: DateRule | None = None,
) -> EventCorrected:
    """Replace an event by a corrected version carrying the analyst as its maker."""
    article, event = _locate_event(store, ident)
    cls = type(event)
    if type_name is not None:
        try:
            cls = event_type(type_name)
        except KeyError as e:
            raise UsageError(str(e.args[0])) from None
    new_when = when or event.when
    if rule is not None:
        new_when = dataclasses.replace(new_when, rule=rule)
    fields = {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
    fields.update(
        id=uuid.uuid4(),
        when=new_when,
        source=source if source is not None else event.source,
        target=target if target is not None else event.target,
        extractor=by,
        confidence=1.0,
    )
    try:
        replacement = cls(**fields)
        fact = EventCorrected(event_id=event.id, replacement=replacement, reason=reason, by=by)
    except InvalidEvent as e:
        raise UsageError(f"the corrected event would be invalid: {e}") from None
    store.correct(article.id, fact)
    return fact


@dataclass
class ReextractSummary:
    articles: int = 0
    changed: int = 0
    added: int = 0
    retracted: int = 0

    def to_json(self) -> dict[str, int]:
        return dataclasses.asdict(self)


def reextract(
    store: TimelineStore,
    extractor: ExtractorInfo,
    extract: Callable[[ArticleIngested], Iterable[DiplomaticEvent]],
    on_article: Callable[[], None] = lambda: None,
) -> ReextractSummary:
    """Re-read every stored article with `extract`; append what is new, retract what it superseded.

    Only events of the same extractor name and another version are retracted: an analyst's
    events and corrections stand.
    """
    summary = ReextractSummary()
    article_ids = [s.stream for s in store.facts(kinds=("ingested",))]
    for article_id in article_ids:
        summary.articles += 1
        article = store.article(article_id)
        current = {
            s.fact.id: s.fact
            for s in store.stream(article_id)
            if isinstance(s.fact, DiplomaticEvent) and article.current(s.fact.id)
        }
        fresh = list(extract(article.fact))
        fresh_ids = {e.id for e in fresh}
        new = [e for e in fresh if e.id not in current and e.id not in article.event_ids]
        superseded = [
            e for e in current.values()
            if e.extractor.name == extractor.name and e.extractor.version != extractor.version and e.id not in fresh_ids
        ]
        if not new and not superseded:
            on_article()
            continue
        for e in new:
            e.evidence.check_in(article.fact.text)
            article.record(e)
        for e in superseded:
            article.retract(
                EventRetracted(
                    event_id=e.id,
                    reason=f"superseded by {extractor}",
                    by=extractor,
                    superseded_by=tuple(sorted(fresh_ids, key=str)),
                )
            )
        store.save(article)
        summary.changed += 1
        summary.added += len(new)
        summary.retracted += len(superseded)
        on_article()
    return summary


