"""Extraction 0.3.5: visits named by a noun ("Putin's visit to Pyongyang", "during a visit to
Seoul, Blinken said", "the visit of Li Qiang to Australia"). Each rule on sentences of its own
(none from the seeds, the dev set or the articles compared), with the sentences that must not
yield the event. People map to states by their roles on the publication date (20 June 2024, a
Thursday, unless a test says otherwise)."""

from __future__ import annotations

import datetime as dt

from events import DateRule
from tests.unit.test_extract_precision import extracted

PUBLISHED = dt.date(2024, 6, 20)


def _visits(text: str) -> set[tuple]:
    return {(e.source, e.target) for e in extracted(text, PUBLISHED) if e.type == "VisitMade"}


def _each(*cases: tuple[tuple, str]) -> None:
    for expected, text in cases:
        assert expected in _visits(text), text


def _none(*texts: str) -> None:
    for text in texts:
        assert not _visits(text), text


def _visit(text: str):
    found = [e for e in extracted(text, PUBLISHED) if e.type == "VisitMade"]
    assert len(found) == 1, (text, found)
    return found[0]


# ---------------------------------------------------------------- the visitor

def test_the_possessor_of_a_visit_made_it():
    """ "X's visit to Y", "X's first two-day state visit to Y", "X's visit to Y and Z", as the
    subject or inside an adjunct ("signed during X's visit to Y")."""
    _each(
        ((("RUS",), ("PRK",)), "The treaty was signed during Russian President Vladimir Putin's visit to North Korea on Wednesday."),
        ((("RUS",), ("PRK",)), "Vladimir Putin's visit to Pyongyang was his first in 24 years."),
        ((("USA",), ("CHN",)), "Antony Blinken's second visit to Beijing ended on Monday."),
        ((("TUR",), ("DEU",)), "Recep Tayyip Erdoğan's three-day state visit to Germany drew protests."),
        ((("USA",), ("CHN", "JPN")), "Antony Blinken's visit to Beijing and Tokyo ended on Friday."),
    )


def test_an_of_or_by_phrase_names_the_visitor():
    """ "the visit of X to Y", "a visit by X to Y", "a visit to Y by X"."""
    _each(
        ((("CHN",), ("AUS",)), "The visit of Chinese Premier Li Qiang to Australia ended on Tuesday."),
        ((("CHN",), ("AUS",)), "A visit by Li Qiang to Australia has strengthened ties."),
        ((("KOR",), ("JPN",)), "The talks came during a visit to Tokyo by the South Korean president."),
    )


def test_an_adjunct_visit_was_made_by_the_subject_of_its_clause():
    """ "Speaking during a visit to Seoul, X said", "On a visit to X, Y announced", "X, on a visit
    to Y, said", "X told reporters during a trip to Y", "X was speaking ... on the second day of a
    state visit" (the host named before the noun)."""
    _each(
        ((("USA",), ("KOR",)), "Speaking during a visit to Seoul, Antony Blinken said the alliance was strong."),
        ((("USA",), ("KOR",)), "On a visit to Seoul, Antony Blinken said the alliance was strong."),
        ((("USA",), ("KOR",)), "Antony Blinken, on a visit to Seoul, said the alliance was strong."),
        ((("USA",), ("KOR",)), "Antony Blinken told reporters during a visit to Seoul on Monday."),
        ((("DEU",), ("CHN",)), "During his visit to Beijing, Olaf Scholz met Xi Jinping."),
        ((("TUR",), ("GBR",)), "Recep Tayyip Erdoğan was speaking in London on the second day of a UK state visit."),
        ((("PRK",), ("RUS",)), "Kim Jong Un agreed to expand military ties during a visit to Moscow."),
    )


def test_his_visit_is_the_last_person_named():
    """ "X arrived on Wednesday. His visit to Y was ...": the possessive pronoun's person."""
    _each(((("RUS",), ("PRK",)), "Vladimir Putin arrived on Wednesday. His visit to Pyongyang was his first in 24 years."))


def test_the_host_is_the_state_of_the_place():
    """A capital stands for its state ("to Pyongyang"), so does "the Chinese capital"; a state
    named before the noun is the host ("his China trip", "a UK state visit")."""
    _each(
        ((("USA",), ("CHN",)), "Antony Blinken's visit to the Chinese capital ended on Monday."),
        ((("DEU",), ("CHN",)), "Olaf Scholz's China trip drew criticism."),
    )


def test_no_state_or_the_visitors_own_is_no_visit():
    """ "a trip to Asia" (a region), "Putin's visit to Moscow" (his own state), "a visit to
    Ayn al-Assad" (a place the registry does not know): no host, no event."""
    _none(
        "During a three-day trip to Asia, Olaf Scholz told reporters that the war must end.",
        "Vladimir Putin's visit to Moscow was short.",
        "Joe Biden's visit to troops at a remote airbase was brief.",
    )


# ---------------------------------------------------------------- only visits made

