"""A report's history: every change to the session and its parts (translations too) with its author,
and reverts that put a part back, bump the version and show in the report."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from simple_history.models import HistoricalRecords

from gsef_sessions.domain.history import find_record, history_of, revert
from gsef_sessions.domain.pasted import sync_points
from gsef_sessions.domain.workflow import publish
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Point
from gsef_sessions.models.history import PARENTS
from tests.domain.test_presentation import printed
from tests.factories import (
    ContributionFactory,
    ForumFactory,
    PointFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BEFORE = "The pandemic has accelerated the process of digitalization."
AFTER = "The pandemic has slowed down the process of digitalization."


@pytest.fixture
def contribution(organiser):
    return ContributionFactory(round__session=SessionFactory(forum=ForumFactory(organisers=[organiser])))


def text_records(point):
    return point.translations.get(language_code="en").history.order_by("history_date", "history_id")


def report_points(session):
    report = printed(session, "en")
    return [point["text"] for part in report["rounds"] for c in part["contributions"] for point in c["points"]]


def test_every_part_is_recorded_with_its_session(contribution):
    point = PointFactory(contribution=contribution, text=BEFORE)
    session = contribution.round.session
    kinds = {(entry.model._meta.model_name, entry.record.history_type) for entry in history_of(session=session)}
    assert {
        ("session", "+"),
        ("sessiontranslation", "+"),
        ("round", "+"),
        ("participation", "+"),
        ("contribution", "+"),
        ("point", "+"),
        ("pointtranslation", "+"),
    } <= kinds
    assert text_records(point).get().report_session_id == session.pk


def test_change_records_author_and_what_changed(contribution, organiser, rf):
    point = PointFactory(contribution=contribution, text=BEFORE)
    request = rf.post("/")
    request.user = organiser
    HistoricalRecords.context.request = request  # what HistoryRequestMiddleware does for each request
    try:
        point.text = AFTER
        point.save()
    finally:
        del HistoricalRecords.context.request
    latest = history_of(session=contribution.round.session)[0]
    assert (latest.record.history_type, latest.record.history_user) == ("~", organiser)
    assert [(field.name, before, after) for field, before, after in latest.changes()] == [("text", BEFORE, AFTER)]


def test_saving_unchanged_rows_adds_no_history(contribution):
    sync_points(contribution=contribution, text=f"- {BEFORE}\n\n- Second.", language="en")
    count = len(history_of(session=contribution.round.session))
    sync_points(contribution=contribution, text=f"- {BEFORE}\n\n- Second, changed.", language="en")
    entries = history_of(session=contribution.round.session)
    # Both points were saved again by the paste box; only the second one's text changed.
    assert len(entries) == count + 1
    assert [(f.name, after) for f, _before, after in entries[0].changes()] == [("text", "Second, changed.")]


def test_revert_point_text_is_in_the_report_and_bumps_version(contribution, organiser):
    point = PointFactory(contribution=contribution, text=BEFORE)
    session = contribution.round.session
    publish(session=session, user=organiser)
    sync_points(contribution=contribution, text=f"- {AFTER}", language="en")
    session.refresh_from_db()
    assert (report_points(session), session.version) == ([AFTER], 3)

    first = text_records(point).first()
    revert(record=first, user=organiser)

    session.refresh_from_db()
    assert (report_points(session), session.version, session.status) == ([BEFORE], 4, SessionStatus.PUBLISHED)
    latest = text_records(point).last()
    assert (
        latest.text,
        latest.history_user,
        latest.history_change_reason.startswith("Reverted to the version of"),
    ) == (BEFORE, organiser, True)


def test_revert_brings_back_a_deleted_point_with_its_text(contribution, organiser):
    sync_points(contribution=contribution, text=f"- {BEFORE}\n\n- {AFTER}", language="en")
    session = contribution.round.session
    sync_points(contribution=contribution, text=f"- {BEFORE}", language="en")
    assert report_points(session) == [BEFORE]
    deletion = next(e.record for e in history_of(session=session) if e.model is Point and e.record.history_type == "-")
    revert(record=deletion, user=organiser)
    assert report_points(session) == [BEFORE, AFTER]


def test_history_of_marks_current_versions(contribution):
    point = PointFactory(contribution=contribution, text=BEFORE)
    point.text = AFTER
    point.save()
    texts = [
        (e.record.text, e.current)
        for e in history_of(session=contribution.round.session)
        if e.model._meta.model_name == "pointtranslation"
    ]
    assert texts == [(AFTER, True), (BEFORE, False)]


def test_reverting_the_session_leaves_its_status_alone(contribution, organiser):
    session = contribution.round.session
    created = session.history.order_by("history_date", "history_id").first()
    session.number = 4
    session.save()
    publish(session=session, user=organiser)
    revert(record=created, user=organiser)
    session.refresh_from_db()
    assert (session.number, session.status) == (3, SessionStatus.PUBLISHED)


def test_status_alone_is_not_reverted_nor_offered(contribution, organiser):
    session = contribution.round.session
    publish(session=session, user=organiser)
    created, published = session.history.order_by("history_date", "history_id")
    entries = {e.record: e for e in history_of(session=session)}
    assert (entries[created].revertable, entries[published].current) == (False, True)
    with pytest.raises(ValidationError) as caught:
        revert(record=created, user=organiser)
    assert caught.value.code == "unchanged"


def test_rapporteur_may_not_revert_a_published_report(contribution, organiser):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = contribution.round.session
    session.rapporteurs.add(rapporteur)
    point = PointFactory(contribution=contribution, text=BEFORE)
    sync_points(contribution=contribution, text=f"- {AFTER}", language="en")
    publish(session=session, user=organiser)
    with pytest.raises(PermissionDenied):
        revert(record=text_records(point).first(), user=rapporteur)
    assert report_points(session) == [AFTER]


def test_revert_that_would_break_a_rule_is_refused_with_its_message(contribution, organiser):
    first = PointFactory(contribution=contribution, order=1, text=BEFORE)
    PointFactory(contribution=contribution, order=2, text=AFTER)
    first.order = 3
    first.save()
    Point.objects.filter(contribution=contribution, order=2).update(order=1)
    with pytest.raises(ValidationError) as caught:
        revert(record=first.history.order_by("history_date").first(), user=organiser)
    assert caught.value.messages == ["Two points of this contribution have the same order."]


def test_find_record_only_within_the_session(contribution):
    point = PointFactory(contribution=contribution, text=BEFORE)
    record = text_records(point).get()
    other = SessionFactory()
    assert (
        find_record(session=contribution.round.session, model_name="pointtranslation", history_id=record.history_id)
        == record
    )
    assert find_record(session=other, model_name="pointtranslation", history_id=record.history_id) is None
    assert find_record(session=other, model_name="user", history_id=record.history_id) is None


@pytest.mark.parametrize("recorded_before", [True, False], ids=["with-history", "loaded-without-history"])
def test_deleted_parts_stay_in_the_history_of_their_session(contribution, recorded_before):
    sync_points(contribution=contribution, text=f"- {BEFORE}", language="en")
    session = contribution.round.session
    if not recorded_before:  # rows loaded as fixtures (raw saves) have no history of their own
        for model in PARENTS:
            model.history.all().delete()
    contribution.delete()
    deleted = sorted(e.model._meta.model_name for e in history_of(session=session) if e.record.history_type == "-")
    assert deleted == ["contribution", "point", "pointtranslation"]
