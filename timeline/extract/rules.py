"""The rules: one sentence's tokens in, candidate events out.

The pipeline per sentence (DESIGN.md, "Extraction"):

1. Actor tokens that are not actors here are marked: a place after a locative preposition
   ("in Seoul"), a bare name modifying a topic noun ("the Seoul meeting", "the Ukraine
   crisis"), an organisation followed by its members ("UN member states").
2. Clauses: the sentence is cut at conjunctions and relative words (cues.toml
   `clause_breaks`); a conditional word ("if", "unless") opens a hypothetical stretch that runs
   to the next comma or "then".
3. The speaker: an actor next to a reporting verb ("X said", "said X", "according to X"), a
   pronoun after a quote ("he said"), or the previous sentence's speaker for a quote that runs
   on. Everything else in the sentence is what the speaker reports.
4. Triggers from the lexicon, longest first. A trigger whose act takes content ("accused X of
   ...", "concerned that ...", "denied ...", "agreed to ...") makes the rest of its clause that
   content: triggers inside are not events of their own, except in a claim (cues.toml `claims`:
   "accused X of supplying arms to Y", "concerned that X is helping Y"): there a material act
   is an event attributed to the claimant, done by the accused before its "of" or the claimed
   clause's own subject, dated on or before the claim, with confidence 0.5. A denial's content,
   a question, a negated, hypothetical or future act inside a claim is no event.
5. Modality from the words before the verb: negation and hypothetical modals drop the event;
   "would" after a reporting verb in a sentence with no conditional is the reported "will"
   ("China said it would hold drills": announced); a future in someone's speech is announced,
   a bare future planned, a promise ("pledged aid", "promised to send troops") announced; a
   verbal act only announced is no event; perfect and "continue to" make a background fact
   dated `on_or_before`. A purpose, possible outcome or slogan opened earlier in the clause
   (cues.toml `unasserted`: "in order to", "could lead to ... reaching", "signs reading") is
   no event.
6. Roles: source is the grammatical subject (the nearest actor group to the left that is not
   inside a prepositional phrase, except a state's forces after "of": "the injection of North
   Korean troops"; the actor before the sentence's first comma for a verb right after a
   comma-closed parenthesis: "Her father, speaking from Bangladesh, accused"; the possessor of a
   noun act: "Trump's call for"; the actor of "with X denying"; none when private people or a
   non-state group head the subject: "Russian citizens travelled", cues.toml
   `non_state_heads`), else the speaker; a state's name modifying such a noun or before
   "-backed" is no actor ("the Syrian opposition", "US-backed fighters"); a "by" agent keeps
   a passive even when forces are its subject; target is the first actor group after the trigger (a
   noun's target within its own phrase; accusations: also every "Y of"); symmetric acts list
   the subject and the actors of "with/between/involving/attended by" phrases. Pronouns resolve
   to the sentence's subject group ("they", "their"), the last person ("he", "she"), the
   speaker ("we"), or the nearest singular actor ("it"); "it" as an object never reaches back
   to an earlier sentence, and "it, the latest launch" names the actor of the latest such act,
   or else the one actor the same speaker's next quoted sentence of the paragraph names.
7. Date: a date in the trigger's clause or a temporal clause joined to it ("when they met in
   September"); otherwise the article's reference day (the latest explicit day mentioned, near
   publication), `on_or_before` for background facts. Historical events are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from events import EVENT_TYPES, DateRule, PersonRef, Precision, When
from timeline.actors import ActorRegistry
from timeline.extract.dates import WEEKDAYS
from timeline.extract.lexicon import Cue, Lexicon
from timeline.extract.tokens import ActorTok, Tok, Tokens

__all__ = ["ArticleState", "Candidate", "Speaker", "analyse_sentence"]

_PREPOSITIONS = frozenset(
    "in at from near outside inside across throughout around via off into within toward towards "
    "through of to for with by between among amongst against about over on regarding concerning "
    "under upon than like unlike including".split()
)
_DETERMINERS = frozenset(
    "a an the this these those its their his her our my your any no of ’s 's some every each".split()
)
_GROUP_JOINERS = frozenset({"and", ",", "&", "or"})
_GROUP_GLUE = _GROUP_JOINERS | {"the"}  # what may stand between the actors of a group
_DASHES = frozenset({"–", "-", "—", "/"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "’s", "'s", "’re", "'re", "am"})
_QUOTE_MARKS = frozenset('“”"«»')
_VERBAL = frozenset(
    {"StatementIssued", "DenialIssued", "AccusationMade", "CondemnationIssued", "DemandMade",
     "WarningIssued", "ThreatIssued", "PraiseIssued"}
)
# Acts a pledge can promise that are events of their own when promised ("pledged aid")
_MATERIAL_TYPES = frozenset({"AidProvided", "TroopsDeployed", "SanctionsImposed", "MilitaryAttack",
                             "DrillAnnounced", "MeetingHeld", "VisitMade", "MissileLaunched"})
_TEMPORAL_LINKS = frozenset({"when", "after", "before", "as", "while"})
_VISIT_TARGET_WORDS = frozenset({"in", "to"})
_REFERENCE_WINDOW = dt.timedelta(days=7)


@dataclass(slots=True)
class Speaker:
    codes: tuple[str, ...]
    people: tuple[PersonRef, ...]
    start: int  # token range of the speaker and the reporting verb
    end: int
    explicit: bool  # named in this sentence (not inherited or a pronoun)


@dataclass(slots=True)
class Candidate:
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    when: When
    modality: str
    confidence: float
    people: tuple[PersonRef, ...]
    attributed_to: tuple[str, ...]
    sentence_index: int


@dataclass(slots=True)
class ArticleState:
    """What the rules remember from one sentence to the next within an article."""

    published: dt.date
    reference: dt.date
    lexicon: Lexicon
    last_speaker: Speaker | None = None
    last_person: tuple[tuple[str, ...], tuple[PersonRef, ...]] | None = None
    last_group: tuple[str, ...] = ()
    last_singular: tuple[str, ...] = ()
    accusations: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    actors_of_acts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # type -> latest source
    # type -> the parties of the latest agreement, meeting, ... and the sentence it was read in
    parties_of_acts: dict[str, tuple[tuple[str, ...], int]] = field(default_factory=dict)
    sentence: int = -1  # the index of the sentence being read
    paragraph: int = -1  # the paragraph of the sentence being read
    # the two states of the latest meeting, call or visit, its sentence and paragraph: what "the
    # two sides" stands for
    pair: tuple[tuple[str, ...], int, int] | None = None
    # an act aimed at a cataphoric "it" the sentence did not resolve, waiting for the next
    # sentence of the same quote: (candidate without its target, its sentence, its paragraph)
    ahead: tuple[Candidate, int, int] | None = None


@dataclass(slots=True)
class _Trigger:
    index: int
    length: int
    cue: Cue
    support: int  # index of the support verb of a nominal trigger, or -1


@dataclass(slots=True)
class _Sentence:
    toks: list[Tok]
    lows: list[str]
    clause: list[int]
    hypothetical: list[bool]
    speaker: Speaker | None
    find_dates: Callable[[], list[tuple[int, object]]]  # (token index, DateMention), on demand
    subject_group: tuple[str, ...]
    kind: str
    quoted: list[bool]  # token i lies inside quotation marks
    actors: list[int]  # indexes of the actor tokens
    words: frozenset[str]  # the sentence's distinct lower-cased tokens, to skip rules cheaply
    may_hold_day: bool  # the text may name a day (the article's reference day may move)
    _dates: list[tuple[int, object]] | None = None
    tokens: Tokens | None = None
    _caps: list[bool] | None = None
    # a coordinated predicate's clause, by the index of its "and", -> the head verb of the
    # predicate before it, whose subject, modal and date it shares ("denied X and warned Y")
    donors: dict[int, int] | None = None
    # a verb whose object is the act noun its relative clause hangs on, -> that noun ("a deal
    # China criticised")
    gaps: dict[int, int] | None = None

    def cap(self, i: int) -> bool:
        """Token i starts with a capital letter in the text (asked rarely: computed once)."""
        if self._caps is None:
            self._caps = self.tokens.capitalized() if self.tokens is not None else [False] * len(self.toks)
        return 0 <= i < len(self._caps) and self._caps[i]

    @property
    def dates(self) -> list[tuple[int, object]]:
        # finding dates costs more than the rules of most sentences: only when asked
        if self._dates is None:
            self._dates = self.find_dates()
        return self._dates


# ---------------------------------------------------------------------------------------------
# Entry point


def analyse_sentence(
    tokens: Tokens, dates: Callable[[], list[tuple[int, object]]], kind: str, index: int,
    state: ArticleState, may_hold_day: bool = True,
) -> list[Candidate]:
    """Candidate events of one sentence. `dates()` gives its dates as (token index,
    DateMention), called only when needed; `may_hold_day` False promises it names no day."""
    lex = state.lexicon
    toks = tokens.toks
    if not toks:
        return []
    state.sentence = index
    lows = [t.low for t in toks]
    actors = [i for i, t in enumerate(toks) if t.actor is not None]
    words = frozenset(lows)
    clause, hypothetical = _clauses(lows, lex, words)
    s = _Sentence(toks, lows, clause, hypothetical, None, dates, (), kind, tokens.quoted, actors,
                  words, may_hold_day, tokens=tokens)
    pairs = _pair_phrases(s, lex) if not words.isdisjoint(lex.pair_heads) else []
    if pairs and state.pair is not None and state.pair[1] == index - 1 and state.pair[2] == state.paragraph:
        _name_pair(s, pairs, state.pair[0])  # "Kim met Shoigu on Monday. The two sides agreed ..."
    _mark_non_actors(toks, lows, lex, actors, s)
    s.subject_group = _first_group(s)
    s.speaker = _find_speaker(s, state, lex)
    out: list[Candidate] = []
    ahead, state.ahead = state.ahead, None
    if kind != "headline":
        out = _events(s, state, lex, index, pairs)
        if not out and s.speaker is not None:
            out = _stance_statement(s, state, lex, index)
    if ahead is not None:
        named = _named_ahead(s, ahead, index, state)
        if named is not None:
            out.append(named)
    _remember(s, state, out)
    return out


def _named_ahead(s: _Sentence, ahead: tuple[Candidate, int, int], index: int,
                 state: ArticleState) -> Candidate | None:
    """ "We condemn it in the strongest terms, the latest launch ...," Blinken said. "All
    countries should be demanding that the DPRK cease ...": a cataphoric "it" whose act names no
    actor is the one actor the same speaker's next quoted sentence names, in the same paragraph;
    with none, or more than one, it names no one."""
    cand, at, paragraph = ahead
    if at != index - 1 or paragraph != state.paragraph or s.lows[0] not in _QUOTE_MARKS:
        return None
    sp = s.speaker
    if sp is None or sp.explicit or set(sp.codes) != set(cand.source):
        return None
    named: list[str] = []
    for k in s.actors:
        t = s.toks[k]
        if _live(t) and s.quoted[k]:
            for c in t.actor.codes:
                if c not in named and c not in cand.source:
                    named.append(c)
    if len(named) != 1:
        return None
    return Candidate(cand.type, cand.source, tuple(named), cand.when, cand.modality, cand.confidence,
                     cand.people, cand.attributed_to, cand.sentence_index)


# ---------------------------------------------------------------------------------------------
# 1. Actors that are not actors here


def _mark_non_actors(toks: list[Tok], lows: list[str], lex: Lexicon, actors: list[int],
                     s: _Sentence | None = None) -> None:
    n = len(toks)
    for i in reversed(actors):
        a = toks[i].actor
        if a.kind == "demonym" and s is not None and _names_organisation(s, i):
            # "Ibrahim al-Assil of the Syrian Nonviolence Movement", "the Syrian Negotiations
            # Commission": a demonym opening a proper name of two or more capitalised words
            # names an organisation (an NGO, an opposition body), not the state
            a.dropped = "modifier"
            continue
        if a.kind == "demonym" and a.text.endswith("s") and i > 0 and lows[i - 1] in _QUANTIFIERS:
            # "other Canadians", "many Russians": private people
            a.dropped = "modifier"
            continue
        if a.kind == "demonym" and i + 2 < n and lows[i + 1] in lex.affiliation_words and (
                toks[i + 2].actor is not None or (lows[i + 2].isalpha() and lows[i + 2] not in _DETERMINERS)):
            # "the Turkish backed Free Syrian Army rebels", "Russian trained units": a demonym
            # before an affiliation participle (the dash left out) modifies what follows
            a.dropped = "modifier"
            continue
        if a.kind not in ("person", "role", "pronoun") and _is_state(a) and _modifies_non_state(lows, i, lex):
            # "the Syrian opposition", "Russian citizens", "US-backed fighters": the name
            # modifies a non-state group or private people; it is not the state acting
            a.dropped = "modifier"
            # "French and Algerian fighters": the demonyms coordinated before it as well
            k = i - 1
            while k >= 1 and lows[k] in ("and", ",", "or") and toks[k - 1].actor is not None \
                    and toks[k - 1].actor.kind == "demonym" and a.kind == "demonym":
                toks[k - 1].actor.dropped = "modifier"
                k -= 2
            continue
        if a.kind in ("person", "role", "pronoun", "demonym"):
            continue
        if _visited_place(lows, i, lex):
            # "Putin's visit to Pyongyang", "a tour of Iraq": where the visit went, not who acts
            a.dropped = "location"
            continue
        if s is not None and _place_apposition(s, i, lex):
            # "killed in Deir ez-Zor, eastern Syria": the country after a place's comma says
            # where that place is; it is a location too
            a.dropped = "location"
            continue
        nxt = lows[i + 1] if i + 1 < n else ""
        if nxt in lex.topic_nouns:
            a.dropped = "modifier"
            continue
        if nxt in _DASHES and i + 2 < n and toks[i + 2].actor is not None and toks[i + 2].actor.dropped == "modifier":
            a.dropped = "modifier"
            continue
        if i + 1 < n and lex.members.match(lows, i + 1) and a.codes and _is_org(a):
            a.dropped = "members"
            continue
        j = i - 1
        if j >= 0 and lows[j] == "the":
            j -= 1
        if j >= 0 and lows[j] in lex.locatives and not (lows[j] == "at" and j > 0 and lows[j - 1] in _AIMED_AT) \
                and not _represented_by(lows, j, lex):  # "officials from India and Pakistan met"
            a.dropped = "location"


def _is_state(a: ActorTok) -> bool:
    """A state's code (ISO alpha-3), not an organisation's or a group's ("HOUTHIS", "ISIS")."""
    return not a.org and bool(a.codes) and all(len(c) == 3 and c.isupper() for c in a.codes)


def _modifies_non_state(lows: list[str], i: int, lex: Lexicon) -> bool:
    n = len(lows)
    k = i + 1
    if k + 1 < n and lows[k] in _DASHES and lows[k + 1] in lex.affiliation_words:
        return True
    if k < n and lows[k] in ("’s", "'s"):
        k += 1
    m = 0
    while k < n and m < 2 and lows[k] in lex.non_state_modifiers:
        k += 1
        m += 1
    return k < n and lows[k] in lex.non_state_heads and not (
        k + 1 < n and lows[k + 1] in lex.non_state_head_blockers)


def _names_organisation(s: _Sentence, i: int) -> bool:
    n = len(s.toks)
    k = i + 1
    while k < n and s.toks[k].actor is None and s.lows[k].isalpha() and s.cap(k) and s.quoted[k] == s.quoted[i]:
        k += 1
    return k - i - 1 >= 2


_COMPASS = frozenset("north south east west northern southern eastern western central north-east "
                     "north-west south-east south-west north-eastern north-western south-eastern "
                     "south-western northeast northwest southeast southwest".split())


def _place_apposition(s: _Sentence, i: int, lex: Lexicon) -> bool:
    k = i - 1
    if k >= 0 and s.lows[k] in _COMPASS:
        k -= 1
    if k < 1 or s.lows[k] != ",":
        return False
    k -= 1
    m = k
    while m >= 0 and k - m < 4 and (s.cap(m) or "-" in s.lows[m]) and (
            s.toks[m].actor is None or s.toks[m].actor.dropped == "location"):
        if s.toks[m].actor is not None:
            m -= 1
            break
        m -= 1
    if m == k:
        return False
    if m >= 0 and s.lows[m] == "the":
        m -= 1
    return m >= 0 and s.lows[m] in lex.locatives


def _is_org(a: ActorTok) -> bool:
    return a.org


# ---------------------------------------------------------------------------------------------
# 2. Clauses and conditional stretches


_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "can",
                          "may", "might", "should", "must", "did", "does", "do", "’s", "'s"})


def _relative_that(lows: list[str], k: int, lex: Lexicon) -> bool:
    """ "that" at k opens a relative clause ("the militant group that has seized parts of Iraq",
    "the rebels that attacked Syria"): a noun before it, a verb right after it and no subject.
    A complement clause ("said that", "concerned that continued attacks", "reports that
    Russia attacked") is none: a speech verb or an -ed word before it, or a subject after it."""
    if k == 0 or k + 1 >= len(lows):
        return False
    before, after = lows[k - 1], lows[k + 1]
    if not before.isalpha() or before.endswith("ed") or lex.speech.match(lows, k - 1):
        return False
    return after in _AUXILIARIES or (after.endswith("ed") and len(after) > 4)


def _clauses(lows: list[str], lex: Lexicon, words: frozenset[str]) -> tuple[list[int], list[bool]]:
    relative = {k for k, w in enumerate(lows) if w == "that" and _relative_that(lows, k, lex)} if "that" in words else ()
    if words.isdisjoint(lex.conditional):
        # no conditional stretch: the clause number counts the breaks so far (all in C)
        if relative:
            breaks = [w in lex.breaks or k in relative for k, w in enumerate(lows)]
            return list(accumulate(breaks, initial=0))[1:], [False] * len(lows)
        return list(accumulate(map(lex.breaks.__contains__, lows), initial=0))[1:], [False] * len(lows)
    clause = [0] * len(lows)
    hyp = [False] * len(lows)
    c = 0
    in_if = False
    for i, w in enumerate(lows):
        conditional = w in lex.conditional and not lex.not_conditional.match(lows, i)
        if w in lex.clause_breaks or w == ":" or conditional or i in relative:
            c += 1
        if conditional:
            in_if = True
        elif in_if and (w == "," or w == "then" or w == ";"):
            in_if = False
            c += 1
        clause[i] = c
        hyp[i] = in_if
    return clause, hyp