def test_a_visit_only_planned_or_invited_is_none():
    """ "a planned visit", "an upcoming trip", "plans a visit", "an invitation to visit", "ahead of
    X's visit", "preparations for X's visit", "X's visit next week will", "is expected to",
    "a visit ... was called off", and a clause still to come ("will meet Y during a visit")."""
    _none(
        "Vladimir Putin plans a visit to North Korea.",
        "A planned visit by Vladimir Putin to North Korea was called off.",
        "Olaf Scholz's upcoming trip to China was discussed.",
        "Vladimir Putin accepted an invitation to visit North Korea.",
        "Vladimir Putin extended an invitation to Kim Jong Un to visit Russia.",
        "Ahead of Vladimir Putin's visit to Pyongyang, Kim Jong Un inspected a factory.",
        "Preparations for Vladimir Putin's visit to Pyongyang are under way.",
        "Vladimir Putin's visit to Pyongyang next week will be his first in 24 years.",
        "Vladimir Putin's visit to Pyongyang is expected to deepen ties.",
        "Officials discussed a visit to Beijing by Olaf Scholz.",
        "Antony Blinken's forthcoming visit to Seoul was announced on Tuesday.",
        "Antony Blinken's visit to Seoul has been postponed.",
        "During a visit to Seoul next week, Antony Blinken will meet Yoon Suk Yeol.",
        "Antony Blinken will meet Yoon Suk Yeol during a visit to Seoul.",
    )


def test_a_visit_as_the_topic_of_another_act_is_none():
    """ "a row over X's visit", "questions about X's visit": what is argued about, not reported
    as made."""
    _none(
        "Opposition MPs started a row over Olaf Scholz's visit to China.",
        "Reporters asked questions about Antony Blinken's visit to Beijing.",
    )


def test_visit_as_a_verb_of_private_people_or_things_is_none():
    """ "click here to visit", "journalists visit", "visit the site": no state visits a state."""
    _none(
        "Click here to visit our website.",
        "Hundreds of journalists visit the camps each year.",
        "The inspectors will visit the site on Saturday.",
    )


# ---------------------------------------------------------------- dates

def test_a_dated_visit_takes_its_sentence_date():
    """ "during X's visit ... on Wednesday", "told reporters during a visit ... on Monday": the day."""
    ev = _visit("The treaty was signed during Russian President Vladimir Putin's visit to North Korea on Wednesday.")
    assert (str(ev.when.start), ev.when.rule, ev.modality) == ("2024-06-19", DateRule.EXACT, "done")
    ev = _visit("Antony Blinken told reporters during a visit to Seoul on Monday.")
    assert (str(ev.when.start), ev.when.rule) == ("2024-06-17", DateRule.EXACT)


def test_an_undated_visit_is_on_or_before_the_reference_day():
    """ "X's visit to Y was his first ...", "Speaking during a visit to Seoul, X said": a background
    fact, on or before the article's day."""
    for text in ("Vladimir Putin's visit to Pyongyang was his first in 24 years.",
                 "Speaking during a visit to Seoul, Antony Blinken said the alliance was strong."):
        ev = _visit(text)
        assert (ev.when.start, ev.when.rule) == (PUBLISHED, DateRule.ON_OR_BEFORE), text


def test_a_verb_before_during_is_no_support_of_the_visit():
    """ "agreed to expand ties during a visit to Moscow": the verb's object is the ties; the
    visit was made (not promised), on or before the day."""
    ev = _visit("Kim Jong Un agreed to expand military ties during a visit to Moscow.")
    assert ev.modality == "done"
    assert ev.when.rule == DateRule.ON_OR_BEFORE


# ---------------------------------------------------------------- "the two sides"

def _found(text: str) -> set[tuple]:
    return {(e.type, tuple(sorted(e.source)), tuple(sorted(e.target))) for e in extracted(text, PUBLISHED)}


def test_the_two_sides_are_the_parties_of_the_meeting_before():
    """ "X met Y, and the two sides agreed ...", "X held talks with Y. The two sides signed ...",
    "X spoke by phone with Y. Both leaders pledged ...", "X arrived in Y. Both sides signed ...":
    the two states of the meeting, call or visit in the same sentence or the one before."""
    cases = [
        (("AgreementReached", ("PRK", "RUS"), ()),
         "Kim Jong Un met Sergei Shoigu in Pyongyang, and the two sides agreed to expand military cooperation."),
        (("AgreementReached", ("CHN", "RUS"), ()),
         "Xi Jinping held talks with Vladimir Putin in Beijing on Thursday. The two sides signed a joint statement."),
        (("CooperationPledged", ("DEU", "FRA"), ()),
         "Olaf Scholz spoke by phone with Emmanuel Macron. Both leaders pledged to deepen cooperation."),
        (("AgreementReached", ("PRK", "RUS"), ()),
         "Vladimir Putin arrived in Pyongyang on Wednesday. Both governments signed a strategic partnership treaty."),
    ]
    for expected, text in cases:
        assert expected in _found(text), text


def test_the_two_sides_without_a_pair_just_before_name_no_one():
    """Three parties, no meeting before, a meeting two paragraphs away, or "both sides of the
    border" / "on both sides": no agreement of anyone."""
    texts = [
        "Antony Blinken met Wang Yi and Yoko Kamikawa. The two sides agreed to resume talks.",
        "The two sides agreed to resume talks.",
        "Kim Jong Un met Sergei Shoigu in Pyongyang.\n\nThe weather was fine.\n\nThe two sides agreed to expand ties.",
        "Kim Jong Un met Sergei Shoigu in Pyongyang. Troops were deployed on both sides of the border.",
    ]
    for text in texts:
        assert not {t for t, _s, _t in _found(text)} & {"AgreementReached", "TroopsDeployed"}, text
