"""The read ETag: made of the version, the language shown and, until they are ready, the PDFs'
statuses, read in one query; If-Match compares only the version and language."""

import pytest
from django.contrib.auth.models import AnonymousUser

from gsef_sessions.domain.read_etag import ReportState, matches_version, report_etag
from gsef_sessions.enums import RenderStatus, SessionStatus
from tests.domain.test_rendering import requested
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def published():
    session = SessionFactory(status=SessionStatus.PUBLISHED, original_language="en")
    session.create_translation("es", title="Nueva era")
    return session


def lookup(session):
    return ReportState.lookup(user=AnonymousUser(), forum_slug=session.forum.slug, session_slug=session.slug)


def test_report_etag_lists_the_latest_pdf_statuses_read_in_one_query(django_assert_num_queries):
    session = published()
    requested(session, language="en", status=RenderStatus.PENDING, minutes_ago=20)
    requested(session, language="en", status=RenderStatus.READY, minutes_ago=10)
    requested(session, language="es", status=RenderStatus.READY, minutes_ago=10)
    requested(session, language="es", status=RenderStatus.PENDING, minutes_ago=5)
    with django_assert_num_queries(1):
        state = lookup(session)
    assert report_etag(state=state, requested="es") == 'W/"1-es;pdf-en=ready;pdf-es=pending"'


def test_report_etag_once_every_pdf_is_ready_is_the_version_and_language():
    session = published()
    requested(session, language="en", status=RenderStatus.READY, minutes_ago=10)
    requested(session, language="en", status=RenderStatus.SUPERSEDED, minutes_ago=5)
    requested(session, language="es", status=RenderStatus.READY, minutes_ago=10)
    assert report_etag(state=lookup(session), requested="fr") == 'W/"1-en"'


def test_report_state_of_a_draft_is_none_to_anonymous_readers():
    assert lookup(SessionFactory(status=SessionStatus.DRAFT)) is None


@pytest.mark.parametrize(
    ("etags", "matches"),
    [
        (['W/"1-en;pdf-en=pending"'], True),
        (['"0-en"', '"1-en"'], True),
        (['W/"1-es"'], False),
        (['W/"0-en"'], False),
    ],
    ids=["with-pdf-statuses", "one-of-several", "other-language", "old-version"],
)
def test_matches_version_compares_version_and_language(etags, matches):
    session = published()
    assert matches_version(etags=etags, session=session, requested="en") is matches
