"""Report states (``reports.ReportState``: version, languages, PDF statuses) kept in each web
process for anonymous reads, so that answering a 304 or a stored report takes no round trip to the
database, and forgotten as soon as PostgreSQL says that something they are read from changed.

Triggers (migration 0009) ``NOTIFY gsef_sessions_reports`` after every statement on the tables a
state is read from (sessions, their translations, forums, renders), raw SQL included. PostgreSQL
delivers a notification when its transaction commits, to every process listening, on every
machine. Each process listens on a connection of its own, in a thread, and forgets every state it
holds on each notification (writes are rare next to reads). What keeps it safe:

- a state read while a notification came in is not kept (a generation number, under a lock);
- nothing is kept or served unless the listener is connected: LISTEN confirmed, then a ping every
  ``PING_SECONDS``; a lost connection forgets everything and turns the memo off until it is back;
- nothing is kept longer than ``GSEF_SESSIONS_API_STATE_MAX_AGE`` seconds (0 turns this off);
- nothing is used inside a transaction (``ATOMIC_REQUESTS``, tests), whose view may differ from
  what is committed.

An anonymous reader may see a change the few milliseconds after its commit that the notification
takes to arrive, as a reader whose request came a moment earlier would. Other databases than
PostgreSQL have no memo: every read looks the state up.
"""

import logging
import os
import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections

from ..conf import settings
from .reports import ReportState

CHANNEL = "gsef_sessions_reports"
APPLICATION_NAME = "gsef-sessions-report-states"  # how the listener's connection shows in pg_stat_activity
PING_SECONDS = 2
MAX_STATES = 10_000  # then everything is forgotten, as on a notification

logger = logging.getLogger(__name__)


class _Memo:
    """The states one process keeps, and the thread that listens on their behalf."""

    def __init__(self, params):
        self.lock = threading.Lock()
        self.states = {}
        self.generation = 0
        self.listening = False
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._listen, args=(params,), name="gsef-report-states", daemon=True)
        self.thread.start()

    def forget(self, *, listening):
        with self.lock:
            self.generation += 1
            self.states.clear()
            self.listening = listening

    def _listen(self, params):
        import psycopg

        pause = 0.5
        while not self.stopped.is_set():
            try:
                with psycopg.connect(**params, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.forget(listening=True)
                    pause = 0.5
                    while not self.stopped.is_set():
                        for _notification in connection.notifies(timeout=PING_SECONDS):
                            self.forget(listening=True)
                        connection.execute("SELECT 1")  # a lost connection shows here
            except Exception:
                if not self.stopped.is_set():
                    logger.warning("Not listening for report changes; retrying in %s s.", pause, exc_info=True)
            self.forget(listening=False)
            self.stopped.wait(pause)
            pause = min(pause * 2, 30)

    def stop(self):
        self.stopped.set()
        self.thread.join()


_memo = None
_memo_pid = None
_memo_lock = threading.Lock()


def _current_memo(connection):
    """This process's memo, started on first use (so after a server forks its workers)."""
    global _memo, _memo_pid
    if _memo is None or _memo_pid != os.getpid():
        with _memo_lock:
            if _memo is None or _memo_pid != os.getpid():
                params = {
                    key: value for key, value in connection.get_connection_params().items()
                    if key not in ("context", "cursor_factory", "prepare_threshold")
                }
                params.update(
                    application_name=APPLICATION_NAME, connect_timeout=5,
                    keepalives=1, keepalives_idle=10, keepalives_interval=2, keepalives_count=3,
                )
                _memo, _memo_pid = _Memo(params), os.getpid()
    return _memo


def stop():
    """Stop this process's listener (its connection would keep a test database from being dropped)."""
    global _memo
    with _memo_lock:
        if _memo is not None and _memo_pid == os.getpid():
            _memo.stop()
        _memo = None


def anonymous_state(*, forum_slug, session_slug):
    """``ReportState.lookup(None, …)``, from this process's memo where it may be trusted."""
    max_age = settings.API_STATE_MAX_AGE
    connection = connections[DEFAULT_DB_ALIAS]
    if not max_age or connection.vendor != "postgresql" or connection.in_atomic_block:
        return ReportState.lookup(None, forum_slug=forum_slug, session_slug=session_slug)
    memo = _current_memo(connection)
    key = (forum_slug, session_slug)
    now = time.monotonic()
    with memo.lock:
        kept = memo.states.get(key) if memo.listening else None
        generation = memo.generation
    if kept is not None and now - kept[0] < max_age:
        return kept[1]
    state = ReportState.lookup(None, forum_slug=forum_slug, session_slug=session_slug)
    if state is not None:
        with memo.lock:
            if memo.listening and memo.generation == generation:
                if len(memo.states) >= MAX_STATES:
                    memo.states.clear()
                memo.states[key] = (now, state)
    return state
