"""The actor registry made from its cached data files is the registry parsed from the TOML, name for name."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from timeline.actors import ActorRegistry, UnknownActorError
from timeline.actors import registry as registry_module
from timeline.location import default_cache_location

DATA = Path(registry_module.__file__).with_name("data")


def parsed_without_cache(monkeypatch: pytest.MonkeyPatch, directory: Path = DATA) -> ActorRegistry:
    """The registry as it was made before the cache: every file through tomllib."""
    with monkeypatch.context() as m:
        m.setattr(registry_module, "parse_toml", lambda data: tomllib.loads(data.decode("utf-8")))
        made = ActorRegistry.from_directory(directory)
        made.people()
    return made


def without_tomllib(monkeypatch: pytest.MonkeyPatch) -> ActorRegistry:
    """The registry from a warm cache; parsing the actor files again would fail."""

    def refuse(_text: str) -> Any:
        raise AssertionError("parsed again although the cache holds it")

    with monkeypatch.context() as m:
        m.setattr(tomllib, "loads", refuse)
        return ActorRegistry.from_directory(DATA)


def resolved(registry: ActorRegistry, name: str) -> str:
    try:
        return registry.resolve(name).code
    except UnknownActorError as e:
        return str(e)


def every_name(registry: ActorRegistry) -> list[str]:
    names = {*registry._keys, *(a.code for a in registry), *(form for _code, form, _kind in registry._forms)}
    for actor in registry:
        names.update((actor.name, *actor.aliases))
    variants = {v for n in names for v in (n, n.upper(), n.lower(), f"the {n}", f" {n} ", n.replace(" ", "-"))}
    return sorted(variants | {"Narnia", "Nroth Korea", "Sweeden", "", "x", "United Stats", "Kreml"})


def test_a_registry_made_from_the_cache_resolves_every_name_as_the_parsed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = parsed_without_cache(monkeypatch)
    cold = ActorRegistry.from_directory(DATA)  # parses and writes the cache
    assert list(default_cache_location().glob("*.json"))
    warm = without_tomllib(monkeypatch)
    for made in (cold, warm):
        assert list(made) == list(reference)
        assert made._keys == reference._keys and list(made._keys) == list(reference._keys)
        assert made._forms == reference._forms and made._choices == reference._choices
        assert made.people() == reference.people()
    names = every_name(reference)
    assert len(names) > 5000
    for name in names:
        expected = resolved(reference, name)
        assert resolved(warm, name) == expected, name
        assert resolved(cold, name) == expected, name


def test_the_default_registry_is_read_from_the_package_data() -> None:
    assert registry_module._default_registry.__wrapped__()._directory == DATA


def test_an_edited_data_file_is_parsed_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ActorRegistry.from_directory(DATA)  # the cache holds the shipped files
    for source in DATA.glob("*.toml"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    states = tmp_path / "states.toml"
    states.write_text(
        states.read_text(encoding="utf-8").replace('metonyms = ["Pyongyang"]', 'metonyms = ["Pyongyang", "Ryongsong"]'),
        encoding="utf-8",
    )
    edited = ActorRegistry.from_directory(tmp_path)
    assert edited.resolve("Ryongsong").code == "PRK"
    assert edited._keys == parsed_without_cache(monkeypatch, tmp_path)._keys


def test_a_damaged_cache_is_parsed_again_and_mended(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = parsed_without_cache(monkeypatch)
    ActorRegistry.from_directory(DATA)
    cached = sorted(default_cache_location().glob("*.json"))
    for path in cached:
        path.write_text('{"state": [', encoding="utf-8")
    assert ActorRegistry.from_directory(DATA)._keys == reference._keys
    assert without_tomllib(monkeypatch)._keys == reference._keys


def test_a_cache_that_cannot_be_written_is_passed_by(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert ActorRegistry.from_directory(DATA)._keys == parsed_without_cache(monkeypatch)._keys
    assert blocked.read_text(encoding="utf-8") == ""


def test_a_file_with_toml_dates_is_cached_with_its_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    people = (DATA / "people.toml").read_bytes()
    parsed = tomllib.loads(people.decode("utf-8"))
    assert "datetime.date" in repr(parsed)  # TOML dates: JSON alone would make strings of them
    assert registry_module.parse_toml(people) == parsed
    assert list(default_cache_location().glob(f"*-{len(people)}-*"))
    with monkeypatch.context() as m:
        m.setattr(tomllib, "loads", lambda _text: pytest.fail("parsed again although the cache holds it"))
        warm = registry_module.parse_toml(people)
    assert warm == parsed
    roles = [role for person in warm["person"] for role in person.get("roles", [])]
    assert any(type(role.get("start")) is date for role in roles)
    assert repr(warm) == repr(parsed)  # the same types, not only equal values


@pytest.mark.parametrize("text", [
    'when = 2024-11-14T09:30:00Z\n',  # a datetime
    'at = 09:30:00\n',  # a time
    'table = { "$date" = "2024-11-14" }\n',  # a table that reads like a kept date
])
def test_a_file_json_cannot_hold_as_it_is_is_not_cached(text: str) -> None:
    data = text.encode("utf-8")
    assert registry_module.parse_toml(data) == tomllib.loads(text)
    assert not list(default_cache_location().glob(f"*-{len(data)}-*"))
    assert registry_module.parse_toml(data) == tomllib.loads(text)
