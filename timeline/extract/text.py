"""Article text to sentences: paragraphs, dateline, headline, captions, boilerplate, quotes.

`split_article(text)` never changes the text: every `Sentence.text` is `text[start:end]`, so the
evidence an event rests on can be checked against the article at its offsets.

How it works, in one pass over the text (time is linear in its length):

1. Paragraphs. A blank line always separates paragraphs; a single line break does too, except
   in hard-wrapped text (lines of similar length under ~100 characters, as in wire feeds), where
   the lines of a block are joined into one paragraph, and except before a line that starts in
   lower case (a continuation).
2. Paragraph roles, from cue phrases in `data/boilerplate.toml` plus structure:
   - a wire sign-off ("(Reporting by ...; Editing by ...)") is boilerplate and so is every
     paragraph after it (what follows a sign-off on a web page is comments, promotions,
     related stories);
   - a paragraph opening with a boilerplate cue ("Subscribe", "Read more", "Advertisement",
     "Share this article", copyright, "[%% ... %%]" template debris) is boilerplate; so is a
     short paragraph containing a boilerplate phrase, and a paragraph without quotation marks
     that addresses the reader ("you", "your", "our readers") with a call to action;
   - a photo caption (a caption opening such as "A photo released by ... shows", or a
     paragraph ending in a photo credit such as "EPA-EFE/KCNA") gives `kind="caption"`
     sentences, its credit excluded; a credit line alone is boilerplate;
   - before the body starts, short lines without final punctuation are headlines
     (`kind="headline"`), except a section label ("North Korea", "World") or a repeat of
     an earlier headline, which are boilerplate; after the body has started, a line of at
     most five words without final punctuation (subheads, "Payment options") is boilerplate;
   - the first body paragraph may open with a dateline ("SEOUL, Nov 14 (Reuters) - ",
     "WASHINGTON (AP) — ", "KYIV, Ukraine — "), returned as `Dateline` and kept out of the
     first sentence.
3. Sentences. Candidate boundaries are runs of ".", "!", "?" or "…" followed by closing quotes
   or brackets and whitespace. A candidate is rejected before a lower-case word, after a title
   ("Mr.", "Gen.", "Sen."), after an initial ("F."), after "No."/"Oct."-style abbreviations
   before a number; after a dotted acronym ("U.S.", "p.m.") or an ellipsis it is accepted only
   before a sentence-starting function word ("The", "He", "But", ...). After a closing quote,
   a short tail with a speech verb ("Shin told the meeting.") stays with the quote. Sentences
   longer than 1,000 characters (text without punctuation) are cut at whitespace into chunks
   of at most 1,000 characters so that everything downstream stays linear.
4. Quotes. Quotation marks are paired inside each paragraph only, their direction read from
   the surrounding spaces (so a reversed curly quote still closes), an opening quote while a
   quote is open starts a new quote (the convention for quotes running over paragraphs), and
   a quote never closed ends with its paragraph or after 1,500 characters. A sentence is
   `quoted` when it lies wholly inside one quote.

Why hand-written and not spaCy: spaCy's blank English tokenizer plus its rule-based
sentencizer splits on every ".", "!" or "?" token, so it breaks "U.S. Defense Secretary",
"Oct. 31" style abbreviations are only partly covered by its tokenizer exceptions, it knows
nothing of datelines, captions or web boilerplate, and its tokenizer alone runs at roughly
10,000-20,000 sentences/s, below the budget this module has to itself (spaCy was not
installed to measure it here; the figure is its published tokenizer speed). The rules above
are a few regular expressions with no nested quantifiers and keep exact offsets. Measured on
one core of a shared machine: ~45,000 sentences/s (6 MB/s) on 249 Guardian articles, ~18,000-
20,000 sentences/s on the Reuters seed, whose many boilerplate paragraphs cost time and give no
sentences; tests/unit/test_text.py keeps a floor of 10,000 sentences/s and a 1 MB input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.extract import datafiles

__all__ = ["ArticleText", "Dateline", "Sentence", "split_article", "MAX_SENTENCE_CHARS"]

MAX_SENTENCE_CHARS = 1000
"""Longest sentence returned; longer runs without punctuation are cut at whitespace."""

_QUOTE_SPAN_LIMIT = 1500
_HEADLINE_MAX_WORDS = 25
_HEADLINE_MAX_CHARS = 250
_SHORT_PARAGRAPH_WORDS = 40
_SUBHEAD_MAX_WORDS = 5
_WRAP_MAX_LINE = 110
_DATELINE_SEARCH_PARAGRAPHS = 6


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article, verbatim, with its offsets and where it stands."""

    text: str
    start: int
    end: int
    paragraph: int
    kind: str  # "body" | "caption" | "headline"
    quoted: bool


