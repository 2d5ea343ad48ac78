"""Outgoing webhooks: what is recorded for which event, the payload and its signature, and sending
to a real local HTTP server that fails as told (retries, backoff, giving up, never blocking)."""

import json
import re
import socket
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from gsef_sessions.domain import queueing, rendering, webhooks
from gsef_sessions.domain.versioning import touch
from gsef_sessions.domain.workflow import publish
from gsef_sessions.enums import RenderKind, RenderStatus, SessionStatus
from gsef_sessions.models import Delivery, Render, Session, Webhook, WebhookEvent
from tests.factories import ForumFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.webhook_receiver"]  # the receiver fixture

BASE_URL = "https://forum.example.org"
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.CountingRenderer"
    settings.GSEF_SESSIONS_BASE_URL = BASE_URL
    settings.GSEF_SESSIONS_WEBHOOK_TIMEOUT = 0.5
    settings.GSEF_SESSIONS_WEBHOOK_MAX_ATTEMPTS = 3
    settings.GSEF_SESSIONS_WEBHOOK_HTTP_HOSTS = ["localhost", "127.0.0.1", "::1"]  # the test receiver


@pytest.fixture
def session(session):
    """Published: what webhooks speak of."""
    session.status = SessionStatus.PUBLISHED
    session.save()
    return session


@pytest.fixture
def in_review(session, webhook):
    """The report before publication; its webhook hears of publications and updates, not of PDFs."""
    session.status = SessionStatus.IN_REVIEW
    session.save()
    webhook.events = ["published", "updated", "unpublished"]
    webhook.save()
    return session


@pytest.fixture
def sent(django_capture_on_commit_callbacks, deliver_all):
    """Run a change, commit it, then send what it recorded (the tests run without a broker)."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = func(**kwargs)
        deliver_all()
        return result

    return run


@pytest.fixture
def broker(settings, monkeypatch):
    """A broker that takes every message: the delivery ids queued, in order."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(webhooks, "enqueue_delivery", lambda *, delivery_id: queued.append(delivery_id))
    monkeypatch.setattr(rendering, "enqueue_render", lambda *, render_id: None)
    return queued


def readme_verify():
    """The README's ``verify``, run as a receiver would copy it."""
    section = README.read_text().split("\n## Webhooks\n", 1)[1].split("\n## ", 1)[0]
    namespace = {}
    exec(re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1), namespace)  # noqa: S102  (our own README)
    return namespace["verify"]


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


# --- Signing and payload --------------------------------------------------------------------------


def test_signature_is_hmac_of_time_and_body_and_verifies_with_readme_snippet(session, webhook, receiver, sent):
    sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    [request] = receiver.requests
    header = request.headers["X-GSEF-Signature"]
    match = re.fullmatch(r"t=(\d+),v1=([0-9a-f]{64})", header)
    assert match and abs(int(match[1]) - time.time()) < 60
    verify = readme_verify()
    assert verify(request.body, header, webhook.secret)
    assert not verify(request.body + b" ", header, webhook.secret)
    assert not verify(request.body, header, "another secret")
    old = int(time.time()) - 3600  # a replay of a request recorded an hour ago
    assert not verify(
        request.body, webhooks.signature(secret=webhook.secret, timestamp=old, body=request.body), webhook.secret
    )
    assert not verify(request.body, "v1=" + match[2], webhook.secret)


def test_payload_has_event_session_and_delivery_id(session, webhook, receiver, sent):
    with translation.override("es"):  # the addresses are the default language's, whoever made the change
        [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    [request] = receiver.requests
    payload = json.loads(request.body)
    assert payload == delivery.payload
    assert request.body == webhooks.encode(delivery.payload)  # the signed bytes are the sent bytes
    assert payload["event"] == "updated"
    assert payload["delivery_id"] == str(delivery.uuid) == request.headers["X-GSEF-Delivery"]
    assert payload["session"] == {
        "uuid": str(session.uuid),
        "url": BASE_URL + reverse("gsef_sessions:session-detail", args=[session.forum.slug, session.slug]),
        "version": session.version,
        "forum": {"uuid": str(session.forum.uuid), "slug": session.forum.slug},
    }
    assert abs(timezone.datetime.fromisoformat(payload["occurred_at"]) - timezone.now()) < timedelta(minutes=1)
    assert (request.headers["Content-Type"], request.headers["X-GSEF-Event"]) == ("application/json", "updated")
    assert request.path == "/hooks/gsef"
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.DELIVERED, 1, 200)
    assert delivery.delivered_at is not None


