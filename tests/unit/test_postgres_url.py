"""Reading a postgresql:// URL into eventsourcing's settings, without a server."""

from __future__ import annotations

import pytest

from timeline.errors import UsageError
from timeline.postgres import display_url, parse_url, postgres_settings
from timeline.store import is_postgres_url, resolve_db


def test_every_part_of_the_url_reaches_eventsourcing() -> None:
    env = postgres_settings("postgresql://alice:pa55@db.example.org:6543/timeline")
    assert env["POSTGRES_HOST"] == "db.example.org"
    assert env["POSTGRES_PORT"] == "6543"
    assert env["POSTGRES_DBNAME"] == "timeline"
    assert env["POSTGRES_USER"] == "alice"
    assert env["POSTGRES_PASSWORD"] == "pa55"
    assert env["PERSISTENCE_MODULE"].startswith("timeline.postgres:")


def test_postgres_scheme_is_accepted_too() -> None:
    assert parse_url("postgres://bob:x@localhost/tl").dbname == "tl"
    assert is_postgres_url("postgres://bob:x@localhost/tl")


def test_percent_encoded_user_and_password_are_decoded() -> None:
    url = parse_url("postgresql://us%40er:p%40ss%2Fw%3Ad@h/db")
    assert (url.user, url.password) == ("us@er", "p@ss/w:d")


def test_port_defaults_to_5432_and_host_to_localhost() -> None:
    url = parse_url("postgresql://u:p@/db")
    assert (url.host, url.port) == ("localhost", 5432)


def test_missing_user_and_password_come_from_libpq_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGUSER", "carol")
    monkeypatch.setenv("PGPASSWORD", "from-env")
    url = parse_url("postgresql://dbhost/db")
    assert (url.user, url.password) == ("carol", "from-env")


def test_query_parameters_go_to_libpq_and_connect_timeout_to_the_pool() -> None:
    env = postgres_settings("postgresql://u:p@h/db?sslmode=require&connect_timeout=7&application_name=tl")
    assert env["POSTGRES_CONNECT_TIMEOUT"] == "7"
    extra = env["TIMELINE_POSTGRES_LIBPQ_PARAMS"]
    assert "sslmode=require" in extra and "application_name=tl" in extra and "connect_timeout=7" in extra


def test_a_password_in_the_query_is_refused_without_showing_it() -> None:
    with pytest.raises(UsageError) as caught:
        postgres_settings("postgresql://u@h/db?password=qpsecret")
    assert "not as ?password=" in str(caught.value)
    assert "qpsecret" not in str(caught.value)


def test_appends_are_not_done_by_the_database_function() -> None:
    """The function's insert takes no table lock: concurrent writers' ids could commit out of order."""
    assert postgres_settings("postgresql://u:p@h/db")["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("postgresql://u:secretpw@h/", "no database name"),
        ("postgresql://u:secretpw@h:notaport/db", "not a valid URL"),
        ("postgresql://u:secretpw@h/db?bogus=1", "unknown connection parameter bogus"),
        ("postgresql://u:secretpw@h/db?connect_timeout=soon", "connect_timeout"),
        ("mysql://u:secretpw@h/db", "not a postgresql:// URL"),
    ],
)
def test_a_bad_url_is_a_usage_error_that_hides_the_password(url: str, problem: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_url(url)
    assert problem in str(caught.value)
    assert "secretpw" not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:secretpw@h/db",
        "postgres://u:secretpw@h:5/db?sslmode=disable",
        "postgresql://u@h/db?sslmode=disable&password=secretpw",
        "postgresql://u@h/db?PASSWORD=secretpw&x=1",
    ],
)
def test_display_url_never_shows_the_password(url: str) -> None:
    shown = display_url(url)
    assert "secretpw" not in shown
    assert "***" in shown


def test_str_and_repr_of_a_parsed_url_leave_the_password_out() -> None:
    url = parse_url("postgresql://u:secretpw@h/db")
    assert "secretpw" not in str(url) and "secretpw" not in repr(url)
    assert str(url) == "postgresql://u@h:5432/db"


def test_resolve_db_keeps_a_url_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMELINE_DB", "postgresql://u:p@h/db")
    assert resolve_db(None) == "postgresql://u:p@h/db"


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://u:secretpw/x@h/db",  # the "port" urlsplit reads is the password's start
        "postgresql://u:secret#pw@h/db",
        "postgresql://u:secret?pw@h/db",
        "postgresql://u:5432/secretpw@h/db",  # reads as host u, port 5432, database secretpw@h/db
        "postgresql://u:5432?secretpw@h/db",  # reads as a query parameter named secretpw@h/db
        "postgresql://u:p@secret:pw/x y@h/db",
    ],
)
def test_a_password_with_an_unencoded_reserved_character_is_refused_without_showing_it(url: str) -> None:
    """A password holding a raw / ? # (or @ then one of them) cut the URL in the wrong place:
    the message quoted urlsplit's 'Port could not be cast to integer value as 'secretpw'',
    or the password went on as a host, a database or a parameter name, shown in the error."""
    with pytest.raises(UsageError) as caught:
        parse_url(url)
    assert "secret" not in str(caught.value)
    assert "percent-encode" in str(caught.value)
    assert "secret" not in display_url(url)


def test_display_url_hides_a_password_up_to_the_last_at() -> None:
    """A password with a raw @ and / was shown from its first @ on."""
    assert display_url("postgresql://u:p@ss/w@h:5/db") == "postgresql://u:***@h:5/db"
