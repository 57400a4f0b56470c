"""The token offsets and the phrase look-up the rules rest on."""

from __future__ import annotations

import re

import pytest

from timeline.extract.lexicon import PhraseIndex, lexicon, words
from timeline.extract.tokens import ActorTok, tokenize

SENTENCES = [
    "North Korea fired two missiles on Tuesday, the South's military said.",
    "“We don’t accept it,” said Mr Shin  — in Seoul — on 3 Nov. 2023 (local time).",
    "U.S.-led talks in Geneva, which began   last week,\nended on Friday; Iran's envoy left.",
    "İstanbul'da: tensions rose as ISIS/IS fighters attacked... again!",
]


def offsets_by_search(text: str, base: int, tokens) -> list[int]:
    """Where each token ends, found as the tokens were found before: each word searched for
    from the end of the one before it."""
    out: list[int] = []
    low = tokens._text
    for a, b, mention_end in tokens._segments:
        if mention_end >= 0:
            out.append(mention_end)
            continue
        pos = a
        for w in re.findall(r"[’']s\b|n[’']t\b|\w+(?:[.’'&-]\w+)*|[^\w\s]", low[a:b]):
            pos = low.find(w, pos) + len(w)
            out.append(base + pos)
    return out[: len(tokens.toks)]


@pytest.mark.parametrize("text", SENTENCES)
def test_each_token_ends_where_its_word_ends_in_the_article(text: str) -> None:
    base = 120
    first = text.split()[0]
    mention = (base, base + len(first), ActorTok(("PRK",), "name", first))
    for mentions in ([], [mention]):
        tokens = tokenize(text, base, mentions)
        ends = tokens.ends()
        assert len(ends) == len(tokens.toks)
        assert ends == offsets_by_search(text, base, tokens)
        for tok, end in zip(tokens.toks, ends):
            if tok.actor is None:
                assert text.lower()[end - base - len(tok.low) : end - base] == tok.low or len(text.lower()) != len(text)


def test_a_phrase_index_gives_the_longest_entry_at_a_position_in_a_list_or_a_tuple() -> None:
    index = PhraseIndex({("held",): "one", ("held", "talks"): "two", ("held", "talks", "with"): "three"})
    sentence = words("Japan held talks with China and held firm")
    for seq in (list(sentence), tuple(sentence)):
        assert index.match(seq, 1) == (3, "three")
        assert index.match(seq, 6) == (1, "one")
        assert index.match(seq, 0) is None
        assert index.match(seq[:3], 1) == (2, "two")  # the longer entry runs past the end


def test_the_speaker_cues_are_the_first_words_of_according_and_speech() -> None:
    lex = lexicon()
    assert lex.speaker_cues == lex.according.firsts | lex.speech.firsts
