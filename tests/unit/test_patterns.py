"""A pattern compiled through the cache is the pattern `re.compile` makes, cold, warm or damaged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from timeline import patterns
from timeline.actors import ActorRegistry
from timeline.location import default_cache_location

SAMPLES = [
    (r"(?P<day>\d{1,2})\s(?P<month>Jan|Feb)(?:,?\s(?P<year>\d{4}))?", 0),
    (r"(?:north\ korea|south\ korea|the\ kremlin)(?![\w-])", re.IGNORECASE),
    (r"\n  (?P<iso>\b\d{4}-\d\d-\d\d\b)  # a comment\n  | (?P<word>[^\W\d]+)\n", re.VERBOSE),
]


def cached_files() -> list[Path]:
    return sorted(default_cache_location().glob(f"{patterns._FORMAT}-*.bin"))


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    from re import _parser

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed again although the cache holds it")

    monkeypatch.setattr(_parser, "parse", refuse)


@pytest.mark.parametrize(("pattern", "flags"), SAMPLES)
def test_a_pattern_from_the_cache_is_the_compiled_pattern(pattern: str, flags: int, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = re.compile(pattern, flags)
    cold = patterns.compiled(pattern, flags)
    assert len(cached_files()) == 1
    with monkeypatch.context() as m:
        refuse_parsing(m)
        warm = patterns.compiled(pattern, flags)
    for made in (cold, warm):
        assert made == expected  # patterns compare by flags, text and program
        assert (made.flags, made.groups, made.groupindex) == (expected.flags, expected.groups, expected.groupindex)
        text = "On 14 Feb, 2024 north  Korea and THE KREMLIN met; 2024-02-14 was 3 Jan"
        assert [m.groupdict() for m in made.finditer(text)] == [m.groupdict() for m in expected.finditer(text)]


def test_a_damaged_cache_file_is_compiled_again_and_mended(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, flags = SAMPLES[0]
    patterns.compiled(pattern, flags)
    [path] = cached_files()
    whole = path.read_bytes()
    for damaged in (whole[:-4], whole[:-4] + b"\xff\xff\xff\xff", b"{not json\n" + whole, b""):
        path.write_bytes(damaged)
        assert patterns.compiled(pattern, flags) == re.compile(pattern, flags)
        assert path.read_bytes() == whole
    with monkeypatch.context() as m:
        refuse_parsing(m)
        assert patterns.compiled(pattern, flags) == re.compile(pattern, flags)


def test_a_cache_that_cannot_be_written_is_passed_by(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for pattern, flags in SAMPLES:
        assert patterns.compiled(pattern, flags) == re.compile(pattern, flags)
    assert blocked.read_text(encoding="utf-8") == ""


def test_another_python_writes_and_reads_its_own_file(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern, flags = SAMPLES[1]
    patterns.compiled(pattern, flags)
    monkeypatch.setattr(patterns.sys, "version", "3.99.0 (another build)")
    assert patterns.compiled(pattern, flags) == re.compile(pattern, flags)
    assert len(cached_files()) == 2


def test_the_gazetteer_from_the_cache_has_the_patterns_compiled_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    directory = Path(__import__("timeline.actors.registry", fromlist=["x"]).__file__).with_name("data")
    with monkeypatch.context() as m:
        m.setattr("timeline.actors.gazetteer.compiled", re.compile)
        fresh = ActorRegistry.from_directory(directory)._gazetteer
    cold = ActorRegistry.from_directory(directory)._gazetteer
    with monkeypatch.context() as m:
        refuse_parsing(m)
        warm = ActorRegistry.from_directory(directory)._gazetteer
    for made in (cold, warm):
        assert made._pattern == fresh._pattern
        assert made._role_after == fresh._role_after
        assert made._role_phrase == fresh._role_phrase


def reference_emit(node: dict, gap: str) -> str:
    """The trie's pattern as `gazetteer._emit` first wrote it: a call per character."""
    ends_here = "" in node
    branches = [(gap if ch == " " else re.escape(ch)) + reference_emit(child, gap) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
        if not ends_here:
            return body
        return f"(?:{body})?" if len(body) > 1 else f"{body}?"
    singles = [b for b in branches if len(b) == 1 or (len(b) == 2 and b[0] == "\\")]
    body = "[" + "".join(singles) + "]" if len(singles) == len(branches) else "(?:" + "|".join(branches) + ")"
    return body + "?" if ends_here else body


def reference_trie(words: list[str], gap: str) -> str:
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return reference_emit(trie, gap)


def test_the_trie_pattern_is_the_one_written_a_character_at_a_time() -> None:
    from timeline.actors import gazetteer

    made = ActorRegistry.default()._gazetteer
    cases = [
        sorted(dict(made.surfaces()), key=len, reverse=True),
        sorted(made._roles.titles),
        ["a", "ab", "abc", "b", "x y", "x  z", "", "q.", "q", "[", "]", "(?", "Ü", "İ"],
        [], ["only"], ["a", "a b"], ["ab", "abcd"],
    ]
    for words in cases:
        for gap in (gazetteer._GAP, gazetteer._LOOSE_GAP):
            assert gazetteer.trie_pattern(words, gap) == reference_trie(words, gap)
