"""Extraction 0.3.3: a third round on real news (the Guardian sample beyond rows 0-40 and the
AFP sentences of PETRARCH's GigaWord sample, compared before and after). Each rule on
sentences of its own, none from the seeds or the articles compared."""

from __future__ import annotations

import datetime as dt

from tests.unit.test_extract_precision import extracted, found
from timeline.extract import EXTRACTOR


def test_version():
    assert EXTRACTOR.version >= "0.3.3"


def attributions(text: str) -> set[tuple]:
    return {(e.type, e.attributed_to) for e in extracted(text)}


# ---------------------------------------------------------------- "X met Y"

def test_whom_one_meets_takes_part_in_the_meeting():
    assert ("MeetingHeld", ("IND", "JPN"), ()) in found("Japan's prime minister met India's foreign minister in Tokyo on Monday.")
    assert not any(t == "MeetingHeld" for t, _s, _t in found("France met resistance from Germany on Monday."))
    assert ("MeetingHeld", ("BRA", "MEX"), ()) in found("The Mexican president met his Brazilian counterpart on Monday.")


def test_a_place_after_met_is_no_participant():
    assert found("Brazil and Argentina met in Geneva on Monday.") == {("MeetingHeld", ("ARG", "BRA"), ())}


def test_forces_that_meet_forces_are_no_meeting():
    assert found("Turkish troops met Syrian government forces near the border on Monday.") == set()


# ---------------------------------------------------------------- wishes, requests, pressure

def test_an_act_someone_wishes_or_asks_of_another_is_not_reported():
    assert found("Canada wants Mexico to impose sanctions on Venezuela.") == set()
    assert found("Poland asked Germany to send tanks to Ukraine on Monday.") == set()
    assert found("Kenya is under pressure from Britain to deploy troops to Haiti.") == set()
    # a demand is an event of its own; a pledge is announced
    assert ("DemandMade", ("USA",), ("CHN",)) in found("Washington urged Beijing to impose sanctions on North Korea on Monday.")


# ---------------------------------------------------------------- relative clauses

def test_the_actors_of_a_relative_clause_on_a_common_noun_are_not_the_verbs():
    assert found("The US backed the rebels that attacked Syria on Monday.") == set()
    assert found("Ankara is expanding its campaign against the militant group that has seized parts of Iraq and Syria.") == set()
    assert found("Turkey supports a rebel army that has so far trained thousands of fighters.") == set()
    # a complement clause keeps its actors
    assert ("MilitaryAttack", ("RUS",), ("UKR",)) in found("The US said that Russia attacked Ukraine on Monday.")


# ---------------------------------------------------------------- people and pronouns

def test_a_leader_of_the_2000s_speaks_for_the_state_while_in_office_only():
    assert ("MeetingHeld", ("RUS", "USA"), ()) in found("Barack Obama and Vladimir Putin met on Monday.", dt.date(2015, 6, 9))
    assert found("Sarkozy met Hu Jintao in Beijing on Thursday.", dt.date(2015, 6, 9)) == set()
    assert ("MeetingHeld", ("CHN", "FRA"), ()) in found("Sarkozy met Hu Jintao in Beijing on Thursday.", dt.date(2008, 8, 8))


def test_a_former_official_named_next_to_a_state_does_not_speak_for_it():
    text = ("Obama, who withdrew from Iraq in 2011, was mentioned on Monday. "
            "It is one of the few areas where Trump and Obama meet.")
    assert not any(t == "MeetingHeld" for t, _s, _t in found(text, dt.date(2019, 1, 10)))


def test_he_is_the_sentences_own_person_before_the_articles_last_one():
    text = ("Joe Biden spoke on Monday. "
            "After Damascus, Mr Putin travelled on to Cairo, where he met Egypt's president on Tuesday.")
    assert ("MeetingHeld", ("EGY", "RUS"), ()) in found(text, dt.date(2024, 3, 1))


# ---------------------------------------------------------------- asides, modifiers, sport

def test_a_speaker_in_an_aside_with_its_own_statement_does_not_report_the_main_clause():
    assert ("CondemnationIssued", ()) in attributions(
        "Peru condemned Chile on Monday, as Santiago said it hoped the talks would resume.")
    assert ("CondemnationIssued", ("CHL",)) in attributions("Peru condemned Chile on Monday, Santiago said.")


def test_a_demonym_before_an_affiliation_participle_modifies_what_follows():
    assert found("On Sunday, the Iranian backed Houthi fighters in Yemen said they had entered the town.") == set()
    assert found("Russian trained units attacked the town on Monday.") == set()
    assert ("PraiseIssued", ("TUR",), ("AZE",)) in found("Turkey backed Azerbaijan on Sunday.")


def test_a_match_report_is_no_attack():
    assert found("When star striker Akram Afif put Qatar ahead with a sublime strike against Iran, "
                 "chants of joy could be heard all the way down one of Tehran's streets.") == set()
    assert ("MilitaryAttack", ("ISR",), ("SYR",)) in found("Israel launched a strike on Syria on Monday.")


