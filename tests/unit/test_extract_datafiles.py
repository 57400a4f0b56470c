"""The extractor's data files read through the parse cache are the files as tomllib parses them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from timeline.extract import datafiles, prepare, text
from timeline.extract.lexicon import PhraseIndex, lexicon
from timeline.location import default_cache_location

DATA = Path(datafiles.__file__).with_name("data")


@pytest.mark.parametrize("name", ["cues.toml", "boilerplate.toml"])
def test_a_data_file_from_the_cache_is_the_parsed_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tomllib.loads((DATA / name).read_text(encoding="utf-8"))
    assert datafiles.load(name) == expected  # cold: parsed, and the cache written
    assert list(default_cache_location().glob("*.json"))

    def refuse(_text: str) -> Any:
        raise AssertionError("parsed again although the cache holds it")

    monkeypatch.setattr(tomllib, "loads", refuse)
    assert datafiles.load(name) == expected


def comparable(value: Any) -> Any:
    """A lexicon's fields, its phrase indexes and phrase sets by their contents."""
    if isinstance(value, PhraseIndex) or type(value).__name__ == "_PhraseSet":
        return (type(value).__name__, comparable(value._by_first if isinstance(value, PhraseIndex) else value._phrases))
    if hasattr(value, "__dataclass_fields__"):
        return {name: comparable(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [comparable(v) for v in value]
    return value


def test_the_lexicons_made_from_the_cache_are_the_lexicons_made_from_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon.cache_clear()
    text._lexicon.cache_clear()
    try:
        with monkeypatch.context() as m:
            m.setattr(datafiles, "parse_toml", lambda data: tomllib.loads(data.decode("utf-8")))
            reference = comparable((lexicon(), text._lexicon()))
        lexicon.cache_clear()
        text._lexicon.cache_clear()
        datafiles.load("cues.toml")
        datafiles.load("boilerplate.toml")  # the cache is warm
        assert comparable((lexicon(), text._lexicon())) == reference
    finally:
        lexicon.cache_clear()
        text._lexicon.cache_clear()


def test_prepare_loads_the_segmenters_phrases_for_the_workers_to_share() -> None:
    text._lexicon.cache_clear()
    prepare()
    assert text._lexicon.cache_info().currsize == 1
