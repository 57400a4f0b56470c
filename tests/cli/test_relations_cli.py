"""`timeline show`, `log`, `diff` and `rebuild` from the command line: JSON, exit codes, plain output."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from click.testing import CliRunner

from events import EVENT_TYPES, ArticleIngested, Evidence, ExtractorInfo, When
from tests.conftest import SEEDS
from timeline.cli import cli
from timeline.store import article_id_for, open_store

EX = ExtractorInfo("test", "1")
D = dt.date

EVENTS = [
    ("MeetingHeld", ("PRK", "RUS"), (), D(2023, 9, 13)),
    ("AccusationMade", ("USA",), ("PRK",), D(2023, 11, 14)),
    ("CondemnationIssued", ("UNC", "KOR"), ("PRK",), D(2023, 11, 14)),
    ("MilitaryCooperation", ("PRK", "RUS"), (), D(2024, 6, 19)),
    ("StatementIssued", ("CHN",), ("PRK",), D(2024, 10, 31)),
]


def fill(db: str) -> None:
    sentences = [f"Sentence {i}: [red]not markup[/red] \x1b]0;title\x07 said Pyongyang." for i in range(len(EVENTS))]
    text = " ".join(sentences)
    fact = ArticleIngested(article_id=article_id_for(text), title="Seoul wire", text=text, published=D(2024, 11, 1))
    events = []
    for i, (type_name, source, target, day) in enumerate(EVENTS):
        start = text.index(sentences[i])
        events.append(
            EVENT_TYPES[type_name](
                id=uuid.uuid5(fact.article_id, str(i)), when=When.day(day), source=source, target=target,
                evidence=Evidence(sentences[i], start, start + len(sentences[i])), extractor=EX,
            )
        )
    store = open_store(db)
    store.ingest(fact, events)
    store.close()


def run(db: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args], env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def filled(db: str) -> str:
    fill(db)
    return db


def test_show_actor_lists_every_partner_with_evidence(filled: str) -> None:
    code, out, _ = run(filled, "show", "--actor", "North Korea", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["actor"] == "PRK"
    assert {r["partner"] for r in data["relations"]} == {"RUS", "USA", "KOR", "UNC", "CHN"}
    assert all(r["last_event"]["evidence"]["text"] for r in data["relations"])
    assert data["recent_events"][0]["article"]["title"] == "Seoul wire"


@pytest.mark.parametrize("name", ["DPRK", "PRK", "North Korea", "Pyongyang", "prk"])
def test_aliases_name_the_same_actor(filled: str, name: str) -> None:
    code, out, _ = run(filled, "show", "--actor", name, "--json")
    assert code == 0 and json.loads(out)["actor"] == "PRK"


def test_as_of_shows_nothing_from_later(filled: str) -> None:
    code, out, _ = run(filled, "show", "--actor", "DPRK", "--as-of", "2023-12-31", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2023-12-31"
    assert {r["partner"] for r in data["relations"]} == {"RUS", "USA", "KOR", "UNC"}
    assert all(e["date"] <= "2023-12-31" for e in data["recent_events"])
    assert all(r["last_event"]["date"] <= "2023-12-31" for r in data["relations"])


def test_known_at_before_the_first_article_is_a_clear_error(filled: str) -> None:
    code, _, err = run(filled, "show", "--actor", "PRK", "--known-at", "2000-01-01")
    assert code == 1 and "held no events" in err


def test_show_pair_in_depth(filled: str) -> None:
    code, out, _ = run(filled, "show", "--actor", "DPRK", "--with", "Moscow", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["actor"], data["partner"]) == ("PRK", "RUS")
    assert [e["type"] for e in data["events"]] == ["MilitaryCooperation", "MeetingHeld"]
    assert data["series"] and data["state"]["stance"] in ("allied", "cooperative", "neutral", "tense", "hostile")
    code, out, _ = run(filled, "show", "--actor", "DPRK", "--with", "RUS")
    assert code == 0 and "Score over time" in out and "MilitaryCooperation" in out


def test_views_print_no_colour_codes_when_piped_and_fit_80_columns(filled: str) -> None:
    for args in (("show", "--actor", "PRK"), ("show", "--actor", "PRK", "--with", "RUS"), ("log",), ("diff", "2023-12-31", "2024-11-30")):
        code, out, _ = run(filled, *args, env={"COLUMNS": "80"})
        assert code == 0, args
        assert "\x1b" not in out and "\x07" not in out
        assert max(len(line) for line in out.splitlines()) <= 80, args
    assert "[red]not markup[/red]" in out


def test_log_filters_and_serialises(filled: str) -> None:
    code, out, _ = run(filled, "log", "--actor", "PRK", "--with", "RUS", "--json")
    assert code == 0
    assert [e["type"] for e in json.loads(out)["events"]] == ["MeetingHeld", "MilitaryCooperation"]
    code, out, _ = run(filled, "log", "--type", "accusationmade,StatementIssued", "--since", "2023-10-01", "--json")
    assert [e["type"] for e in json.loads(out)["events"]] == ["AccusationMade", "StatementIssued"]
    code, _, err = run(filled, "log", "--type", "Hug")
    assert code == 2 and "unknown event type 'Hug'" in err


def test_diff_shows_what_the_year_changed(filled: str) -> None:
    code, out, _ = run(filled, "diff", "2023-12-31", "2024-11-30", "--actor", "DPRK", "--json")
    assert code == 0
    pairs = {p["partner"]: p for p in json.loads(out)["pairs"]}
    assert pairs["CHN"]["status"] == "appeared"
    assert pairs["RUS"]["events_between"] == 1 and pairs["RUS"]["drivers"][0]["type"] == "MilitaryCooperation"
    code, out, _ = run(filled, "diff", "2024-01-01", "2024-01-01", "--json")
    assert code == 0 and json.loads(out)["pairs"] == []


def test_rebuild_reports_what_it_replayed(filled: str) -> None:
    code, out, _ = run(filled, "rebuild", "--json")
    assert code == 0 and json.loads(out)["rows_applied"] == 1 + len(EVENTS)
    code, out, _ = run(filled, "show", "--actor", "PRK", "--json")
    assert code == 0 and len(json.loads(out)["relations"]) == 5


def test_an_unknown_actor_is_a_usage_error_with_the_nearest_names(filled: str) -> None:
    code, _, err = run(filled, "show", "--actor", "North Koria")
    assert code == 2
    assert "unknown actor 'North Koria'" in err and "North Korea (PRK)" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff", "2024-11-30", "2023-12-31"), "FROM 2024-11-30 is after TO 2023-12-31"),
        (("diff", "2024-02-30", "2024-03-01"), "is not a date"),
        (("show", "--actor", "PRK", "--as-of", "soon"), "is not a date"),
        (("show", "--actor", "PRK", "--with", "DPRK"), "same actor"),
        (("log", "--with", "RUS"), "--with needs --actor"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(filled: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(filled, *args)
    assert code == 2
    assert message in err


@pytest.mark.parametrize("args", [("show", "--actor", "PRK"), ("log",), ("diff", "2023-01-01", "2024-01-01")])
def test_an_empty_store_says_so(db: str, args: tuple[str, ...]) -> None:
    code, _, err = run(db, *args)
    assert code == 1
    assert err.strip() == "timeline: error: the store holds no events yet; run `timeline ingest PATH` first"


def test_the_seeds_end_to_end(db: str) -> None:
    """With the seeds ingested, North Korea has relations with Russia and the United States, on evidence."""
    code, out, err = run(db, "ingest", str(SEEDS), "--json")
    assert code == 0, err
    code, out, _ = run(db, "show", "--actor", "DPRK", "--json")
    assert code == 0
    data = json.loads(out)
    partners = {r["partner"]: r for r in data["relations"]}
    assert {"RUS", "USA"} <= set(partners)
    assert all(r["last_event"]["evidence"]["text"] for r in partners.values())

    code, out, _ = run(db, "show", "--actor", "DPRK", "--as-of", "2023-12-31", "--json")
    assert code == 0
    early = json.loads(out)
    assert all(e["date"][:4] <= "2023" for e in early["recent_events"])
    assert all(r["last_day"] <= "2023-12-31" for r in early["relations"])

    code, out, _ = run(db, "diff", "2023-12-31", "2024-11-30", "--actor", "DPRK", "--json")
    assert code == 0
    changed = json.loads(out)["pairs"]
    assert changed and all(p["actor"] == "PRK" for p in changed)
    assert any(p["events_between"] > 0 for p in changed)