# ---------------------------------------------------------------------------------------------
# Actor groups and pronouns


def _live(t: Tok) -> bool:
    return t.actor is not None and not t.actor.dropped and bool(t.actor.codes)


def _group_at(s: _Sentence, i: int) -> tuple[int, int, tuple[str, ...]]:
    """The coordinated actor group around the live actor token i: (first, last, codes)."""
    # (_live inlined: the rules ask for groups often)
    toks, lows = s.toks, s.lows
    a = b = i
    k = i - 1
    while k >= 0:
        x = toks[k].actor
        if x is not None and not x.dropped and x.codes:
            a = k
            k -= 1
        elif lows[k] in _GROUP_GLUE:
            k -= 1
        else:
            break
    k = i + 1
    n = len(toks)
    while k < n:
        x = toks[k].actor
        if x is not None and not x.dropped and x.codes:
            b = k
            k += 1
        elif lows[k] in _GROUP_GLUE:
            k += 1
        else:
            break
    if a == b:
        x = toks[i].actor
        return a, b, tuple(dict.fromkeys(x.codes)) if x is not None and not x.dropped else ()
    codes: list[str] = []
    for t in toks[a : b + 1]:
        x = t.actor
        if x is not None and not x.dropped:
            for c in x.codes:
                if c not in codes:
                    codes.append(c)
    return a, b, tuple(codes)


def _first_group(s: _Sentence) -> tuple[str, ...]:
    """The sentence's opening subject group, if an actor comes within its first tokens."""
    for i in s.actors:
        if i >= 8:
            break
        if _live(s.toks[i]):
            if i > 0 and s.lows[i - 1] in _PREPOSITIONS:
                return ()
            return _group_at(s, i)[2]
    return ()


def _people_in(toks: list[Tok], a: int, b: int) -> tuple[PersonRef, ...]:
    return tuple(t.actor.person for t in toks[a : b + 1] if t.actor is not None and t.actor.person is not None)


def _resolve_pronoun(s: _Sentence, i: int, state: ArticleState, lex: Lexicon, w: str = "") -> tuple[str, ...]:
    """Whom the pronoun at i (or read as `w`: "he" for "his") stands for."""
    w = w or s.lows[i]
    if w in lex.pronouns_first:
        return s.speaker.codes if s.speaker else ()
    if w in lex.pronouns_singular:
        # The sentence's own first person comes first ("Mr Putin travelled on to Cairo,
        # where he met ..."), then the article's last one; a sentence that opens with a name
        # the registry does not know ("De Mistura reiterated ... when he urged") is about them.
        if _opens_with_unknown_name(s, lex):
            return ()
        for k in range(i):
            t = s.toks[k]
            if _live(t) and t.actor.kind in ("person", "role") and t.actor.person is not None:
                return t.actor.codes
        return state.last_person[0] if state.last_person else ()
    if w in lex.pronouns_plural:
        if s.subject_group and _first_live(s) < i:
            return s.subject_group
        return state.last_group
    if w in lex.pronoun_it:
        for k in range(i - 1, -1, -1):
            t = s.toks[k]
            if _live(t) and t.actor.kind not in ("person", "role") and len(t.actor.codes) == 1:
                if k + 1 < len(s.lows) and s.lows[k + 1] in ("and", "&"):
                    continue
                return t.actor.codes
        return state.last_singular
    return ()


def _first_live(s: _Sentence) -> int:
    for i in s.actors:
        if _live(s.toks[i]):
            return i
    return len(s.toks)


def _is_pronoun(w: str, lex: Lexicon) -> bool:
    return w in lex.pronouns_first or w in lex.pronouns_singular or w in lex.pronouns_plural or w in lex.pronoun_it


# ---------------------------------------------------------------------------------------------
# 3. The speaker


def _find_speaker(s: _Sentence, state: ArticleState, lex: Lexicon) -> Speaker | None:
    toks, lows = s.toks, s.lows
    n = len(toks)
    cues = lex.speaker_cues
    for i in [i for i, w in enumerate(lows) if w in cues]:
        if s.quoted[i] or toks[i].actor is not None:
            continue
        m = lex.according.match(lows, i)
        if m:
            k = i + m[0]
            while k < n and lows[k] in ("the", "a"):
                k += 1
            if k < n and _live(toks[k]):
                a, b, codes = _group_at(s, k)
                commas = [m for m in range(k, b) if lows[m] == ","]
                if commas and b + 1 < n and lows[b + 1] not in (",", ".", ";", ":", "”", '"'):
                    # "According to U.S. officials, Iran has ...": the phrase ends at its comma;
                    # what follows is the subject of the claim
                    b = commas[-1] - 1
                    codes = _codes_in(s, k, b)
                return Speaker(codes, _people_in(toks, k, b), i, b + 1, True)
            continue
        m = lex.speech.match(lows, i)
        if not m:
            continue
        end = i + m[0]
        sp = _speaker_left(s, i, state, lex)
        if sp is not None:
            a, codes, people, explicit = sp
            m = _coordinated_speech(s, a, i, lex)
            if m < 0:
                shared = _subject_past_object(s, a, i, state, lex)
                if shared is not None:
                    # "al-Sisi received Blinken in El Alamein and stressed ...": the actor
                    # nearest the speech verb is the first predicate's object; its subject
                    # speaks, on that predicate's day
                    (a, codes, people, explicit), m, verb = shared
                    s.donors = {m: verb}
            if m >= 0:
                # "Iran rejected the sanctions as illegal and said ...": the speaker's own act
                # before "and" is no part of the speech; the speech is a clause of its own
                for k in range(m, n):
                    s.clause[k] += 1
                return Speaker(codes, people, m, end, explicit)
            if i < 2 or lows[i - 1] != "and" or lows[i - 2] != ",":
                return Speaker(codes, people, a, end, explicit)
            # (", and said" after no predicate of an actor: no speaker from the left)
        unknown = _unknown_speaker(s, i, end)
        if unknown is not None:
            return unknown
        k = end
        while k < n and k < end + 4 and toks[k].actor is None and lows[k] not in ("that", ",", ":", "“"):
            k += 1
        if k < n and _live(toks[k]) and (i == 0 or lows[i - 1] in (",", "”", '"') or s.quoted[i - 1]):
            a, b, codes = _group_at(s, k)
            return Speaker(codes, _people_in(toks, a, b), i, b + 1, True)
    if state.last_speaker is not None and (lows[0] in ("“", '"') or s.quoted[0]):
        sp = state.last_speaker
        return Speaker(sp.codes, sp.people, 0, 0, False)
    return None


_AFFILIATION_REACH = 14
# What may come before a clause's subject
_SUBJECT_OPENERS = frozenset({",", ";", "and", "but", "that", "when", "while", "as", "after", "before", "then",
                              "meanwhile", "however", "since", "because", "although", "though"})


def _coordinated_speech(s: _Sentence, a: int, i: int, lex: Lexicon) -> int:
    """The "and" before the speech verb at i that ends a predicate of the speaker at a ("Iran
    rejected the sanctions and said ..."), or the comma before its participle ("Israel refused
    the offer, saying ..."), or -1 ("Russia and China said": no predicate)."""
    lows, toks = s.lows, s.toks
    m = i - 1
    while m > a and toks[m].actor is None and (lows[m] in _COORD_ADVERBS or lows[m] in _FINITE_FORMS):
        m -= 1
    if lows[m] == "," and m == i - 1 and lows[i].endswith("ing"):
        forms = _FINITE  # a participle after a comma: any finite verb is the speaker's predicate
    elif lows[m] != "and":
        return -1
    else:
        forms = (_inflection(next((lows[k] for k in range(m + 1, i) if lows[k] in _FINITE_FORMS), lows[i])),)
    b = _group_at(s, a)[1] if _live(toks[a]) else a
    p = a - 1 if a > 0 and lows[a - 1] == "the" else a
    if p > 0 and lows[p - 1] not in _SUBJECT_OPENERS and lows[p - 1] not in _QUOTE_MARKS:
        return -1  # "... Guantánamo Bay, the notorious US prison in Cuba, and said": no subject
    for k in range(b + 1, min(m, b + 6)):
        if s.quoted[k]:
            return -1
        if lows[k].isalpha() and _inflection(lows[k]) in forms and toks[k].actor is None \
                and lows[k - 1] not in _DETERMINERS and lows[k - 1] not in ("’s", "'s"):
            return m
    return -1


_FINITE = ("ed", "s")


def _subject_past_object(s: _Sentence, a: int, i: int, state: ArticleState, lex: Lexicon):
    """The speaker of the speech verb at i when the actor at a, nearest to its left, is the
    object of a predicate coordinated with it ("Egyptian President Abdel Fattah al-Sisi received
    Blinken on Tuesday and stressed ...": al-Sisi, not Blinken): as (the `_speaker_left` tuple,
    the "and", the first predicate's verb), or None."""
    lows, toks = s.lows, s.toks
    m = i - 1
    while m > a and toks[m].actor is None and (lows[m] in _COORD_ADVERBS or lows[m] in _FINITE_FORMS):
        m -= 1
    if m <= a or lows[m] != "and":
        return None
    form = _inflection(next((lows[k] for k in range(m + 1, i) if lows[k] in _FINITE_FORMS), lows[i]))
    found = _subject_predicate(s, m, form, lex)
    if found is None or found[1] >= a:
        return None
    sp = _speaker_left(s, found[1], state, lex)
    if sp is None or _coordinated_speech(s, sp[0], i, lex) != m:
        return None
    return sp, m, found[1]


_ASIDES = frozenset({"as", "while", "when", "whereas", "which", "who", "whom"})
_SPORTING = frozenset({"MilitaryAttack", "MissileLaunched", "TroopsDeployed"})  # what a match report can look like


def _aside(s: _Sentence, i: int) -> bool:
    """The speaker comes after the act at i in a clause of its own that says something else:
    "France condemned Rwanda's allegations, as Kigali said it hoped officials would be
    indicted", "ordered strikes on the airbase from which he said it had been launched". The
    speaker reports its own statement, not the act before. ("..., Kigali said." and "..., as
    Kigali said." still report it.)"""
    sp = s.speaker
    if sp is None or not sp.explicit or sp.start <= i or sp.start == 0:
        return False
    if s.lows[sp.start - 1] not in _ASIDES:
        return False
    return sp.end < len(s.lows) and s.lows[sp.end] not in (",", ".", ";", ":", "”", '"', "?", "!")


def _unknown_speaker(s: _Sentence, i: int, end: int) -> Speaker | None:
    """ "..., said Susannah Sirkin, the director ... at Physicians for Human Rights", "“...,”
    Thucydides wrote": a speaker named by a name the registry does not know is a person, not a
    state, and no earlier speaker. The person speaks for a state only when the apposition after
    the name states the affiliation ("Vladimir Shamanov, head of the Russian Duma's defence
    committee": RUS); otherwise the speaker has no state and makes none the source."""
    toks, lows = s.toks, s.lows
    n = len(toks)
    if end < n and toks[end].actor is None and lows[end].isalpha() and s.cap(end) and not s.quoted[end]:
        first = end  # "said Susannah Sirkin, ..."
        k = end + 1
        while k < n and toks[k].actor is None and (s.cap(k) or "-" in lows[k]) and lows[k].replace("-", "").isalpha():
            k += 1
    elif i > 0 and toks[i - 1].actor is None and lows[i - 1].isalpha() and s.cap(i - 1) and not s.quoted[i - 1] and (
            i < 2 or lows[i - 2] in _QUOTE_MARKS or lows[i - 2] == "," or s.cap(i - 2)):
        first = i - 1  # "“...,” Thucydides wrote"
        while first > 0 and toks[first - 1].actor is None and s.cap(first - 1) and lows[first - 1].isalpha() and not s.quoted[first - 1]:
            first -= 1
        if first > 0 and lows[first - 1] not in _QUOTE_MARKS and lows[first - 1] != ",":
            return None
        return Speaker((), (), first, end, True)
    else:
        return None
    # the apposition: ", head of the Russian Duma's defence committee"
    codes: list[str] = []
    if k < n and lows[k] == ",":
        m = k + 1
        while m < n and m < k + _AFFILIATION_REACH and lows[m] not in (".", ";", ":") and lows[m] not in _QUOTE_MARKS:
            if _live(toks[m]) and not toks[m].actor.org:
                codes.extend(c for c in toks[m].actor.codes if c not in codes)
                break
            m += 1
    return Speaker(tuple(codes), (), first, max(end, k), True)


def _speaker_left(s: _Sentence, i: int, state: ArticleState, lex: Lexicon):
    toks, lows = s.toks, s.lows
    for k in range(i - 1, max(-1, i - 15), -1):
        w = lows[k]
        if w in _QUOTE_MARKS or w in (":", ";", "that") or (w == "," and k == i - 1 and k > 0 and lows[k - 1] in _QUOTE_MARKS):
            return None
        if w == "," and k < i - 1 and k > 0 and all(t.actor is None for t in toks[k + 1 : i]) \
                and lows[k + 1] != "and":
            # "Japan condemned the launch, the foreign ministry said": the speaker is the
            # phrase after the comma, not the subject of the reported clause
            return None
        if w in _QUOTE_MARKS:
            return None
        t = toks[k]
        if _live(t):
            if k + 1 < len(lows) and lows[k + 1] in ("’s", "'s"):
                continue
            a, b, codes = _group_at(s, k)
            commas = [m for m in range(a, k) if lows[m] == ","]
            if commas:
                # "... attack on Ukraine, Kyiv said": the speaker starts after the comma
                a = commas[-1] + 1
                codes = tuple(dict.fromkeys(c for t in toks[a : b + 1] if _live(t) for c in t.actor.codes))
            return a, codes, _people_in(toks, a, b), True
        if t.actor is None and _is_pronoun(w, lex) and w not in ("its", "their", "our", "my"):
            if w in lex.pronouns_singular:
                if state.last_person:
                    return k, state.last_person[0], state.last_person[1], False
                return None
            codes = _resolve_pronoun(s, k, state, lex)
            return (k, codes, (), False) if codes else None
        if s.quoted[k]:
            return None
    return None


# ---------------------------------------------------------------------------------------------
# 4-6. Triggers, modality, roles


def _events(s: _Sentence, state: ArticleState, lex: Lexicon, index: int, pairs: list[int] | None = None
            ) -> list[Candidate]:
    triggers = _find_triggers(s, lex)
    if "and" in s.words and triggers:
        _coordinate(s, triggers, lex)
    if len(triggers) > 1:
        _object_relatives(s, triggers, lex)
    out: list[Candidate] = []
    suppressed_until = -1
    suppressed_clause = -1
    pledge: _Trigger | None = None
    pledged: Candidate | None = None
    claim: _Claim | None = None
    for tr in triggers:
        i = tr.index
        inside = i <= suppressed_until and s.clause[i] == suppressed_clause
        if inside and _visit_adjunct(s, tr, lex):
            inside = False  # "the treaty was signed during Putin's visit to Pyongyang": no content of the signing
        if inside and claim is not None and i > claim.opener and _claimable(tr.cue):
            # "accused X of supplying arms to Y": the act claimed is an event of its own,
            # attributed to the claimant
            cand = _candidate(s, tr, state, lex, index, claim=claim)
            if cand is not None:
                out.append(cand)
            continue
        if inside and pledge is not None and tr.cue.type in _MATERIAL_TYPES and (
            pledge.cue.intent == "always" or pledged is None
        ):
            # "pledged aid to Sudan", "promised to send troops": the promise of a material act
            # is that act, announced (a pledge of cooperation stays a CooperationPledged)
            cand = _candidate(s, tr, state, lex, index, announced=True)
            if cand is not None:
                if pledged is not None and pledged in out:
                    out.remove(pledged)
                out.append(cand)
            pledge = None
            continue
        if tr.cue.embeds and not inside:
            # the rest of the clause is this act's content
            suppressed_until = len(s.toks)
            suppressed_clause = s.clause[i]
            pledge = tr if tr.cue.intent else None
            pledged = None
            claim = None
        if inside:
            continue
        cand = _candidate(s, tr, state, lex, index)
        if cand is not None:
            out.append(cand)
            if cand.type in _PARTY_TYPES:
                state.parties_of_acts[cand.type] = (cand.source, index)  # (for "a deal China criticised")
            pair = _pair_of(cand)
            if pair:
                state.pair = (pair, index, state.paragraph)
                if pairs:
                    # "Kim met Shoigu, and the two sides agreed ...": the phrases after the act
                    _name_pair(s, [k for k in pairs if k > i], pair)
            if tr.cue.claims and s.clause[i] == suppressed_clause:
                opener = _claim_opener(s, tr)
                if opener >= 0:
                    claim = _Claim(cand.source, opener)
        if pledge is tr:
            pledged = cand
    out.extend(_name_calling(s, state, lex, index))
    out.extend(_deontic_demands(s, state, lex, index))
    return out


@dataclass(slots=True)
class _Claim:
    """The content of a claim ("accused X of ...", "concerned that ..."): who claims it, and
    the token that opens it."""

    claimant: tuple[str, ...]
    opener: int


_CLAIM_REACH = 12  # tokens from the claim's cue to the word that opens its content


def _claimable(cue: Cue) -> bool:
    """A material act can be claimed; a verbal act inside a claim ("accused X of threatening")
    or another claim is no event of its own."""
    return (cue.type not in _VERBAL or bool(cue.claimed_type)) and cue.roles != "claim" and (
        not cue.embeds or bool(cue.claimed_type))


def _claim_opener(s: _Sentence, tr: _Trigger) -> int:
    """The index of the word that opens the claimed content ("of", "that"), or -1."""
    c = s.clause[tr.index]
    for k in range(tr.index + tr.length, min(len(s.lows), tr.index + tr.length + _CLAIM_REACH)):
        if s.clause[k] != c:
            return -1
        if s.lows[k] in tr.cue.claim_openers and s.toks[k].actor is None:
            if s.lows[k] == "of" and not (k > 0 and _live(s.toks[k - 1])):
                continue  # "accused X of": the accused stands before "of"
            return k
    return -1


