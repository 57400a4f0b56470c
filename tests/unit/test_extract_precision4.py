"""Extraction 0.3.4: a fourth round, on the PLOVER gold sentences and the Guardian sample
compared before and after. Each rule on sentences of its own, none from the seeds or the
articles compared."""

from __future__ import annotations

import datetime as dt

from tests.unit.test_extract_precision import extracted, found, types
from timeline.extract import EXTRACTOR
from timeline.extract.tokens import tokenize


def test_version():
    assert EXTRACTOR.version >= "0.3.4"


# ---------------------------------------------------------------- numbers

def test_a_number_with_thousands_separators_is_one_token():
    words = [t.low for t in tokenize("It sent 25,000 tons, 1,200.5 litres and 12,500,000 dollars in 2019, 300 more.", 0, []).toks]
    assert "25,000" in words and "1,200.5" in words and "12,500,000" in words
    assert words[words.index("2019") + 1] == ","  # a comma after a year still separates


def test_an_amount_with_a_thousands_separator_keeps_the_aid_its_verb():
    assert ("AidProvided", ("JPN",), ("LBR",)) in found("Japan provided 25,000 tons of food aid to Liberia on Monday.")
    assert ("AidProvided", ("DEU",), ("JOR",)) in found("Germany gave Jordan 1,500,000 euros of humanitarian aid on Monday.")


# ---------------------------------------------------------------- agreeing with a view

def test_agreeing_with_someone_s_view_is_no_agreement():
    assert "AgreementReached" not in types("France agreed with Germany that the plan was flawed.")
    assert "AgreementReached" not in types("France agreed with Germany on Monday that the plan was flawed.")
    assert "AgreementReached" not in types("Asked about the Spanish proposal, the Italian minister said: “I agree with him.”")
    assert "AgreementReached" not in types("Brazil and Argentina agreed that trade had grown.")


def test_an_agreement_to_act_is_still_one():
    assert ("AgreementReached", ("CHN", "RUS"), ()) in found("Russia and China agreed that they would expand trade.")
    assert ("AgreementReached", ("RUS", "TUR"), ()) in found("Russia and Turkey agreed that talks must continue.")
    assert ("AgreementReached", ("CHN", "RUS"), ()) in found("Russia agreed with China on a gas deal.")
    assert ("AgreementReached", ("CHN", "RUS"), ()) in found("Russia agreed with China to expand trade on Monday.")


# ---------------------------------------------------------------- passives with irregular participles

def test_an_act_in_the_passive_with_an_irregular_participle_is_not_the_speaker_s():
    assert "MilitaryAttack" not in types("Putin said a serious blow had been struck against Isis.")
    assert ("MilitaryAttack", ("TUR",), ("RUS",)) in found("A Russian jet was shot down by Turkey on Monday.")


# ---------------------------------------------------------------- "alleged" before a noun

def test_alleged_before_a_noun_accuses_no_one():
    assert "AccusationMade" not in types("She begged Canadian diplomats for help to escape alleged ill-treatment by Turkey.")
    assert "AccusationMade" not in types("The report listed alleged abuses by Russia in Syria.")


def test_alleged_as_a_verb_still_accuses():
    assert ("AccusationMade", ("TUR",), ("SAU",)) in found("Turkey alleged that Saudi Arabia ordered the killing.")
    assert ("AccusationMade", ("TUR",), ("SAU",)) in found("Turkey alleged Saudi Arabia ordered the killing.")
    assert ("AccusationMade", ("RUS",), ("UKR",)) in found("Russia alleged in a statement that Ukraine had attacked.")
    assert ("AccusationMade", ("UKR",), ("RUS",)) in found("Ukraine alleged Russian involvement in the attack.")


# ---------------------------------------------------------------- "renewed"

def test_renewed_talks_are_talks_not_an_agreement():
    assert found("Israel and Lebanon renewed negotiations on Monday.") == {("MeetingHeld", ("ISR", "LBN"), ())}
    assert "AgreementReached" not in types("France renewed calls for a ceasefire in Gaza.")


