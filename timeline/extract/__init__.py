"""Extraction: English news text in, dated and attributed diplomatic events out.

    EXTRACTOR                      the extractor's name and version, stamped on every event
    extract(article) -> [events]   the events of one `events.ArticleIngested`
    prepare()                      load the registry, lexicon and patterns now, not on first use

The pipeline: `text.split_article` (sentences, dateline, captions, boilerplate), the actor
registry (`timeline.actors`: names, metonyms, people and roles, later surname mentions),
`dates.find_dates`, then the rules of `rules.py` over each sentence with the cue lexicon of
`data/cues.toml`, then `dedupe.merge_duplicates`. Boilerplate and headlines yield no events.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from hashlib import sha1

import events
from events import Evidence, ExtractorInfo, PersonRef
from timeline.actors import ActorRegistry, Person
from timeline.extract.dates import MONTHS, WEEKDAYS, find_dates, may_name_day
from timeline.extract.dedupe import merge_duplicates
from timeline.extract.lexicon import lexicon
from timeline.extract.rules import ArticleState, Candidate, analyse_sentence
from timeline.extract.text import split_article
from timeline.extract.tokens import ActorTok, Tokens, tokenize

__all__ = ["EXTRACTOR", "extract", "prepare"]

EXTRACTOR = ExtractorInfo("timeline-rules", "0.3.5")

_MAX_TOKENS = 400  # a "sentence" longer than this is cut into windows (text.py caps at 1,000 chars)


def prepare() -> None:
    """Load what extract() needs (the actor registry, its compiled gazetteer and its cities, the
    cue lexicon, the segmenter's phrases) now: worker processes forked afterwards share it
    instead of each loading it."""
    ActorRegistry.default().find_mentions("")
    ActorRegistry.default().cities
    lexicon()
    split_article("")


def extract(article: events.ArticleIngested) -> list[events.DiplomaticEvent]:
    """The diplomatic events an article reports, each resting on one of its sentences."""
    text = article.text
    if not text or not text.strip():
        return []
    registry = ActorRegistry.default()
    lex = lexicon()
    parsed = split_article(text)
    mentions = _article_mentions(registry, text, article.published)
    state = ArticleState(article.published, article.published, lex)
    candidates: list[Candidate] = []
    cursor = 0
    for index, sentence in enumerate(parsed.sentences):
        while cursor < len(mentions) and mentions[cursor][0] < sentence.start:
            cursor += 1
        inside = []
        k = cursor
        while k < len(mentions) and mentions[k][0] < sentence.end:
            if mentions[k][1] <= sentence.end:
                inside.append(_fresh(mentions[k]))
            k += 1
        tokens = tokenize(sentence.text, sentence.start, inside)
        if len(tokens) > _MAX_TOKENS:
            tokens.truncate(_MAX_TOKENS)
        dates = functools.partial(_dates, sentence.text, sentence.start, tokens, article.published)
        state.paragraph = sentence.paragraph
        candidates.extend(analyse_sentence(tokens, dates, sentence.kind, index, state,
                                           may_name_day(sentence.text)))
    out = []
    for cand in merge_duplicates(candidates):
        ev = _event(article, cand, parsed.sentences[cand.sentence_index])
        if ev is not None:
            out.append(ev)
    return out


def _article_mentions(registry: ActorRegistry, text: str, published) -> list[tuple[int, int, ActorTok]]:
    found = registry.find_mentions(text, on=published)
    people = [m.person for m in found if m.person is not None]
    if people:
        found = sorted([*found, *registry.find_short_mentions(text, people, on=published, full=found)], key=lambda m: m.start)
    codes_by_person: dict[str, str] = {}
    out: list[tuple[int, int, ActorTok]] = []
    last_end = -1
    previous: ActorTok | None = None
    for m in found:
        if m.start < last_end:
            continue
        if text[max(0, m.start - 5) : m.start].lower().endswith(_STANCE_PREFIXES):
            continue  # "the anti-Isis coalition", "pro-Russian separatists": an attitude to the actor, not the actor
        code = m.code
        if m.person is not None and code is None and not _former(m.person, published):
            # an unknown role today, but named next to a role or a state: "their South Korean
            # counterparts, Foreign Minister Cho" -> that state (not someone whose every role
            # has ended: "Obama" in 2019, next to "Syria", speaks for no one)
            code = codes_by_person.get(m.person.name)
            if code is None and previous is not None and previous.codes and m.start - last_end < 40:
                code = previous.codes[0]
        if m.person is not None and code:
            codes_by_person.setdefault(m.person.name, code)
        person = None
        if m.person is not None:
            person = PersonRef(m.person.name, m.role.title if m.role else "", code or "")
        org = False
        if code:
            try:
                org = registry.get(code).kind != "state"
            except KeyError:
                org = False
        tok = ActorTok((code,) if code else (), m.kind, m.text, person, org)
        out.append((m.start, m.end, tok))
        last_end = m.end
        previous = tok
    for k, (start, end, tok) in enumerate(out):
        if tok.kind == "role":
            holder = _holder_named(text, end, out[k + 1][0] if k + 1 < len(out) else len(text), tok)
            if holder > end:
                out[k] = (start, holder, tok)
    return out


# The name of a role's holder the registry does not know, right after the role: one to four
# capitalised words on the same line, with the particles of names between them ("Egyptian
# President Abdel Fattah al-Sisi", "Jordan's King Abdullah II", "Foreign Minister Ayman Safadi")
_HOLDER = re.compile(
    r"(?:[ \u00a0]+(?:(?:al|el|bin|ibn|bint|abu|de|del|da|di|van|von|der|den|le|la|du|dos)[- ])?"
    r"[A-Z][\w’']*(?:-[\w’']+)*){1,4}")
_NOT_NAMES = frozenset([*WEEKDAYS, *MONTHS, "i", "the", "a", "an", "on", "in", "at", "and", "but", "of", "to",
                        "for", "with", "by", "from", "after", "before", "as", "it", "this", "that", "he", "she"])


def _holder_named(text: str, end: int, limit: int, role: ActorTok) -> int:
    """Where the name of the role ending at `end` ends (`end`: no name follows). The name
    belongs to the role's mention, so that "Jordan's King Abdullah II and French President
    Emmanuel Macron" is one group of two actors, not a role cut off by an unknown name. Not
    after a role that is armed forces ("Russian troops"), not a weekday, month or a cue word
    of the lexicon ("President Meets": a title-case heading)."""
    m = _HOLDER.match(text, end, limit)
    if m is None:
        return end
    lex = lexicon()
    if role.text.rsplit(None, 1)[-1].lower() in lex.forces:
        return end
    for word in m.group().split():
        w = word.lower()
        if w in _NOT_NAMES or w in lex.triggers.firsts or w in lex.speaker_cues:
            return end
    return m.end()


_STANCE_PREFIXES = ("anti-", "pro-", "non-", "anti‑", "pro‑")


def _former(person: Person, day: dt.date) -> bool:
    """Every role the registry knows for this person ended before `day`."""
    return bool(person.roles) and all(r.end is not None and r.end < day for r in person.roles)


def _fresh(m: tuple[int, int, ActorTok]) -> tuple[int, int, ActorTok]:
    a = m[2]
    return (m[0], m[1], ActorTok(a.codes, a.kind, a.text, a.person, a.org))


def _dates(sentence: str, base: int, tokens: Tokens, published) -> list[tuple[int, object]]:
    found = find_dates(sentence, published)
    if not found:
        return []
    out = []
    k = 0
    ends = tokens.ends()
    for dm in found:
        at = base + dm.start
        while k < len(ends) - 1 and ends[k] <= at:
            k += 1
        out.append((k, dm))
    return out


def _event_id(article_id: uuid.UUID, key: str) -> uuid.UUID:
    """`uuid.uuid5(article_id, key)`, without the import of hashlib uuid5 runs on every call
    (as long as the hash itself: ~1% of an extraction)."""
    return uuid.UUID(bytes=sha1(article_id.bytes + key.encode("utf-8")).digest()[:16], version=5)


def _event(article: events.ArticleIngested, c: Candidate, sentence) -> events.DiplomaticEvent | None:
    cls = events.EVENT_TYPES[c.type]
    evidence = Evidence(sentence.text, sentence.start, sentence.end)
    source = tuple(sorted(c.source)) if cls.symmetric else c.source
    key = f"{EXTRACTOR.version}|{c.type}|{evidence.start}|{','.join(sorted(source))}|{','.join(sorted(c.target))}"
    try:
        return cls(
            id=_event_id(article.article_id, key),
            when=c.when,
            source=source,
            target=c.target,
            people=tuple(dict.fromkeys(c.people)),
            attributed_to=c.attributed_to,
            evidence=evidence,
            confidence=c.confidence,
            extractor=EXTRACTOR,
            modality=c.modality,
        )
    except events.InvalidEvent:
        return None
