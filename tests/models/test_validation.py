"""One test per validation rule: the model refuses bad data with a clear message."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gsef_sessions.enums import RoundKind
from gsef_sessions.models import AttendanceCount, Person, Point
from tests.factories import (
    MEXICO,
    AttendanceFactory,
    AudienceQuestionFactory,
    ContributionFactory,
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    PointFactory,
    RoundFactory,
    SessionFactory,
    SessionKindFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(obj):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_forum_end_before_start_is_refused():
    forum = ForumFactory.build(start_date=datetime.date(2020, 10, 23), end_date=datetime.date(2020, 10, 19))
    assert errors_of(forum)["end_date"] == ["The last day cannot be before the first day."]


def test_forum_unknown_timezone_is_refused():
    forum = ForumFactory.build(timezone="Mars/Olympus_Mons")
    assert errors_of(forum)["timezone"] == ["“Mars/Olympus_Mons” is not a known time zone (e.g. America/Mexico_City)."]


def test_forum_unknown_language_is_refused():
    forum = ForumFactory.build(languages=["en", "xx"])
    assert errors_of(forum)["languages"] == ["“xx” is not a language code Django knows (e.g. en, es, fr)."]


def test_forum_duplicate_language_is_refused():
    forum = ForumFactory.build(languages=["en", "en"])
    assert errors_of(forum)["languages"] == ["A language is listed twice."]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(1899, 12, 31), datetime.date(1900, 1, 1)),
        (datetime.date(2200, 12, 31), datetime.date(2201, 1, 1)),
    ],
)
def test_forum_day_outside_supported_years_is_refused(start, end):
    forum = ForumFactory.build(start_date=start, end_date=end)
    errors = errors_of(forum)
    assert errors.get("start_date", errors.get("end_date")) == ["Enter a date between the years 1900 and 2200."]


def test_forum_longer_than_366_days_is_refused():
    forum = ForumFactory.build(start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 12, 31))
    forum.full_clean()  # a whole leap year: 366 days
    forum.end_date = datetime.date(2025, 1, 1)
    assert errors_of(forum)["end_date"] == ["A forum lasts 366 days at most."]


def test_session_outside_its_forums_days_is_refused_naming_them():
    session = SessionFactory.build(
        forum=ForumFactory(), kind=None, starts_at=datetime.datetime(2020, 10, 24, 8, 0, tzinfo=MEXICO)
    )
    assert errors_of(session)["starts_at"] == [
        "A session starts on one of its forum's days, from Oct. 19, 2020 to Oct. 23, 2020 (America/Mexico_City time); "
        "it may end after midnight.",
    ]


def test_session_late_on_its_forums_last_day_may_end_after_midnight():
    session = SessionFactory(starts_at=datetime.datetime(2020, 10, 23, 23, 0, tzinfo=MEXICO))
    session.ends_at = datetime.datetime(2020, 10, 24, 1, 0, tzinfo=MEXICO)
    session.full_clean()


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1, 0, 30, tzinfo=datetime.UTC),
    ],
)
def test_session_far_time_is_a_field_error_in_any_zone(moment):
    session = SessionFactory(forum=ForumFactory(timezone="Asia/Seoul"))
    session.starts_at = moment
    session.forum.timezone = "America/Mexico_City" if moment.year == 1 else "Asia/Seoul"
    assert errors_of(session)["starts_at"] == ["Enter a date between the years 1900 and 2200."]


def test_session_end_before_start_is_refused():
    session = SessionFactory()
    session.ends_at = session.starts_at - datetime.timedelta(minutes=1)
    assert errors_of(session)["ends_at"] == ["The end must be after the start."]


def test_session_language_outside_forum_is_refused():
    session = SessionFactory(forum=ForumFactory(languages=["en", "es"]))
    session.languages = ["en", "fr"]
    assert errors_of(session)["languages"] == ["Not among the forum's languages: fr."]


def test_session_kind_of_another_forum_is_refused():
    session = SessionFactory()
    session.kind = SessionKindFactory(forum=ForumFactory())
    assert errors_of(session)["kind"] == ["This kind belongs to another forum."]


def test_session_slug_twice_in_forum_is_refused():
    first = SessionFactory()
    second = SessionFactory.build(forum=first.forum, kind=first.kind, slug=first.slug)
    assert errors_of(second)["__all__"] == ["This forum already has a session with this slug."]


def test_session_report_language_unknown_is_refused():
    session = SessionFactory()
    session.original_language = "klingon"
    assert errors_of(session)["original_language"] == [
        "“klingon” is not a language code Django knows (e.g. en, es, fr)."
    ]


def test_attendance_negative_count_is_refused():
    count = AttendanceCount(session=SessionFactory(), order=1, platform="Zoom", count=-1)
    assert errors_of(count)["count"] == ["Ensure this value is greater than or equal to 0."]


def test_attendance_order_twice_is_refused():
    first = AttendanceFactory()
    second = AttendanceCount(session=first.session, order=first.order, platform="YouTube", count=10)
    assert errors_of(second)["__all__"] == ["Two attendance counts have the same order."]


def test_participation_same_role_twice_is_refused():
    first = ParticipationFactory()
    second = ParticipationFactory.build(session=first.session, person=first.person, role=first.role, order=9)
    assert errors_of(second)["__all__"] == ["This person already holds this role in this session."]


def test_participation_same_person_other_role_is_accepted():
    first = ParticipationFactory(role_slug="panelist")
    second = ParticipationFactory.build(session=first.session, person=first.person, role_slug="moderator", order=1)
    second.full_clean()


def test_participation_order_twice_in_role_is_refused():
    first = ParticipationFactory()
    second = ParticipationFactory.build(
        session=first.session, person=PersonFactory(), role=first.role, order=first.order
    )
    assert errors_of(second)["__all__"] == ["Two participants in the same role have the same order."]


def test_participation_order_zero_is_refused():
    participation = ParticipationFactory.build(session=SessionFactory(), person=PersonFactory(), order=0)
    assert errors_of(participation)["order"] == ["Orders start at 1."]


def test_round_order_twice_is_refused():
    first = RoundFactory()
    second = RoundFactory.build(session=first.session, order=first.order)
    assert errors_of(second)["__all__"] == ["Two rounds have the same order."]


def test_round_second_conclusions_is_refused():
    first = RoundFactory(kind=RoundKind.CONCLUSIONS)
    second = RoundFactory.build(session=first.session, kind=RoundKind.CONCLUSIONS, order=first.order + 1)
    assert errors_of(second)["__all__"] == ["A session has one introduction and one conclusions part at most."]


def test_contribution_speaker_of_another_session_is_refused():
    contribution = ContributionFactory.build(round=RoundFactory(), participation=ParticipationFactory(), order=1)
    assert errors_of(contribution)["participation"] == ["The speaker must be a participant of this session."]


def test_contribution_speaker_twice_in_round_is_a_second_turn():
    first = ContributionFactory()
    second = ContributionFactory.build(round=first.round, participation=first.participation, order=first.order + 1)
    second.full_clean()
    second.save()
    assert list(first.round.contributions.values_list("participation", flat=True)) == [first.participation_id] * 2


def test_point_sub_point_of_sub_point_is_refused():
    top = PointFactory()
    child = PointFactory(contribution=top.contribution, parent=top)
    grandchild = Point(contribution=top.contribution, parent=child, order=1, text="too deep")
    assert errors_of(grandchild)["parent"] == ["Sub-points cannot have sub-points of their own."]


def test_point_parent_in_another_contribution_is_refused():
    top = PointFactory()
    stray = Point(contribution=ContributionFactory(), parent=top, order=1, text="elsewhere")
    assert errors_of(stray)["parent"] == ["A sub-point belongs to a point of the same contribution."]


def test_point_order_twice_is_refused():
    first = PointFactory()
    second = Point(contribution=first.contribution, order=first.order, text="again")
    assert errors_of(second)["__all__"] == ["Two points of this contribution have the same order."]


def test_audience_question_answer_while_unanswered_is_refused():
    question = AudienceQuestionFactory.build(session=SessionFactory(), answer="Yes.", is_answered=False)
    assert errors_of(question)["is_answered"] == ["A question with an answer must be marked answered."]


def test_audience_question_answered_by_outsider_is_refused():
    question = AudienceQuestionFactory.build(
        session=SessionFactory(), is_answered=True, answered_by=ParticipationFactory()
    )
    assert errors_of(question)["answered_by"] == ["The answer must come from a participant of this session."]


def test_person_link_that_is_not_a_url_is_refused():
    person = PersonFactory.build(links="https://gsef-net.org\nnot a link")
    assert errors_of(person)["links"] == ["Line 2 is not a web address: “not a link”."]


def test_person_sort_name_double_surname_sorts_on_first_surname():
    people = [
        Person.objects.create(given_name="Ana", family_name="Martínez"),
        Person.objects.create(given_name="Soledad", family_name="Aragón Martínez"),
        Person.objects.create(given_name="Beatrice", family_name="Alain"),
    ]
    assert people[1].sort_name == "aragon martinez soledad"
    assert [p.full_name for p in Person.objects.filter(pk__in=[p.pk for p in people])] == [
        "Beatrice Alain",
        "Soledad Aragón Martínez",
        "Ana Martínez",
    ]


def test_attendance_time_is_kept_aware():
    count = AttendanceFactory()
    count.refresh_from_db()
    assert count.taken_at.astimezone(MEXICO).strftime("%H:%M") == "09:55"


def test_round_str_counts_only_numbered_rounds():
    intro = RoundFactory(kind=RoundKind.INTRODUCTION, order=1)
    first = RoundFactory(session=intro.session, kind=RoundKind.ROUND, order=2)
    assert (str(intro), str(first)) == ("Introduction", "Round 1")
