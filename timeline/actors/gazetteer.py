"""Find actor mentions in text: one compiled pattern over every known surface form.

The surfaces (names, abbreviations, demonyms, metonyms, people's names, exclusion phrases)
are folded into a character trie and emitted as a single regular expression, so a scan is
one pass of the regex engine over the text. At each position the longest surface wins and
matches never overlap. A state or organisation followed by role words ("South Korean
Defence Minister", "the Kremlin spokesman") becomes one "role" mention.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from timeline.patterns import compiled

if TYPE_CHECKING:
    from timeline.actors.registry import Person, Role

MENTION_KINDS = ("name", "abbreviation", "demonym", "metonym", "person", "role")
_ACTOR_KINDS = frozenset({"name", "abbreviation", "demonym", "metonym"})
EXCLUDED = "excluded"

# Words that may stand right before a surname without being part of another name
# ("Secretary Austin", "Mr Shin"); any other capitalised word before it ("Jack Kim") means
# the surname belongs to someone else.
_TITLE_WORDS = frozenset(
    "mr mrs ms miss dr president secretary minister leader chairman chairwoman premier "
    "chancellor general gen admiral adm ambassador envoy spokesman spokeswoman "
    "spokesperson sen senator rep king queen prince vice deputy foreign defence defense "
    "prime supreme chief".split()
)


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names an actor, or a person who speaks for one."""

    start: int
    end: int
    text: str
    code: str | None
    kind: str
    person: Person | None = None
    role: Role | None = None


@dataclass(frozen=True)
class Surface:
    """What one surface form stands for: an actor (with how it is named) or a person."""

    code: str | None
    kind: str
    person: Person | None = None


@dataclass(frozen=True)
class RoleVocabulary:
    """Role words read from roles.toml."""

    titles: dict[str, str]  # lower-case phrase -> canonical title
    modifiers: tuple[str, ...]
    adjectives: frozenset[str]
    not_before: frozenset[str]
    seats: frozenset[str]


def fold_accents(text: str) -> str:
    """'Élysée' -> 'Elysee', 'Türkiye' -> 'Turkiye'."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def surface_variants(surface: str, *, person: bool = False) -> set[str]:
    """The forms a data entry may take in running text."""
    base = surface.strip()
    if base[:4].lower() == "the ":
        base = base[4:]
    forms = {base}
    if base[:1].islower():
        forms.add(base[0].upper() + base[1:])
    if person:
        forms |= {_hyphen_to_space(f) for f in forms} | {_hyphen_capital(f) for f in forms}
    else:
        words = base.split(" ")
        if len(words) > 1:
            later = [i for i, w in enumerate(words) if i and _is_titlecase(w)]
            if later:
                last = words[:-1] + [words[-1].lower()] if _is_titlecase(words[-1]) else words
                forms.add(" ".join(last))
                forms.add(" ".join(w.lower() if i in later else w for i, w in enumerate(words)))
    forms |= {fold_accents(f) for f in forms}
    forms |= {f.replace("'", "\u2019") for f in forms if "'" in f}
    return {f for f in forms if f}


def _is_titlecase(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _hyphen_to_space(name: str) -> str:
    return re.sub(r"-(\w)", lambda m: " " + m.group(1).upper(), name)


def _hyphen_capital(name: str) -> str:
    return re.sub(r"-(\w)", lambda m: "-" + m.group(1).upper(), name)


def trie_pattern(words: Iterable[str], gap: str | None = None) -> str:
    """A regex matching exactly `words`, longest alternative first, as a character trie.

    A space in a word matches `gap` (default `_GAP`)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie, _GAP if gap is None else gap)


# A space in a name also matches a line break or a run of spaces: wrapped text ("the United
# States" over two lines) still names the actor. A blank line never does.
_GAP = r"(?: |[ \t]*\r?\n[ \t]*|[ \t]{2,})"
# The same in the big pattern of every surface: any run of white space, a character class
# that compiles to a third of the size (the pattern compiles in 0.08 s, not 0.22 s); a match
# whose run is no `_GAP` is cut back before that run (`Gazetteer._match_at`).
_LOOSE_GAP = r"[ \t\r\n]+"
_GAP_RE = re.compile(_GAP)
_WHITE_RUN = re.compile(r"[ \t\r\n]+")