@dataclass(frozen=True, slots=True)
class Dateline:
    """The wire dateline that opens the story: place, date as written, agency."""

    place: str
    date_text: str
    agency: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article split into sentences, with its dateline and the spans judged boilerplate."""

    text: str
    sentences: tuple[Sentence, ...]
    dateline: Dateline | None
    boilerplate: tuple[tuple[int, int], ...]


# ---------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True, slots=True)
class _Lexicon:
    titles: frozenset[str]
    before_number: frozenset[str]
    never_final: frozenset[str]
    starters: frozenset[str]
    attribution: re.Pattern[str]
    prefix: re.Pattern[str]
    short_phrases: _PhraseSet
    second_person: re.Pattern[str]
    call_to_action: tuple[str, ...]
    signoff: re.Pattern[str]
    sentence_prefix: re.Pattern[str]
    section_labels: frozenset[str]
    caption_prefix: re.Pattern[str]
    credit: re.Pattern[str]


# Abbreviations that never end a sentence whatever follows; the rest of [abbreviations].inner
# ends a sentence only before a sentence starter, like a dotted acronym.
_NEVER_FINAL = frozenset({"vs", "v", "e.g", "i.e", "cf", "viz", "approx", "incl", "esp"})


def _phrase_pattern(phrases: list[str], *, anchored: bool) -> re.Pattern[str]:
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        escaped = re.escape(phrase)
        if phrase[-1:].isalnum():
            escaped += r"\b"
        if phrase[:1].isalnum() and not anchored:
            escaped = r"\b" + escaped
        parts.append(escaped)
    return re.compile("(?:" + "|".join(parts) + ")", re.IGNORECASE)


class _PhraseSet:
    """Literal phrases found in a text by whole words, without a regex alternation (which
    would try every phrase at every position): a phrase matches when all its words are
    among the text's words and the phrase occurs in the lower-cased text."""

    __slots__ = ("_phrases",)

    def __init__(self, phrases: list[str]) -> None:
        by_word: dict[str, list[str]] = {}
        for phrase in phrases:
            low = phrase.lower()
            words = _WORD_LOWER.findall(low)
            key = words[0] if words else low
            by_word.setdefault(key, []).append(low)
        self._phrases = tuple((key, tuple(group)) for key, group in by_word.items())

    def search(self, text: str) -> str | None:
        low = text.lower()
        for key, group in self._phrases:
            if key not in low:
                continue
            for phrase in group:
                i = low.find(phrase)
                while i >= 0:
                    j = i + len(phrase)
                    if not (
                        (i > 0 and phrase[0].isalnum() and low[i - 1].isalnum())
                        or (j < len(low) and phrase[-1].isalnum() and low[j].isalnum())
                    ):
                        return phrase
                    i = low.find(phrase, i + 1)
        return None


_WORD_LOWER = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = datafiles.load("boilerplate.toml")
    abbr = data["abbreviations"]
    bp = data["boilerplate"]
    cap = data["captions"]
    verbs = "|".join(re.escape(v) for v in data["attribution"]["verbs"])
    return _Lexicon(
        titles=frozenset(abbr["titles"]),
        before_number=frozenset(abbr["before_number"]),
        never_final=_NEVER_FINAL,
        starters=frozenset(data["sentence_starters"]["words"]),
        attribution=re.compile(rf"\b(?:{verbs})\b", re.IGNORECASE),
        prefix=_phrase_pattern(bp["paragraph_prefixes"], anchored=True),
        short_phrases=_PhraseSet(bp["short_paragraph_phrases"]),
        second_person=re.compile(
            r"(?<![\w’'])(?:" + "|".join(re.escape(w) for w in bp["second_person"]) + r")(?![\w’'])"
            r"|\bour readers\b",
            re.IGNORECASE,
        ),
        call_to_action=tuple(w.lower() for w in bp["call_to_action"]),
        signoff=_phrase_pattern(bp["signoffs"], anchored=True),
        sentence_prefix=_phrase_pattern(bp["sentence_prefixes"], anchored=True),
        section_labels=frozenset(bp["section_labels"]),
        caption_prefix=_phrase_pattern(cap["prefixes"], anchored=True),
        credit=re.compile("|".join(f"(?:{c})" for c in cap["credits"])),
    )


# ---------------------------------------------------------------------------------------------
# Regular expressions (no nested quantifiers: each runs in linear time)

