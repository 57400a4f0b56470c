"""Commands that write to the store or read it as stored: ingest, export, articles, history."""

from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from events import ArticleIngested, DiplomaticEvent, EventCorrected, EventRetracted
from timeline.cli.common import AppContext, StepProgress, day_type, db_option, json_option, pass_app, time_type
from timeline.corrections import locate
from timeline.export import CSV_FIELDS, csv_row, export_records
from timeline.ingest import PARALLEL_FROM, IngestSummary, default_jobs, extraction_pool, ingest_paths
from timeline.output import emit, plain, safe, to_json_text, write_csv
from timeline.projections import ReadModelFeed, refresh_read_models
from timeline.projections.projector import from_micros
from timeline.sources import count_articles
from timeline.store import StoredFact

__all__ = ["COMMANDS"]


# ---------------------------------------------------------------- ingest


@dataclass
class IngestView:
    summary: IngestSummary

    def to_json(self) -> dict[str, Any]:
        return self.summary.to_json()

    def __rich__(self) -> Any:
        s = self.summary
        table = Table(title="Ingest", show_header=True, header_style="bold", title_justify="left")
        table.add_column("new", justify="right", style="summary.new")
        table.add_column("already present", justify="right")
        table.add_column("failed", justify="right", style="summary.failed" if s.failed else "")
        table.add_column("events added", justify="right")
        table.add_row(str(s.new), str(s.present), str(len(s.failed)), str(s.events))
        if not s.failed:
            return table
        from rich.console import Group

        lines = [plain(f"failed: {e}", "summary.failed") for e in s.failed]
        return Group(table, *lines)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", type=day_type("--published"), help="Publication date for articles that lack one (YYYY-MM-DD).")
@click.option("--source", help="Source name (e.g. Reuters) for articles that lack one.")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None,
    help="Extraction processes for large batches (default: the number of cores).",
)
@db_option
@json_option
@pass_app
def ingest(
    app: AppContext, paths: tuple[Path, ...], published: dt.date | None, source: str | None,
    jobs: int | None, as_json: bool,
) -> None:
    """Read articles, extract their events and append them to the store.

    PATHS are .txt or .md files (with optional front matter: title, source, url,
    published, dateline), folders (read recursively) or .jsonl batches (one article per
    line: title, text, published, source, url). An article already in the store adds
    nothing. Each article is saved whole or not at all; articles that cannot be read are
    listed and the rest are still ingested (exit code 1 if any failed).

    \b
    Examples:
      timeline ingest seeds/
      timeline ingest --published 2024-11-01 --source Reuters article.txt
      timeline ingest batch.jsonl --json
    """
    path_list = list(paths)
    total = count_articles([p for p in path_list if p.exists()])
    workers = (jobs or default_jobs()) if total >= PARALLEL_FROM else 1
    # The workers start before the store is opened: they hold none of its connections.
    with extraction_pool(workers) as pool:
        store = app.store
        # The read model is built as the batches are saved (current first: a rebuild, if one
        # is due, shows its steps); if it cannot be written now, the next view catches up.
        with StepProgress(app.err) as steps:
            feed = ReadModelFeed(store, on_step=steps)
        click.get_current_context().call_on_close(feed.close)
        progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=app.err,
            disable=not app.err.is_terminal,
            transient=True,
        )
        with progress:
            task = progress.add_task("ingesting", total=total or None)
            summary = ingest_paths(
                store, path_list, published, source,
                on_article=lambda _path: progress.advance(task), workers=workers, on_saved=feed, pool=pool,
            )
    refresh_read_models(store)  # the views read current tables; on failure the next view catches up
    if not as_json:
        for e in summary.failed:
            # One unwrapped line per article, so scripts can grep the file name.
            click.echo(safe(f"timeline: error: {e}"), err=True)
    emit(IngestView(summary), app.console, as_json)
    if summary.failed:
        raise click.exceptions.Exit(1)


# ---------------------------------------------------------------- export


@click.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "json"]), default="jsonl", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@click.option("--known-at", type=time_type("--known-at"), help="Only what the store held at that record time (UTC).")
@db_option
@pass_app
def export(app: AppContext, fmt: str, output: Path | None, known_at: dt.datetime | None) -> None:
    """Write every current event (retracted ones left out, corrections applied).

    One JSON object per line (jsonl), a JSON array (json) or CSV, with the keys of the
    export contract: id, type, date, date_end, date_rule, source, target, attributed_to,
    evidence, article, confidence, extractor.

    \b
    Examples:
      timeline export --format jsonl > events.jsonl
      timeline export --format csv -o events.csv
    """
    records = list(export_records(app.store, known_at=known_at))
    stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for record in records:
                stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "json":
            stream.write(to_json_text(records) + "\n")
        else:
            write_csv((csv_row(r) for r in records), CSV_FIELDS, stream)
    finally:
        if output:
            stream.close()
        else:
            stream.flush()


# ---------------------------------------------------------------- articles


