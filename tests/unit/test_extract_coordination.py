"""Extraction 0.3.5: coordinated predicates, nominal acts and reactions to a named act. Each
rule on sentences of its own (none from the seeds, the dev set or the articles compared), with
the sentences that must not yield the event."""

from __future__ import annotations

from events import DateRule
from tests.unit.test_extract_precision import extracted, found, types
from timeline.extract import EXTRACTOR


def test_version():
    assert EXTRACTOR.version >= "0.3.5"


# ---------------------------------------------------------------- one subject, two predicates

def test_a_second_verb_after_and_is_an_act_of_the_same_subject():
    """ "X denied A and warned B": the warning is not the content of the denial."""
    assert ("WarningIssued", ("CHN",), ("PHL",)) in found(
        "China denied the accusation and warned the Philippines to stop provoking trouble.")
    assert ("AccusationMade", ("IRN",), ("ISR",)) in found("Iran denied the report and accused Israel of spreading lies.")
    assert ("DemandMade", ("DEU",), ("RUS",)) in found(
        "Germany condemned the attack and called on Russia to withdraw its troops.")
    assert ("ThreatIssued", ("RUS",), ("UKR",)) in found("Russia rejected the proposal and threatened Ukraine with retaliation.")
    assert ("DemandMade", ("JPN",), ("PRK",)) in found(
        "Japan condemned the launch on Tuesday and also urged North Korea to return to talks.")


def test_the_first_act_keeps_its_own_object_not_the_second_s():
    """ "X denied A and warned B": B is the warning's target, not the denial's."""
    assert ("DenialIssued", ("CHN",), ("PHL",)) not in found(
        "China denied the accusation and warned the Philippines to stop provoking trouble.")
    assert ("DenialIssued", ("CHN",), ()) in found("China denied the claim and did not warn the Philippines.")


def test_a_coordinated_verb_group_of_its_own_keeps_its_own_modality():
    """ "denied A and did not warn B", "denied A and would not warn B": the second is not done;
    "did not deny A and warned B": only the first is negated."""
    assert "WarningIssued" not in types("China denied the claim and did not warn the Philippines.")
    assert "WarningIssued" not in types("China denied the accusation and would not warn the Philippines.")
    assert ("WarningIssued", ("CHN",), ("PHL",)) in found("China did not deny the claim and warned the Philippines.")
    assert "DenialIssued" not in types("China did not deny the claim and warned the Philippines.")


def test_a_modal_before_the_first_verb_governs_both():
    """ "would deny A and warn B": neither is done."""
    assert types("China would deny the claim and warn the Philippines.") == set()
    assert types("If attacked, Iran would condemn the strike and warn Israel.") == set()


def test_a_perfect_is_shared_by_a_participle_after_and():
    """ "has denied A and warned B": both on or before the day."""
    evs = [e for e in extracted("Russia has denied the allegations and warned Ukraine against further attacks.")
           if e.type == "WarningIssued"]
    assert [(e.source, e.target) for e in evs] == [(("RUS",), ("UKR",))]
    assert evs[0].when.rule is DateRule.ON_OR_BEFORE


def test_a_second_subject_after_and_opens_a_clause_of_its_own():
    """ "X denied A and Y warned X": Y's warning, not the content of X's denial."""
    assert ("WarningIssued", ("PHL",), ("CHN",)) in found(
        "China denied the accusation and the Philippines warned China to stop.")


def test_a_verb_of_the_content_is_no_act_of_the_subject():
    """ "denied that its jets bombed A and killed B": "killed" belongs to the denied clause;
    "accused X of shelling A and attacking B": gerunds of the charge."""
    assert "MilitaryAttack" not in types("Russia denied that its jets bombed the hospital and killed 12 Syrians.")
    assert "MilitaryAttack" not in types("Moscow denied Kyiv's claim that Russian jets bombed the dam and killed Ukrainians.")
    assert ("AccusationMade", ("RUS",), ("UKR",)) in found(
        "Moscow accused Kyiv of shelling the plant and attacking Russian towns.")
    assert ("AccusationMade", ("RUS",), ("ISR",)) not in found("Moscow accused Kyiv of shelling the plant and attacking Israel.")