_LINE_BREAK = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_NON_SPACE = re.compile(r"\S")
_CANDIDATE = re.compile(r"[.!?…]+[\"”“’'»)\]]*(?=\s)")
_SPACE_RUN = re.compile(r"\s+")
_QUOTE_CHAR = re.compile(r"[\"“”„«»]")
_OPENERS = "\"“„«'‘([{"
_CLOSERS = "\"”’'»)]}"
_TERMINAL = ".!?…"
_TAIL_END = re.compile(r"[.!?]")
_WORD = re.compile(r"\w+(?:[’'.\-]\w+)*")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATELINE = re.compile(
    rf"""
    (?P<place>[A-Z][\w.'’\-]*(?:[ ][A-Z][\w.'’\-]*){{0,3}})
    (?:,[ ](?P<region>[A-Z][\w.'’\-]*(?:[ ][A-Z][\w.'’\-]*){{0,2}}))?
    (?:,?[ ](?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]{{0,6}}\.?,?[ ])?
       (?P<date>{_MONTH}[ ]\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ ]\d{{4}})?
               |\d{{1,2}}[ ]{_MONTH}(?:,?[ ]\d{{4}})?))?
    [ ]?(?:\((?P<agency>[A-Z][\w .&/\-]{{0,30}})\))?
    [ ]?(?P<dash>--|[-—–:])(?:\s+|$)
    """,
    re.VERBOSE,
)


