"""People added to people.toml: each speaks for their state while in a role, and for no one
(or for their other role's actor) outside it; no two people share a name or alias."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.actors import ActorRegistry


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.default()


def code_on(registry: ActorRegistry, name: str, day: date) -> str | None:
    person = registry.find_person(name)
    assert person is not None, name
    role = person.role_on(day)
    return role.actor if role else None


# name, a day inside a role and its actor, a day outside it and the actor then (None: no role)
CASES = [
    ("Abdel Fattah al-Sisi", date(2023, 10, 21), "EGY", date(2013, 1, 1), None),
    ("Abdullah II", date(2024, 7, 30), "JOR", date(1998, 1, 1), None),
    ("Ayman Safadi", date(2023, 11, 1), "JOR", date(2016, 6, 1), None),
    ("Ferdinand Marcos Jr.", date(2024, 3, 1), "PHL", date(2021, 1, 1), None),
    ("Rodrigo Duterte", date(2019, 5, 1), "PHL", date(2023, 1, 1), None),
    ("Cyril Ramaphosa", date(2023, 8, 22), "ZAF", date(2010, 1, 1), None),
    ("Shehbaz Sharif", date(2022, 6, 1), "PAK", date(2023, 10, 1), None),
    ("Shehbaz Sharif", date(2025, 5, 10), "PAK", date(2021, 1, 1), None),
    ("Imran Khan", date(2020, 1, 1), "PAK", date(2023, 5, 9), None),
    ("Prabowo Subianto", date(2021, 6, 1), "IDN", date(2018, 1, 1), None),
    ("Mohammed bin Zayed", date(2019, 2, 4), "ARE", date(2000, 1, 1), None),
    ("Tamim bin Hamad Al Thani", date(2017, 6, 5), "QAT", date(2012, 1, 1), None),
    ("Claudia Sheinbaum", date(2025, 2, 1), "MEX", date(2024, 9, 1), None),
    ("Andrés Manuel López Obrador", date(2020, 7, 8), "MEX", date(2024, 10, 2), None),
    ("Pak Jong Chon", date(2022, 11, 8), "PRK", date(2020, 12, 31), None),
    ("Kim Yong Nam", date(2018, 2, 9), "PRK", date(2019, 4, 12), None),
    ("Sheikh Hasina", date(2023, 1, 1), "BGD", date(2024, 8, 6), None),
    ("Muhammad Yunus", date(2025, 1, 1), "BGD", date(2024, 8, 7), None),
    ("Lee Hsien Loong", date(2018, 6, 12), "SGP", date(2024, 5, 16), None),
    ("Hun Sen", date(2020, 1, 1), "KHM", date(2023, 12, 1), None),
    ("To Lam", date(2025, 1, 1), "VNM", date(2015, 1, 1), None),
    ("Mateusz Morawiecki", date(2022, 3, 1), "POL", date(2024, 1, 1), None),
    ("Sanna Marin", date(2022, 5, 15), "FIN", date(2023, 7, 1), None),
    ("Sauli Niinistö", date(2022, 5, 15), "FIN", date(2024, 3, 2), None),
    ("Magdalena Andersson", date(2022, 5, 16), "SWE", date(2023, 1, 1), None),
    ("Jonas Gahr Støre", date(2023, 1, 1), "NOR", date(2015, 1, 1), None),
    ("Gitanas Nausėda", date(2023, 7, 11), "LTU", date(2019, 7, 11), None),
    ("Edgars Rinkēvičs", date(2025, 1, 1), "LVA", date(2010, 1, 1), None),
    ("Vladimir Makei", date(2021, 1, 1), "BLR", date(2023, 1, 1), None),
    ("Jair Bolsonaro", date(2020, 1, 1), "BRA", date(2023, 1, 2), None),
    ("Scott Morrison", date(2021, 9, 15), "AUS", date(2022, 5, 24), None),
    ("Mario Draghi", date(2022, 1, 1), "ITA", date(2022, 10, 23), None),
    ("Jean-Claude Juncker", date(2018, 1, 1), "EU", date(2019, 12, 1), None),
    ("Abdullatif bin Rashid Al Zayani", date(2024, 1, 1), "BHR", date(2015, 1, 1), "GCC"),
    ("Antonio Tajani", date(2023, 1, 1), "ITA", date(2018, 1, 1), "EU"),
    ("Mohammed bin Salman", date(2016, 1, 1), "SAU", date(2014, 12, 31), None),
    ("Naftali Bennett", date(2020, 1, 1), "ISR", date(2020, 6, 1), None),
]


@pytest.mark.parametrize(("name", "inside", "code", "outside", "then"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_person_speaks_for_their_state_only_while_in_a_role(
    registry: ActorRegistry, name: str, inside: date, code: str, outside: date, then: str | None,
) -> None:
    assert code_on(registry, name, inside) == code
    assert code_on(registry, name, outside) == then


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("Egyptian President Abdel Fattah el-Sisi met Qatar's Sheikh Tamim bin Hamad Al Thani.",
         date(2024, 1, 1), [("Abdel Fattah el-Sisi", "EGY"), ("Sheikh Tamim bin Hamad Al Thani", "QAT")]),
        ("Jordan's King Abdullah II spoke to Shehbaz Sharif.",
         date(2024, 5, 1), [("Abdullah II", "JOR"), ("Shehbaz Sharif", "PAK")]),
        ("Pak Jong Chon and Bongbong Marcos", date(2021, 6, 1),
         [("Pak Jong Chon", "PRK"), ("Bongbong Marcos", None)]),
        ("Lars Lokke Rasmussen met Beata Szydlo.", date(2017, 6, 1),
         [("Lars Lokke Rasmussen", "DNK"), ("Beata Szydlo", "POL")]),
    ],
)
def test_new_people_are_found_in_text_with_the_state_of_the_day(
    registry: ActorRegistry, text: str, day: date, expected: list[tuple[str, str | None]],
) -> None:
    people = [(m.text, m.code) for m in registry.find_mentions(text, on=day) if m.kind == "person"]
    assert people == expected


def test_spellings_of_one_person_find_the_same_person(registry: ActorRegistry) -> None:
    sisi = registry.find_person("Abdel Fattah al-Sisi")
    assert sisi is not None
    assert registry.find_person("Abdel-Fattah el-Sissi") is sisi
    assert registry.find_person("Mohamed bin Zayed") is registry.find_person("Mohammed bin Zayed")
    assert registry.find_person("Pak Jong-chon") is registry.find_person("Pak Jong Chon")
    assert registry.find_person("Prayuth Chan-ocha") is registry.find_person("Prayut Chan-o-cha")


def test_no_two_people_share_a_name_or_alias(registry: ActorRegistry) -> None:
    """Every name and alias finds its own person: a form shared by two would find one of them."""
    shared = [(form, person.name) for person in registry.people()
              for form in (person.name, *person.aliases) if registry.find_person(form) is not person]
    assert shared == []
