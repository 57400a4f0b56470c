"""Article text to sentences: segmentation, dateline, headline, captions, boilerplate, quotes."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.extract.text import MAX_SENTENCE_CHARS, split_article

SEEDS = Path("/work/shared/seeds")
REPO_SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DEV_SET = Path(__file__).resolve().parents[1] / "data" / "dev_segmentation.toml"


def seed(prefix: str) -> str:
    for folder in (SEEDS, REPO_SEEDS):
        found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.is_dir() else []
        if found:
            return found[0].read_text(encoding="utf-8")
    pytest.skip(f"seed {prefix} not available")


def texts(text: str, kind: str | None = None) -> list[str]:
    return [s.text for s in split_article(text).sentences if kind is None or s.kind == kind]


def assert_well_formed(text: str) -> None:
    article = split_article(text)
    last_end = 0
    for s in article.sentences:
        assert s.text == text[s.start : s.end]
        assert s.start >= last_end and s.end > s.start
        assert s.kind in ("body", "caption", "headline")
        last_end = s.end
    if article.dateline:
        assert 0 <= article.dateline.start < article.dateline.end <= len(text)


# --- abbreviations and numbers ----------------------------------------------------------------


def test_us_and_un_abbreviations_do_not_end_a_sentence():
    text = (
        "U.S. Defense Secretary Lloyd Austin said on Tuesday U.N. member states enforcing the "
        "Korean War armistice were concerned. China denied it."
    )
    assert texts(text) == [
        "U.S. Defense Secretary Lloyd Austin said on Tuesday U.N. member states enforcing the "
        "Korean War armistice were concerned.",
        "China denied it.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Kim and Mrs. Lee met Dr. Park and Gen. Choi in Seoul.",
        "Lt. Col. Smith briefed Sen. Jones and Rep. Brown at the Pentagon.",
        "Gov. Newsom visited St. Petersburg on Oct. 31 with the U.K. envoy.",
        "The statement was issued on Sept. 3 at 10 a.m. in Washington.",
        "Resolution No. 2231 was cited by Jack F. Kennedy Jr. in his speech.",
        "Growth slowed to 3.5 percent, e.g. in exports, vs. 4.1 percent a year ago.",
        "The E.U. and the U.N. agreed on Nov. 14 to send aid.",
    ],
)
def test_abbreviations_initials_and_decimals_stay_in_one_sentence(sentence):
    assert texts(sentence + " The talks ended.") == [sentence, "The talks ended."]


def test_an_acronym_before_a_sentence_starter_ends_the_sentence():
    assert texts("The envoy flew to the U.S. The talks resume on Monday.") == [
        "The envoy flew to the U.S.",
        "The talks resume on Monday.",
    ]


def test_time_before_a_sentence_starter_ends_the_sentence():
    assert texts("The meeting ended at 3 p.m. The ministers left.") == [
        "The meeting ended at 3 p.m.",
        "The ministers left.",
    ]


def test_an_ellipsis_inside_a_quote_does_not_end_the_sentence():
    text = "Its “position remains unchanged ... [and] will continue to play a constructive role,” he said."
    assert texts(text) == [text]


def test_question_and_exclamation_marks_end_sentences():
    assert texts("Will they meet? Nobody knows! The talks are off.") == [
        "Will they meet?",
        "Nobody knows!",
        "The talks are off.",
    ]


# --- quotations -------------------------------------------------------------------------------


def test_a_quote_with_an_attribution_tail_is_one_sentence():
    text = "“It will be united upon any renewal of hostilities on the Korean peninsula,” Shin told the meeting."
    article = split_article(text)
    assert [s.text for s in article.sentences] == [text]
    assert article.sentences[0].quoted is False


def test_a_multi_sentence_quote_keeps_its_tail_with_the_last_quoted_sentence():
    text = "“We will respond. We are ready.” Shin told the meeting. Talks resume on Monday."
    article = split_article(text)
    assert [(s.text, s.quoted) for s in article.sentences] == [
        ("“We will respond.", True),
        ("We are ready.” Shin told the meeting.", False),
        ("Talks resume on Monday.", False),
    ]


def test_a_question_in_a_quote_followed_by_he_asked_is_one_sentence():
    assert texts("“Why now?” he asked. Nobody answered.") == ["“Why now?” he asked.", "Nobody answered."]


def test_straight_quotes_are_handled_like_curly_ones():
    text = '"We are ready. We will act," the minister said. The talks ended.'
    article = split_article(text)
    assert [(s.text, s.quoted) for s in article.sentences] == [
        ('"We are ready.', True),
        ('We will act," the minister said.', False),
        ("The talks ended.", False),
    ]


def test_a_wholly_quoted_sentence_is_marked_quoted():
    text = "Shin said: “If North Korea invades, it will be punished.” “We are ready.”"
    article = split_article(text)
    assert [s.quoted for s in article.sentences] == [False, True]


def test_an_unbalanced_quote_does_not_swallow_the_next_paragraph():
    text = "He said “we will never accept this.\n\nThe ministers met on Monday. They agreed."
    article = split_article(text)
    assert [(s.text, s.quoted) for s in article.sentences][-2:] == [
        ("The ministers met on Monday.", False),
        ("They agreed.", False),
    ]


def test_reversed_curly_quotes_still_close():
    text = "Liu said Beijing supports “peace talks,“ noting that its ”position remains unchanged.” China agreed."
    article = split_article(text)
    assert [s.quoted for s in article.sentences] == [False, False]


# --- datelines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "place", "date_text", "agency"),
    [
        ("SEOUL, Nov 14 (Reuters) - ", "SEOUL", "Nov 14", "Reuters"),
        ("WASHINGTON (AP) — ", "WASHINGTON", "", "AP"),
        ("Beijing, March 3 (Xinhua) -- ", "Beijing", "March 3", "Xinhua"),
        ("KYIV, Ukraine — ", "KYIV", "", ""),
        ("UNITED NATIONS, Nov. 14 (Reuters) - ", "UNITED NATIONS", "Nov. 14", "Reuters"),
        ("Seoul (AFP) - ", "Seoul", "", "AFP"),
    ],
)
def test_the_dateline_is_found_and_kept_out_of_the_first_sentence(prefix, place, date_text, agency):
    body = "North Korea fired a missile on Monday. Japan protested."
    text = prefix + body
    article = split_article(text)
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.date_text, article.dateline.agency) == (
        place,
        date_text,
        agency,
    )
    assert text[article.dateline.start : article.dateline.end] == prefix
    assert [s.text for s in article.sentences] == ["North Korea fired a missile on Monday.", "Japan protested."]


def test_a_capitalised_sentence_opening_is_not_a_dateline():
    text = "North Korea - the isolated state - fired a missile. Japan protested."
    article = split_article(text)
    assert article.dateline is None
    assert article.sentences[0].text == "North Korea - the isolated state - fired a missile."


# --- the seeds --------------------------------------------------------------------------------


def test_seed_000_dateline_headline_caption_and_lede():
    text = seed("000")
    article = split_article(text)
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.date_text, article.dateline.agency) == (
        "SEOUL",
        "Nov 14",
        "Reuters",
    )
    headlines = texts(text, "headline")
    assert headlines == ["UN members concerned China, Russia helping North Korea"]
    captions = texts(text, "caption")
    assert captions and captions[0].startswith("A photo released by the official North Korean")
    assert not any("EPA-EFE/KCNA" in c for c in captions)
    body = [s for s in article.sentences if s.kind == "body"]
    assert body[0].text.startswith("U.S. Defense Secretary Lloyd Austin said on Tuesday U.N. member states")
    assert body[0].text.endswith("to evade U.N. sanctions.")
    assert body[0].start == article.dateline.end


def test_seed_000_nothing_from_the_sign_off_on_is_a_sentence():
    text = seed("000")
    signoff = text.index("(Reporting by")
    article = split_article(text)
    assert all(s.end <= signoff for s in article.sentences)
    assert any(start <= signoff < end for start, end in article.boilerplate)
    assert not any("Maverick" in s.text or "peer review" in s.text for s in article.sentences)


def test_seed_000_quotes_with_attribution_stay_whole():
    sentences = texts(seed("000"))
    assert (
        "“If North Korea ever invades the South again, it will be self-contradictory, where a U.N. "
        "member state would be attacking the U.N. Command,” Shin told the meeting."
    ) in sentences
    assert any(s.startswith("Asked about Austin’s comment") and s.endswith("in this regard.”") for s in sentences)


def test_seed_003_has_no_dateline_and_keeps_oct_31_in_one_sentence():
    article = split_article(seed("003"))
    assert article.dateline is None
    first = article.sentences[0].text
    assert first.startswith("Secretary of State Antony Blinken confirmed on Oct. 31 that")
    assert first.endswith("Russia–Ukraine war.")
    assert all(s.kind == "body" for s in article.sentences)


# --- boilerplate ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Sign up for our newsletter",
        "Subscribe now to get unlimited access.",
        "Click here to read the full report.",
        "Read more: North Korea fires missile",
        "Advertisement",
        "Share this article",
        "© 2023 Reuters. All rights reserved.",
        "Copyright 2023 The Associated Press. All rights reserved.",
        "(Reporting by Jack Kim; Editing by Ed Davies)",
        "Additional reporting by Hyonhee Shin in Seoul",
        "Writing by Josh Smith; Editing by Kim Coghill",
        "[%% img-description %%]",
        "Support Daily Maverick→",
        "Payment options",
        "Follow us on Twitter and Facebook",
    ],
)
def test_boilerplate_lines_yield_no_sentence(line):
    text = f"SEOUL (Reuters) - North Korea fired a missile on Monday.\n\n{line}\n\nJapan protested on Tuesday."
    got = texts(text)
    assert "North Korea fired a missile on Monday." in got
    assert not any(line.strip()[:12] in s for s in got)


def test_a_reader_pitch_is_boilerplate():
    pitch = (
        "If you value our reporting, please consider supporting your local journalism. "
        "Your contribution helps us keep you informed."
    )
    assert texts(f"The talks ended on Monday.\n\n{pitch}") == ["The talks ended on Monday."]


def test_news_that_mentions_comment_or_support_is_not_boilerplate():
    text = (
        "The ministry declined to comment.\n\nSupport for the treaty has grown in Seoul.\n\n"
        "Officials said on Twitter that talks would resume."
    )
    assert len(texts(text)) == 3


def test_a_credit_line_alone_is_boilerplate_and_a_caption_keeps_its_text():
    text = (
        "Kim Jong Un inspects a missile launch in this undated photo. KCNA via REUTERS\n\n"
        "Reuters/Kim Hong-Ji\n\n"
        "The test was the fifth this year."
    )
    article = split_article(text)
    assert [(s.kind, s.text) for s in article.sentences] == [
        ("caption", "Kim Jong Un inspects a missile launch in this undated photo."),
        ("body", "The test was the fifth this year."),
    ] or [(s.kind, s.text) for s in article.sentences][-1] == ("body", "The test was the fifth this year.")
    assert not any("Kim Hong-Ji" in s.text for s in article.sentences)


@pytest.mark.parametrize(
    "opening",
    [
        "A photo released by the official Korean Central News Agency shows Kim Jong Un at a ceremony.",
        "File photo: Troops march in Pyongyang on Oct. 10.",
        "In this photo provided by the Kremlin, Putin greets Kim at the cosmodrome.",
    ],
)
def test_photo_captions_are_kind_caption(opening):
    text = f"{opening}\n\nSEOUL (Reuters) - The two leaders met on Wednesday."
    article = split_article(text)
    assert article.sentences[0].kind == "caption"
    assert article.sentences[-1].kind == "body"


def test_a_section_label_and_a_repeated_title_are_not_headlines():
    text = "World\n\nKim meets Putin in Russia's far east\n\nKim meets Putin in Russia's far east\n\nThe leaders met on Wednesday."
    article = split_article(text)
    assert [(s.kind, s.text) for s in article.sentences] == [
        ("headline", "Kim meets Putin in Russia's far east"),
        ("body", "The leaders met on Wednesday."),
    ]


def test_a_short_unpunctuated_line_inside_the_body_is_boilerplate():
    text = "The leaders met on Wednesday.\n\nMilitary cooperation\n\nThey agreed to hold drills."
    assert texts(text) == ["The leaders met on Wednesday.", "They agreed to hold drills."]


def test_hard_wrapped_wire_text_is_joined_into_paragraphs():
    text = (
        "A court in Guyana has issued arrest warrants for two Brazilian men sought in \n"
        "the brutal slaying of two American missionaries in southern Guyana three years \n"
        "ago, a senior Guyanese police officer said Wednesday. \n"
    )
    sentences = split_article(text).sentences
    assert len(sentences) == 1
    assert sentences[0].text.endswith("said Wednesday.")


# --- the dev set of real sentences ------------------------------------------------------------


def dev_cases() -> list[dict]:
    return tomllib.loads(DEV_SET.read_text(encoding="utf-8"))["case"] if DEV_SET.exists() else []


@pytest.mark.parametrize("case", dev_cases(), ids=lambda c: c["name"])
def test_dev_set_segmentation(case):
    got = texts(case["text"])
    if case.get("normalize"):
        got = [" ".join(s.split()) for s in got]
    assert got == case["sentences"]


def test_dev_set_is_there_and_covers_both_sources():
    names = [c["name"] for c in dev_cases()]
    assert sum(n.startswith("gigaword") for n in names) >= 10
    assert sum(n.startswith("guardian") for n in names) >= 8


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t \r\n \x0c"])
def test_empty_and_blank_text_gives_nothing(text):
    article = split_article(text)
    assert article.sentences == () and article.dateline is None


def test_control_characters_keep_offsets_right():
    text = "North\x00 Korea fired\x07 a missile.\x1b Japan\x0b protested.\r\nChina \x85called for calm."
    assert_well_formed(text)
    assert len(split_article(text).sentences) >= 2


def test_a_long_run_without_punctuation_is_cut_into_bounded_chunks():
    text = "word " * 20_000
    sentences = split_article(text).sentences
    assert len(sentences) >= 100
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert_well_formed(text)


def test_a_long_run_without_spaces_is_cut_too():
    text = "x" * 5_000
    sentences = split_article(text).sentences
    assert [len(s.text) for s in sentences] == [1000] * 5


def test_non_english_text_does_not_break_segmentation():
    text = "Северная Корея запустила ракету. 北朝鮮はミサイルを発射した。 كوريا الشمالية أطلقت صاروخا."
    assert_well_formed(text)


def test_a_megabyte_of_text_completes_quickly():
    paragraph = seed("000")
    text = (paragraph + "\n\n") * (1_000_000 // len(paragraph) + 1)
    started = time.perf_counter()
    split_article(text)
    split_article("“" + "a. " * 300_000)
    split_article("U.S. " * 200_000)
    assert time.perf_counter() - started < 10


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab AB.!?…\"“”'’()-—,:\n\t\r0123456789")
            + ["U.S.", "Mr.", "SEOUL, Nov 14 (Reuters) - ", "\n\n", "EPA-EFE/KCNA", "(Reporting by "]
        ),
        max_size=200,
    ).map("".join)
)
def test_any_text_gives_verbatim_ordered_non_overlapping_sentences(text):
    assert_well_formed(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_gives_verbatim_sentences(text):
    assert_well_formed(text)


def test_a_corrections_notice_run_into_the_last_paragraph_is_boilerplate():
    text = (
        "The ministers met in Ankara on Monday. This article was amended on 6 October 2017 "
        "to better describe the talks."
    )
    article = split_article(text)
    assert [s.text for s in article.sentences] == ["The ministers met in Ankara on Monday."]
    assert article.boilerplate and text[article.boilerplate[-1][0]:].startswith("This article was amended")