def _claim_subject(s: _Sentence, i: int, claim: _Claim, state: ArticleState,
                   lex: Lexicon) -> tuple[tuple[str, ...], tuple[PersonRef, ...]]:
    """Who does the claimed act at token i: the accused of the nearest "X of" before it
    ("accused X of supplying ..., and Y of providing ..."), else the subject of the claimed
    clause itself ("concerned that X is helping Y"); never the claimant."""
    toks, lows = s.toks, s.lows
    for k in range(i - 1, claim.opener - 1, -1):
        if lows[k] == "of" and k > 0 and _live(toks[k - 1]):
            a, b, _codes = _group_at(s, k - 1)
            if a > 0 and lows[a - 1] in _PREPOSITIONS:
                # "... its war with Ukraine, and Moscow of": the group ran into a phrase before
                commas = [m for m in range(a, k - 1) if lows[m] in (",", ";")]
                a = commas[-1] + 1 if commas else k - 1
            return _codes_in(s, a, b), _people_in(toks, a, b)
    for k in range(i - 1, claim.opener, -1):
        t = toks[k]
        if _live(t):
            a, b, _codes = _group_at(s, k)
            a = max(a, claim.opener + 1)
            if a > 0 and lows[a - 1] in _PREPOSITIONS and not _forces_of(s, a, b, lex):
                continue
            return _codes_in(s, a, b), _people_in(toks, a, b)
        if t.actor is None and _is_pronoun(lows[k], lex) and not (k > 0 and lows[k - 1] in _PREPOSITIONS):
            codes = _resolve_pronoun(s, k, state, lex)
            if codes:
                return codes, ()
    return (), ()


def _codes_in(s: _Sentence, a: int, b: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for t in s.toks[a : b + 1] if _live(t) for c in t.actor.codes))


# Adverbs that may stand between "and" and a coordinated verb ("and later warned")
_COORD_ADVERBS = frozenset({"also", "then", "later", "again", "subsequently", "separately", "further", "even",
                            "still", "jointly", "promptly", "quickly", "immediately", "swiftly", "strongly",
                            "sharply", "firmly", "publicly", "formally", "repeatedly", "instead", "not", "n't",
                            "never", "already"})
# The finite words of a predicate before its verb, and their form ("did not warn": past)
_FINITE_FORMS = {"did": "ed", "had": "ed", "was": "ed", "were": "ed", "does": "s", "has": "s", "is": "s",
                 "do": "bare", "have": "bare", "are": "bare", "will": "modal", "would": "modal",
                 "could": "modal", "can": "modal", "may": "modal", "might": "modal", "should": "modal",
                 "must": "modal", "’ll": "modal", "'ll": "modal"}
_PERFECT_OR_BE = frozenset({"has", "have", "had", "is", "are", "was", "were"})
# Past forms that do not end in -ed ("met", "spoke", "froze"), beside the irregular participles
_IRREGULAR_PAST = frozenset({"spoke", "froze", "flew", "broke", "withdrew", "took", "gave", "drew", "threw",
                             "stood", "swore", "overran", "retook", "began", "rang"})


def _inflection(w: str) -> str:
    """The form of a verb or of the finite word before it, to tell a predicate coordinated with
    another ("denied ... and warned", "denied ... and did not warn") from a verb of its content
    ("accused X of seizing ships and attacking ports")."""
    form = _FINITE_FORMS.get(w)
    if form is not None:
        return form
    if w.endswith("ing"):
        return "ing"
    if w.endswith("ed") or w in _IRREGULAR_PARTICIPLES or w in _IRREGULAR_PAST:
        return "ed"
    if w.endswith("s") and not w.endswith("ss"):
        return "s"
    return "bare"


def _finite_before(s: _Sentence, head: int) -> int:
    """The first word of the verb group ending at `head` ("has not denied": "has")."""
    k = head
    while k > 0 and s.toks[k - 1].actor is None and (s.lows[k - 1] in _FINITE_FORMS or s.lows[k - 1] in _COORD_ADVERBS):
        k -= 1
    while k < head and s.lows[k] not in _FINITE_FORMS:
        k += 1  # (adverbs before the finite word: "also has denied")
    return k


def _coordinate(s: _Sentence, triggers: list[_Trigger], lex: Lexicon) -> None:
    """ "China denied the accusation and warned the Philippines to stop": one subject, two
    predicates, two acts. A verb trigger after "and" whose verb group has the same form as that
    of a verb trigger before it in its clause ("denied ... and warned", "denied ... and did not
    warn", "has denied ... and warned") opens a clause of its own, so that the first act's
    content (an embedding cue's: a denial, a condemnation) and object end at the "and"; the
    second takes the first's subject (`s.donors`). With its own subject after the "and"
    ("denied X and Manila warned"), it is a clause of its own too. Not when the first act is
    itself content of an act before it, nor when its content is a clause with a verb of its own
    ("denied that its jets bombed the hospital and killed civilians": the second verb may be
    that clause's)."""
    toks, lows = s.toks, s.lows
    sp = s.speaker
    for t2 in triggers:
        if t2.cue.pos != "verb" and t2.support < 0:
            continue
        head2 = t2.support if t2.support >= 0 else t2.index
        m = head2 - 1
        while m > 0 and toks[m].actor is None and (lows[m] in _COORD_ADVERBS or lows[m] in _FINITE_FORMS):
            m -= 1
        finite2 = next((k for k in range(m + 1, head2) if lows[k] in _FINITE_FORMS), head2)
        own_subject = False
        if m > 0 and lows[m] != "and" and (_live(toks[m]) or (toks[m].actor is None and _is_pronoun(lows[m], lex)
                                                               and lows[m] not in ("its", "their", "our", "my"))):
            a = _group_at(s, m)[0] if _live(toks[m]) else m
            m = a - 1 if a > 0 and lows[a - 1] != "the" else a - 2
            own_subject = True
        if m <= 0 or lows[m] != "and" or s.quoted[m] != s.quoted[head2]:
            continue
        form = _inflection(lows[finite2])
        first = _first_predicate(s, triggers, m, lex)
        if first is None:
            # "al-Sisi received Blinken on Tuesday and warned Israel": a first verb that is no act
            found = _subject_predicate(s, m, form, lex) if not own_subject else None
            if found is None:
                continue
            first = (found[1] + 1, found[1])
        end1, head1 = first
        finite1 = _finite_before(s, head1)
        form1 = _inflection(lows[finite1])
        # (a modal of the second verb is its own: "denied X and would not warn Y"; one of the
        # first may govern both: "would deny X and warn Y")
        same = form1 == form or (form == "modal" and form1 != "modal") or (
            finite2 == head2 and lows[finite1] in _PERFECT_OR_BE and form in ("ed", "ing"))
        if not same or form1 == "modal" or not _closed_predicate(s, end1, m, _inflection(lows[head1]), lex):
            continue
        for k in range(m, len(lows)):
            s.clause[k] += 1
        if not own_subject:
            if s.donors is None:
                s.donors = {}
            s.donors[m] = head1


def _object_relatives(s: _Sentence, triggers: list[_Trigger], lex: Lexicon) -> None:
    """ "signed a pact on Monday, a deal China's foreign ministry criticised as a threat": a
    verbal act in a relative clause whose object is the act noun it hangs on (with or without
    "which"/"that") is a clause of its own, no content of an act before it, and is aimed at the
    actors of that act (`s.gaps`)."""
    toks, lows = s.toks, s.lows
    for tr in triggers:
        i = tr.index
        if tr.cue.pos != "verb" or tr.cue.type not in _VERBAL or _inflection(lows[i]) != "ed":
            continue
        after = i + tr.length
        if after < len(lows) and (_live(toks[after]) or lows[after] in _DETERMINERS):
            continue  # an object of its own
        k = i - 1
        while k > 0 and k > i - 4 and toks[k].actor is None and lows[k].isalpha() and not s.cap(k) \
                and lows[k] not in _DETERMINERS and lows[k] not in lex.auxiliaries:
            k -= 1  # "foreign ministry"
        if k > 0 and lows[k] in ("’s", "'s"):
            k -= 1
        if k <= 0 or not _live(toks[k]):
            continue
        a = _group_at(s, k)[0]
        m = a - 1
        if m > 0 and lows[m] in ("which", "that"):
            m -= 1
        noun = lex.triggers.match(lows, m) if m >= 0 and toks[m].actor is None else None
        if noun is None or noun[0] != 1 or not any(c.pos == "noun" and (c.type in _PARTY_TYPES or c.type in _ACT_TYPES)
                                                   for c in noun[1]):
            continue
        if s.clause[a] == s.clause[m]:
            for q in range(a, len(lows)):
                s.clause[q] += 1
        if s.gaps is None:
            s.gaps = {}
        s.gaps[i] = m


def _first_predicate(s: _Sentence, triggers: list[_Trigger], m: int, lex: Lexicon) -> tuple[int, int] | None:
    """The predicate before the "and" at m in its clause: the last verb trigger (or noun with its
    support verb) that is no content of an embedding trigger before it, else the speaker's own
    reporting verb ("Erdoğan said it would be a joint operation, and urged Nato to act"). As
    (where the trigger ends, its head verb)."""
    c = s.clause[m]
    sp = s.speaker
    first = None
    for t1 in triggers:
        head1 = t1.support if t1.support >= 0 else t1.index
        if head1 >= m or t1.index >= m:
            break
        if s.clause[t1.index] != c or s.clause[head1] != c or (sp is not None and sp.start <= head1 < sp.end):
            continue
        after = t1.index + t1.length
        if after < len(s.lows) and s.lows[after] == "by" and t1.index > 0 and s.lows[t1.index - 1] not in _BE:
            continue  # "rebels backed by Ankara": a participle describing a noun, no predicate
        if t1.cue.pos == "verb" or t1.support >= 0:
            first = (after, head1)
        if t1.cue.embeds:
            break  # what follows is its content
    if first is None and sp is not None and sp.explicit and sp.end <= m and s.clause[sp.end - 1] == c:
        for v in range(sp.start, sp.end):
            found = lex.speech.match(s.lows, v)
            if found and s.toks[v].actor is None:
                return v + found[0], v
    return first


_SUBJECT_REACH = 12  # tokens from a clause's start to its subject ("On Tuesday in El Alamein, ...")


def _subject_predicate(s: _Sentence, m: int, form: str, lex: Lexicon) -> tuple[int, int] | None:
    """The predicate before the "and" at m whose verb is no cue of an act: its subject (an actor
    group or a pronoun heading the clause) and the verb of `form` right after it ("al-Sisi
    received Blinken on Tuesday and warned Israel": received, whose subject warns too). As (the
    subject's first token, the verb), or None."""
    toks, lows = s.toks, s.lows
    c = s.clause[m]
    p = m
    while p > 0 and s.clause[p - 1] == c:
        p -= 1
    k = p
    while k < m and k < p + _SUBJECT_REACH:
        t = toks[k]
        if _live(t):
            a, b, _codes = _group_at(s, k)
        elif t.actor is None and _is_pronoun(lows[k], lex) and lows[k] not in ("its", "their", "our", "my", "his", "her"):
            a = b = k
        else:
            k += 1
            continue
        opener = a - 1 if a > 0 and lows[a - 1] == "the" else a
        if opener > 0 and lows[opener - 1] not in _SUBJECT_OPENERS and lows[opener - 1] not in _QUOTE_MARKS:
            return None  # the first actor is no subject ("talks with Egypt ...")
        v = b + 1
        while v < m and toks[v].actor is None and (lows[v] in _COORD_ADVERBS or lows[v] in _FINITE_FORMS):
            v += 1
        if v < m and toks[v].actor is None and lows[v].isalpha() and lows[v] not in _FINITE_FORMS \
                and _inflection(lows[v]) == form:
            return a, v
        return None
    return None


def _closed_predicate(s: _Sentence, j: int, m: int, form: str, lex: Lexicon) -> bool:
    """Between a predicate's verb (ending at j) and the "and" at m, nothing that opens a clause
    of its own: no "that" or colon, and no verb of the same form after its own subject ("denied
    Israel attacked the convoy and ...")."""
    lows, toks = s.lows, s.toks
    comma = lows[m - 1] == ","  # ", and": a coordination above any clause inside
    for k in range(j, m):
        w = lows[k]
        if (w == "that" and not comma) or w in (":", "who", "which") or w in _QUOTE_MARKS:
            return False
        if k > j and _inflection(w) == form and form != "bare" and w.isalpha():
            q = k - 1
            while q > j and lows[q] in _FINITE_FORMS:
                q -= 1  # "Ukraine had attacked"
            before = toks[q]
            if _live(before) or (before.actor is None and (_is_pronoun(lows[q], lex) or lows[q] in lex.forces)):
                return False
    return True


def _donor(s: _Sentence, i: int) -> int:
    """The head verb of the predicate the act at i is coordinated with, or -1."""
    if not s.donors:
        return -1
    c = s.clause[i]
    p = i
    while p > 0 and s.clause[p - 1] == c:
        p -= 1
    return s.donors.get(p, -1)


def _find_triggers(s: _Sentence, lex: Lexicon) -> list[_Trigger]:
    toks, lows = s.toks, s.lows
    sp = s.speaker
    out: list[_Trigger] = []
    n = len(toks)
    firsts = lex.triggers.firsts
    after = 0  # a trigger starts at or after the end of the one before
    # only the words a trigger can start with (a few per sentence) are looked at, in order
    for i in [k for k, w in enumerate(lows) if w in firsts]:
        if i < after or toks[i].actor is not None or (
                sp is not None and sp.start <= i < sp.end and lows[i] not in lex.visit_nouns):
            continue  # ("Blinken, on a visit to Seoul, said": the visit inside the speaker's span)
        m = lex.triggers.match(lows, i)
        if not m:
            continue
        length, cues = m
        if length > 1 and i > 0 and lows[i - 1] in _ARTICLES and all(c.pos == "verb" for c in cues):
            # "followed by a meeting with France": after an article the first word is a noun
            # ("meeting"), not the verb phrase "meeting with"
            # ("a cut in aid", with no noun cue of its first word, stays the verb phrase)
            single = lex.triggers.match([lows[i]], 0)
            if single is not None and any(c.pos == "noun" for c in single[1]):
                length, cues = 1, tuple(c for c in single[1] if c.pos == "noun")
        cue = _choose_pos(cues, s, i, lex)
        if cue is None or cue.pos == "stance":
            after = i + length
            continue
        if cue.pos == "verb" and length == 1 and i > 0 and (
            lows[i - 1] in _ARTICLES or (lows[i - 1] in _REASON_PREPOSITIONS and lows[i].endswith("ing")
                                         and not (lows[i - 1] == "of" and i > 1 and _live(toks[i - 2])))
            # "any western strike", "a Russian attack": a determiner, an adjective, the verb form
            or lows[i - 1] in ("any", "no") or lows[i - 1] in _COMPOUND_MODIFIERS
            # "the Douma attack": a named incident; "the US attacks would target": a noun, a prospect
            or _place_named(s, i, _NOUN_OPENERS)
            or (i + length < n and lows[i + length] in _MODALS_AFTER_NOUN)
            # "the victims of Saturday’s attack": an incident named by its day
            or (i > 0 and _day_possessive(lows[i - 1]))
            or (i > 1 and lows[i - 2] in _NOUN_OPENERS and (
                lows[i - 1] in _ACT_ADJECTIVES or (toks[i - 1].actor is not None and toks[i - 1].actor.kind == "demonym"
                                                   and not toks[i - 1].actor.text.endswith("s"))))  # not "the Russians reject"
        ):
            # "an alleged attack", "a threatened offensive", "the ban": after an article a verb
            # form describes or names a thing; "for refusing", "of attacking": a reason (but
            # "accused Russia of attacking": the act the actor before "of" is charged with)
            after = i + length
            continue
        if cue.support_verbs and not _has_own_support(s, i, cue):
            after = i + length
            continue
        if i + length < n and lows[i + length] in _VEHICLES:
            after = i + length  # "attack aircraft", "strike fighters", "assault helicopters": a kind of vehicle
            continue
        if cue.type == "AccusationMade" and cue.pos == "verb" and i > 0 and lows[i - 1] == "," \
                and lows[i].endswith("ed") and i + length < n and lows[i + length] == "of":
            # "... in US custody in Syria, accused of being members of Isis": a participle
            # describing the accused; the accuser is not named
            after = i + length
            continue
        if cue.type == "VisitMade" and cue.pos == "verb" and (
                (lows[i] == "travel" and not (i > 0 and lows[i - 1] in _BEFORE_BARE_VERB))
                or (lows[i] in ("travelling", "traveling") and not (i > 0 and lows[i - 1] in _BE))):
            after = i + length  # "advises against all travel to Syria": the noun; "will travel to" the verb
            continue
        if lows[i] == "sanction" and i + 1 < n and lows[i + 1] == "of":
            after = i + length  # "without the sanction of parliament": approval, no sanction
            continue
        if cue.type == "MilitaryAttack" and _abstract_object(s, i + length):
            after = i + length  # "a blatant attack on Syrian sovereignty": words, not force
            continue
        if lows[i] == "alleged" and i + 1 < n and toks[i + 1].actor is None and lows[i + 1].replace("-", "").isalpha() \
                and lows[i + 1] not in _NOT_NOUNS and not s.cap(i + 1):
            after = i + length  # "escape alleged ill-treatment by the SDF": an adjective, no accuser
            continue
        if cue.type == "AgreementReached" and cue.pos == "verb" and lows[i].startswith("agree") \
                and _agrees_with_a_view(s, i + length, lex):
            after = i + length  # "he agreed with Trump that Isis was beaten": sharing a view, no agreement
            continue
        if cue.needs_forces and not _forces_near(s, i, i + length, lex):
            after = i + length
            continue
        if cue.person_object and not _calls_a_person(s, i + length):
            after = i + length  # "called Putin a killer", "called the move reckless": no call
            continue
        if cue.not_before and i + length < n and lows[i + length] in cue.not_before:
            after = i + length  # "declined to comment": no refusal of anyone
            continue
        if cue.objects and not cue.objects.intersection(lows[i : i + length]) and not _object_follows(s, i + length, cue.objects):
            # (a cue that names its object itself, "fired a ballistic missile", needs none after it)
            after = i + length
            continue
        if cue.pos == "verb" and length == 1 and not cue.intent and lows[i] in lex.support_verbs and _noun_act_follows(s, i + 1, lex):
            # "launched an attack", "struck a deal": the verb supports the noun's act
            after = i + length
            continue
        if cue.pos == "verb" and i > 1 and lows[i - 1] in ("-", "–") and toks[i - 2].actor is not None:
            # "US-backed forces", "Iran-backed militias": an attribute, no act
            after = i + length
            continue
        support = -1
        if cue.pos == "noun":
            support = _support_verb(s, i, lex, cue.indirect_object)
            if cue.type == "VisitMade" and support >= 0 and not lex.visit_openers.isdisjoint(lows[support + 1 : i]):
                support = -1  # "agreed to expand ties during a visit to Moscow": the verb's object is the ties
            if cue.type == "VisitMade" and support < 0:
                asserted = _visit_phrase(s, i, length, lex) is not None
            else:
                asserted = _nominal_asserted(s, i, length, support, lex)
            if not asserted:
                after = i + length
                continue
        out.append(_Trigger(i, length, cue, support))
        after = i + length
    return out


