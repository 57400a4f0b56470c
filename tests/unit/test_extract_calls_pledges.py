"""Extraction 0.3.5: calls, name-calling, pledges of support and the representatives of two
states. Each rule on sentences of its own (none from the seeds, the dev set or the articles
compared), with the sentences that must not yield the event. People map to states by their
roles on the publication date (6 March 2024 unless a test says otherwise)."""

from __future__ import annotations

from tests.unit.test_extract_precision import extracted, found, types


# ---------------------------------------------------------------- "called" a person: a call

def test_calling_a_person_is_a_call():
    """ "X called his Pakistani counterpart", "called Antony Blinken on Thursday to discuss",
    "rang Emmanuel Macron late on Sunday": the caller and the called hold a meeting."""
    assert ("MeetingHeld", ("CHN", "PAK"), ()) in found(
        "Chinese Foreign Minister Wang Yi called his Pakistani counterpart on Thursday.")
    assert ("MeetingHeld", ("CHN", "USA"), ()) in found(
        "Wang Yi called Antony Blinken on Thursday to discuss the crisis.")
    assert ("MeetingHeld", ("CHN", "USA"), ()) in found(
        "President Joe Biden called Chinese President Xi Jinping on Tuesday.")
    assert ("MeetingHeld", ("CHN", "USA"), ()) in found(
        "Antony Blinken called his Chinese counterpart, Wang Yi, on Monday.")
    assert ("MeetingHeld", ("DEU", "FRA"), ()) in found("Olaf Scholz rang Emmanuel Macron late on Sunday.")
    assert ("MeetingHeld", ("DEU", "FRA", "USA"), ()) in found(
        "Joe Biden called Olaf Scholz and Emmanuel Macron on Friday.")


def test_a_call_is_dated_by_its_own_day():
    """ "called ... on Monday": the Monday before publication (a Wednesday)."""
    evs = [e for e in extracted("Antony Blinken called his Chinese counterpart, Wang Yi, on Monday.")
           if e.type == "MeetingHeld"]
    assert [str(e.when.start) for e in evs] == ["2024-03-04"]


def test_called_with_a_complement_or_a_preposition_is_no_call():
    """ "called X a killer", "called X reckless", "called X's threats ...", "called it",
    "called for", "called on X to": name-calling and demands, never a meeting."""
    for text in ("Joe Biden called Vladimir Putin a killer.",
                 "Joe Biden called Vladimir Putin reckless.",
                 "Joe Biden called Vladimir Putin “a killer”.",
                 "Joe Biden called Vladimir Putin's threats irresponsible.",
                 "Joe Biden called Vladimir Putin the greatest threat to Europe.",
                 "Joe Biden called it a mistake after talking to Vladimir Putin.",
                 "Joe Biden called for a ceasefire in Gaza.",
                 "Joe Biden called on Israel to allow more aid.",
                 "Joe Biden called the Chinese government's actions unacceptable."):
        assert "MeetingHeld" not in types(text), text


def test_a_call_not_made_is_no_call():
    """ "did not call", "will call", "is expected to call": no call was held."""
    for text in ("Joe Biden did not call Vladimir Putin on Friday.",
                 "Joe Biden will call Vladimir Putin on Friday.",
                 "Joe Biden is expected to call Vladimir Putin on Friday."):
        assert "MeetingHeld" not in types(text), text


def test_calling_a_state_or_a_thing_is_no_call():
    """Only a person is called on the phone: "called Pakistan an iron brother", "called an
    emergency meeting", "called the ambassador's remarks ..." name no call."""
    for text in ("China called Pakistan an iron brother.",
                 "Theresa May called an emergency cabinet meeting on Thursday.",
                 "Theresa May called the Russian ambassador's remarks absurd."):
        assert "MeetingHeld" not in types(text), text
