"""The cue lexicon (data/cues.toml), loaded once into sets and a phrase index.

Matching is on lower-cased tokens; a multi-word cue is a tuple of tokens looked up by its
first token, longest first, so a sentence is scanned in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from timeline.extract import datafiles

__all__ = ["Cue", "Lexicon", "PhraseIndex", "lexicon", "words"]

_TOKEN = re.compile(r"[’']s\b|n[’']t\b|\w+(?:[.’'&-]\w+)*|[^\w\s]")


def words(phrase: str) -> tuple[str, ...]:
    """A cue phrase as the tokens the tokenizer makes of it, lower-cased."""
    return tuple(t.lower() for t in _TOKEN.findall(phrase))


@dataclass(frozen=True, slots=True)
class Cue:
    """One trigger: which event type it signals and how its roles are read."""

    type: str
    pos: str  # verb | noun | adj | stance
    roles: str  # directed | symmetric | self
    length: int
    also_of: bool = False
    embeds: bool = False
    object: bool = False
    that_type: str = ""
    intent: str = ""  # "" | "always" | "fallback"
    indirect_object: bool = False
    needs_target: bool = False
    place_target: bool = False
    needs_forces: bool = False
    person_object: bool = False
    backing: tuple[tuple[str, ...], ...] = ()
    backed_attributes: frozenset[str] = frozenset()
    direct_object: bool = False
    objects: frozenset[str] = frozenset()
    object_preps: frozenset[str] = frozenset()
    not_before: frozenset[str] = frozenset()
    support_verbs: frozenset[str] = frozenset()
    claims: bool = False
    claim_openers: frozenset[str] = frozenset()
    claimed_type: str = ""
    claim_only: bool = False  # an event only inside a claim ("accused X of backing Y")


class PhraseIndex:
    """Multi-word lookup: the longest entry starting at a token position."""

    def __init__(self, entries: dict[tuple[str, ...], object]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for key, value in entries.items():
            if key:
                by_first.setdefault(key[0], []).append((key, value))
        for options in by_first.values():
            options.sort(key=lambda kv: -len(kv[0]))
        self._by_first = by_first
        # what match() tries: (length, the words as a list, which a slice of the sentence's
        # words equals without a tuple made of it, the value), longest first
        self._options = {
            first: tuple((len(key), list(key), value) for key, value in options) for first, options in by_first.items()
        }
        self.firsts = frozenset(by_first)  # for a caller's cheap membership test before match()

    def match(self, lows: list[str], i: int) -> tuple[int, object] | None:
        """(length, value) of the longest entry at position i, or None."""
        options = self._options.get(lows[i])
        if not options:
            return None
        if type(lows) is not list:
            lows = list(lows)  # the entries are lists: a tuple's slice would equal none of them
        n = len(lows)
        for k, key, value in options:
            if i + k <= n and (k == 1 or lows[i : i + k] == key):
                return k, value
        return None

    def __contains__(self, first: str) -> bool:
        return first in self._by_first


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: PhraseIndex  # value: tuple[Cue, ...] (one per part of speech)
    speech: PhraseIndex
    according: PhraseIndex
    hypothetical: PhraseIndex
    future: PhraseIndex
    deontic: PhraseIndex
    ongoing: PhraseIndex
    negation: frozenset[str]
    negation_phrases: PhraseIndex
    conditional: frozenset[str]
    perfect: frozenset[str]
    auxiliaries: frozenset[str]
    noun_negators: frozenset[str]
    topic_markers: frozenset[str]
    clause_breaks: frozenset[str]
    support_verbs: frozenset[str]
    participant_words: PhraseIndex
    topic_words: frozenset[str]
    locatives: frozenset[str]
    topic_nouns: frozenset[str]
    members: PhraseIndex
    unasserted: PhraseIndex
    unasserted_reach: int
    wish: frozenset[str]
    non_state_heads: frozenset[str]
    non_state_modifiers: frozenset[str]
    affiliation_words: frozenset[str]
    sports: frozenset[str]
    non_state_head_blockers: frozenset[str]
    name_calling: frozenset[str]
    representatives: frozenset[str]
    representative_modifiers: frozenset[str]
    pejoratives: frozenset[str]
    generic_subjects: frozenset[str]
    pronouns_singular: frozenset[str]
    pronouns_plural: frozenset[str]
    pronouns_first: frozenset[str]
    pronoun_it: frozenset[str]
    breaks: frozenset[str]  # clause breaks and ":" (conditional words open clauses too)
    backshifted: frozenset[str]
    intent: frozenset[str]
    forces: frozenset[str]
    force_modifiers: frozenset[str]
    mood_words: frozenset[str]  # every word that can start a modality cue (a cheap first test)
    not_conditional: PhraseIndex
    question: frozenset[str]
    visit_nouns: frozenset[str]  # the last words of the nouns that name a visit ("visit", "trip")
    visit_openers: frozenset[str]
    visit_part_openers: frozenset[str]
    visit_parts: frozenset[str]
    visit_prospects: PhraseIndex
    pair_phrases: PhraseIndex
    pair_heads: frozenset[str]  # their last words ("sides", "countries"): a sentence without one has none
    speaker_cues: frozenset[str]  # the first words of `according` and `speech` (asked of every sentence)


def _index(phrases: list[str], value: object = True) -> PhraseIndex:
    return PhraseIndex({words(p): value for p in phrases})


def _set(phrases: list[str]) -> frozenset[str]:
    return frozenset(p.lower() for p in phrases)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = datafiles.load("cues.toml")
    triggers: dict[tuple[str, ...], list[Cue]] = {}
    for t in raw["trigger"]:
        for form in t["forms"]:
            key = words(form)
            cue = Cue(
                type=t["type"],
                pos=t["pos"],
                roles=t["roles"],
                length=len(key),
                also_of=t.get("also_of", False),
                embeds=t.get("embeds", False),
                object=t.get("object", False),
                that_type=t.get("that_type", ""),
                intent={True: "always", False: ""}.get(t.get("intent", False), t.get("intent", "")),
                indirect_object=t.get("indirect_object", False),
                needs_target=t.get("needs_target", False),
                place_target=t.get("place_target", False),
                needs_forces=t.get("needs_forces", False),
                person_object=t.get("person_object", False),
                backing=tuple(words(b) for b in t.get("backing", [])),
                backed_attributes=_set(t.get("backed_attributes", [])),
                direct_object=t.get("direct_object", False),
                objects=_set(t.get("objects", [])),
                object_preps=_set(t.get("object_preps", [])),
                not_before=_set(t.get("not_before", [])),
                support_verbs=_set(t.get("support_verbs", [])),
                claims=t.get("claims", False),
                claim_openers=_set(t.get("claim_openers", [])),
                claimed_type=t.get("claimed_type", ""),
                claim_only=t.get("claim_only", False),
            )
            triggers.setdefault(key, []).append(cue)
    speech, modality, structure = raw["speech"], raw["modality"], raw["structure"]
    negation = [n for n in modality["negation"] if " " not in n]
    according, speech_verbs = _index(speech["according"]), _index(speech["verbs"])
    return Lexicon(
        triggers=PhraseIndex({k: tuple(v) for k, v in triggers.items()}),
        speech=speech_verbs,
        according=according,
        hypothetical=_index(modality["hypothetical"]),
        future=_index(modality["future"]),
        deontic=_index(modality["deontic"]),
        ongoing=_index(modality["ongoing"]),
        negation=_set(negation),
        negation_phrases=_index([n for n in modality["negation"] if " " in n]),
        conditional=_set(modality["conditional"]),
        perfect=_set(modality["perfect"]),
        auxiliaries=_set(modality["auxiliaries"]),
        noun_negators=_set(modality["noun_negators"]),
        topic_markers=_set(modality["topic_markers"]),
        clause_breaks=_set(structure["clause_breaks"]),
        support_verbs=_set(structure["support_verbs"]),
        participant_words=_index(structure["participant_words"]),
        topic_words=_set(structure["topic_words"]),
        locatives=_set(structure["locatives"]),
        topic_nouns=_set(structure["topic_nouns"]),
        members=_index(structure["members"]),
        unasserted=_index(modality["unasserted"]),
        unasserted_reach=int(modality["unasserted_reach"]),
        wish=frozenset(modality["wish"]),
        non_state_heads=_set(structure["non_state_heads"]),
        non_state_modifiers=_set(structure["non_state_modifiers"]),
        affiliation_words=_set(structure["affiliation_words"]),
        sports=_set(structure["sports"]),
        non_state_head_blockers=_set(structure["non_state_head_blockers"]),
        name_calling=_set(structure["name_calling"]),
        representatives=_set(structure["representatives"]),
        representative_modifiers=_set(structure["representative_modifiers"]),
        pejoratives=_set(structure["pejoratives"]),
        generic_subjects=_set(structure["generic_subjects"]),
        pronouns_singular=_set(speech["pronouns_singular"]),
        pronouns_plural=_set(speech["pronouns_plural"]),
        pronouns_first=_set(speech["pronouns_first"]),
        pronoun_it=_set(speech["pronoun_it"]),
        breaks=_set(structure["clause_breaks"]) | {":"},
        backshifted=_set(modality["backshifted"]),
        intent=_set(modality["intent"]),
        forces=_set(structure["forces"]),
        force_modifiers=_set(structure["force_modifiers"]),
        mood_words=_mood_words(modality),
        not_conditional=_index(modality["not_conditional"]),
        question=_set(modality["question"]),
        visit_nouns=frozenset(words(f)[-1] for t in raw["trigger"] if t["type"] == "VisitMade" and t["pos"] == "noun"
                              for f in t["forms"]),
        visit_openers=_set(structure["visit_openers"]),
        visit_part_openers=_set(structure["visit_part_openers"]),
        visit_parts=_set(structure["visit_parts"]),
        visit_prospects=_index(structure["visit_prospects"]),
        pair_phrases=_index(structure["pair_phrases"]),
        pair_heads=frozenset(words(p)[-1] for p in structure["pair_phrases"]),
        speaker_cues=according.firsts | speech_verbs.firsts,
    )


def _mood_words(modality: dict) -> frozenset[str]:
    out: set[str] = set()
    for name in ("hypothetical", "future", "deontic", "ongoing", "negation", "perfect", "backshifted",
                 "intent"):
        out |= {words(p)[0] for p in modality[name] if words(p)}
    return frozenset(out)