# ---------------------------------------------------------------------------------------------
# Paragraphs


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of text, without their line breaks and surrounding spaces; blank
    lines are (-1, -1)."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for m in _LINE_BREAK.finditer(text):
        out.append(_strip(text, pos, m.start()))
        pos = m.end()
    if pos <= n:
        out.append(_strip(text, pos, n))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    m = _NON_SPACE.search(text, start, end)
    if m is None:
        return (-1, -1)
    s = m.start()
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans, stripped, in order."""
    paragraphs: list[tuple[int, int]] = []
    block: list[tuple[int, int]] = []
    for span in _lines(text):
        if span[0] < 0:
            if block:
                paragraphs.extend(_block_paragraphs(text, block))
                block = []
        else:
            block.append(span)
    if block:
        paragraphs.extend(_block_paragraphs(text, block))
    return paragraphs


def _block_paragraphs(text: str, block: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(block) == 1:
        return block
    if _is_wrapped(text, block):
        return [(block[0][0], block[-1][1])]
    out = [block[0]]
    for s, e in block[1:]:
        first = text[s]
        prev_last = text[out[-1][1] - 1]
        if first.islower() and prev_last not in _TERMINAL and prev_last not in "”\"":
            out[-1] = (out[-1][0], e)  # a line that goes on with the previous one
        else:
            out.append((s, e))
    return out


def _is_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    """Hard-wrapped prose: every line short, the lines before the last of similar length,
    and most of them not ending a sentence."""
    lengths = [e - s for s, e in block]
    longest = max(lengths)
    if longest > _WRAP_MAX_LINE or longest < 40:
        return False
    body = lengths[:-1]
    if min(body) < 0.6 * longest:
        return False
    open_ends = sum(1 for s, e in block[:-1] if text[e - 1] not in _TERMINAL)
    return open_ends * 2 >= len(body)


# ---------------------------------------------------------------------------------------------
# Paragraph roles


def _word_count(text: str, start: int, end: int) -> int:
    """Roughly the words in a stripped span: its runs of spaces plus one."""
    return text.count(" ", start, end) + text.count("\n", start, end) + 1 - text.count("  ", start, end)


def _ends_sentence(text: str, start: int, end: int) -> bool:
    e = end
    while e > start and text[e - 1] in _CLOSERS:
        e -= 1
    return e > start and text[e - 1] in _TERMINAL


def _is_reader_pitch(lex: _Lexicon, para: str) -> bool:
    low = para.lower()
    if low.count("you") + low.count("our readers") < 2 or _QUOTE_CHAR.search(para):
        return False
    hits = 0
    for _ in lex.second_person.finditer(para):
        hits += 1
        if hits >= 2:
            return any(verb in low for verb in lex.call_to_action)
    return False


def _is_section_label(lex: _Lexicon, para: str, words: int) -> bool:
    if para.lower().strip(" :|-–—") in lex.section_labels:
        return True
    if words <= 2:
        return True
    return words <= 3 and all(w[:1].isupper() for w in para.split())


# ---------------------------------------------------------------------------------------------
# Sentences


def _word_before(text: str, lo: int, p: int) -> str:
    """The token that ends at p (the position of a period), at most 25 characters back."""
    i = p
    stop = max(lo, p - 25)
    while i > stop and not text[i - 1].isspace() and text[i - 1] not in "([{\"“‘—–/":
        i -= 1
    return text[i:p]


def _next_word(text: str, i: int, end: int) -> str:
    while i < end and text[i] in _OPENERS:
        i += 1
    j = i
    stop = min(end, i + 30)
    while j < stop and (text[j].isalnum() or text[j] in "'’-"):
        j += 1
    return text[i:j]


def _attribution_tail(lex: _Lexicon, text: str, i: int, end: int) -> bool:
    """Whether text from i is a short tail such as 'Shin told the meeting.'"""
    if i < end and text[i] in "\"“„«":
        return False
    m = _TAIL_END.search(text, i, min(end, i + 120))
    stop = m.start() if m else min(end, i + 120)
    if m is None and stop < end:
        return False
    tail = text[i:stop]
    if tail.count(" ") > 7 or ":" in tail or any(q in tail for q in "\"“„«"):
        return False  # "Begum continued: “This ..." starts a new quote, not a tail
    return lex.attribution.search(tail) is not None


def _is_boundary(lex: _Lexicon, text: str, lo: int, m: re.Match[str], end: int) -> bool:
    punct_end = m.start()
    while punct_end < m.end() and text[punct_end] in _TERMINAL:
        punct_end += 1
    punct = text[m.start() : punct_end]
    closed_quote = punct_end < m.end()
    ws = _SPACE_RUN.match(text, m.end(), end)
    nxt_start = ws.end() if ws else m.end()
    if nxt_start >= end:
        return False
    word = _next_word(text, nxt_start, end)
    first = word[:1]
    if first and first.islower():
        return False
    if not word and text[nxt_start] in "•·▪":
        return True
    split = True
    if "…" in punct or ".." in punct:
        # mid-sentence elision unless a function word follows; before a closing quote the
        # quote, and with it the sentence, ends
        split = closed_quote or word in lex.starters
    elif punct == ".":
        before = _word_before(text, lo, m.start()).lstrip("'’\"“")
        low = before.lower()
        if not before:
            split = True
        elif low in lex.titles or low in lex.never_final:
            split = False
        elif low in lex.before_number and first.isdigit():
            split = False
        elif len(before) == 1 and before.isupper():
            split = False  # an initial: "Jack F. Kennedy"
        elif "." in before or low in ("etc", "al", "inc", "corp", "ltd", "co", "bros", "jr"):
            split = word in lex.starters  # "U.S. Defense" no, "the U.S. The" yes
    if split and closed_quote and _attribution_tail(lex, text, nxt_start, end):
        return False
    return split


def _sentence_spans(lex: _Lexicon, text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    s = start
    for m in _CANDIDATE.finditer(text, start, end):
        if m.start() < s:
            continue
        if _is_boundary(lex, text, s, m, end):
            spans.append((s, m.end()))
            ws = _SPACE_RUN.match(text, m.end(), end)
            s = ws.end() if ws else m.end()
    if s < end:
        spans.append((s, end))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        a, b = _strip(text, a, b)
        if a < 0:
            continue
        if b - a <= MAX_SENTENCE_CHARS:
            out.append((a, b))
        else:
            out.extend(_chunks(text, a, b))
    return out


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run longer than MAX_SENTENCE_CHARS at whitespace (or hard, if there is none)."""
    out = []
    s = start
    while end - s > MAX_SENTENCE_CHARS:
        limit = s + MAX_SENTENCE_CHARS
        cut = limit
        i = limit
        floor = s + MAX_SENTENCE_CHARS // 2
        while i > floor:
            if text[i - 1].isspace():
                cut = i - 1
                break
            i -= 1
        a, b = _strip(text, s, cut)
        if a >= 0:
            out.append((a, b))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        a, b = _strip(text, s, end)
        if a >= 0:
            out.append((a, b))
    return out


