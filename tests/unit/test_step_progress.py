"""The progress of a long job that may start inside any command (a read-model rebuild)."""

from __future__ import annotations

import io
import re

from rich.console import Console

from timeline.cli.common import StepProgress
from timeline.projections import Relations
from timeline.projections.bulk import STEPS
from timeline.store import open_store

from tests.unit.test_projection_rebuild import fill


def test_a_rebuild_on_a_terminal_shows_its_steps_and_piped_shows_nothing(sqlite_db: str) -> None:
    store = open_store(sqlite_db)
    fill(store)
    shown = io.StringIO()
    with StepProgress(Console(file=shown, force_terminal=True, width=100), "rebuilding") as progress:
        Relations(store, on_step=progress).close()  # first use: the model is built
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.getvalue())
    assert "rebuilding: " in drawn and f"{len(STEPS)}/{len(STEPS)}" in drawn  # (refreshed 10 times a second: the last step)
    piped = io.StringIO()
    with StepProgress(Console(file=piped, force_terminal=False), "rebuilding") as progress:
        relations = Relations(store, catch_up=False)
        relations.rebuild(on_step=progress)
        relations.close()
    assert piped.getvalue() == ""
    quiet = io.StringIO()
    with StepProgress(Console(file=quiet, force_terminal=True), "rebuilding") as progress:
        Relations(store, on_step=progress).close()  # up to date: no rebuild, nothing drawn
    assert quiet.getvalue() == ""
    store.close()