def test_a_renewed_agreement_is_one():
    assert ("AgreementReached", ("BLR", "RUS"), ()) in found("Russia and Belarus renewed their agreement on Monday.")


# ---------------------------------------------------------------- private people, prospects, incidents

def test_the_public_voters_and_mercenaries_of_a_state_are_not_the_state():
    assert "MilitaryAttack" not in types("Only 22% of the British public support strikes against Syria.")
    assert "MilitaryAttack" not in types("Up to 200 advancing Russian mercenaries were killed by US strikes on Monday.")
    assert "DemandMade" not in types("French voters demanded a referendum on Monday.")


def test_an_act_named_as_a_prospect_is_not_reported():
    assert "MilitaryAttack" not in types("I hope the US attacks would target all the Syrian air bases.")
    assert "MilitaryAttack" not in types("He argued that joining a US strike would be folly.")
    assert ("MilitaryAttack", ("ISR",), ("SYR",)) in found("Israel launched strikes on Syria on Monday.")


def test_an_incident_named_by_its_place_or_day_is_no_act_of_the_clause():
    assert "MilitaryAttack" not in types("On Russia's veto of a UN investigation into the Douma attack, he said the US were wrong.")
    assert "MilitaryAttack" not in types("US officials said samples from the victims of Saturday’s attack showed traces of chlorine.")
    assert "MilitaryAttack" not in types("US officials said samples from the victims of last week's attack showed traces of chlorine.")
    # a day's meeting with its participants named is still one
    assert ("MeetingHeld", ("RUS", "TUR"), ()) in found("Monday’s talks between Russia and Turkey ended without a deal.")


# ---------------------------------------------------------------- acts undone, figures of speech

def test_a_cut_in_aid_reduces_relations_and_provides_no_aid():
    for text in ("The US announced a cut in aid to Pakistan on Monday.", "The US cut military aid to Egypt on Monday."):
        got = found(text)
        assert "AidProvided" not in {t for t, _s, _t in got}
        assert any(t == "RelationsReduced" and s == ("USA",) for t, s, _t in got), text


def test_cutting_a_deal_is_striking_one():
    assert ("AgreementReached", ("RUS", "TUR"), ()) in found("Turkey cut a deal with Russia on Monday.")
    assert ("RelationsReduced", ("TUR",), ("ISR",)) in found("Turkey cut ties with Israel on Monday.")


def test_talks_called_off_or_troops_withdrawn_are_no_talks_or_deployment():
    assert "MeetingHeld" not in types("The talks between Iran and the US were suspended on Monday.")
    assert "MeetingHeld" not in types("The visit of the French president to Algeria has been postponed.")
    assert "TroopsDeployed" not in types("Russia announced the withdrawal of its troops from Syria on Monday.")
    assert ("MeetingHeld", ("IRN", "USA"), ()) in found("Iran and the US held talks on Monday.")


def test_an_attack_on_an_abstraction_is_no_military_attack():
    assert "MilitaryAttack" not in types("The US plan was a blatant attack on Syrian sovereignty, Syria said.")
    assert "MilitaryAttack" not in types("Poland said the ruling was an attack on its democracy.")
    assert ("MilitaryAttack", ("RUS",), ("UKR",)) in found("Russia attacked Ukraine's power grid on Monday.")


def test_the_sanction_of_someone_is_approval():
    assert "SanctionsImposed" not in types("The US carried out the strike on Monday. It is understood that the strike "
                                           "did not rest on intelligence requiring the specific sanction of the UK prime minister.")
    assert ("SanctionsImposed", ("EU",), ("RUS",)) in found("The EU imposed sanctions on Russia on Monday.")


# ---------------------------------------------------------------- recall: calls, launches, places struck