def _quote_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of direct quotations inside a paragraph (quote marks included)."""
    regions: list[tuple[int, int]] = []
    open_at = -1
    for m in _QUOTE_CHAR.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        before_space = i == start or text[i - 1].isspace() or text[i - 1] in "([{—–-"
        after_space = i + 1 >= end or text[i + 1].isspace()
        if ch in "“„«":
            opening = not (not before_space and (after_space or text[i + 1] in ",.;:!?"))
        elif ch in "”»":
            opening = before_space and not after_space
        else:  # straight quote: direction from context
            if before_space and after_space:
                continue
            opening = before_space
        if opening:
            if open_at >= 0:
                regions.append((open_at, i))
            open_at = i
        elif open_at >= 0:
            regions.append((open_at, i + 1))
            open_at = -1
    if open_at >= 0:
        regions.append((open_at, min(end, open_at + _QUOTE_SPAN_LIMIT)))
    return regions


# ---------------------------------------------------------------------------------------------
# The article


def split_article(text: str) -> ArticleText:
    """Split an article into sentences, finding its dateline, headline, captions and boilerplate."""
    if not isinstance(text, str):
        raise TypeError(f"article text must be str, not {type(text).__name__}")
    lex = _lexicon()
    sentences: list[Sentence] = []
    boilerplate: list[tuple[int, int]] = []
    dateline: Dateline | None = None
    body_started = False
    after_signoff = False
    headlines: set[str] = set()

    for index, (ps, pe) in enumerate(_paragraphs(text)):
        if after_signoff:
            boilerplate.append((ps, pe))
            continue
        if lex.signoff.match(text, ps, pe):
            after_signoff = True
            boilerplate.append((ps, pe))
            continue
        if lex.prefix.match(text, ps, pe):
            boilerplate.append((ps, pe))
            continue
        words = _word_count(text, ps, pe)
        short = words <= _SHORT_PARAGRAPH_WORDS
        if short and lex.short_phrases.search(text[ps:pe]):
            boilerplate.append((ps, pe))
            continue
        if words <= 150 and _is_reader_pitch(lex, text[ps:pe]):
            boilerplate.append((ps, pe))
            continue

        kind = "body"
        content_start, content_end = ps, pe
        credit = _find_credit(lex, text, ps, pe)
        if credit is not None:
            if words <= 8 and not _ends_sentence(text, ps, credit.start()):
                boilerplate.append((ps, pe))  # a credit line alone
                continue
            kind = "caption"
            boilerplate.append((credit.start(), pe))
            content_end = credit.start()
        elif lex.caption_prefix.match(text, ps, pe):
            kind = "caption"

        ends = _ends_sentence(text, content_start, content_end)
        if kind == "body" and not body_started:
            if dateline is None and index < _DATELINE_SEARCH_PARAGRAPHS:
                dl = _match_dateline(text, ps, pe)
                if dl is not None:
                    dateline = dl
                    body_started = True
                    content_start = dl.end
                    if content_start >= pe:
                        continue
            if content_start == ps and not ends and words <= _HEADLINE_MAX_WORDS and (
                pe - ps <= _HEADLINE_MAX_CHARS
            ):
                para = text[ps:pe]
                key = " ".join(para.lower().split())
                if key in headlines or _is_section_label(lex, para, words):
                    boilerplate.append((ps, pe))
                else:
                    headlines.add(key)
                    for a, b in _sentence_spans(lex, text, ps, pe):
                        sentences.append(Sentence(text[a:b], a, b, index, "headline", False))
                continue
            body_started = True
        elif kind == "body" and not ends and words <= _SUBHEAD_MAX_WORDS:
            boilerplate.append((ps, pe))
            continue

        spans = _sentence_spans(lex, text, content_start, content_end)
        regions = _quote_regions(text, ps, pe)
        r = 0
        for a, b in spans:
            if lex.sentence_prefix.match(text, a, b):
                boilerplate.append((a, b))
                continue
            while r < len(regions) and regions[r][1] < b:
                r += 1
            quoted = r < len(regions) and regions[r][0] <= a and b <= regions[r][1]
            sentences.append(Sentence(text[a:b], a, b, index, kind, quoted))

    return ArticleText(text, tuple(sentences), dateline, tuple(boilerplate))


def _find_credit(lex: _Lexicon, text: str, ps: int, pe: int) -> re.Match[str] | None:
    """A photo credit ending the paragraph ("EPA-EFE/KCNA", "(AP Photo/Ahn Young-joon)")."""
    lo = max(ps, pe - 160)
    tail = text[lo:pe]
    if "/" not in tail and "hoto" not in tail and "Getty" not in tail:
        return None
    return lex.credit.search(text, lo, pe)


def _match_dateline(text: str, ps: int, pe: int) -> Dateline | None:
    m = _DATELINE.match(text, ps, pe)
    if m is None:
        return None
    place = m.group("place")
    date_text = m.group("date") or ""
    agency = m.group("agency") or ""
    caps = sum(c.isupper() for c in place) >= 2 and not any(c.islower() for c in place)
    if m.group("dash") == ":" and not (date_text or agency):
        return None
    if not (caps or date_text or agency):
        return None
    return Dateline(place, date_text, agency, ps, m.end())