# --- Recording ------------------------------------------------------------------------------------


def test_publication_is_announced_as_published_then_pdf_ready(in_review, organiser, webhook, receiver, sent):
    webhook.events = ["published", "updated", "unpublished", "pdf_ready"]
    webhook.save()
    sent(publish, session=in_review, user=organiser)  # its commit queues the render, then the deliveries
    in_review.refresh_from_db()
    assert [(d.event, d.version, d.status) for d in Delivery.objects.order_by("pk")] == [
        ("published", in_review.version, Delivery.Status.DELIVERED),
        ("pdf_ready", in_review.version, Delivery.Status.DELIVERED),
    ]
    assert [json.loads(r.body)["event"] for r in receiver.requests] == ["published", "pdf_ready"]


def test_edit_while_published_is_announced_as_updated(session, webhook, receiver, sent):
    webhook.events = ["updated"]
    webhook.save()
    sent(touch, session=session)
    assert [json.loads(r.body)["event"] for r in receiver.requests] == ["updated"]


def test_updates_are_announced_only_while_published(session, webhook):
    draft = SessionFactory(forum=session.forum)
    assert webhooks.record_event(session=draft, event=WebhookEvent.UPDATED) == []
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    assert webhooks.record_event(session=session, event=WebhookEvent.UPDATED) == []  # same version: once
    Session.objects.filter(pk=session.pk).update(version=session.version + 1)
    [later] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    assert (delivery.version, later.version) == (session.version, session.version + 1)


def test_only_active_webhooks_of_the_forum_that_want_the_event_get_it(session, receiver):
    wanted = Webhook.objects.create(forum=session.forum, url=receiver.url, events=["unpublished", "published"])
    Webhook.objects.create(forum=session.forum, url=receiver.url, events=["updated"])
    Webhook.objects.create(forum=session.forum, url=receiver.url, is_active=False)
    Webhook.objects.create(forum=ForumFactory(), url=receiver.url)
    deliveries = webhooks.record_event(session=session, event="unpublished")
    assert [d.webhook for d in deliveries] == [wanted]
    with pytest.raises(ValueError):
        webhooks.record_event(session=session, event="deleted")


def make_render(session, *, kind=RenderKind.REPORT, language="en"):
    return Render.objects.create(
        kind=kind,
        forum=session.forum,
        session=session if kind == RenderKind.REPORT else None,
        language=language,
        content_hash=f"{kind}-{language}-{session.pk}",
        renderer="tests.pdf_renderers.CountingRenderer",
        version=session.version,
        status=RenderStatus.READY,
        requested_at=timezone.now(),
    )


def test_pdf_ready_announced_for_published_reports_only(session, webhook):
    with translation.override("fr"):  # the addresses are the default language's, whoever made the change
        [delivery] = webhooks.record_pdf_ready(render=make_render(session, language="es"))
    assert delivery.event == "pdf_ready"
    assert delivery.payload["pdf"] == {
        "language": "es",
        "url": BASE_URL + reverse("gsef_sessions:session-pdf", args=[session.forum.slug, session.slug, "es"]),
    }
    assert delivery.payload["session"]["version"] == session.version
    assert webhooks.record_pdf_ready(render=make_render(SessionFactory(forum=session.forum))) == []  # a draft
    assert webhooks.record_pdf_ready(render=make_render(session, kind=RenderKind.PROCEEDINGS)) == []


# --- Sending: retries, backoff, giving up ---------------------------------------------------------


def test_5xx_is_retried_until_delivered(session, webhook, receiver, sent):
    receiver.fail(2, 503)
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        Delivery.Status.DELIVERED,
        3,
        200,
        "",
    )
    assert len({r.body for r in receiver.requests}) == 1 and len(receiver.requests) == 3
    assert {r.headers["X-GSEF-Delivery"] for r in receiver.requests} == {str(delivery.uuid)}


def test_network_errors_and_timeouts_are_retried(session, webhook, receiver, sent):
    receiver.drop()
    receiver.stall(1.5)  # the timeout is 0.5 s
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == (Delivery.Status.DELIVERED, 3, 3)


