"""The README's promises: its test command is what CI runs, its commands exist."""

from __future__ import annotations

import re

from tests.conftest import REPO
from timeline.cli import cli


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readmes_test_command() -> None:
    commands = re.findall(r"^(bash \.ci/install-postgres\.sh && .*pytest.*)$", readme(), re.M)
    assert len(commands) == 1
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # CI installs PostgreSQL first, then runs the rest of the same command.
    assert commands[0].split(" && ", 1)[1] in ci


def test_every_command_is_documented_in_the_readme() -> None:
    text = readme()
    for name in cli.commands:
        assert f"`timeline {name}" in text, name


def test_events_package_imports_nothing_from_timeline() -> None:
    for path in (REPO / "events").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+timeline\b", source, re.M), path.name