def test_he_after_a_person_of_no_state_is_no_state():
    # a speaker the registry does not know
    text = ("Vladimir Putin spoke on Monday. “We expect more attacks,” said Hassan Hassan, a senior "
            "fellow at a think tank. He condemned Britain's decision on Tuesday.")
    assert not any(t == "CondemnationIssued" for t, _s, _t in found(text, dt.date(2024, 3, 6)))
    # a person the registry knows, holding no role that day
    text = "Vladimir Putin spoke on Monday. Barack Obama was in Berlin. He condemned Britain's decision on Tuesday."
    assert not any(t == "CondemnationIssued" for t, _s, _t in found(text, dt.date(2024, 3, 6)))
    text = "Vladimir Putin spoke on Monday. He condemned Britain's decision on Tuesday."
    assert ("CondemnationIssued", ("RUS",), ("GBR",)) in found(text, dt.date(2024, 3, 6))


def test_ties_without_a_verb_that_makes_them_are_a_standing_relation_not_a_pledge():
    assert found("Ties between Japan and its allies, particularly Australia, have been frayed by the dispute.") == set()
    assert found("The deterioration in ties between Ankara and Washington continued on Monday.") == set()
    assert ("CooperationPledged", ("IRN", "SAU"), ()) in found("Saudi Arabia and Iran restored diplomatic relations on Friday.")


def test_right_after_a_speech_verb_a_verb_form_is_a_noun():
    assert found("Moscow says demands for Turkish troops to leave Libya are unrealistic.") == set()
    assert ("DemandMade", ("RUS",), ("TUR",)) in found("Moscow demanded that Turkey withdraw its troops from Libya on Monday.")


def test_a_name_the_registry_does_not_know_is_a_subject_of_no_state():
    text = "Isis recruited hundreds of men. It is understood that Dawson travelled to Iraq on 22 July."
    assert found(text) == set()
    assert ("VisitMade", ("RUS",), ("IRN",)) in found("Officials said that Putin visited Iran on Monday.")


def test_a_material_act_is_not_the_speaker_who_reports_it_after():
    assert found("Airstrikes hit Damascus overnight, Syria's defence ministry said on Monday.") == set()
    text = ("“The line is open,” the Kremlin's spokesman, Dmitry Peskov, told reporters. “More bombing will not "
            "save lives,” he said and urged Britain to consult MPs.")
    assert not any(t == "MilitaryAttack" for t, _s, _t in found(text))
    # the speaker who announces an act before it does it
    assert ("SanctionsImposed", ("CAN",), ("RUS",)) in found("Canada announced sanctions against Russia on Monday.")


def test_the_agent_after_by_in_the_subject_is_the_actor():
    assert ("MilitaryAttack", ("RUS",), ("UKR",)) in found(
        "A wave of airstrikes by Russian jets killed 20 Ukrainian soldiers on Monday, Kyiv's defence ministry said.")


def test_a_verb_form_after_a_determiner_and_an_adjective_is_a_noun():
    assert found("Canada has the backing of parliament to take part in any western strike against Syria.") == set()
    assert ("DenialIssued", ("PSE",), ("ISR",)) in found("The Palestinians reject Israeli changes to the deal.")


def test_private_people_and_unnamed_accusers():
    assert found("Other Canadians have reported being turned away at the border and warned Mexico about it on Monday.") == set()
    assert found("Two other Danish men are in Kurdish and US custody in Syria, accused of being members of Isis.") == set()
    assert ("AccusationMade", ("UKR",), ("RUS",)) in found("Ukraine accused Russia of shelling the plant on Monday.")


def test_during_a_visit_the_visit_took_place():
    assert ("VisitMade", ("USA",), ("LBN",)) in found(
        "The US commander in Iraq, General Jack Morrow, spoke to reporters during a surprise visit to Beirut on Wednesday.",
        dt.date(2008, 8, 6))


def test_medics_residents_and_contractors_are_people_not_states():
    assert found("Syrian medics condemned Turkey on Monday.") == set()
    assert found("US troops exchanged fire with Russian contractors on Monday.") == set()


def test_a_speaker_inside_a_relative_clause_reports_only_that_clause():
    assert ("AccusationMade", ()) in attributions(
        "Chile blamed Peru for the attack and struck the base from which Lima said it had been launched.")


def test_compound_and_alleged_attacks():
    # "weapons attack" is a noun: the actors of the sentence did not carry it out
    text = ("Canada's envoy said that Canada was not involved in an alleged deadly chemical weapons attack in Syria, "
            "rejecting an accusation by Russia's defence ministry.")
    assert not any(t == "MilitaryAttack" for t, _s, _t in found(text))
    assert ("MilitaryAttack", ("USA",), ("SYR",)) in found(
        "Donald Trump ordered a cruise missile strike on Syrian military facilities on Friday.", dt.date(2018, 4, 14))


def test_the_subject_of_a_reported_clause_takes_no_part_in_the_call():
    text = ("The Turkish leader said in a phone call with Russia's president, Vladimir Putin, that Damascus "
            "would face consequences on Monday.")
    assert not any("SYR" in s for t, s, _t in found(text) if t == "MeetingHeld")


def test_attack_aircraft_and_foreign_fighters_are_no_acts_of_states():
    assert found("Two Russian Su-25 attack aircraft conducted low passes in close proximity to the British "
                 "destroyer HMS Defender on Monday.") == set()
    assert found("French and Algerian fighters travelled to Afghanistan on Monday.") == set()


def test_a_participle_after_a_comma_shares_the_sentences_subject():
    assert ("AccusationMade", ("TUR",), ("USA",)) in found(
        "Erdoğan has lately sharpened his rhetoric against the US, accusing it of arming a terror army on the border.",
        dt.date(2018, 4, 14))