def test_gives_up_after_max_attempts(session, webhook, receiver, sent):
    receiver.fail(10)
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.FAILED, 3, 500)
    assert delivery.last_error == "Gave up after 3 attempts. HTTP 500 Internal Server Error: nope"
    assert len(receiver.requests) == 3


def test_unreachable_receiver_fails_after_max_attempts(session, sent, settings):
    settings.GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE = True  # a closed port on 127.0.0.1
    Webhook.objects.create(forum=session.forum, url=closed_port_url())
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.FAILED, 3, None)
    assert "Connection refused" in delivery.last_error


@pytest.mark.parametrize("answer", [400, 404, 410, 302])
def test_other_answers_fail_at_once(session, webhook, receiver, sent, answer):
    receiver.answers.append((answer, {"Location": "http://example.com/elsewhere"}))
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.FAILED, 1, answer)
    assert delivery.last_error.startswith(f"HTTP {answer}")
    assert len(receiver.requests) == 1  # a redirect is not followed
    assert ("Redirects are not followed" in delivery.last_error) == (answer == 302)


def test_backoff_doubles_follows_retry_after_and_is_capped(session, webhook, receiver, settings):
    settings.GSEF_SESSIONS_WEBHOOK_MAX_ATTEMPTS = 8
    assert [webhooks.backoff(attempts=n) for n in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1800, 1800]
    receiver.answers += [500, (429, {"Retry-After": "600"}), (503, {"Retry-After": "5"})]
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    countdowns = []
    for _ in range(3):
        with pytest.raises(webhooks.RetryDelivery) as caught:
            webhooks.deliver(delivery_id=delivery.pk)
        countdowns.append(caught.value.countdown)
    assert countdowns == [30, 600, 120]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.locked_until) == (
        Delivery.Status.PENDING,
        3,
        503,
        None,
    )
    assert timedelta(seconds=110) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=120)


def test_task_retries_with_the_countdown_the_domain_gives(session, webhook, receiver, monkeypatch):
    receiver.fail(1)
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    calls = []
    monkeypatch.setattr(webhooks.deliver_webhook, "retry", lambda **kwargs: calls.append(kwargs) or Retry())
    webhooks.deliver_webhook.apply(kwargs={"delivery_id": delivery.pk})
    assert [(c["countdown"], c["max_retries"]) for c in calls] == [(30, 2)]
    assert webhooks.deliver_webhook.name == "gsef_sessions.deliver_webhook" and webhooks.deliver_webhook.acks_late


def test_a_duplicate_message_does_not_send_while_another_worker_sends(session, webhook, receiver):
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    Delivery.objects.filter(pk=delivery.pk).update(locked_until=timezone.now() + timedelta(seconds=30))
    assert webhooks.deliver(delivery_id=delivery.pk) is None
    assert receiver.requests == []
    Delivery.objects.filter(pk=delivery.pk).update(locked_until=None, status=Delivery.Status.DELIVERED)
    assert webhooks.deliver(delivery_id=delivery.pk) is None
    assert receiver.requests == []


def test_switched_off_webhook_fails_its_pending_deliveries_unsent(session, webhook, receiver):
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False)
    assert webhooks.deliver(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error, receiver.requests) == (
        Delivery.Status.FAILED,
        "The webhook is switched off.",
        [],
    )


# --- Never blocking publishing --------------------------------------------------------------------


def publish_and_record(session, user):
    """A publication with the deliveries its transition records (see test_publication_is_announced…)."""
    with transaction.atomic():
        publish(session=session, user=user)
        webhooks.record_event(session=session, event=WebhookEvent.PUBLISHED)


def test_failing_receiver_never_blocks_publishing(in_review, organiser, receiver, sent):
    session = in_review
    receiver.fail(10)
    sent(publish_and_record, session=session, user=organiser)
    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    assert Render.objects.get(session=session).status == RenderStatus.READY
    delivery = Delivery.objects.get(event="published")
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)