_ARTICLES = frozenset({"a", "an", "the"})
# Before "at", words that aim an act at what follows ("lashed out at Seoul", "fired at Kyiv"):
# no location
_AIMED_AT = frozenset({"out", "fired", "fires", "firing", "shot", "shoots", "shooting", "aimed", "aims",
                       "directed", "swipe", "jab", "jabs", "angry", "furious"})
# Words after "alleged" that make it a verb ("alleged that", "alleged in a statement"), not an
# adjective before a noun ("alleged abuses")
_NOT_NOUNS = _PREPOSITIONS | _DETERMINERS | frozenset(
    "that it he she they we i you there this these those last earlier yesterday today on "
    "was were had has have is are would will could".split()
)
# Before a plural demonym: its people, not the state ("other Canadians ... warned"). Not numbers:
# "killed 4 Iraqis" is coded as an attack on Iraq.
_QUANTIFIERS = frozenset({"other", "many", "some", "several", "most", "few", "fellow", "ordinary", "young"})
_VEHICLES = frozenset({"aircraft", "helicopter", "helicopters", "submarine", "submarines", "dogs", "craft",
                       "boat", "boats", "plane", "planes", "jet", "jets", "fighters", "group", "groups", "force",
                       "rifle", "rifles", "vehicle", "vehicles"})
_COMPOUND_MODIFIERS = frozenset({"weapons", "chemical", "gas", "rocket", "mortar", "artillery", "missile", "drone",
                                 "suicide", "cyber", "terror", "terrorist", "bomb", "air", "ballistic", "nuclear"})
_NOUN_OPENERS = frozenset({"a", "an", "the", "any", "no", "another", "each", "every"})
_ACT_ADJECTIVES = frozenset({"western", "eastern", "northern", "southern", "joint", "new", "further", "fresh",
                             "major", "military", "possible", "surprise", "massive", "retaliatory", "punitive",
                             "limited", "renewed", "deadly", "missile", "air", "drone", "naval", "ground"})
_REASON_PREPOSITIONS = frozenset({"for", "of", "over", "against", "about", "without", "by"})


# What makes a that-clause after "agreed" a commitment ("agreed that talks would resume")
# rather than a shared view ("agreed that the plan was flawed").
_COMMITMENT_WORDS = frozenset({"would", "will", "should", "shall", "must", "to", "'ll", "’ll"})


_WHEN_WORDS = frozenset({"on", "last", "this", "earlier", "later", "yesterday", "today", "week", "month",
                         "year", "weekend"}) | frozenset(WEEKDAYS)


# What may follow the person called for the verb to be a call ("called his counterpart on
# Thursday to discuss ..."); anything else is a complement ("called Putin a killer", "reckless")
_AFTER_A_CALL = _WHEN_WORDS | frozenset({".", ",", ";", ":", "(", "—", "–", "and", "to", "from", "at", "by",
                                          "in", "after", "before", "amid", "about", "over", "for",
                                          "again", "twice", "shortly", "late", "early", "during",
                                          "following", "ahead", "while", "as", "overnight", "directly", "next"})
_CALLED_PERSON_OPENERS = frozenset({"his", "her", "their", "its", "the"})


_DELEGATIONS = frozenset({"delegation", "delegations"})
_DELEGATION_OF = frozenset({"from", "of", "led"})


def _calls_a_person(s: _Sentence, j: int) -> bool:
    """ "called his Pakistani counterpart on Thursday", "rang Olaf Scholz", "received a US
    delegation", "received a delegation from Qatar": the verb's object is a person, by name or
    role, or a delegation of an actor, and no complement follows it."""
    n = len(s.toks)
    lows = s.lows
    if j + 2 < n and lows[j] in _ARTICLES and lows[j + 1] in _DELEGATIONS and lows[j + 2] in _DELEGATION_OF:
        j += 3  # "a delegation from Qatar", "a delegation led by the Hamas leader"
        while j < n and lows[j] in ("by", "the"):
            j += 1
        if j >= n or not _live(s.toks[j]):
            return False
    else:
        if j < n and (lows[j] in _CALLED_PERSON_OPENERS or lows[j] in _ARTICLES):
            opener = lows[j]
            j += 1
        else:
            opener = ""
        if j >= n or not _live(s.toks[j]):
            return False
        if j + 1 < n and lows[j + 1] in _DELEGATIONS:
            return j + 2 >= n or lows[j + 2] in _AFTER_A_CALL  # "a Hamas delegation"
        a = s.toks[j].actor
        if a.kind not in ("person", "role"):
            return False
        if opener in ("a", "an") and a.text.rsplit(None, 1)[-1].lower() not in _DELEGATIONS:
            return False  # ("a US delegation" is one role; not "a Russian soldier")
    b = _group_at(s, j)[1]
    while b > j and s.lows[b] in _GROUP_GLUE:
        b -= 1
    return b + 1 >= n or s.lows[b + 1] in _AFTER_A_CALL


# What an attack on which is a figure of speech ("an attack on press freedom")
_ABSTRACT_OBJECTS = frozenset({
    "sovereignty", "democracy", "freedom", "freedoms", "rights", "values", "dignity", "credibility",
    "reputation", "independence", "integrity", "legitimacy", "principles", "norms", "constitution",
    "unity", "honour", "honor", "press", "character", "religion", "faith", "culture", "identity",
})
# After a nominal act: it did not take place ("the talks were suspended")
_CALLED_OFF = frozenset({"suspended", "cancelled", "canceled", "postponed", "scrapped", "delayed", "abandoned",
                         "shelved", "halted"})


def _abstract_object(s: _Sentence, j: int) -> bool:
    """An attack's object within the next words of its clause is an abstraction."""
    lows = s.lows
    c = s.clause[j] if j < len(lows) else -1
    for k in range(j, min(len(lows), j + 5)):
        if s.clause[k] != c or lows[k] in (",", ";", ":", ".", "and", "by"):
            return False
        if lows[k] in _ABSTRACT_OBJECTS:
            return True
    return False


def _called_off(s: _Sentence, j: int) -> bool:
    """ "the talks ... were suspended", "the visit has been postponed", "the truce collapsed": after
    the noun, in its clause."""
    lows = s.lows
    c = s.clause[j] if j < len(lows) else -1
    for k in range(j, min(len(lows), j + 12)):
        if s.clause[k] != c or lows[k] in (",", ";", ":", "."):
            return False
        if lows[k] in _CALLED_OFF and k > 0 and (lows[k - 1] in _BE or lows[k - 1] in ("been", "got")):
            return True
        if lows[k] in ("collapsed", "collapses", "expired") or (
                k + 1 < len(lows) and (lows[k], lows[k + 1]) in (("broke", "down"), ("fell", "apart"), ("breaks", "down"))):
            return True  # "when a ceasefire with the PKK broke down"
    return False


# What is struck in a place: "struck targets in Lebanon", "shelled towns across Ukraine"
_STRUCK_THINGS = frozenset({"targets", "target", "positions", "sites", "bases", "base", "towns", "cities",
                            "villages", "areas", "facilities", "infrastructure", "airfields", "depots", "camps",
                            "ports", "installations", "regions", "districts", "neighbourhoods", "neighborhoods"})


def _struck_place(s: _Sentence, j: int, source: tuple[str, ...]) -> tuple[str, ...]:
    """The state an attack hit when its object is a place in it ("struck targets in Lebanon")."""
    lows = s.lows
    c = s.clause[j] if j < len(lows) else -1
    for k in range(j, min(len(lows) - 2, j + 5)):
        if s.clause[k] != c or s.toks[k].actor is not None or lows[k] in (",", ";", ":", "."):
            return ()
        if lows[k] in _STRUCK_THINGS and lows[k + 1] in ("in", "across", "inside", "throughout"):
            # (the place is no actor of the clause - a locative - but the state it lies in was hit)
            place = s.toks[k + 2].actor
            if place is not None and place.codes and place.kind != "person":
                return tuple(x for x in place.codes if x not in source)
            city = _city(s, k + 2)  # "struck targets in Idlib"
            if city is not None:
                return tuple(x for x in (city[1],) if x not in source)
    return ()


def _attacked_city(s: _Sentence, j: int, source: tuple[str, ...]) -> tuple[str, ...]:
    """ "a missile attack on Kharkiv", "strikes against Aleppo", "the shelling of Kherson": the
    state of the city an attack noun's own preposition names (none in the attacker's own state)."""
    if j + 1 >= len(s.lows) or s.lows[j] not in ("on", "against", "of"):
        return ()
    return _city_state(s, j + 1, source)


def _city_state(s: _Sentence, k: int, source: tuple[str, ...]) -> tuple[str, ...]:
    """The state of a city named at k, as a target: none when it is the source's own."""
    city = _city(s, k)
    return (city[1],) if city is not None and city[1] not in source else ()


def _city(s: _Sentence, k: int) -> tuple[int, str] | None:
    """(words, state) of a city named at k: a place that stands for the state it lies in where
    the rules ask for one (what an attack hit, the host of a visit), never an actor."""
    if k >= len(s.toks) or s.toks[k].actor is not None or not s.lows[k][:1].isalpha() or not s.cap(k):
        return None
    return ActorRegistry.default().cities.at(s.lows, k)


def _condition_actor(s: _Sentence, j: int, source: tuple[str, ...]) -> tuple[str, ...]:
    """Whom a warning is aimed at when it names a condition: "warned that it would respond if
    Assad used chemical weapons again" (the actor opening the if- or unless-clause)."""
    lows = s.lows
    for k in range(j, len(lows) - 1):
        if lows[k] in (";", "."):
            return ()
        if lows[k] in ("if", "unless", "should") and (k == j or lows[k - 1] != "even"):
            m = k + 1
            if m < len(lows) and lows[m] == "the":
                m += 1
            if m < len(lows) and _live(s.toks[m]):
                _a, b, codes = _group_at(s, m)
                if b + 1 < len(lows) and lows[b + 1] in _DASHES:
                    return ()  # "if the US and EU-backed Kurdish forces ...": modifiers of the condition's actor
                return tuple(x for x in codes if x not in source)
            return ()
    return ()


def _place_named(s: _Sentence, i: int, openers: frozenset[str]) -> bool:
    """ "the Douma attack": a capitalised word that is no actor between a determiner and the act."""
    return i >= 2 and s.lows[i - 2] in openers and s.toks[i - 1].actor is None and s.cap(i - 1) \
        and s.lows[i - 1].isalpha()


def _day_possessive(w: str) -> bool:
    """ "saturday’s", "last week's": a time naming what follows ("Saturday’s attack")."""
    return len(w) > 2 and w[-2] in "’'" and w[-1] == "s" and w[:-2] in _WHEN_WORDS


def _agrees_with_a_view(s: _Sentence, j: int, lex: Lexicon) -> bool:
    """After "agree(d)": "with X that <a statement>", "that <a statement>", or "with him" closing
    the clause: agreeing with what someone thinks, not reaching an agreement."""
    lows, n = s.lows, len(s.lows)
    k = j
    partner_pronoun = False
    if k < n and lows[k] == "with":
        k += 1
        if k < n and _live(s.toks[k]):
            k = _group_at(s, k)[1] + 1
        elif k < n and lows[k] in ("him", "her", "them", "me", "us", "you", "this", "that", "it"):
            partner_pronoun = True
            k += 1
        else:
            return False
        if partner_pronoun and (k >= n or lows[k] in (".", ",", ";", "!", "”", '"', "and", "but")):
            return True  # "I agree with him."
    while k < n and k < j + 12 and lows[k] in _WHEN_WORDS:
        k += 1  # "agreed with Germany on Monday that ..."
    if k >= n or lows[k] != "that":
        return False
    c = s.clause[k] if k < len(s.clause) else -1
    for m in range(k + 1, n):
        if lows[m] in _COMMITMENT_WORDS:
            return False
        if lows[m] in (";", ".") or (s.clause[m] != c and lows[m] == ","):
            break
    return True


def _has_own_support(s: _Sentence, i: int, cue: Cue) -> bool:
    """A noun that is an act only after its own verbs ("sent 300 troops", not "withdrew troops")."""
    for k in range(i - 1, max(-1, i - 5), -1):
        if s.lows[k] in cue.support_verbs:
            return True
        if s.toks[k].actor is not None or s.lows[k] in (",", ";", ":"):
            return False
    return False


def _forces_near(s: _Sentence, i: int, j: int, lex: Lexicon) -> bool:
    """ "deployed 300 troops", "Indian and Chinese troops clashed": armed forces named within a
    few words of the verb, in its clause."""
    c = s.clause[i]
    for k in (*range(max(0, i - 6), j), *range(j, min(len(s.lows), j + 6))):
        if s.clause[k] != c:
            continue
        if s.lows[k] in lex.forces:
            return True
        a = s.toks[k].actor
        if a is not None and a.kind == "role" and a.text.rsplit(None, 1)[-1].lower() in lex.forces:
            return True
    return False


def _object_follows(s: _Sentence, j: int, objects: frozenset[str]) -> bool:
    """One of `objects` within the next words of the clause, as a word or as the last word of a
    role mention ("summoned the Russian ambassador")."""
    c = s.clause[j] if j < len(s.lows) else -1
    for k in range(j, min(len(s.lows), j + 6)):
        if s.clause[k] != c:
            return False
        a = s.toks[k].actor
        if s.lows[k] in objects or (a is not None and a.kind == "role" and a.text.rsplit(None, 1)[-1].lower() in objects):
            return True
    return False


def _noun_act_follows(s: _Sentence, j: int, lex: Lexicon) -> bool:
    """A noun trigger within the next words, before any actor or punctuation."""
    for k in range(j, min(len(s.lows), j + 7)):
        if s.toks[k].actor is not None or s.lows[k] in (",", ";", ":", ".", "to") or s.lows[k] in lex.support_verbs:
            return False  # "agreed to hold talks": the noun belongs to another verb
        m = lex.triggers.match(s.lows, k)
        if m and any(c.pos == "noun" for c in m[1]):
            return True
    return False


def _choose_pos(cues: tuple[Cue, ...], s: _Sentence, i: int, lex: Lexicon) -> Cue | None:
    if len(cues) == 1:
        return cues[0]
    prev = s.lows[i - 1] if i > 0 else ""
    prev_tok = s.toks[i - 1] if i > 0 else None
    nounish = (
        prev in _DETERMINERS
        or prev in lex.support_verbs
        or prev in lex.noun_negators
        or (prev_tok is not None and prev_tok.actor is not None and prev_tok.actor.kind in ("demonym", "name"))
        or prev in ("joint", "new", "further", "fresh", "more", "first", "latest", "recent", "military")
        or (i > 1 and s.lows[i - 2] in _NOUN_OPENERS and prev in _ACT_ADJECTIVES)  # "a surprise visit"
        or prev in _COMPOUND_MODIFIERS  # "a chemical weapons attack", "the drone strike"
        or (prev.endswith("ed") and prev not in lex.auxiliaries and prev not in lex.speech)
        # "Russia says demands for ... are unrealistic": no verb right after a speech verb
        or (prev in lex.speech and s.toks[i - 1].actor is None)
        or (prev in ("or", "and") and i > 1 and s.toks[i - 2].actor is None
            and not _is_pronoun(s.lows[i - 2], lex) and s.lows[i - 2] not in lex.auxiliaries)
        # "launched a massive drone and missile attack": the object of a support verb
        or (prev.isalpha() and prev not in lex.auxiliaries and _support_verb(s, i, lex) >= 0
            and s.lows[i - 2 : i] != ["to", prev])
    )
    want = "noun" if nounish else "verb"
    for c in cues:
        if c.pos == want:
            return c
    return cues[0]


def _support_verb(s: _Sentence, i: int, lex: Lexicon, indirect_object: bool = False) -> int:
    lows = s.lows
    lo = i - 8 if indirect_object else i - 7  # room for an amount: "gave Tanzania 5.1 million dollars of aid"
    k = i - 1
    while k > max(-1, lo):
        if s.toks[k].actor is not None:
            if not indirect_object or not _live(s.toks[k]):
                return -1
            # "provide Ukraine with weapons", "gave Tanzania aid": look past the recipient
            a, _b, _codes = _group_at(s, k)
            lo -= k - a + 2
            k = a - 1
            continue
        if lows[k] in (",", ";", ":"):
            return -1
        if lows[k] in lex.support_verbs:
            return k
        k -= 1
    return -1


def _nominal_asserted(s: _Sentence, i: int, length: int, support: int, lex: Lexicon) -> bool:
    lows = s.lows
    for k in range(i - 1, max(-1, i - 6), -1):  # "an alleged deadly chemical weapons attack"
        if s.toks[k].actor is not None:
            if s.toks[k].actor.kind == "demonym":
                continue  # "any western strike", "no Russian attack": past the adjective
            break
        if lows[k] in lex.noun_negators:
            return False
        if lows[k] in lex.topic_markers:
            return False
        if k == support:
            break
    j = i + length
    if _called_off(s, j):
        return False
    if support >= 0:
        return True
    if j < len(lows) and lows[j] in _MODALS_AFTER_NOUN:
        return False  # "I hope the US attacks would target the air bases": a prospect, not a report
    if _place_named(s, i, _DETERMINERS):
        return False  # "the Douma attack", "the Salisbury summit": a past incident named by its place
    if i >= 1 and _day_possessive(lows[i - 1]) and not (
            j < len(lows) and lex.participant_words.match(lows, j) and lows[j] != "by"):
        return False  # "the victims of Saturday’s attack": an incident named by its day, not an act of this clause
    if j < len(lows) and lex.participant_words.match(lows, j) and lows[j] != "by":
        return True
    return _at_before(s, i)


