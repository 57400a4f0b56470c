"""`__plain__` of `show` (with and without `--with`), `log` and `diff`: the very text Rich prints without styles, at any width."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_views_relations import ACCUSATION, MEETING, NAMES, RUS, USA, event
from timeline.output import emit_to, make_console
from timeline.projections import ActorRelations, ArticleRef, DiffRow, EventPage, PairHistory, RelationsDiff, Scope, SidePoint
from timeline.views import ActorView, DiffView, LogView, PairView
from timeline.views import plain as layout

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def rich_text(view: object, width: int) -> str:
    out = io.StringIO()
    make_console(file=out, width=width).print(view)
    return out.getvalue()


def plain_or_none(view: ActorView | DiffView | PairView | LogView, width: int) -> str | None:
    try:
        return view.__plain__(width)
    except layout.Unsupported:
        return None


def actor_view(states: tuple, recent: tuple = (ACCUSATION,), total: int | None = None, known_at: dt.datetime | None = None) -> ActorView:
    scope = Scope(known_at=known_at)
    return ActorView(ActorRelations("PRK", scope, D(2024, 11, 30), states, recent, total or len(states)), NAMES)


def diff_view(rows: tuple, actor: str | None = "PRK", known_at: dt.datetime | None = None) -> DiffView:
    return DiffView(RelationsDiff(actor, D(2023, 12, 31), D(2024, 11, 30), Scope(known_at=known_at), rows), NAMES)


DIFF_ROWS = (
    DiffRow("PRK", "RUS", 1.03, "cooperative", 2, 4.12, "allied", 5, "changed", 3, (MEETING, ACCUSATION)),
    DiffRow("PRK", "UNC", 0.0, "neutral", 0, -0.41, "neutral", 2, "appeared", 2),
    DiffRow("PRK", "USA", -1.5, "tense", 2, -0.6, "neutral", 2, "quiet", 0),
)
KNOWN = dt.datetime(2024, 12, 1, 8, 0, tzinfo=dt.timezone.utc)
VIEWS = {
    "actor": actor_view((RUS, USA)),
    "actor, more partners, known at": actor_view((RUS, USA), (MEETING, ACCUSATION), total=7, known_at=KNOWN),
    "actor, no relations": actor_view(()),
    "actor, no recent events": actor_view((USA,), ()),
    "diff": diff_view(DIFF_ROWS),
    "diff of every pair, known at": diff_view(DIFF_ROWS, None, KNOWN),
    "diff, nothing changed": diff_view(()),
    "pair": PairView(
        PairHistory(
            "PRK", "USA", Scope(as_of=D(2024, 11, 30)), D(2024, 11, 30), USA,
            (SidePoint(D(2024, 1, 1), 0.0), SidePoint(D(2024, 6, 1), -0.8), SidePoint(D(2024, 11, 30), -1.5)),
            (ACCUSATION, MEETING), 7,
        ),
        NAMES,
    ),
    "pair, no series, known at": PairView(
        PairHistory("PRK", "RUS", Scope(known_at=KNOWN), D(2024, 11, 30), RUS, (), (MEETING,), 1), NAMES
    ),
    "log": LogView(EventPage((MEETING, ACCUSATION), total=5, offset=3), "actor PRK"),
    "log, all of it": LogView(EventPage((MEETING,), total=1, offset=0)),
    "log, nothing": LogView(EventPage((), total=0, offset=0), "type MissileLaunched"),
}


@pytest.mark.parametrize("name", list(VIEWS))
@pytest.mark.parametrize("width", [30, 45, 60, 80, 100, 120, 200])
def test_plain_text_is_what_rich_prints(name: str, width: int) -> None:
    view = VIEWS[name]
    text = plain_or_none(view, width)
    if width >= 60:
        assert text is not None  # the layouts the CLI prints at its usual widths need no Rich
    if text is not None:
        assert text == rich_text(view, width)


# Article text and names as they come: wide characters, combining marks, long words, runs of
# spaces, newlines, tabs, markup-like brackets and escape sequences.
untrusted = st.lists(
    st.sampled_from(list("ab Zé 한국語\u0301[]/\n\t\x1b…·—-") + ["Pyongyang", "  ", "North Korea's", "x" * 45]), max_size=30
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    evidence=untrusted, title=untrusted, partner_name=untrusted, source=untrusted,
    width=st.integers(min_value=20, max_value=160),
)
def test_plain_text_matches_rich_for_any_article_text(evidence: str, title: str, partner_name: str, source: str, width: int) -> None:
    names = {**NAMES, "RUS": partner_name}
    article = ArticleRef("751ae23b-0000-4000-8000-000000000000", title, "2023-11-14", source)
    e = event("AccusationMade", D(2024, 10, 31), ("USA",), ("PRK",), evidence, article=article, attributed_to=(partner_name,))
    state = dataclasses.replace(RUS, last_event=e)
    for view in (
        ActorView(ActorRelations("PRK", Scope(), D(2024, 11, 30), (state, USA), (e, MEETING), 2), names),
        PairView(PairHistory("PRK", "RUS", Scope(), D(2024, 11, 30), state, (SidePoint(D(2024, 1, 1), 1.0),), (e,), 3), names),
        LogView(EventPage((e, MEETING), total=2, offset=0), partner_name),
        DiffView(RelationsDiff("PRK", D(2023, 12, 31), D(2024, 11, 30), Scope(), (dataclasses.replace(DIFF_ROWS[0], drivers=(e,)),)), names),
    ):
        text = plain_or_none(view, width)
        if text is not None:
            assert text == rich_text(view, width)
        assert "\x1b" not in (text or "")


def test_emit_to_a_pipe_prints_the_plain_text_and_json_unchanged() -> None:
    view = VIEWS["diff"]
    consoles = []

    def console():  # noqa: ANN202 - what emit_to calls only if it needs Rich
        consoles.append(make_console(file=io.StringIO(), width=120))
        return consoles[-1]

    out = io.StringIO()
    emit_to(view, out, console)
    assert out.getvalue() == rich_text(view, int(os.environ.get("COLUMNS", "0")) or out_width())
    assert consoles == []
    out = io.StringIO()
    emit_to(view, out, console, as_json=True)
    assert out.getvalue().startswith('{\n  "actor": "PRK"')
    assert consoles == []


def out_width() -> int:
    return layout.plain_width(io.StringIO()) or 80


def test_a_terminal_or_forced_colour_gets_rich() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert layout.plain_width(Tty()) is None
    assert layout.plain_width(io.StringIO(), {"FORCE_COLOR": "1"}) is None
    assert layout.plain_width(io.StringIO(), {"TTY_COMPATIBLE": "1"}) is None
    assert layout.plain_width(Tty(), {"TTY_COMPATIBLE": "0", "COLUMNS": "97"}) == 97
    assert layout.plain_width(io.StringIO(), {"COLUMNS": "97"}) == 97
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert layout.plain_width(ascii_out, {"COLUMNS": "97"}) is None


def test_plain_width_is_the_width_rich_would_use() -> None:
    from rich.console import Console

    for environ in ({"COLUMNS": "97"}, {"COLUMNS": "x"}, {}):
        out = io.StringIO()
        assert layout.plain_width(out, environ) == Console(file=out, _environ=environ).width


@pytest.mark.parametrize("args", [["show", "--actor", "PRK"], ["diff", "2023-12-31", "2024-11-30", "--actor", "PRK"]])
def test_show_and_diff_to_a_pipe_load_no_rich_console(tmp_path: Path, args: list[str]) -> None:
    """The point of `__plain__`: Rich's console and tables are ~60 ms of imports alone."""
    from tests.cli.test_relations_cli import fill

    db = str(tmp_path / "store.db")
    fill(db)
    env = {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(ROOT)}
    env.pop("FORCE_COLOR", None)
    env.pop("TTY_COMPATIBLE", None)
    script = (
        "import sys, runpy\n"
        "sys.argv = ['timeline', '--db', sys.argv[1], *sys.argv[2:]]\n"
        "try:\n    runpy.run_module('timeline', run_name='__main__')\n"
        "finally:\n    sys.stderr.write(' '.join(m for m in ('rich.console', 'rich.table', 'rich.text', 'pendulum', 'eventsourcing') if m in sys.modules))\n"
    )
    # A first run catches the read model up with the store (that opens it); the second is the view alone.
    subprocess.run([sys.executable, "-c", script, db, *args], env=env, capture_output=True, check=True, cwd=ROOT)
    done = subprocess.run([sys.executable, "-c", script, db, *args], env=env, capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    assert "North Korea" in done.stdout