def test_dead_broker_never_blocks_publishing_and_requeue_queues_later(
    in_review, organiser, broker, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    session = in_review

    def broker_down(**kwargs):
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as down:
        down.setattr(webhooks, "enqueue_delivery", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            publish_and_record(session=session, user=organiser)
    session.refresh_from_db()
    delivery = Delivery.objects.get(event="published")
    assert (session.status, delivery.status, delivery.attempts) == (SessionStatus.PUBLISHED, Delivery.Status.PENDING, 0)
    assert "Could not queue webhook delivery" in caplog.text
    assert webhooks.requeue_stale() == 0  # not overdue yet
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=10))
    assert webhooks.requeue_stale() == 1
    assert broker == [delivery.pk]


def four_updates(session):
    """Four "updated" deliveries, at four versions."""
    rows = []
    for _ in range(4):
        Session.objects.filter(pk=session.pk).update(version=session.version + len(rows) + 1)
        rows += webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    return rows


def test_requeue_skips_fresh_and_locked_rows_and_prunes_old_finished_ones(session, webhook, broker):
    long_ago = timezone.now() - timedelta(days=91)
    fresh, locked, old_failed, old_pending = four_updates(session)
    Delivery.objects.filter(pk=locked.pk).update(
        next_attempt_at=long_ago, locked_until=timezone.now() + timedelta(minutes=1)
    )
    Delivery.objects.filter(pk=old_failed.pk).update(status=Delivery.Status.FAILED, created_at=long_ago)
    Delivery.objects.filter(pk=old_pending.pk).update(created_at=long_ago, next_attempt_at=long_ago)
    assert list(webhooks.stale_deliveries()) == [old_pending]
    assert webhooks.requeue_stale_deliveries.apply().get() == 1
    assert broker == [old_pending.pk]
    assert sorted(Delivery.objects.values_list("pk", "status")) == [
        (fresh.pk, "pending"),
        (locked.pk, "pending"),
        (old_pending.pk, "pending"),
    ]


# --- Without a broker: requests send nothing, deliver_webhooks sends what is due ---------------------


def test_without_broker_saving_sends_nothing_and_leaves_deliveries_due(
    in_review, organiser, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """In eager mode a receiver on a closed port used to hold the request for every attempt."""
    assert queueing.runs_eagerly()  # the tests' settings: no broker
    settings.GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE = True
    Webhook.objects.update(url=closed_port_url())
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kwargs: pytest.fail("connected"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish_and_record(session=in_review, user=organiser)
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=in_review)
    assert callbacks  # the commit did run the queueing step
    rows = Delivery.objects.order_by("pk")
    assert [(d.event, d.status, d.attempts, d.last_error) for d in rows] == [
        ("published", Delivery.Status.PENDING, 0, ""),
        ("updated", Delivery.Status.PENDING, 0, ""),
    ]
    assert list(webhooks.stale_deliveries()) == []
    assert all(d.next_attempt_at <= timezone.now() for d in rows)  # due: the next deliver_webhooks pass sends them


def test_with_broker_each_delivery_is_queued_once_committed(
    session, organiser, webhook, receiver, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    assert broker == []
    for callback in callbacks:
        callback()
    assert broker == [delivery.pk]
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        [copy] = webhooks.redeliver(deliveries=Delivery.objects.all(), user=organiser)
    assert broker == [delivery.pk, copy.pk]
    assert receiver.requests == []  # a worker sends them


def test_deliver_due_makes_one_attempt_each_and_schedules_retries(session, webhook, receiver):
    receiver.fail(1)
    first, second = four_updates(session)[:2]
    Delivery.objects.exclude(pk__in=[first.pk, second.pk]).delete()
    assert webhooks.deliver_due() == webhooks.Pass(attempted=2, delivered=1, failed=0, pending=1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts, first.last_status_code) == (Delivery.Status.PENDING, 1, 500)
    assert timedelta(seconds=25) < first.next_attempt_at - timezone.now() <= timedelta(seconds=30)  # the backoff
    assert (second.status, second.attempts) == (Delivery.Status.DELIVERED, 1)
    assert webhooks.deliver_due() == webhooks.Pass(attempted=0, delivered=0, failed=0, pending=1)  # not due yet
    Delivery.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    assert webhooks.deliver_due() == webhooks.Pass(attempted=1, delivered=1, failed=0, pending=0)
    assert [r.headers["X-GSEF-Delivery"] for r in receiver.requests] == [
        str(first.uuid),
        str(second.uuid),
        str(first.uuid),
    ]


def test_deliver_due_gives_up_after_max_attempts(session, webhook, receiver, settings):
    settings.GSEF_SESSIONS_WEBHOOK_RETRY_DELAY = 0
    receiver.fail(10)
    [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    passes = [webhooks.deliver_due() for _ in range(4)]
    assert [(p.attempted, p.failed, p.pending) for p in passes] == [(1, 0, 1), (1, 0, 1), (1, 1, 0), (0, 0, 0)]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    assert len(receiver.requests) == 3


def test_deliver_due_skips_rows_being_sent_and_prunes_old_finished_ones(session, webhook, receiver):
    due, locked, later, old_done = four_updates(session)
    Delivery.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + timedelta(minutes=1))
    Delivery.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=1))
    Delivery.objects.filter(pk=old_done.pk).update(
        status=Delivery.Status.DELIVERED, created_at=timezone.now() - timedelta(days=91)
    )
    assert webhooks.deliver_due() == webhooks.Pass(attempted=1, delivered=1, failed=0, pending=2)
    assert [r.headers["X-GSEF-Delivery"] for r in receiver.requests] == [str(due.uuid)]
    assert sorted(Delivery.objects.values_list("pk", "status")) == [
        (due.pk, "delivered"),
        (locked.pk, "pending"),
        (later.pk, "pending"),
    ]