# What comes before a verb's bare form ("will travel to", "did not travel to", "to travel to")
_BEFORE_BARE_VERB = frozenset({"to", "will", "would", "could", "can", "may", "might", "must", "should", "shall",
                               "’ll", "'ll", "not", "n't", "never", "also", "then", "and"})
# (past and progressive forms only: "a military clash", "clashes" are mostly nouns)
_RECIPROCAL = frozenset({"clashed", "clashing", "exchanged", "exchanging", "traded", "trading"})
_BROKER_VERBS = frozenset({"broker", "brokers", "brokered", "brokering"})
_MODALS_AFTER_NOUN = frozenset({"would", "could", "might", "may", "should", "will", "must", "can"})


def _at_before(s: _Sentence, i: int) -> bool:
    """ "at the summit", "during a surprise visit to Beirut": the noun names an occasion that
    took place."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if s.lows[k] in ("at", "during"):
            return True
        if s.lows[k] not in _DETERMINERS and not (s.toks[k].actor is not None and s.toks[k].actor.dropped):
            if s.lows[k] not in ("joint", "high-level", "bilateral", "trilateral", "annual", "emergency", "surprise",
                                 "official", "state", "first", "two-day", "three-day", "week-long"):
                return False
    return False


@dataclass(slots=True)
class _Mood:
    skip: bool = False
    modality: str = "done"
    background: bool = False  # perfect / ongoing: on_or_before
    progressive: bool = False
    passive: bool = False
    # The token after which a date is the time of the act still to come: the future marker
    # ("will", "is set to", the reported "would"), or the act's own word after a promise
    # ("pledged on Monday to visit in May": Monday is the pledge's). -1: the act is not ahead.
    ahead_from: int = -1


def _mood(s: _Sentence, i: int, lex: Lexicon, verb_form: str) -> _Mood:
    mood = _Mood()
    if s.hypothetical[i] or _asked(s, i, lex) or _unasserted(s, i, lex) or (i >= 2 and s.lows[i - 1] == "to" and _wished(s, i, lex)):
        mood.skip = True
        return mood
    lows, toks = s.lows, s.toks
    start = i
    c = s.clause[i]
    while start > 0 and i - start < 5:
        k = start - 1
        if toks[k].actor is not None or lows[k] in (",", ";", ":") or s.clause[k] != c or lows[k] in _QUOTE_MARKS:
            break
        start = k
    window = lows[start:i]
    # a modal governs coordinated verbs up to its subject ("would step up drills and cooperate")
    k = start - 1
    cues = lex.mood_words
    while k >= 0 and s.clause[k] == c and toks[k].actor is None and not _is_pronoun(lows[k], lex) and not s.quoted[k]:
        if lows[k] not in cues:
            k -= 1
            continue
        if _reported_future(s, k, lex):
            mood.modality = "announced"
            mood.ahead_from = max(mood.ahead_from, k)
        elif lex.hypothetical.match(lows, k) or lex.deontic.match(lows, k):
            mood.skip = True
        elif lex.future.match(lows, k) and mood.modality == "done":
            mood.modality = "planned"
            mood.ahead_from = max(mood.ahead_from, k)
        k -= 1
    for k in range(len(window)):
        w = window[k]
        if w not in cues:
            continue
        if w in lex.negation or lex.negation_phrases.match(window, k):
            mood.skip = True
        if _reported_future(s, start + k, lex):
            mood.modality = "announced"
            mood.ahead_from = start + k
        elif lex.hypothetical.match(window, k) or lex.deontic.match(window, k):
            mood.skip = True
        elif w in lex.intent:
            mood.modality = "announced"
            mood.ahead_from = i
        elif lex.future.match(window, k) and mood.modality == "done":
            mood.modality = "planned"
            mood.ahead_from = start + k
        if w in lex.perfect:
            mood.background = True
        if lex.ongoing.match(window, k):
            mood.background = True
            mood.modality = "ongoing"
    if mood.background and mood.modality == "ongoing" and _future_before(s, i, lex):
        # "Russia will continue to find its veto a potent tool": a forecast of conduct, no act
        mood.skip = True
    if mood.modality == "planned" and not mood.skip and s.speaker is not None:
        mood.modality = "announced"  # a future someone states is an announcement
    if window and window[-1] in _BE or (len(window) > 1 and window[-2] in _BE and window[-1] in lex.auxiliaries):
        if verb_form.endswith("ing"):
            mood.progressive = True
            if mood.modality == "done":
                mood.modality = "ongoing"
        elif verb_form.endswith("ed") or verb_form.endswith("en") or verb_form in _IRREGULAR_PARTICIPLES:
            mood.passive = True
    return mood


def _shared_mood(own: _Mood, first: _Mood) -> _Mood:
    """The mood of a verb coordinated with a first one, with no finite word of its own: the
    first's perfect or progressive ("has denied X and warned Y", "is denying X and warning Y")."""
    if first.background and not own.background and own.modality == "done":
        own.background = True
        own.modality = first.modality
    return own


# Past participles not ending in -ed or -en ("a blow had been struck against Isis", "the
# jet was shot down"): after a form of "be" the act is passive, its subject its target.
_IRREGULAR_PARTICIPLES = frozenset({
    "struck", "shot", "hit", "met", "held", "sent", "fought", "sold", "led", "cut", "built", "brought",
    "caught", "made", "put", "set", "kept", "left", "lost", "won", "paid", "bought", "told", "said",
    "sought", "taught", "thought", "found", "spread", "shut", "beat", "overrun", "withdrawn", "drawn",
    "thrown", "shown", "seen", "known", "done", "hung", "dealt", "meant", "felt", "heard", "laid",
})


def _unasserted(s: _Sentence, i: int, lex: Lexicon) -> bool:
    """A purpose, possible outcome or slogan opened earlier in the clause ("in order to",
    "could lead to ... reaching", "signs reading ..."): the act at i is not reported as done."""
    c = s.clause[i]
    for k in range(i - 1, max(-1, i - 1 - lex.unasserted_reach), -1):
        if s.clause[k] != c:
            return False
        if s.lows[k] in lex.unasserted:
            m = lex.unasserted.match(s.lows, k)
            if m and k + m[0] <= i:
                return True
    return False


def _wished(s: _Sentence, i: int, lex: Lexicon) -> bool:
    """The act at i is what someone wishes, asks or presses another actor to do: a wish word
    shortly before its "to" in the same clause ("wants Putin to attack", "expected Beijing to
    sign", "faces pressure from Congress to help Iran", "is being pressured by Congress to")."""
    if i < 2 or s.lows[i - 1] != "to":
        return False
    c = s.clause[i]
    for k in range(i - 2, max(-1, i - 8), -1):
        if s.clause[k] != c:
            return False
        if s.lows[k] in lex.wish or (k >= 1 and f"{s.lows[k - 1]} {s.lows[k]}" in lex.wish):
            return True
    return False


def _future_before(s: _Sentence, i: int, lex: Lexicon) -> bool:
    c = s.clause[i]
    for k in range(i - 1, max(-1, i - 6), -1):
        if s.clause[k] != c or s.toks[k].actor is not None:
            return False
        if lex.future.match(s.lows, k) or lex.hypothetical.match(s.lows, k):
            return True
    return False


def _asked(s: _Sentence, i: int, lex: Lexicon) -> bool:
    """ "Is China helping Russia?": an act in a question is asked about, not reported."""
    if s.words.isdisjoint(lex.question):
        return False
    return any(w in lex.question for w in s.lows[i + 1 :])


def _reported_future(s: _Sentence, k: int, lex: Lexicon) -> bool:
    """ "China said it would hold drills": in reported speech "would" is the reported "will", an
    announcement, not a hypothesis, when a reporting verb comes before it and nothing in the
    sentence is conditional ("would retaliate if attacked" stays hypothetical)."""
    if s.lows[k] not in lex.backshifted:
        return False
    sp = s.speaker
    if sp is None or not sp.explicit and sp.end == 0 or sp.end > k:
        return False
    return s.words.isdisjoint(lex.conditional)


def _subject(s: _Sentence, i: int, state: ArticleState, lex: Lexicon) -> tuple[tuple[str, ...], tuple[PersonRef, ...], str]:
    """Codes, people and how found ("subject", "pronoun", "speaker") of the act at token i."""
    toks, lows = s.toks, s.lows
    c = s.clause[i]
    sp = s.speaker
    k = i - 1
    while k > 0 and lows[k] in ("previously", "already", "earlier", "first", "also"):
        k -= 1
    if i > 1 and lows[i - 1] == "," and lows[i].endswith("ing") and s.subject_group and not (sp is not None and sp.start < i):
        # "Trump called Erdoğan on Wednesday, urging him to ...": a participle after a comma
        # shares the subject of the sentence, not the nearest actor before its comma
        return s.subject_group, (), "subject"
    if k > 0 and lows[k] == "having" and lows[k - 1] == ",":
        # "Moscow has acknowledged that ..., having previously dismissed ...": a participle
        # clause shares the subject of the sentence, not the nearest actor before its comma
        # (none when the sentence opens with no actor: "Jac Holmes, 24, ..., having travelled")
        return s.subject_group, (), "subject" if s.subject_group else ""
    found = _subject_before_parenthesis(s, i, lex)
    if found is not None:
        return found
    k = i - 1
    while k > 0 and (lows[k] in lex.auxiliaries or lows[k].endswith("ly")):
        k -= 1
    if 0 < k < i and lows[k - 1] in _UNKNOWN_NAME_OPENERS and toks[k].actor is None and lows[k].isalpha() \
            and not s.quoted[k] and s.cap(k):
        # "It is understood that Aksoy travelled to Syria": a name the registry does not know
        # is the subject (a private person); the act is no state's
        return (), (), ""
    k = i - 1
    while k >= 0 and s.clause[k] == c:
        if sp is not None and sp.start <= k < sp.end:
            return sp.codes, sp.people, "speaker"
        t = toks[k]
        if _live(t):
            a, b, codes = _group_at(s, k)
            if sp is not None and a < sp.end <= k:
                # "According to U.S. officials, Iran has ...": the subject starts after the speaker
                a = sp.end
                codes = _codes_in(s, a, b)
            if a > 0 and lows[a - 1] == "with" and b + 1 == i and lows[i].endswith("ing"):
                # "with Moscow denying Kiev's claims": the actor of an absolute construction
                return codes, _people_in(toks, a, b), "subject"
            if a > 0 and lows[a - 1] in _PREPOSITIONS and not _forces_of(s, a, b, lex) and not _agent_of_act(s, a, lex) \
                    and not _represented_by(lows, a - 1, lex):
                k = a - 1
                continue
            if b + 1 < len(lows) and lows[b + 1] in ("’s", "'s") and b + 2 < i and lows[b + 2] not in lex.auxiliaries:
                # "North Korea's leader met": the possessor acts through its leader
                return codes, _people_in(toks, a, b), "subject"
            return codes, _people_in(toks, a, b), "subject"
        if t.actor is None and _is_pronoun(lows[k], lex) and not (k > 0 and lows[k - 1] in _PREPOSITIONS):
            codes = _resolve_pronoun(s, k, state, lex)
            if codes:
                return codes, (), "pronoun"
        if t.actor is None and lows[k] in lex.non_state_heads and not (k > 0 and lows[k - 1] in _PREPOSITIONS):
            # "4,000 Russian citizens traveled", "Syrian rebels shelled": private people or a
            # non-state group head the subject; the act is theirs, not a state's, unless a
            # group's own name leads the phrase ("Houthi rebels fired")
            q = k - 1
            while q > 0 and lows[q] in lex.non_state_modifiers:
                q -= 1
            if q >= 0 and s.clause[q] == c and _live(toks[q]) and not _is_state(toks[q].actor):
                a, b, codes = _group_at(s, q)
                return codes, _people_in(toks, a, b), "subject"
            return (), (), ""
        k -= 1
    if k >= 0 and s.donors and k + 1 in s.donors and s.clause[k] == c - 1:
        # "China denied the accusation and warned ...": a coordinated predicate shares the
        # subject of the one before it
        return _subject(s, s.donors[k + 1], state, lex)
    if k >= 0 and k + 1 < i and lows[k + 1] in _SUBJECT_CARRIERS and s.clause[k] == c - 1:
        # "did not comment, but has condemned": a clause opened by "but" with no subject of
        # its own shares the subject of the clause before it
        if sp is not None and sp.start <= k:
            return sp.codes, sp.people, "speaker"  # "a spokesman said ..., but warned"
        p = k
        while p > 0 and s.clause[p - 1] == s.clause[k]:
            p -= 1
        for q in range(p, min(k + 1, p + 4)):
            if _live(toks[q]) and not (q > 0 and lows[q - 1] in _PREPOSITIONS):
                a, b, codes = _group_at(s, q)
                return codes, _people_in(toks, a, b), "subject"
        return (), (), ""
    if sp is not None:
        return sp.codes, sp.people, "speaker"
    return (), (), ""


_PARENTHESIS_SKIP = frozenset({"also", "has", "have", "had", "previously", "already", "earlier",
                               "repeatedly", "then", "later", "now", "since", "recently",
                               "reportedly", "is", "are", "was", "were", "publicly"})
_INTRODUCTORY = frozenset({"meanwhile", "however", "but", "and", "yet", "so", "when", "after", "as",
                           "while", "if", "although", "though", "since", "last", "earlier", "later",
                           "speaking", "asked", "instead", "still", "now", "then", "separately",
                           "elsewhere", "today", "yesterday", "in", "on", "at", "for", "during",
                           "despite", "amid", "according", "without", "with", "by", "before",
                           "once", "until", "unless", "because", "whereas"})


def _subject_before_parenthesis(s: _Sentence, i: int, lex: Lexicon
                                ) -> tuple[tuple[str, ...], tuple[PersonRef, ...], str] | None:
    """"Her father, speaking from north-east Bangladesh, also accused ...", "Russia, which
    ..., has warned": a verb right after a comma-closed parenthesis takes the subject before
    the sentence's first comma, not an actor inside the parenthesis. None: the rule does not
    apply (no parenthesis, or the sentence opens with an adverbial)."""
    lows = s.lows
    k = i - 1
    while k > 0 and lows[k] in _PARENTHESIS_SKIP:
        k -= 1
    if k <= 0 or lows[k] != ",":
        return None
    first = 0
    while first < k and lows[first] in _QUOTE_MARKS:
        first += 1
    try:
        f = lows.index(",", first)
    except ValueError:
        return None
    if f >= k or f - first < 1 or f - first > 10 or lows[first] in _INTRODUCTORY:
        return None
    if any(s.clause[q] != s.clause[first] for q in range(first, f)):
        return None
    sp = s.speaker
    if sp is not None and first <= sp.start < f:
        return None  # "Russia said, however, ...": the speaker rules decide
    for q in range(f - 1, first - 1, -1):
        if _live(s.toks[q]):
            a, b, codes = _group_at(s, q)
            if a > first and lows[a - 1] in _PREPOSITIONS:
                continue
            return codes, _people_in(s.toks, a, b), "subject"
        if s.toks[q].actor is None and _is_pronoun(lows[q], lex):
            return None
    return (), (), ""


_SUBJECT_CARRIERS = frozenset({"but", "yet"})
_UNKNOWN_NAME_OPENERS = frozenset({"that", ",", "and", "but", "when", "after", "before", "as", "while", "because"})
_PERCEPTION = frozenset({"feel", "feels", "felt", "feeling", "seem", "seems", "seemed", "look",
                         "looks", "looked", "appear", "appears", "appeared"})
_RELATIVES = frozenset({"that", "which", "who"})
_ADVERBS = frozenset({"far", "since"})  # beside lex.auxiliaries: "that has so far trained", "that has since seized"


def _figurative(s: _Sentence, i: int, length: int, lex: Lexicon) -> bool:
    """A verb of a verbal act used of a state of affairs, not of anyone speaking: no act.
    "Moscow feels threatened by ...": a participle after a verb of perception describes a
    feeling; "It threatens them by providing an alternative vision": an act done by doing
    something else ("by" and a gerund) is the effect of that deed, not words; "organisations
    that threaten the territorial integrity of Syria": the subject is a common noun before a
    relative word, not an actor."""
    lows = s.lows
    k = i - 1
    while k >= 0 and (lows[k] in lex.auxiliaries or lows[k].endswith("ly")) and lows[k] not in _RELATIVES:
        k -= 1
    if k >= 0 and lows[k] in _PERCEPTION:
        return True
    j = i + length
    for m in range(j, min(len(lows), j + 4)):
        if lows[m] == "by" and m + 1 < len(lows) and lows[m + 1].endswith("ing"):
            return True
        if lows[m] in (",", ";", ":", "."):
            break
    return _noun_relative_subject(s, i, lex)


def _noun_relative_subject(s: _Sentence, i: int, lex: Lexicon) -> bool:
    """The verb at i opens a relative clause on a common noun: "organisations that threaten
    the territorial integrity of Syria", "the militant group that has seized parts of Iraq".
    Its subject is that noun, no actor: whatever the clause says was done, no actor did it."""
    lows = s.lows
    k = i - 1
    while k >= 0 and (lows[k] in lex.auxiliaries or lows[k].endswith("ly") or lows[k] in _ADVERBS) and lows[k] not in _RELATIVES:
        k -= 1
    if k >= 1 and lows[k] in _RELATIVES:
        before = s.toks[k - 1]
        w = lows[k - 1]
        if before.actor is None and w.isalpha() and w not in lex.speech and w not in lex.auxiliaries \
                and not _is_pronoun(w, lex) and w not in _PREPOSITIONS and not s.cap(k - 1):
            return True
    return False


def _forces_of(s: _Sentence, a: int, b: int, lex: Lexicon) -> bool:
    """ "the injection of North Korean troops", "the deployment of Russian warships": a state's
    forces after "of" in the subject noun phrase act for that state."""
    if s.lows[a - 1] != "of":
        return False
    actor = s.toks[b].actor
    if actor.kind == "role":  # the gazetteer read "Russian troops" as one mention
        return actor.text.rsplit(None, 1)[-1].lower() in lex.forces
    k = b + 1
    if k + 1 < len(s.lows) and s.lows[k] in lex.force_modifiers:
        k += 1
    return k < len(s.lows) and s.lows[k] in lex.forces and actor.kind == "demonym"


