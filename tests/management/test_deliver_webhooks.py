"""deliver_webhooks: without a broker, saves record deliveries and this command sends what is due."""

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gsef_sessions.domain import webhooks
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import SessionStatus
from gsef_sessions.management.commands import deliver_webhooks
from gsef_sessions.models import Delivery, WebhookEvent

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.webhook_receiver"]  # the receiver fixture


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.CountingRenderer"
    settings.GSEF_SESSIONS_WEBHOOK_TIMEOUT = 0.5
    settings.GSEF_SESSIONS_WEBHOOK_HTTP_HOSTS = ["127.0.0.1"]  # the test receiver


@pytest.fixture
def session(session):
    session.status = SessionStatus.PUBLISHED
    session.save()
    return session


def run(*args):
    out = StringIO()
    call_command("deliver_webhooks", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_deliver_webhooks_sends_what_a_save_recorded(session, webhook, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=session)
    assert receiver.requests == []  # the save sent nothing (its PDF, rendered in the request, neither)
    assert run() == "2 deliveries attempted: 2 delivered, 0 failed; 0 pending.\n"
    deliveries = Delivery.objects.order_by("pk")
    assert [(d.event, d.status, d.attempts, d.last_status_code) for d in deliveries] == [
        ("updated", Delivery.Status.DELIVERED, 1, 200),
        ("pdf_ready", Delivery.Status.DELIVERED, 1, 200),
    ]
    assert [r.headers["X-GSEF-Delivery"] for r in receiver.requests] == [str(d.uuid) for d in deliveries]
    assert run() == "0 deliveries attempted: 0 delivered, 0 failed; 0 pending.\n"


def test_deliver_webhooks_failing_receiver_gets_one_attempt_and_a_later_retry(session, webhook, receiver):
    receiver.fail(10, 503)
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    assert run() == "1 delivery attempted: 0 delivered, 0 failed; 1 pending.\n"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        Delivery.Status.PENDING,
        1,
        "HTTP 503 Service Unavailable: nope",
    )
    assert timedelta(seconds=25) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=30)
    assert len(receiver.requests) == 1


def test_deliver_webhooks_reports_deliveries_that_fail_for_good(session, webhook, receiver):
    receiver.answers.append(410)
    webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    assert run() == "1 delivery attempted: 0 delivered, 1 failed; 0 pending.\n"


def test_deliver_webhooks_watch_passes_every_interval_until_interrupted(session, webhook, receiver, monkeypatch):
    sleeps, closes = [], []

    def sleep(seconds):
        assert len(closes) == len(sleeps)  # a pass's stale connection is dropped before the next
        sleeps.append(seconds)
        if len(sleeps) == 1:
            webhooks.record_event(session=session, event=WebhookEvent.UPDATED)  # due at the second pass
        elif len(sleeps) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", sleep)
    # As a daemon must (the test's own transaction would be closed with the connection).
    monkeypatch.setattr(deliver_webhooks, "close_old_connections", lambda: closes.append(True))
    assert run("--watch", "--interval", "2.5") == (
        "0 deliveries attempted: 0 delivered, 0 failed; 0 pending.\n"
        "1 delivery attempted: 1 delivered, 0 failed; 0 pending.\n"  # a pass with nothing due says nothing
        "Stopped.\n"
    )
    assert (sleeps, len(closes)) == ([2.5, 2.5, 2.5], 2)
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


@pytest.mark.parametrize(
    ("interval", "message"),
    [
        ("0", "--interval must be a positive number of seconds."),
        ("-1", "--interval must be a positive number of seconds."),
        ("nan", "--interval must be a positive number of seconds."),
        ("soon", "Error: argument --interval: invalid float value: 'soon'"),
    ],
)
def test_deliver_webhooks_refuses_a_bad_interval(interval, message):
    with pytest.raises(CommandError) as caught:
        run("--watch", "--interval", interval)
    assert str(caught.value) == message
