"""The read model (``domain.read_model``): a report in one language as plain data, each text with
the language it is in, built in a fixed number of queries and kept by (session, version, language)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from gsef_sessions.domain import read_model
from gsef_sessions.domain.read_etag import ReportState
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import OutcomeKind, PartnerRole, RoundKind
from gsef_sessions.models import ForumPartner, GuidingQuestion, Outcome, Session
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
    UserFactory,
)

pytestmark = pytest.mark.django_db


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
        session=session, role_slug="moderator", order=1, organisation=spanish_only, country="MX"
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
    for kind, text in ((OutcomeKind.CALL_TO_ACTION, "Fund the SSE"), (OutcomeKind.TAKEAWAY, "Data is a commons")):
        translate(Outcome.objects.create(session=session, kind=kind, order=1, text=text), "es", text=f"ES {text}")
    # One by one: add() of several inserts them in the order of a set of ids, not the order given.
    for user in (UserFactory(first_name="Rosa", last_name="Luna"), UserFactory(username="anonymous")):
        session.rapporteurs.add(user)
    translate(session, "en", source_credit="IISD ENB")
    Session.objects.filter(pk=session.pk).update(credit_rapporteurs=True, source_url="https://enb.iisd.org/")
    return Session.objects.get(pk=session.pk)


def built(session, requested):
    return read_model.build_reports([session.pk], requested=requested)[session.pk]


def languages_of(items):
    return [(item["text"], item["language"]) for item in items]


def test_report_texts_carry_the_language_they_are_in():
    session = rich_report()
    spanish = built(session, "es")
    (moderator,) = [part for part in spanish["participants"] if part["role"] == "moderator"]
    (titled,) = [rnd for rnd in spanish["rounds"] if rnd["label"] == "A round with a title"]
    (point,) = titled["contributions"][0]["points"]
    assert (spanish["language"], spanish["title"], spanish["forum"]["language"]) == ("es", "La nueva era", "en")
    assert (spanish["kind"]["name"], spanish["kind"]["language"]) == ("Plenaria", "es")
    assert (moderator["post"], moderator["language"]) == ("Directora", "es")
    assert (moderator["organization"]["name"], moderator["organization"]["language"]) == ("Solo en español", "es")
    assert (point["text"], point["language"]) == ("Un punto", "es")
    assert languages_of(point["children"]) == [("Sub-point 1", "en"), ("Sub-point 2", "en")]
    assert (spanish["attendance"][0]["note"], spanish["attendance"][0]["language"]) == ("Máximo", "es")
    english = built(session, "en")
    (organisation,) = [part["organization"] for part in english["participants"] if part["role"] == "moderator"]
    assert (organisation["name"], organisation["language"]) == ("Solo en español", "es")  # its only language
    (titled,) = [rnd for rnd in english["rounds"] if rnd["label"] == "A round with a title"]
    point, attendance = titled["contributions"][0]["points"][0], english["attendance"][0]
    assert (point["language"], attendance["note"], attendance["language"]) == ("en", "Peak", "en")


def test_round_labels_say_their_language():
    session = rich_report()
    rounds = built(session, "es")["rounds"]
    with translation.override("es"):
        conclusions = str(RoundKind.CONCLUSIONS.label)
    assert [(rnd["label"], rnd["language"]) for rnd in rounds] == [
        ("Apertura", "es"),
        ("Ronda 1", "es"),
        ("Ronda 2", "es"),
        ("Ronda 3", "es"),
        ("A round with a title", "en"),
        (conclusions, "es"),
    ]


def test_guiding_questions_carry_their_ids_and_language():
    session = rich_report()
    questions = GuidingQuestion.objects.filter(round__session=session).order_by("round__order")
    printed = [question for rnd in built(session, "es")["rounds"] for question in rnd["guiding_questions"]]
    assert printed == [
        {"uuid": str(question.uuid), "order": 1, "text": "¿Y ahora?", "language": "es"} for question in questions
    ]


def test_sponsors_list_the_forums_partners_then_the_sessions_own():
    session = rich_report()
    sponsors = built(session, "en")["sponsors"]
    assert [(sponsor["role"], sponsor["organization"]["name"]) for sponsor in sponsors] == [
        (PartnerRole.COOPERATING, "Solo en español"),
        (PartnerRole.ORGANISER, ForumPartner.objects.get(role=PartnerRole.ORGANISER).organisation.name),
        ("session", session.sponsors.get().organisation.name),
    ]


def test_no_report_for_a_missing_session():
    assert read_model.build_reports([0], requested="en") == {}


def test_reports_are_built_in_the_same_queries_whatever_their_number():
    sessions = [rich_report(), SessionFactory(title="Another"), report(panelists=4)]
    with CaptureQueriesContext(connection) as one:
        read_model.build_reports([sessions[0].pk], requested="en")
    with CaptureQueriesContext(connection) as three:
        many = read_model.build_reports([session.pk for session in reversed(sessions)], requested="en")
    assert (len(one), len(three)) == (17, 17)
    assert list(many) == [session.pk for session in reversed(sessions)]
    assert many[sessions[0].pk] == built(sessions[0], "en")


def test_summaries_are_the_reports_heads():
    sessions = [rich_report(), SessionFactory(title="Another")]
    pks = [session.pk for session in reversed(sessions)]
    for requested in ("en", "es", "de"):
        reports = read_model.build_reports(pks, requested=requested)
        expected = [{key: reports[pk][key] for key in read_model.SessionSummary.__annotations__} for pk in pks]
        assert read_model.session_summaries(pks, requested=requested) == expected


def test_report_is_kept_by_version_and_language(django_capture_on_commit_callbacks):
    session = rich_report()
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = read_model.report(state=ReportState.of(session), requested="es")
    state = ReportState.of(session)
    with CaptureQueriesContext(connection) as stored:
        again = read_model.report(state=state, requested="es")
    assert (again, len(stored)) == (first, 0)
    touch(session=session)
    changed = read_model.report(state=ReportState.of(session), requested="es")
    assert (first["version"], changed["version"]) == (1, 2)


def test_report_of_a_version_changed_meanwhile_is_not_kept(django_capture_on_commit_callbacks):
    session = rich_report()
    cache.clear()
    stale = ReportState.of(session)
    touch(session=session)
    with django_capture_on_commit_callbacks(execute=True):
        answered = read_model.report(state=stale, requested="en")
    with CaptureQueriesContext(connection) as again:
        read_model.report(state=stale, requested="en")
    assert (answered["version"], len(again)) == (2, 17)


def test_report_is_kept_only_once_what_it_read_is_committed(django_capture_on_commit_callbacks):
    session = rich_report()
    cache.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        read_model.report(state=ReportState.of(session), requested="en")
    assert (len(callbacks), cache.get(f"gsef_sessions:report:{session.pk}:1:en")) == (1, None)


def test_report_of_a_deleted_session_is_none():
    session = rich_report()
    state = ReportState.of(session)
    Session.objects.filter(pk=session.pk).delete()
    cache.clear()
    assert read_model.report(state=state, requested="en") is None


def test_report_holds_outcomes_in_order_and_credits_only_where_the_session_credits_its_rapporteurs():
    session = rich_report()
    english, spanish = built(session, "en"), built(session, "es")
    assert ([s["text"] for s in english["key_takeaways"]], [s["text"] for s in spanish["calls_to_action"]]) == (
        ["Data is a commons"],
        ["ES Fund the SSE"],
    )
    assert english["credits"] == {
        "credit_rapporteurs": True,
        "rapporteurs": ["Rosa Luna", "anonymous"],
        "source": "IISD ENB",
        "source_url": "https://enb.iisd.org/",
        "language": "en",
    }
    Session.objects.filter(pk=session.pk).update(credit_rapporteurs=False)
    assert built(session, "en")["credits"]["rapporteurs"] == []
