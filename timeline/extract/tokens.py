"""A sentence as a token list in which each actor mention is one token.

Words are matched by one precompiled regular expression (no nested quantifiers, linear in the
text); an actor mention found by the registry becomes a single token carrying its actor code,
so the rules read "ACTOR said", "accused ACTOR of" without caring how the name was spelt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events import PersonRef

__all__ = ["ActorTok", "Tok", "tokenize"]

_WORD = re.compile(r"[’']s\b|n[’']t\b|\w+(?:[.’'&-]\w+)*|[^\w\s]")
_OPEN_QUOTES = frozenset("“«")
_CLOSE_QUOTES = frozenset("”»")
_STRAIGHT = frozenset('"')


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
    """A word (lower-cased) or an actor mention, with its offsets in the article."""

    __slots__ = ("low", "start", "end", "actor", "quoted")

    def __init__(self, low: str, start: int, end: int, actor: ActorTok | None = None) -> None:
        self.low = low
        self.start = start
        self.end = end
        self.actor = actor
        self.quoted = False

    def __repr__(self) -> str:
        return f"Tok({self.low!r}, {self.start}, {self.end}, {self.actor!r})"


def tokenize(text: str, base: int, mentions: list[tuple[int, int, ActorTok]]) -> list[Tok]:
    """Tokens of text (which starts at article offset `base`); mentions in article offsets."""
    toks: list[Tok] = []
    pos = 0
    for m_start, m_end, actor in mentions:
        a, b = m_start - base, m_end - base
        if a < pos or b > len(text):
            continue
        _words(text, pos, a, base, toks)
        toks.append(Tok("\x00", m_start, m_end, actor))
        pos = b
    _words(text, pos, len(text), base, toks)
    _mark_quotes(toks)
    return toks


def _words(text: str, a: int, b: int, base: int, out: list[Tok]) -> None:
    append = out.append
    for m in _WORD.finditer(text, a, b):
        s, e = m.span()
        append(Tok(m.group().lower(), base + s, base + e))


def _mark_quotes(toks: list[Tok]) -> None:
    inside = False
    for t in toks:
        c = t.low
        if c in _OPEN_QUOTES:
            inside = True
            t.quoted = True
            continue
        if c in _CLOSE_QUOTES:
            t.quoted = True
            inside = False
            continue
        if c in _STRAIGHT:
            inside = not inside
            t.quoted = True
            continue
        t.quoted = inside
