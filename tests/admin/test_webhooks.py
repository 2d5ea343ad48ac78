"""Webhooks and their delivery log in the admin: organisers see only their forums', the secret is
made for them, and "Redeliver" sends a delivery again."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from gsef_sessions.domain import webhooks
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Delivery, Webhook, WebhookEvent
from tests.factories import ForumFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.webhook_receiver"]  # the receiver fixture

WEBHOOKS = "/admin/gsef_sessions/webhook/"
DELIVERIES = "/admin/gsef_sessions/delivery/"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.CountingRenderer"
    settings.GSEF_SESSIONS_WEBHOOK_MAX_ATTEMPTS = 2


@pytest.fixture
def session(session):
    """Published: what webhooks speak of."""
    session.status = SessionStatus.PUBLISHED
    session.save()
    return session


@pytest.fixture
def elsewhere(receiver):
    """Another organiser's forum, with its own webhook and a failed delivery (one that could be redelivered)."""
    other = SessionFactory(
        forum=ForumFactory(organisers=[UserFactory(groups=["Organisers"])]), status=SessionStatus.PUBLISHED
    )
    hook = Webhook.objects.create(forum=other.forum, url="https://secret.example.org/other-forums-hook")
    [delivery] = webhooks.record_event(session=other, event=WebhookEvent.UPDATED)
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    return hook, delivery


def test_organiser_sees_only_their_forums_webhooks(client, organiser, webhook, elsewhere):
    client.force_login(organiser)
    response = client.get(WEBHOOKS)
    assert list(response.context["cl"].result_list) == [webhook]
    assert "other-forums-hook" not in response.content.decode()
    assert client.get(f"{WEBHOOKS}{elsewhere[0].pk}/change/").status_code == 302  # "does not exist"
    assert client.get(f"{WEBHOOKS}{webhook.pk}/change/").status_code == 200


def test_rapporteur_has_no_webhook_pages(client, session, webhook):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session.rapporteurs.add(rapporteur)
    client.force_login(rapporteur)
    assert client.get(WEBHOOKS).status_code == 403
    assert client.get(DELIVERIES).status_code == 403


def test_organiser_adds_webhook_for_own_forum_and_reads_its_secret(client, organiser, session, elsewhere):
    client.force_login(organiser)
    form = client.get(f"{WEBHOOKS}add/")
    assert [f for f in form.context["adminform"].form.fields["forum"].queryset] == [session.forum]
    data = {
        "forum": session.forum.pk,
        "url": "https://hooks.example.org/gsef",
        "events": ["published", "pdf_ready"],
        "is_active": "on",
    }
    refused = client.post(f"{WEBHOOKS}add/", {**data, "forum": elsewhere[0].forum.pk})
    assert "forum" in refused.context["adminform"].form.errors
    insecure = client.post(f"{WEBHOOKS}add/", {**data, "url": "http://hooks.example.org/gsef"})
    assert insecure.context["adminform"].form.errors["url"] == ["Webhook addresses must start with https://."]
    response = client.post(f"{WEBHOOKS}add/", {**data, "_continue": "1"})
    hook = Webhook.objects.get(url="https://hooks.example.org/gsef")
    assert response.status_code == 302 and (hook.forum, hook.events) == (session.forum, ["published", "pdf_ready"])
    page = client.get(f"{WEBHOOKS}{hook.pk}/change/").content.decode()
    assert f"<code>{hook.secret}</code>" in page
    assert f"{DELIVERIES}?webhook__id__exact={hook.pk}" in page


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://127.0.0.1:5432/", "127.0.0.1"),
        ("https://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ],
)
def test_organiser_cannot_add_webhook_to_an_internal_address(client, organiser, session, url, host):
    client.force_login(organiser)
    data = {"forum": session.forum.pk, "url": url, "events": ["published"], "is_active": "on"}
    refused = client.post(f"{WEBHOOKS}add/", data)
    assert refused.context["adminform"].form.errors["url"] == [
        f"This address leads to an internal network ({host}); webhooks must reach a public one."
    ]
    assert not Webhook.objects.exists()


def test_delivery_log_is_read_only_and_shows_only_own_forums(
    client, organiser, session, webhook, receiver, elsewhere, django_capture_on_commit_callbacks, deliver_all
):
    receiver.fail(2, 502)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    deliver_all()
    client.force_login(organiser)
    response = client.get(DELIVERIES)
    assert list(response.context["cl"].result_list) == [delivery]
    assert "other-forums-hook" not in response.content.decode()  # not even in the filters
    page = client.get(f"{DELIVERIES}{delivery.pk}/change/")
    html = page.content.decode()
    assert "Gave up after 2 attempts. HTTP 502 Bad Gateway: nope" in html
    assert str(delivery.uuid) in html and "&quot;event&quot;: &quot;updated&quot;" in html
    assert 'name="_save"' not in html  # read-only
    assert client.get(f"{DELIVERIES}?q={delivery.uuid}").context["cl"].result_list[0] == delivery
    assert client.get(f"{DELIVERIES}?q=not-a-uuid").status_code == 200
    assert client.get(f"{DELIVERIES}{elsewhere[1].pk}/change/").status_code == 302
    assert client.get(f"{DELIVERIES}add/").status_code == 403


def test_redeliver_action_sends_failed_delivery_again(
    client, organiser, session, webhook, receiver, elsewhere, django_capture_on_commit_callbacks, deliver_all
):
    receiver.fail(2)
    with django_capture_on_commit_callbacks(execute=True):
        [failed] = webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    deliver_all()
    pending = Delivery.objects.create(
        webhook=webhook,
        event="updated",
        session=session,
        payload={},
        locked_until=timezone.now() + timedelta(minutes=1),
    )  # being sent
    client.force_login(organiser)
    selected = [failed.pk, pending.pk, elsewhere[1].pk]  # the other forum's is not in this organiser's list
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELIVERIES, {"action": "redeliver_selected", "_selected_action": selected}, follow=True)
    deliver_all()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "1 delivery queued again, as a new delivery.",
        "1 pending delivery skipped: it is still being sent.",
    ]
    copy = Delivery.objects.get(redelivery_of=failed)
    assert (copy.status, copy.attempts, copy.payload["delivery_id"]) == (Delivery.Status.DELIVERED, 1, str(copy.uuid))
    assert len(receiver.requests) == 3
    assert Delivery.objects.filter(redelivery_of__in=[pending.pk, elsewhere[1].pk]).count() == 0


def test_redeliver_needs_permission_to_change_webhooks(client, session, webhook):
    watcher = UserFactory()
    watcher.user_permissions.add(*Permission.objects.filter(codename__in=["publish_session", "view_delivery"]))
    session.forum.organisers.add(watcher)
    webhooks.record_event(session=session, event=WebhookEvent.UPDATED)
    client.force_login(watcher)
    response = client.get(DELIVERIES)
    assert len(response.context["cl"].result_list) == 1
    assert "redeliver_selected" not in response.content.decode()
    assert client.get(WEBHOOKS).status_code == 403
