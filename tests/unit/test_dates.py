"""Date mentions in news sentences, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.values import DateRule, Precision
from timeline.extract.dates import dateline_date, find_dates, publication_date

D = dt.date
TUESDAY = D(2023, 11, 14)  # the publication date of the Reuters seed, a Tuesday


def spans(sentence: str, published: dt.date) -> list[tuple[str, str, str, str]]:
    return [
        (m.text, m.when.start.isoformat(), m.when.end.isoformat(), m.when.precision.value)
        for m in find_dates(sentence, published)
    ]


def only(sentence: str, published: dt.date):
    found = find_dates(sentence, published)
    assert len(found) == 1, found
    return found[0]


# --- weekdays ----------------------------------------------------------------------------------


def test_on_a_weekday_is_the_latest_such_day_before_publication():
    m = only("North Korea on Monday called the UNC a U.S. tool for confrontation.", TUESDAY)
    assert (m.when.start, m.when.end, m.when.precision) == (D(2023, 11, 13), D(2023, 11, 13), Precision.DAY)
    assert m.relative and not m.historical and m.when.rule is DateRule.EXACT


def test_a_weekday_that_is_the_publication_day_is_the_publication_day():
    m = only("Lloyd Austin said on Tuesday U.N. member states were concerned.", TUESDAY)
    assert m.when.start == TUESDAY


def test_a_bare_weekday_after_said_is_dated_like_on_weekday():
    m = only("a senior Guyanese police officer said Wednesday.", D(2008, 8, 6))  # a Wednesday
    assert m.when.start == D(2008, 8, 6)
    m = only("a senior Guyanese police officer said Wednesday.", D(2008, 8, 7))
    assert m.when.start == D(2008, 8, 6)


def test_last_weekday_is_in_the_past_and_next_weekday_in_the_future():
    assert only("They met last Friday.", TUESDAY).when.start == D(2023, 11, 10)
    assert only("They will meet next Tuesday.", TUESDAY).when.start == D(2023, 11, 21)
    assert only("They will meet next Wednesday.", TUESDAY).when.start == D(2023, 11, 15)


def test_a_weekday_crosses_the_year_boundary():
    # 2024-01-02 is a Tuesday; "on Friday" is 29 December 2023.
    assert only("The drills began on Friday.", D(2024, 1, 2)).when.start == D(2023, 12, 29)


def test_a_weekday_inside_a_name_is_not_a_date():
    assert find_dates("Shoppers crowded the malls on Black Friday.", TUESDAY) == []
    assert find_dates("The Good Friday Agreement was signed in Belfast.", TUESDAY) == []


def test_a_weekday_with_a_part_of_the_day_is_that_day():
    m = only("The missile was fired on Monday night from near Pyongyang.", TUESDAY)
    assert m.when.start == D(2023, 11, 13)


# --- day and month ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase", ["Oct. 31", "Oct 31", "October 31", "31 October", "31st October", "October 31st"]
)
def test_a_day_and_month_without_year_is_in_the_publication_year(phrase):
    m = only(f"Austin said at the press conference on {phrase} that talks would go on.", TUESDAY)
    assert (m.when.start, m.when.precision, m.relative) == (D(2023, 10, 31), Precision.DAY, True)


def test_a_late_december_day_in_an_early_january_article_is_last_year():
    assert only("The launch on Dec. 28 was condemned.", D(2024, 1, 3)).when.start == D(2023, 12, 28)


def test_a_day_a_few_weeks_ahead_stays_in_the_publication_year():
    assert only("The summit is due on Dec. 5.", TUESDAY).when.start == D(2023, 12, 5)


def test_sept_abbreviation_is_september():
    assert only("Kim arrived on Sept. 3.", TUESDAY).when.start == D(2023, 9, 3)


def test_a_day_and_month_with_a_year_is_exact():
    m = only("The armistice was signed on July 27, 1953, at Panmunjom.", TUESDAY)
    assert (m.when.start, m.relative, m.historical) == (D(1953, 7, 27), False, True)


def test_february_29_without_a_year_takes_the_latest_leap_year():
    assert only("It happened on Feb. 29.", D(2024, 3, 10)).when.start == D(2024, 2, 29)
    assert only("It happened on Feb. 29.", D(2023, 3, 10)).when.start == D(2020, 2, 29)


def test_a_day_range_in_one_month_is_an_interval():
    m = only("The drills run Nov. 14-16 off the east coast.", TUESDAY)
    assert (m.when.start, m.when.end, m.when.precision) == (D(2023, 11, 14), D(2023, 11, 16), Precision.DAY)


def test_a_weekday_before_an_explicit_date_is_one_mention():
    m = only("The talks open on Tuesday, Nov. 14, in Seoul.", TUESDAY)
    assert m.text == "Tuesday, Nov. 14" and m.when.start == D(2023, 11, 14)


# --- months -----------------------------------------------------------------------------------


def test_in_a_month_is_the_latest_such_month_not_after_publication():
    m = only("Their leaders met in September in Russia's far east.", TUESDAY)
    assert (m.when.start, m.when.end, m.when.precision) == (D(2023, 9, 1), D(2023, 9, 30), Precision.MONTH)
    assert m.when.iso == "2023-09"


def test_in_the_publication_month_is_this_month():
    assert only("They met in November.", TUESDAY).when.start == D(2023, 11, 1)


def test_in_a_later_month_is_last_year():
    assert only("They met in December.", TUESDAY).when.start == D(2022, 12, 1)


def test_last_month_name_and_month_with_year():
    assert only("They met last September.", TUESDAY).when.start == D(2023, 9, 1)
    m = only("They met in September 2019.", TUESDAY)
    assert (m.when.start, m.relative) == (D(2019, 9, 1), False)


def test_may_and_march_as_words_are_not_dates():
    sentence = "Theresa May said they may meet after a march on the capital, and May will decide."
    assert find_dates(sentence, TUESDAY) == []


def test_may_after_in_is_a_month():
    assert only("The vote is due in May.", TUESDAY).when.start == D(2023, 5, 1)


# --- numeric and full dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase", ["14 November 2023", "November 14, 2023", "2023-11-14", "14/11/2023", "2023/11/14", "Nov. 14, 2023"]
)
def test_full_dates_in_any_common_order(phrase):
    m = only(f"The statement was issued on {phrase} in Seoul.", D(2023, 12, 1))
    assert (m.when.start, m.relative) == (D(2023, 11, 14), False)


def test_a_month_first_numeric_date_is_read_month_first_when_only_that_is_valid():
    assert only("Filed on 11/14/2023.", D(2023, 12, 1)).when.start == D(2023, 11, 14)


def test_an_ambiguous_numeric_date_prefers_the_reading_nearest_before_publication():
    assert only("Filed on 03/04/2023.", D(2023, 3, 10)).when.start == D(2023, 3, 4)
    assert only("Filed on 03/04/2023.", D(2023, 5, 1)).when.start == D(2023, 4, 3)


def test_an_impossible_numeric_date_is_not_a_date():
    assert [m for m in find_dates("Order 2023-02-30 stands.", TUESDAY) if m.when.precision is Precision.DAY] == []


# --- years ------------------------------------------------------------------------------------


def test_in_a_recent_year_is_a_year():
    m = only("The talks collapsed in 2019.", D(2020, 6, 1))
    assert (m.when.start, m.when.end, m.when.precision, m.historical) == (
        D(2019, 1, 1), D(2019, 12, 31), Precision.YEAR, False,
    )


def test_in_1950_is_historical():
    m = only("unlike in 1950, when the Korean War broke out", TUESDAY)
    assert (m.when.iso, m.historical) == ("1950", True)


def test_a_year_range_with_two_digits():
    m = only("sent troops during the 1950-53 Korean War.", TUESDAY)
    assert (m.when.start, m.when.end, m.historical) == (D(1950, 1, 1), D(1953, 12, 31), True)


def test_from_year_to_year_is_one_interval():
    m = only("Sanctions were tightened from 2018 to 2020.", TUESDAY)
    assert (m.text, m.when.start, m.when.end) == ("from 2018 to 2020", D(2018, 1, 1), D(2020, 12, 31))


def test_between_weekdays_is_one_interval_in_order():
    m = only("Talks were held between Monday and Wednesday.", D(2023, 11, 16))
    assert (m.when.start, m.when.end) == (D(2023, 11, 13), D(2023, 11, 15))


@pytest.mark.parametrize(
    "sentence",
    [
        "defence officials of the 17 countries that make up the U.N. Command",
        "He was ranked No. 1 in the country.",
        "Some 1,000 troops and 2000 soldiers crossed the 38th parallel.",
        "The meeting starts at 3 p.m. local time.",
        "in violation of Resolution 2231 and Resolution 1718",
        "Poland ordered F-16 jets and 1500 tanks.",
        "The deal is worth $2000 million.",
    ],
)
def test_numbers_that_are_not_dates(sentence):
    assert find_dates(sentence, TUESDAY) == []


# --- relative expressions ---------------------------------------------------------------------


def test_this_week_runs_from_monday_to_the_publication_day():
    m = only("The navies are carrying out joint drills this week.", TUESDAY)
    assert (m.when.start, m.when.end, m.when.precision) == (D(2023, 11, 13), TUESDAY, Precision.WEEK)


def test_last_week_is_the_previous_iso_week():
    m = only("Officials met last week.", TUESDAY)
    assert (m.when.start, m.when.end) == (D(2023, 11, 6), D(2023, 11, 12))


def test_last_week_across_the_new_year():
    m = only("Officials met last week.", D(2024, 1, 3))
    assert (m.when.start, m.when.end) == (D(2023, 12, 25), D(2023, 12, 31))


def test_last_month_in_january_is_december_of_last_year():
    m = only("Exports fell last month.", D(2024, 1, 15))
    assert (m.when.iso, m.when.end) == ("2023-12", D(2023, 12, 31))


def test_this_month_and_this_year_and_earlier_this_year():
    assert only("Prices rose this month.", TUESDAY).when.start == D(2023, 11, 1)
    m = only("They met earlier this year.", TUESDAY)
    assert (m.when.start, m.when.end, m.when.precision) == (D(2023, 1, 1), TUESDAY, Precision.YEAR)
    assert only("They met last year.", TUESDAY).when.iso == "2022"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("yesterday", D(2023, 11, 13)),
        ("today", TUESDAY),
        ("tonight", TUESDAY),
        ("this morning", TUESDAY),
        ("last night", D(2023, 11, 13)),
        ("two days ago", D(2023, 11, 12)),
        ("10 days ago", D(2023, 11, 4)),
    ],
)
def test_days_relative_to_publication(phrase, expected):
    m = only(f"The envoy said {phrase} that talks would resume.", TUESDAY)
    assert (m.when.start, m.when.precision, m.relative) == (expected, Precision.DAY, True)


def test_weeks_and_months_ago():
    m = only("The launch came three weeks ago.", TUESDAY)
    assert (m.when.start, m.when.end, m.when.precision) == (D(2023, 10, 23), D(2023, 10, 29), Precision.WEEK)
    assert only("They met a month ago.", D(2024, 3, 31)).when.iso == "2024-02"


def test_the_past_few_days_is_the_week_before_publication():
    m = only("Tensions have risen over the past few days.", TUESDAY)
    assert (m.when.start, m.when.end) == (D(2023, 11, 7), TUESDAY)


def test_recently_is_not_dated():
    assert find_dates("The two sides recently agreed to talk.", TUESDAY) == []


def test_mentions_come_in_text_order_with_offsets():
    sentence = "After talks on Monday and a visit in September 2019, they met on Oct. 31."
    found = find_dates(sentence, TUESDAY)
    assert [m.text for m in found] == ["Monday", "September 2019", "Oct. 31"]
    for m in found:
        assert sentence[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "value",
    [
        "2023-11-14",
        "14 November 2023",
        "Nov 14, 2023",
        "2023/11/14",
        "November 14th, 2023",
        "Tue, 14 Nov 2023 10:00:00 GMT",
        "2023-11-14T23:30:00+09:00",
        "2023-11-14T08:00:00Z",
        "  14 Nov 2023 ",
    ],
)
def test_publication_date_in_common_forms(value):
    assert publication_date(value) == D(2023, 11, 14)


@pytest.mark.parametrize("value", ["2023-02-30", "31 April 2023", "yesterday", "", "2023-13-01", "14/14/2023"])
def test_publication_date_rejects_what_is_not_a_date(value):
    with pytest.raises(ValueError, match="date"):
        publication_date(value)


def test_publication_date_accepts_a_leap_day_only_in_a_leap_year():
    assert publication_date("2024-02-29") == D(2024, 2, 29)
    with pytest.raises(ValueError, match="valid calendar date"):
        publication_date("2023-02-29")


def test_dateline_date_is_the_nearest_day_on_or_before_publication_with_one_day_slack():
    assert dateline_date("Nov 14", TUESDAY) == D(2023, 11, 14)
    assert dateline_date("Nov 15", TUESDAY) == D(2023, 11, 15)  # Seoul is ahead of New York
    assert dateline_date("Nov 16", TUESDAY) == D(2022, 11, 16)
    assert dateline_date("Dec 31", D(2024, 1, 1)) == D(2023, 12, 31)
    assert dateline_date("March 3", TUESDAY) == D(2023, 3, 3)
    assert dateline_date("3 March", TUESDAY) == D(2023, 3, 3)
    assert dateline_date("", TUESDAY) is None
    assert dateline_date("soon", TUESDAY) is None


@pytest.mark.parametrize(
    ("sentence", "text", "iso"),
    [
        ("Last year, Kim visited Vladivostok.", "Last year", "2022"),
        ("Yesterday the envoys met again.", "Yesterday", "2023-11-13"),
        ("On Monday the talks began.", "Monday", "2023-11-13"),
        ("Earlier this year the two sides met.", "Earlier this year", "2023"),
        ("In September they met in Russia.", "September", "2023-09"),
    ],
)
def test_sentence_initial_capitalised_cues_are_dates(sentence, text, iso):
    m = only(sentence, TUESDAY)
    assert (m.text, m.when.iso) == (text, iso)


def test_spans_for_counting_are_not_event_dates():
    assert find_dates("Attacks doubled over the past year and in the past 30 days.", TUESDAY) == []


def test_the_year_of_the_second_date_in_a_range_applies_to_the_first():
    m = only("Talks were held between March and May 2019.", TUESDAY)
    assert (m.when.start, m.when.end, m.historical) == (D(2019, 3, 1), D(2019, 5, 31), True)


_PIECES = ["Mon", "Month", "month", "MONTH", "Monday", "Mondays", "Decade", "decade", "Dec", "December",
           "today", "ToDay", "tonight", "night", "ago", "Aug", "August", "Sunday", "days", "Days", "ſ",
           "wee\u212a", "İ", "week", "yesterday", "year", "Year", "19", "2023", "Jun", "June", "May",
           "may", "morning", " ", " ", "-", ",", "a", "t", "the", "to", "mo", "ye"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_date_anchors_are_those_of_the_plain_alternation(text: str) -> None:
    """_ANCHOR is written as a trie for speed; it must find the spans the plain alternation
    it replaced finds, case-insensitive words and "Month" (anchored as "Mon") included."""
    import re

    from timeline.extract.dates import _ANCHOR

    plain = re.compile(
        r"(?=[\dJFMASONDTWtynmwaedTYNMWAED])"
        r"(?:\d+|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
        r"|(?i:today|tonight|yesterday|tomorrow|night|morning|afternoon|evening|week|month|year"
        r"|days|ago|decade)))"
    )
    assert [m.span() for m in _ANCHOR.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_calendar_arithmetic_is_pendulums() -> None:
    """The weeks, months and month shifts the resolutions use, against pendulum's (which
    dates.py used until its import was taken off the ingest's start-up)."""
    import pendulum

    from timeline.extract import dates as D

    day = dt.date(1990, 1, 1)
    while day < dt.date(2040, 1, 1):
        monday = pendulum.Date(day.year, day.month, day.day).start_of("week")
        assert D._week(day) == (monday, monday + dt.timedelta(days=6)), day
        for shift in (-500, -13, -12, -1, 0, 1, 12, 13):
            later = pendulum.Date(day.year, day.month, day.day).add(months=shift)
            assert D._add_months(day.year, day.month, shift) == (later.year, later.month), (day, shift)
        day += dt.timedelta(days=3)
    for year in (1, 1900, 2000, 2023, 2024, 2100, 9999):
        for month in range(1, 13):
            first = pendulum.Date(year, month, 1)
            assert D._month_span(year, month) == (first, first.end_of("month")), (year, month)


