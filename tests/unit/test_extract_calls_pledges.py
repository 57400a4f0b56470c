"""Extraction 0.3.5: calls, name-calling, pledges of support and the representatives of two
states. Each rule on sentences of its own (none from the seeds, the dev set or the articles
compared), with the sentences that must not yield the event. People map to states by their
roles on the publication date (6 March 2024 unless a test says otherwise)."""

from __future__ import annotations

from tests.unit.test_extract_precision import extracted, found, types


def _each(*cases: tuple[tuple, str]) -> None:
    for expected, text in cases:
        assert expected in found(text), text


def _none(etype: str, *texts: str) -> None:
    for text in texts:
        assert etype not in types(text), text


# ---------------------------------------------------------------- "called" a person: a call

def test_calling_a_person_is_a_call():
    """ "X called his Pakistani counterpart", "called Antony Blinken on Thursday to discuss",
    "rang Emmanuel Macron late on Sunday": the caller and the called hold a meeting."""
    _each(
        (("MeetingHeld", ("CHN", "PAK"), ()),
         "Chinese Foreign Minister Wang Yi called his Pakistani counterpart on Thursday."),
        (("MeetingHeld", ("CHN", "USA"), ()),
         "Wang Yi called Antony Blinken on Thursday to discuss the crisis."),
        (("MeetingHeld", ("CHN", "USA"), ()),
         "President Joe Biden called Chinese President Xi Jinping on Tuesday."),
        (("MeetingHeld", ("CHN", "USA"), ()),
         "Antony Blinken called his Chinese counterpart, Wang Yi, on Monday."),
        (("MeetingHeld", ("DEU", "FRA"), ()),
         "Olaf Scholz rang Emmanuel Macron late on Sunday."),
        (("MeetingHeld", ("DEU", "FRA", "USA"), ()),
         "Joe Biden called Olaf Scholz and Emmanuel Macron on Friday."),
    )


def test_a_call_is_dated_by_its_own_day():
    """ "called ... on Monday": the Monday before publication (a Wednesday)."""
    evs = [e for e in extracted("Antony Blinken called his Chinese counterpart, Wang Yi, on Monday.")
           if e.type == "MeetingHeld"]
    assert [str(e.when.start) for e in evs] == ["2024-03-04"]


def test_called_with_a_complement_or_a_preposition_is_no_call():
    """ "called X a killer", "called X reckless", "called X's threats ...", "called it",
    "called for", "called on X to": name-calling and demands, never a meeting."""
    _none("MeetingHeld", "Joe Biden called Vladimir Putin a killer.",
                         "Joe Biden called Vladimir Putin reckless.",
                         "Joe Biden called Vladimir Putin “a killer”.",
                         "Joe Biden called Vladimir Putin's threats irresponsible.",
                         "Joe Biden called Vladimir Putin the greatest threat to Europe.",
                         "Joe Biden called it a mistake after talking to Vladimir Putin.",
                         "Joe Biden called for a ceasefire in Gaza.",
                         "Joe Biden called on Israel to allow more aid.",
                         "Joe Biden called the Chinese government's actions unacceptable.")


def test_a_call_not_made_is_no_call():
    """ "did not call", "will call", "is expected to call": no call was held."""
    _none("MeetingHeld", "Joe Biden did not call Vladimir Putin on Friday.",
                         "Joe Biden will call Vladimir Putin on Friday.",
                         "Joe Biden is expected to call Vladimir Putin on Friday.")


def test_calling_a_state_or_a_thing_is_no_call():
    """Only a person is called on the phone: "called Pakistan an iron brother", "called an
    emergency meeting", "called the ambassador's remarks ..." name no call."""
    _none("MeetingHeld", "China called Pakistan an iron brother.",
                         "Theresa May called an emergency cabinet meeting on Thursday.",
                         "Theresa May called the Russian ambassador's remarks absurd.")


# ---------------------------------------------------------------- "the leaders of X and Y" as subject

def test_the_representatives_of_two_states_are_the_parties():
    """ "The foreign ministers of Japan and China met", "Officials from India and Pakistan held
    talks", "The leaders of France and Germany signed the treaty": the states after "of" or
    "from" are the subject when a noun for their representatives heads it."""
    _each(
        (("MeetingHeld", ("CHN", "JPN"), ()),
         "The foreign ministers of Japan and China met on Tuesday."),
        (("MeetingHeld", ("IND", "PAK"), ()),
         "Officials from India and Pakistan held talks in Geneva."),
        (("MeetingHeld", ("CHN", "USA"), ()),
         "Top diplomats from the United States and China held talks in Vienna on Friday."),
        (("AgreementReached", ("DEU", "FRA"), ()),
         "The leaders of France and Germany signed the treaty."),
        (("AgreementReached", ("JPN", "KOR"), ()),
         "After years of tension, the defence ministers of South Korea and Japan agreed to share radar data."),
        (("MeetingHeld", ("CHN", "FRA"), ()),
         "The president of France met the president of China."),
    )


def test_a_meeting_of_representatives_still_to_come_is_planned():
    """ "are due to meet on 14 November": planned, dated ahead."""
    evs = [e for e in extracted("The foreign ministers of Japan and China are due to meet on 14 November.")
           if e.type == "MeetingHeld"]
    assert [(sorted(e.source), e.modality, str(e.when.start)) for e in evs] == [(["CHN", "JPN"], "planned", "2024-11-14")]


