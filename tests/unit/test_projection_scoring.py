"""The scoring formula: edges, decay, shrinkage, stances, trend."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.projections import scoring


def test_a_directed_act_is_an_edge_from_each_end() -> None:
    assert list(scoring.edges("SanctionsImposed", ("USA",), ("PRK", "RUS"), "done")) == [
        ("USA", "PRK", "out", -8.0),
        ("PRK", "USA", "in", -8.0),
        ("USA", "RUS", "out", -8.0),
        ("RUS", "USA", "in", -8.0),
    ]


def test_a_meeting_is_joint_between_every_pair_of_participants() -> None:
    edges = list(scoring.edges("MeetingHeld", ("PRK", "RUS", "CHN"), (), "done"))
    assert {(a, b) for a, b, d, w in edges} == {
        ("PRK", "RUS"), ("RUS", "PRK"), ("PRK", "CHN"), ("CHN", "PRK"), ("RUS", "CHN"), ("CHN", "RUS")
    }
    assert {d for _a, _b, d, _w in edges} == {"joint"}
    assert {w for *_x, w in edges} == {1.0}


def test_a_joint_drill_is_cooperation_among_its_members_and_a_show_of_force_to_its_target() -> None:
    edges = set(scoring.edges("DrillAnnounced", ("USA", "KOR"), ("PRK",), "done"))
    assert ("USA", "KOR", "joint", 7.4) in edges
    assert ("USA", "PRK", "out", -7.2) in edges and ("KOR", "PRK", "out", -7.2) in edges


def test_an_actor_is_never_its_own_partner() -> None:
    assert list(scoring.edges("AccusationMade", ("PRK",), ("PRK",), "done")) == []


def test_a_planned_act_weighs_half_a_done_one() -> None:
    assert scoring.weight("SanctionsImposed", "planned") == pytest.approx(-4.0)
    assert scoring.weight("SanctionsImposed", "announced") == pytest.approx(-6.0)


def test_an_event_one_half_life_old_counts_half() -> None:
    day = dt.date(2024, 1, 1).toordinal()
    nx = scoring.growth(day)
    later = day + int(scoring.HALF_LIFE_DAYS)
    assert nx * scoring.decay_factor(later) == pytest.approx(0.5)


def test_shrinkage_keeps_a_single_event_from_deciding_the_stance() -> None:
    day = dt.date(2024, 1, 1).toordinal()
    nx = scoring.growth(day)
    one_agreement = scoring.score(8.0 * nx, nx, day)
    assert one_agreement == pytest.approx(8.0 / 3.0)
    assert scoring.stance(one_agreement) == "cooperative"
    two_sanctions = scoring.score(-16.0 * nx, 2 * nx, day)
    assert scoring.stance(two_sanctions) == "hostile"
    assert scoring.stance(scoring.score(-7.2 * nx, nx, day)) == "tense"  # one missile launch


@pytest.mark.parametrize(
    ("value", "stance"),
    [(9.0, "allied"), (3.5, "allied"), (3.49, "cooperative"), (1.0, "cooperative"), (0.99, "neutral"),
     (-1.0, "neutral"), (-1.01, "tense"), (-3.5, "tense"), (-3.51, "hostile")],
)
def test_stance_thresholds(value: float, stance: str) -> None:
    assert scoring.stance(value) == stance


def test_trend_labels() -> None:
    assert scoring.trend_label(0.6, True) == "rising"
    assert scoring.trend_label(-0.6, True) == "falling"
    assert scoring.trend_label(0.2, True) == "steady"
    assert scoring.trend_label(3.0, False) == "new"