def test_speaking_with_or_to_someone_is_a_meeting_by_phone_or_not():
    day = dt.date(2024, 3, 20)
    assert ("MeetingHeld", ("CHN", "USA"), ()) in found("Joe Biden spoke with Xi Jinping on Tuesday.", day)
    assert ("MeetingHeld", ("CHN", "USA"), ()) in found(
        "Antony Blinken spoke by phone with his Chinese counterpart Wang Yi on Tuesday.", day)
    assert ("MeetingHeld", ("DEU", "UKR"), ()) in found("Olaf Scholz held a telephone call with Volodymyr Zelensky on Tuesday.", day)
    assert ("MeetingHeld", ("FRA", "USA"), ()) in found("Emmanuel Macron spoke to Joe Biden on Tuesday night, diplomats said.", day)
    assert ("MeetingHeld", ("RUS", "TUR"), ()) in found("Putin and Erdogan held a telephone conversation on Tuesday.", day)
    assert ("MeetingHeld", ("CHN", "RUS"), ()) in found("Vladimir Putin had a meeting with Xi Jinping on Tuesday.", day)
    assert not any(t == "MeetingHeld" for t, _s, _t in found("Emmanuel Macron spoke to reporters on Tuesday.", day))


def test_a_meeting_after_an_article_is_the_noun():
    got = found("Russia, Turkey and Iran will meet on 10 September, followed three days later by a meeting with "
                "France, the UK and Germany.")
    # the second meeting is not the first one's participants meeting France, the UK and Germany
    assert all(not ({"RUS", "FRA"} <= set(s)) for t, s, _t in got if t == "MeetingHeld")
    assert ("MeetingHeld", ("DEU", "FRA", "ITA"), ()) in found("France and Germany held a meeting with Italy on Monday.")


def test_a_cue_that_names_its_missile_needs_no_missile_after_it():
    assert ("MissileLaunched", ("PRK",), ()) in found(
        "North Korea fired a ballistic missile into the sea on Tuesday, South Korea's military said.")


def test_places_struck_in_a_state_make_it_the_target():
    assert ("MilitaryAttack", ("ISR",), ("LBN",)) in found("Israel struck targets in Lebanon on Tuesday.")
    assert ("MilitaryAttack", ("RUS",), ("UKR",)) in found("Russian forces shelled towns in Ukraine on Tuesday.")
    assert ("MilitaryAttack", ("ISR",), ("HEZBOLLAH",)) in found("Israel struck Hezbollah targets in Lebanon on Tuesday.")
    assert "MilitaryAttack" not in types("Russia met Ukrainian officials in Turkey on Tuesday.")


# ---------------------------------------------------------------- travel, ceasefires, seas

def test_travel_to_is_a_visit_only_as_a_verb():
    day = dt.date(2024, 3, 20)
    assert ("VisitMade", ("FRA",), ("CHN",)) in found("Emmanuel Macron will travel to Beijing next week.", day)
    got = extracted("Narendra Modi is travelling to Moscow for talks with Vladimir Putin.", day)
    assert [(e.type, e.source, e.target, e.modality) for e in got if e.type == "VisitMade"] == [
        ("VisitMade", ("IND",), ("RUS",), "ongoing")]
    assert not any(t == "VisitMade" for t, _s, _t in found("The UK advises against all travel to Syria.", day))
    assert not any(t == "VisitMade" for t, _s, _t in found("The UK said she regrets travelling to Syria.", day))


def test_a_ceasefire_is_an_agreement_and_its_broker_no_party_to_it():
    assert found("Egypt brokered a ceasefire between Israel and Hamas.") == {("AgreementReached", ("HAMAS", "ISR"), ())}
    assert ("AgreementReached", ("ISR", "QAT"), ()) in found("Qatar brokered a deal with Israel on Tuesday.")
    assert ("AgreementReached", ("ARM", "AZE"), ()) in found("A ceasefire between Armenia and Azerbaijan took effect on Tuesday.")


def test_an_agreement_that_collapsed_is_none():
    assert "AgreementReached" not in types("The truce between Israel and Hamas collapsed on Tuesday.")
    assert "AgreementReached" not in types(
        "But since 2015, when a ceasefire with Turkey's Kurdistan Workers' party (PKK) militants broke down, the threat grew.")


def test_a_sea_named_after_a_state_is_not_the_state():
    assert found("Iran seized a tanker in the Gulf of Oman on Tuesday.") == set()


# ---------------------------------------------------------------- more vocabulary