def _groups_after(s: _Sentence, j: int, stop_words: frozenset[str], limit: int | None = None) -> list[tuple[int, int, tuple[str, ...]]]:
    toks, lows = s.toks, s.lows
    c = s.clause[j] if j < len(toks) else -1
    out = []
    k = j
    sp = s.speaker
    while k < len(toks):
        if s.clause[k] != c or lows[k] in stop_words:
            break
        if sp is not None and sp.start <= k < sp.end:
            k += 1
            continue
        if _live(toks[k]):
            a, b, codes = _group_at(s, k)
            out.append((max(a, k), b, codes))
            if limit is not None and len(out) >= limit:
                break
            k = b + 1
            continue
        k += 1
    return out


def _first_target(s: _Sentence, j: int, state: ArticleState, lex: Lexicon, exclude: tuple[str, ...],
                  reach: int = 1000) -> tuple[tuple[str, ...], str]:
    toks, lows = s.toks, s.lows
    c = s.clause[j] if j < len(toks) else -1
    sp = s.speaker
    k = j
    end = min(len(toks), j + reach)
    while k < end and s.clause[k] == c:
        if sp is not None and sp.start <= k < sp.end:
            k = sp.end
            continue
        t = toks[k]
        if _live(t):
            a, b, codes = _group_at(s, k)
            codes = tuple(x for x in codes if x not in exclude)
            if codes:
                return codes, "object"
            k = b + 1
            continue
        if t.actor is None and k == j and lows[k] in ("it", "them"):
            if lows[k] == "it":
                ahead = _cataphoric(s, k)
                # "it" with no antecedent in reach names no one: no guess from the article's
                # most-mentioned actor. Pointing ahead to an act ("it, the latest launch"), it
                # names the actor of that act.
                codes = _actor_of_act(s, ahead, state, lex) if ahead >= 0 else _object_it(s, k)
                codes = tuple(x for x in codes if x not in exclude)
                if codes:
                    return codes, "pronoun"
                if ahead >= 0 and s.quoted[k] and not _actors_from(s, ahead):
                    return (), "ahead"  # the act's actor may be named in the quote's next sentence
            return (), ""
        if t.actor is None and lows[k] in _ACT_DETERMINERS:
            # "condemned the launch": an act named with no actor stands for the actor of the
            # latest such act in the article
            codes = tuple(x for x in _actor_of_act(s, k + 1, state, lex) if x not in exclude)
            if codes:
                return codes, "act"
        k += 1
    return (), ""


def _actors_from(s: _Sentence, k: int) -> bool:
    """A live actor from token k to the end of the sentence's quote."""
    for m in range(k, len(s.toks)):
        if not s.quoted[m]:
            return False
        if _live(s.toks[m]):
            return True
    return False


def _object_it(s: _Sentence, k: int) -> tuple[str, ...]:
    """ "it" as the object of an act stands for an actor only when one is named just before it
    in the sentence, with no other noun phrase between ("tore into an article, criticising it");
    an earlier sentence's actor is no antecedent (an act's object "it" is mostly a thing)."""
    for m in range(k - 1, -1, -1):
        t = s.toks[m]
        if _live(t) and t.actor.kind not in ("person", "role") and len(t.actor.codes) == 1:
            return t.actor.codes
        if s.lows[m] in _ARTICLES or s.lows[m] in (".", ";", ":"):
            return ()
    return ()


_NOUN_TARGET_REACH = 6
_ACT_DETERMINERS = frozenset({"the", "this", "these", "that", "those", "its", "their"})
# Acts with parties another actor may welcome or condemn ("welcomed the pact")
_PARTY_TYPES = frozenset({"AgreementReached", "MeetingHeld", "CooperationPledged", "MilitaryCooperation"})
_ACT_TYPES = frozenset({"MissileLaunched", "MilitaryAttack", "DrillAnnounced", "TroopsDeployed",
                        "SanctionsImposed"})


def _actor_of_act(s: _Sentence, k: int, state: ArticleState, lex: Lexicon) -> tuple[str, ...]:
    """The actor of the act named by the noun phrase at k ("the latest launch"), if the
    article reported such an act before; () otherwise."""
    lows = s.lows
    for m in range(k, min(len(lows), k + 4)):
        if s.toks[m].actor is not None:
            return ()
        found = lex.triggers.match(lows, m)
        if found:
            for cue in found[1]:
                if cue.pos == "noun" and cue.type in _ACT_TYPES and cue.type in state.actors_of_acts:
                    return state.actors_of_acts[cue.type]
                if cue.pos == "noun" and cue.type in state.parties_of_acts:
                    # "Russia and North Korea signed a pact. The US criticised the deal": its
                    # parties, when named in this sentence or the one before
                    parties, at = state.parties_of_acts[cue.type]
                    if at >= state.sentence - 1:
                        return parties
            return ()
        if lows[m] not in _DETERMINERS and lows[m] not in _MODIFIERS_OF_ACTS:
            return ()
    return ()


_MODIFIERS_OF_ACTS = frozenset({"latest", "recent", "last", "new", "second", "third", "fourth",
                                "fifth", "ballistic", "missile", "nuclear", "military", "joint"})


def _cataphoric(s: _Sentence, k: int) -> int:
    """ "We condemn it ..., the latest launch": "it" points ahead to a noun phrase, not back.
    The index of that noun phrase, or -1."""
    c = s.clause[k]
    for m in range(k + 1, min(len(s.lows) - 1, k + 8)):
        if s.clause[m] != c:
            return -1
        if s.lows[m] == "," and s.lows[m + 1] in ("the", "a", "an", "this", "that", "these"):
            return m + 1
    return -1


def _candidate(s: _Sentence, tr: _Trigger, state: ArticleState, lex: Lexicon, index: int,
               announced: bool = False, claim: _Claim | None = None) -> Candidate | None:
    cue = tr.cue
    i = tr.index
    if cue.claim_only and claim is None:
        return None
    if s.lows[i] in _ADJECTIVAL_PARTICIPLES and i > 0 and (
            s.lows[i - 1] in _DETERMINERS or s.lows[i - 1] in _PREPOSITIONS
            or (s.toks[i - 1].actor is not None and s.toks[i - 1].actor.kind == "demonym")):
        return None  # "the alleged plot", "non-Syrian alleged Isis members": an adjective
    anchor = tr.support if tr.support >= 0 else i
    mood = _mood(s, anchor, lex, s.lows[anchor])
    donor = _donor(s, anchor)
    if donor >= 0 and _finite_before(s, anchor) == anchor:
        mood = _shared_mood(mood, _mood(s, donor, lex, s.lows[donor]))
    if cue.roles == "claim" and cue.type == "WarningIssued":
        # "“The regime will have to pay the price,” he said": the future, the condition and the
        # obligation belong to what the speaker warns of; the warning itself was issued
        mood = _Mood()
    if mood.skip:
        return None
    subject = _subject
    visit_named = False  # a visit named by a noun with no verb of its own
    ahead = False  # the target is a cataphoric "it" the next quoted sentence may name
    if claim is not None:
        if mood.modality in ("planned", "announced"):
            return None  # a claim about a future act is speculation, not a reported act
        claimed_by, claimed_people = _claim_subject(s, anchor, claim, state, lex)
        claimed_by = tuple(x for x in claimed_by if x not in claim.claimant)
        if not claimed_by:
            return None

        def subject(s, i, state, lex):  # the claimed clause's own subject
            return claimed_by, claimed_people, "subject"
    elif tr.support > 0 and s.lows[tr.support - 1] in _NOUN_OPENING_POSSESSIVES:
        # "sanctions on Iran over its transfer of drones to Russia", "the supply of arms": the
        # support verb is a noun, its actor its possessor (none after an article), not the
        # subject of the clause around it
        owned_by = _owner(s, tr.support, state, lex)
        if tr.support > 1 and s.lows[tr.support - 2] in _REASON_PREPOSITIONS:
            mood.background = True  # "sanctions over its transfer of drones": the reason, done before

        def subject(s, i, state, lex):
            return owned_by, (), "subject"
    if announced or (tr.support >= 0 and s.lows[tr.support] in lex.intent):
        mood.modality = "announced"  # "pledged aid": the promise of an act
    if cue.pos != "verb" or tr.support >= 0:
        mood.passive = False
    etype = cue.claimed_type if claim is not None and cue.claimed_type else cue.type
    after = i + tr.length
    if cue.that_type and after < len(s.lows) and s.lows[after] == "that":
        etype = cue.that_type
    if mood.modality in ("planned", "announced") and etype in _VERBAL:
        return None  # a verbal act only promised has not been made
    if etype in _VERBAL and cue.pos == "verb" and claim is None and _figurative(s, i, tr.length, lex):
        return None
    if cue.pos == "verb" and not s.words.isdisjoint(_RELATIVES) and _noun_relative_subject(s, i, lex):
        return None
    if etype in _SPORTING and not s.words.isdisjoint(lex.sports):
        return None
    if cue.pos == "adj" and s.speaker is None:
        return None
    confidence = {"verb": 0.8, "noun": 0.7, "adj": 0.65}.get(cue.pos, 0.6)

    people: tuple[PersonRef, ...] = ()
    if cue.roles == "symmetric":
        participants: list[str] = []
        mediator: tuple[str, ...] = ()
        if tr.support >= 0 or cue.pos != "noun":
            codes, people, how = subject(s, anchor, state, lex)
            if tr.support >= 0 and s.lows[tr.support] in _BROKER_VERBS:
                mediator = codes  # "Egypt brokered a ceasefire between Israel and Hamas": a party only if no two others are named
            else:
                participants.extend(codes)
            if how == "speaker":
                confidence -= 0.1
        elif _at_before(s, i) and s.speaker is not None:
            participants.extend(s.speaker.codes)
            people = s.speaker.people
        stops = lex.topic_words
        opener = -1  # where the participants' phrase starts
        if cue.pos == "verb" and tr.length > 1 and s.lows[after - 1] in ("with", "to"):
            opener = after  # "spoke with Xi", "held a phone call with Putin": the cue's own last word opens it
        else:
            k = after
            while k < len(s.lows) and s.clause[k] == s.clause[i]:
                m = lex.participant_words.match(s.lows, k)
                if m and not (s.lows[k] == "by" and cue.pos == "verb"):
                    opener = k + m[0]
                    break
                if s.lows[k] in stops:
                    break
                k += 1
        if opener >= 0:
            for a, _b, codes in _groups_after(s, opener, stops):
                if a > 0 and s.lows[a - 1] == "that":
                    # "in a phone call with Russia's president, Vladimir Putin, that Damascus
                    # would face consequences": the subject of a reported clause takes no part
                    break
                participants.extend(codes)
        if mediator and len(set(participants) - set(mediator)) < 2:
            participants[:0] = mediator
        if cue.backing:
            participants.extend(_backed(s, after, cue))
        if cue.object:
            for _a, _b, codes in _groups_after(s, after, lex.topic_words, limit=1):
                participants.extend(codes)
        elif cue.direct_object and not _armed_encounter(s, i, after, lex):
            participants.extend(_direct_object(s, after, tuple(participants)))
        source = tuple(dict.fromkeys(participants))
        target: tuple[str, ...] = ()
        if EVENT_TYPES[etype].symmetric and len(source) < 2:
            return None
        if not source:
            return None
    elif cue.roles == "claim":
        # the speaker accuses the subject of the reported clause
        sp = s.speaker
        if sp is None or not sp.explicit or (sp.end > i and not s.quoted[i]):
            return None  # (a speaker after the words only for a quotation: "“...,” he said")
        accused, _people, how = subject(s, anchor, state, lex)
        source, people = sp.codes, sp.people
        target = tuple(x for x in accused if x not in source)
        if how != "subject" or not target:
            return None
    elif cue.type == "VisitMade" and cue.pos == "noun" and tr.support < 0 and claim is None:
        named = _named_visit(s, i, tr.length, state, lex)
        if named is None:
            return None
        source, people, target = named
        if not any(s.clause[k] == s.clause[anchor] for k, _dm in s.dates):
            mood.background = True  # "Putin's visit to Pyongyang was his first": on or before
        visit_named = True
    elif cue.roles == "self":
        source, people, how = subject(s, anchor, state, lex)
        if not source or how == "speaker":
            return None
        target = ()
    else:
        if mood.passive and _forces_subject(s, anchor, lex) and not (
                after < len(s.lows) and s.lows[after] == "by"):
            # ("21 Syrian soldiers were killed by a group linked to al-Qaida": a "by" agent
            # keeps the passive; the forces are the victims)
            # "Israeli missiles were fired at Syrian positions": the forces are the agent
            mood.passive = False
        if mood.passive:
            target, _people, how_passive = subject(s, anchor, state, lex)
            if how_passive == "speaker":
                target = ()  # "83 people were killed, the monitor said": the speaker is no victim
            by = [g for g in _groups_after(s, after, lex.topic_words, limit=1)] if after < len(s.lows) and s.lows[after] == "by" else []
            if by:
                source = by[0][2]
            elif s.speaker is not None and etype in _VERBAL:
                source, people = s.speaker.codes, s.speaker.people
                confidence -= 0.15
            else:
                return None
            if s.speaker is not None and target == s.speaker.codes:
                return None
        else:
            source, people, how = subject(s, anchor, state, lex)
            if cue.pos == "noun" and tr.support < 0 and how != "subject":
                agent = _noun_agent(s, after)
                if agent is not None:
                    # "a series of airstrikes by Russian jets killed ...": the agent after "by"
                    source, people, how = agent[0], agent[1], "subject"
            owner = _possessor(s, i) if tr.support < 0 and claim is None else None
            if owner is not None:
                # "qualms about Trump’s call for a withdrawal" (a verb form after "’s" is a noun):
                # the possessor made the call, not the subject of the clause around it
                source, people, how = owner[0], owner[1], "subject"
            if not source:
                return None
            if how == "speaker" and tr.support < 0 and etype not in _VERBAL and claim is None \
                    and s.speaker is not None and s.speaker.start > i:
                # "“More bombing will not save life,” he said", "strikes hit Damascus, the army
                # said": a material act with no actor of its own, reported by a speaker after
                # it, is not the speaker's ("Canada announced sanctions" is: the speaker comes
                # first; words are the speaker's own acts: _VERBAL)
                return None
            if how in ("speaker", "pronoun"):
                confidence -= 0.1
            target = ()
            recipient = _indirect_object(s, tr) if cue.indirect_object else ()
            if cue.indirect_object and not recipient:
                # "sent aid to Sudan", "arms for the rebels": the recipient follows the noun
                recipient = _direct_object(s, after, source, frozenset({"to", "for"}), reach=4)
                if not recipient:
                    return None
            if etype == "VisitMade" or cue.place_target:
                target = _visit_target(s, after, source, cities=etype == "VisitMade")
            elif recipient:
                target = recipient
            elif cue.direct_object:
                target = _direct_object(s, after, source)
            elif cue.object_preps:
                # "suspended military cooperation with France", "halted aid to Serbia"
                target = _direct_object(s, after, source, cue.object_preps, reach=7)
            else:
                # a noun's target sits in its own phrase ("an offensive against X", "strikes on
                # X"), not anywhere further in the clause
                reach = _NOUN_TARGET_REACH if cue.pos == "noun" else 1000
                if s.gaps and i in s.gaps:
                    # "a deal China criticised": the parties of the deal
                    target, how_t = tuple(x for x in _actor_of_act(s, s.gaps[i], state, lex) if x not in source), "act"
                elif etype == "MilitaryAttack" and cue.pos == "verb" and _attack_form(s, i) \
                        and (city := _city(s, after)) is not None:
                    # "Russian forces shelled Kharkiv": the city is the object; its state was hit
                    # (none when the city lies in the attacker's own state)
                    target, how_t = (city[1],), "city"
                elif etype == "DenialIssued" and cue.pos == "verb" and _denies_an_act(s, after):
                    # "North Korea denied sending weapons to Russia": Russia is in what is denied,
                    # not who it is denied to; that is the accuser, if the article named one
                    target, how_t = (), "accuser"
                else:
                    target, how_t = _first_target(s, after, state, lex, source, reach)
                if how_t == "act":
                    confidence -= 0.1
                ahead = how_t == "ahead" and claim is None
                if cue.also_of:
                    extra = [s.toks[k].actor.codes for k in range(after, len(s.toks) - 1)
                             if s.clause[k] == s.clause[i] and _live(s.toks[k]) and s.lows[k + 1] == "of"]
                    for codes in extra:
                        target = tuple(dict.fromkeys((*target, *(x for x in codes if x not in source))))
            if etype == "MilitaryAttack" and not target and cue.pos == "verb" and _attack_form(s, i):
                target = _struck_place(s, after, source)
            if etype == "MilitaryAttack" and not target and cue.pos == "noun":
                target = _attacked_city(s, after, source)
            if etype in ("WarningIssued", "ThreatIssued") and not target:
                target = _condition_actor(s, after, source)
            if etype == "DenialIssued" and not target:
                target = _accuser(state, source)
        if etype == "MilitaryAttack" and not target and len(source) == 2 and s.lows[i] in _RECIPROCAL:
            # "India and Pakistan exchanged fire", "Indian and Chinese troops clashed": each
            # attacked the other; recorded as the first named against the second
            source, target = source[:1], source[1:]
        if target and set(target) <= set(source):
            # "Trump rebuffed Mattis's arguments": the act stays within one state; no relation
            return None
        target = tuple(x for x in target if x not in source)
        if etype == "ThreatIssued" and not target:
            etype = "WarningIssued"  # a threat that names no one is recorded as a warning
        cls = EVENT_TYPES[etype]
        if not target and (cue.needs_target or not cls.allows_no_target) and not ahead:
            return None
    if claim is not None:
        when, historical = _when(s, anchor, state, mood, lo=claim.opener)
    else:
        when, historical = _when(s, anchor, state, mood)
    if historical or (visit_named and when.start > state.published):
        return None  # ("Putin's visit to Pyongyang next week": a visit named ahead is a prospect)
    if s.kind == "caption":
        confidence -= 0.1
    attributed = ()
    if claim is not None:
        attributed = tuple(x for x in claim.claimant if x not in source)
        confidence = min(confidence, _CLAIMED_CONFIDENCE)
    elif s.speaker is not None and not set(s.speaker.codes) <= set(source) and not _aside(s, i):
        attributed = s.speaker.codes
    cand = Candidate(
        etype, source, target, when, mood.modality, round(max(0.05, min(confidence, 1.0)), 2),
        people, attributed, index,
    )
    if ahead and not target:
        state.ahead = (_replace_confidence(cand, _CATAPHORA_CONFIDENCE), index, state.paragraph)
        return None
    return cand


