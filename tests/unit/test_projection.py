"""The relations read model: catch-up, record time, world time, corrections, crash and rebuild."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Sequence

import pytest

from events import (
    EVENT_TYPES,
    ArticleIngested,
    DateRule,
    EventCorrected,
    EventRetracted,
    Evidence,
    ExtractorInfo,
    PersonRef,
    Precision,
    When,
)
from timeline.projections import Relations, RelationsProjection, Scope
from timeline.projections import projector as projector_module
from timeline.projections.fold import fold_relations
from timeline.projections.log import FastLog, LibraryLog, iter_entries
from timeline.store import TimelineStore, article_id_for, open_store

EX = ExtractorInfo("test", "1.0")
D = dt.date

Spec = tuple[str, tuple[str, ...], tuple[str, ...], dt.date]


def make_article(serial: int, specs: Sequence[Spec], modality: str = "done") -> tuple[ArticleIngested, list]:
    """An article with one sentence per event, and the events resting on them."""
    sentences = [f"Sentence {i} of report {serial} tells of a {t} [b]x[/b]." for i, (t, *_rest) in enumerate(specs)]
    text = f"Report {serial}. " + " ".join(sentences or ["Nothing happened."])
    fact = ArticleIngested(
        article_id=article_id_for(text), title=f"Report {serial}", text=text, published=D(2024, 12, 1), source="Wire"
    )
    events = []
    for i, (type_name, source, target, day) in enumerate(specs):
        start = text.index(sentences[i])
        events.append(
            EVENT_TYPES[type_name](
                id=uuid.uuid5(fact.article_id, str(i)),
                when=When.day(day),
                source=source,
                target=target,
                evidence=Evidence(sentences[i], start, start + len(sentences[i])),
                extractor=EX,
                modality=modality,
            )
        )
    return fact, events


def dump(store: TimelineStore) -> dict[str, list[tuple]]:
    """Every row of every read-model table, sorted: what 'the same result' compares."""
    relations = Relations(store, catch_up=False)
    out = {}
    with relations.db.read() as tx:
        for table in ("rel_event", "rel_edge", "rel_involvement", "rel_article", "rel_tracking"):
            rows = [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in tx.execute(f"SELECT * FROM {table}")]
            out[table] = sorted(rows, key=repr)
    relations.close()
    return out


@pytest.fixture
def store(db: str):
    s = open_store(db)
    yield s
    s.close()


def partners(relations: Relations, actor: str, scope: Scope = Scope()) -> dict[str, object]:
    result = relations.actor(actor, scope)
    assert result is not None
    return {s.partner: s for s in result.relations}


def test_catch_up_applies_what_is_new_and_remembers_where_it_got(store: TimelineStore) -> None:
    store.ingest(*make_article(1, [("MeetingHeld", ("PRK", "RUS"), (), D(2024, 6, 19))]))
    relations = Relations(store)
    assert relations.last_catch_up and relations.last_catch_up.applied == 2
    assert relations.projection.position() == store.max_position()
    assert relations.catch_up().applied == 0

    store.ingest(*make_article(2, [("AccusationMade", ("USA",), ("PRK",), D(2024, 7, 1))]))
    assert relations.catch_up().applied == 2
    assert set(partners(relations, "PRK")) == {"RUS", "USA"}
    relations.close()


def test_a_directed_act_counts_for_each_direction_and_a_meeting_for_the_pair(store: TimelineStore) -> None:
    store.ingest(
        *make_article(
            1,
            [
                ("MeetingHeld", ("PRK", "RUS"), (), D(2024, 6, 19)),
                ("DenialIssued", ("RUS",), ("PRK",), D(2024, 6, 20)),
                ("AccusationMade", ("PRK",), ("RUS",), D(2024, 6, 20)),
                ("AccusationMade", ("PRK",), ("RUS",), D(2024, 6, 21)),
            ],
        )
    )
    relations = Relations(store)
    state = partners(relations, "PRK")["RUS"]
    components = {c.direction: c for c in state.components}
    assert components["out"].counts == (("AccusationMade", 2),)
    assert components["in"].counts == (("DenialIssued", 1),)
    assert components["joint"].counts == (("MeetingHeld", 1),)
    assert state.events == 4
    mirrored = {c.direction: c.counts for c in partners(relations, "RUS")["PRK"].components}
    assert mirrored["in"] == (("AccusationMade", 2),)
    relations.close()


def test_as_of_leaves_out_what_happened_later(store: TimelineStore) -> None:
    store.ingest(
        *make_article(
            1,
            [
                ("MeetingHeld", ("PRK", "RUS"), (), D(2023, 9, 13)),
                ("SanctionsImposed", ("USA",), ("PRK",), D(2024, 3, 1)),
            ],
        )
    )
    relations = Relations(store)
    assert set(partners(relations, "PRK", Scope(as_of=D(2023, 12, 31)))) == {"RUS"}
    result = relations.actor("PRK", Scope(as_of=D(2023, 12, 31)))
    assert result and all(e.day <= D(2023, 12, 31) for e in result.recent)
    assert set(partners(relations, "PRK")) == {"RUS", "USA"}
    relations.close()


def test_known_at_replays_what_the_store_held_then_corrections_included(store: TimelineStore) -> None:
    fact, events = make_article(
        1,
        [
            ("MeetingHeld", ("PRK", "RUS"), (), D(2024, 6, 19)),
            ("AccusationMade", ("USA",), ("PRK",), D(2024, 6, 20)),
        ],
    )
    store.ingest(fact, events)
    time.sleep(0.01)
    before_changes = dt.datetime.now(dt.timezone.utc)
    time.sleep(0.01)
    store.retract(fact.article_id, EventRetracted(event_id=events[1].id, reason="misread", by=EX))
    replacement = EVENT_TYPES["AgreementReached"](
        id=uuid.uuid4(), when=events[0].when, source=("PRK", "RUS"), evidence=events[0].evidence, extractor=EX
    )
    store.correct(fact.article_id, EventCorrected(event_id=events[0].id, replacement=replacement, reason="signed", by=EX))

    relations = Relations(store)
    now = partners(relations, "PRK")
    assert set(now) == {"RUS"}
    assert now["RUS"].counts == (("AgreementReached", 1),)

    then = partners(relations, "PRK", Scope(known_at=before_changes))
    assert set(then) == {"RUS", "USA"}
    assert then["RUS"].counts == (("MeetingHeld", 1),)
    log = relations.log(Scope(known_at=before_changes))
    assert [e.type for e in log.events] == ["MeetingHeld", "AccusationMade"]
    relations.close()


def test_a_crash_between_batches_resumes_from_the_last_committed_one(
    store: TimelineStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    projection = RelationsProjection(store)
    projection.catch_up()  # the first use builds the (empty) model; what follows is incremental
    for serial in range(6):
        store.ingest(*make_article(serial, [("VisitMade", ("PRK",), ("RUS",), D(2024, 1, serial + 1))]))
    calls = {"n": 0}
    real_flush = projector_module._BatchWriter.flush

    def failing_flush(self: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        real_flush(self)  # type: ignore[arg-type]

    monkeypatch.setattr(projector_module._BatchWriter, "flush", failing_flush)
    with pytest.raises(RuntimeError):
        projection.catch_up(batch=3)
    assert projection.position() == 6  # two batches of three rows committed, the third rolled back
    monkeypatch.setattr(projector_module._BatchWriter, "flush", real_flush)
    assert projection.catch_up(batch=3).position == store.max_position()
    projection.close()
    incremental = dump(store)
    Relations(store, catch_up=False).rebuild()
    assert dump(store) == incremental


def test_two_catch_ups_at_once_apply_each_batch_once(store: TimelineStore) -> None:
    store.ingest(*make_article(1, [("VisitMade", ("PRK",), ("RUS",), D(2024, 1, 1))]))
    first, second = RelationsProjection(store), RelationsProjection(store)
    position = first.catch_up().position
    store.ingest(*make_article(2, [("VisitMade", ("RUS",), ("PRK",), D(2024, 1, 2))]))
    entries, last = first.reader.read(position + 1, 100)
    assert second.catch_up().applied == 2  # the other process gets there first
    assert first._apply(position, entries, last) is None  # so this batch is not applied twice
    assert first.catch_up().applied == 0
    first.close()
    second.close()
    both = dump(store)
    Relations(store, catch_up=False).rebuild()
    assert dump(store) == both


def test_rebuild_gives_what_the_incremental_path_gave(store: TimelineStore) -> None:
    relations = Relations(store)
    for serial in range(4):
        fact, events = make_article(
            serial,
            [
                ("DrillAnnounced", ("USA", "KOR"), ("PRK",), D(2024, 2, serial + 1)),
                ("StatementIssued", ("PRK",), (), D(2024, 2, serial + 2)),
            ],
        )
        store.ingest(fact, events)
        relations.catch_up()
        if serial == 2:
            store.retract(fact.article_id, EventRetracted(event_id=events[0].id, reason="wrong", by=EX))
            relations.catch_up()
    incremental = dump(store)
    result = relations.rebuild()
    assert result.rebuilt and result.position == store.max_position()
    assert dump(store) == incremental
    relations.close()


def test_a_changed_scoring_version_rebuilds_on_next_use(store: TimelineStore) -> None:
    store.ingest(*make_article(1, [("VisitMade", ("PRK",), ("RUS",), D(2024, 1, 1))]))
    relations = Relations(store)
    with relations.db.write() as tx:
        tx.execute("UPDATE rel_tracking SET version = ?", ("old",))
    again = relations.catch_up()
    assert again.rebuilt and again.position == store.max_position()
    assert set(partners(relations, "PRK")) == {"RUS"}
    relations.close()


def test_the_fast_log_reader_reads_what_the_library_decodes(store: TimelineStore) -> None:
    text = "SEOUL - The ministers met. Pyongyang denied it. Washington accused Moscow."
    fact = ArticleIngested(article_id=article_id_for(text), title="T", text=text, published=D(2023, 11, 14), path="a.txt")
    made = []
    for i, (name, cls) in enumerate(EVENT_TYPES.items()):
        sentence = "Pyongyang denied it."
        start = text.index(sentence)
        made.append(
            cls(
                id=uuid.uuid5(fact.article_id, name),
                when=When(D(2023, 9, 1), D(2023, 9, 30), Precision.MONTH, DateRule.ON_OR_BEFORE) if i % 2 else When.day(D(2023, 9, 3)),
                source=("PRK", "RUS") if cls.symmetric else ("USA",),
                target=() if cls.symmetric else ("PRK", "CHN"),
                people=(PersonRef("Lloyd Austin", "Secretary of Defense", "USA"),),
                attributed_to=("KOR",) if i % 3 else (),
                evidence=Evidence(sentence, start, start + len(sentence)),
                confidence=0.25 + i / 100,
                extractor=EX,
                modality=("done", "ongoing", "announced", "planned")[i % 4],
            )
        )
    store.ingest(fact, made)
    store.retract(fact.article_id, EventRetracted(event_id=made[0].id, reason="no", by=EX, superseded_by=(uuid.uuid4(),)))
    replacement = EVENT_TYPES["VisitMade"](
        id=uuid.uuid4(), when=When.day(D(2023, 9, 4)), source=("USA",), target=("KOR",), evidence=made[1].evidence, extractor=EX
    )
    store.correct(fact.article_id, EventCorrected(event_id=made[1].id, replacement=replacement, reason="fix", by=EX))
    projection = RelationsProjection(store)
    fast = list(iter_entries(FastLog(store, projection.db), batch=7))
    library = list(iter_entries(LibraryLog(store), batch=7))
    projection.close()
    assert fast == library
    assert len(fast) == 1 + len(made) + 1 + 2


def test_the_tables_agree_with_the_pure_fold(store: TimelineStore) -> None:
    fact, events = make_article(
        1,
        [
            ("MeetingHeld", ("PRK", "RUS"), (), D(2023, 9, 13)),
            ("MilitaryCooperation", ("PRK", "RUS"), (), D(2024, 6, 19)),
            ("DenialIssued", ("PRK", "RUS"), ("USA",), D(2023, 11, 14)),
            ("ThreatIssued", ("PRK",), ("KOR", "USA"), D(2024, 10, 1)),
        ],
    )
    store.ingest(fact, events)
    relations = Relations(store)
    for as_of in (None, D(2023, 12, 31), D(2024, 7, 1)):
        scope = Scope(as_of=as_of)
        table = relations.actor("PRK", scope)
        assert table is not None
        folded = fold_relations(store.facts(), "PRK", scope)
        assert [(s.partner, s.counts, s.stance, s.trend) for s in table.relations] == [
            (s.partner, s.counts, s.stance, s.trend) for s in folded
        ]
        for a, b in zip(table.relations, folded):
            assert a.score == pytest.approx(b.score, abs=1e-9)
    relations.close()


def test_log_filters_by_actor_pair_type_and_dates(store: TimelineStore) -> None:
    store.ingest(
        *make_article(
            1,
            [
                ("MeetingHeld", ("PRK", "RUS"), (), D(2023, 9, 13)),
                ("MissileLaunched", ("PRK",), (), D(2024, 1, 14)),
                ("SanctionsImposed", ("USA",), ("RUS",), D(2024, 2, 23)),
                ("AccusationMade", ("USA",), ("PRK",), D(2024, 3, 1)),
            ],
        )
    )
    relations = Relations(store)
    assert [e.type for e in relations.log(actor="PRK").events] == ["MeetingHeld", "MissileLaunched", "AccusationMade"]
    assert [e.type for e in relations.log(actor="PRK", partner="RUS").events] == ["MeetingHeld"]
    assert [e.type for e in relations.log(types=("SanctionsImposed",)).events] == ["SanctionsImposed"]
    assert [e.type for e in relations.log(since=D(2024, 1, 1), until=D(2024, 2, 28)).events] == [
        "MissileLaunched",
        "SanctionsImposed",
    ]
    page = relations.log(limit=2)
    assert page.total == 4 and page.offset == 2
    assert [e.type for e in page.events] == ["SanctionsImposed", "AccusationMade"]
    relations.close()


def test_diff_shows_what_appeared_went_quiet_and_moved(store: TimelineStore) -> None:
    store.ingest(
        *make_article(
            1,
            [
                ("AccusationMade", ("PRK",), ("KOR",), D(2023, 11, 1)),
                ("MeetingHeld", ("PRK", "RUS"), (), D(2023, 9, 13)),
                ("MilitaryCooperation", ("PRK", "RUS"), (), D(2024, 6, 19)),
                ("SanctionsImposed", ("USA",), ("PRK",), D(2024, 8, 1)),
            ],
        )
    )
    relations = Relations(store)
    result = relations.diff(D(2023, 12, 31), D(2024, 11, 30), actor="PRK")
    rows = {r.partner: r for r in result.rows}
    assert rows["USA"].status == "appeared" and rows["USA"].before_events == 0
    assert rows["KOR"].status == "quiet"
    assert rows["RUS"].status == "changed" and rows["RUS"].delta > 0
    assert [e.type for e in rows["RUS"].drivers] == ["MilitaryCooperation"]
    assert relations.diff(D(2024, 6, 1), D(2024, 6, 1), actor="PRK").rows == ()
    relations.close()


def test_the_diffs_drivers_are_each_pairs_heaviest_events_in_the_window(store: TimelineStore) -> None:
    """The drivers of every pair come from one statement now (UNION ALL of each pair's top
    events): they must be what a query per pair gave, by |weight x growth|, then latest day."""
    directed = ["MilitaryAttack", "AccusationMade", "SanctionsImposed", "StatementIssued", "ThreatIssued"]
    specs: list = [
        ("MeetingHeld", ("PRK", "RUS"), (), D(2024, 1 + i % 11, 1 + i % 27)) if i % 3 == 0
        else (directed[i % len(directed)], ("PRK",), (("KOR", "USA", "JPN")[i % 4 % 3],), D(2024, 1 + i % 11, 1 + i % 27))
        for i in range(40)
    ]
    store.ingest(*make_article(1, specs))
    store.ingest(*make_article(2, [("MissileLaunched", ("PRK",), ("JPN",), D(2024, 5, 5))]))
    relations = Relations(store)
    later = dt.datetime.now(dt.timezone.utc)
    for actor, scope in ((None, Scope()), ("PRK", Scope()), ("PRK", Scope(known_at=later))):
        result = relations.diff(D(2023, 12, 31), D(2024, 11, 30), scope, actor=actor)
        assert any(len(r.drivers) == 3 for r in result.rows)
        with relations.db.read() as tx:
            for row in result.rows:
                expected = [
                    int(p) for (p,) in tx.execute(
                        "SELECT pos FROM rel_edge WHERE actor = ? AND partner = ? AND day > ? AND day <= ? "
                        "ORDER BY ABS(wx) DESC, day DESC, pos DESC LIMIT 3",
                        (row.actor, row.partner, D(2023, 12, 31).toordinal(), D(2024, 11, 30).toordinal()),
                    )
                ] if row.window_events else []
                assert [e.position for e in row.drivers] == list(dict.fromkeys(expected))
    relations.close()


def test_each_partners_last_event_is_its_latest_up_to_the_date(store: TimelineStore) -> None:
    """`show` reads every partner's last event in one statement now: the same as a query per partner."""
    directed = ["AccusationMade", "SanctionsImposed", "StatementIssued"]
    specs: list = [
        (directed[i % 3], ("PRK",), (("KOR", "USA", "JPN", "CHN")[i % 4],), D(2024, 1 + i % 11, 1 + (7 * i) % 27)) for i in range(30)
    ]
    store.ingest(*make_article(1, specs))
    relations = Relations(store)
    for scope in (Scope(), Scope(as_of=D(2024, 6, 30)), Scope(known_at=dt.datetime.now(dt.timezone.utc))):
        result = relations.actor("PRK", scope)
        assert result is not None and len(result.relations) == 4
        with relations.db.read() as tx:
            for state in result.relations:
                ((pos,),) = tx.execute(
                    "SELECT pos FROM rel_edge WHERE actor = 'PRK' AND partner = ? AND day <= ? ORDER BY day DESC, pos DESC LIMIT 1",
                    (state.partner, result.as_of.toordinal()),
                )
                assert state.last_event is not None and state.last_event.position == pos
    relations.close()
