"""The event store: round trips, idempotency, one transaction per article, corrections."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import pytest

from events import (
    EVENT_TYPES,
    ArticleIngested,
    DateRule,
    EventCorrected,
    EventRetracted,
    Evidence,
    ExtractorInfo,
    InvalidEvent,
    PersonRef,
    Precision,
    When,
)
from timeline.errors import NotATimelineStore, StoreError
from timeline.store import article_id_for, open_store

TEXT = (
    "SEOUL, Nov 14 (Reuters) - The defence chiefs met on Monday. "
    "North Korea denied the reports. Russia and China held talks in September."
)
EX = ExtractorInfo("test", "1.0")


def article(text: str = TEXT, **kw: object) -> ArticleIngested:
    return ArticleIngested(
        article_id=article_id_for(text), title="Test", text=text, published=dt.date(2023, 11, 14), **kw  # type: ignore[arg-type]
    )


def evidence(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def one_of_each(fact: ArticleIngested) -> list:
    """One event of every type, with every field set to something other than its default."""
    made = []
    for i, (name, cls) in enumerate(EVENT_TYPES.items()):
        symmetric = cls.symmetric
        made.append(
            cls(
                id=uuid.uuid5(fact.article_id, name),
                when=When(dt.date(2023, 9, 1), dt.date(2023, 9, 30), Precision.MONTH, DateRule.ON_OR_BEFORE),
                source=("PRK", "RUS") if symmetric else ("USA",),
                target=() if symmetric else ("PRK", "CHN"),
                people=(PersonRef("Lloyd Austin", "Secretary of Defense", "USA"),),
                attributed_to=("KOR",),
                evidence=evidence(fact.text, "North Korea denied the reports."),
                confidence=0.25 + i / 100,
                extractor=EX,
                modality="ongoing",
            )
        )
    return made


def test_every_event_type_survives_a_round_trip_through_the_store(db: str) -> None:
    fact = article()
    made = one_of_each(fact)
    store = open_store(db)
    assert store.ingest(fact, made).new
    store.close()

    reopened = open_store(db)
    stored = list(reopened.facts())
    assert stored[0].fact == fact
    assert [s.fact for s in stored[1:]] == made
    assert all(type(s.fact) is type(m) for s, m in zip(stored[1:], made))
    assert all(isinstance(s.fact.source, tuple) for s in stored[1:])
    reopened.close()


def test_ingesting_the_same_article_twice_adds_nothing(db: str) -> None:
    store = open_store(db)
    fact = article()
    events = one_of_each(fact)[:2]
    first = store.ingest(fact, events)
    # The same text with other white space is the same article.
    again = store.ingest(article(TEXT.replace(" ", "  ")), [])
    assert first.new and first.events == 2
    assert not again.new and again.events == 0
    assert again.article_id == first.article_id
    assert store.max_position() == 3
    store.close()


def test_the_store_says_which_of_many_articles_it_holds_in_one_query(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(db)
    try:
        held = [article(f"{TEXT} Report {i}.") for i in range(3)]
        for fact in held:
            store.ingest(fact, [])
        new = [article(f"{TEXT} Report {i}.") for i in range(3, 6)]
        asked = [new[0].article_id, held[1].article_id, new[1].article_id, held[2].article_id, held[2].article_id]
        expected = {i for i in asked if store.has_article(i)}
        assert expected == {held[1].article_id, held[2].article_id}

        def one_by_one(article_id: object) -> bool:
            raise AssertionError("asked article by article")

        monkeypatch.setattr(store, "has_article", one_by_one)
        assert store.stored_articles(asked) == expected
        assert store.stored_articles([]) == set()
        assert store.stored_articles([f.article_id for f in new]) == set()
    finally:
        store.close()


def test_an_article_with_an_event_whose_evidence_is_not_in_it_is_not_stored_at_all(db: str) -> None:
    store = open_store(db)
    fact = article()
    good = one_of_each(fact)[0]
    bad = dataclasses.replace(good, id=uuid.uuid4(), evidence=Evidence("Not in the text.", 0, 16))
    with pytest.raises(InvalidEvent):
        store.ingest(fact, [good, bad])
    assert not store.has_article(fact.article_id)
    assert store.max_position() == 0
    store.close()


def test_a_retraction_and_a_correction_leave_the_original_in_the_stream(db: str) -> None:
    store = open_store(db)
    fact = article()
    first, second = one_of_each(fact)[:2]
    store.ingest(fact, [first, second])
    store.retract(fact.article_id, EventRetracted(event_id=first.id, reason="not an event", by=EX))
    replacement = dataclasses.replace(second, id=uuid.uuid4(), source=("PRK", "CHN"))
    store.correct(fact.article_id, EventCorrected(event_id=second.id, replacement=replacement, reason="wrong actor", by=EX))

    current = [s.fact for s, _ in store.current_events()]
    assert current == [replacement]
    kinds = [s.kind for s in store.stream(fact.article_id)]
    assert kinds == ["ingested", "recorded", "recorded", "retracted", "corrected"]
    with pytest.raises(StoreError, match="already retracted"):
        store.retract(fact.article_id, EventRetracted(event_id=first.id, reason="again", by=EX))
    store.close()


def test_known_at_shows_what_the_store_held_before_a_correction(db: str) -> None:
    store = open_store(db)
    fact = article()
    first = one_of_each(fact)[0]
    store.ingest(fact, [first])
    before = store.stream(fact.article_id)[-1].recorded_at
    store.retract(fact.article_id, EventRetracted(event_id=first.id, reason="duplicate", by=EX))
    assert [s.fact for s, _ in store.current_events(known_at=before)] == [first]
    assert store.current_events() == []
    store.close()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes\n")
    with pytest.raises(NotATimelineStore, match="not a timeline store"):
        open_store(path)
    assert path.read_text() == "my notes\n"


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(NotATimelineStore, match="SQLite database but not a timeline store"):
        open_store(path)


def test_the_default_store_lives_in_the_per_user_data_directory(tmp_path: Path) -> None:
    store = open_store(None)
    store.close()
    assert (tmp_path / "xdg-data" / "timeline" / "timeline.db").exists()


def test_a_batch_saves_each_new_article_whole_and_skips_repeats(db: str) -> None:
    store = open_store(db)
    one, two = article(), article(TEXT + " Japan protested.")
    store.ingest(one, [])
    outcomes = store.ingest_many([(one, []), (two, one_of_each(two)[:3]), (two, [])])
    assert [(o.new, o.events) for o in outcomes] == [(False, 0), (True, 3), (False, 0)]
    assert [s.kind for s in store.stream(two.article_id)] == ["ingested"] + ["recorded"] * 3
    store.close()


def _rows(db: str) -> list[tuple[str, int, str, bytes]]:
    """Every stored event as (stream, version, topic, state) with the record time left out."""
    import re

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid"
        ).fetchall()
    out = []
    for stream, version, topic, state in rows:
        without_time, found = re.subn(rb'^\{"timestamp":\{"_type_":"datetime_iso","_data_":"[^"]+"\},', b"{", state)
        assert found == 1
        out.append((stream, version, topic, without_time))
    return out


def test_a_batch_stores_what_the_library_would_store_for_the_same_aggregates(tmp_path: Path) -> None:
    """append_encoded writes the stored events itself: they must be the library's own,
    byte for byte after the record time (same topics, versions, JSON and key order)."""
    from timeline.store import Article

    one, two = article(), article(TEXT + " Japan «protested».")
    batch = [(one, one_of_each(one)), (two, one_of_each(two)[:2])]
    ours = open_store(str(tmp_path / "ours.db"))
    ours.ingest_many(batch)
    ours.close()
    library = open_store(str(tmp_path / "library.db"))
    aggregates = []
    for fact, events in batch:
        aggregate = Article(fact)
        for event in events:
            aggregate.record(event)
        aggregates.append(aggregate)
    library.save(*aggregates)
    library.close()
    assert _rows(str(tmp_path / "ours.db")) == _rows(str(tmp_path / "library.db"))
    assert len(_rows(str(tmp_path / "ours.db"))) == 2 + len(EVENT_TYPES) + 2


def test_a_batch_is_stored_compressed_when_the_environment_asks_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPRESSOR_TOPIC", "eventsourcing.compressor:ZlibCompressor")
    fact = article()
    store = open_store(str(tmp_path / "zipped.db"))
    store.ingest_many([(fact, one_of_each(fact))])
    assert [s.fact for s in store.stream(fact.article_id)] == [fact, *one_of_each(fact)]
    store.close()
    with sqlite3.connect(tmp_path / "zipped.db") as conn:
        assert all(state[:1] != b"{" for (state,) in conn.execute("SELECT state FROM stored_events"))


def test_events_are_encoded_as_the_library_encodes_them_whatever_their_text() -> None:
    """encode_facts writes an event's JSON itself: quotes, backslashes, control characters,
    accents and emoji in the evidence, people with accented names, an integer confidence
    (written by the library's transcoder) must come out as the library writes them."""
    from timeline.store import encode_facts, value_transcoder

    text = 'BEIRUT - “We won’t \\ back down,” said Rachid Bézé\tof the \x07SDF 😀 "today".\nAnd more.'
    sentence = text[: text.index("\n")]
    base = one_of_each(article())
    events = [
        dataclasses.replace(
            e,
            evidence=evidence(text, sentence),
            people=(PersonRef("Rachid Bézé", "Sprecher «SDF»", "SYR"), PersonRef("A \\ B", "", "")),
            confidence=confidence,
        )
        for e, confidence in zip(base, [0.1 + 0.2, 1, 0.7, 1e-07, 0.5] * len(base))
    ]
    library = value_transcoder()
    assert list(encode_facts(events)) == [library.encode(e) for e in events]


def test_a_batch_said_to_be_unseen_still_finds_an_article_another_writer_saved(db: str) -> None:
    """append_encoded(unseen=True) skips the look-ups; an article stored meanwhile must come
    back as already present, and the rest of the batch still be saved whole."""
    from timeline.store import EncodedArticle, encode_facts

    store = open_store(db)
    one, two = article(), article(TEXT + " Japan protested.")
    store.ingest(one, one_of_each(one)[:2])
    before = store.stream(one.article_id)
    batch = [EncodedArticle(one, encode_facts(one_of_each(one))), EncodedArticle(two, encode_facts(one_of_each(two)[:3]))]
    outcomes = store.append_encoded(batch, unseen=True)
    assert [(o.new, o.events) for o in outcomes] == [(False, 0), (True, 3)]
    assert store.stream(one.article_id) == before
    assert [s.kind for s in store.stream(two.article_id)] == ["ingested"] + ["recorded"] * 3
    store.close()


# ---------------------------------------------------------------- a new file's journal mode


def test_a_new_store_commits_while_frames_of_its_opening_are_kept_alive(tmp_path: Path) -> None:
    """A frame kept alive after it returned (by a traceback an unraisable-exception hook holds,
    a profiler, a debugger) keeps its locals alive. eventsourcing switches a new file to WAL
    with a cursor of its own it never exhausts: if that cursor outlived its function, its
    statement stayed in progress and the store's first commit failed ("cannot commit
    transaction - SQL statements in progress", seen once in CI). Here every frame is kept."""
    import sys

    kept: list[object] = []

    def keep(frame: object, event: str, _arg: object) -> None:
        if event == "return":
            kept.append(frame)

    sys.setprofile(keep)
    try:
        store = open_store(tmp_path / "new.db")
    finally:
        sys.setprofile(None)
    try:
        outcome = store.ingest(article(), [])
        assert outcome.new
        assert store.has_article(outcome.article_id)
    finally:
        store.close()
        kept.clear()
    con = sqlite3.connect(tmp_path / "new.db")
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        con.close()
