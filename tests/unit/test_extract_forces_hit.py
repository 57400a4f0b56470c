"""Armed force that "hit" or "pounded" a place or a state attacked it; anything else that hit did not."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_extract_precision import found as found_on


def found(text: str) -> set[tuple]:
    return found_on(text, dt.date(2024, 11, 28))


@pytest.mark.parametrize("text, source, target", [
    ("Russian missiles hit Ukraine's energy infrastructure.", "RUS", "UKR"),
    ("Russian drones hit Kyiv overnight.", "RUS", "UKR"),
    ("Russian missiles hit a power plant in western Ukraine on Thursday.", "RUS", "UKR"),
    ("Israeli jets pounded targets in Lebanon.", "ISR", "LBN"),
    ("Russian artillery is pounding Ukrainian positions.", "RUS", "UKR"),
])
def test_forces_that_hit_a_state_or_a_place_in_it_attacked_it(text: str, source: str, target: str) -> None:
    assert ("MilitaryAttack", (source,), (target,)) in found(text)


@pytest.mark.parametrize("text", [
    "Iran was hit by new US sanctions.",
    "China's exports to Russia hit a record in October.",
    "Ukraine hit back at Russia's claims.",
    "The Turkish economy was hit hard by the earthquake.",
    "German industry has been hit by high energy prices from Russia.",
    "Russia hit out at the United States over the sanctions.",
])
def test_what_hit_without_armed_force_is_no_attack(text: str) -> None:
    assert not [e for e in found(text) if e[0] == "MilitaryAttack"]
