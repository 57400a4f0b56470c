"""The `timeline` command line: parse, call one use case, emit. Nothing imports this package."""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import click
from eventsourcing.persistence import PersistenceError

from timeline.cli.common import AppContext, db_option
from timeline.errors import StoreError, TimelineError
from timeline.output import safe
from timeline.store import redact_url, resolve_db, store_error

__all__ = ["cli", "main"]


class CommandFailed(click.ClickException):
    """One line on stderr, an exit code, no traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(safe(redact_url(message)))
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"timeline: error: {self.format_message()}", file=file or sys.stderr)


class TimelineGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as e:
            raise CommandFailed(str(e), e.exit_code) from None
        except (PersistenceError, sqlite3.Error) as e:
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


def _register() -> None:
    from timeline.cli import copy_command, correct_commands, relations, store_commands

    for module in (store_commands, correct_commands, relations, copy_command):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    try:
        cli.main(prog_name="timeline")
    except BrokenPipeError:
        # `timeline log | head`: the reader left; that is not an error.
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("timeline: interrupted; what was saved before stays whole", err=True)
        sys.exit(130)
