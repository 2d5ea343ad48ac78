"""Two API writes of one report at once, on an SQLite file, with the demo's settings. A helper of
test_settings.py, run in a process of its own (the tests' database lives in memory):

    DATABASE_URL=sqlite:///<a migrated database> python -m tests.project.sqlite_writers

Prints the two answers' status codes, sorted, as JSON.
"""

import contextlib
import json
import threading

import django
from django.db import connection
from rest_framework.test import APIClient

django.setup()

# Models can be imported only once the apps are set up.
from rest_framework.authtoken.models import Token  # noqa: E402

from gsef_sessions.domain import report_writes  # noqa: E402
from tests.factories import SessionFactory, UserFactory  # noqa: E402

organiser = UserFactory(groups=["Organisers"])
session = SessionFactory(forum__organisers=[organiser])
url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
token = Token.objects.create(user=organiser).key
etag = APIClient().get(url, HTTP_AUTHORIZATION=f"Token {token}")["ETag"]

# Each writer, once it has checked the version, waits (briefly) for the other to have checked it
# too, so that both read it before either writes: unless the database makes the second wait for
# the first's transaction, as BEGIN IMMEDIATE does (then the wait times out and the first goes on).
both_checked = threading.Barrier(2, timeout=2)
check_version = report_writes.check_version


def check_then_wait(**kwargs):
    check_version(**kwargs)
    with contextlib.suppress(threading.BrokenBarrierError):
        both_checked.wait()


report_writes.check_version = check_then_wait
statuses = []


def write(subtitle):
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    statuses.append(client.patch(url, {"subtitle": subtitle}, format="json", HTTP_IF_MATCH=etag).status_code)
    connection.close()  # this thread's own


writers = [threading.Thread(target=write, args=(f"Written by {n}",)) for n in (1, 2)]
for writer in writers:
    writer.start()
for writer in writers:
    writer.join()
print(json.dumps(sorted(statuses)))
