"""The `timeline` command line: parse, call one use case, emit. Nothing imports this package.

A command's module is imported only when that command runs (or is asked for its help):
`COMMANDS` names the module of each command and the first paragraph of its help, which
is all that `timeline --help` lists. `tests/cli/test_lazy_commands.py` holds the table to
the commands themselves.
"""

from __future__ import annotations

import gc
import importlib
import sqlite3
import sys
from collections.abc import Iterator, MutableMapping
from gettext import gettext as _
from typing import Any

import click

from timeline.cli.common import AppContext, db_option
from timeline.errors import StoreError, TimelineError
from timeline.location import redact_url, resolve_db, store_error

__all__ = ["COMMANDS", "cli", "main"]

COMMANDS: dict[str, tuple[str, str]] = {
    "articles": ("timeline.cli.store_commands", "List the articles in the store, with their current event counts."),
    "copy": ("timeline.cli.copy_command", "Copy every stored event to another store, e.g. from SQLite to PostgreSQL."),
    "correct": ("timeline.cli.correct_commands", "Replace an event by a corrected version; the original stays in the history."),
    "diff": ("timeline.cli.relations", "Show what changed between two dates: per pair, stance and score at FROM and at TO."),
    "export": ("timeline.cli.store_commands", "Write every current event (retracted ones left out, corrections applied)."),
    "history": ("timeline.cli.store_commands", "Show the stream of an article, or the life of one event, with record times."),
    "ingest": ("timeline.cli.store_commands", "Read articles, extract their events and append them to the store."),
    "log": ("timeline.cli.relations", "List events in date order, with their evidence, filtered."),
    "rebuild": ("timeline.cli.relations", "Drop the read models and rebuild them from the store."),
    "reextract": ("timeline.cli.correct_commands", "Re-read every stored article with this version's extractor."),
    "retract": ("timeline.cli.correct_commands", "Retract an event that should not stand. The event stays in the store's history."),
    "show": ("timeline.cli.relations", "Show how an actor stands with each partner, or one pair in depth."),
}
"""Each command's name: the module that defines it (in its `COMMANDS` list) and the first paragraph of its help."""


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands by name, each module imported the first time one of its commands is needed."""

    def __init__(self, table: dict[str, tuple[str, str]]) -> None:
        self.table = table
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module_name, _summary = self.table[name]
            for command in importlib.import_module(module_name).COMMANDS:
                self.loaded.setdefault(command.name or "", command)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.table.pop(name, None)
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self.table, *self.loaded]))

    def __len__(self) -> int:
        return len(set(self.table) | set(self.loaded))

    def __contains__(self, name: object) -> bool:
        return name in self.table or name in self.loaded

    def summary(self, name: str) -> click.Command:
        """The command if it is loaded, else a stand-in that gives the same short help."""
        if name in self.loaded:
            return self.loaded[name]
        return click.Command(name, help=self.table[name][1])


class CommandFailed(click.ClickException):
    """One line on stderr, an exit code, no traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        from timeline.output import safe  # Rich loads for a command, not for `--help` or a usage error

        super().__init__(safe(redact_url(message)))
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"timeline: error: {self.format_message()}", file=file or sys.stderr)


class Interrupted(click.ClickException):
    """Ctrl-C: one line and 130, as a shell reports SIGINT (click would print "Aborted!" and exit 1)."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted; what was saved before stays whole")

    def show(self, file: Any = None) -> None:
        click.echo(f"timeline: {self.format_message()}", file=file or sys.stderr)


def _is_store_failure(e: BaseException) -> bool:
    if isinstance(e, sqlite3.Error):
        return True
    # Only a command that opened the store can meet eventsourcing's errors: no need to import it first.
    persistence = sys.modules.get("eventsourcing.persistence")
    return persistence is not None and isinstance(e, persistence.PersistenceError)


class TimelineGroup(click.Group):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: LazyCommands = LazyCommands(dict(COMMANDS))  # type: ignore[assignment]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing, from the table: `timeline --help` imports no command."""
        commands = [(name, self.commands.summary(name)) for name in self.list_commands(ctx)]
        commands = [(name, command) for name, command in commands if not command.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as e:
            raise CommandFailed(str(e), e.exit_code) from None
        except KeyboardInterrupt:
            raise Interrupted() from None
        except Exception as e:
            if not _is_store_failure(e):
                raise
            app = ctx.find_object(AppContext)
            where = resolve_db(app.db if app else None)
            raise CommandFailed(str(store_error(where, e)), StoreError.exit_code) from None
        finally:
            app = ctx.find_object(AppContext)
            if app is not None:
                app.close()


@click.group(cls=TimelineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="timeline", prog_name="timeline")
@db_option
def cli() -> None:
    """Track relations between states from the news, as immutable dated events.

    \b
    Ingest articles, then ask how things stand between actors, at any date:
      timeline ingest seeds/
      timeline show --actor DPRK
      timeline show --actor DPRK --as-of 2023-12-31
      timeline diff 2023-12-31 2024-11-30 --actor DPRK

    The store is a SQLite file (default: the per-user data directory) or a PostgreSQL
    database; choose it with --db or the TIMELINE_DB environment variable.
    """


def main() -> None:
    try:
        cli.main(prog_name="timeline")
    except BrokenPipeError:
        # `timeline log | head`: the reader left; that is not an error.
        sys.stderr.close()
        sys.exit(0)
    finally:
        # The process ends here and the OS takes back its memory: spare the interpreter's exit
        # its full garbage-collector passes over every object (about 4% of a `show`'s CPU).
        # Exit handlers still run and output is still flushed; the store is already closed.
        gc.freeze()