# --- Redelivery, permissions, validation ----------------------------------------------------------


def test_redeliver_sends_a_new_delivery_with_the_same_data(session, organiser, webhook, receiver, sent):
    receiver.answers.append(400)
    [failed] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    pending = Delivery.objects.create(
        webhook=webhook,
        event="updated",
        session=session,
        payload={},
        locked_until=timezone.now() + timedelta(minutes=1),
    )  # being sent
    others = Delivery.objects.create(
        webhook=Webhook.objects.create(forum=ForumFactory(), url=receiver.url),
        event="updated",
        payload={},
        status=Delivery.Status.FAILED,
    )
    [copy] = sent(webhooks.redeliver, deliveries=Delivery.objects.all(), user=organiser)
    failed.refresh_from_db()
    copy.refresh_from_db()
    assert (failed.status, copy.status, copy.redelivery_of, copy.event, copy.session) == (
        Delivery.Status.FAILED,
        Delivery.Status.DELIVERED,
        failed,
        "updated",
        session,
    )
    assert copy.uuid != failed.uuid
    assert copy.payload == {**failed.payload, "delivery_id": str(copy.uuid)}
    assert [r.headers["X-GSEF-Delivery"] for r in receiver.requests] == [str(failed.uuid), str(copy.uuid)]
    assert Delivery.objects.filter(redelivery_of__in=[pending, others]).count() == 0


def test_organisers_manage_only_their_forums_webhooks(session, organiser, webhook, receiver):
    Webhook.objects.create(forum=ForumFactory(organisers=[UserFactory(groups=["Organisers"])]), url=receiver.url)
    webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    assert list(webhooks.webhooks_of(organiser)) == [webhook]
    assert list(webhooks.deliveries_of(organiser).values_list("webhook", flat=True)) == [webhook.pk]
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session.rapporteurs.add(rapporteur)
    assert not webhooks.webhooks_of(rapporteur).exists() and not webhooks.deliveries_of(rapporteur).exists()
    assert webhooks.webhooks_of(UserFactory(is_superuser=True)).count() == 2


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://hooks.example.org/gsef", True),
        ("http://hooks.example.org/gsef", False),
        ("http://127.0.0.1:8080/gsef", True),
        ("http://localhost/gsef", True),
        ("http://[::1]:9000/gsef", True),
        ("ftp://hooks.example.org/gsef", False),
    ],
)
def test_webhook_addresses_are_https_except_listed_hosts(session, url, valid, settings):
    settings.GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE = True  # the listed hosts are local
    hook = Webhook(forum=session.forum, url=url)
    if valid:
        hook.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            hook.full_clean()
        assert "url" in caught.value.message_dict


def test_webhook_needs_known_events_and_gets_a_secret(session, settings):
    hook = Webhook(forum=session.forum, url="https://hooks.example.org/gsef")
    assert hook.events == ["published", "updated", "unpublished", "pdf_ready"]
    assert re.fullmatch(r"[0-9a-f]{64}", hook.secret)
    assert hook.secret != Webhook(forum=session.forum).secret
    for events in ([], ["deleted"], "published"):
        hook.events = events
        with pytest.raises(ValidationError):
            hook.full_clean()
    del settings.GSEF_SESSIONS_WEBHOOK_HTTP_HOSTS  # the default: https only
    hook.events, hook.url = ["published"], "http://localhost/gsef"
    with pytest.raises(ValidationError):
        hook.full_clean()


