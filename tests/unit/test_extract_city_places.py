"""A city is a place that stands for the state it lies in, never an actor: what an attack hit
("shelled Kharkiv", "struck targets in Idlib") and the host of a visit ("arrived in Lviv").

Regression: only capitals and metonyms mapped to states, so "Russian forces shelled Kharkiv",
"drones hit Odesa" and "a visit to Sochi" lost their target or host.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_extract_precision import found as found_on
from timeline.actors import ActorRegistry


def found(text: str) -> set[tuple]:
    return found_on(text, dt.date(2023, 5, 10))


@pytest.mark.parametrize("text, source, target", [
    ("Russian forces shelled Kharkiv on Tuesday.", "RUS", "UKR"),
    ("Russian drones hit Odesa overnight.", "RUS", "UKR"),
    ("Russian missiles struck Lviv on Monday.", "RUS", "UKR"),
    ("Russian troops captured Mariupol in May.", "RUS", "UKR"),
    ("Israeli jets struck Aleppo airport on Tuesday.", "ISR", "SYR"),
])
def test_a_city_as_the_object_of_an_attack_verb_is_its_state(text: str, source: str, target: str) -> None:
    assert ("MilitaryAttack", (source,), (target,)) in found(text)


@pytest.mark.parametrize("text, source, target", [
    ("Russian jets struck targets in Idlib on Monday.", "RUS", "SYR"),
    ("Israeli aircraft bombed positions across Homs on Sunday.", "ISR", "SYR"),
    ("Russian drones hit infrastructure in Dnipro overnight.", "RUS", "UKR"),
])
def test_a_thing_struck_in_a_city_is_in_its_state(text: str, source: str, target: str) -> None:
    assert ("MilitaryAttack", (source,), (target,)) in found(text)


@pytest.mark.parametrize("text, source, target", [
    ("Turkish President Recep Tayyip Erdogan arrived in Sochi on Monday.", "TUR", "RUS"),
    ("German Chancellor Olaf Scholz travelled to Odesa and Lviv on Saturday.", "DEU", "UKR"),
    ("US Secretary of State Antony Blinken visited Odesa on Saturday.", "USA", "UKR"),
    ("Erdogan's visit to Sochi was his third this year.", "TUR", "RUS"),
])
def test_a_city_visited_is_its_state(text: str, source: str, target: str) -> None:
    assert ("VisitMade", (source,), (target,)) in found(text)


@pytest.mark.parametrize("text", [
    "Russian forces shelled Belgorod on Tuesday.",  # Russia's own city
    "Vladimir Putin arrived in Sochi on Monday.",
])
def test_a_city_in_the_actors_own_state_gives_no_event(text: str) -> None:
    assert not found(text)


@pytest.mark.parametrize("text", [
    "Kharkiv was shelled on Tuesday.",
    "Kharkiv said it would respond to Russia.",
    "Odesa accused Russia of shelling the port.",
])
def test_a_city_as_a_subject_is_no_actor(text: str) -> None:
    assert not [e for e in found(text) if "UKR" in e[1]]


def test_a_city_of_a_sentence_opener_names_no_actor() -> None:
    assert not found("In Paris, officials said the talks were useful.")
    assert not found("In Kharkiv, officials said the talks with Russia were useful.")


def test_a_city_name_of_two_states_is_no_place() -> None:
    """Alexandria (Egypt, Virginia) and Odessa (Ukraine, Texas) name no one state."""
    assert not found("Russian forces shelled Alexandria on Tuesday.")
    cities = ActorRegistry.default().cities
    assert cities.state_of("Alexandria") is None
    assert cities.state_of("Odessa") is None


def test_a_syrian_delegation_arriving_in_geneva_for_un_talks_visits_no_state() -> None:
    """Guardian: "A Syrian government delegation will arrive in Geneva ... for the first
    UN-sponsored peace talks" was read as a visit to Switzerland."""
    assert not [e for e in found("Syrian President Bashar al-Assad will arrive in Geneva on Wednesday.")
                if e[0] == "VisitMade"]


def test_the_lookup_gives_a_citys_state_and_leaves_out_words_names_and_actors() -> None:
    cities = ActorRegistry.default().cities
    assert cities.state_of("Kharkiv") == "UKR"
    assert cities.state_of("Kharkov") == "UKR"
    assert cities.state_of("Kryvyi Rih") == "UKR"
    assert cities.state_of("Idlib") == "SYR"
    assert cities.state_of("Reading") is None  # a word (city_exclusions.toml)
    assert cities.state_of("Nice") is None
    assert cities.state_of("Kyiv") is None  # a metonym: an actor, not a place
    assert cities.state_of("Geneva") is None  # a venue
    assert cities.at(["shelled", "kryvyi", "rih", "on"], 1) == (2, "UKR")


@pytest.mark.parametrize("text, source, target", [
    ("Russia launched a missile attack on Kharkiv.", "RUS", "UKR"),
    ("Russia launched strikes on Kharkiv overnight.", "RUS", "UKR"),
    ("Israel carried out airstrikes on Aleppo.", "ISR", "SYR"),
    ("Ukraine launched a drone attack on Belgorod.", "UKR", "RUS"),
])
def test_a_city_after_an_attack_nouns_preposition_is_its_state(text: str, source: str, target: str) -> None:
    """ "a missile attack on Kharkiv": the noun's own "on", "against" or "of" names what was hit."""
    assert ("MilitaryAttack", (source,), (target,)) in found(text)


@pytest.mark.parametrize("text", [
    "Russia launched an attack on Belgorod.",  # a city of the attacker's own state
    "The mayor of Kharkiv said the city was calm.",  # no attack
    "The attack on Kharkiv was condemned.",  # an attack with no actor
])
def test_an_attack_noun_before_a_city_of_its_own_state_or_with_no_actor_is_no_event(text: str) -> None:
    assert not [e for e in found(text) if e[0] == "MilitaryAttack"]