@dataclass
class ArticlesView:
    rows: list[dict[str, Any]]

    def to_json(self) -> list[dict[str, Any]]:
        return self.rows

    def __rich__(self) -> Any:
        if not self.rows:
            return Text("The store holds no articles yet: run `timeline ingest PATH`.", style="muted")
        table = Table(show_header=True, header_style="bold", expand=True)
        table.add_column("id", style="muted", no_wrap=True, min_width=8)
        table.add_column("published", style="date", no_wrap=True, min_width=10)
        table.add_column("events", justify="right", no_wrap=True, min_width=6)
        table.add_column("title", overflow="ellipsis", no_wrap=True, ratio=1)
        for r in self.rows:
            table.add_row(r["id"][:8], r["published"], str(r["events"]), plain(r["title"]))
        return table


@click.command()
@db_option
@json_option
@pass_app
def articles(app: AppContext, as_json: bool) -> None:
    """List the articles in the store, with their current event counts."""
    from timeline.projections import Relations

    relations = Relations(app.store)
    try:
        with relations.db.read() as tx:
            found = tx.execute(
                "SELECT a.article_id, a.published, a.title, a.source, a.url, a.path, a.recorded_at, "
                "(SELECT COUNT(*) FROM rel_event e WHERE e.article_id = a.article_id AND e.retracted_at IS NULL) "
                "FROM rel_article a ORDER BY a.published, a.title"
            )
    finally:
        relations.close()
    rows = [
        {
            "id": article_id,
            "published": str(published)[:10],
            "title": title,
            "source": source,
            "url": url,
            "path": path,
            "events": int(events),
            "ingested_at": from_micros(int(recorded_at)).isoformat(),
        }
        for article_id, published, title, source, url, path, recorded_at, events in found
    ]
    emit(ArticlesView(rows), app.console, as_json)


# ---------------------------------------------------------------- history


def describe(fact: Any) -> str:
    if isinstance(fact, ArticleIngested):
        return f"article ingested: {fact.title} (published {fact.published.isoformat()})"
    if isinstance(fact, DiplomaticEvent):
        parts = f"{fact.type} {','.join(fact.source)}"
        if fact.target:
            parts += f" -> {','.join(fact.target)}"
        return f"{parts} on {fact.when.iso} [{fact.extractor}]"
    if isinstance(fact, EventRetracted):
        return f"retracted {fact.event_id}: {fact.reason} [{fact.by}]"
    if isinstance(fact, EventCorrected):
        r = fact.replacement
        return f"corrected {fact.event_id} -> {r.id} {r.type} {','.join(r.source)}: {fact.reason} [{fact.by}]"
    return type(fact).__name__


@dataclass
class HistoryView:
    subject: str
    entries: list[StoredFact]

    def to_json(self) -> dict[str, Any]:
        out = []
        for e in self.entries:
            item: dict[str, Any] = {
                "stream": str(e.stream),
                "version": e.version,
                "recorded_at": e.recorded_at.isoformat(),
                "kind": e.kind,
                "summary": describe(e.fact),
            }
            if isinstance(e.fact, DiplomaticEvent):
                item["event_id"] = str(e.fact.id)
                item["evidence"] = e.fact.evidence.text
            elif isinstance(e.fact, (EventRetracted, EventCorrected)):
                item["event_id"] = str(e.fact.event_id)
            out.append(item)
        return {"subject": self.subject, "entries": out}

    def __rich__(self) -> Any:
        table = Table(title=f"History of {self.subject}", title_justify="left", show_header=True, header_style="bold")
        table.add_column("v", justify="right", style="muted")
        table.add_column("recorded (UTC)", style="date", no_wrap=True)
        table.add_column("what")
        for e in self.entries:
            what = plain(describe(e.fact))
            if isinstance(e.fact, DiplomaticEvent):
                what.append("\n")
                what.append_text(plain(f"“{e.fact.evidence.text}”", "evidence"))
            table.add_row(str(e.version), e.recorded_at.strftime("%Y-%m-%d %H:%M:%S"), what)
        return table


@click.command()
@click.argument("ident")
@db_option
@json_option
@pass_app
def history(app: AppContext, ident: str, as_json: bool) -> None:
    """Show the stream of an article, or the life of one event, with record times.

    IDENT is an article id or an event id (as `articles` and `export` print them), or a
    unique prefix of one.
    """
    store = app.store
    where = locate(store, ident)
    article_id, event_id = where.article_id, where.event_id
    entries = store.stream(article_id)
    if event_id is not None:
        related = {event_id}
        for e in entries:
            if isinstance(e.fact, EventCorrected) and e.fact.event_id in related:
                related.add(e.fact.replacement.id)
        entries = [e for e in entries if _concerns(e.fact, related)]
        subject = f"event {event_id}"
    else:
        subject = f"article {article_id}"
    emit(HistoryView(subject, entries), app.console, as_json)


def _concerns(fact: Any, ids: set[uuid.UUID]) -> bool:
    if isinstance(fact, DiplomaticEvent):
        return fact.id in ids
    if isinstance(fact, EventRetracted):
        return fact.event_id in ids
    if isinstance(fact, EventCorrected):
        return fact.event_id in ids or fact.replacement.id in ids
    return False


COMMANDS = [ingest, export, articles, history]