# --- Internal addresses (SSRF) --------------------------------------------------------------------

INTERNAL_URLS = [
    "https://127.0.0.1:5432/",
    "https://localhost:6379/",
    "https://[::1]:6379/",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.1.2.3/",
    "https://172.16.0.1/",
    "https://192.168.1.1/",
    "https://[fe80::1]/",
    "https://[fc00::1]/",
    "https://224.0.0.1/",
    "https://[ff02::1]/",
    "https://0.0.0.0/",
    "https://[::]/",
    "https://240.0.0.1/",
    "https://100.64.0.1/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:169.254.169.254]/",
]


def resolving(monkeypatch, *addresses):
    """Make every name resolve to ``addresses`` (none: to nothing, as without DNS); literals stay themselves."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        try:
            return real(host, port, *args, flags=socket.AI_NUMERICHOST)
        except socket.gaierror:
            if not addresses:
                raise
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_webhook_address_refused_when_internal(session, url):
    with pytest.raises(ValidationError) as caught:
        Webhook(forum=session.forum, url=url).full_clean()
    assert [error.code for error in caught.value.error_dict["url"]] == ["internal_address"]


def test_webhook_name_refused_when_it_resolves_to_an_internal_address(session, monkeypatch):
    resolving(monkeypatch, "93.184.215.14", "127.0.0.1")
    with pytest.raises(ValidationError) as caught:
        Webhook(forum=session.forum, url="https://hooks.example.org/gsef").full_clean()
    assert caught.value.message_dict["url"] == [
        "This address leads to an internal network (hooks.example.org); webhooks must reach a public one."
    ]


def test_webhook_name_accepted_when_unresolvable_or_public(session, monkeypatch):
    resolving(monkeypatch)
    Webhook(forum=session.forum, url="https://hooks.example.org/gsef").full_clean()
    resolving(monkeypatch, "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    Webhook(forum=session.forum, url="https://hooks.example.org/gsef").full_clean()


def test_webhook_internal_address_accepted_when_private_allowed(session, settings):
    settings.GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE = True
    for url in INTERNAL_URLS:
        Webhook(forum=session.forum, url=url).full_clean()


def test_sending_refuses_a_name_resolving_to_an_internal_address(session, sent, monkeypatch):
    """DNS rebinding: public (or unknown) when saved, internal when sent."""
    hook = Webhook.objects.create(forum=session.forum, url="https://hooks.example.org:6379/gsef")
    resolving(monkeypatch, "127.0.0.1")
    monkeypatch.setattr(socket, "create_connection", lambda *args, **kwargs: pytest.fail("connected"))
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.webhook, delivery.status, delivery.attempts, delivery.last_status_code, delivery.last_error) == (
        hook,
        Delivery.Status.FAILED,
        1,
        None,
        "hooks.example.org resolves to an internal address; nothing was sent.",
    )


def test_sending_connects_to_the_checked_address_with_the_name_as_host(session, receiver, sent, monkeypatch, settings):
    port = receiver.url.split(":")[2].split("/")[0]
    settings.GSEF_SESSIONS_WEBHOOK_HTTP_HOSTS = ["hooks.example.org"]
    Webhook.objects.create(forum=session.forum, url=f"http://hooks.example.org:{port}/hooks/gsef?x=1")
    resolving(monkeypatch, "127.0.0.1")
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    [request] = receiver.requests
    assert (delivery.status, request.path, request.headers["Host"]) == (
        Delivery.Status.DELIVERED,
        "/hooks/gsef?x=1",
        f"hooks.example.org:{port}",
    )


def test_sending_ignores_proxies_from_the_environment(session, webhook, receiver, sent, monkeypatch):
    proxy = closed_port_url().removesuffix("/hook")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    [delivery] = sent(webhooks.record_event, session=session, event=WebhookEvent.UPDATED)
    delivery.refresh_from_db()
    assert (delivery.status, len(receiver.requests)) == (Delivery.Status.DELIVERED, 1)
