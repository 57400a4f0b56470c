"""Properties of the relations read model, on generated stores.

- replaying to the latest date equals the full fold (and the tables equal the fold at any date);
- diff(D, D) is empty;
- rebuild equals the incremental path, retractions and corrections included;
- as-of is monotone in what it includes.

Each example gets a fresh SQLite store of its own (hypothesis runs many examples in one test).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import EVENT_TYPES, ArticleIngested, EventCorrected, EventRetracted, Evidence, ExtractorInfo, When
from timeline.projections import Relations, Scope, queries
from timeline.projections.fold import fold_relations
from timeline.store import TimelineStore, article_id_for, open_store

from tests.tables import assert_same_tables, read_tables

EX = ExtractorInfo("prop", "1")
ACTORS = ("PRK", "RUS", "USA", "KOR", "CHN")
START = dt.date(2022, 1, 1)
SPAN = 1000

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def event_specs(draw: st.DrawFn) -> tuple[str, tuple[str, ...], tuple[str, ...], int, str]:
    type_name = draw(st.sampled_from(sorted(EVENT_TYPES)))
    cls = EVENT_TYPES[type_name]
    actors = draw(st.lists(st.sampled_from(ACTORS), min_size=2, max_size=4, unique=True))
    if cls.symmetric:
        source, target = tuple(actors), ()
    else:
        cut = draw(st.integers(1, len(actors) - 1))
        source, target = tuple(actors[:cut]), tuple(actors[cut:])
        if cls.allows_no_target and draw(st.booleans()):
            target = ()
    day = draw(st.integers(0, SPAN))
    modality = draw(st.sampled_from(("done", "ongoing", "announced", "planned")))
    return type_name, source, target, day, modality


articles_strategy = st.lists(st.lists(event_specs(), min_size=1, max_size=5), min_size=1, max_size=6)
# After each article: nothing, retract its first event, or correct it into a meeting.
changes_strategy = st.lists(st.sampled_from(("none", "retract", "correct")), min_size=6, max_size=6)


def build(serial: int, specs: list) -> tuple[ArticleIngested, list]:
    sentences = [f"Sentence {i} of article {serial}." for i in range(len(specs))]
    text = " ".join(sentences)
    fact = ArticleIngested(article_id=article_id_for(text), title=f"A{serial}", text=text, published=START)
    events = []
    for i, (type_name, source, target, day, modality) in enumerate(specs):
        start = text.index(sentences[i])
        events.append(
            EVENT_TYPES[type_name](
                id=uuid.uuid5(fact.article_id, str(i)),
                when=When.day(START + dt.timedelta(days=day)),
                source=source,
                target=target,
                evidence=Evidence(sentences[i], start, start + len(sentences[i])),
                extractor=EX,
                modality=modality,
            )
        )
    return fact, events


@contextmanager
def fresh_store() -> Iterator[TimelineStore]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store.db")
        try:
            yield store
        finally:
            store.close()


def fill(store: TimelineStore, articles: list, changes: list, relations: Relations | None = None) -> None:
    for serial, specs in enumerate(articles):
        fact, events = build(serial, specs)
        store.ingest(fact, events)
        change = changes[serial % len(changes)]
        if change == "retract":
            store.retract(fact.article_id, EventRetracted(event_id=events[0].id, reason="wrong", by=EX))
        elif change == "correct":
            first = events[0]
            replacement = EVENT_TYPES["MeetingHeld"](
                id=uuid.uuid4(), when=first.when, source=("PRK", "RUS"), evidence=first.evidence, extractor=EX
            )
            store.correct(fact.article_id, EventCorrected(event_id=first.id, replacement=replacement, reason="fix", by=EX))
        if relations is not None:
            relations.catch_up()


def summary(states: list) -> list:
    return [(s.partner, s.counts, s.stance, s.trend, round(s.score, 6), s.events) for s in states]


@SETTINGS
@given(articles_strategy, changes_strategy, st.sampled_from(ACTORS))
def test_replaying_to_the_latest_date_equals_the_full_fold(articles: list, changes: list, actor: str) -> None:
    with fresh_store() as store:
        fill(store, articles, changes)
        relations = Relations(store)
        latest = relations.latest_day()
        if latest is None:
            relations.close()
            return
        replayed = relations.actor(actor, Scope(as_of=latest))
        assert replayed is not None
        assert summary(list(replayed.relations)) == summary(fold_relations(store.facts(), actor))
        relations.close()


@SETTINGS
@given(articles_strategy, changes_strategy, st.sampled_from(ACTORS), st.integers(0, SPAN))
def test_the_tables_equal_the_fold_at_any_date(articles: list, changes: list, actor: str, day: int) -> None:
    as_of = START + dt.timedelta(days=day)
    with fresh_store() as store:
        fill(store, articles, changes)
        relations = Relations(store)
        result = relations.actor(actor, Scope(as_of=as_of))
        if result is not None:
            assert summary(list(result.relations)) == summary(fold_relations(store.facts(), actor, Scope(as_of=as_of)))
            # The record-time path (rows) and the current path (monthly buckets) agree on the present.
            end_of_time = Scope(as_of=as_of, known_at=dt.datetime(9999, 1, 1, tzinfo=dt.timezone.utc))
            by_rows = relations.actor(actor, end_of_time)
            assert by_rows is not None and summary(list(by_rows.relations)) == summary(list(result.relations))
            pair_diff = relations.diff(START, as_of, actor=actor)
            rows_diff = relations.diff(START, as_of, end_of_time, actor=actor)
            assert [(r.partner, r.status, r.window_events, round(r.delta, 6)) for r in pair_diff.rows] == [
                (r.partner, r.status, r.window_events, round(r.delta, 6)) for r in rows_diff.rows
            ]
        relations.close()


@SETTINGS
@given(articles_strategy, changes_strategy, st.sampled_from(ACTORS), st.integers(0, SPAN), st.data())
def test_known_at_equals_the_fold_of_what_the_store_held(
    articles: list, changes: list, actor: str, day: int, data: st.DataObject
) -> None:
    """Both ways of answering --known-at (buckets less what changed since, or the rows) agree with the fold."""
    as_of = START + dt.timedelta(days=day)
    with fresh_store() as store:
        fill(store, articles, changes)
        facts = list(store.facts())
        known_at = data.draw(st.sampled_from([f.recorded_at for f in facts]))
        scope = Scope(as_of=as_of, known_at=known_at)
        relations = Relations(store)
        expected = summary(fold_relations(facts, actor, scope))
        by_delta = relations.actor(actor, scope)
        saved = queries.DELTA_LIMIT
        queries.DELTA_LIMIT = -1  # force the row path
        try:
            by_rows = relations.actor(actor, scope)
            rows_diff = relations.diff(START, as_of, scope, actor=actor)
        finally:
            queries.DELTA_LIMIT = saved
        delta_diff = relations.diff(START, as_of, scope, actor=actor)
        relations.close()
        assert by_delta is not None and by_rows is not None
        assert summary(list(by_delta.relations)) == expected
        assert summary(list(by_rows.relations)) == expected
        assert [(r.partner, r.status, r.window_events, round(r.delta, 6)) for r in delta_diff.rows] == [
            (r.partner, r.status, r.window_events, round(r.delta, 6)) for r in rows_diff.rows
        ]


@SETTINGS
@given(articles_strategy, changes_strategy, st.integers(0, SPAN), st.integers(0, SPAN), st.data())
def test_a_diff_of_every_pair_from_the_buckets_equals_the_one_from_the_rows(
    articles: list, changes: list, a: int, b: int, data: st.DataObject
) -> None:
    """`diff` without --actor: months from the buckets and days from the events, or every edge row."""
    start, end = sorted((START + dt.timedelta(days=a), START + dt.timedelta(days=b)))
    with fresh_store() as store:
        fill(store, articles, changes)
        facts = list(store.facts())
        # A record time of the store's, or the end of time (what stands now): either way the
        # row path is forced below, which needs a --known-at to apply to.
        known_at = data.draw(st.sampled_from([dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc), *(f.recorded_at for f in facts)]))
        scope = Scope(known_at=known_at)
        relations = Relations(store)
        by_buckets = relations.diff(start, end, scope)
        saved = queries.DELTA_LIMIT
        queries.DELTA_LIMIT = -1  # force the row path
        try:
            by_rows = relations.diff(start, end, scope)
        finally:
            queries.DELTA_LIMIT = saved
        relations.close()

        def key(d: object) -> list:
            return [
                (r.actor, r.partner, r.status, r.window_events, r.before_events, r.after_events, round(r.before_score, 6),
                 round(r.after_score, 6), r.before_stance, r.after_stance, [e.id for e in r.drivers])
                for r in d.rows  # type: ignore[attr-defined]
            ]

        assert key(by_buckets) == key(by_rows)


@SETTINGS
@given(articles_strategy, changes_strategy, st.integers(0, SPAN), st.sampled_from((None, *ACTORS)))
def test_diff_of_a_date_with_itself_is_empty(articles: list, changes: list, day: int, actor: str | None) -> None:
    when = START + dt.timedelta(days=day)
    with fresh_store() as store:
        fill(store, articles, changes)
        relations = Relations(store)
        assert relations.diff(when, when, actor=actor).rows == ()
        relations.close()


@SETTINGS
@given(articles_strategy, changes_strategy)
def test_rebuild_equals_the_incremental_path(articles: list, changes: list) -> None:
    with fresh_store() as store:
        relations = Relations(store)
        fill(store, articles, changes, relations)
        incremental = tables(relations)
        relations.rebuild()
        assert_same_tables(tables(relations), incremental)
        relations.close()


def tables(relations: Relations) -> dict[str, list]:
    with relations.db.read() as tx:
        return read_tables(tx, ("rel_event", "rel_edge", "rel_involvement", "rel_article", "rel_month", "rel_count", "rel_tracking"))


@SETTINGS
@given(articles_strategy, changes_strategy, st.integers(0, SPAN), st.integers(0, SPAN), st.sampled_from(ACTORS))
def test_as_of_is_monotone_in_what_it_includes(articles: list, changes: list, a: int, b: int, actor: str) -> None:
    early, late = sorted((START + dt.timedelta(days=a), START + dt.timedelta(days=b)))
    with fresh_store() as store:
        fill(store, articles, changes)
        relations = Relations(store)
        ids_early = {e.id for e in relations.log(Scope(as_of=early), limit=None).events}
        ids_late = {e.id for e in relations.log(Scope(as_of=late), limit=None).events}
        assert ids_early <= ids_late
        at_early = relations.actor(actor, Scope(as_of=early))
        at_late = relations.actor(actor, Scope(as_of=late))
        assert at_early is not None and at_late is not None
        late_counts = {s.partner: dict(s.counts) for s in at_late.relations}
        for state in at_early.relations:
            for type_name, n in state.counts:
                assert late_counts[state.partner][type_name] >= n
        relations.close()