# --- reading ahead: the time of an act still to come ---------------------------------------------


def _ahead(sentence: str, published: dt.date) -> tuple[dt.date, dt.date] | None:
    m = only(sentence, published)
    return (m.ahead.start, m.ahead.end) if m.ahead is not None else None


def test_a_month_alone_read_ahead_is_the_next_such_month_from_publication():
    assert _ahead("Putin is set to visit New Delhi in December.", D(2025, 3, 12)) == (D(2025, 12, 1), D(2025, 12, 31))
    assert _ahead("The summit will be held in early February.", D(2025, 3, 12)) == (D(2026, 2, 1), D(2026, 2, 28))
    # the publication's own month reads the same both ways
    assert _ahead("Talks will resume in March.", D(2025, 3, 12)) is None


def test_a_weekday_read_ahead_is_the_first_such_day_on_or_after_publication():
    assert _ahead("The ministers will meet on Friday.", TUESDAY) == (D(2023, 11, 17), D(2023, 11, 17))
    assert _ahead("The ministers will meet on Monday.", TUESDAY) == (D(2023, 11, 20), D(2023, 11, 20))
    assert _ahead("The ministers will meet on Tuesday.", TUESDAY) is None  # the day itself, both ways


def test_a_day_without_a_year_read_ahead_is_the_next_such_day():
    assert _ahead("Talks are due to open on 14 November.", D(2025, 3, 12)) == (D(2025, 11, 14), D(2025, 11, 14))
    assert _ahead("Talks are due to open on March 2.", D(2025, 3, 12)) == (D(2026, 3, 2), D(2026, 3, 2))


def test_an_expression_that_fixes_its_own_direction_has_no_reading_ahead():
    for sentence in ("They met last Tuesday.", "Relations have soured since December.", "Talks resume next Monday.",
                     "The treaty was signed in 2019.", "They met two days ago.", "He will visit from Monday to Wednesday.",
                     "Inspectors will arrive on 14 November 2026."):
        assert all(m.ahead is None for m in find_dates(sentence, TUESDAY)), sentence