_NOUN_OPENING_POSSESSIVES = frozenset({"the", "a", "an", "its", "their", "’s", "'s"})


def _attack_form(s: _Sentence, i: int) -> bool:
    """The attack verb at i is a past form, or the bare form after "to" or a modal ("strikes",
    "attacks" alone are more often nouns)."""
    w = s.lows[i]
    return w.endswith("ed") or w in _IRREGULAR_PARTICIPLES or (i > 0 and s.lows[i - 1] in _BEFORE_BARE_VERB)


def _owner(s: _Sentence, i: int, state: ArticleState, lex: Lexicon) -> tuple[str, ...]:
    """The actor of the noun at i by its possessive ("Iran's transfer", "its transfer": the
    nearest actor before "its"); () after an article ("the transfer")."""
    w = s.lows[i - 1]
    if w in ("’s", "'s"):
        owner = _possessor(s, i)
        return owner[0] if owner is not None else ()
    if w in ("its", "their"):
        return _resolve_pronoun(s, i - 1, state, lex)
    return ()


def _possessor(s: _Sentence, i: int) -> tuple[tuple[str, ...], tuple[PersonRef, ...]] | None:
    """The actor of "X's <noun trigger>", if any."""
    if i >= 2 and s.lows[i - 1] in ("’s", "'s") and _live(s.toks[i - 2]):
        a, b, codes = _group_at(s, i - 2)
        if codes:
            return codes, _people_in(s.toks, a, b)
    return None


_ADJECTIVAL_PARTICIPLES = frozenset({"alleged", "suspected", "accused"})
_CLAIMED_CONFIDENCE = 0.5  # an act someone claims, below one the article reports itself
_CATAPHORA_CONFIDENCE = 0.6  # a target named only in the quote's next sentence


def _replace_confidence(c: Candidate, confidence: float) -> Candidate:
    return Candidate(c.type, c.source, c.target, c.when, c.modality, min(c.confidence, confidence), c.people,
                     c.attributed_to, c.sentence_index)
def _forces_subject(s: _Sentence, i: int, lex: Lexicon) -> bool:
    c = s.clause[i]
    for k in range(i - 1, -1, -1):
        if s.clause[k] != c:
            return False
        t = s.toks[k]
        if _live(t):
            if t.actor.kind == "role":
                return t.actor.text.rsplit(None, 1)[-1].lower() in lex.forces
            return t.actor.kind == "demonym" and k + 1 < len(s.lows) and s.lows[k + 1] in lex.forces
    return False


def _armed_encounter(s: _Sentence, i: int, after: int, lex: Lexicon) -> bool:
    """Forces on either side of "met" ("SDF troops met Syrian government forces"): they
    clashed or crossed paths; that is no meeting of their states."""
    c = s.clause[i]
    lo = i
    while lo > 0 and s.clause[lo - 1] == c:
        lo -= 1
    hi = after
    while hi < len(s.lows) and hi < after + 8 and s.clause[hi] == c:
        hi += 1
    for k in range(lo, hi):
        a = s.toks[k].actor
        if s.lows[k] in lex.forces or (a is not None and a.text.rsplit(None, 1)[-1].lower() in lex.forces):
            return True
    return False


def _direct_object(s: _Sentence, j: int, source: tuple[str, ...], preps: frozenset[str] = frozenset({"of"}),
                   reach: int = 5) -> tuple[str, ...]:
    """The actor the verb takes as object: "backed Kyiv", "defended Iraq's right", "supported
    the right of Russian troops"; no actor past another preposition than `preps`."""
    c = s.clause[j] if j < len(s.toks) else -1
    for k in range(j, min(len(s.toks), j + reach)):
        if s.clause[k] != c:
            return ()  # "backed the rebels that attacked Syria": Syria is in another clause
        if _live(s.toks[k]):
            return tuple(x for x in _group_at(s, k)[2] if x not in source)
        if s.lows[k] in _PREPOSITIONS and s.lows[k] not in preps or s.lows[k] in (",", ";", ":"):
            return ()
    return ()


_BACKED_ENDS = _WHEN_WORDS | frozenset({"and", "as", "amid", "while", "after", "before", "during"})
_BACKING_REACH = 5  # tokens from a pledge to its "support for" ("pledged Beijing's continued support for")


def _backed(s: _Sentence, j: int, cue: Cue) -> tuple[str, ...]:
    """The actor a pledge backs: "pledged support for Pakistan('s sovereignty)", "pledged
    Beijing's support for the territorial integrity of Ukraine", "pledged to support Kyiv";
    () when the support is for anything else ("support for refugees in Lebanon")."""
    lows, n = s.lows, len(s.lows)
    c = s.clause[j] if j < n else -1
    for m in range(j, min(n, j + _BACKING_REACH)):
        if s.clause[m] != c or lows[m] in (",", ";", ":") or (lows[m] in _PREPOSITIONS and lows[m] not in _WHEN_WORDS
                                                             and lows[m] != "to"):
            return ()
        phrase = next((p for p in cue.backing if lows[m : m + len(p)] == list(p)), None)
        if phrase is None:
            continue
        k = m + len(phrase)
        k += k < n and lows[k] == "the"
        if k < n and not _live(s.toks[k]):
            while k < n and (lows[k] in cue.backed_attributes or lows[k] == "and"):
                k += 1
            if k + 1 >= n or lows[k] != "of" or lows[k - 1] not in cue.backed_attributes:
                return ()
            k += 1 + (lows[k + 1] == "the")
        if k >= n or not _live(s.toks[k]):
            return ()
        _a, b, codes = _group_at(s, k)
        if b + 1 < n and lows[b + 1].isalpha() and lows[b + 1] not in _PREPOSITIONS and lows[b + 1] not in _BACKED_ENDS:
            return ()  # "support for the UN mission in Mali": the actor modifies what is supported
        return codes
    return ()


def _indirect_object(s: _Sentence, tr: _Trigger) -> tuple[str, ...]:
    """The recipient between a support verb and its noun: "provide Ukraine with weapons"."""
    if tr.support < 0:
        return ()
    for k in range(tr.support + 1, tr.index):
        if _live(s.toks[k]):
            return _group_at(s, k)[2]
    return ()


def _visit_target(s: _Sentence, j: int, source: tuple[str, ...], cities: bool = False) -> tuple[str, ...]:
    """The place after the verb ("visited Seoul", "recalled its ambassador from Minsk"); with
    `cities`, also a city right after the verb, "in" or "to" ("arrived in Lviv"): its state."""
    toks = s.toks
    c = s.clause[j] if j < len(toks) else -1
    for k in range(j, min(len(toks), j + 6)):
        if s.clause[k] != c:
            break
        t = toks[k]
        if t.actor is not None and t.actor.codes and t.actor.dropped in ("", "location"):
            codes = tuple(x for x in t.actor.codes if x not in source)
            if codes:
                return codes
        elif cities and t.actor is None and (k == j or s.lows[k - 1] in _VISIT_TARGET_WORDS):
            codes = _city_state(s, k, source)
            if codes:
                return codes
    return ()


# ---------------------------------------------------------------------------------------------
# Visits named by a noun


# "the visit of Li Qiang to Australia": after these nouns "of" names the visitor (after "tour"
# or "trip" the place: "a tour of Iraq")
_VISITOR_OF = frozenset({"visit", "visits"})
# What may open a clause before a visit adjunct whose visitor is the clause's subject after it
# ("Speaking during a visit to Seoul, Blinken said", "While on a visit to Tokyo, ...")
_ADJUNCT_LEADS = frozenset({"speaking", "talking", "writing", "while", "and", "but", "then", "later",
                            "earlier", "meanwhile", "also", "separately"})
_POSSESSIVE_AS_SUBJECT = {"his": "he", "her": "she"}  # "his visit": whom "he" would stand for
_VISIT_MODIFIER_REACH = 4  # words between a visit's determiner and its noun ("his first two-day state")
_VISIT_AGENT_REACH = 8  # tokens from a visit's noun to its "by" ("a visit to Tokyo by the president")
_PROSPECT_AFTER = frozenset({"expected", "due", "planned", "scheduled"})  # "Putin's visit ... is expected"


@dataclass(slots=True)
class _VisitPhrase:
    """A visit named by a noun with no verb of its own, and where its visitor is named."""

    how: str  # "possessor" ("Putin's visit"), "pronoun" ("his visit"), "agent" ("the visit
    #           of X", "a visit to Y by X"), "adjunct" ("during a visit to Seoul, Blinken said")
    slot: int  # the possessor, pronoun or agent token (-1 for an adjunct)
    start: int  # the first token of the noun phrase
    opener: int  # the preposition that makes the phrase an adjunct ("during", "on"), or -1
    host: tuple[str, ...]  # a state named before the noun ("a UK state visit", "his China trip")


def _visited_place(lows: list[str], i: int, lex: Lexicon) -> bool:
    """The place at i follows a visit's noun and "to" (or "of" after "tour"/"trip")."""
    j = i - 1
    if j >= 0 and lows[j] == "the":
        j -= 1
    return j >= 1 and lows[j - 1] in lex.visit_nouns and (
        lows[j] == "to" or (lows[j] == "of" and lows[j - 1] not in _VISITOR_OF))


def _visit_phrase(s: _Sentence, i: int, length: int, lex: Lexicon) -> _VisitPhrase | None:
    """The visit named by the noun at i is reported as made: its visitor is named by a
    possessive ("Putin's visit to Pyongyang", "his first visit"), an "of" or "by" phrase ("the
    visit of Li Qiang to Australia", "a visit to Tokyo by the president"), or it is an adjunct of a
    clause whose subject made it ("during a visit to Seoul", "on the second day of a state
    visit"). None for a visit only prospected ("a planned visit", "ahead of Putin's visit",
    "preparations for his visit", "his visit ... is expected"), or a topic ("talks about")."""
    lows, toks, n = s.lows, s.toks, len(s.lows)
    host: tuple[str, ...] = ()
    k = i - 1
    while k >= 0 and i - k <= _VISIT_MODIFIER_REACH:
        w, a = lows[k], toks[k].actor
        if w in lex.noun_negators or lex.future.match(lows, k):
            return None  # "a planned visit", "his upcoming trip", "no visit"
        if a is not None:
            if a.kind in ("person", "role", "pronoun") or not a.codes or (k + 1 < n and lows[k + 1] in ("’s", "'s")):
                break
            host = a.codes  # "a UK state visit", "his China trip"
        elif w in _DETERMINERS or not w.replace("-", "").isalnum() or w in _PREPOSITIONS or w in lex.auxiliaries:
            break
        k -= 1
    how, slot, start = "", -1, k + 1
    if k >= 1 and lows[k] in ("’s", "'s"):
        if not _live(toks[k - 1]):
            return None  # "the delegation's visit", "Saturday's visit"
        how, slot = "possessor", k - 1
        start = _group_at(s, k - 1)[0]
    elif k >= 0 and lows[k] in ("his", "her", "their", "its"):
        how, slot, start = "pronoun", k, k
    elif k >= 0 and lows[k] in _DETERMINERS:
        start = k
    for m in range(max(0, start - 3), start):
        found = lex.visit_prospects.match(lows, m)
        if found and m + found[0] == start:
            return None  # "ahead of Putin's visit", "plans for a visit", "awaiting his visit"
    opener = -1
    if start >= 1 and lows[start - 1] in lex.visit_openers:
        opener = start - 1  # "during a visit to Seoul"
    elif start >= 2 and lows[start - 1] == "of" and lows[start - 2] in lex.visit_parts:
        for q in range(start - 3, max(-1, start - 7), -1):  # "on the second day of a state visit"
            if lows[q] in lex.visit_part_openers:
                opener = q
                break
            if toks[q].actor is not None or not lows[q].replace("-", "").isalnum():
                break
    if opener < 0 and start >= 1 and lows[start - 1] in lex.topic_markers:
        return None  # "a row over Erdoğan's visit": the topic of another act
    j = i + length
    if how != "possessor":
        agent = _visit_agent(s, i, j)
        if agent >= 0:
            how, slot = "agent", agent
    if not how and opener >= 0:
        how = "adjunct"
    if not how or _called_off(s, j):
        return None
    if opener < 0 and _prospect_after(s, j, lex):
        return None
    return _VisitPhrase(how, slot, start, opener, host)


def _visit_adjunct(s: _Sentence, tr: _Trigger, lex: Lexicon) -> bool:
    """The trigger is a visit's noun in an adjunct ("during Putin's visit to Pyongyang")."""
    if tr.cue.type != "VisitMade" or tr.cue.pos != "noun" or tr.support >= 0:
        return False
    vp = _visit_phrase(s, tr.index, tr.length, lex)
    return vp is not None and vp.opener >= 0


def _visit_agent(s: _Sentence, i: int, j: int) -> int:
    """The token of the visitor named after the noun at i (ending at j): "the visit of Li Qiang",
    "a visit by Li Qiang to Australia", "a visit to Tokyo by the president"; or -1."""
    lows, n = s.lows, len(s.lows)
    for m in range(j, min(n - 1, j + _VISIT_AGENT_REACH)):
        if s.clause[m] != s.clause[i] or lows[m] in (",", ";", ":"):
            return -1
        if lows[m] == "by" or (m == j and lows[m] == "of" and lows[i + (j - i) - 1] in _VISITOR_OF):
            q = m + 1
            if q < n and lows[q] in _ARTICLES:
                q += 1
            return q if q < n and _live(s.toks[q]) else -1
    return -1


def _prospect_after(s: _Sentence, j: int, lex: Lexicon) -> bool:
    """After a visit named as a subject, its verb puts it ahead: "Putin's visit to Pyongyang will
    ...", "... is expected to", "... next week"."""
    lows = s.lows
    for m in range(j, min(len(lows), j + 10)):
        if s.clause[m] != s.clause[j] or lows[m] in (",", ";", "and", "but"):
            return False
        if lows[m] in _MODALS_AFTER_NOUN or lows[m] in _PROSPECT_AFTER or lex.future.match(lows, m):
            return True
    return False


def _named_visit(s: _Sentence, i: int, length: int, state: ArticleState, lex: Lexicon
                 ) -> tuple[tuple[str, ...], tuple[PersonRef, ...], tuple[str, ...]] | None:
    """(visitor, people, host) of the visit named by the noun at i, or None. The host is the
    place after "to" (a capital stands for its state), or the state named before the noun; a
    visit within the visitor's own state, or to no state ("a trip to Asia"), is none."""
    vp = _visit_phrase(s, i, length, lex)
    if vp is None:
        return None
    toks = s.toks
    people: tuple[PersonRef, ...] = ()
    if vp.how in ("possessor", "agent"):
        a, b, visitor = _group_at(s, vp.slot)
        people = _people_in(toks, a, b)
    elif vp.how == "pronoun" and vp.opener < 0:
        visitor = _resolve_pronoun(s, vp.slot, state, lex, _POSSESSIVE_AS_SUBJECT.get(s.lows[vp.slot], ""))
    else:
        found = _adjunct_subject(s, i, vp.opener, state, lex)
        if found is None:
            return None
        visitor, people = found
    host = tuple(x for x in (_visit_host(s, i + length) or vp.host) if x not in visitor)
    if not visitor or not host:
        return None
    return visitor, people, host


def _visit_host(s: _Sentence, j: int) -> tuple[str, ...]:
    """The place a visit's noun (ending at j) names after "to" or "of", past a "by"/"of" agent:
    "to Pyongyang", "to North Korea and China", "of Iraq", "to the Chinese capital"."""
    lows, toks, n = s.lows, s.toks, len(s.lows)
    k = j
    if k < n and lows[k] in ("by", "of") and k + 1 < n:
        q = k + 1 + (lows[k + 1] in _ARTICLES)
        if q < n and _live(toks[q]):
            k = _group_at(s, q)[1] + 1  # "a visit by Li Qiang to Australia"
    if k >= n or lows[k] not in ("to", "of"):
        return ()
    k += 1
    if k < n and lows[k] == "the":
        k += 1
    codes: list[str] = []
    while k < n:
        a = toks[k].actor
        city = _city(s, k) if a is None else None  # "a visit to Sochi": a city stands for its state
        if city is not None:
            codes.extend(c for c in (city[1],) if c not in codes)
            k += city[0] - 1
        elif a is None or not a.codes or a.kind in ("person", "role", "pronoun") or a.dropped not in ("", "location") or (
                a.kind == "demonym" and not (k + 1 < n and lows[k + 1] == "capital")):
            break
        else:
            codes.extend(c for c in a.codes if c not in codes)
        if k + 2 < n and lows[k + 1] in ("and", ",") and (toks[k + 2].actor is not None or _city(s, k + 2)):
            k += 2
            continue
        break
    return tuple(codes)


