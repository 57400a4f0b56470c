"""Corrections append; they never change what is stored."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from events import AccusationMade, DenialIssued, Evidence, ExtractorInfo, MeetingHeld, When
from timeline.corrections import analyst, correct_event, locate, reextract, retract_event
from timeline.errors import UsageError
from timeline.store import open_store
from tests.unit.test_store import TEXT, article, evidence

OLD = ExtractorInfo("timeline-rules", "0.1")
NEW = ExtractorInfo("timeline-rules", "0.2")


def accusation(fact, extractor=OLD) -> AccusationMade:
    return AccusationMade(
        id=uuid.uuid5(fact.article_id, f"acc{extractor.version}"),
        when=When.day(dt.date(2023, 11, 13)),
        source=("USA",),
        target=("PRK",),
        evidence=evidence(fact.text, "North Korea denied the reports."),
        extractor=extractor,
    )


def test_a_retracted_event_leaves_the_export_but_not_the_history(db: str) -> None:
    store = open_store(db)
    fact = article()
    e = accusation(fact)
    store.ingest(fact, [e])
    retract_event(store, str(e.id)[:8], "not an accusation", analyst("ana"))
    assert store.current_events() == []
    kinds = [s.kind for s in store.stream(fact.article_id)]
    assert kinds == ["ingested", "recorded", "retracted"]
    with pytest.raises(UsageError, match="already retracted"):
        retract_event(store, str(e.id), "again", analyst("ana"))
    store.close()


def test_a_correction_changes_type_and_actors_and_names_the_analyst(db: str) -> None:
    store = open_store(db)
    fact = article()
    e = accusation(fact)
    store.ingest(fact, [e])
    done = correct_event(store, str(e.id), "it is a denial", analyst("ana"), type_name="DenialIssued", source=("PRK",), target=("USA",))
    (current, _), = store.current_events()
    assert isinstance(current.fact, DenialIssued)
    assert current.fact.source == ("PRK",) and current.fact.target == ("USA",)
    assert current.fact.extractor == ExtractorInfo("analyst", "ana")
    assert current.fact.id == done.replacement.id != e.id
    assert locate(store, str(done.replacement.id)).event_id == done.replacement.id
    store.close()


def test_an_invalid_correction_is_refused_and_nothing_is_written(db: str) -> None:
    store = open_store(db)
    fact = article()
    e = accusation(fact)
    store.ingest(fact, [e])
    before = store.max_position()
    with pytest.raises(UsageError, match="invalid"):
        correct_event(store, str(e.id), "one-sided meeting", analyst("ana"), type_name="MeetingHeld")
    assert store.max_position() == before
    store.close()


def test_reextraction_appends_new_events_and_retracts_what_it_superseded(db: str) -> None:
    store = open_store(db)
    fact = article()
    old = accusation(fact, OLD)
    by_hand = dataclasses.replace(old, id=uuid.uuid4(), extractor=ExtractorInfo("analyst", "ana"))
    store.ingest(fact, [old])
    store.add(fact.article_id, [by_hand])
    newer = MeetingHeld(
        id=uuid.uuid5(fact.article_id, "meeting"),
        when=When.day(dt.date(2023, 11, 13)),
        source=("USA", "KOR"),
        evidence=evidence(fact.text, "The defence chiefs met on Monday."),
        extractor=NEW,
    )
    summary = reextract(store, NEW, lambda a: [newer])
    assert (summary.articles, summary.changed, summary.added, summary.retracted) == (1, 1, 1, 1)
    standing = {s.fact.id for s, _ in store.current_events()}
    assert standing == {newer.id, by_hand.id}
    again = reextract(store, NEW, lambda a: [newer])
    assert again.changed == 0
    store.close()


def test_an_unknown_id_is_a_usage_error(db: str) -> None:
    store = open_store(db)
    with pytest.raises(UsageError, match="no article or event"):
        locate(store, "deadbeef")
    store.close()