def test_lashing_out_at_a_capital_is_condemning_its_state():
    assert ("CondemnationIssued", ("PRK",), ("KOR",)) in found("Pyongyang lashed out at Seoul on Tuesday.")
    assert ("CondemnationIssued", ("TUR",), ("USA",)) in found("Erdogan hit out at Washington on Tuesday.", dt.date(2024, 3, 20))
    assert ("MilitaryAttack", ("RUS",), ("UKR",)) in found("Russia fired at Kyiv overnight.")


def test_pressure_on_an_actor_to_act_is_a_demand():
    assert ("DemandMade", ("USA",), ("JPN",)) in found("The US pressured Japan to cut its imports of Russian gas.")


def test_export_controls_and_duties_are_sanctions():
    assert ("SanctionsImposed", ("EU",), ("RUS",)) in found("The EU imposed export controls on Russia on Monday.")
    assert ("SanctionsImposed", ("CHN",), ("AUS",)) in found("China imposed anti-dumping duties on Australian wine.")


def test_landing_in_a_capital_is_a_visit():
    assert ("VisitMade", ("DEU",), ("CHN",)) in found("Olaf Scholz landed in Beijing on Tuesday.", dt.date(2024, 3, 20))


# ---------------------------------------------------------------- warnings: a price to pay, a condition

def test_an_actor_who_will_pay_a_price_is_warned_by_the_speaker():
    assert ("WarningIssued", ("TUR",), ("SYR",)) in found("“Syria will pay the price,” the Turkish foreign minister said on Monday.")
    assert ("WarningIssued", ("IRN",), ("USA",)) in found("Iran said the US would pay a heavy price if it attacked.")
    assert found("The farmers will pay the price for the drought, the minister said.") == set()


def test_a_warning_is_aimed_at_the_actor_of_its_condition():
    got = found("The White House warned on Tuesday that the US would respond swiftly if Syria used chemical weapons again.")
    assert ("WarningIssued", ("USA",), ("SYR",)) in got
    assert ("WarningIssued", ("CHN",), ("USA",)) in found("China warned it would retaliate if the US imposed new tariffs.")
    assert ("WarningIssued", ("UN",), ()) in found("The UN warned that millions could starve if aid did not arrive.")


def test_leaders_who_spoke_by_phone_met():
    assert ("MeetingHeld", ("GBR", "USA"), ()) in found("The leaders of the UK and US spoke on the phone on Thursday evening.")
    assert ("VisitMade", ("FRA",), ("CHN",)) in found("Nicolas Sarkozy heads to Beijing on Friday.", dt.date(2008, 8, 6))


# ---------------------------------------------------------------- names that are no actors

def test_anti_and_pro_make_no_actor_of_the_name_after_them():
    assert found("The UK sees its role as a partner in the anti-Isis coalition.") == set()
    got = found("Iraq’s pro-Iran Hizbullah Brigades warned the plan could make American forces targets.")
    assert got and all("IRN" not in s for _t, s, _t2 in got)


def test_an_expert_on_a_state_is_not_the_state():
    assert found("Bassam Khawaja, a Lebanon researcher for Human Rights Watch, said: “We’re very concerned about the camps.”") == set()
    assert ("WarningIssued", ("RUS",), ("USA",)) in found(
        "Russian officials and analysts have warned of the dangers of a military clash with the United States.")


def test_killed_off_is_no_killing():
    assert found("Washington killed off the Syrian peace plan.") == set()
    assert ("MilitaryAttack", ("RUS",), ("UKR",)) in found("Russian forces killed 12 Ukrainian soldiers on Monday.")


def test_two_actors_who_exchange_fire_attack_each_other():
    assert found("India and Pakistan exchanged fire along the border on Tuesday.") == {("MilitaryAttack", ("IND",), ("PAK",))}
    assert found("Armenian and Azerbaijani forces traded fire overnight.") == {("MilitaryAttack", ("ARM",), ("AZE",))}
    assert ("MilitaryAttack", ("IND",), ("PAK",)) in found("Indian and Pakistani troops clashed on the border on Tuesday.")
    assert found("France and Germany clashed over the budget on Tuesday.") == set()
    assert found("The United States and Russia are talking to prevent a potential military clash in Syria.") == set()
