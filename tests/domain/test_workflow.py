import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gsef_sessions.domain.workflow import publish, unpublish
from gsef_sessions.enums import SessionStatus
from tests.factories import ForumFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_publish_by_organiser_sets_status_time_and_version():
    organiser = UserFactory(groups=["Organisers"])
    session = SessionFactory(forum=ForumFactory(organisers=[organiser]))
    publish(session=session, user=organiser)
    session.refresh_from_db()
    assert (session.status, session.version, session.published_at is not None) == (SessionStatus.PUBLISHED, 2, True)


def test_publish_by_rapporteur_is_refused():
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = SessionFactory(rapporteurs=[rapporteur])
    with pytest.raises(PermissionDenied):
        publish(session=session, user=rapporteur)
    session.refresh_from_db()
    assert session.status == SessionStatus.DRAFT


def test_unpublish_draft_is_refused_with_message():
    organiser = UserFactory(groups=["Organisers"])
    session = SessionFactory(forum=ForumFactory(organisers=[organiser]))
    with pytest.raises(ValidationError) as caught:
        unpublish(session=session, user=organiser)
    assert caught.value.messages == ["A report that is draft cannot become unpublished."]
