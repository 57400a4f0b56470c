"""A sentence as a token list in which each actor mention is one token.

Words are matched by one precompiled regular expression (no nested quantifiers, linear in the
text); an actor mention found by the registry becomes a single token carrying its actor code,
so the rules read "ACTOR said", "accused ACTOR of" without caring how the name was spelt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events import PersonRef

__all__ = ["ActorTok", "Tok", "Tokens", "tokenize"]

# A number with thousands separators ("25,000", "1,200.5") is one word: its commas separate
# no clauses.
_WORD = re.compile(r"[’']s\b|n[’']t\b|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,])|\w+(?:[.’'&-]\w+)*|[^\w\s]")
_OPEN_QUOTES = frozenset("“«")
_CLOSE_QUOTES = frozenset("”»")
_STRAIGHT = frozenset('"')
_ANY_QUOTE = re.compile('[“«”»"]')


@dataclass(slots=True)
class ActorTok:
    """An actor mention: the codes it stands for and how it was named."""

    codes: tuple[str, ...]
    kind: str  # name | abbreviation | demonym | metonym | person | role | pronoun
    text: str
    person: PersonRef | None = None
    org: bool = False  # an organisation or group, not a state
    dropped: str = ""  # why it is not an actor here ("location", "modifier", "members")
    resolved_from: str = ""  # a pronoun or a short name: how it was resolved


class Tok:
    """A word (lower-cased) or an actor mention.

    Word tokens are shared: one instance per word form for the whole process, so a sentence
    costs one list of references, not one object per word. Where a token sits (its offsets,
    whether it is quoted) belongs to the sentence: `Tokens`.
    """

    __slots__ = ("low", "actor")

    def __init__(self, low: str, actor: ActorTok | None = None) -> None:
        self.low = low
        self.actor = actor

    def __repr__(self) -> str:
        return f"Tok({self.low!r}, {self.actor!r})"


_VOCABULARY: dict[str, Tok] = {}
_VOCABULARY_LIMIT = 500_000  # past this, new word forms get their own token


def _word(low: str) -> Tok:
    t = _VOCABULARY.get(low)
    if t is None:
        t = Tok(low)
        if len(_VOCABULARY) < _VOCABULARY_LIMIT:
            _VOCABULARY[low] = t
    return t


class Tokens:
    """A sentence's tokens, which of them lie inside quotation marks, and their offsets."""

    __slots__ = ("toks", "quoted", "_text", "_base", "_segments", "_orig")

    def __init__(self, toks: list[Tok], quoted: list[bool], text: str, base: int,
                 segments: list[tuple[int, int, int]], orig: str = "") -> None:
        self.toks = toks
        self.quoted = quoted
        self._text = text
        self._base = base
        self._segments = segments  # (start, end, -1 for words | token index of a mention)
        self._orig = orig or text

    def capitalized(self) -> list[bool]:
        """Whether each token starts with a capital letter in the text (an actor mention: True),
        computed on demand: the rules ask only to tell an unknown name ("said Susannah Sirkin")
        from a common word."""
        out: list[bool] = []
        for a, b, mention_end in self._segments:
            if mention_end >= 0:
                out.append(True)
                continue
            out.extend(w[:1].isupper() for w in _WORD.findall(self._orig, a, b))
        return out[: len(self.toks)] + [False] * max(0, len(self.toks) - len(out))

    def __len__(self) -> int:
        return len(self.toks)

    def truncate(self, n: int) -> None:
        del self.toks[n:]
        del self.quoted[n:]

    def ends(self) -> list[int]:
        """The article offset at which each token ends (computed on demand: few sentences
        need it, only those with a date)."""
        out: list[int] = []
        base, low = self._base, self._text
        for a, b, mention_end in self._segments:
            if mention_end >= 0:
                out.append(mention_end)
                continue
            out.extend([base + m.end() for m in _WORD.finditer(low, a, b)])
        return out[: len(self.toks)]


def tokenize(text: str, base: int, mentions: list[tuple[int, int, ActorTok]]) -> Tokens:
    """Tokens of text (which starts at article offset `base`); mentions in article offsets."""
    toks: list[Tok] = []
    segments: list[tuple[int, int, int]] = []
    low = text.lower()
    if len(low) != len(text):
        # a character changed length when lower-cased ("İ"): match the original, lower each
        low = text
        words = _words_each
    else:
        words = _words_lowered
    pos = 0
    for m_start, m_end, actor in mentions:
        a, b = m_start - base, m_end - base
        if a < pos or b > len(text):
            continue
        words(low, pos, a, toks)
        segments.append((pos, a, -1))
        toks.append(Tok("\x00", actor))
        segments.append((a, b, m_end))
        pos = b
    words(low, pos, len(text), toks)
    segments.append((pos, len(text), -1))
    quoted = _quotes(toks) if _ANY_QUOTE.search(text) else [False] * len(toks)
    return Tokens(toks, quoted, low, base, segments, text)


def _words_lowered(low: str, a: int, b: int, out: list[Tok]) -> None:
    get = _VOCABULARY.get
    out.extend([get(w) or _word(w) for w in _WORD.findall(low, a, b)])  # a Tok is never false


def _words_each(text: str, a: int, b: int, out: list[Tok]) -> None:
    for w in _WORD.findall(text, a, b):
        out.append(_word(w.lower()))


def _quotes(toks: list[Tok]) -> list[bool]:
    out = [False] * len(toks)
    inside = False
    for i, t in enumerate(toks):
        c = t.low
        if c in _OPEN_QUOTES:
            inside = True
            out[i] = True
            continue
        if c in _CLOSE_QUOTES:
            out[i] = True
            inside = False
            continue
        if c in _STRAIGHT:
            inside = not inside
            out[i] = True
            continue
        out[i] = inside
    return out