_ESCAPED: dict[str, str] = {}  # re.escape of each character met (the trie escapes one at a time)


def _escaped(ch: str) -> str:
    out = _ESCAPED.get(ch)
    if out is None:
        out = _ESCAPED[ch] = re.escape(ch)
    return out


def _emit(node: dict, gap: str) -> str:
    # a run of nodes with one child and no word ending there (the tail of a single word) is
    # its characters in a row: one pass, not a call per character
    run = []
    while len(node) == 1 and "" not in node:
        ((ch, node),) = node.items()
        run.append(gap if ch == " " else _escaped(ch))
    head = "".join(run)
    ends_here = "" in node
    branches = [(gap if ch == " " else _escaped(ch)) + _emit(child, gap) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return head
    if len(branches) == 1:
        body = branches[0]
        if not ends_here:
            return head + body
        return head + (f"(?:{body})?" if len(body) > 1 else f"{body}?")
    singles = [b for b in branches if len(b) == 1 or (len(b) == 2 and b[0] == "\\")]
    if len(singles) == len(branches):
        body = "[" + "".join(singles) + "]"
    else:
        body = "(?:" + "|".join(branches) + ")"
    return head + (body + "?" if ends_here else body)


class Gazetteer:
    """A compiled scanner over a fixed table of surfaces and role words."""

    def __init__(self, surfaces: dict[str, Surface], roles: RoleVocabulary) -> None:
        self._surfaces = surfaces
        self._roles = roles
        words = sorted(surfaces, key=len, reverse=True)
        # the lookahead on the surfaces' first letters lets the engine pass over most
        # positions (lower-case letters) without trying the trie there
        firsts = "".join(sorted({re.escape(w[0]) for w in words}))
        self._pattern = compiled(rf"(?=[{firsts}])(?<!\w)(?:" + trie_pattern(words, _LOOSE_GAP) + r")(?![\w])")
        role_alt = trie_pattern(_role_regex_words(roles.titles))
        modifiers = trie_pattern(roles.modifiers)
        self._role_after = compiled(
            r"(?:['\u2019]s)?"
            rf"(?:{_GAP}(?:{modifiers})){{0,2}}?"
            rf"{_GAP}(?P<roles>(?:{role_alt})(?:{_GAP}(?:{role_alt}))*)(?![\w-])",
            re.IGNORECASE,
        )
        self._role_phrase = compiled(rf"(?:{role_alt})(?![\w-])", re.IGNORECASE)
        self._next_word = re.compile(rf"{_GAP}([a-z][\w-]*)")
        self._seat_link = re.compile(rf"{_GAP}(?:in|to|at){_GAP}(?:the{_GAP})?")

    def scan(self, text: str, on: date | None = None) -> list[Mention]:
        mentions: list[Mention] = []
        covered = 0
        for match in self._matches(text):
            start, end = match.span()
            if start < covered:
                continue
            surface = self._surface(match.group())
            if surface.kind == EXCLUDED:
                covered = end
                continue
            if surface.person is not None:
                person = surface.person
                role = person.role_on(on) if on is not None else latest_role(person)
                mention = Mention(start, end, match.group(), role.actor if role else None,
                                  "person", surface.person, role)
            else:
                mention = self._with_role(text, start, end, surface)
            if mentions and mentions[-1].end > mention.start:
                continue
            mentions.append(mention)
            covered = mention.end
        return mentions

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        """What `finditer` of the pattern with `_GAP` for spaces would give."""
        pos = 0
        search = self._pattern.search
        while (match := search(text, pos)) is not None:
            found = self._match_at(text, match)
            if found is None:
                pos = match.start() + 1
                continue
            yield found
            pos = found.end()

    def _match_at(self, text: str, match: re.Match[str]) -> re.Match[str] | None:
        """`match`, or the longest match at its start whose runs of white space are all `_GAP`s."""
        matched = match.group()
        if "\n" not in matched and "\t" not in matched and "\r" not in matched and "  " not in matched:
            return match
        start = match.start()
        for run in _WHITE_RUN.finditer(matched):
            if _GAP_RE.fullmatch(run.group()) is None:
                # no surface reaches past this run: the longest one ends before it
                return self._match_at(text, m) if (m := self._pattern.match(text, start, start + run.start())) else None
        return match

    def _with_role(self, text: str, start: int, end: int, surface: Surface) -> Mention:
        found = self._role_after.match(text, end)
        if found is None or not self._is_role(text, found):
            return Mention(start, end, text[start:end], surface.code, surface.kind)
        phrases = [p.group().lower() for p in self._role_phrase.finditer(found.group("roles"))]
        phrases = [_SPACES.sub(" ", p) for p in phrases]
        titles = [self._roles.titles[p] for p in phrases]
        title = " ".join(dict.fromkeys(titles))
        stop = found.end()
        if " ".join(phrases) in self._roles.seats or phrases[-1] in self._roles.seats:
            stop = self._absorb_seat(text, stop)
        from timeline.actors.registry import Role  # registry imports this module

        return Mention(start, stop, text[start:stop], surface.code, "role",
                       role=Role(title, surface.code, None, None))

    def _is_role(self, text: str, found: re.Match) -> bool:
        phrase = _SPACES.sub(" ", found.group("roles").lower())
        if phrase not in self._roles.adjectives:
            return True
        following = self._next_word.match(text, found.end())
        return following is None or following.group(1) not in self._roles.not_before

    def _absorb_seat(self, text: str, stop: int) -> int:
        link = self._seat_link.match(text, stop)
        if link is None:
            return stop
        place = self._pattern.match(text, link.end())
        if place is not None:
            place = self._match_at(text, place)
        if place is None or self._surface(place.group()).kind not in _ACTOR_KINDS:
            return stop
        return place.end()

    def _surface(self, matched: str) -> Surface:
        found = self._surfaces.get(matched)
        if found is None:  # matched across a line break or a run of spaces
            found = self._surfaces[_SPACES.sub(" ", matched)]
        return found

    def surfaces(self) -> Iterator[tuple[str, Surface]]:
        return iter(self._surfaces.items())


_SPACES = re.compile(r"\s+")


def _role_regex_words(titles: dict[str, str]) -> set[str]:
    # Role phrases are matched case-insensitively with any run of spaces between words.
    return {t.lower() for t in titles}


def latest_role(person: Person) -> Role | None:
    """The role that started last: what a person is known as when no date is given."""
    dated = [r for r in person.roles if r.start is not None]
    if dated:
        return max(dated, key=lambda r: r.start)
    return person.roles[-1] if person.roles else None


def short_forms_pattern(forms: Iterable[str]) -> re.Pattern[str]:
    # the same people recur across a run's articles: compile each set of forms once
    return _short_forms_pattern(frozenset(forms))


@functools.lru_cache(maxsize=512)
def _short_forms_pattern(forms: frozenset[str]) -> re.Pattern[str]:
    words = set()
    for form in forms:
        words |= surface_variants(form, person=True)
    return re.compile(r"(?<!\w)(?:" + trie_pattern(sorted(words)) + r")(?![\w])")


_WORD_BEFORE = re.compile(r"([A-Z][\w.]*)\s+$")
_CAPITAL_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")


def is_part_of_other_name(text: str, start: int, end: int) -> bool:
    """True when a capitalised non-title word touches the match ("Jack Kim", "Kim Jong")."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before and before.group(1).rstrip(".").lower() not in _TITLE_WORDS:
        return True
    return _CAPITAL_AFTER.match(text, end, end + 4) is not None
