"""The actor registry: states, organisations and people, read from the data files.

Exceptions::

    LookupError
     └── UnknownActorError   a name that matches no actor (carries the nearest names)
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


from timeline.actors.cities import CityPlaces, city_places
from timeline.actors.gazetteer import (
    EXCLUDED,
    Gazetteer,
    Mention,
    RoleVocabulary,
    Surface,
    fold_accents,
    is_part_of_other_name,
    latest_role,
    short_forms_pattern,
    surface_variants,
)

ACTOR_KINDS = ("state", "organisation", "group")


@dataclass(frozen=True)
class Actor:
    """A state, an intergovernmental organisation or a non-state group."""

    code: str
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    """A title held for an actor between two dates (inclusive; None: open)."""

    title: str
    actor: str
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Person:
    """Someone who speaks for an actor while holding a role."""

    name: str
    short: tuple[str, ...]
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    surname: str | None = field(default=None, compare=False)

    def role_on(self, day: date) -> Role | None:
        """The role held on `day`; when several are, the one that started last."""
        held = [r for r in self.roles if r.covers(day)]
        if not held:
            return None
        return max(held, key=lambda r: r.start or date.min)


class UnknownActorError(LookupError):
    """A name that matches no known actor."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown actor {name!r}{hint}")

    def __str__(self) -> str:
        return self.args[0]


_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_]+")
_POSSESSIVE_END = re.compile(r"'s$")


def normalise(name: str) -> str:
    """The lookup key of a name: case, accents, dots, hyphens, spacing and 'the' ignored."""
    key = fold_accents(name).casefold().replace("\u2019", "'").replace(".", "")
    key = _SEPARATORS.sub(" ", key).strip()
    key = _POSSESSIVE_END.sub("", key)
    if key.startswith("the "):
        key = key[4:]
    return key


class ActorRegistry:
    """Actors, people and the gazetteer that finds them in text.

    Actors and their names are read when the registry is made; people and the compiled
    gazetteer only when first needed, so that a name lookup on the command line stays fast.
    """

    def __init__(self, directory: Any) -> None:
        self._directory = directory
        actors, keys, forms = _load_actors(directory)
        self._actors = {a.code: a for a in actors}
        self._keys = keys
        self._forms = forms
        self._choices = sorted(keys)

    @functools.cached_property
    def _people(self) -> tuple[Person, ...]:
        entries = _load(self._directory, "people.toml")["person"]
        return tuple(_person(entry, set(self._actors)) for entry in entries)

    @functools.cached_property
    def _person_keys(self) -> dict[str, Person]:
        keys: dict[str, Person] = {}
        for person in self._people:
            for form in (person.name, *person.aliases):
                keys.setdefault(normalise(form), person)
        return keys

    @functools.cached_property
    def _gazetteer(self) -> Gazetteer:
        return _gazetteer(self._directory, self._forms, self._people)

    @functools.cached_property
    def cities(self) -> CityPlaces:
        """Cities as places (never actors): the state each lies in (`timeline.actors.cities`)."""
        return city_places(self)

    @property
    def directory(self) -> Any:
        """Where the data files were read from (a Path or importlib Traversable)."""
        return self._directory

    def knows_name(self, name: str) -> bool:
        """Whether `name` (case, accents, dots and hyphens ignored) names an actor or a person."""
        key = normalise(name)
        return key in self._keys or key in self._person_keys

    @classmethod
    def default(cls) -> ActorRegistry:
        """The registry built from the package's data files (made once per process)."""
        return _default_registry()

    @classmethod
    def from_directory(cls, directory: Any) -> ActorRegistry:
        """Build from a directory (a Path or importlib Traversable) holding the data files."""
        return cls(directory)

    def get(self, code: str) -> Actor:
        return self._actors[code]

    def __contains__(self, code: object) -> bool:
        return code in self._actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def resolve(self, name: str) -> Actor:
        """The actor a code, name, abbreviation, demonym or metonym stands for."""
        if name in self._actors:
            return self._actors[name]
        code = self._keys.get(normalise(name))
        if code is None:
            raise UnknownActorError(name, self.suggestions(name))
        return self._actors[code]

    def suggestions(self, name: str, limit: int = 5) -> list[str]:
        """Up to `limit` actors whose names are nearest to `name`, as 'Name (CODE)'."""
        from rapidfuzz import fuzz, process  # only an unknown name needs it

        key = normalise(name)
        if not key:
            return []
        found: list[str] = []
        for choice, _score, _ in process.extract(
            key, self._choices, scorer=fuzz.ratio, limit=limit * 8, score_cutoff=60
        ):
            actor = self._actors[self._keys[choice]]
            label = f"{actor.name} ({actor.code})"
            if label not in found:
                found.append(label)
            if len(found) == limit:
                break
        return found

    def people(self) -> tuple[Person, ...]:
        return self._people

    def find_person(self, name: str) -> Person | None:
        """The person with this full name or alias (case, accents and hyphens ignored)."""
        return self._person_keys.get(normalise(name))

    def find_mentions(self, text: str, on: date | None = None) -> list[Mention]:
        """Actor and person mentions in `text`, longest first, non-overlapping, by start.

        People map to the actor of the role they held `on` that day (no role: code None);
        without a date, to their latest role.
        """
        return self._gazetteer.scan(text, on)

    def find_short_mentions(
        self, text: str, people: Iterable[Person], on: date | None = None,
        full: list[Mention] | None = None,
    ) -> list[Mention]:
        """Later mentions of `people` by their short forms ("Austin said", "Shin told").

        A person's surname counts too when no other of `people` shares it ("Kim said" after
        "Kim Yong-hyun"). Matches inside a full mention or inside another name ("Jack Kim")
        are skipped. `full` is `find_mentions(text, on)` when the caller has it already.
        """
        people = list(dict.fromkeys(people))
        by_form: dict[str, Person | None] = {}
        surnames: dict[str, list[Person]] = {}
        for person in people:
            if person.surname:
                surnames.setdefault(person.surname, []).append(person)
        for person in people:
            forms = set(person.short)
            if person.surname and len(surnames[person.surname]) == 1:
                forms.add(person.surname)
            for form in forms:
                for variant in surface_variants(form, person=True):
                    owner = by_form.get(variant, person)
                    by_form[variant] = person if owner is person else None
        by_form = {form: person for form, person in by_form.items() if person is not None}
        if not by_form:
            return []
        if full is None:
            full = self.find_mentions(text, on)
        # full mentions are sorted and do not overlap: bisect for the one a match may touch
        starts = [m.start for m in full]
        ends = [m.end for m in full]
        found = []
        for match in short_forms_pattern(by_form).finditer(text):
            start, end = match.span()
            j = bisect.bisect_right(starts, start) - 1
            if j >= 0 and start < ends[j]:
                continue
            j = bisect.bisect_left(starts, end) - 1
            if j >= 0 and end <= ends[j]:
                continue
            if is_part_of_other_name(text, start, end):
                continue
            person = by_form[match.group()]
            role = person.role_on(on) if on is not None else latest_role(person)
            found.append(Mention(start, end, match.group(), role.actor if role else None,
                                 "person", person, role))
        return found