def test_a_participle_describing_a_noun_is_no_first_predicate():
    """ "rebels backed by Ankara, and urged Nato": the speaker urged, not the rebels."""
    assert ("DemandMade", ("TUR",), ("NATO",)) in found(
        "Erdoğan said it would be a joint operation involving the Turkish army and Syrian rebels backed by Ankara, "
        "and urged Nato to act.")


def test_the_speaker_s_own_act_before_and_said_is_an_event():
    """ "X rejected A and said ...": the rejection is no part of the speech, and is X's."""
    assert ("DenialIssued", ("IRN",), ()) in found("Iran rejected the sanctions as illegal and said it would respond.")
    assert ("DenialIssued", ("IRN",), ()) in found("Iran rejected the sanctions as illegal, and said it would respond.")
    assert ("DenialIssued", ("RUS",), ()) in found("The Kremlin denied the report and later said it had no plans to attack.")


def test_and_said_after_no_predicate_of_an_actor_names_no_speaker():
    """ "... Guantánamo Bay, the notorious US prison in Cuba, and said": the US says nothing."""
    evs = found("Lord Carlile urged that the men should not be sent to Guantánamo Bay, the notorious US prison in Cuba, "
                "and said that he hoped Britain would act.")
    assert not any("USA" in source for _t, source, _target in evs)
    assert types("Russia and China said they would hold talks.") <= {"MeetingHeld"}


# ---------------------------------------------------------------- a verb's noun in a reason

def test_the_actor_of_a_nominal_act_is_its_possessor():
    """ "sanctions on Iran over its transfer of drones to Russia": Iran transferred them, before;
    the subject of the sanctions did not."""
    evs = extracted("The European Union imposed new sanctions on Iran over its transfer of drones to Russia.")
    aid = [e for e in evs if e.type == "AidProvided"]
    assert [(e.source, e.target) for e in aid] == [(("IRN",), ("RUS",))]
    assert aid[0].when.rule is DateRule.ON_OR_BEFORE
    assert ("AidProvided", ("PRK",), ("RUS",)) in found(
        "Britain imposed sanctions on North Korea because of its supply of missiles to Russia.")
    assert ("AidProvided", ("IRN",), ("RUS",)) in found("Iran's transfer of drones to Russia has prolonged the war.")


def test_a_nominal_act_after_an_article_has_no_actor():
    """ "over the transfer of drones to Russia": whose transfer is not said."""
    assert "AidProvided" not in types("The EU imposed sanctions over the transfer of drones to Russia.")
    assert ("AidProvided", ("IRN",), ("RUS",)) in found("Iran transferred drones to Russia.")


# ---------------------------------------------------------------- reactions to a named act

def test_a_welcomed_or_criticised_agreement_is_aimed_at_its_parties():
    """ "X signed a pact. The US criticised the deal": the deal's parties, named in this
    sentence or the one before; further back, or never named, no one (and no event that needs
    a target)."""
    text = "Russia and North Korea signed a pact on Monday. The United States criticised the deal."
    assert ("CondemnationIssued", ("USA",), ("PRK", "RUS")) in found(text)
    assert ("PraiseIssued", ("USA",), ("PRK", "RUS")) in found(
        "Russia and North Korea signed a pact on Monday. The United States welcomed the agreement.")
    assert ("CondemnationIssued", ("CHN",), ("JPN", "KOR")) in found(
        "Japan and South Korea held talks in Seoul on Friday. China condemned the talks as a provocation.")
    assert "PraiseIssued" not in types("The United States welcomed the pact.")
    assert "PraiseIssued" not in types(
        "Russia and North Korea signed a pact on Monday. It was a sunny day. Officials were busy. "
        "The United States welcomed the agreement.")


def test_a_relative_clause_on_an_agreement_criticises_its_parties():
    """ "a deal China's foreign ministry criticised as a threat", "an agreement which Washington
    condemned": the relative clause's verb is no content of the signing, and its object is the
    deal; a noun that names no act ("a document Washington condemned") gives it no target."""
    assert ("CondemnationIssued", ("CHN",), ("JPN", "KOR")) in found(
        "Japan and South Korea signed a defence pact on Monday, a deal China's foreign ministry criticised "
        "as a threat to regional stability.")
    assert ("CondemnationIssued", ("USA",), ("PRK", "RUS")) in found(
        "Russia and North Korea signed a treaty on Wednesday, an agreement which Washington condemned.")
    assert "CondemnationIssued" not in types(
        "Russia and North Korea signed a treaty on Wednesday, a document Washington condemned.")
