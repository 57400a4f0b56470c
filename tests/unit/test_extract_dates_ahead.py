"""An act still to come is dated ahead: "will visit in December" is the coming December.

A month, weekday or day named without a year reads back from the publication date when the act
is done ("met on Friday": the last Friday) and ahead when a future marker before it puts the act
still to come ("will meet on Friday": the next one). A date before the marker is the time of
saying, and a promise's own date stays the promise's.
"""

from __future__ import annotations

import datetime as dt

from tests.unit.test_extract_precision import extracted

D = dt.date
WEDNESDAY = D(2025, 3, 12)


def dated(text: str, published: dt.date = WEDNESDAY) -> list[tuple[str, dt.date, dt.date, str]]:
    return [(e.type, e.when.start, e.when.end, e.modality) for e in extracted(text, published)]


def test_a_planned_visit_in_a_month_is_the_coming_month():
    assert dated("Russian President Vladimir Putin is set to visit New Delhi in December, the Kremlin said.") == [
        ("VisitMade", D(2025, 12, 1), D(2025, 12, 31), "announced")]
    assert dated("Russia and China will hold joint naval exercises in July.") == [
        ("DrillAnnounced", D(2025, 7, 1), D(2025, 7, 31), "planned")]


def test_the_same_month_for_an_act_done_is_the_last_one():
    assert dated("Russia and China held joint naval exercises in July.") == [
        ("DrillAnnounced", D(2024, 7, 1), D(2024, 7, 31), "done")]


def test_a_weekday_of_an_act_to_come_is_the_next_such_day():
    assert dated("Japan and China will hold talks on Friday.") == [("MeetingHeld", D(2025, 3, 14), D(2025, 3, 14), "planned")]
    assert dated("Japan and China held talks on Friday.") == [("MeetingHeld", D(2025, 3, 7), D(2025, 3, 7), "done")]
    assert dated("The Turkish foreign minister, Mevlut Cavusoglu, will travel to Paris for talks on Tuesday.",
                 D(2018, 1, 22)) == [("VisitMade", D(2018, 1, 23), D(2018, 1, 23), "planned")]


def test_an_announced_act_takes_its_own_date_over_the_day_it_was_announced():
    assert dated("Russia said on Tuesday it would hold joint drills with China in May.") == [
        ("DrillAnnounced", D(2025, 5, 1), D(2025, 5, 31), "announced")]


def test_the_day_something_was_said_or_promised_stays_in_the_past():
    assert dated("Russia said on Tuesday it would hold joint drills with China.") == [
        ("DrillAnnounced", D(2025, 3, 11), D(2025, 3, 11), "announced")]
    assert dated("China pledged on Monday to send aid to Pakistan.") == [
        ("AidProvided", D(2025, 3, 10), D(2025, 3, 10), "announced")]


def test_a_date_that_fixes_its_own_direction_is_kept():
    assert dated("Japan and China will hold talks next Monday.") == [("MeetingHeld", D(2025, 3, 17), D(2025, 3, 17), "planned")]
    assert dated("Japan and China will resume the talks they broke off last Monday.") == [
        ("MeetingHeld", D(2025, 3, 10), D(2025, 3, 10), "planned")]