def _adjunct_subject(s: _Sentence, i: int, opener: int, state: ArticleState, lex: Lexicon
                     ) -> tuple[tuple[str, ...], tuple[PersonRef, ...]] | None:
    """Who made a visit named in an adjunct ("during a visit to Seoul"): the subject of the clause
    it modifies. Before the clause ("Speaking during a visit to Seoul, Blinken said"), the actor
    or pronoun right after the adjunct's comma; inside the speaker's span ("Blinken, on a visit to
    Seoul, said"), the speaker; after the subject ("Blinken told reporters during a visit to
    Seoul"), the clause's first actor outside a prepositional phrase. None when the clause is
    about what is still to come or imagined ("will meet Yoon during a visit")."""
    lows, toks, n = s.lows, s.toks, len(s.lows)
    sp = s.speaker
    if sp is not None and sp.explicit and sp.start <= opener < sp.end:
        return sp.codes, sp.people
    c = s.clause[opener]
    p = opener
    while p > 0 and s.clause[p - 1] == c:
        p -= 1
    if all(w in _ADJUNCT_LEADS or w in _QUOTE_MARKS for w in lows[p:opener]):
        comma = next((m for m in range(i + 1, min(n, i + 15)) if lows[m] == ","), -1)
        if comma < 0 or s.clause[comma] != c:
            return None
        q = comma + 1
        if q < n and lows[q] == "the":
            q += 1
        if sp is not None and sp.start <= q < sp.end:
            lo, hi, found = q, sp.end, (sp.codes, sp.people)
        elif q < n and _live(toks[q]):
            a, b, codes = _group_at(s, q)
            if b + 1 < n and lows[b + 1] in ("’s", "'s"):
                return None  # "During the visit, Blinken's aides said": not Blinken himself
            lo, hi, found = b + 1, b + 4, (codes, _people_in(toks, a, b))
        elif q < n and toks[q].actor is None and _is_pronoun(lows[q], lex) and lows[q] not in ("its", "their", "our", "my"):
            lo, hi, found = q + 1, q + 4, (_resolve_pronoun(s, q, state, lex), ())
        else:
            return None
    else:
        lo, hi, found = p, opener, None
        for k in range(p, opener):
            t = toks[k]
            if sp is not None and sp.explicit and sp.start <= k < sp.end:
                found = (sp.codes, sp.people)
            elif _live(t) and not (k > p and lows[k - 1] in _PREPOSITIONS):
                a, b, codes = _group_at(s, k)
                found = (codes, _people_in(toks, a, b))
            elif t.actor is None and _is_pronoun(lows[k], lex) and lows[k] not in ("its", "their", "our", "my") \
                    and not (k > p and lows[k - 1] in _PREPOSITIONS):
                found = (_resolve_pronoun(s, k, state, lex), ())
            elif t.actor is None and lows[k] in lex.non_state_heads and not (k > p and lows[k - 1] in _PREPOSITIONS):
                return None  # "journalists travelling on a visit to ..."
            if found is not None:
                break
        if found is None:
            return None
    for m in range(lo, min(n, hi)):
        if lows[m] in _MODALS_AFTER_NOUN or lex.future.match(lows, m) or lex.hypothetical.match(lows, m):
            return None  # "During a visit to Seoul next week, Blinken will meet Yoon"
    return found


# ---------------------------------------------------------------------------------------------
# "The two sides"


_PAIR_TYPES = frozenset({"MeetingHeld", "VisitMade"})


def _pair_of(cand: Candidate) -> tuple[str, ...]:
    """The two states of a meeting, call or visit (), or () when it has more or fewer parties."""
    codes = tuple(dict.fromkeys((*cand.source, *cand.target))) if cand.type in _PAIR_TYPES else ()
    if len(codes) != 2 or not all(len(c) == 3 and c.isupper() for c in codes):
        return ()
    return codes


def _pair_phrases(s: _Sentence, lex: Lexicon) -> list[int]:
    """The last words of the sentence's phrases for two parties ("the two sides", "both
    countries"), not before "of" ("both sides of the border") nor after a preposition of place
    ("fighting on both sides")."""
    lows = s.lows
    out = []
    for k, w in enumerate(lows):
        if w not in lex.pair_phrases.firsts:
            continue
        found = lex.pair_phrases.match(lows, k)
        if not found:
            continue
        head = k + found[0] - 1
        if head + 1 < len(lows) and lows[head + 1] == "of":
            continue
        if k > 0 and (lows[k - 1] in lex.locatives or lows[k - 1] in ("on", "for", "to", "by")):
            continue
        if s.toks[head].actor is None:
            out.append(head)
    return out


def _name_pair(s: _Sentence, heads: list[int], pair: tuple[str, ...]) -> None:
    """The phrases ending at `heads` stand for the two states `pair`: their last words become one
    actor mention of both."""
    for k in heads:
        if s.toks[k].actor is not None:
            continue
        s.toks[k] = Tok(s.lows[k], ActorTok(pair, "pronoun", s.lows[k]))
        s.actors.append(k)
    s.actors.sort()


# Words that may stand between a denial and the act it denies ("denied ever sending")
_DENIAL_ADVERBS = frozenset({"ever", "categorically", "flatly", "strongly", "firmly", "again", "repeatedly",
                             "vehemently", "publicly", "also", "previously", "consistently"})
_NOT_GERUNDS = frozenset({"anything", "nothing", "something", "everything", "king", "thing", "things", "ring"})


def _denies_an_act(s: _Sentence, j: int) -> bool:
    """What a denial verb's object at j is an act ("denied sending weapons to Russia", "denied
    that its troops had entered Ukraine", "rejected having any role"), whose actors are its own."""
    lows = s.lows
    while j < len(lows) and lows[j] in _DENIAL_ADVERBS:
        j += 1
    if j >= len(lows):
        return False
    w = lows[j]
    return w in ("that", "having") or (w.endswith("ing") and w not in _NOT_GERUNDS and s.toks[j].actor is None)


def _accuser(state: ArticleState, denier: tuple[str, ...]) -> tuple[str, ...]:
    for source, target in reversed(state.accusations):
        if set(target) & set(denier) and not set(source) & set(denier):
            return source
    return ()


def _name_calling(s: _Sentence, state: ArticleState, lex: Lexicon, index: int) -> list[Candidate]:
    out: list[Candidate] = []
    if s.words.isdisjoint(lex.name_calling):
        return out
    lows, toks = s.lows, s.toks
    n = len(toks)
    for i, w in enumerate(lows):
        if w not in lex.name_calling or s.quoted[i]:
            continue
        k = i + 1
        while k < n and lows[k] in ("the", "a", "an"):
            k += 1
        if k >= n:
            continue
        group = _group_at(s, k) if _live(toks[k]) else None
        rest = lows[group[1] + 1 : group[1] + 6] if group else []
        if group and rest and (rest[0] in _QUOTE_MARKS or any(x in lex.pejoratives for x in rest)):
            target = group[2]
        elif lows[i + 1] in _ACT_DETERMINERS:
            # "called the move by Washington a provocation", "the US arms sales to Taiwan a ..."
            target = _labelled_act(s, i + 1, state, lex)
        else:
            continue
        mood = _mood(s, i, lex, w)
        if mood.skip or mood.modality == "planned":
            continue
        source, people, how = _subject(s, i, state, lex)
        target = tuple(x for x in target if x not in source)
        if not source or not target:
            continue
        when, historical = _when(s, i, state, mood)
        if historical:
            continue
        conf = 0.65 if how == "subject" else 0.55
        attributed = s.speaker.codes if s.speaker is not None and not set(s.speaker.codes) <= set(source) else ()
        out.append(Candidate("CondemnationIssued", source, target, when, "done", conf, people, attributed, index))
    return out


_LABEL_REACH = 10  # tokens from "called" to the word that labels the act


def _labelled_act(s: _Sentence, j: int, state: ArticleState, lex: Lexicon) -> tuple[str, ...]:
    """The actor of the act a speaker labels ("called the move by Washington a provocation",
    "called the new US sanctions illegal", "called the launch reckless" after a launch was
    reported): the noun phrase from j must be followed by a pejorative, and its actor is named
    right in it or after "by" (not "the sale of arms to Taiwan": Taiwan sold nothing)."""
    lows, n = s.lows, len(s.lows)
    c = s.clause[j]
    p = j
    while p < min(n, j + _LABEL_REACH) and s.clause[p] == c and lows[p] not in lex.pejoratives:
        if lows[p] in (",", ";", ":") or lows[p] in _QUOTE_MARKS:
            return ()
        p += 1
    if p >= n or lows[p] not in lex.pejoratives or s.clause[p] != c:
        return ()
    for m in range(j, p):
        if _live(s.toks[m]):
            if lows[m - 1] == "by" or all(lows[q] in _DETERMINERS or lows[q] in _MODIFIERS_OF_ACTS for q in range(j, m)):
                return _group_at(s, m)[2]
            return ()
    return _actor_of_act(s, j, state, lex)


def _deontic_demands(s: _Sentence, state: ArticleState, lex: Lexicon, index: int) -> list[Candidate]:
    """In someone's speech, "X should act" is a demand on X."""
    sp = s.speaker
    if sp is None or s.words.isdisjoint(lex.deontic.firsts):
        return []
    out = []
    lows, toks = s.lows, s.toks
    firsts = lex.deontic.firsts
    for i in range(1, len(toks)):
        if lows[i] not in firsts or not lex.deontic.match(lows, i) or s.hypothetical[i]:
            continue
        k = i - 1
        while k >= 0 and lows[k] in lex.auxiliaries and toks[k].actor is None:
            k -= 1
        if k < 0 or lows[k] in lex.generic_subjects or lows[k] in lex.pronouns_first:
            continue
        if _live(toks[k]):
            codes = _group_at(s, k)[2]
            how = "subject"
        elif _is_pronoun(lows[k], lex):
            codes = _resolve_pronoun(s, k, state, lex)
            how = "pronoun"
        else:
            continue
        target = tuple(x for x in codes if x not in sp.codes)
        if not target:
            continue
        when, historical = _when(s, i, state, _Mood())
        if historical:
            continue
        conf = 0.6 if how == "subject" else 0.5
        out.append(Candidate("DemandMade", sp.codes, target, when, "done", conf, sp.people, (), index))
    return out


def _stance_statement(s: _Sentence, state: ArticleState, lex: Lexicon, index: int) -> list[Candidate]:
    """A formal statement or a stated position is an event even without another trigger."""
    sp = s.speaker
    lows, toks = s.lows, s.toks
    found = -1
    firsts = lex.triggers.firsts
    for i in range(len(toks)):
        if lows[i] not in firsts or toks[i].actor is not None:
            continue
        m = lex.triggers.match(lows, i)
        if m and any(c.pos == "stance" for c in m[1]) and not s.hypothetical[i]:
            found = i
            break
    if found < 0:
        return []
    mood = _mood(s, found, lex, lows[found])
    if mood.skip:
        return []
    target: list[str] = []
    # (after "X received Y and stressed ...", the speaker's own first predicate is no part of
    # what is said: Y is no target)
    own = sp.start if sp.explicit and lows[sp.start] == "and" else 0
    for k, t in enumerate(toks):
        if k < own or sp.start <= k < sp.end or not _live(t):
            continue
        for c in t.actor.codes:
            if c not in sp.codes and c not in target:
                target.append(c)
    when, historical = _when(s, found, state, mood)
    if historical:
        return []
    return [Candidate("StatementIssued", sp.codes, tuple(target), when, "done", 0.55, sp.people, (), index)]


# ---------------------------------------------------------------------------------------------
# 7. Dates


def _when(s: _Sentence, i: int, state: ArticleState, mood: _Mood, lo: int = -1) -> tuple[When, bool]:
    """`lo` >= 0: a claimed act (content opened at token `lo`): only a date inside the claim
    dates it; with none it happened on or before the day it was claimed."""
    c = s.clause[i]
    best = None
    # An act still to come takes a date after its future marker before one ahead of it, the time
    # of saying ("said on Tuesday it would hold drills in May"); otherwise the nearest.
    ahead = mood.ahead_from if mood.modality in ("planned", "announced") else -1
    for k, dm in s.dates:
        if s.clause[k] == c and k > lo and (
                best is None or (k > ahead, -abs(k - i)) > (best[0] > ahead, -abs(best[0] - i))):
            best = (k, dm)
    if best is None and lo >= 0:
        return When(state.reference, state.reference, Precision.DAY, DateRule.ON_OR_BEFORE), False
    if best is None and _donor(s, i) >= 0:
        return _when(s, _donor(s, i), state, mood)  # "denied it on Monday and warned ...": the same day
    if best is None:
        nxt = c + 1
        linked = any(s.clause[k] == nxt and s.lows[k] in _TEMPORAL_LINKS for k in range(i, len(s.lows)))
        if linked:
            for k, dm in s.dates:
                if s.clause[k] == nxt:
                    best = (k, dm)
                    break
    if best is not None:
        dm = best[1]
        w = dm.when
        if dm.ahead is not None and 0 <= mood.ahead_from < best[0] and mood.modality in ("planned", "announced"):
            w = dm.ahead  # "will visit in December": the coming December, not the last one
        if mood.background and not mood.progressive:
            w = When(w.start, w.end, w.precision, DateRule.ON_OR_BEFORE)
        return w, bool(dm.historical)
    rule = DateRule.ON_OR_BEFORE if (mood.background or mood.progressive) else DateRule.EXACT
    return When(state.reference, state.reference, Precision.DAY, rule), False


# ---------------------------------------------------------------------------------------------
# Memory across sentences


_PRIVATE_SINGULAR = frozenset({"woman", "man", "mother", "father", "teenager", "journalist",
                               "volunteer", "activist", "student", "citizen", "tourist",
                               "dissident", "insurgent", "rebel"})


def _remember_private(s: _Sentence, state: ArticleState) -> None:
    """"A Kazakh woman ... She denied ...": a private person or group named after the last
    actor is what a later "she"/"they" refers to; it has no state."""
    lex = state.lexicon
    last_person = last_group = last_private = last_privates = -1
    for k in s.actors:
        a = s.toks[k].actor
        if not a.dropped and a.codes:
            if a.kind == "person":
                last_person = k
            else:
                last_group = k
    if not s.words.isdisjoint(lex.non_state_heads):  # most sentences name no private people
        lows = s.lows
        for k, w in enumerate(lows):
            if w in lex.non_state_heads and s.toks[k].actor is None and not (
                    k > 0 and lows[k - 1] in _PREPOSITIONS) and not s.quoted[k]:
                if w in _PRIVATE_SINGULAR:
                    last_private = k
                elif w.endswith("s") or w in ("men", "women", "militiamen"):
                    last_privates = k
    if last_private > last_person and (s.speaker is None or not s.speaker.people or s.speaker.start < last_private):
        state.last_person = ((), ())
    if last_privates > last_group:
        state.last_group = ()


def _represented_by(lows: list[str], j: int, lex: Lexicon) -> bool:
    """Token j is the "of" or "from" after a noun for people who act for states, and that noun
    heads the clause's subject: the actors after j are the subject ("the foreign ministers of
    Japan and China met", "officials from India and Pakistan held talks"; not "the wife of the
    president of X", "recalled its ambassador from Minsk"); a delegation is always the
    delegation of the actors after it."""
    if j < 1 or lows[j] not in ("of", "from") or lows[j - 1] not in lex.representatives:
        return False
    if lows[j - 1] in _DELEGATIONS:
        return True  # "received a delegation from Qatar": wherever it stands, it is Qatar's
    k = j - 2
    while k >= 0 and j - 2 - k < 2 and lows[k] in lex.representative_modifiers:
        k -= 1
    if k >= 0 and lows[k] == "the":
        k -= 1
    return k < 0 or lows[k] in _SUBJECT_OPENERS or lows[k] in _QUOTE_MARKS


def _agent_of_act(s: _Sentence, a: int, lex: Lexicon) -> bool:
    """The group at a follows "by" right after the noun of an act: "a series of airstrikes by
    Russian jets killed ...", "shelling by Syrian forces hit ...": it is the act's agent."""
    if a < 2 or s.lows[a - 1] != "by":
        return False
    m = lex.triggers.match(s.lows, a - 2)
    return m is not None and m[0] == 1 and any(c.pos == "noun" for c in m[1])


def _noun_agent(s: _Sentence, j: int) -> tuple[tuple[str, ...], tuple[PersonRef, ...]] | None:
    """The actor after "by" right after a noun ("airstrikes by Russian jets")."""
    if j + 1 < len(s.lows) and s.lows[j] == "by" and s.clause[j + 1] == s.clause[j]:
        k = j + 1
        while k < len(s.lows) and k < j + 3 and s.lows[k] in ("the", "a", "an"):
            k += 1
        if k < len(s.lows) and _live(s.toks[k]):
            a, b, codes = _group_at(s, k)
            return codes, _people_in(s.toks, a, b)
    return None


def _opens_with_unknown_name(s: _Sentence, lex: Lexicon) -> bool:
    """The sentence opens with a full name the registry does not know, then a verb."""
    lows = s.lows
    if len(lows) < 3 or not (lows[2] in lex.auxiliaries or lows[2] in lex.speech):
        return False
    if s.toks[0].actor is not None or s.toks[1].actor is not None or lows[0] in _INTRODUCTORY or lows[0] in _DETERMINERS:
        return False
    return lows[0].isalpha() and lows[1].isalpha() and not s.quoted[0] and s.cap(0) and s.cap(1)


def _remember(s: _Sentence, state: ArticleState, found: list[Candidate]) -> None:
    if s.speaker is not None:
        state.last_speaker = s.speaker
        if s.speaker.people:
            state.last_person = (s.speaker.codes, s.speaker.people)
    if s.speaker is not None and s.speaker.explicit and not s.speaker.codes and not s.speaker.people:
        # "..., said Hassan Hassan, a senior fellow at ...": a person the registry does not
        # know, and of no state, is who a later "he" is
        state.last_person = ((), ())
    if _opens_with_unknown_name(s, state.lexicon):
        # "Jeremy Corbyn has urged the UK ...": a later "he" is this person, of no state
        state.last_person = ((), ())
    group_end = -1
    codes: tuple[str, ...] = ()
    for k in s.actors:
        t = s.toks[k]
        a = t.actor
        if a.kind == "person" and a.person is not None and not a.codes and not a.dropped:
            state.last_person = ((), (a.person,))  # named, but holding no role that day: no state
            continue
        if not _live(t):
            continue
        if t.actor.kind in ("person",) and t.actor.person is not None:
            state.last_person = (t.actor.codes, (t.actor.person,))
        if k > group_end:  # a coordinated group is read once
            _a, group_end, codes = _group_at(s, k)
        if len(codes) >= 2:
            state.last_group = codes
        elif len(codes) == 1 and t.actor.kind not in ("person", "role"):
            state.last_singular = codes
    if s.speaker is not None and s.speaker.people:
        state.last_person = (s.speaker.codes, s.speaker.people)
    _remember_private(s, state)
    for cand in found:
        if cand.type == "AccusationMade":
            state.accusations.append((cand.source, cand.target))
        if cand.type in _ACT_TYPES:
            state.actors_of_acts[cand.type] = cand.source
    if s._dates is None and not s.may_hold_day:
        return
    for k, dm in s.dates:
        w = dm.when
        if w.precision is Precision.DAY and state.published - _REFERENCE_WINDOW <= w.start <= state.published:
            state.reference = w.start
