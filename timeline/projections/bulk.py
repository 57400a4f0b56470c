"""The rebuild as set-based SQL: the database decodes the stored JSON and fills the tables itself.

Replaying the log through Python (`projector._BatchWriter`) decodes every row with
`json.loads`, builds tuples and sends them back one by one: at a million events that is
about two minutes, 35–50 times a bare SELECT of the rows. Here the database does the
per-row work in C, in one transaction:

1. the stored rows' JSON is read where it lies (`json_extract` on SQLite, `jsonb` on
   PostgreSQL) into a temporary table of events, one row per diplomatic event (a
   correction's replacement included), and one of retractions;
2. what needs the domain's rules is worked out in Python once per *distinct* value, not
   per row: a `When` (start, end, precision, rule) gives its day, ISO forms, month, year
   and decay numerator; a (type, source, target, modality) gives the event's weight and
   its edges (`scoring.edges`) and the actors involved; these go into small lookup tables;
3. `INSERT … SELECT` joins the events to the lookups and fills `rel_event`, `rel_edge`
   (sorted in key order), `rel_involvement`, the month and count sums (over the standing
   edges, grouped over all of them, as the incremental path leaves a bucket whose events
   were all retracted at zero), `rel_article`; then the secondary indexes.

The tables are dropped and recreated in the same transaction, so a rebuild that fails or
is killed leaves the previous read model as it was, and a concurrent command waits for it
rather than reading half a model.

Anything this path does not recognise makes it give up before committing
(`Unsupported`): a compressed or encrypted store, an event type this version does not
know (a row that would need upcasting), a missing field, a record time not in UTC. The
caller then replays the log through Python, which reads such rows through the library.
`tests/unit/test_projection_bulk.py` holds the two paths to the same tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from events import EVENT_TYPES
from timeline.projections import scoring
from timeline.projections.database import Database, Tx
from timeline.store import FACT_TOPICS, TimelineStore

__all__ = ["STEPS", "Unsupported", "rebuild", "supported"]


_TRAILING_KEY = re.compile(r", PRIMARY KEY \(([^)]*)\)\)$")


_LOADED_WITHOUT_KEY = frozenset({"rel_edge", "rel_involvement", "rel_month", "rel_count"})


class Unsupported(Exception):
    """The store holds something the set-based rebuild does not read; replay it instead."""


def supported(store: TimelineStore, db: Database) -> bool:
    """Whether the rows are plain JSON in an events table this module can read."""
    mapper = store.mapper
    if getattr(mapper, "cipher", None) or getattr(mapper, "compressor", None):
        return False
    return db.kind in ("sqlite", "postgres") and hasattr(store.recorder, "events_table_name")


# The fields of a diplomatic event, as JSON paths below the wrapped event (`{"_type_": …, "_data_": …}`),
# in the order of the columns of `rb_ev` after (pos, article, ts).
_EVENT_FIELDS = (
    ("type", "._type_"),
    ("id_hex", "._data_.id._data_"),
    ("w_start", "._data_.when._data_.start._data_"),
    ("w_end", "._data_.when._data_.end._data_"),
    ("w_prec", "._data_.when._data_.precision"),
    ("w_rule", "._data_.when._data_.rule"),
    ("src", "._data_.source"),
    ("tgt", "._data_.target"),
    ("attr", "._data_.attributed_to"),
    ("evidence", "._data_.evidence._data_.text"),
    ("ev_start", "._data_.evidence._data_.start"),
    ("ev_end", "._data_.evidence._data_.end"),
    ("confidence", "._data_.confidence"),
    ("ex_name", "._data_.extractor._data_.name"),
    ("ex_version", "._data_.extractor._data_.version"),
    ("modality", "._data_.modality"),
)
_REQUIRED = ("ts", "type", "id_hex", "w_start", "w_end", "w_prec", "w_rule", "src", "tgt", "attr", "evidence",
             "ev_start", "ev_end", "confidence", "ex_name", "ex_version", "modality")
_BASES = {"recorded": "$.fact", "corrected": "$.fact._data_.replacement"}


def rebuild(store: TimelineStore, db: Database, tables: Sequence[str], ddl: Sequence[str], indexes: Sequence[str],
            name: str, version: str, stale: Callable[[Tx], bool] | None = None,
            on_step: Callable[[str, int, int], None] | None = None) -> tuple[int, int] | None:
    """Drop and refill the relations tables in one transaction; the position it reached and
    the stored rows up to it (fewer on PostgreSQL, whose positions have gaps).

    `tables`, `ddl` and `indexes` are the projector's (drop, create, index after the load);
    the tracking row is written last with `version`. Raises `Unsupported` (having changed
    nothing) when the store holds rows this path does not read. With `stale`, asked once
    the transaction holds the lock, returns None without doing anything if it says no.
    `on_step(description, steps done, steps)` is told as each step starts.
    """
    dialect: _Dialect = _SQLite(store) if db.kind == "sqlite" else _Postgres(store)
    count = iter(range(len(STEPS) + 1))

    def step(description: str) -> None:
        if on_step is not None:
            on_step(description, next(count), len(STEPS))

    with db.write() as tx:
        dialect.lock(tx)
        if stale is not None and not stale(tx):
            return None
        position = dialect.last_position(tx)
        rows = dialect.rows_up_to(tx, position)
        dialect.drop_temp(tx)
        step(STEPS[0])
        dialect.extract(tx, position)
        # (the planner needs the statistics of rb_ev's join keys, not of its evidence text)
        dialect.analyze(tx, "rb_ev", ("pos", "w_start", "w_end", "w_prec", "w_rule", "type", "src", "tgt", "modality", "attr", "id_hex"))
        for table in ("rb_rt", "rb_art"):
            dialect.analyze(tx, table)
        step(STEPS[1])
        _check(tx, dialect)
        _lookups(tx, dialect)
        for table in tables:
            tx.execute(f"DROP TABLE IF EXISTS {table}")
        creates, keys = dialect.deferred_keys(ddl)
        for statement in creates:
            tx.execute(statement)
        _fill(tx, dialect, position, step)
        step(STEPS[6])
        for statement in (*keys, *indexes):
            tx.execute(statement)
        tx.execute("INSERT INTO rel_tracking (name, position, version) VALUES (?, ?, ?)", (name, position, version))
        dialect.drop_temp(tx)
        step(STEPS[7])
    step("done")
    return position, rows


STEPS = (
    "reading the stored events",
    "working out dates and edges",
    "writing events",
    "writing edges",
    "writing who took part",
    "summing months and years",
    "indexing",
    "committing",
)
"""The steps a progress display counts (`on_step`)."""


# ---------------------------------------------------------------- dialects


class _Dialect:
    temp_tables = ("rb_ev", "rb_rt", "rb_rtf", "rb_art", "rb_when", "rb_combo", "rb_cedge", "rb_cact", "rb_attr", "rb_x", "rb_cm")

    def __init__(self, store: TimelineStore) -> None:
        self.table = store.recorder.events_table_name  # type: ignore[attr-defined]

    def last_position(self, tx: Tx) -> int:
        raise NotImplementedError

    def rows_up_to(self, tx: Tx, position: int) -> int:
        """How many stored rows hold positions up to `position`."""
        raise NotImplementedError

    def lock(self, tx: Tx) -> None:
        """Make rebuilds of the same store wait for each other (SQLite's write lock already does)."""

    def deferred_keys(self, ddl: Sequence[str]) -> tuple[list[str], list[str]]:
        """The CREATE statements to load into, and the statements that add their keys after the load."""
        return list(ddl), []

    def drop_temp(self, tx: Tx) -> None:
        for t in self.temp_tables:
            tx.execute(f"DROP TABLE IF EXISTS {t}")

    def extract(self, tx: Tx, position: int) -> None:
        raise NotImplementedError

    def micros(self, column: str) -> str:
        """SQL for a record time (ISO text) as microseconds since 1970."""
        raise NotImplementedError

    def dashed(self, column: str) -> str:
        """SQL for a uuid's 32 hex digits as `str(uuid)` writes them."""
        raise NotImplementedError

    def bad_times(self) -> str:
        """A condition true of a record time this dialect's `micros` cannot read exactly."""
        return "FALSE"

    def bad_article(self) -> str:
        """A condition true of an originator id this dialect cannot turn into an article id."""
        return "FALSE"

    def bad_hex(self, column: str) -> str:
        """A condition true of 32 hex digits `dashed` would not write as Python does."""
        return "FALSE"

    def analyze(self, tx: Tx, table: str, columns: Sequence[str] = ()) -> None:
        """Statistics for the planner on a temporary table (on `columns`, if given), where it needs them."""

    def first_retractions(self) -> str:
        """SELECT of the first retraction of each event: (event_hex, at, rep_hex)."""
        raise NotImplementedError


class _SQLite(_Dialect):
    def last_position(self, tx: Tx) -> int:
        return int(tx.execute(f'SELECT coalesce(max(rowid), 0) FROM "{self.table}"')[0][0])

    def rows_up_to(self, tx: Tx, position: int) -> int:
        return int(tx.execute(f'SELECT count(*) FROM "{self.table}" WHERE rowid <= ?', (position,))[0][0])

    def extract(self, tx: Tx, position: int) -> None:
        # One json_extract per field: SQLite keeps the row's parse between them (measured
        # faster than one json_extract of every path followed by ->> on the array it returns).
        tx.execute(
            # Columns without a type keep each value as the JSON gave it (no affinity conversions).
            "CREATE TEMP TABLE rb_ev (pos INTEGER PRIMARY KEY, article TEXT, ts TEXT, "
            + ", ".join(c for c, _ in _EVENT_FIELDS) + ")"
        )
        for kind, base in _BASES.items():
            fields = ", ".join(
                ["json_extract(CAST(state AS TEXT), '$.timestamp._data_')",
                 *(f"json_extract(CAST(state AS TEXT), '{base}{p}')" for _, p in _EVENT_FIELDS)]
            )
            tx.execute(
                f'INSERT INTO rb_ev SELECT rowid, originator_id, {fields} FROM "{self.table}" WHERE topic = ? AND rowid <= ?',
                (FACT_TOPICS[kind], position),
            )
        tx.execute(
            f"CREATE TEMP TABLE rb_rt AS SELECT rowid AS pos, "
            f"json_extract(CAST(state AS TEXT), '$.timestamp._data_') AS ts, "
            f"json_extract(CAST(state AS TEXT), '$.fact._data_.event_id._data_') AS event_hex, "
            f"json_extract(CAST(state AS TEXT), '$.fact._data_.replacement._data_.id._data_') AS rep_hex "
            f"FROM \"{self.table}\" WHERE topic IN (?, ?) AND rowid <= ?",
            (FACT_TOPICS["retracted"], FACT_TOPICS["corrected"], position),
        )
        tx.execute(
            "CREATE TEMP TABLE rb_art AS SELECT rowid AS pos, j->>0 AS ts, j->>1 AS id_hex, j->>2 AS title, j->>3 AS source, "
            "j->>4 AS url, j->>5 AS path, j->>6 AS published FROM (SELECT rowid, json_extract(CAST(state AS TEXT), "
            "'$.timestamp._data_', '$.fact._data_.article_id._data_', '$.fact._data_.title', '$.fact._data_.source', "
            f"'$.fact._data_.url', '$.fact._data_.path', '$.fact._data_.published._data_') AS j FROM \"{self.table}\" "
            "WHERE topic = ? AND rowid <= ?)",
            (FACT_TOPICS["ingested"], position),
        )

    def micros(self, column: str) -> str:
        # Whole seconds from the text without its fraction (strftime would round to milliseconds),
        # then the six digits of the fraction: exact. `bad_times` sends anything else to Python.
        return (
            f"(CAST(strftime('%s', substr({column}, 1, 19)) AS INTEGER) * 1000000 "
            f"+ CASE WHEN length({column}) = 32 THEN CAST(substr({column}, 21, 6) AS INTEGER) ELSE 0 END)"
        )

    def bad_times(self) -> str:
        return ("NOT (length(ts) IN (25, 32) AND substr(ts, -6) = '+00:00' AND substr(ts, 11, 1) = 'T' "
                "AND (length(ts) = 25 OR substr(ts, 20, 1) = '.'))")

    def bad_article(self) -> str:
        return "length(article) <> 32 OR article <> lower(article)"

    def bad_hex(self, column: str) -> str:
        return f"{column} <> lower({column})"

    def dashed(self, column: str) -> str:
        # Lower case already (`bad_hex` sends anything else to Python): no lower() per slice.
        c = column
        return (f"(substr({c}, 1, 8) || '-' || substr({c}, 9, 4) || '-' || substr({c}, 13, 4) || '-' "
                f"|| substr({c}, 17, 4) || '-' || substr({c}, 21, 12))")

    def first_retractions(self) -> str:
        # SQLite takes the other columns of a min() aggregate from the row with the minimum.
        return "SELECT event_hex, min(pos) AS pos, ts, rep_hex FROM rb_rt GROUP BY event_hex"


class _Postgres(_Dialect):
    def last_position(self, tx: Tx) -> int:
        return int(tx.execute(f'SELECT coalesce(max(notification_id), 0) FROM "{self.table}"')[0][0])

    def rows_up_to(self, tx: Tx, position: int) -> int:
        return int(tx.execute(f'SELECT count(*) FROM "{self.table}" WHERE notification_id <= ?', (position,))[0][0])

    def lock(self, tx: Tx) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(hashtext('timeline relations rebuild'))")
        tx.execute("SET LOCAL work_mem = '64MB'")  # the sorts and hashes of a million rows in memory, not on disk
        # Room for the temporary tables (8 MB by default: they would go through the disk).
        # PostgreSQL refuses the change once a session has used a temporary table.
        tx.execute("SAVEPOINT rb_buffers")
        try:
            tx.execute("SET LOCAL temp_buffers = '256MB'")
        except Exception:  # noqa: BLE001 - psycopg's error for the refusal; the default will do
            tx.execute("ROLLBACK TO SAVEPOINT rb_buffers")
        else:
            tx.execute("RELEASE SAVEPOINT rb_buffers")

    def deferred_keys(self, ddl: Sequence[str]) -> tuple[list[str], list[str]]:
        # A primary key built once over the loaded rows (a sort) rather than row by row.
        creates, keys = [], []
        for statement in ddl:
            match = _TRAILING_KEY.search(statement)
            table = statement.split("EXISTS", 1)[1].split("(", 1)[0].strip()
            if match is None or table not in _LOADED_WITHOUT_KEY:
                creates.append(statement)  # (rel_article's key is what its insert skips duplicates by)
                continue
            creates.append(statement[: match.start()] + ")")
            keys.append(f"ALTER TABLE {table} ADD PRIMARY KEY ({match.group(1)})")
        return creates, keys

    def drop_temp(self, tx: Tx) -> None:
        tx.execute("DROP TABLE IF EXISTS " + ", ".join(f"pg_temp.{t}" for t in self.temp_tables))

    def extract(self, tx: Tx, position: int) -> None:
        def path(p: str) -> str:
            return "{" + ",".join(p.strip(".").split(".")) + "}"

        columns = ", ".join(
            f"(f #{'>' if c in ('src', 'tgt', 'attr') else '>>'} '{path(p)}'){'::text' if c in ('src', 'tgt', 'attr') else ''} AS {c}"
            for c, p in _EVENT_FIELDS
        )
        # Parsing every row's JSON is most of this step's work, and the planner does not know
        # it: told that parallel workers cost nothing to start, it has them share the parse
        # (100k events: 1.35 s, not 2.2 s). For these statements only.
        tx.execute("SET LOCAL parallel_setup_cost = 0")
        tx.execute("SET LOCAL parallel_tuple_cost = 0")
        # OFFSET 0 keeps the planner from inlining the subqueries: each row's JSON is parsed
        # once, not once per field read from it.
        tx.execute(
            f"CREATE TEMP TABLE rb_ev AS SELECT pos, article, ts, {columns} FROM ("
            "SELECT pos, article, j #>> '{timestamp,_data_}' AS ts, "
            "CASE WHEN topic = ? THEN j -> 'fact' ELSE j #> '{fact,_data_,replacement}' END AS f FROM ("
            "SELECT notification_id AS pos, originator_id::text AS article, topic, convert_from(state, 'UTF8')::jsonb AS j "
            f'FROM "{self.table}" WHERE topic IN (?, ?) AND notification_id <= ? OFFSET 0) AS raw OFFSET 0) AS ev',
            (FACT_TOPICS["recorded"], FACT_TOPICS["recorded"], FACT_TOPICS["corrected"], position),
        )
        tx.execute(
            "CREATE TEMP TABLE rb_rt AS SELECT pos, j #>> '{timestamp,_data_}' AS ts, j #>> '{fact,_data_,event_id,_data_}' AS event_hex, "
            "j #>> '{fact,_data_,replacement,_data_,id,_data_}' AS rep_hex FROM (SELECT notification_id AS pos, "
            f"convert_from(state, 'UTF8')::jsonb AS j FROM \"{self.table}\" WHERE topic IN (?, ?) AND notification_id <= ? OFFSET 0) AS raw",
            (FACT_TOPICS["retracted"], FACT_TOPICS["corrected"], position),
        )
        tx.execute(
            "CREATE TEMP TABLE rb_art AS SELECT pos, j #>> '{timestamp,_data_}' AS ts, j #>> '{fact,_data_,article_id,_data_}' AS id_hex, "
            "j #>> '{fact,_data_,title}' AS title, j #>> '{fact,_data_,source}' AS source, j #>> '{fact,_data_,url}' AS url, "
            "j #>> '{fact,_data_,path}' AS path, j #>> '{fact,_data_,published,_data_}' AS published FROM ("
            "SELECT notification_id AS pos, convert_from(state, 'UTF8')::jsonb AS j "
            f"FROM \"{self.table}\" WHERE topic = ? AND notification_id <= ? OFFSET 0) AS raw",
            (FACT_TOPICS["ingested"], position),
        )
        tx.execute("SET LOCAL parallel_setup_cost TO DEFAULT")
        tx.execute("SET LOCAL parallel_tuple_cost TO DEFAULT")

    def analyze(self, tx: Tx, table: str, columns: Sequence[str] = ()) -> None:
        listed = f" ({', '.join(columns)})" if columns else ""
        tx.execute(f"ANALYZE {table}{listed}")  # temporary tables get no autovacuum statistics

    def micros(self, column: str) -> str:
        return f"(extract(epoch FROM ({column})::timestamptz) * 1000000)::bigint"

    def dashed(self, column: str) -> str:
        return f"(({column})::uuid)::text"

    def first_retractions(self) -> str:
        return "SELECT DISTINCT ON (event_hex) event_hex, pos, ts, rep_hex FROM rb_rt ORDER BY event_hex, pos"


# ---------------------------------------------------------------- checks and lookups


def _check(tx: Tx, dialect: _Dialect) -> None:
    """Give up (before anything is dropped) on rows this path would read wrong."""
    missing = " OR ".join(f"{c} IS NULL" for c in _REQUIRED)
    if tx.execute(f"SELECT count(*) FROM rb_ev WHERE {missing} OR length(id_hex) <> 32 OR {dialect.bad_hex('id_hex')} "
                  f"OR {dialect.bad_times()} OR {dialect.bad_article()}")[0][0]:
        raise Unsupported("an event the set-based rebuild cannot read")
    bad = tx.execute(
        f"SELECT count(*) FROM rb_rt WHERE ts IS NULL OR event_hex IS NULL OR length(event_hex) <> 32 OR {dialect.bad_hex('event_hex')} "
        f"OR (rep_hex IS NOT NULL AND (length(rep_hex) <> 32 OR {dialect.bad_hex('rep_hex')})) OR {dialect.bad_times()}"
    )[0][0]
    bad += tx.execute(
        f"SELECT count(*) FROM rb_art WHERE ts IS NULL OR id_hex IS NULL OR length(id_hex) <> 32 OR {dialect.bad_hex('id_hex')} "
        "OR published IS NULL "
        f"OR title IS NULL OR source IS NULL OR url IS NULL OR path IS NULL OR {dialect.bad_times()}"
    )[0][0]
    if bad:
        raise Unsupported("a retraction or article the set-based rebuild cannot read")


def _insert(tx: Tx, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    tx.copy_rows(table, [c.strip() for c in columns.split(",")], list(rows))


def _lookups(tx: Tx, dialect: _Dialect) -> None:
    """The small tables of what each distinct date and each distinct (type, actors, modality) comes to."""
    from timeline.projections.log import when_fields
    from timeline.projections.projector import _day_facts

    t = "CREATE TEMP TABLE"
    tx.execute(f"{t} rb_when (wid INTEGER PRIMARY KEY, w_start TEXT, w_end TEXT, w_prec TEXT, w_rule TEXT, "
               "day INTEGER, iso TEXT, iso_end TEXT, rule TEXT, month INTEGER, year INTEGER, nx DOUBLE PRECISION)")
    rows = []
    for wid, (start, end, precision, rule) in enumerate(tx.execute("SELECT DISTINCT w_start, w_end, w_prec, w_rule FROM rb_ev")):
        try:
            day, iso, iso_end, rule_value = when_fields(start, end, precision, rule)
        except (TypeError, ValueError) as e:
            raise Unsupported(f"a date the set-based rebuild cannot read ({e})") from e
        nx, month, year = _day_facts(day)
        rows.append((wid, start, end, precision, rule, day, iso, iso_end, rule_value, month, year, nx))
    _insert(tx, "rb_when", "wid, w_start, w_end, w_prec, w_rule, day, iso, iso_end, rule, month, year, nx", rows)
    tx.execute("CREATE INDEX rb_when_key ON rb_when (w_start, w_end, w_prec, w_rule)")

    tx.execute(f"{t} rb_combo (cid INTEGER PRIMARY KEY, type TEXT, src TEXT, tgt TEXT, modality TEXT, "
               "source TEXT, target TEXT, weight DOUBLE PRECISION)")
    tx.execute(f"{t} rb_cedge (cid INTEGER, a TEXT, b TEXT, dir TEXT, w DOUBLE PRECISION)")
    tx.execute(f"{t} rb_cact (cid INTEGER, actor TEXT)")
    combos, edges, actors = [], [], []
    distinct = tx.execute("SELECT DISTINCT type, src, tgt, modality FROM rb_ev")
    unknown = {r[0] for r in distinct} - set(EVENT_TYPES)
    if unknown:  # (before anything is dropped: the rows need the library's upcasting)
        raise Unsupported(f"event types this version does not know: {', '.join(sorted(unknown))}")
    for cid, (type_name, src, tgt, modality) in enumerate(distinct):
        source, target = _codes(src), _codes(tgt)
        combos.append((cid, type_name, src, tgt, modality, " ".join(source), " ".join(target), scoring.weight(type_name, modality)))
        edges.extend((cid, a, b, d, w) for a, b, d, w in scoring.edges(type_name, source, target, modality))
        actors.extend((cid, actor) for actor in dict.fromkeys(source + target))
    _insert(tx, "rb_combo", "cid, type, src, tgt, modality, source, target, weight", combos)
    _insert(tx, "rb_cedge", "cid, a, b, dir, w", edges)
    _insert(tx, "rb_cact", "cid, actor", actors)
    tx.execute("CREATE INDEX rb_combo_key ON rb_combo (type, src, tgt, modality)")
    tx.execute("CREATE INDEX rb_cedge_cid ON rb_cedge (cid, a, b, dir, w)")  # covering: the joins read only the index
    tx.execute("CREATE INDEX rb_cact_cid ON rb_cact (cid, actor)")

    tx.execute(f"{t} rb_attr (attr TEXT PRIMARY KEY, codes TEXT)")
    _insert(tx, "rb_attr", "attr, codes", [(a, " ".join(_codes(a))) for (a,) in tx.execute("SELECT DISTINCT attr FROM rb_ev")])

    tx.execute(f"{t} rb_rtf AS {dialect.first_retractions()}")
    tx.execute("CREATE INDEX rb_rtf_event ON rb_rtf (event_hex)")
    for table in ("rb_when", "rb_combo", "rb_cedge", "rb_cact", "rb_attr", "rb_rtf"):
        dialect.analyze(tx, table)


def _codes(value: str) -> tuple[str, ...]:
    """An actor list as the JSON text the database returned for it."""
    codes = json.loads(value)
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise Unsupported(f"an actor list the set-based rebuild cannot read: {value[:60]}")
    return tuple(codes)


# ---------------------------------------------------------------- the load


def _fill(tx: Tx, dialect: _Dialect, position: int, step: Callable[[str], None] = lambda description: None) -> None:
    step(STEPS[2])
    at, rat = dialect.micros("ev.ts"), dialect.micros("rt.ts")
    t = "CREATE TEMP TABLE"
    # Per event, everything the edge and involvement rows need, keyed by position.
    tx.execute(
        f"{t} rb_x AS SELECT ev.pos AS pos, c.cid AS cid, w.wid AS wid, w.day AS day, w.nx AS nx, w.month AS month, "
        f"w.year AS year, ev.type AS type, {at} AS at, CASE WHEN rt.event_hex IS NULL THEN NULL ELSE {rat} END AS rat, "
        f"CASE WHEN rt.rep_hex IS NULL THEN NULL ELSE {dialect.dashed('rt.rep_hex')} END AS replaced_by "
        "FROM rb_ev ev "
        "JOIN rb_when w ON w.w_start = ev.w_start AND w.w_end = ev.w_end AND w.w_prec = ev.w_prec AND w.w_rule = ev.w_rule "
        "JOIN rb_combo c ON c.type = ev.type AND c.src = ev.src AND c.tgt = ev.tgt AND c.modality = ev.modality "
        "LEFT JOIN rb_rtf rt ON rt.event_hex = ev.id_hex AND rt.pos > ev.pos"
    )
    tx.execute("CREATE UNIQUE INDEX rb_x_pos ON rb_x (pos)")
    dialect.analyze(tx, "rb_x")
    tx.execute(
        "INSERT INTO rel_article (article_id, title, source, url, path, published, recorded_at) "
        f"SELECT {dialect.dashed('id_hex')}, title, source, url, path, published, {dialect.micros('ts')} FROM rb_art "
        "WHERE true ORDER BY pos ON CONFLICT (article_id) DO NOTHING"
    )
    article = "ev.article" if isinstance(dialect, _Postgres) else dialect.dashed("ev.article")
    tx.execute(
        "INSERT INTO rel_event (pos, event_id, article_id, type, day, date_iso, date_end, date_rule, source, target, "
        "attributed, evidence, ev_start, ev_end, confidence, extractor, modality, weight, recorded_at, retracted_at, replaced_by) "
        f"SELECT ev.pos, {dialect.dashed('ev.id_hex')}, {article}, ev.type, x.day, w.iso, w.iso_end, w.rule, c.source, c.target, "
        "a.codes, ev.evidence, CAST(ev.ev_start AS INTEGER), CAST(ev.ev_end AS INTEGER), CAST(ev.confidence AS DOUBLE PRECISION), "
        "ev.ex_name || '/' || ev.ex_version, ev.modality, c.weight, x.at, x.rat, x.replaced_by "
        "FROM rb_ev ev JOIN rb_x x ON x.pos = ev.pos JOIN rb_when w ON w.wid = x.wid JOIN rb_combo c ON c.cid = x.cid "
        "JOIN rb_attr a ON a.attr = ev.attr ORDER BY ev.pos"
    )
    step(STEPS[3])
    tx.execute(
        "INSERT INTO rel_edge (actor, partner, day, pos, dir, type, weight, wx, nx, recorded_at, retracted_at) "
        "SELECT e.a, e.b, x.day, x.pos, e.dir, x.type, e.w, e.w * x.nx, x.nx, x.at, x.rat "
        "FROM rb_x x JOIN rb_cedge e ON e.cid = x.cid ORDER BY e.a, e.b, x.day, x.pos, e.dir"
    )
    step(STEPS[4])
    tx.execute(
        "INSERT INTO rel_involvement (actor, day, pos, type, recorded_at, retracted_at) "
        "SELECT i.actor, x.day, x.pos, x.type, x.at, x.rat FROM rb_x x JOIN rb_cact i ON i.cid = x.cid "
        "ORDER BY i.actor, x.day, x.pos"
    )
    step(STEPS[5])
    # The month sums and yearly counts, first per event kind and month (a combination's edges
    # all share its weights, so w × Σ nx is Σ w × nx), then per edge. Grouped over every
    # event, summed over the standing ones: the incremental path keeps a bucket whose
    # events were all retracted, at zero.
    tx.execute(
        f"{t} rb_cm AS SELECT cid, month, min(year) AS year, min(type) AS type, "
        "sum(CASE WHEN rat IS NULL THEN 1 ELSE 0 END) AS n, sum(CASE WHEN rat IS NULL THEN nx ELSE 0.0 END) AS snx "
        "FROM rb_x GROUP BY cid, month"
    )
    tx.execute(
        "INSERT INTO rel_month (actor, partner, dir, month, n, wx, nx, absx) "
        "SELECT e.a, e.b, e.dir, m.month, sum(m.n), sum(e.w * m.snx), sum(m.snx), sum(abs(e.w) * m.snx) "
        "FROM rb_cm m JOIN rb_cedge e ON e.cid = m.cid GROUP BY e.a, e.b, e.dir, m.month ORDER BY e.a, e.b, e.dir, m.month"
    )
    tx.execute(
        "INSERT INTO rel_count (actor, partner, dir, type, year, n) "
        "SELECT e.a, e.b, e.dir, m.type, m.year, sum(m.n) FROM rb_cm m JOIN rb_cedge e ON e.cid = m.cid "
        "GROUP BY e.a, e.b, e.dir, m.type, m.year ORDER BY e.a, e.b, e.dir, m.type, m.year"
    )
