"""Report states kept per process for anonymous reads, forgotten when PostgreSQL notifies a change
(``api/report_states.py``). Against a real PostgreSQL with committed transactions: the PostgreSQL
stage of bin/test runs these; other databases have no memo (the last test)."""

import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gsef_sessions.api import report_states
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.api.conftest import report

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LISTEN/NOTIFY")


@pytest.fixture
def memo(transactional_db):
    """This process's memo, listening (its first read starts it), stopped at the end."""
    session = report()
    state = report_states.anonymous_state(forum_slug=session.forum.slug, session_slug=session.slug)
    current = report_states._current_memo(connection)
    wait_for(lambda: current.listening)
    yield current, session, state
    report_states.stop()


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within 5 s"
        time.sleep(0.01)


def read(session):
    with CaptureQueriesContext(connection) as queries:
        state = report_states.anonymous_state(forum_slug=session.forum.slug, session_slug=session.slug)
    return state, len(queries)


@postgres_only
def test_a_kept_state_is_read_without_a_query_until_a_change_is_notified(memo):
    current, session, _first = memo
    state, queries = read(session)  # looked up (the first read came before the listener was ready)
    assert (state.version, queries) == (1, 1)
    assert read(session)[1] == 0
    generation = current.generation
    touch(session=session)
    wait_for(lambda: current.generation > generation)
    state, queries = read(session)
    assert (state.version, queries) == (2, 1)


@postgres_only
def test_raw_sql_changes_are_notified_too(memo):
    current, session, _first = memo
    read(session)
    generation = current.generation
    with connection.cursor() as cursor:
        cursor.execute("UPDATE gsef_sessions_session SET version = 7 WHERE id = %s", [session.pk])
    wait_for(lambda: current.generation > generation)
    assert read(session)[0].version == 7


@postgres_only
def test_an_unpublished_report_is_forgotten(api, memo):
    current, session, _first = memo
    url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
    assert api.get(url).status_code == 200
    generation = current.generation
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.DRAFT)
    wait_for(lambda: current.generation > generation)
    assert api.get(url).status_code == 404


@postgres_only
def test_nothing_is_kept_inside_a_transaction(memo):
    _current, session, _first = memo
    read(session)
    with transaction.atomic():
        Session.objects.filter(pk=session.pk).update(version=5)
        reads = [read(session) for _ in range(2)]
    assert [(state.version, queries) for state, queries in reads] == [(5, 1), (5, 1)]


@postgres_only
def test_a_lost_listener_turns_the_memo_off_until_it_is_back(memo):
    current, session, _first = memo
    read(session)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = %s AND datname = current_database()", [report_states.APPLICATION_NAME],
        )
    wait_for(lambda: not current.listening)
    assert [read(session)[1] for _ in range(2)] == [1, 1]
    wait_for(lambda: current.listening, seconds=10)
    assert [read(session)[1] for _ in range(2)] == [1, 0]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the memo's absence elsewhere")
@pytest.mark.django_db(transaction=True)
def test_other_databases_look_the_state_up_every_time():
    session = report()
    assert [read(session)[1] for _ in range(2)] == [1, 1]
    assert report_states._memo is None
