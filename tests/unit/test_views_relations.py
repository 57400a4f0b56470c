"""Golden output of the relations views at 80 columns, and their JSON."""

from __future__ import annotations

import datetime as dt
import json

from rich.console import Console

from timeline.output import THEME, to_json_text
from timeline.projections import (
    ActorRelations,
    ArticleRef,
    CatchUp,
    Component,
    DiffRow,
    EventPage,
    EventRecord,
    PairHistory,
    RelationsDiff,
    RelationState,
    Scope,
    SidePoint,
)
from timeline.views import ActorView, DiffView, LogView, PairView, RebuildView, sparkline

D = dt.date
NAMES = {"PRK": "North Korea", "RUS": "Russia", "USA": "United States", "UNC": "United Nations Command"}
ARTICLE = ArticleRef("751ae23b-0000-4000-8000-000000000000", "UN members concerned", "2023-11-14", "Reuters")


def render(view: object) -> str:
    console = Console(record=True, width=80, theme=THEME, file=open("/dev/null", "w"), color_system=None)  # noqa: SIM115
    console.print(view)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def event(type_: str, day: dt.date, source: tuple[str, ...], target: tuple[str, ...], evidence: str, **kw: object) -> EventRecord:
    fields = dict(
        id="0f0e0d0c-0000-4000-8000-000000000001",
        position=7,
        type=type_,
        day=day,
        date=day.isoformat(),
        date_end=None,
        date_rule="exact",
        source=source,
        target=target,
        attributed_to=(),
        evidence=evidence,
        evidence_start=0,
        evidence_end=len(evidence),
        confidence=0.8,
        extractor="rules/1",
        modality="done",
        weight=-2.0,
        recorded_at=dt.datetime(2024, 11, 2, 9, 30, tzinfo=dt.timezone.utc),
        article=ARTICLE,
    )
    fields.update(kw)
    return EventRecord(**fields)  # type: ignore[arg-type]


MEETING = event("MeetingHeld", D(2024, 6, 19), ("PRK", "RUS"), (), "Kim and Putin met in Pyongyang.", weight=1.0)
ACCUSATION = event(
    "AccusationMade", D(2024, 10, 31), ("USA",), ("PRK",), "Washington accused [bold]Pyongyang[/bold]\x1b[31m of sending troops.",
    date_rule="on_or_before", attributed_to=("USA",),
)

RUS = RelationState(
    actor="PRK", partner="RUS", as_of=D(2024, 11, 30), score=4.12, stance="allied", previous_score=2.8, trend="rising",
    events=5, intensity=20.0, counts=(("MilitaryCooperation", 3), ("MeetingHeld", 2)),
    components=(Component("joint", 5, 4.12, (("MilitaryCooperation", 3), ("MeetingHeld", 2))),),
    last_day=D(2024, 6, 19), last_event=MEETING,
)
USA = RelationState(
    actor="PRK", partner="USA", as_of=D(2024, 11, 30), score=-1.5, stance="tense", previous_score=-1.4, trend="steady",
    events=2, intensity=4.0, counts=(("AccusationMade", 1), ("DenialIssued", 1)),
    components=(Component("out", 1, -0.67, (("DenialIssued", 1),)), Component("in", 1, -0.67, (("AccusationMade", 1),))),
    last_day=D(2024, 10, 31), last_event=ACCUSATION,
)


def test_show_actor_lists_relations_then_recent_events() -> None:
    view = ActorView(ActorRelations("PRK", Scope(), D(2024, 11, 30), (RUS, USA), (ACCUSATION,)), NAMES)
    assert render(view) == """\
Relations of North Korea (PRK)
as of 2024-11-30 (latest event)
Partner             Stance       Score  Trend   Events  Last event
─────────────────────────────────────────────────────────────────────────────
Russia (RUS)        allied       +4.12  ↑ +1.3       5  2024-06-19 meeting
United States (US…  tense        -1.50  → -0.1       2  2024-10-31 accusation
Events by type
RUS   3 mil-coop · 2 meeting
USA   1 accusation · 1 denial

Recent events
≤2024-10-31  AccusationMade  USA → PRK  claimed by USA
    Washington accused [bold]Pyongyang[/bold]\ufffd[31m of sending troops.
    UN members concerned · Reuters · 2023-11-14 · article 751ae23b"""