def test_states_after_of_or_from_elsewhere_are_not_the_subject():
    """Only when the noun heads the subject: "the wife of the president of France", "relatives
    of Russian soldiers", "people from India and Pakistan", "recalled its ambassador from
    Minsk" (Minsk stays the place the ambassador leaves)."""
    assert ("MeetingHeld", ("CHN", "FRA"), ()) not in found(
        "The wife of the president of France met the president of China.")
    assert types("Thousands of people from India and Pakistan met at the border.") == set()
    assert types("The children of the leaders of France and Germany met.") == set()
    assert ("RelationsReduced", ("RUS",), ("BLR",)) in found("Russia recalled its ambassador from Minsk.")


# ---------------------------------------------------------------- a pledge of support for a state

def test_a_pledge_of_support_for_a_state_is_a_pledge_with_it():
    """ "pledged support for Pakistan's sovereignty", "pledged Beijing's support for Pakistan",
    "pledged to support Pakistan", "support for the territorial integrity of Ukraine": the
    state supported is a party of the pledge (CooperationPledged lists all its parties)."""
    _each(
        (("CooperationPledged", ("CHN", "PAK"), ()),
         "Chinese Foreign Minister Wang Yi pledged support for Pakistan's sovereignty."),
        (("CooperationPledged", ("CHN", "PAK"), ()),
         "Chinese Foreign Minister Wang Yi pledged Beijing's support for Pakistan."),
        (("CooperationPledged", ("CHN", "PAK"), ()),
         "China pledged on Tuesday to support Pakistan."),
        (("CooperationPledged", ("DEU", "UKR"), ()),
         "Germany pledged continued support for the sovereignty and territorial integrity of Ukraine."),
        (("CooperationPledged", ("ISR", "USA"), ()),
         "The US pledged unwavering support for Israel's security."),
        (("CooperationPledged", ("DEU", "FRA", "UKR"), ()),
         "France and Germany pledged support for Ukraine."),
    )


def test_support_for_anything_but_a_state_names_no_party():
    """ "support for refugees in Lebanon", "for the fight against Isis in Syria", "pledged
    €5bn to support countries like Jordan": no state is backed; "did not pledge", "would
    pledge ... if": no pledge."""
    _none("CooperationPledged", "Germany pledged support for refugees in Lebanon.",
                                "Germany pledged support for the fight against Isis in Syria.",
                                "Germany pledged €5bn to support countries like Jordan and Lebanon.",
                                "Germany did not pledge support for Ukraine.",
                                "Germany would pledge support for Ukraine if asked.")


def test_a_pledge_of_a_material_act_stays_that_act():
    """ "pledged aid to Ukraine": the aid, announced, not a pledge of cooperation."""
    assert found("Germany pledged aid to Ukraine.") == {("AidProvided", ("DEU",), ("UKR",))}


# ---------------------------------------------------------------- "called X a provocation"

def test_labelling_an_act_condemns_its_actor():
    """ "called the move by Washington a provocation", "called the new US sanctions illegal",
    "called Israel's strike a crime", "called the US arms sales to Taiwan a provocation": a
    condemnation of the act's actor, named in the noun phrase or after "by"."""
    _each(
        (("CondemnationIssued", ("CHN",), ("USA",)), "Beijing called the decision by Washington a provocation."),
        (("CondemnationIssued", ("RUS",), ("USA",)),
         "Russia called the move by Washington a violation of international law."),
        (("CondemnationIssued", ("CHN",), ("USA",)), "China called the new US sanctions illegal."),
        (("CondemnationIssued", ("IRN",), ("ISR",)), "Iran called Israel's strike a crime."),
        (("CondemnationIssued", ("CHN",), ("USA",)), "China called the US arms sales to Taiwan a provocation."),
        (("CondemnationIssued", ("USA",), ("CHN", "RUS")), "The US called the drills by China and Russia a threat."),
        (("CondemnationIssued", ("USA",), ("RUS",)), "Joe Biden called Vladimir Putin a killer."),
    )


def test_a_labelled_act_named_before_is_aimed_at_its_actor():
    """ "North Korea fired a missile. Japan called the launch a provocation": the launch's actor."""
    assert ("CondemnationIssued", ("JPN",), ("PRK",)) in found(
        "North Korea fired a ballistic missile on Monday. Japan called the launch a provocation.")


def test_a_label_with_no_actor_of_the_act_is_no_event():
    """As for "condemned the sanctions" with no actor named: "called the sanctions illegal",
    "called it a provocation", "called the sale of arms to Taiwan a provocation" (Taiwan sold
    nothing), "called the situation in Ukraine dangerous" (Ukraine is where), "called the talks
    constructive" (no pejorative)."""
    _none("CondemnationIssued", "Russian Foreign Minister Sergei Lavrov called the sanctions illegal.",
                                "China called it a provocation.",
                                "China called the sale of arms to Taiwan a provocation.",
                                "China called the situation in Ukraine dangerous.",
                                "Russia called the talks with Ukraine constructive.")
