"""The actor registry: names to codes, people to roles by date, mentions in real text."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from timeline.actors import Actor, ActorRegistry, Mention, Person, UnknownActorError

REPO = Path(__file__).resolve().parents[2]
GIGAWORD = REPO.parent / "shared" / "data" / "GigaWord.sample.PETR.xml"

# The 193 UN member states (un.org/en/about-us/member-states), as ISO 3166-1 alpha-3.
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE
MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA
USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()

SEED_000 = (
    "SEOUL, Nov 14 (Reuters) - U.S. Defense Secretary Lloyd Austin said on Tuesday U.N. member "
    "states enforcing the Korean War armistice were concerned that China and Russia were helping "
    "North Korea expand its military capabilities by enabling Pyongyang to evade U.N. sanctions."
)
SEED_003 = (
    "Liu Pengyu, spokesman for the Chinese Embassy in Washington, said in a statement that "
    "China\u2019s position on the Ukraine crisis is \u201cconsistent and clear.\u201d"
)


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.default()


def codes(mentions: list[Mention]) -> list[str | None]:
    return [m.code for m in mentions]


def spans_are_exact(text: str, mentions: list[Mention]) -> bool:
    return all(text[m.start : m.end] == m.text for m in mentions)


# ------------------------------------------------------------------ resolving names


@pytest.mark.parametrize(
    "name",
    ["PRK", "prk", "DPRK", "D.P.R.K.", "North Korea", "north  korea", "Pyongyang",
     "Democratic People's Republic of Korea", "Democratic People\u2019s Republic of Korea",
     "North Korean"],
)
def test_every_name_of_north_korea_resolves_to_prk(registry: ActorRegistry, name: str) -> None:
    assert registry.resolve(name).code == "PRK"


@pytest.mark.parametrize(
    ("name", "code"),
    [("U.S.", "USA"), ("the United States", "USA"), ("America", "USA"), ("the Kremlin", "RUS"),
     ("UN Command", "UNC"), ("U.N. Command", "UNC"), ("Security Council", "UNSC"),
     ("ROK", "KOR"), ("Seoul", "KOR"), ("PRC", "CHN"), ("Beijing", "CHN"), ("Britain", "GBR"),
     ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Turkiye", "TUR"), ("Czech Republic", "CZE"),
     ("Kyiv", "UKR"), ("Kiev", "UKR"), ("Elysee", "FRA"), ("Nato", "NATO"), ("Daesh", "ISIS"),
     ("KCNA", "PRK"), ("Xinhua", "CHN"), ("Taipei", "TWN"), ("Holy See", "VAT")],
)
def test_aliases_capitals_and_metonyms_resolve(registry: ActorRegistry, name: str, code: str) -> None:
    assert registry.resolve(name).code == code


def test_every_un_member_state_is_present_as_a_state(registry: ActorRegistry) -> None:
    assert len(set(UN_MEMBERS)) == 193
    missing = [code for code in UN_MEMBERS if code not in registry]
    assert missing == []
    assert all(registry.get(code).kind == "state" for code in UN_MEMBERS)


def test_observers_taiwan_and_kosovo_are_present(registry: ActorRegistry) -> None:
    assert {"PSE", "VAT", "TWN", "XKX"} <= {a.code for a in registry}


def test_the_listed_organisations_and_groups_are_present(registry: ActorRegistry) -> None:
    expected = ("UN UNSC UNGA UNC NATO EU IAEA G7 G20 ASEAN AU OPEC WHO WTO IMF OSCE SCO BRICS "
                "QUAD ICC ICJ LAS GCC HAMAS HEZBOLLAH TALIBAN ISIS SDF HOUTHIS WAGNER").split()
    assert [code for code in expected if code not in registry] == []
    assert registry.get("HAMAS").kind == "group"
    assert registry.get("NATO").kind == "organisation"


def test_korean_alone_is_not_a_name_for_either_korea(registry: ActorRegistry) -> None:
    with pytest.raises(UnknownActorError):
        registry.resolve("Korean")


def test_an_unknown_name_raises_with_the_nearest_names(registry: ActorRegistry) -> None:
    with pytest.raises(UnknownActorError) as caught:
        registry.resolve("Nort Kora")
    error = caught.value
    assert error.name == "Nort Kora"
    assert "North Korea (PRK)" in error.suggestions
    assert 0 < len(error.suggestions) <= 5
    assert str(error).startswith("unknown actor 'Nort Kora'; did you mean: ")
    assert "\n" not in str(error)


def test_get_raises_key_error_for_an_unknown_code(registry: ActorRegistry) -> None:
    with pytest.raises(KeyError):
        registry.get("XYZ")


def test_no_name_is_claimed_by_two_actors(registry: ActorRegistry) -> None:
    owners: dict[str, set[str]] = {}
    from timeline.actors.registry import normalise

    for actor in registry:
        for form in (actor.name, *actor.aliases):
            owners.setdefault(normalise(form), set()).add(actor.code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_actors_are_frozen_value_objects(registry: ActorRegistry) -> None:
    actor = registry.get("KOR")
    assert isinstance(actor, Actor)
    assert actor.name == "South Korea"
    with pytest.raises(AttributeError):
        actor.code = "PRK"  # type: ignore[misc]


# ------------------------------------------------------------------ people and roles


def test_austin_speaks_for_the_united_states_while_in_office(registry: ActorRegistry) -> None:
    austin = registry.find_person("Lloyd Austin")
    assert austin is not None
    role = austin.role_on(date(2023, 11, 14))
    assert role is not None
    assert (role.actor, role.title) == ("USA", "Secretary of Defense")


def test_austin_holds_no_role_after_leaving_office(registry: ActorRegistry) -> None:
    austin = registry.find_person("Lloyd Austin")
    assert austin is not None
    assert austin.role_on(date(2026, 1, 1)) is None


def test_trump_is_president_in_both_terms_but_not_between(registry: ActorRegistry) -> None:
    trump = registry.find_person("Donald Trump")
    assert trump is not None
    assert trump.role_on(date(2018, 6, 12)) is not None
    assert trump.role_on(date(2023, 1, 1)) is None
    assert trump.role_on(date(2025, 6, 1)).actor == "USA"  # type: ignore[union-attr]


def test_the_latest_starting_role_wins_when_two_overlap(registry: ActorRegistry) -> None:
    shoigu = registry.find_person("Sergei Shoigu")
    assert shoigu is not None
    assert shoigu.role_on(date(2024, 5, 12)).title == "Secretary of the Security Council"  # type: ignore[union-attr]
    assert shoigu.role_on(date(2023, 1, 1)).title == "Defence Minister"  # type: ignore[union-attr]


def test_a_year_only_date_covers_the_whole_year() -> None:
    from timeline.actors.registry import _day

    assert _day("2024", first=True) == date(2024, 1, 1)
    assert _day("2024", first=False) == date(2024, 12, 31)
    assert _day("2025-02", first=False) == date(2025, 2, 28)


def test_people_are_found_by_alias_and_spelling_variant(registry: ActorRegistry) -> None:
    zelensky = registry.find_person("Volodymyr Zelensky")
    assert zelensky is not None
    assert registry.find_person("Zelenskyy") is zelensky
    assert registry.find_person("Volodymyr Zelenskiy") is zelensky
    assert registry.find_person("Kim Jong-un") is registry.find_person("Kim Jong Un")
    assert registry.find_person("Nobody Atall") is None


def test_every_role_names_a_known_actor_and_ends_after_it_starts(registry: ActorRegistry) -> None:
    for person in registry.people():
        assert person.roles, person.name
        for role in person.roles:
            assert role.actor in registry, (person.name, role)
            if role.start and role.end:
                assert role.start <= role.end, (person.name, role)


def test_no_name_or_alias_is_shared_by_two_people(registry: ActorRegistry) -> None:
    from timeline.actors.registry import normalise

    owners: dict[str, set[str]] = {}
    for person in registry.people():
        for form in (person.name, *person.aliases):
            owners.setdefault(normalise(form), set()).add(person.name)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_the_required_people_are_present(registry: ActorRegistry) -> None:
    names = ["Lloyd Austin", "Pete Hegseth", "Antony Blinken", "Marco Rubio", "Joe Biden",
             "Kim Jong Un", "Choe Son Hui", "Kim Yo Jong", "Yoon Suk Yeol", "Lee Jae-myung",
             "Shin Won-sik", "Kim Yong-hyun", "Cho Tae-yul", "Park Jin", "Xi Jinping", "Wang Yi",
             "Li Qiang", "Mao Ning", "Lin Jian", "Wang Wenbin", "Vladimir Putin",
             "Sergei Lavrov", "Sergei Shoigu", "Andrei Belousov", "Dmitry Peskov",
             "Maria Zakharova", "Volodymyr Zelensky", "Dmytro Kuleba", "Andrii Sybiha",
             "Fumio Kishida", "Shigeru Ishiba", "Sanae Takaichi", "Yoko Kamikawa",
             "Benjamin Netanyahu", "Recep Tayyip Erdogan", "Narendra Modi", "S. Jaishankar",
             "Emmanuel Macron", "Olaf Scholz", "Friedrich Merz", "Keir Starmer", "Rishi Sunak",
             "David Cameron", "David Lammy", "Antonio Guterres", "Jens Stoltenberg",
             "Mark Rutte", "Ali Khamenei", "Ebrahim Raisi", "Masoud Pezeshkian",
             "Abbas Araghchi", "Liu Pengyu"]
    assert [n for n in names if registry.find_person(n) is None] == []


# ------------------------------------------------------------------ mentions in text


def test_a_seed_sentence_yields_the_right_codes_and_exact_offsets(registry: ActorRegistry) -> None:
    """The all-capitals dateline SEOUL is a place, not a speaker: names match as written."""
    mentions = registry.find_mentions(SEED_000, on=date(2023, 11, 14))
    assert spans_are_exact(SEED_000, mentions)
    assert [(m.text, m.code, m.kind) for m in mentions] == [
        ("U.S. Defense Secretary", "USA", "role"),
        ("Lloyd Austin", "USA", "person"),
        ("U.N.", "UN", "abbreviation"),
        ("China", "CHN", "name"),
        ("Russia", "RUS", "name"),
        ("North Korea", "PRK", "name"),
        ("Pyongyang", "PRK", "metonym"),
        ("U.N.", "UN", "abbreviation"),
    ]


def test_the_korean_war_and_peninsula_are_not_south_korea(registry: ActorRegistry) -> None:
    text = "It fought in the Korean War and now guards the Korean peninsula."
    assert registry.find_mentions(text) == []


def test_us_in_capitals_is_the_united_states_but_the_pronoun_is_not(registry: ActorRegistry) -> None:
    assert codes(registry.find_mentions("The US said it would help us.")) == ["USA"]
    assert registry.find_mentions("Let us talk to us.") == []


def test_dotted_abbreviations_match_before_a_hyphen(registry: ActorRegistry) -> None:
    text = "a U.S.-led coalition and the U.K. joined"
    mentions = registry.find_mentions(text)
    assert [(m.text, m.code) for m in mentions] == [("U.S.", "USA"), ("U.K.", "GBR")]


def test_a_possessive_with_a_curly_apostrophe_matches_the_name(registry: ActorRegistry) -> None:
    text = "condemning North Korea\u2019s \u201cunlawful\u201d nuclear programs and Russia's role"
    mentions = registry.find_mentions(text)
    assert [(m.text, m.code) for m in mentions] == [("North Korea", "PRK"), ("Russia", "RUS")]
    assert spans_are_exact(text, mentions)


def test_a_name_is_not_matched_inside_a_longer_word(registry: ActorRegistry) -> None:
    mentions = registry.find_mentions("Iranian drones and Omani mediators near Tehran")
    assert [(m.text, m.code, m.kind) for m in mentions] == [
        ("Iranian", "IRN", "demonym"), ("Omani", "OMN", "demonym"), ("Tehran", "IRN", "metonym")]


def test_common_words_in_lower_case_are_not_countries(registry: ActorRegistry) -> None:
    text = "They ate turkey off fine china, then chad and jordan went to georgia for guinea fowl."
    assert registry.find_mentions(text) == []


def test_the_longest_name_wins(registry: ActorRegistry) -> None:
    text = "South Sudan, Guinea-Bissau, Papua New Guinea and the U.N. Security Council"
    assert codes(registry.find_mentions(text)) == ["SSD", "GNB", "PNG", "UNSC"]


def test_a_person_maps_to_their_state_on_the_date(registry: ActorRegistry) -> None:
    text = "Secretary of State Antony Blinken met Foreign Minister Cho Tae-yul."
    mentions = registry.find_mentions(text, on=date(2024, 10, 31))
    people = [m for m in mentions if m.kind == "person"]
    assert [(m.text, m.code) for m in people] == [("Antony Blinken", "USA"), ("Cho Tae-yul", "KOR")]
    assert people[0].person is registry.find_person("Antony Blinken")
    assert people[0].role is not None and people[0].role.title == "Secretary of State"


def test_a_person_out_of_office_on_the_date_has_no_code(registry: ActorRegistry) -> None:
    mentions = registry.find_mentions("Lloyd Austin spoke.", on=date(2026, 1, 1))
    assert [(m.text, m.code, m.kind, m.role) for m in mentions] == [
        ("Lloyd Austin", None, "person", None)]


def test_spelling_variants_of_a_name_are_found(registry: ActorRegistry) -> None:
    text = "Zelenskiy and Volodymyr Zelenskyy met Kim Jong-un."
    mentions = registry.find_mentions(text, on=date(2024, 1, 1))
    assert [(m.text, m.code) for m in mentions] == [
        ("Zelenskiy", "UKR"), ("Volodymyr Zelenskyy", "UKR"), ("Kim Jong-un", "PRK")]


@pytest.mark.parametrize(
    ("text", "role_text", "code"),
    [
        ("South Korean Defence Minister Shin Won-sik said", "South Korean Defence Minister", "KOR"),
        ("Asked about it, Kremlin spokesman Dmitry Peskov said", "Kremlin spokesman", "RUS"),
        ("spokesman for the Chinese Embassy in Washington, said", "Chinese Embassy in Washington", "CHN"),
        ("U.S. Defense Secretary Lloyd Austin", "U.S. Defense Secretary", "USA"),
        ("the South Korean navy said on Tuesday", "South Korean navy", "KOR"),
        ("Russia's foreign ministry said", "Russia's foreign ministry", "RUS"),
        ("U.S. officials said", "U.S. officials", "USA"),
        ("training for Pyongyang\u2019s military.", "Pyongyang\u2019s military", "PRK"),
        ("The U.S. and South Korean navies are", "South Korean navies", "KOR"),
    ],
)
def test_a_state_followed_by_a_role_word_is_a_role_mention(
    registry: ActorRegistry, text: str, role_text: str, code: str
) -> None:
    roles = [m for m in registry.find_mentions(text, on=date(2023, 11, 14)) if m.kind == "role"]
    assert [(m.text, m.code) for m in roles] == [(role_text, code)]
    assert roles[0].role is not None and roles[0].role.actor == code


def test_an_adjective_role_word_before_a_noun_is_not_a_role(registry: ActorRegistry) -> None:
    text = "referring to North Korea\u2019s official name and Russian military cooperation"
    mentions = registry.find_mentions(text)
    assert [(m.text, m.kind) for m in mentions] == [("North Korea", "name"), ("Russian", "demonym")]


def test_a_verb_between_state_and_role_word_blocks_the_role(registry: ActorRegistry) -> None:
    text = "helping North Korea expand its military capabilities"
    assert [(m.text, m.kind) for m in registry.find_mentions(text)] == [("North Korea", "name")]


def test_state_media_speak_for_their_state(registry: ActorRegistry) -> None:
    text = "the official Korean Central News Agency (KCNA), Xinhua and TASS reported"
    assert codes(registry.find_mentions(text)) == ["PRK", "PRK", "CHN", "RUS"]


def test_places_named_in_other_names_are_not_actors(registry: ActorRegistry) -> None:
    text = ("The Washington Post said the South China Sea and the Beijing Olympics drew "
            "Latin American and New Mexico visitors.")
    assert registry.find_mentions(text) == []


def test_seed_articles_yield_their_actors_with_exact_offsets(registry: ActorRegistry) -> None:
    for path, day in [(REPO / "seeds" / "000_16a2a87fc5a289d9.txt", date(2023, 11, 14)),
                      (REPO / "seeds" / "003_b77199a15ad39ad5.txt", date(2024, 11, 1))]:
        if not path.exists():
            pytest.skip(f"seed {path.name} not in this checkout")
        text = path.read_text(encoding="utf-8")
        mentions = registry.find_mentions(text, on=day)
        assert spans_are_exact(text, mentions)
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
        found = set(codes(mentions))
        assert {"USA", "PRK", "CHN", "RUS"} <= found
        assert None not in found


def test_gigaword_sentences_yield_their_states(registry: ActorRegistry) -> None:
    if not GIGAWORD.exists():
        pytest.skip("shared GigaWord sample not available")
    xml = GIGAWORD.read_text(encoding="utf-8")
    texts = [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<Text>(.*?)</Text>", xml, re.S)]
    first = next(t for t in texts if t.startswith("The stopover came as the US leader"))
    mentions = registry.find_mentions(first)
    assert [(m.text, m.code, m.kind) for m in mentions] == [("US leader", "USA", "role")]
    second = next(t for t in texts if t.startswith("Brazil and the United States are seeking"))
    assert codes(registry.find_mentions(second)) == ["BRA", "USA", "USA"]
    for text in texts:
        assert spans_are_exact(text, registry.find_mentions(text))


# ------------------------------------------------------------------ later short mentions


def test_surnames_in_later_sentences_resolve_to_people_named_before(registry: ActorRegistry) -> None:
    text = ("Blinken, Austin, Foreign Minister Cho Tae-yul and Minister of Defense Kim Yong-hyun "
            "met. Cho said talks go on. \u201cChina is silent,\u201d Kim said. Austin agreed.")
    on = date(2024, 10, 31)
    named = [m.person for m in registry.find_mentions(text, on=on) if m.person is not None]
    assert [p.name for p in named] == ["Cho Tae-yul", "Kim Yong-hyun"]
    people = [registry.find_person("Lloyd Austin"), *named]
    short = registry.find_short_mentions(text, [p for p in people if p], on=on)
    assert spans_are_exact(text, short)
    assert [(m.text, m.code, m.person.name) for m in short] == [  # type: ignore[union-attr]
        ("Austin", "USA", "Lloyd Austin"),
        ("Cho", "KOR", "Cho Tae-yul"),
        ("Kim", "KOR", "Kim Yong-hyun"),
        ("Austin", "USA", "Lloyd Austin"),
    ]


def test_a_shared_surname_names_nobody(registry: ActorRegistry) -> None:
    people = [registry.find_person("Kim Jong Un"), registry.find_person("Kim Yong-hyun")]
    text = "Kim said nothing."
    assert registry.find_short_mentions(text, [p for p in people if p]) == []


def test_a_surname_inside_another_name_is_not_a_short_mention(registry: ActorRegistry) -> None:
    person = registry.find_person("Kim Yong-hyun")
    assert person is not None
    assert registry.find_short_mentions("(Reporting by Jack Kim)", [person]) == []


def test_the_default_registry_is_loaded_once() -> None:
    assert ActorRegistry.default() is ActorRegistry.default()


def test_person_is_a_frozen_value_object(registry: ActorRegistry) -> None:
    person = registry.find_person("Xi Jinping")
    assert isinstance(person, Person)
    assert person.short == ("Xi",)
    with pytest.raises(AttributeError):
        person.name = "x"  # type: ignore[misc]


def test_a_name_wrapped_over_two_lines_is_still_found(registry: ActorRegistry) -> None:
    text = "Brazil and the United\nStates met the South Korean\ndefence minister."
    mentions = registry.find_mentions(text)
    assert [(m.text, m.code, m.kind) for m in mentions] == [
        ("Brazil", "BRA", "name"), ("United\nStates", "USA", "name"),
        ("South Korean\ndefence minister", "KOR", "role")]


@pytest.mark.parametrize(
    ("gap", "joined"),
    [(" ", True), ("  ", True), ("\r\n", True), (" \n  ", True), ("\t\t", True),
     ("\n\n", False), ("\r\n\r\n", False), ("\t", False), ("\r", False), (" \n \n", False)],
)
def test_only_a_space_a_run_of_spaces_or_one_line_break_joins_the_words_of_a_name(
    registry: ActorRegistry, gap: str, joined: bool
) -> None:
    # "South Korea" when joined; otherwise the longest name before the break: "South" names
    # nothing, and "Korea" alone is read as a name of its own after the break.
    text = f"Officials of South{gap}Korea met the Saudi Arabian{gap}foreign minister in Saudi{gap}Arabia."
    found = [(m.text.split()[0], m.code) for m in registry.find_mentions(text)]
    if joined:
        assert found == [("South", "KOR"), ("Saudi", "SAU"), ("Saudi", "SAU")]
    else:
        assert ("South", "KOR") not in found and ("Saudi", "SAU") in found
        assert all(gap not in m.text for m in registry.find_mentions(text))


def test_a_role_word_after_a_blank_line_is_not_joined_to_the_state(registry: ActorRegistry) -> None:
    text = "Talks with Russia\n\nOfficials said nothing."
    assert [(m.text, m.kind) for m in registry.find_mentions(text)] == [("Russia", "name")]


def test_a_role_mention_carries_the_canonical_title(registry: ActorRegistry) -> None:
    text = "Russia\u2019s UN ambassador spoke after the U.S. defense secretary."
    roles = [m for m in registry.find_mentions(text) if m.kind == "role"]
    assert [(m.text, m.code, m.role.title) for m in roles] == [  # type: ignore[union-attr]
        ("Russia\u2019s UN ambassador", "RUS", "ambassador"),
        ("U.S. defense secretary", "USA", "defence minister"),
    ]


def test_a_capital_that_is_not_a_metonym_names_no_state(registry: ActorRegistry) -> None:
    """Brussels is the EU more often than Belgium: it is left out on purpose."""
    with pytest.raises(UnknownActorError):
        registry.resolve("Brussels")
    assert registry.find_mentions("talks in Brussels") == []


def test_an_alias_added_to_the_data_file_is_resolved_and_found(tmp_path: Path) -> None:
    data = REPO / "timeline" / "actors" / "data"
    for source in data.glob("*.toml"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    states = tmp_path / "states.toml"
    text = states.read_text(encoding="utf-8")
    text = text.replace('metonyms = ["Pyongyang"]', 'metonyms = ["Pyongyang", "Ryongsong Residence"]')
    states.write_text(text, encoding="utf-8")
    custom = ActorRegistry.from_directory(tmp_path)
    assert custom.resolve("Ryongsong Residence").code == "PRK"
    assert codes(custom.find_mentions("the Ryongsong Residence said")) == ["PRK"]
