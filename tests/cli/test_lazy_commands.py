"""Start-up: `timeline --help` and the views load only what they use, and list and do the same as before."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest

from tests.conftest import REPO, SEEDS
from timeline.cli import COMMANDS, cli

COMMAND_MODULES = sorted({module for module, _summary in COMMANDS.values()})


def real_commands() -> dict[str, click.Command]:
    """Every command as its module defines it, importing them all (the old eager way)."""
    found: dict[str, click.Command] = {}
    for module in ("timeline.cli.store_commands", "timeline.cli.correct_commands", "timeline.cli.relations", "timeline.cli.copy_command"):
        for command in importlib.import_module(module).COMMANDS:
            assert command.name not in found, command.name
            found[command.name] = command
    return found


def test_the_table_names_every_command_and_its_module() -> None:
    commands = real_commands()
    assert sorted(COMMANDS) == sorted(commands)
    for name, (module, _summary) in COMMANDS.items():
        assert commands[name].callback.__module__ == module, name
        assert cli.commands[name] is commands[name]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_tables_summary_gives_the_commands_own_short_help_at_every_width(name: str) -> None:
    command = real_commands()[name]
    stand_in = click.Command(name, help=COMMANDS[name][1])
    assert not command.hidden and not command.deprecated and command.short_help is None
    for limit in range(0, 200):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), limit


@pytest.mark.parametrize("width", [40, 80, 100, 200])
def test_help_lists_the_same_commands_as_a_group_that_loads_them_all(width: int) -> None:
    eager = click.Group(
        "timeline", commands=real_commands(), params=cli.params, help=cli.help, context_settings=cli.context_settings
    )
    lazy_help = cli.make_context("timeline", [], resilient_parsing=True, terminal_width=width).get_help()
    eager_help = eager.make_context("timeline", [], resilient_parsing=True, terminal_width=width).get_help()
    assert lazy_help == eager_help
    assert "\n  show " in lazy_help


def _imported_after(argv: list[str]) -> tuple[int, set[str]]:
    """Run the CLI in a fresh interpreter; its exit code and the modules it imported."""
    script = textwrap.dedent(
        f"""
        import json, sys
        from timeline.cli import cli
        try:
            cli.main({argv!r}, prog_name="timeline", standalone_mode=False)
            code = 0
        except SystemExit as e:
            code = e.code
        print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    code, modules = json.loads(result.stderr.strip().splitlines()[-1])
    return code, set(modules)


def test_help_imports_no_command_module_and_no_rich() -> None:
    code, modules = _imported_after(["--help"])
    assert code == 0
    assert not set(COMMAND_MODULES) & modules
    assert not {"eventsourcing", "events", "pendulum", "rich"} & {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_view_of_a_current_store_loads_neither_the_library_nor_the_events(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    db = str(tmp_path / "store.db") if backend == "sqlite" else str(request.getfixturevalue("postgres_url"))
    subprocess.run(
        [sys.executable, "-m", "timeline", "--db", db, "ingest", str(SEEDS)], cwd=REPO, capture_output=True, check=True
    )
    for argv in (["show", "--actor", "DPRK"], ["diff", "2023-12-31", "2024-11-30", "--actor", "PRK"], ["log", "--json"]):
        code, modules = _imported_after(["--db", db, *argv])
        assert code == 0, argv
        loaded = {m.split(".")[0] for m in modules}
        assert not {"eventsourcing", "events", "pendulum", "dateutil"} & loaded, argv
        assert "timeline.store" not in modules and "timeline.extract" not in modules, argv