@functools.cache
def _default_registry() -> ActorRegistry:
    data = Path(__file__).with_name("data")
    if not data.is_dir():  # not installed as plain files (a zip): ask importlib, which is slower to load
        from importlib import resources

        return ActorRegistry(resources.files("timeline.actors") / "data")
    return ActorRegistry(data)


# ---------------------------------------------------------------------------- loading

_Form = tuple[str, str, str]  # (code, surface as written in the data, mention kind)


def _load(directory: Any, name: str) -> dict[str, Any]:
    with (directory / name).open("rb") as handle:
        return parse_toml(handle.read())


_CACHE_FORMAT = "toml-json-2"
_DATE_KEY = "$date"  # a TOML date (people's roles) in the cached JSON: {"$date": "2017-01-20"}


def _date_to_json(value: Any) -> Any:
    if type(value) is date:
        return {_DATE_KEY: value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not kept in the cache")  # a datetime or a time: parsed each time


def _date_from_json(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and _DATE_KEY in obj:
        return date.fromisoformat(obj[_DATE_KEY])
    return obj


def parse_toml(data: bytes) -> dict[str, Any]:
    """`tomllib.loads` of a data file, kept as JSON in the user's cache under a checksum of its bytes.

    Parsing is most of what a registry costs to make (tomllib is pure Python, the actor files
    are 110 KB; people.toml alone took 20-35 ms of every ingest), and a command that only
    looks up a name should not pay it each time; JSON loads ten times faster. An edited file
    has another checksum (its length, CRC-32 and Adler-32: zlib loads in a millisecond,
    hashlib's OpenSSL in five), so it is parsed again. TOML dates are kept as
    `{"$date": "YYYY-MM-DD"}`; only a document that JSON gives back unchanged is kept (not
    one with TOML times, or a table that reads like a kept date); a cache that cannot be
    read or written is silently passed by.
    """
    from timeline.location import default_cache_location, keep_cached

    checksum = f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"
    path = default_cache_location() / f"{_CACHE_FORMAT}-{checksum}.json"
    try:
        with path.open("rb") as handle:
            return json.loads(handle.read(), object_hook=_date_from_json)
    except (OSError, ValueError, TypeError):
        pass
    import tomllib

    document = tomllib.loads(data.decode("utf-8"))
    try:
        text = json.dumps(document, ensure_ascii=False, default=_date_to_json)
    except (TypeError, ValueError):
        return document
    if json.loads(text, object_hook=_date_from_json) == document:
        keep_cached(path, text.encode("utf-8"))
    return document


def _load_actors(directory: Any) -> tuple[list[Actor], dict[str, str], list[_Form]]:
    """Actors, the lookup keys of all their names, and the forms the gazetteer will scan."""
    actors: list[Actor] = []
    keys: dict[str, str] = {}
    forms: list[_Form] = []

    def add(code: str, form: str, kind: str) -> None:
        keys.setdefault(normalise(form), code)
        forms.append((code, form, kind))

    for entry in _load(directory, "states.toml")["state"]:
        code = entry["code"]
        aliases = _unique([*entry["names"], *entry["abbreviations"], *entry["demonyms"],
                           *entry["metonyms"]])
        actors.append(Actor(code, entry["name"], "state", tuple(aliases)))
        keys.setdefault(normalise(code), code)
        add(code, entry["name"], "name")
        for kind, field_name in _STATE_FIELDS:
            for form in entry[field_name]:
                add(code, form, kind)

    for entry in _load(directory, "organisations.toml")["organisation"]:
        code = entry["code"]
        kind = entry["kind"]
        if kind not in ACTOR_KINDS:
            raise ValueError(f"organisations.toml: {code}: unknown kind {kind!r}")
        names = entry.get("names", [])
        abbreviations = entry.get("abbreviations", [])
        metonyms = entry.get("metonyms", [])
        actors.append(Actor(code, entry["name"], kind,
                            tuple(_unique([*names, *abbreviations, *metonyms]))))
        keys.setdefault(normalise(code), code)
        add(code, entry["name"], "abbreviation" if entry["name"] in abbreviations else "name")
        for kind_name, values in (("name", names), ("abbreviation", abbreviations),
                                  ("metonym", metonyms)):
            for form in values:
                add(code, form, kind_name)

    codes = {a.code for a in actors}
    for entry in _load(directory, "media.toml")["outlet"]:
        if entry["state"] not in codes:
            raise ValueError(f"media.toml: {entry['name']}: unknown state {entry['state']!r}")
        for form in (entry["name"], *entry["names"]):
            add(entry["state"], form, "metonym")
    return actors, keys, forms


_STATE_FIELDS = (("name", "names"), ("abbreviation", "abbreviations"),
                 ("demonym", "demonyms"), ("metonym", "metonyms"))


def _gazetteer(directory: Any, forms: list[_Form], people: Iterable[Person]) -> Gazetteer:
    surfaces: dict[str, Surface] = {}
    for code, form, kind in forms:
        for variant in surface_variants(form):
            surfaces.setdefault(variant, Surface(code, kind))
    for person in people:
        for form in (person.name, *person.aliases):
            for variant in surface_variants(form, person=True):
                surfaces.setdefault(variant, Surface(None, "person", person))
    for phrase in _load(directory, "exclusions.toml")["phrases"]:
        for variant in surface_variants(phrase):
            surfaces[variant] = Surface(None, EXCLUDED)
    raw = _load(directory, "roles.toml")
    roles = RoleVocabulary(
        titles={re.sub(r"\s+", " ", k.lower()): v for k, v in raw["titles"].items()},
        modifiers=tuple(raw["modifiers"]),
        adjectives=frozenset(raw["adjectives"]),
        not_before=frozenset(raw["not_before"]),
        seats=frozenset(raw["seats"]),
    )
    return Gazetteer(surfaces, roles)


def _person(entry: dict[str, Any], codes: set[str]) -> Person:
    roles = []
    for raw in entry.get("roles", []):
        if raw["actor"] not in codes:
            raise ValueError(f"people.toml: {entry['name']}: unknown actor {raw['actor']!r}")
        roles.append(Role(raw["title"], raw["actor"], _day(raw.get("start"), first=True),
                          _day(raw.get("end"), first=False)))
    return Person(
        name=entry["name"],
        short=tuple(entry.get("short", ())),
        aliases=tuple(entry.get("aliases", ())),
        roles=tuple(roles),
        surname=entry.get("surname"),
    )


def _day(value: Any, *, first: bool) -> date | None:
    """A TOML date, or "YYYY" / "YYYY-MM" read as the period's first (or last) day."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        return date(*parts)
    year, month = parts[0], (parts[1] if len(parts) == 2 else (1 if first else 12))
    if first:
        return date(year, month, 1)
    import calendar

    return date(year, month, calendar.monthrange(year, month)[1])


def _unique(forms: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(forms))
