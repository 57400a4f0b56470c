"""The vocabulary: every event type is documented, typed, and refuses invalid states."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

import events
from events import (
    EVENT_TYPES,
    AccusationMade,
    ArticleIngested,
    DateRule,
    EventCorrected,
    EventRetracted,
    Evidence,
    ExtractorInfo,
    InvalidEvent,
    MeetingHeld,
    Precision,
    StatementIssued,
    When,
)

DAY = dt.date(2023, 11, 14)
EX = ExtractorInfo("test", "1")
EVIDENCE = Evidence("Russia and China met.", 0, 21)


def test_every_event_type_names_its_cameo_code_plover_category_and_weight() -> None:
    goldstein = {}
    from tests.conftest import shared_path

    for line in shared_path("data", "CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]:
        code, weight = line.split("\t")
        goldstein[code] = float(weight)
    for name, cls in EVENT_TYPES.items():
        assert cls.__doc__ and cls.__doc__.strip(), name
        assert cls.plover, name
        assert goldstein[cls.cameo] == cls.goldstein, f"{name}: {cls.cameo}"


def test_the_vocabulary_is_this_repositorys_events_package() -> None:
    # `events` is a generic name: nothing installed may shadow it.
    from tests.conftest import REPO

    assert events.__file__ is not None
    assert REPO in __import__("pathlib").Path(events.__file__).resolve().parents


def test_an_event_without_a_source_cannot_be_created() -> None:
    with pytest.raises(InvalidEvent, match="no source"):
        StatementIssued(id=uuid.uuid4(), when=When.day(DAY), source=(), evidence=EVIDENCE, extractor=EX)


def test_a_directed_event_needs_a_target() -> None:
    with pytest.raises(InvalidEvent, match="no target"):
        AccusationMade(id=uuid.uuid4(), when=When.day(DAY), source=("USA",), evidence=EVIDENCE, extractor=EX)


def test_a_meeting_lists_all_participants_in_source_and_needs_two() -> None:
    with pytest.raises(InvalidEvent, match="two participants"):
        MeetingHeld(id=uuid.uuid4(), when=When.day(DAY), source=("USA",), evidence=EVIDENCE, extractor=EX)
    with pytest.raises(InvalidEvent, match="symmetric"):
        MeetingHeld(
            id=uuid.uuid4(), when=When.day(DAY), source=("USA", "KOR"), target=("PRK",), evidence=EVIDENCE, extractor=EX
        )


def test_a_date_interval_cannot_end_before_it_starts() -> None:
    with pytest.raises(InvalidEvent, match="before start"):
        When(dt.date(2024, 1, 2), dt.date(2024, 1, 1))


def test_an_actor_code_must_look_like_one() -> None:
    with pytest.raises(InvalidEvent, match="not an actor code"):
        StatementIssued(id=uuid.uuid4(), when=When.day(DAY), source=("north korea",), evidence=EVIDENCE, extractor=EX)


def test_confidence_is_a_probability() -> None:
    with pytest.raises(InvalidEvent, match="confidence"):
        StatementIssued(id=uuid.uuid4(), when=When.day(DAY), source=("USA",), evidence=EVIDENCE, extractor=EX, confidence=1.5)


def test_evidence_must_stand_in_the_article_at_its_offsets() -> None:
    text = "Intro. Russia and China met."
    Evidence("Russia and China met.", 7, 28).check_in(text)
    with pytest.raises(InvalidEvent, match="not in the article"):
        Evidence("Russia and China met.", 0, 21).check_in(text)
    with pytest.raises(InvalidEvent, match="offsets"):
        Evidence("Russia", 0, 3)


def test_events_are_immutable() -> None:
    e = StatementIssued(id=uuid.uuid4(), when=When.day(DAY), source=("USA",), evidence=EVIDENCE, extractor=EX)
    with pytest.raises(AttributeError):
        e.source = ("RUS",)  # type: ignore[misc]


def test_month_precision_exports_as_year_and_month() -> None:
    when = When(dt.date(2023, 9, 1), dt.date(2023, 9, 30), Precision.MONTH, DateRule.EXACT)
    assert when.iso == "2023-09" and when.iso_end is None
    week = When(dt.date(2023, 11, 13), dt.date(2023, 11, 19), Precision.WEEK)
    assert week.iso == "2023-11-13" and week.iso_end == "2023-11-19"


def test_a_span_of_months_exports_its_last_month() -> None:
    spring = When(dt.date(2019, 3, 1), dt.date(2019, 5, 31), Precision.MONTH)
    assert (spring.iso, spring.iso_end) == ("2019-03", "2019-05")
    years = When(dt.date(1950, 1, 1), dt.date(1953, 12, 31), Precision.YEAR)
    assert (years.iso, years.iso_end) == ("1950", "1953")


def test_an_empty_article_cannot_be_ingested() -> None:
    with pytest.raises(InvalidEvent, match="empty"):
        ArticleIngested(article_id=uuid.uuid4(), title="t", text="  \n", published=DAY)


def test_a_correction_and_a_retraction_need_a_reason() -> None:
    with pytest.raises(InvalidEvent, match="reason"):
        EventRetracted(event_id=uuid.uuid4(), reason=" ", by=EX)
    e = StatementIssued(id=uuid.uuid4(), when=When.day(DAY), source=("USA",), evidence=EVIDENCE, extractor=EX)
    with pytest.raises(InvalidEvent, match="id of its own"):
        EventCorrected(event_id=e.id, replacement=e, reason="wrong type", by=EX)