def test_show_pair_has_directions_a_sparkline_and_every_event() -> None:
    history = PairHistory(
        "PRK", "USA", Scope(as_of=D(2024, 11, 30)), D(2024, 11, 30), USA,
        (SidePoint(D(2024, 1, 1), 0.0), SidePoint(D(2024, 6, 1), -0.8), SidePoint(D(2024, 11, 30), -1.5)),
        (ACCUSATION,), 2,
    )
    assert render(PairView(history, NAMES)) == """\
North Korea (PRK) and United States (USA)
as of 2024-11-30
tense  score -1.50  trend → -0.1  2 events
Direction  Events  Score  By type
──────────────────────────────────────
PRK → USA       1  -0.67  1 denial
USA → PRK       1  -0.67  1 accusation
Score over time
  █▄▁
  2024-01-01 … 2024-11-30   lowest -1.50, highest +0.00

Events, newest first (latest 1 of 2; --limit 0 shows all)
≤2024-10-31  AccusationMade  USA → PRK  claimed by USA
    Washington accused [bold]Pyongyang[/bold]\ufffd[31m of sending troops.
    UN members concerned · Reuters · 2023-11-14 · article 751ae23b"""


def test_diff_marks_changes_and_lists_the_events_that_made_them() -> None:
    rows = (
        DiffRow("PRK", "RUS", 1.03, "cooperative", 2, 4.12, "allied", 5, "changed", 3, (MEETING,)),
        DiffRow("PRK", "UNC", 0.0, "neutral", 0, -0.41, "neutral", 2, "appeared", 2),
        DiffRow("PRK", "USA", -1.5, "tense", 2, -0.6, "neutral", 2, "quiet", 0),
    )
    view = DiffView(RelationsDiff("PRK", D(2023, 12, 31), D(2024, 11, 30), Scope(), rows), NAMES)
    assert render(view) == """\
What changed between 2023-12-31 and 2024-11-30 for North Korea (PRK)
Partner            2023-12-31         2024-11-30      Change  Evts  Note
────────────────────────────────────────────────────────────────────────────
Russia (RUS)       cooperative +1.03  allied +4.12   ↑ +3.09     3
United Nations C…  —                  neutral -0.41  ↓ -0.41     2  appeared
United States (U…  tense -1.50        neutral -0.60  ↑ +0.90     0  quiet

What moved PRK–RUS
2024-06-19  MeetingHeld  PRK ↔ RUS
    Kim and Putin met in Pyongyang.
    UN members concerned · Reuters · 2023-11-14 · article 751ae23b"""


def test_an_empty_diff_says_so() -> None:
    view = DiffView(RelationsDiff(None, D(2024, 1, 1), D(2024, 1, 1), Scope(), ()), NAMES)
    assert render(view) == """\
What changed between 2024-01-01 and 2024-01-01
Nothing changed: no events in between and no stance moved."""


def test_log_is_oldest_first_and_says_what_it_left_out() -> None:
    view = LogView(EventPage((MEETING, ACCUSATION), total=5, offset=3), "actor PRK")
    assert render(view) == """\
Events 4–5 of 5, oldest first (actor PRK)
2024-06-19  MeetingHeld  PRK ↔ RUS
    Kim and Putin met in Pyongyang.
    UN members concerned · Reuters · 2023-11-14 · article 751ae23b
≤2024-10-31  AccusationMade  USA → PRK  claimed by USA
    Washington accused [bold]Pyongyang[/bold]\ufffd[31m of sending troops.
    UN members concerned · Reuters · 2023-11-14 · article 751ae23b
3 earlier events not shown; --limit 0 shows all"""


def test_every_line_fits_80_columns_even_with_long_names() -> None:
    long = RelationState(**{**RUS.__dict__, "partner": "UNC"})
    view = ActorView(ActorRelations("PRK", Scope(), D(2024, 11, 30), (long, USA), (MEETING,) * 3), NAMES)
    assert max(len(line) for line in render(view).splitlines()) <= 80


def test_sparkline_scales_between_its_extremes_and_zero() -> None:
    points = [SidePoint(D(2024, 1, i + 1), v) for i, v in enumerate([0.0, 1.0, 2.0, 4.0])]
    assert sparkline(points).plain == "▁▃▅█"
    assert sparkline([]).plain == ""


def test_views_serialise_to_json_with_their_evidence() -> None:
    view = ActorView(ActorRelations("PRK", Scope(known_at=dt.datetime(2024, 12, 1, tzinfo=dt.timezone.utc)), D(2024, 11, 30), (RUS, USA), (ACCUSATION,)), NAMES)
    data = json.loads(to_json_text(view.to_json()))
    assert data["actor_name"] == "North Korea"
    assert data["known_at"] == "2024-12-01T00:00:00+00:00"
    assert [r["partner"] for r in data["relations"]] == ["RUS", "USA"]
    assert data["relations"][0]["counts"] == {"MilitaryCooperation": 3, "MeetingHeld": 2}
    assert data["recent_events"][0]["evidence"]["text"].startswith("Washington accused [bold]")
    assert data["recent_events"][0]["article"]["title"] == "UN members concerned"
    rebuild = json.loads(to_json_text(RebuildView(CatchUp(10, 10, True, 0.5)).to_json()))
    assert rebuild == {"rows_applied": 10, "position": 10, "seconds": 0.5}
