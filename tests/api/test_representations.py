"""The report and the sessions list are built from plain rows (``gsef_sessions.api.reports``); the
serializers describe them in the schema. Both must print the same bytes, and the fast paths must
stay fast: a 304 and a stored report are one query each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from gsef_sessions.api import reports, serializers
from gsef_sessions.domain.presentation import report_queryset
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import PartnerRole, Role, RoundKind
from gsef_sessions.models import ForumPartner, GuidingQuestion, Session
from tests.api.conftest import report
from tests.factories import (
    AttendanceFactory,
    AudienceQuestionFactory,
    ContributionFactory,
    OrganisationFactory,
    ParticipationFactory,
    PointFactory,
    RoundFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

REQUESTED = ["en", "es", "fr", "de"]


def context(requested):
    return {"request": Request(APIRequestFactory().get("/")), "requested": requested, "language": requested}


def serialized_report(session, requested):
    full = report_queryset().prefetch_related("participations__organisation__translations").get(pk=session.pk)
    return JSONRenderer().render(serializers.SessionReportSerializer(full, context=context(requested)).data)


def serialized_summaries(sessions, requested):
    sessions = sessions.select_related("forum", "kind").prefetch_related(
        "translations", "forum__translations", "kind__translations"
    )
    return JSONRenderer().render(
        serializers.SessionSummarySerializer(sessions, many=True, context=context(requested)).data
    )


def translate(obj, language, **texts):
    obj.set_current_language(language)
    for name, text in texts.items():
        setattr(obj, name, text)
    obj.save()


def rich_report():
    """A report with something of everything the API prints, partly in Spanish."""
    session = report(panelists=3, description="A *Markdown* description with [a link](https://example.org).")
    translate(session, "es", title="La nueva era", subtitle="Retos", description="**Hola**", qa_note="Nota")
    translate(session.kind, "es", name="Plenaria")
    translate(session.forum, "fr", name="Forum virtuel")
    organiser = OrganisationFactory(short_name="GSEF", website="https://gsef-net.org", country="KR")
    organiser.logo.name = "gsef_sessions/logos/gsef logo.png"
    organiser.save()
    spanish_only = OrganisationFactory()
    translate(spanish_only, "es", name="Solo en español")
    spanish_only.translations.filter(language_code="en").delete()
    ForumPartner.objects.create(forum=session.forum, organisation=organiser, role=PartnerRole.ORGANISER, order=1)
    ForumPartner.objects.create(forum=session.forum, organisation=spanish_only, role=PartnerRole.COOPERATING, order=1)
    moderator = ParticipationFactory(
        session=session, role=Role.MODERATOR, order=1, organisation=spanish_only, country="MX"
    )
    translate(moderator, "es", post="Directora")
    intro = RoundFactory(session=session, kind=RoundKind.INTRODUCTION, order=0)
    translate(intro, "es", title="Apertura")
    titled = RoundFactory(session=session, order=10, title="A round with a title")
    RoundFactory(session=session, kind=RoundKind.CONCLUSIONS, order=20)
    for rnd in (intro, titled):
        question = rnd.questions.create(order=1, text="What now?")
        translate(question, "es", text="¿Y ahora?")
    point = PointFactory(
        contribution=ContributionFactory(round=titled, participation=moderator, order=1), order=1, is_quote=True
    )
    translate(point, "es", text="Un punto")
    for order in (2, 1):
        PointFactory(contribution=point.contribution, parent=point, order=order, text=f"Sub-point {order}")
    AudienceQuestionFactory(session=session, is_answered=True, answer="Yes.", answered_by=moderator, asked_by="Ana")
    AudienceQuestionFactory(session=session)
    attendance = AttendanceFactory(session=session, note="Peak")
    translate(attendance, "es", note="Máximo")
    return Session.objects.get(pk=session.pk)


@pytest.mark.parametrize("requested", REQUESTED)
def test_report_is_the_serializers(requested):
    session = rich_report()
    assert JSONRenderer().render(reports.session_report(session.pk, requested=requested)) == serialized_report(
        session, requested
    )


def test_guiding_questions_carry_their_ids():
    session = rich_report()
    questions = GuidingQuestion.objects.filter(round__session=session).order_by("round__order")
    printed = [
        question
        for rnd in reports.session_report(session.pk, requested="es")["rounds"]
        for question in rnd["guiding_questions"]
    ]
    assert printed == [{"uuid": str(question.uuid), "order": 1, "text": "¿Y ahora?"} for question in questions]


@pytest.mark.parametrize("requested", REQUESTED)
def test_seed_report_is_the_serializers(gsef_2020, requested):
    for session in Session.objects.all():
        assert JSONRenderer().render(reports.session_report(session.pk, requested=requested)) == serialized_report(
            session, requested
        )


@pytest.mark.parametrize("requested", REQUESTED)
def test_summaries_are_the_serializers(requested):
    rich_report()
    SessionFactory(title="Another")
    sessions = Session.objects.order_by("starts_at", "pk")
    assert JSONRenderer().render(
        reports.session_summaries(sessions.values_list("pk", flat=True), requested=requested)
    ) == (serialized_summaries(sessions, requested))


def test_no_report_for_a_missing_session():
    assert reports.session_report(0, requested="en") is None


def test_304_and_stored_report_in_one_query(api):
    session = rich_report()
    url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
    first = api.get(url)
    with CaptureQueriesContext(connection) as stored:
        again = api.get(url)
    with CaptureQueriesContext(connection) as not_modified:
        unchanged = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, unchanged.status_code) == (200, first.content, 304)
    assert (len(stored), len(not_modified)) == (1, 1)
    touch(session=session)
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (changed.status_code, changed["ETag"]) == (200, 'W/"2-en;pdf-en=pending;pdf-es=pending"')
    unchanged_fields = {
        key: value for key, value in changed.json().items() if key not in ("version", "updated_at", "pdfs")
    }
    assert unchanged_fields == {
        key: value for key, value in first.json().items() if key not in ("version", "updated_at", "pdfs")
    }
    assert {pdf["status"] for pdf in changed.json()["pdfs"]} == {"pending"}  # the change requested renders


def test_stored_answer_is_what_the_renderer_prints(api):
    session = rich_report()
    url = f"/api/sessions/{session.forum.slug}/{session.slug}/"
    api.get(url)
    stored = api.get(url)
    assert stored.content == JSONRenderer().render(stored.json())
    indented = api.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert indented.json() == stored.json() and b'\n  "language"' in indented.content
    browsable = api.get(url, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200 and browsable["Content-Type"].startswith("text/html")
