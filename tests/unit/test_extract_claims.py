"""Extraction 0.3.0: acts reported inside a claim, each rule on a sentence of its own (none from
the seeds)."""

from __future__ import annotations

import datetime as dt
import uuid

from events import ArticleIngested, DateRule
from timeline.extract import extract

PUBLISHED = dt.date(2024, 3, 6)


def events_of(text: str):
    return extract(ArticleIngested(article_id=uuid.uuid5(uuid.NAMESPACE_URL, text), title="", text=text,
                                   published=PUBLISHED))


def claimed(text: str) -> set[tuple]:
    return {(e.type, tuple(sorted(e.source)), tuple(sorted(e.target)), e.attributed_to)
            for e in events_of(text) if e.attributed_to}


def found(text: str) -> set[tuple]:
    return {(e.type, tuple(sorted(e.source)), tuple(sorted(e.target))) for e in events_of(text)}


# ---------------------------------------------------------------- accused of


def test_an_act_an_actor_is_accused_of_is_an_event_attributed_to_the_accuser():
    text = "Israel accused Iran of supplying weapons to Hezbollah."
    assert ("AidProvided", ("IRN",), ("HEZBOLLAH",), ("ISR",)) in claimed(text)
    assert ("AccusationMade", ("ISR",), ("IRN",)) in found(text)  # the accusation itself stays


def test_each_accused_does_its_own_act():
    text = ("Kyiv has accused Iran of shipping drones to Russia for use in its war with Ukraine, "
            "and Belarus of providing military equipment to Russia.")
    got = claimed(text)
    assert ("AidProvided", ("IRN",), ("RUS",), ("UKR",)) in got
    assert ("AidProvided", ("BLR",), ("RUS",), ("UKR",)) in got


def test_a_claimed_act_has_lower_confidence_and_is_dated_on_or_before_the_claim():
    [aid] = [e for e in events_of("Israel accused Iran of supplying weapons to Hezbollah.") if e.attributed_to]
    assert aid.confidence <= 0.5
    assert aid.when.rule is DateRule.ON_OR_BEFORE


def test_backing_an_actor_is_aid_when_it_is_claimed():
    assert ("AidProvided", ("IRN",), ("HOUTHIS",), ("SAU",)) in claimed("Riyadh accuses Tehran of backing the Houthis.")


# ---------------------------------------------------------------- concerned that, alleged that


def test_help_in_a_concern_is_aid_from_the_helpers_to_the_helped_and_ongoing():
    text = "“We are worried that Iran and Belarus are helping Russia evade sanctions,” the British envoy said."
    events = [e for e in events_of(text) if e.type == "AidProvided"]
    assert [(tuple(sorted(e.source)), e.target, e.attributed_to, e.modality) for e in events] == [
        (("BLR", "IRN"), ("RUS",), ("GBR",), "ongoing")]


def test_an_act_alleged_in_a_that_clause_is_attributed_to_the_alleger():
    assert ("AidProvided", ("IRN",), ("RUS",), ("USA",)) in claimed(
        "The United States alleged that Iran had shipped missiles to Russia.")


def test_the_same_claimed_act_in_two_sentences_is_one_event():
    text = ("Britain accused Iran of supplying drones to Russia. "
            "London has repeatedly accused Iran of supplying drones to Russia.")
    assert len([e for e in events_of(text) if e.type == "AidProvided"]) == 1


# ---------------------------------------------------------------- no claimed act


def test_the_content_of_a_denial_is_no_event():
    """Nor are its actors the denial's target: Iran does not deny anything to the Houthis. A
    denial is aimed at its accuser (the next test); with none named, at no one."""
    assert found("Iran denied supplying weapons to the Houthis.") == {("DenialIssued", ("IRN",), ())}
    assert found("Russia flatly denied that its troops had entered Ukraine.") == {("DenialIssued", ("RUS",), ())}


def test_a_denial_of_an_act_is_aimed_at_the_accuser_named_before():
    text = ("The United States accused North Korea of sending weapons to Russia. "
            "North Korea has denied sending weapons to Russia.")
    denials = [e for e in events_of(text) if e.type == "DenialIssued"]
    assert [(e.source, e.target) for e in denials] == [(("PRK",), ("USA",))]


def test_a_denied_claim_named_by_its_author_is_aimed_at_the_author():
    assert found("China rejected Japan's claims.") == {("DenialIssued", ("CHN",), ("JPN",))}
    assert found("China denied the accusation by the Philippines.") == {("DenialIssued", ("CHN",), ("PHL",))}


def test_an_act_in_a_question_is_no_event():
    assert found("Is China helping Russia evade sanctions?") == set()


def test_a_negated_or_hypothetical_claimed_act_is_no_event():
    assert claimed("Ukraine accused Belarus of not stopping Russian drones.") == set()
    assert claimed("Poland is concerned that Belarus could send troops to Russia.") == set()


def test_a_claimed_future_act_is_no_event():
    assert claimed("Washington alleged that Iran will deliver missiles to Russia.") == set()


def test_a_passive_accusation_with_no_accuser_yields_no_claimed_act():
    assert claimed("Iran has been accused of supplying drones to Russia.") == set()


# ---------------------------------------------------------------- said, according to


def test_according_to_ends_at_its_comma_and_the_subject_follows():
    assert ("AidProvided", ("IRN",), ("RUS",), ("USA",)) in claimed(
        "According to U.S. officials, Iran has delivered drones to Russia.")


def test_sent_troops_names_its_own_forces():
    assert ("TroopsDeployed", ("PRK",), (), ("KOR",)) in claimed("Seoul says Pyongyang has sent troops to Russia.")


def test_helping_an_actor_is_aid_to_it():
    assert ("AidProvided", ("TUR",), ("UKR",)) in found("Turkey helped Ukraine export grain through the Black Sea.")


# ---------------------------------------------------------------- cataphoric "it"


def test_a_cataphoric_it_is_the_one_actor_the_next_quoted_sentence_names():
    text = ("“We denounce it in the strongest terms, the latest test of many,” the Japanese foreign minister said. "
            "“The world should be demanding that Iran stop these reckless actions.”")
    assert ("CondemnationIssued", ("JPN",), ("IRN",)) in found(text)


def test_a_cataphoric_it_names_no_one_when_the_next_sentence_names_two():
    text = ("“We denounce it in the strongest terms, the latest test of many,” the Japanese foreign minister said. "
            "“The world should be demanding that Iran and Syria stop these reckless actions.”")
    assert not any(t == "CondemnationIssued" for t, _s, _t in found(text))


def test_a_cataphoric_it_is_not_resolved_from_another_paragraph():
    text = ("“We denounce it in the strongest terms, the latest test of many,” the Japanese foreign minister said.\n\n"
            "“The world should be demanding that Iran stop these reckless actions.”")
    assert not any(t == "CondemnationIssued" for t, _s, _t in found(text))
